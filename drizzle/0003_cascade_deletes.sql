PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_job_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`executor` text,
	`queued_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`error_code` text,
	`error_message` text,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_job_attempts`("id", "job_id", "attempt", "status", "executor", "queued_at", "started_at", "finished_at", "error_code", "error_message") SELECT "id", "job_id", "attempt", "status", "executor", "queued_at", "started_at", "finished_at", "error_code", "error_message" FROM `job_attempts`;--> statement-breakpoint
DROP TABLE `job_attempts`;--> statement-breakpoint
ALTER TABLE `__new_job_attempts` RENAME TO `job_attempts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `job_attempts_job` ON `job_attempts` (`job_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `__new_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`status` text NOT NULL,
	`input` text NOT NULL,
	`result` text,
	`error_code` text,
	`error_message` text,
	`error_stack` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`executor` text,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_jobs`("id", "batch_id", "idx", "status", "input", "result", "error_code", "error_message", "error_stack", "attempts", "executor", "queued_at", "started_at", "finished_at") SELECT "id", "batch_id", "idx", "status", "input", "result", "error_code", "error_message", "error_stack", "attempts", "executor", "queued_at", "started_at", "finished_at" FROM `jobs`;--> statement-breakpoint
DROP TABLE `jobs`;--> statement-breakpoint
ALTER TABLE `__new_jobs` RENAME TO `jobs`;--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_batch_idx` ON `jobs` (`batch_id`,`idx`);--> statement-breakpoint
CREATE TABLE `__new_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team` text DEFAULT 'default' NOT NULL,
	`name` text,
	`task` text NOT NULL,
	`tag` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`running` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`timed_out` integer DEFAULT 0 NOT NULL,
	`route` text NOT NULL,
	`rule` text NOT NULL,
	`timeout_ms` integer NOT NULL,
	`max_attempts` integer NOT NULL,
	`backoff_ms` integer NOT NULL,
	`background` integer DEFAULT false NOT NULL,
	`auto_reroute` integer DEFAULT false NOT NULL,
	`blocked_ms` real DEFAULT 0 NOT NULL,
	`busy_ms` real DEFAULT 0 NOT NULL,
	`measured_run_ms` real DEFAULT 0 NOT NULL,
	`measured_jobs` integer DEFAULT 0 NOT NULL,
	`comparison_id` integer,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_batches`("id", "team", "name", "task", "tag", "status", "total", "queued", "running", "succeeded", "failed", "cancelled", "timed_out", "route", "rule", "timeout_ms", "max_attempts", "backoff_ms", "background", "auto_reroute", "blocked_ms", "busy_ms", "measured_run_ms", "measured_jobs", "comparison_id", "cancel_requested", "created_at", "started_at", "finished_at") SELECT "id", "team", "name", "task", "tag", "status", "total", "queued", "running", "succeeded", "failed", "cancelled", "timed_out", "route", "rule", "timeout_ms", "max_attempts", "backoff_ms", "background", "auto_reroute", "blocked_ms", "busy_ms", "measured_run_ms", "measured_jobs", "comparison_id", "cancel_requested", "created_at", "started_at", "finished_at" FROM `batches`;--> statement-breakpoint
DROP TABLE `batches`;--> statement-breakpoint
ALTER TABLE `__new_batches` RENAME TO `batches`;--> statement-breakpoint
CREATE INDEX `batches_status` ON `batches` (`status`);--> statement-breakpoint
CREATE INDEX `batches_team_created` ON `batches` (`team`,`id`);--> statement-breakpoint
CREATE INDEX `batches_comparison` ON `batches` (`comparison_id`);