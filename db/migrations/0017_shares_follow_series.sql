ALTER TABLE `record_shares` ADD `follows_series` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `record_shares` ADD `origin_share_id` text;--> statement-breakpoint
CREATE INDEX `record_shares_origin` ON `record_shares` (`origin_share_id`);