ALTER TABLE `batches` ADD `auto_reroute` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `blocked_ms` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `busy_ms` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `measured_run_ms` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `measured_jobs` integer DEFAULT 0 NOT NULL;