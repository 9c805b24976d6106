import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { caseWorkingUserIds, worksOnCases } from "~/access/case-work.server";
import { forbidden, notFound, requireCan } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { leaveMeeting, meetingChanged } from "~/realtime/hub.server";
import { ATTENDANCE_LABELS, shownAttendance, type Attendance } from "~/domain/attendance";
import { formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { meetingDateProblem } from "~/domain/meeting-dates";
import { londonWallClockToUtc } from "~/domain/limitation-deadline";
import {
  DEFAULT_CONFIDENTIALITY,
  isMeetingKind,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  MEETING_STATUS_LABELS,
  meetingFamily,
  PLAN_HEADINGS,
  type MeetingKind,
  type MeetingStatus,
  type RiskManagementPlan,
} from "~/domain/meeting-kinds";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { agencies, cases, meetingInvitees, meetingItems, meetings, minutesShares, users } from "../../db/schema";
import { insertCaseRecord } from "./case-record-store.server";
import { placeField, timeField, videoLinkField } from "~/forms/meeting-place";
import { notifyInvited } from "./meeting-invitations.server";
import {
  auditableId,
  currentInvitee,
  findMeeting,
  hasShare,
  isChair,
  mayManage,
  meetingActor,
  meetingAudit,
  requireChair,
  requireMember,
  requireStatus,
  type MeetingRow,
} from "./meeting-access.server";
import {
  actionsOf,
  addAgendaItems,
  agendaCandidates,
  decisionsOf,
  papersFor,
  planOf,
  type ActionView,
  type Candidate,
  type DecisionView,
  type Papers,
} from "./meeting-items.server";
import { itemOutcomes, minutesStructure, recordedOutcomes } from "./meeting-outcomes.server";
import { withPermissions } from "./meeting-actions.server";
import { closeAttendance, recordArrival } from "./meeting-attendance.server";
import { markReviewed } from "./referral-agenda.server";
import { arrangesMeetings } from "~/access/workflow-roles";

export { addAction, addDecision } from "./meeting-items.server";
export { completeAction } from "./meeting-actions.server";
export { saveItemMinutes, saveLiveMinutes } from "./meeting-minutes.server";
export { recordAttendance } from "./meeting-attendance.server";

type Values = Record<string, string | string[]>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Values };

// --- Creating a meeting.

/** The kinds of meeting this actor may arrange (clinic coordinator: clinic; MAPPA coordinator: MAPPA). */
export function kindsFor(actor: Actor): MeetingKind[] {
  return MEETING_KINDS.filter((k) => arrangesMeetings(actor, k));
}

/**
 * Active people of the partnership who work on cases, grouped by agency: the only people who may chair, be
 * invited, or be given the minutes (worksOnCases, decision 0024).
 */
export function peopleOfPartnership(partnershipId: string) {
  return getDb()
    .select({ id: users.id, name: users.name, agency: agencies.name, agencyId: agencies.id })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(agencies.partnershipId, partnershipId),
        eq(users.status, "active"),
        inArray(users.id, caseWorkingUserIds()),
      ),
    )
    .orderBy(agencies.name, users.name)
    .all();
}

function requireArranger(actor: Actor, action: string): { partnershipId: string; kinds: MeetingKind[] } {
  const kinds = kindsFor(actor);
  const partnershipId = actor.partnershipId;
  if (!kinds.length || !partnershipId) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "Meeting",
      outcome: "denied",
      detail: { reason: "not_coordinator" },
    });
    throw notFound();
  }
  return { partnershipId, kinds };
}

export function newMeetingPage(actor: Actor) {
  const { partnershipId, kinds } = requireArranger(actor, "meeting.create");
  return {
    kinds: kinds.map((k) => ({ value: k, text: MEETING_KIND_LABELS[k] })),
    people: peopleOfPartnership(partnershipId),
    defaults: Object.fromEntries(kinds.map((k) => [k, DEFAULT_CONFIDENTIALITY[meetingFamily(k)]])) as Record<
      string,
      string
    >,
  };
}

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean));

const TITLE_MAX = 120;
const STATEMENT_MAX = 4000;

const statementField = z
  .string()
  .trim()
  .max(
    STATEMENT_MAX,
    `The confidentiality statement must be ${STATEMENT_MAX.toLocaleString("en-GB")} characters or fewer`,
  );

const CreateSchema = z
  .object({
    kind: z
      .string({ required_error: "Choose the kind of meeting" })
      .refine(isMeetingKind, "Choose the kind of meeting"),
    title: z
      .string({ required_error: "Enter a title for the meeting" })
      .trim()
      .min(1, "Enter a title for the meeting")
      .max(TITLE_MAX, `Title must be ${TITLE_MAX} characters or fewer`),
    date: dateField("Date of the meeting", "Enter the date of the meeting"),
    time: timeField,
    place: placeField,
    videoLink: videoLinkField,
    chair: z
      .string({ required_error: "Choose the chair" })
      .trim()
      .min(1, "Choose the chair")
      .max(64, "Choose the chair"),
    invitees: list,
    statement: statementField.optional().default(""),
    agenda: list,
    held: list.transform((v) => v.includes("yes")),
  })
  .transform((v) => ({ ...v, kind: v.kind as MeetingKind }));

/**
 * The coordinator arranges a meeting of their kind: date and time, chair (always invited), invited members,
 * the confidentiality statement (the standard one when left blank) and, optionally, the first agenda items.
 */
export function createMeeting(actor: Actor, values: Values): { ok: true; id: string } | FormFailure {
  const { partnershipId, kinds } = requireArranger(actor, "meeting.create");
  const parsed = parseValues(withDateParts(values, ["date"]) as Values, CreateSchema);
  if (!parsed.ok) return { ...parsed, values };
  const v = parsed.data;
  const errors: FieldErrors = {};
  if (!kinds.includes(v.kind)) errors.kind = "Choose a kind of meeting you arrange";
  const people = new Set(peopleOfPartnership(partnershipId).map((p) => p.id));
  if (!people.has(v.chair)) errors.chair = "Choose the chair";
  if (v.invitees.some((id) => !people.has(id))) errors.invitees = "Choose invited members from the list";
  const dateProblem = meetingDateProblem(v.date, londonToday(new Date()), v.held);
  if (dateProblem) errors.date = dateProblem;
  const startsAt = errors.kind ? null : londonWallClockToUtc(v.date, v.time);
  if (!startsAt) errors.time ??= "Enter a time that exists on that date";
  if (Object.keys(errors).length) return { ok: false, errors, values };

  const id = randomUUID();
  const at = new Date().toISOString();
  const invited = [...new Set([v.chair, actor.userId, ...v.invitees])];
  const push = getDb().transaction((tx) => {
    tx.insert(meetings)
      .values({
        id,
        partnershipId,
        kind: v.kind,
        title: v.title,
        startsAt: startsAt!,
        place: v.place,
        videoLink: v.videoLink,
        chairUserId: v.chair,
        confidentialityStatement: v.statement || DEFAULT_CONFIDENTIALITY[meetingFamily(v.kind)],
        createdBy: actor.userId,
        createdAt: at,
      })
      .run();
    for (const userId of invited)
      tx.insert(meetingInvitees).values({ meetingId: id, userId, invitedBy: actor.userId, invitedAt: at }).run();
    // Everyone but the coordinator arranging it is told (a meeting already held is being recorded: nobody is).
    return v.held
      ? () => {}
      : notifyInvited(
          tx,
          id,
          invited.filter((u) => u !== actor.userId),
          at,
        );
  });
  push();
  const meeting = findMeeting(id)!;
  meetingAudit(actor, meeting, "meeting.create", { kind: v.kind, invitees: invited.length });
  // addAgendaItems re-checks that the actor arranges this meeting and takes only current candidates.
  if (v.agenda.length) addAgendaItems(actor, id, v.agenda);
  return { ok: true, id };
}

/** Agenda candidates for a kind of meeting not created yet (the create form offers them). */
export function candidatesForNew(actor: Actor, kind: MeetingKind, startsAt: string): Candidate[] {
  const { partnershipId, kinds } = requireArranger(actor, "meeting.create");
  if (!kinds.includes(kind)) return [];
  return agendaCandidates({ id: "", partnershipId, kind, startsAt } as MeetingRow);
}

// --- The list of meetings.

export type MeetingSummary = {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  startsAt: string;
  when: string;
  chair: string;
  role: "chair" | "invited" | "coordinator" | "shared";
};

/** Meetings the actor is invited to, arranges (coordinator of the kind) or has minutes shared with. Audited. */
export function listMeetings(actor: Actor): MeetingSummary[] {
  const db = getDb();
  const partnershipId = actor.partnershipId;
  const kinds = kindsFor(actor);
  const invitedIds = db
    .select({ id: meetingInvitees.meetingId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.userId, actor.userId), isNull(meetingInvitees.removedAt)))
    .all()
    .map((r) => r.id);
  const sharedIds = db
    .select({ id: minutesShares.meetingId })
    .from(minutesShares)
    .where(eq(minutesShares.toUserId, actor.userId))
    .all()
    .map((r) => r.id);
  const conditions = [inArray(meetings.id, [...invitedIds, ...sharedIds])];
  if (kinds.length && partnershipId)
    conditions.push(and(eq(meetings.partnershipId, partnershipId), inArray(meetings.kind, kinds))!);
  const chair = users;
  const rows = db
    .select({ m: meetings, chair: chair.name })
    .from(meetings)
    .innerJoin(chair, eq(chair.id, meetings.chairUserId))
    .where(or(...conditions))
    .orderBy(desc(meetings.startsAt))
    .limit(100)
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "meetings.list",
    subjectType: "Meeting",
    outcome: "allowed",
    detail: { meetings: rows.length },
  });
  return rows.map(({ m, chair: chairName }) => ({
    id: m.id,
    title: m.title,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status as MeetingStatus] ?? m.status,
    startsAt: m.startsAt,
    when: formatDateTime(m.startsAt),
    chair: chairName,
    role:
      m.chairUserId === actor.userId
        ? "chair"
        : invitedIds.includes(m.id)
          ? "invited"
          : sharedIds.includes(m.id)
            ? "shared"
            : "coordinator",
  }));
}

// --- Invitations.

/** Invites a member (chair or coordinator, before the meeting closes). Takes effect at once. */
export function inviteMember(
  actor: Actor,
  meetingId: string,
  userId: string,
): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.invite", true);
  requireStatus(actor, meeting, ["planned", "open"], "meeting.invite");
  const person = peopleOfPartnership(meeting.partnershipId).find((p) => p.id === userId);
  if (!person) return { ok: false, errors: { userId: "Choose a person to invite" } };
  const at = new Date().toISOString();
  const existing = getDb()
    .select()
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, userId)))
    .get();
  if (existing && !existing.removedAt) return { ok: true };
  const push = getDb().transaction((tx) => {
    // Invited again after being removed (or after sending a deputy): a fresh invitation with its own reply.
    if (existing)
      tx.update(meetingInvitees)
        .set({
          removedAt: null,
          invitedBy: actor.userId,
          invitedAt: at,
          acknowledgedAt: null,
          response: "pending",
          respondedAt: null,
          deputyForUserId: null,
        })
        .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, userId)))
        .run();
    else
      tx.insert(meetingInvitees)
        .values({ meetingId: meeting.id, userId, invitedBy: actor.userId, invitedAt: at })
        .run();
    return userId === actor.userId ? () => {} : notifyInvited(tx, meeting.id, [userId], at);
  });
  push();
  meetingAudit(actor, meeting, "meeting.invite", { userId });
  meetingChanged({ kind: "members", meetingId: meeting.id });
  return { ok: true };
}

/** Removes a member (chair or coordinator). The chair cannot be removed. Takes effect at once. */
export function removeInvitee(
  actor: Actor,
  meetingId: string,
  userId: string,
): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.remove_invitee", true);
  if (userId === meeting.chairUserId)
    return { ok: false, errors: { userId: "The chair cannot be removed: choose another chair first" } };
  const row = typeof userId === "string" ? currentInvitee(meeting.id, userId) : undefined;
  if (!row) return { ok: false, errors: { userId: "Choose a member to remove" } };
  getDb()
    .update(meetingInvitees)
    .set({ removedAt: new Date().toISOString() })
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, userId)))
    .run();
  meetingAudit(actor, meeting, "meeting.remove_invitee", { userId });
  // Their live sockets leave the meeting's room now, not at their next event.
  leaveMeeting(userId, meeting.id);
  meetingChanged({ kind: "members", meetingId: meeting.id });
  return { ok: true };
}

/** The coordinator or chair edits the confidentiality statement before the meeting opens. */
export function updateStatement(actor: Actor, meetingId: string, values: Values): { ok: true } | FormFailure {
  const { meeting } = requireChair(actor, meetingId, "meeting.statement_edit", true);
  requireStatus(actor, meeting, ["planned"], "meeting.statement_edit");
  const parsed = parseValues(
    values,
    z.object({ statement: statementField.min(1, "Enter the confidentiality statement") }),
  );
  if (!parsed.ok) return parsed;
  getDb()
    .update(meetings)
    .set({ confidentialityStatement: parsed.data.statement })
    .where(eq(meetings.id, meeting.id))
    .run();
  meetingAudit(actor, meeting, "meeting.statement_edit");
  return { ok: true };
}

// --- Running the meeting.

/** The attendee acknowledges the confidentiality statement; while the meeting is open this is an arrival. */
export function acknowledgeConfidentiality(actor: Actor, meetingId: string): { acknowledgedAt: string } {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.acknowledge");
  requireStatus(actor, meeting, ["planned", "open"], "meeting.acknowledge");
  const at = invitee.acknowledgedAt ?? new Date().toISOString();
  getDb()
    .update(meetingInvitees)
    .set({ acknowledgedAt: at })
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, actor.userId)))
    .run();
  meetingAudit(actor, meeting, "meeting.acknowledge", { open: meeting.status === "open" });
  if (!recordArrival(meeting.id, actor.userId)) meetingChanged({ kind: "members", meetingId: meeting.id });
  return { acknowledgedAt: at };
}

function setStatus(
  actor: Actor,
  meetingId: string,
  action: string,
  from: MeetingStatus[],
  change: (m: MeetingRow, at: string) => Partial<typeof meetings.$inferInsert>,
  also?: (
    tx: Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0],
    m: MeetingRow,
  ) => Record<string, number>,
) {
  const { meeting } = requireChair(actor, meetingId, action);
  requireStatus(actor, meeting, from, action);
  const at = new Date().toISOString();
  const detail = getDb().transaction((tx) => {
    tx.update(meetings).set(change(meeting, at)).where(eq(meetings.id, meeting.id)).run();
    return also?.(tx, meeting) ?? {};
  });
  meetingAudit(actor, meeting, action, detail);
  return findMeeting(meeting.id)!;
}

/** The chair opens the meeting (at the first item); the chair's acknowledgement records their attendance. */
export function openMeeting(actor: Actor, meetingId: string): { status: MeetingStatus; currentItemId: string | null } {
  const m = setStatus(actor, meetingId, "meeting.open", ["planned"], (m, at) => ({
    status: "open",
    openedAt: at,
    currentItemId:
      getDb()
        .select({ id: meetingItems.id })
        .from(meetingItems)
        .where(eq(meetingItems.meetingId, m.id))
        .orderBy(asc(meetingItems.position))
        .get()?.id ?? null,
  }));
  // The chair opening it is there; members waiting in the live room are recorded as the status reaches them.
  recordArrival(m.id, actor.userId);
  meetingChanged({ kind: "status", meetingId: m.id });
  return { status: m.status as MeetingStatus, currentItemId: m.currentItemId };
}

/** The chair moves the meeting to an item of its agenda. */
export function advanceMeeting(actor: Actor, meetingId: string, itemId: string): { currentItemId: string } {
  const { meeting } = requireChair(actor, meetingId, "meeting.advance");
  requireStatus(actor, meeting, ["open"], "meeting.advance");
  const item =
    typeof itemId === "string" && itemId.length <= 64
      ? getDb()
          .select({ id: meetingItems.id, caseId: meetingItems.caseId })
          .from(meetingItems)
          .where(and(eq(meetingItems.id, itemId), eq(meetingItems.meetingId, meeting.id)))
          .get()
      : undefined;
  if (!item) {
    meetingAudit(
      actor,
      meeting,
      "meeting.advance",
      { reason: "item_not_found", itemId: auditableId(itemId) },
      null,
      "denied",
    );
    throw notFound();
  }
  getDb().update(meetings).set({ currentItemId: item.id }).where(eq(meetings.id, meeting.id)).run();
  meetingAudit(actor, meeting, "meeting.advance", { itemId: item.id }, item.caseId);
  // Every screen follows, whether the chair moved from the live meeting or a page's form.
  meetingChanged({ kind: "advanced", meetingId: meeting.id, itemId: item.id, by: actor.name });
  return { currentItemId: item.id };
}

/** The chair closes the meeting; minutes can still be tidied until the chair signs them off. */
export function closeMeeting(actor: Actor, meetingId: string): { status: MeetingStatus } {
  const m = setStatus(
    actor,
    meetingId,
    "meeting.close",
    ["open"],
    (_m, at) => ({ status: "closed", closedAt: at, currentItemId: null }),
    (tx, meeting) => ({ markedAbsent: closeAttendance(tx, meeting) }),
  );
  meetingChanged({ kind: "status", meetingId: m.id });
  meetingChanged({ kind: "members", meetingId: m.id });
  return { status: m.status as MeetingStatus };
}

// --- After the meeting.

/**
 * The chair signs off the minutes. For MAPPA meetings every item needs its risk management plan under the four
 * MAPPA B headings. Each item's minutes become a meeting_minutes record on its case (the gate keeps them to the
 * meeting's attendees), and MAPPA referrals get their next review date.
 */
export function finaliseMinutes(actor: Actor, meetingId: string): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.finalise");
  const subject = { chairUserId: meeting.chairUserId, invited: true, status: meeting.status };
  requireCan(actor, "sign_off_minutes", subject, {
    auditAction: "meeting.finalise",
    subjectType: "Meeting",
    subjectId: meeting.id,
    reason: `status_${meeting.status}`,
    status: 403,
  });
  const items = getDb()
    .select()
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meeting.id))
    .orderBy(asc(meetingItems.position))
    .all();
  const refs = new Map(
    items.length
      ? getDb()
          .select({ id: cases.id, reference: cases.reference })
          .from(cases)
          .where(
            inArray(
              cases.id,
              items.map((i) => i.caseId),
            ),
          )
          .all()
          .map((c) => [c.id, c.reference])
      : [],
  );
  const errors: FieldErrors = {};
  if (meetingFamily(meeting.kind) === "mappa") {
    for (const item of items) {
      const plan = planOf(item.plan);
      const missing = PLAN_HEADINGS.filter(([key]) => !plan[key].trim());
      if (missing.length)
        errors[`plan-${item.id}`] =
          `Record the risk management plan for ${refs.get(item.caseId) ?? "the case"} (${missing.map(([, label]) => label.toLowerCase()).join(", ")})`;
      // MAPPA B: the panel confirms the level and category of each offender it discussed.
      if (item.levelConfirmed === null || item.categoryConfirmed === null)
        errors[`level-${item.id}`] =
          `Record the MAPPA level and category confirmed for ${refs.get(item.caseId) ?? "the case"}`;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const decisions = decisionsOf(meeting.id);
  const actions = actionsOf(meeting.id);
  const outcomes = recordedOutcomes(meeting, items);
  const at = new Date().toISOString();
  getDb().transaction((tx) => {
    tx.update(meetings)
      .set({ status: "finalised", finalisedAt: at, finalisedBy: actor.userId })
      .where(eq(meetings.id, meeting.id))
      .run();
    for (const item of items) {
      insertCaseRecord(
        tx,
        {
          caseId: item.caseId,
          kind: "meeting_minutes",
          category: "meeting_minutes",
          ownerAgencyId: actor.agencyId,
          authorUserId: actor.userId,
          marking: "OFFICIAL-SENSITIVE",
          meetingId: meeting.id,
          title: `Minutes: ${meeting.title}`,
          summary: `${MEETING_KIND_LABELS[meeting.kind]} on ${formatDateTime(meeting.startsAt)}`,
          body: {
            itemId: item.id,
            minutes: item.minutes,
            plan: meetingFamily(meeting.kind) === "mappa" ? planOf(item.plan) : null,
            decisions: decisions.filter((d) => d.itemId === item.id).map((d) => d.text),
            // A deleted action is a tombstone for the audit trail, not part of what the meeting agreed.
            actions: actions
              .filter((a) => a.itemId === item.id && a.status !== "deleted")
              .map((a) => ({ text: a.text, owner: a.owner, dueOn: a.dueOn })),
            ...outcomes.get(item.id),
          },
        },
        at,
      );
      if (
        item.sourceId &&
        (item.source === "clinic_referral" || item.source === "mappa_referral" || item.source === "review")
      )
        markReviewed(tx, item.source, item.sourceId, meeting.startsAt, item.levelConfirmed);
    }
  });
  meetingAudit(actor, meeting, "meeting.finalise", { items: items.length });
  return { ok: true };
}

const SHARE_PURPOSE_MAX = 500;
const ShareSchema = z.object({
  toUserId: z
    .string({ required_error: "Choose who to share the minutes with" })
    .trim()
    .min(1, "Choose who to share the minutes with")
    .max(64, "Choose who to share the minutes with"),
  purpose: z
    .string({ required_error: "Enter why the minutes are being shared" })
    .trim()
    .min(1, "Enter why the minutes are being shared")
    .max(SHARE_PURPOSE_MAX, `The reason must be ${SHARE_PURPOSE_MAX} characters or fewer`),
});

/** Sharing signed-off minutes beyond the attendees: only the chair, and the agreement is recorded. */
export function shareMinutes(actor: Actor, meetingId: string, values: Values): { ok: true } | FormFailure {
  const { meeting } = requireChair(actor, meetingId, "meeting.minutes_share");
  requireStatus(actor, meeting, ["finalised"], "meeting.minutes_share");
  const parsed = parseValues(values, ShareSchema);
  if (!parsed.ok) return parsed;
  if (!peopleOfPartnership(meeting.partnershipId).some((p) => p.id === parsed.data.toUserId))
    return { ok: false, errors: { toUserId: "Choose who to share the minutes with" }, values };
  if (currentInvitee(meeting.id, parsed.data.toUserId))
    return { ok: false, errors: { toUserId: "That person attends the meeting and already has the minutes" }, values };
  const id = randomUUID();
  getDb()
    .insert(minutesShares)
    .values({
      id,
      meetingId: meeting.id,
      toUserId: parsed.data.toUserId,
      purpose: parsed.data.purpose,
      agreedByChair: actor.userId,
      createdAt: new Date().toISOString(),
    })
    .run();
  meetingAudit(actor, meeting, "meeting.minutes_share", { toUserId: parsed.data.toUserId, shareId: id });
  return { ok: true };
}

// --- The whole state of a meeting, for one actor.

export type InviteeView = {
  userId: string;
  name: string;
  agency: string;
  attendance: Attendance | null;
  attendanceLabel: string;
  acknowledged: boolean;
  isChair: boolean;
};
export type ItemView = {
  id: string;
  position: number;
  caseId: string;
  caseReference: string;
  source: string;
  minutesAllowed: number;
  priority: string;
  /** Null until the actor has acknowledged the confidentiality statement. */
  minutes: string | null;
  minutesVersion: number;
  plan: RiskManagementPlan | null;
  decisions: DecisionView[];
  actions: ActionView[];
  /** What this actor may see of the case; null before acknowledgement or when they may not see it. */
  papers: Papers | null;
};

export type MeetingView = {
  meeting: {
    id: string;
    title: string;
    kind: MeetingKind;
    kindLabel: string;
    family: "clinic" | "mappa";
    status: MeetingStatus;
    statusLabel: string;
    startsAt: string;
    when: string;
    chairUserId: string;
    chair: string;
    confidentialityStatement: string;
    currentItemId: string | null;
    finalisedAt: string | null;
    place: string | null;
    videoLink: string | null;
    agendaPublishedAt: string | null;
  };
  me: { userId: string; isChair: boolean; mayManage: boolean; acknowledgedAt: string | null };
  items: ItemView[];
  invitees: InviteeView[];
};

/** Papers for every item (the default), none, or one item (its page). */
function wantPapers(option: boolean | { itemId: string } | undefined, itemId: string): boolean {
  return option === undefined || option === true || (typeof option === "object" && option.itemId === itemId);
}

function invitees(m: MeetingRow): InviteeView[] {
  return getDb()
    .select({
      userId: users.id,
      name: users.name,
      agency: agencies.name,
      attendance: meetingInvitees.attendance,
      attendanceSetBy: meetingInvitees.attendanceSetBy,
      response: meetingInvitees.response,
      deputyForUserId: meetingInvitees.deputyForUserId,
      acknowledgedAt: meetingInvitees.acknowledgedAt,
    })
    .from(meetingInvitees)
    .innerJoin(users, eq(users.id, meetingInvitees.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(meetingInvitees.meetingId, m.id), isNull(meetingInvitees.removedAt)))
    .orderBy(agencies.name, users.name)
    .all()
    .map((r) => {
      const attendance = shownAttendance(r);
      return {
        userId: r.userId,
        name: r.name,
        agency: r.agency,
        attendance,
        attendanceLabel: attendance
          ? ATTENDANCE_LABELS[attendance]
          : m.status === "planned"
            ? "Not started"
            : "Not yet seen",
        acknowledged: r.acknowledgedAt !== null,
        isChair: r.userId === m.chairUserId,
      };
    });
}

/**
 * Everything about a meeting this actor may see, redacted for them: the meeting, their acknowledgement, the
 * agenda with minutes, decisions, actions and papers (papers read through the gate at the meeting's purpose),
 * and the members. 404 (audited) unless the actor is invited and not removed. Minutes and papers only after
 * the actor has acknowledged the confidentiality statement.
 */
export function meetingView(
  actor: Actor,
  meetingId: string,
  options: { papers?: boolean | { itemId: string } } = {},
): MeetingView {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.view");
  const reader = meetingActor(actor, meeting);
  const acknowledged = invitee.acknowledgedAt !== null;
  const rows = itemsWithReference(meeting.id);
  const decisions = acknowledged ? decisionsOf(meeting.id) : [];
  const actions = acknowledged ? withPermissions(actor, actionsOf(meeting.id)) : [];
  const mappa = meetingFamily(meeting.kind) === "mappa";
  const items: ItemView[] = rows.map(({ i, reference }) => ({
    id: i.id,
    position: i.position,
    caseId: i.caseId,
    caseReference: reference,
    source: i.source,
    minutesAllowed: i.minutesAllowed,
    priority: i.priority,
    minutes: acknowledged ? i.minutes : null,
    minutesVersion: i.minutesVersion,
    plan: acknowledged && mappa ? planOf(i.plan) : null,
    decisions: decisions.filter((d) => d.itemId === i.id),
    actions: actions.filter((a) => a.itemId === i.id),
    papers: acknowledged && wantPapers(options.papers, i.id) ? papersFor(reader, meeting, i) : null,
  }));
  const chairName =
    getDb().select({ name: users.name }).from(users).where(eq(users.id, meeting.chairUserId)).get()?.name ?? "";
  meetingAudit(reader, meeting, "meeting.view", { items: items.length, acknowledged }, null, "allowed");
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      kind: meeting.kind,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      family: meetingFamily(meeting.kind),
      status: meeting.status as MeetingStatus,
      statusLabel: MEETING_STATUS_LABELS[meeting.status as MeetingStatus] ?? meeting.status,
      startsAt: meeting.startsAt,
      when: formatDateTime(meeting.startsAt),
      chairUserId: meeting.chairUserId,
      chair: chairName,
      confidentialityStatement: meeting.confidentialityStatement,
      currentItemId: meeting.currentItemId,
      finalisedAt: meeting.finalisedAt,
      place: meeting.place,
      videoLink: meeting.videoLink,
      agendaPublishedAt: meeting.agendaPublishedAt ? formatDateTime(meeting.agendaPublishedAt) : null,
    },
    me: {
      userId: actor.userId,
      isChair: isChair(actor, meeting),
      mayManage: mayManage(actor, meeting),
      acknowledgedAt: invitee.acknowledgedAt,
    },
    items,
    invitees: invitees(meeting),
  };
}

/** For arranging the meeting (coordinator or chair): candidates to add and people to invite. */
export function arrangeOptions(actor: Actor, meetingId: string) {
  const { meeting } = requireChair(actor, meetingId, "meeting.arrange", true);
  const invited = new Set(invitees(meeting).map((i) => i.userId));
  const candidates = meeting.status === "planned" ? agendaCandidates(meeting) : [];
  meetingAudit(actor, meeting, "meeting.arrange_view", { candidates: candidates.length }, null, "allowed");
  return { candidates, people: peopleOfPartnership(meeting.partnershipId).filter((p) => !invited.has(p.id)) };
}

// --- The minutes, for attendees and (once signed off) those the chair agreed to share them with.

export function minutesRecord(actor: Actor, meetingId: string) {
  const meeting = findMeeting(meetingId);
  const member = meeting ? currentInvitee(meeting.id, actor.userId) : undefined;
  const shared = !!meeting && meeting.status === "finalised" && hasShare(meeting.id, actor.userId);
  if (!meeting || (!member && !shared) || !worksOnCases(actor.roles)) {
    const reason = !meeting ? "not_found" : !worksOnCases(actor.roles) ? "not_case_working" : "not_invited";
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "meeting.minutes_view",
      subjectType: "Meeting",
      subjectId: auditableId(meetingId),
      outcome: "denied",
      detail: { reason },
    });
    throw notFound();
  }
  if (member && !member.acknowledgedAt && meeting.status !== "finalised") throw forbidden();
  const rows = itemsWithReference(meeting.id);
  const decisions = decisionsOf(meeting.id);
  const actions = actionsOf(meeting.id).filter((a) => a.status !== "deleted");
  const mappa = meetingFamily(meeting.kind) === "mappa";
  const chairName =
    getDb().select({ name: users.name }).from(users).where(eq(users.id, meeting.chairUserId)).get()?.name ?? "";
  const shares = isChair(actor, meeting)
    ? getDb()
        .select({
          id: minutesShares.id,
          to: users.name,
          purpose: minutesShares.purpose,
          createdAt: minutesShares.createdAt,
        })
        .from(minutesShares)
        .innerJoin(users, eq(users.id, minutesShares.toUserId))
        .where(eq(minutesShares.meetingId, meeting.id))
        .orderBy(asc(minutesShares.createdAt))
        .all()
        .map((s) => ({ ...s, when: formatDateTime(s.createdAt) }))
    : [];
  meetingAudit(actor, meeting, "meeting.minutes_view", { via: member ? "attendee" : "share" }, null, "allowed");
  const invited = new Set(invitees(meeting).map((i) => i.userId));
  const outcomes = itemOutcomes(
    actor,
    meeting,
    rows.map((r) => r.i),
  );
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      family: meetingFamily(meeting.kind),
      status: meeting.status as MeetingStatus,
      statusLabel: MEETING_STATUS_LABELS[meeting.status as MeetingStatus] ?? meeting.status,
      when: formatDateTime(meeting.startsAt),
      chair: chairName,
      confidentialityStatement: meeting.confidentialityStatement,
      finalisedAt: meeting.finalisedAt ? formatDateTime(meeting.finalisedAt) : null,
    },
    attendance: invitees(meeting),
    structure: minutesStructure(meeting),
    items: rows.map(({ i, reference }) => ({
      id: i.id,
      position: i.position,
      caseReference: reference,
      outcome: outcomes.get(i.id)!,
      minutes: i.minutes,
      plan: mappa ? planOf(i.plan) : null,
      decisions: decisions.filter((d) => d.itemId === i.id),
      actions: actions.filter((a) => a.itemId === i.id),
    })),
    isChair: isChair(actor, meeting) && !!member,
    isMember: !!member,
    shares,
    sharePeople:
      isChair(actor, meeting) && meeting.status === "finalised"
        ? peopleOfPartnership(meeting.partnershipId).filter((p) => !invited.has(p.id))
        : [],
  };
}

/** A meeting's agenda items in order, each with its case's reference (the meeting page, the minutes, the agenda pack). */
export function itemsWithReference(meetingId: string) {
  return getDb()
    .select({ i: meetingItems, reference: cases.reference })
    .from(meetingItems)
    .innerJoin(cases, eq(cases.id, meetingItems.caseId))
    .where(eq(meetingItems.meetingId, meetingId))
    .orderBy(asc(meetingItems.position))
    .all();
}
