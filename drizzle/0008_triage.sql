CREATE TABLE `job_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_logs_job` ON `job_logs` (`job_id`,`id`);--> statement-breakpoint
ALTER TABLE `batches` ADD `fail_fast` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `idempotency_key` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `idle_ms` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `batches_team_idempotency` ON `batches` (`team`,`idempotency_key`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `attempt_base` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `error_fingerprint` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `logs_dropped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_failed` ON `jobs` (`finished_at`) WHERE status in ('FAILED', 'TIMED_OUT');