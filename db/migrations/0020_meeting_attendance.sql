ALTER TABLE `meeting_invitees` ADD `attendance` text;--> statement-breakpoint
ALTER TABLE `meeting_invitees` ADD `attendance_set_by` text REFERENCES users(id);--> statement-breakpoint
-- Attendance was a yes/no kept by hand: a recorded yes was presence.
UPDATE `meeting_invitees` SET `attendance` = 'present' WHERE `attended` = 1;