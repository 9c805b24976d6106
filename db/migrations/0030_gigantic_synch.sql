CREATE TABLE `subject_rights_records` (
	`request_id` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`request_id`, `record_id`),
	FOREIGN KEY (`request_id`) REFERENCES `subject_rights_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subject_rights_records_record` ON `subject_rights_records` (`record_id`);--> statement-breakpoint
CREATE TABLE `subject_rights_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`right` text NOT NULL,
	`received_on` text NOT NULL,
	`due_on` text NOT NULL,
	`statement` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subject_rights_requests_agency` ON `subject_rights_requests` (`agency_id`,`status`,`due_on`);