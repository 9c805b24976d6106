CREATE TABLE `sign_in_account_addresses` (
	`account_key` text NOT NULL,
	`address_key` text NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_signed_in_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`account_key`, `address_key`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_account_addresses_updated` ON `sign_in_account_addresses` (`updated_at`);--> statement-breakpoint
CREATE TABLE `sign_in_account_windows` (
	`account_key` text PRIMARY KEY NOT NULL,
	`window_started_at` text NOT NULL,
	`failures` integer NOT NULL,
	`next_attempt_at` text
);
--> statement-breakpoint
CREATE INDEX `sign_in_account_windows_started` ON `sign_in_account_windows` (`window_started_at`);--> statement-breakpoint
CREATE TABLE `sign_in_address_windows` (
	`address_key` text PRIMARY KEY NOT NULL,
	`window_started_at` text NOT NULL,
	`attempts` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_address_windows_started` ON `sign_in_address_windows` (`window_started_at`);--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `failed_sign_ins`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `locked_until`;