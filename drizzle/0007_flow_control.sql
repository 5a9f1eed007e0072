CREATE TABLE `paused_lanes` (
	`lane` text PRIMARY KEY NOT NULL,
	`paused_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `batches` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `paused` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `concurrency` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `rate_limit_jobs` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `rate_limit_per_ms` integer;