CREATE TABLE `clinic_referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`referrer_user_id` text NOT NULL,
	`referrer_agency_id` text NOT NULL,
	`reason` text NOT NULL,
	`current_risk` text NOT NULL,
	`ask` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`priority` text,
	`decision_reason` text,
	`information_request` text,
	`information_response` text,
	`decided_by` text,
	`decided_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referrer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referrer_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clinic_referrals_status` ON `clinic_referrals` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `clinic_referrals_case` ON `clinic_referrals` (`case_id`);--> statement-breakpoint
CREATE TABLE `mappa_referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`referrer_user_id` text NOT NULL,
	`referrer_agency_id` text NOT NULL,
	`level_requested` integer NOT NULL,
	`body` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`endorsed_by` text,
	`endorsed_at` text,
	`meets_category3` integer,
	`level_decided` integer,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` text,
	`next_review_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referrer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referrer_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`endorsed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mappa_referrals_status` ON `mappa_referrals` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `mappa_referrals_case` ON `mappa_referrals` (`case_id`);--> statement-breakpoint
CREATE TABLE `meeting_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`case_id` text NOT NULL,
	`text` text NOT NULL,
	`owner_user_id` text,
	`owner_agency_id` text,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`completed_at` text,
	`completed_by` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_actions_owner` ON `meeting_actions` (`owner_user_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `meeting_actions_agency` ON `meeting_actions` (`owner_agency_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `meeting_actions_meeting` ON `meeting_actions` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `meeting_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`text` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_decisions_item` ON `meeting_decisions` (`item_id`);--> statement-breakpoint
CREATE TABLE `meeting_invitees` (
	`meeting_id` text NOT NULL,
	`user_id` text NOT NULL,
	`invited_by` text NOT NULL,
	`invited_at` text NOT NULL,
	`removed_at` text,
	`attended` integer DEFAULT false NOT NULL,
	`acknowledged_at` text,
	PRIMARY KEY(`meeting_id`, `user_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_invitees_user` ON `meeting_invitees` (`user_id`,`removed_at`);--> statement-breakpoint
CREATE TABLE `meeting_items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`case_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text,
	`position` integer NOT NULL,
	`minutes_allowed` integer NOT NULL,
	`priority` text NOT NULL,
	`minutes` text DEFAULT '' NOT NULL,
	`minutes_version` integer DEFAULT 0 NOT NULL,
	`minutes_updated_by` text,
	`minutes_updated_at` text,
	`plan` text DEFAULT '{}' NOT NULL,
	`plan_version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_items_meeting` ON `meeting_items` (`meeting_id`,`position`);--> statement-breakpoint
CREATE INDEX `meeting_items_case` ON `meeting_items` (`case_id`);--> statement-breakpoint
CREATE TABLE `meeting_minutes_versions` (
	`item_id` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`saved_by` text NOT NULL,
	`saved_at` text NOT NULL,
	PRIMARY KEY(`item_id`, `version`),
	FOREIGN KEY (`item_id`) REFERENCES `meeting_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`partnership_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` text NOT NULL,
	`chair_user_id` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`confidentiality_statement` text NOT NULL,
	`current_item_id` text,
	`opened_at` text,
	`closed_at` text,
	`finalised_at` text,
	`finalised_by` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`finalised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_starts` ON `meetings` (`partnership_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `minutes_shares` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`to_user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`agreed_by_chair` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreed_by_chair`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `minutes_shares_meeting` ON `minutes_shares` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `action_plan_recommendations` (
	`id` text PRIMARY KEY NOT NULL,
	`partnership_id` text NOT NULL,
	`number` text NOT NULL,
	`text` text NOT NULL,
	`owner` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_plan_recommendations_partnership` ON `action_plan_recommendations` (`partnership_id`,`number`);--> statement-breakpoint
CREATE TABLE `action_plan_requirements` (
	`id` text PRIMARY KEY NOT NULL,
	`recommendation_id` text NOT NULL,
	`number` text NOT NULL,
	`requirement` text NOT NULL,
	`owner` text NOT NULL,
	`update` text DEFAULT '' NOT NULL,
	`updated_on` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`evidence_metric` text,
	`evidence_filters` text,
	`evidence_value` text,
	`evidence_linked_at` text,
	`updated_by` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`recommendation_id`) REFERENCES `action_plan_recommendations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_plan_requirements_recommendation` ON `action_plan_requirements` (`recommendation_id`,`number`);