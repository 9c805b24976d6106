/**
 * Attendance at a meeting (issue 15): taken from presence while the meeting is open, corrected by the chair.
 * Stored per invitee: null while not yet known. Pure rules; the writes are in app/services/meeting-attendance.server.ts.
 */
export const ATTENDANCE = ["present", "apologies", "absent", "deputy"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  present: "Present",
  apologies: "Apologies",
  absent: "Absent",
  deputy: "Deputy",
};

export function isAttendance(value: unknown): value is Attendance {
  return typeof value === "string" && (ATTENDANCE as readonly string[]).includes(value);
}

/**
 * What an invitee's reply to the invitation says, where replies are recorded (`response` pending | accepted |
 * declined | deputy; a deputy's own row names whom they stand in for). Absent fields mean no reply is known.
 */
export type InvitationReply = { response?: string | null; deputyForUserId?: string | null };

/** The chair's correction stands; otherwise what presence and replies say. */
export type AttendanceRow = InvitationReply & { attendance: string | null; attendanceSetBy: string | null };

/**
 * Someone arrives (seen in the meeting's room, or the chair opening it): present, or deputy when they stand in
 * for someone. A correction by the chair is never undone by presence (reconnecting would otherwise flip it back).
 * Null when nothing changes.
 */
export function attendanceOnArrival(row: AttendanceRow): Attendance | null {
  if (row.attendanceSetBy) return null;
  const arrived: Attendance = row.deputyForUserId ? "deputy" : "present";
  return row.attendance === arrived ? null : arrived;
}

/** At close, whoever was never seen and not otherwise marked: apologies if they declined, otherwise absent. */
export function attendanceAtClose(row: AttendanceRow): Attendance | null {
  if (row.attendance !== null) return null;
  return row.response === "declined" ? "apologies" : "absent";
}

/** What the members table shows before close: apologies for a declined invitee not seen, null while unknown. */
export function shownAttendance(row: AttendanceRow): Attendance | null {
  if (isAttendance(row.attendance)) return row.attendance;
  return row.response === "declined" ? "apologies" : null;
}
