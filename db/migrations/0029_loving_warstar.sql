ALTER TABLE `subject_access_requests` ADD `answered_on` text;--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `answer_method` text;--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `answered_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `bundle_sha256` text;--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `bundle_exported_at` text;--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `bundle_disclosed` integer;--> statement-breakpoint
ALTER TABLE `subject_access_requests` ADD `bundle_withheld` integer;