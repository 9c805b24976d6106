import { and, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { audit } from "~/access/audit.server";
import { worksOnCases } from "~/access/case-work.server";
import { can, forbidden, notFound, refuse } from "~/access/gate.server";
import { getDb, preparedOnce } from "~/db.server";
import { isMeetingKind, meetingPurpose, type MeetingKind } from "~/domain/meeting-kinds";
import { meetingInvitees, meetings, minutesShares } from "../../db/schema";

/**
 * Who may do what with a meeting. Membership is read from meeting_invitees on every call (not from the Actor
 * built at the start of a request or socket connection), so removing someone takes effect at once.
 */
export type MeetingRow = typeof meetings.$inferSelect & { kind: MeetingKind };

/**
 * What membership checks need of whoever asks: a whole Actor from a page, or a live socket's Identity at the
 * meeting's purpose (membership and roles are read fresh either way; case attributes play no part).
 */
export type MeetingParticipant = Pick<Actor, "userId" | "agencyId" | "roles" | "purpose">;

// Read on every meeting page and socket event: prepared once per connection.
const statements = preparedOnce((db) => ({
  meeting: db
    .select()
    .from(meetings)
    .where(eq(meetings.id, sql.placeholder("id")))
    .prepare(),
  invitee: db
    .select()
    .from(meetingInvitees)
    .where(
      and(
        eq(meetingInvitees.meetingId, sql.placeholder("meetingId")),
        eq(meetingInvitees.userId, sql.placeholder("userId")),
        isNull(meetingInvitees.removedAt),
      ),
    )
    .prepare(),
}));

export function findMeeting(meetingId: string): MeetingRow | null {
  // Ids come from URLs and socket payloads: anything that is not a plausible id is simply not found.
  if (typeof meetingId !== "string" || meetingId.length > 64) return null;
  const row = statements().meeting.get({ id: meetingId });
  if (!row || !isMeetingKind(row.kind)) return null;
  return row as MeetingRow;
}

export function currentInvitee(meetingId: string, userId: string) {
  return statements().invitee.get({ meetingId, userId });
}

/** The coordinator who arranges this kind of meeting in the meeting's partnership (the gate's `arrange_meeting`). */
export function isCoordinatorOf(actor: Actor, m: Pick<MeetingRow, "kind" | "partnershipId">): boolean {
  return can(actor, "arrange_meeting", { kind: m.kind, partnershipId: m.partnershipId });
}

export function isChair(actor: Actor, m: Pick<MeetingRow, "chairUserId">): boolean {
  return m.chairUserId === actor.userId;
}

/** Chair or coordinator: arranges the meeting (agenda, invitations, statement). Must also still be invited. */
export function mayManage(actor: Actor, m: MeetingRow): boolean {
  return isChair(actor, m) || isCoordinatorOf(actor, m);
}

export function hasShare(meetingId: string, userId: string): boolean {
  return !!getDb()
    .select({ id: minutesShares.id })
    .from(minutesShares)
    .where(and(eq(minutesShares.meetingId, meetingId), eq(minutesShares.toUserId, userId)))
    .get();
}

/** An id as it may be written to the audit log: a string of bounded length, whatever was sent. */
export function auditableId(id: unknown): string {
  return typeof id === "string" ? id.slice(0, 64) : "(invalid)";
}

function deny(actor: MeetingParticipant, meetingId: string, action: string, reason: string): void {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "Meeting",
    subjectId: auditableId(meetingId),
    purpose: actor.purpose,
    outcome: "denied",
    detail: { reason },
  });
}

/**
 * The meeting and the actor's invitation, or 404 (audited) whether or not the meeting exists: only invitees
 * who have not been removed and who work on cases (an older invitation of an administrator, auditor or
 * performance lead gives nothing) may join.
 */
export function requireMember(actor: MeetingParticipant, meetingId: string, action: string) {
  const meeting = findMeeting(meetingId);
  const invitee = meeting ? currentInvitee(meeting.id, actor.userId) : undefined;
  if (!meeting || !invitee || !worksOnCases(actor.roles)) {
    deny(actor, meetingId, action, !meeting ? "not_found" : !invitee ? "not_invited" : "not_case_working");
    throw notFound();
  }
  return { meeting, invitee };
}

/** An invitee who is the chair (or, with `orCoordinator`, the coordinator); others 403, non-members 404. */
export function requireChair(actor: Actor, meetingId: string, action: string, orCoordinator = false) {
  const found = requireMember(actor, meetingId, action);
  const chairs = can(actor, "chair_meeting", { chairUserId: found.meeting.chairUserId, invited: true });
  if (!(chairs || (orCoordinator && isCoordinatorOf(actor, found.meeting))))
    refuse(actor, {
      auditAction: action,
      subjectType: "Meeting",
      subjectId: auditableId(meetingId),
      reason: "not_chair",
      status: 403,
    });
  return found;
}

/** Refuses (403, audited) an action the meeting's status does not allow. */
export function requireStatus(
  actor: MeetingParticipant,
  m: MeetingRow,
  allowed: readonly string[],
  action: string,
): void {
  if (allowed.includes(m.status)) return;
  deny(actor, m.id, action, `status_${m.status}`);
  throw forbidden();
}

/** The actor reading at the meeting's purpose, so the gate applies its meeting screens (no victim contact). */
export function meetingActor(actor: Actor, m: Pick<MeetingRow, "kind">): Actor {
  const purpose = meetingPurpose(m.kind);
  if (actor.purpose === purpose) return actor;
  const reloaded = loadActor(actor.userId, actor.sessionId, purpose);
  if (!reloaded) throw notFound();
  return reloaded;
}

export function meetingAudit(
  actor: Pick<Actor, "userId" | "agencyId">,
  m: Pick<MeetingRow, "id" | "kind">,
  action: string,
  detail: Record<string, string | number | boolean | null> = {},
  caseId: string | null = null,
  outcome: "allowed" | "done" | "denied" | "failed" = "done",
): void {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "Meeting",
    subjectId: m.id,
    caseId,
    purpose: meetingPurpose(m.kind),
    outcome,
    detail,
  });
}
