DROP INDEX `protective_orders_expiry`;--> statement-breakpoint
CREATE INDEX `protective_orders_expiry` ON `protective_orders` (`status`,`expires_on`,`record_id`,`case_id`);--> statement-breakpoint
CREATE INDEX `tasks_source_record` ON `tasks` (`source_record_id`,`source`);