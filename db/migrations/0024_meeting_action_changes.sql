ALTER TABLE `meeting_actions` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `meeting_actions` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `meeting_actions` ADD `completion_note` text;--> statement-breakpoint
ALTER TABLE `meeting_actions` ADD `deleted_at` text;--> statement-breakpoint
ALTER TABLE `meeting_actions` ADD `deleted_by` text;--> statement-breakpoint
ALTER TABLE `meeting_actions` ADD `deletion_reason` text;