CREATE INDEX `cases_lead` ON `cases` (`lead_agency_id`,`updated_at`,`id`);--> statement-breakpoint
-- Full statistics for the new index now: the approximate analysis at start-up (analysis_limit) samples too few
-- entries of a column with a handful of values and would make the planner sort a supervisor's whole agency.
ANALYZE `cases`;--> statement-breakpoint
ALTER TABLE `cases` ADD `spo_considered` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- 1 while the case has an SPO consideration whose record is not retracted; kept by the triggers below, whatever
-- writes (services, seeds). A consideration counts from its insert unless its record is already retracted, so the
-- order in which a consideration and its record are written does not matter.
UPDATE `cases` SET `spo_considered` = EXISTS (SELECT 1 FROM `spo_considerations` s JOIN `case_records` r ON r.id = s.record_id WHERE s.case_id = `cases`.id AND r.retracted_at IS NULL);--> statement-breakpoint
CREATE TRIGGER `spo_considered_ai` AFTER INSERT ON `spo_considerations` BEGIN
  UPDATE `cases` SET `spo_considered` = 1 WHERE id = NEW.case_id AND `spo_considered` = 0
    AND NOT EXISTS (SELECT 1 FROM `case_records` r WHERE r.id = NEW.record_id AND r.retracted_at IS NOT NULL);
END;--> statement-breakpoint
CREATE TRIGGER `spo_considered_au` AFTER UPDATE OF case_id, record_id ON `spo_considerations` BEGIN
  UPDATE `cases` SET `spo_considered` = EXISTS (SELECT 1 FROM `spo_considerations` s JOIN `case_records` r ON r.id = s.record_id WHERE s.case_id = `cases`.id AND r.retracted_at IS NULL)
    WHERE id IN (OLD.case_id, NEW.case_id);
END;--> statement-breakpoint
CREATE TRIGGER `spo_considered_ad` AFTER DELETE ON `spo_considerations` BEGIN
  UPDATE `cases` SET `spo_considered` = EXISTS (SELECT 1 FROM `spo_considerations` s JOIN `case_records` r ON r.id = s.record_id WHERE s.case_id = `cases`.id AND r.retracted_at IS NULL)
    WHERE id = OLD.case_id;
END;--> statement-breakpoint
CREATE TRIGGER `spo_considered_retraction` AFTER UPDATE OF retracted_at, case_id ON `case_records`
  WHEN EXISTS (SELECT 1 FROM `spo_considerations` WHERE record_id = NEW.id) BEGIN
  UPDATE `cases` SET `spo_considered` = EXISTS (SELECT 1 FROM `spo_considerations` s JOIN `case_records` r ON r.id = s.record_id WHERE s.case_id = `cases`.id AND r.retracted_at IS NULL)
    WHERE id IN (SELECT case_id FROM `spo_considerations` WHERE record_id = NEW.id);
END;--> statement-breakpoint
CREATE INDEX `cases_spo_outstanding` ON `cases` (`lead_agency_id`,`created_at`) WHERE `status` <> 'closed' AND `spo_considered` = 0;--> statement-breakpoint
CREATE INDEX `search_documents_meeting` ON `search_documents` (`meeting_id`) WHERE `meeting_id` IS NOT NULL;
