CREATE TABLE `breaches` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`order_record_id` text NOT NULL,
	`occurred_on` text NOT NULL,
	`reported_at` text NOT NULL,
	`police_action` text,
	`police_action_on` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `breaches_case` ON `breaches` (`case_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`occurred_at` text NOT NULL,
	`occurred_on` text NOT NULL,
	`behaviours` text NOT NULL,
	`fixated` integer DEFAULT false NOT NULL,
	`obsessive` integer DEFAULT false NOT NULL,
	`unwanted` integer DEFAULT false NOT NULL,
	`repeated` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`crime_reference` text,
	`offence_ids` text DEFAULT '[]' NOT NULL,
	`linked_at` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_case` ON `incidents` (`case_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `incidents_crime_ref` ON `incidents` (`crime_reference`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`href` text NOT NULL,
	`case_id` text,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `offences` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`offence_type` text NOT NULL,
	`summary_only` integer NOT NULL,
	`crime_reference` text,
	`status` text DEFAULT 'under_investigation' NOT NULL,
	`outcome_code` text,
	`charged_on` text,
	`last_day_to_charge` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offences_case` ON `offences` (`case_id`);--> statement-breakpoint
CREATE INDEX `offences_deadline` ON `offences` (`status`,`last_day_to_charge`);--> statement-breakpoint
CREATE TABLE `protective_orders` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`order_type` text NOT NULL,
	`status` text NOT NULL,
	`applied_on` text,
	`hearing_on` text,
	`decided_on` text,
	`refusal_reason` text,
	`prohibitions` text DEFAULT '[]' NOT NULL,
	`requirements` text DEFAULT '[]' NOT NULL,
	`expires_on` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `protective_orders_case` ON `protective_orders` (`case_id`);--> statement-breakpoint
CREATE INDEX `protective_orders_expiry` ON `protective_orders` (`status`,`expires_on`);--> statement-breakpoint
CREATE TABLE `record_versions` (
	`record_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`body` text NOT NULL,
	`author_user_id` text NOT NULL,
	`replaced_at` text NOT NULL,
	PRIMARY KEY(`record_id`, `version`),
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `search_documents` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_key` text NOT NULL,
	`case_id` text NOT NULL,
	`record_id` text,
	`level` text NOT NULL,
	`category` text NOT NULL,
	`owner_agency_id` text NOT NULL,
	`status` text NOT NULL,
	`meeting_id` text,
	`cav_victim_confidential` integer DEFAULT false NOT NULL,
	`cav_health_confidential` integer DEFAULT false NOT NULL,
	`cav_police_intelligence` integer DEFAULT false NOT NULL,
	`cav_not_perpetrator_facing` integer DEFAULT false NOT NULL,
	`label` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_key` ON `search_documents` (`doc_key`);--> statement-breakpoint
CREATE INDEX `search_documents_case` ON `search_documents` (`case_id`);--> statement-breakpoint
CREATE TABLE `spo_considerations` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`considered_by` text NOT NULL,
	`considered_on` text NOT NULL,
	`decision` text NOT NULL,
	`rationale` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`considered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spo_considerations_case` ON `spo_considerations` (`case_id`);--> statement-breakpoint
CREATE TABLE `support_referrals` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`service` text NOT NULL,
	`offered_on` text NOT NULL,
	`response` text DEFAULT 'pending' NOT NULL,
	`responded_on` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_referrals_case` ON `support_referrals` (`case_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`title` text NOT NULL,
	`owner_user_id` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`source_record_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`completed_at` text,
	`completed_by` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_owner` ON `tasks` (`owner_user_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `tasks_case` ON `tasks` (`case_id`,`status`);--> statement-breakpoint
CREATE TABLE `victim_update_plans` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`frequency_days` integer NOT NULL,
	`method` text NOT NULL,
	`next_due_on` text NOT NULL,
	`last_update_on` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `victim_update_plans_due` ON `victim_update_plans` (`next_due_on`);--> statement-breakpoint
CREATE INDEX `victim_update_plans_case` ON `victim_update_plans` (`case_id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `closing_reason` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `closed_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `priority` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `priority_reason` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `relationship` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `motivation` text DEFAULT 'not_known' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `flag_domestic_abuse` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `flag_online` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `flag_police_perpetrated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `course_linked_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `course_linked_by` text;--> statement-breakpoint
ALTER TABLE `people` ADD `aliases` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `case_records` ADD `retracted_at` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `retracted_by` text;--> statement-breakpoint
ALTER TABLE `case_records` ADD `retraction_reason` text;--> statement-breakpoint
CREATE INDEX `case_records_case_kind` ON `case_records` (`case_id`,`kind`);--> statement-breakpoint
-- Full-text index over search_documents (external content): the rows carry the access envelope, this indexes their text.
CREATE VIRTUAL TABLE `search_fts` USING fts5(`label`, `text`, content='search_documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_fts(rowid, label, text) VALUES (new.rowid, new.label, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_fts(search_fts, rowid, label, text) VALUES ('delete', old.rowid, old.label, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
  INSERT INTO search_fts(search_fts, rowid, label, text) VALUES ('delete', old.rowid, old.label, old.text);
  INSERT INTO search_fts(rowid, label, text) VALUES (new.rowid, new.label, new.text);
END;
