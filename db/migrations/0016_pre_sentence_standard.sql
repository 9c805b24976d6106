ALTER TABLE `pre_sentence_reports` ADD `convicted_on` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_reports` ADD `report_type` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_reports` ADD `sentence_proposal` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `source_as_at` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `original_text` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `edited_at` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `edited_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `contact_override_at` text;--> statement-breakpoint
ALTER TABLE `pre_sentence_statements` ADD `contact_override_by` text REFERENCES users(id);