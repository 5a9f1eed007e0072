CREATE TABLE `lane_buckets` (
	`lane` text NOT NULL,
	`resolution_ms` integer NOT NULL,
	`at` integer NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`timed_out` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`wait_p50` real,
	`wait_p95` real,
	`wait_p99` real,
	`run_p50` real,
	`run_p95` real,
	`run_p99` real,
	`queue_depth` integer DEFAULT 0 NOT NULL,
	`in_flight` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`resolution_ms`, `at`, `lane`)
);
--> statement-breakpoint
CREATE INDEX `batches_finished` ON `batches` (`finished_at`);