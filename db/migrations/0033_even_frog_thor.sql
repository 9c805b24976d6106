CREATE TABLE `import_keys` (
	`agency_id` text NOT NULL,
	`source` text NOT NULL,
	`source_key` text NOT NULL,
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`case_id` text NOT NULL,
	`row_hash` text NOT NULL,
	`import_id` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`agency_id`, `source`, `source_key`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`agency_id` text NOT NULL,
	`source` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`agency_id`, `source`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`source` text NOT NULL,
	`format` text NOT NULL,
	`sha256` text NOT NULL,
	`address` text,
	`bytes` integer NOT NULL,
	`status` text NOT NULL,
	`rows_total` integer DEFAULT 0 NOT NULL,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`problem` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_runs_agency` ON `import_runs` (`agency_id`,`created_at`);