CREATE TABLE `meeting_disclosures` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`case_id` text NOT NULL,
	`to_whom` text NOT NULL,
	`what` text NOT NULL,
	`why` text NOT NULL,
	`by_whom` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_disclosures_item` ON `meeting_disclosures` (`item_id`);--> statement-breakpoint
ALTER TABLE `meeting_invitees` ADD `response` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `meeting_invitees` ADD `responded_at` text;--> statement-breakpoint
ALTER TABLE `meeting_invitees` ADD `deputy_for_user_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `meeting_items` ADD `level_confirmed` integer;--> statement-breakpoint
ALTER TABLE `meeting_items` ADD `category_confirmed` integer;--> statement-breakpoint
ALTER TABLE `meeting_items` ADD `recommendations` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `place` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `video_link` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `agenda_published_at` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `agenda_published_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `meetings` ADD `schedule_version` integer DEFAULT 0 NOT NULL;