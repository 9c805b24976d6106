CREATE TABLE `case_documents` (
	`record_id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`address` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`media_type` text NOT NULL,
	`extension` text NOT NULL,
	`scan_status` text NOT NULL,
	`scanned_at` text,
	`linked_record_id` text,
	`redacted_from_id` text,
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`redacted_from_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_documents_case` ON `case_documents` (`case_id`);--> statement-breakpoint
CREATE INDEX `case_documents_address` ON `case_documents` (`address`);--> statement-breakpoint
CREATE INDEX `case_documents_linked` ON `case_documents` (`linked_record_id`);--> statement-breakpoint
CREATE INDEX `case_documents_redacted_from` ON `case_documents` (`redacted_from_id`);