CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team` text DEFAULT 'default' NOT NULL,
	`name` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`batch` text NOT NULL,
	`overlap` text NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`due_after` integer NOT NULL,
	`last_run_at` integer,
	`skipped_runs` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `schedules_team` ON `schedules` (`team`,`id`);--> statement-breakpoint
ALTER TABLE `batches` ADD `run_at` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `schedule_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `batches_schedule_run` ON `batches` (`schedule_id`,`run_at`) WHERE schedule_id is not null;