DROP INDEX `batches_comparison`;--> statement-breakpoint
DROP INDEX `batches_team_idempotency`;--> statement-breakpoint
DROP INDEX `batches_finished`;--> statement-breakpoint
CREATE INDEX `batches_comparison` ON `batches` (`comparison_id`) WHERE comparison_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `batches_team_idempotency` ON `batches` (`team`,`idempotency_key`) WHERE idempotency_key is not null;--> statement-breakpoint
CREATE INDEX `batches_finished` ON `batches` (`finished_at`) WHERE finished_at is not null;