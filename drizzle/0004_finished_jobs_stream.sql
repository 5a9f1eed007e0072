ALTER TABLE `jobs` ADD `finish_seq` integer;--> statement-breakpoint
UPDATE `jobs` SET `finish_seq` = `id` WHERE `status` IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT');--> statement-breakpoint
CREATE INDEX `jobs_batch_finished` ON `jobs` (`batch_id`,`finish_seq`) WHERE finish_seq is not null;