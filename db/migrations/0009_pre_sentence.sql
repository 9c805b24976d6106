CREATE TABLE `pre_sentence_input_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`case_id` text NOT NULL,
	`section` text NOT NULL,
	`to_user_id` text NOT NULL,
	`question` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`answer` text,
	`decline_reason` text,
	`answered_at` text,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `pre_sentence_reports`(`record_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pre_sentence_requests_to` ON `pre_sentence_input_requests` (`to_user_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `pre_sentence_requests_report` ON `pre_sentence_input_requests` (`report_id`);--> statement-breakpoint
CREATE TABLE `pre_sentence_reports` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`court` text NOT NULL,
	`hearing_on` text NOT NULL,
	`offences_convicted` text DEFAULT '[]' NOT NULL,
	`proposals` text DEFAULT '[]' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`submitted_at` text,
	`submitted_by` text,
	`returned_at` text,
	`returned_by` text,
	`return_reason` text,
	`signed_off_at` text,
	`signed_off_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`returned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_off_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pre_sentence_reports_case` ON `pre_sentence_reports` (`case_id`,`state`);--> statement-breakpoint
CREATE INDEX `pre_sentence_reports_state` ON `pre_sentence_reports` (`state`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `pre_sentence_statements` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`section` text NOT NULL,
	`position` integer NOT NULL,
	`origin` text NOT NULL,
	`text` text NOT NULL,
	`source_record_id` text,
	`source_part` text,
	`source_version` integer,
	`source_label` text,
	`source_agency_id` text,
	`source_author_id` text,
	`source_date` text,
	`request_id` text,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	`removed_at` text,
	`removed_by` text,
	FOREIGN KEY (`report_id`) REFERENCES `pre_sentence_reports`(`record_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pre_sentence_statements_report` ON `pre_sentence_statements` (`report_id`,`section`,`position`);--> statement-breakpoint
CREATE INDEX `pre_sentence_statements_source` ON `pre_sentence_statements` (`source_record_id`);