CREATE TABLE `deadline_alerts` (
	`record_id` text NOT NULL,
	`last_day_to_charge` text NOT NULL,
	`band` integer NOT NULL,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`record_id`, `last_day_to_charge`, `band`),
	FOREIGN KEY (`record_id`) REFERENCES `case_records`(`id`) ON UPDATE no action ON DELETE no action
);
