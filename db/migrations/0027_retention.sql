CREATE TABLE `legal_holds` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`placed_by` text NOT NULL,
	`placed_by_agency_id` text NOT NULL,
	`placed_at` text NOT NULL,
	`lifted_by` text,
	`lifted_at` text,
	`lift_reason` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placed_by_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_holds_case` ON `legal_holds` (`case_id`,`lifted_at`);--> statement-breakpoint
CREATE TABLE `retention_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`case_id` text NOT NULL,
	`owner_agency_id` text NOT NULL,
	`schedule_id` text NOT NULL,
	`trigger` text NOT NULL,
	`period_months` integer NOT NULL,
	`proposed_action` text NOT NULL,
	`triggered_on` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_reason` text,
	`retain_until` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `retention_schedules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `retention_reviews_queue` ON `retention_reviews` (`owner_agency_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `retention_reviews_record` ON `retention_reviews` (`record_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `retention_reviews_pending` ON `retention_reviews` (`record_id`) WHERE "retention_reviews"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `retention_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`category` text NOT NULL,
	`trigger` text NOT NULL,
	`period_months` integer NOT NULL,
	`action` text NOT NULL,
	`basis` text NOT NULL,
	`updated_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retention_schedules_agency_category` ON `retention_schedules` (`agency_id`,`category`);--> statement-breakpoint
CREATE TABLE `subject_access_items` (
	`request_id` text NOT NULL,
	`record_id` text NOT NULL,
	`decision` text NOT NULL,
	`exemption` text,
	`reason` text,
	`withhold_third_parties` integer DEFAULT true NOT NULL,
	`decided_by` text,
	`decided_at` text,
	PRIMARY KEY(`request_id`, `record_id`),
	FOREIGN KEY (`request_id`) REFERENCES `subject_access_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `subject_access_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`received_on` text NOT NULL,
	`due_on` text NOT NULL,
	`extended_to` text,
	`extension_reason` text,
	`status` text DEFAULT 'open' NOT NULL,
	`answered_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subject_access_requests_agency` ON `subject_access_requests` (`agency_id`,`status`,`due_on`);--> statement-breakpoint
ALTER TABLE `case_records` ADD `retain_until` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `disposal` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `disposed_at` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `disposed_by` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `disposal_review_id` text;--> statement-breakpoint
CREATE INDEX `cases_closed` ON `cases` (`closed_at`,`id`) WHERE "cases"."status" = 'closed';