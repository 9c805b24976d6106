CREATE TABLE `case_parties` (
	`case_id` text NOT NULL,
	`person_id` text NOT NULL,
	`party_role` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`case_id`, `person_id`, `party_role`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_parties_person` ON `case_parties` (`person_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`search_name` text NOT NULL,
	`date_of_birth` text,
	`identifiers` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `people_search_name` ON `people` (`search_name`);--> statement-breakpoint
CREATE TABLE `access_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`requester_user_id` text NOT NULL,
	`requester_agency_id` text NOT NULL,
	`case_id` text NOT NULL,
	`owning_agency_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`requester_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owning_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_requests_owner` ON `access_requests` (`owning_agency_id`,`status`);--> statement-breakpoint
CREATE TABLE `break_glass_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`case_id` text NOT NULL,
	`reason` text NOT NULL,
	`granted_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`reviewed_at` text,
	`reviewed_by` text,
	`review_outcome` text,
	`review_note` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `break_glass_user` ON `break_glass_grants` (`user_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `break_glass_review` ON `break_glass_grants` (`agency_id`,`reviewed_at`);--> statement-breakpoint
CREATE TABLE `case_records` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`owner_agency_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`marking` text DEFAULT 'OFFICIAL-SENSITIVE' NOT NULL,
	`cav_victim_confidential` integer DEFAULT false NOT NULL,
	`cav_health_confidential` integer DEFAULT false NOT NULL,
	`cav_police_intelligence` integer DEFAULT false NOT NULL,
	`cav_not_perpetrator_facing` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'signed_off' NOT NULL,
	`meeting_id` text,
	`summary` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_records_case` ON `case_records` (`case_id`,`category`);--> statement-breakpoint
CREATE INDEX `case_records_owner` ON `case_records` (`owner_agency_id`,`category`);--> statement-breakpoint
CREATE INDEX `case_records_updated` ON `case_records` (`updated_at`);--> statement-breakpoint
CREATE TABLE `record_shares` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`shared_by_user_id` text NOT NULL,
	`shared_by_agency_id` text NOT NULL,
	`to_agency_id` text,
	`to_role` text,
	`to_user_id` text,
	`purpose` text NOT NULL,
	`lawful_basis` text NOT NULL,
	`expires_at` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shared_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shared_by_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_shares_record` ON `record_shares` (`record_id`);--> statement-breakpoint
CREATE INDEX `record_shares_user` ON `record_shares` (`to_user_id`);--> statement-breakpoint
CREATE INDEX `record_shares_agency` ON `record_shares` (`to_agency_id`);--> statement-breakpoint
CREATE TABLE `share_acknowledgements` (
	`share_id` text NOT NULL,
	`user_id` text NOT NULL,
	`acknowledged_at` text NOT NULL,
	PRIMARY KEY(`share_id`, `user_id`),
	FOREIGN KEY (`share_id`) REFERENCES `record_shares`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sharing_agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`from_agency_id` text NOT NULL,
	`to_agency_type` text,
	`to_agency_id` text,
	`to_role` text,
	`purposes` text NOT NULL,
	`level` text NOT NULL,
	`lawful_basis` text NOT NULL,
	`starts_on` text NOT NULL,
	`review_on` text NOT NULL,
	`retired_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`from_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `charging_referred_at` text;