CREATE TABLE `oversight_case_rows` (
	`case_id` text NOT NULL,
	`metric` text NOT NULL,
	`key` text NOT NULL,
	`due_on` text NOT NULL,
	`day` text NOT NULL,
	`lead_agency_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`case_id`, `metric`, `key`, `due_on`)
);
--> statement-breakpoint
CREATE TABLE `oversight_case_teams` (
	`case_id` text NOT NULL,
	`team_id` text NOT NULL,
	PRIMARY KEY(`case_id`, `team_id`)
);
--> statement-breakpoint
CREATE TABLE `oversight_daily` (
	`team_id` text NOT NULL,
	`day` text NOT NULL,
	`lead_agency_id` text NOT NULL,
	`metric` text NOT NULL,
	`key` text NOT NULL,
	`due_on` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`team_id`, `day`, `lead_agency_id`, `metric`, `key`, `due_on`)
);
--> statement-breakpoint
CREATE INDEX `oversight_daily_zero` ON `oversight_daily` (`team_id`) WHERE n = 0;--> statement-breakpoint
CREATE TABLE `oversight_dirty_cases` (
	`case_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `oversight_monthly` (
	`team_id` text NOT NULL,
	`month` text NOT NULL,
	`lead_agency_id` text NOT NULL,
	`metric` text NOT NULL,
	`key` text NOT NULL,
	`due_on` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`team_id`, `month`, `lead_agency_id`, `metric`, `key`, `due_on`)
);
--> statement-breakpoint
CREATE INDEX `oversight_monthly_zero` ON `oversight_monthly` (`team_id`) WHERE n = 0;--> statement-breakpoint
-- Decision 0019: triggers list every case whose oversight figures may have changed, whatever writes it (services,
-- seeds, scripts); app/services/oversight-sums.server.ts works those cases out again before the dashboard is read.
CREATE TRIGGER `oversight_cases_ai` AFTER INSERT ON `cases`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_cases_au` AFTER UPDATE OF id, status, relationship, flag_online, lead_agency_id, created_at ON `cases`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.id), (NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_cases_ad` AFTER DELETE ON `cases`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_offences_ai` AFTER INSERT ON `offences`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_offences_au` AFTER UPDATE OF case_id, offence_type, summary_only, status, outcome_code, charged_on, last_day_to_charge ON `offences`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_offences_ad` AFTER DELETE ON `offences`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_spo_considerations_ai` AFTER INSERT ON `spo_considerations`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_spo_considerations_au` AFTER UPDATE OF case_id, decision ON `spo_considerations`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_spo_considerations_ad` AFTER DELETE ON `spo_considerations`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_protective_orders_ai` AFTER INSERT ON `protective_orders`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_protective_orders_au` AFTER UPDATE OF case_id, order_type, status, refusal_reason ON `protective_orders`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_protective_orders_ad` AFTER DELETE ON `protective_orders`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_breaches_ai` AFTER INSERT ON `breaches`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_breaches_au` AFTER UPDATE OF case_id, order_record_id, reported_at, police_action, police_action_on ON `breaches`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_breaches_ad` AFTER DELETE ON `breaches`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_support_referrals_ai` AFTER INSERT ON `support_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_support_referrals_au` AFTER UPDATE OF case_id, response ON `support_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_support_referrals_ad` AFTER DELETE ON `support_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_risk_assessments_ai` AFTER INSERT ON `risk_assessments`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_risk_assessments_au` AFTER UPDATE OF case_id, instrument, state, signed_off_at, review_due_on ON `risk_assessments`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_risk_assessments_ad` AFTER DELETE ON `risk_assessments`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_clinic_referrals_ai` AFTER INSERT ON `clinic_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_clinic_referrals_au` AFTER UPDATE OF case_id, status ON `clinic_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_clinic_referrals_ad` AFTER DELETE ON `clinic_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_mappa_referrals_ai` AFTER INSERT ON `mappa_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_mappa_referrals_au` AFTER UPDATE OF case_id, status, level_requested, level_decided ON `mappa_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_mappa_referrals_ad` AFTER DELETE ON `mappa_referrals`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_actions_ai` AFTER INSERT ON `meeting_actions`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_actions_au` AFTER UPDATE OF case_id, meeting_id, status, due_on, completed_at ON `meeting_actions`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_actions_ad` AFTER DELETE ON `meeting_actions`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_items_ai` AFTER INSERT ON `meeting_items`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_items_au` AFTER UPDATE OF case_id, meeting_id, source, source_id ON `meeting_items`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_meeting_items_ad` AFTER DELETE ON `meeting_items`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_case_members_ai` AFTER INSERT ON `case_members`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_case_members_au` AFTER UPDATE OF case_id, user_id, removed_at ON `case_members`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
CREATE TRIGGER `oversight_case_members_ad` AFTER DELETE ON `case_members`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id);
END;
--> statement-breakpoint
-- A breach counts towards SPO figures by the type of the order it breached.
CREATE TRIGGER `oversight_protective_orders_type` AFTER UPDATE OF order_type ON `protective_orders`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) SELECT case_id FROM breaches WHERE order_record_id = NEW.record_id;
END;
--> statement-breakpoint
-- Retracted records leave the figures.
CREATE TRIGGER `oversight_case_records_au` AFTER UPDATE OF case_id, retracted_at ON `case_records`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) VALUES (OLD.case_id), (NEW.case_id);
END;
--> statement-breakpoint
-- The team filter counts a case for the teams of its current members.
CREATE TRIGGER `oversight_users_team` AFTER UPDATE OF team_id ON `users`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) SELECT case_id FROM case_members WHERE user_id = NEW.id AND removed_at IS NULL;
END;
--> statement-breakpoint
-- Clinic referrals count as discussed once their meeting has taken place; actions count by the kind of meeting.
CREATE TRIGGER `oversight_meetings_au` AFTER UPDATE OF status, kind ON `meetings`
BEGIN
  INSERT OR IGNORE INTO oversight_dirty_cases (case_id) SELECT case_id FROM meeting_items WHERE meeting_id = NEW.id UNION SELECT case_id FROM meeting_actions WHERE meeting_id = NEW.id;
END;
--> statement-breakpoint
-- Working one case's figures out finds its meeting actions by case (the other lookups have their indexes).
CREATE INDEX `oversight_meeting_actions_case` ON `meeting_actions` (`case_id`);
--> statement-breakpoint
-- Every existing case is worked out at the first refresh (the start-up sweep, or the first read).
INSERT OR IGNORE INTO oversight_dirty_cases (case_id) SELECT id FROM cases;
