CREATE TABLE `sweep_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`claimed_at` text NOT NULL,
	`expires_at` text NOT NULL
);
