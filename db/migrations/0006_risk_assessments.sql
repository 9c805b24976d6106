CREATE TABLE `instrument_texts` (
	`agency_id` text NOT NULL,
	`instrument` text NOT NULL,
	`instrument_version` text NOT NULL,
	`item_id` text NOT NULL,
	`text` text NOT NULL,
	`licence` text NOT NULL,
	`loaded_at` text NOT NULL,
	`loaded_by` text NOT NULL,
	PRIMARY KEY(`agency_id`, `instrument`, `instrument_version`, `item_id`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `risk_assessments` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`series_id` text NOT NULL,
	`version_number` integer NOT NULL,
	`instrument` text NOT NULL,
	`instrument_version` text NOT NULL,
	`state` text NOT NULL,
	`risk_level` text,
	`submitted_at` text,
	`submitted_by` text,
	`returned_at` text,
	`returned_by` text,
	`return_reason` text,
	`signed_off_at` text,
	`signed_off_by` text,
	`review_due_on` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`returned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_off_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_assessments_case` ON `risk_assessments` (`case_id`,`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `risk_assessments_series_version` ON `risk_assessments` (`series_id`,`version_number`);--> statement-breakpoint
CREATE INDEX `risk_assessments_review` ON `risk_assessments` (`state`,`review_due_on`);