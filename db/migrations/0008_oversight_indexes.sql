CREATE INDEX `cases_created` ON `cases` (`created_at`);--> statement-breakpoint
CREATE INDEX `case_records_retracted` ON `case_records` (`id`,`retracted_at`);