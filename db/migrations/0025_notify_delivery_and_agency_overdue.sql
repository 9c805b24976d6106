ALTER TABLE `meeting_actions` ADD `overdue_told_on` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `provider_id` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `delivery_checked_at` text;--> statement-breakpoint
CREATE INDEX `email_outbox_delivery` ON `email_outbox` (`delivery_status`,`delivery_checked_at`);