CREATE TABLE `api_idempotency_keys` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`endpoint` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `key`),
	FOREIGN KEY (`account_id`) REFERENCES `service_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_idempotency_keys_created` ON `api_idempotency_keys` (`created_at`);--> statement-breakpoint
-- Decision 0056: each service account writes as a users row of its own id (status 'service', no password).
INSERT INTO `users` (`id`, `agency_id`, `email`, `name`, `status`, `created_by`, `created_at`)
SELECT `id`, `agency_id`, `id` || '@service-accounts.concord.invalid', `name` || ' (partner system)', 'service', `created_by`, `created_at`
FROM `service_accounts` WHERE `id` NOT IN (SELECT `id` FROM `users`);
