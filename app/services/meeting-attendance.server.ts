import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { getDb } from "~/db.server";
import { ATTENDANCE, attendanceAtClose, attendanceOnArrival, type Attendance } from "~/domain/attendance";
import type { FieldErrors } from "~/forms/parse-form";
import { meetingChanged } from "~/realtime/hub.server";
import { meetingInvitees, users } from "../../db/schema";
import type { Tx } from "./case-record-store.server";
import {
  currentInvitee,
  findMeeting,
  meetingAudit,
  requireChair,
  requireStatus,
  type MeetingRow,
} from "./meeting-access.server";

/*
 * Attendance (issue 15): while a meeting is open, an arrival (seen in the meeting's live room, acknowledging the
 * statement, the chair opening it) records the member present; the chair corrects anyone to present, apologies,
 * absent or deputy, audited; at close whoever was never seen and not otherwise marked is absent. The rules are
 * app/domain/attendance.ts. Every change is told to the live meeting so the members table follows.
 */

function setAttendance(
  tx: Pick<Tx, "update">,
  meetingId: string,
  userId: string,
  attendance: Attendance,
  setBy: string | null,
): void {
  tx.update(meetingInvitees)
    .set({ attendance, attendanceSetBy: setBy })
    .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.userId, userId)))
    .run();
}

/**
 * A member arrived while the meeting is open: present (or deputy). Returns whether anything changed; the change
 * is audited once and told to the live meeting. Nothing for anyone not currently invited, or a meeting not open.
 */
export function recordArrival(meetingId: string, userId: string): boolean {
  return recordArrivals(meetingId, [userId]) > 0;
}

/** Several arrivals at once (everyone waiting when the chair opens the meeting), told to the live meeting once. */
export function recordArrivals(meetingId: string, userIds: readonly string[]): number {
  const meeting = findMeeting(meetingId);
  if (!meeting || meeting.status !== "open") return 0;
  let n = 0;
  for (const userId of new Set(userIds)) {
    if (typeof userId !== "string") continue;
    const row = currentInvitee(meeting.id, userId);
    const next = row ? attendanceOnArrival(row) : null;
    if (!next) continue;
    setAttendance(getDb(), meeting.id, userId, next, null);
    const agencyId =
      getDb().select({ agencyId: users.agencyId }).from(users).where(eq(users.id, userId)).get()?.agencyId ?? "";
    meetingAudit({ userId, agencyId }, meeting, "meeting.arrive", { attendance: next });
    n++;
  }
  if (n) meetingChanged({ kind: "members", meetingId: meeting.id });
  return n;
}

const CorrectionSchema = z.object({
  userId: z.string().min(1).max(64),
  attendance: z.enum(ATTENDANCE, { errorMap: () => ({ message: "Choose present, apologies, absent or deputy" }) }),
});

/** The chair corrects a member's attendance while the meeting is open or being finalised. Audited with what it was. */
export function recordAttendance(
  actor: Actor,
  meetingId: string,
  userId: unknown,
  attendance: unknown,
): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.attendance");
  requireStatus(actor, meeting, ["open", "closed"], "meeting.attendance");
  const parsed = CorrectionSchema.safeParse({ userId, attendance });
  const row = parsed.success ? currentInvitee(meeting.id, parsed.data.userId) : undefined;
  if (!parsed.success || !row) {
    const errors: FieldErrors = {};
    if (!row) errors.userId = "Choose a member";
    if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === "attendance"))
      errors.attendance = "Choose present, apologies, absent or deputy";
    return { ok: false, errors };
  }
  setAttendance(getDb(), meeting.id, parsed.data.userId, parsed.data.attendance, actor.userId);
  meetingAudit(actor, meeting, "meeting.attendance", {
    userId: parsed.data.userId,
    attendance: parsed.data.attendance,
    was: row.attendance,
  });
  meetingChanged({ kind: "members", meetingId: meeting.id });
  return { ok: true };
}

/** At close (inside its transaction): members never seen and not otherwise marked become absent. Returns how many. */
export function closeAttendance(tx: Pick<Tx, "select" | "update">, meeting: Pick<MeetingRow, "id">): number {
  const unknown = tx
    .select()
    .from(meetingInvitees)
    .where(
      and(
        eq(meetingInvitees.meetingId, meeting.id),
        isNull(meetingInvitees.removedAt),
        isNull(meetingInvitees.attendance),
      ),
    )
    .all();
  let n = 0;
  for (const row of unknown) {
    const next = attendanceAtClose(row);
    if (!next) continue;
    setAttendance(tx, meeting.id, row.userId, next, null);
    n++;
  }
  return n;
}
