CREATE TABLE `comparisons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team` text DEFAULT 'default' NOT NULL,
	`name` text,
	`task` text NOT NULL,
	`tag` text NOT NULL,
	`total` integer NOT NULL,
	`status` text NOT NULL,
	`strategies` text NOT NULL,
	`runs` text DEFAULT '[]' NOT NULL,
	`verdict` text,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
ALTER TABLE `batches` ADD `comparison_id` integer;