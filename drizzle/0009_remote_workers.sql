ALTER TABLE `job_attempts` ADD `worker` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `worker` text;