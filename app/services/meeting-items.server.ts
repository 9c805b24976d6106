import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, exists, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { defineAbilityFor } from "~/access/ability";
import { actionRecipients } from "~/access/action-recipients.server";
import type { Actor } from "~/access/actor";
import { supervisesAgencyWork } from "~/access/agency-supervision";
import { caseWorkingUserIds, worksOnCases } from "~/access/case-work.server";
import { notFound } from "~/access/gate.server";
import { caseAsRecord, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb, preparedOnce } from "~/db.server";
import {
  isAgendaPriority,
  MINUTES_ALLOWED_MAX,
  MINUTES_ALLOWED_MIN,
  moveItem,
  orderAgenda,
  type AgendaPriority,
} from "~/domain/agenda";
import { formatDate, formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { londonDate } from "~/domain/limitation-deadline";
import { actionDueProblem } from "~/domain/meeting-dates";
import { paperLine } from "~/domain/paper-line";
import { mappaLevelOf, meetingFamily, PLAN_HEADINGS, type RiskManagementPlan } from "~/domain/meeting-kinds";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import {
  agencies,
  caseMembers,
  caseRecords,
  cases,
  clinicReferrals,
  mappaReferrals,
  meetingActions,
  meetingDecisions,
  meetingInvitees,
  meetingItems,
  meetings,
  users,
} from "../../db/schema";
import { parseBody } from "./cases.server";
import {
  auditableId,
  meetingActor,
  meetingAudit,
  requireChair,
  requireMember,
  requireStatus,
  type MeetingParticipant,
  type MeetingRow,
} from "./meeting-access.server";
import { notify } from "./notifications.server";
import {
  casesDueForReview,
  referralPaper,
  referralsAwaitingMeeting,
  type AgendaCandidate,
  type ReferralPaper,
} from "./referral-agenda.server";
import { riskPictureOf } from "./risk-assessment-views.server";
import { assessmentQuery } from "./risk-assessments.server";
import { riskAssessments } from "../../db/schema";

// --- The agenda: candidates from accepted referrals and reviews due, ordered by app/domain/agenda.ts.

export type Candidate = AgendaCandidate & {
  key: string;
  caseReference: string;
  referredAt: string;
  priority: AgendaPriority;
};

function referredAt(source: AgendaCandidate["source"], sourceId: string): string {
  const db = getDb();
  const row =
    source === "clinic_referral"
      ? db.select({ at: clinicReferrals.createdAt }).from(clinicReferrals).where(eq(clinicReferrals.id, sourceId)).get()
      : db.select({ at: mappaReferrals.createdAt }).from(mappaReferrals).where(eq(mappaReferrals.id, sourceId)).get();
  return row?.at ?? "";
}

/** What may go on this meeting's agenda: accepted referrals not yet on one, and cases due for review by its date. */
export function agendaCandidates(m: MeetingRow): Candidate[] {
  const family = meetingFamily(m.kind);
  const level = mappaLevelOf(m.kind);
  const onThis = new Set(
    getDb()
      .select({ caseId: meetingItems.caseId })
      .from(meetingItems)
      .where(eq(meetingItems.meetingId, m.id))
      .all()
      .map((r) => r.caseId),
  );
  const all = [
    ...referralsAwaitingMeeting(family, m.partnershipId, level),
    ...casesDueForReview(family, m.partnershipId, londonToday(new Date(m.startsAt)), level),
  ];
  const refs = new Map(
    all.length
      ? getDb()
          .select({ id: cases.id, reference: cases.reference })
          .from(cases)
          .where(inArray(cases.id, [...new Set(all.map((c) => c.caseId))]))
          .all()
          .map((c) => [c.id, c.reference])
      : [],
  );
  return all
    .filter((c) => !onThis.has(c.caseId))
    .map((c) => ({
      ...c,
      key: `${c.source}:${c.sourceId}`,
      caseReference: refs.get(c.caseId) ?? "",
      referredAt: referredAt(c.source, c.sourceId),
      priority: isAgendaPriority(c.priority) ? c.priority : "routine",
    }));
}

/** Adds the chosen candidates after the items already there, in the agenda's order. Returns how many were added. */
export function addAgendaItems(actor: Actor, meetingId: string, keys: readonly string[]): number {
  const { meeting } = requireChair(actor, meetingId, "meeting.agenda_add", true);
  requireStatus(actor, meeting, ["planned"], "meeting.agenda_add");
  const chosen = agendaCandidates(meeting).filter((c) => keys.includes(c.key));
  const db = getDb();
  const added = db.transaction((tx) => {
    const last =
      tx
        .select({ max: sql<number>`coalesce(max(${meetingItems.position}), 0)` })
        .from(meetingItems)
        .where(eq(meetingItems.meetingId, meeting.id))
        .get()?.max ?? 0;
    const seen = new Set<string>();
    let n = 0;
    for (const c of orderAgenda(chosen)) {
      if (seen.has(c.caseId)) continue; // one item per case per meeting
      seen.add(c.caseId);
      n++;
      tx.insert(meetingItems)
        .values({
          id: randomUUID(),
          meetingId: meeting.id,
          caseId: c.caseId,
          source: c.source,
          sourceId: c.sourceId,
          position: last + n,
          minutesAllowed: c.minutesAllowed,
          priority: c.priority,
        })
        .run();
    }
    return n;
  });
  meetingAudit(actor, meeting, "meeting.agenda_add", { items: added });
  return added;
}

const itemStatement = preparedOnce((db) =>
  db
    .select()
    .from(meetingItems)
    .where(
      and(eq(meetingItems.id, sql.placeholder("itemId")), eq(meetingItems.meetingId, sql.placeholder("meetingId"))),
    )
    .prepare(),
);

function itemOf(meetingId: string, itemId: string) {
  return itemStatement().get({ meetingId, itemId });
}

/** The item of this meeting, or 404 (audited): an id naming another meeting's item is refused. */
export function requireItem(actor: MeetingParticipant, m: MeetingRow, itemId: string, action: string) {
  const item = typeof itemId === "string" && itemId.length <= 64 ? itemOf(m.id, itemId) : undefined;
  if (!item) {
    meetingAudit(actor, m, action, { reason: "item_not_found", itemId: auditableId(itemId) }, null, "denied");
    throw notFound();
  }
  return item;
}

function renumber(tx: Pick<ReturnType<typeof getDb>, "update">, ids: readonly string[]): void {
  ids.forEach((id, i) =>
    tx
      .update(meetingItems)
      .set({ position: i + 1 })
      .where(eq(meetingItems.id, id))
      .run(),
  );
}

function itemIds(meetingId: string): string[] {
  return getDb()
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meetingId))
    .orderBy(asc(meetingItems.position))
    .all()
    .map((r) => r.id);
}

export const AgendaEditSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("agenda-remove"), itemId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("agenda-move"), itemId: z.string().min(1).max(64), direction: z.enum(["up", "down"]) }),
  z.object({
    intent: z.literal("agenda-time"),
    itemId: z.string().min(1).max(64),
    minutesAllowed: z.coerce
      .number({ invalid_type_error: "Enter the time for the item as a number of minutes" })
      .int("Enter the time for the item as a whole number of minutes")
      .min(MINUTES_ALLOWED_MIN, `Time for the item must be at least ${MINUTES_ALLOWED_MIN} minute`)
      .max(MINUTES_ALLOWED_MAX, `Time for the item must be ${MINUTES_ALLOWED_MAX} minutes or fewer`),
  }),
  z.object({ intent: z.literal("agenda-reorder") }),
]);

/** Coordinator or chair edits the agenda before the meeting: remove, move, change time, or re-apply the rule. */
export function editAgenda(
  actor: Actor,
  meetingId: string,
  values: Record<string, string | string[]>,
): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.agenda_edit", true);
  requireStatus(actor, meeting, ["planned"], "meeting.agenda_edit");
  const parsed = parseValues(values, AgendaEditSchema);
  if (!parsed.ok)
    return {
      ok: false,
      errors: parsed.errors.minutesAllowed
        ? { minutesAllowed: parsed.errors.minutesAllowed }
        : { form: "Choose an agenda change" },
    };
  const v = parsed.data;
  const db = getDb();
  if (v.intent === "agenda-reorder") {
    const rows = db.select().from(meetingItems).where(eq(meetingItems.meetingId, meeting.id)).all();
    const ordered = orderAgenda(
      rows.map((r) => ({
        key: r.id,
        priority: isAgendaPriority(r.priority) ? r.priority : "routine",
        referredAt: r.sourceId ? referredAt(r.source as AgendaCandidate["source"], r.sourceId) : "",
      })),
    );
    db.transaction((tx) =>
      renumber(
        tx,
        ordered.map((o) => o.key),
      ),
    );
    meetingAudit(actor, meeting, "meeting.agenda_edit", { change: "reorder" });
    return { ok: true };
  }
  const item = requireItem(actor, meeting, v.itemId, "meeting.agenda_edit");
  db.transaction((tx) => {
    if (v.intent === "agenda-remove") {
      tx.delete(meetingItems).where(eq(meetingItems.id, item.id)).run();
      renumber(tx, itemIds(meeting.id));
    } else if (v.intent === "agenda-move") {
      renumber(tx, moveItem(itemIds(meeting.id), item.id, v.direction));
    } else {
      tx.update(meetingItems).set({ minutesAllowed: v.minutesAllowed }).where(eq(meetingItems.id, item.id)).run();
    }
  });
  meetingAudit(
    actor,
    meeting,
    "meeting.agenda_edit",
    { change: v.intent.replace("agenda-", ""), itemId: item.id },
    item.caseId,
  );
  return { ok: true };
}

// --- Papers: what THIS attendee may see of each case, through the gate at the meeting's purpose.

/** `line` is the title and summary said once (app/domain/paper-line.ts); shown instead of both. */
export type PaperRecord = {
  id: string;
  title: string;
  summary: string;
  line: string;
  level: "full" | "summary";
  ownerAgency: string;
  on: string;
  detail: string | Withheld | null;
};
export type Papers = {
  /** The referral that brought the case to the meeting: the first paper. Null for an item without one. */
  referral: ReferralPaper | null;
  riskPicture: ReturnType<typeof riskPictureOf>["entries"];
  incidents: PaperRecord[];
  orders: PaperRecord[];
  breaches: PaperRecord[];
  /** Other information the agencies hold (notes), as far as this attendee may see it. */
  notes: PaperRecord[];
  /** Documents and evidence (issue 20): listed as far as this attendee may see them; opened from the case. */
  documents: PaperRecord[];
  openActions: ActionView[];
};

const PAPER_LIMIT = 10;

function recordsOfKind(actor: Actor, caseId: string, kind: string, detailField: string | null): PaperRecord[] {
  const ability = defineAbilityFor(actor);
  const rows = getDb()
    .select({ r: caseRecords, ownerAgency: agencies.name, chargingReferredAt: cases.chargingReferredAt })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(
      and(
        eq(caseRecords.caseId, caseId),
        eq(caseRecords.kind, kind),
        isNull(caseRecords.retractedAt),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(caseRecords.createdAt), desc(caseRecords.id))
    .limit(PAPER_LIMIT)
    .all();
  const out: PaperRecord[] = [];
  for (const { r, ownerAgency, chargingReferredAt } of rows) {
    const red = redact(
      actor,
      recordAttributes(r, chargingReferredAt),
      { title: r.title, summary: r.summary, body: parseBody(r.body) },
      ownerAgency,
      ability,
    );
    if (!red) continue;
    const body = red.body as Record<string, unknown>;
    const detail = !detailField
      ? null
      : red.level === "full"
        ? typeof body[detailField] === "string"
          ? (body[detailField] as string)
          : ""
        : withheld(ownerAgency);
    out.push({
      id: r.id,
      title: red.title,
      summary: red.summary,
      line: paperLine(red.title, red.summary),
      level: red.level,
      ownerAgency,
      on: formatDate(r.createdAt),
      detail,
    });
  }
  return out;
}

/**
 * One case's papers for one attendee. `actor` must be the attendee reading at the meeting's purpose; returns
 * null when the attendee may not see the case at all (then nothing of it is shown).
 */
export function papersFor(
  actor: Actor,
  m: MeetingRow,
  item: { caseId: string; source: string; sourceId: string | null },
): Papers | null {
  const { caseId } = item;
  const c = getDb()
    .select({ id: cases.id, leadAgencyId: cases.leadAgencyId, chargingReferredAt: cases.chargingReferredAt })
    .from(cases)
    .where(eq(cases.id, caseId))
    .get();
  if (!c || accessLevel(actor, caseAsRecord(c)) === "none") return null;
  const assessments = assessmentQuery()
    .where(and(eq(riskAssessments.caseId, caseId), scope(actor, "read_summary", "CaseRecord", caseRecordColumns)))
    .orderBy(desc(caseRecords.createdAt), desc(caseRecords.id))
    .all();
  const papers: Papers = {
    referral: referralPaper(item.source, item.sourceId),
    riskPicture: riskPictureOf(actor, assessments).entries,
    incidents: recordsOfKind(actor, caseId, "incident", "text"),
    orders: recordsOfKind(actor, caseId, "protective_order", null),
    breaches: recordsOfKind(actor, caseId, "breach", "description"),
    notes: recordsOfKind(actor, caseId, "note", "text"),
    documents: recordsOfKind(actor, caseId, "document", "description"),
    openActions: openActionsOfCase(actor, caseId),
  };
  meetingAudit(
    actor,
    m,
    "meeting.papers_view",
    {
      referral: papers.referral !== null,
      risk: papers.riskPicture.length,
      incidents: papers.incidents.length,
      orders: papers.orders.length,
      breaches: papers.breaches.length,
      notes: papers.notes.length,
      documents: papers.documents.length,
      actions: papers.openActions.length,
    },
    caseId,
    "allowed",
  );
  return papers;
}

// --- Decisions and actions.

export type DecisionView = {
  id: string;
  itemId: string;
  text: string;
  createdBy: string;
  createdAt: string;
  when: string;
};
export type ActionView = {
  id: string;
  itemId: string;
  meetingId: string;
  caseId: string;
  text: string;
  owner: string;
  ownerUserId: string | null;
  ownerAgencyId: string | null;
  dueOn: string;
  due: string;
  overdue: boolean;
  status: "open" | "done" | "deleted";
  completionNote: string | null;
  deletionReason: string | null;
  /** What the rules in app/access/meeting-actions.ts let the reader do (false until worked out for them). */
  mayChange: boolean;
  mayComplete: boolean;
};

const ownerUser = sql<string | null>`(SELECT name FROM users WHERE users.id = ${meetingActions.ownerUserId})`;
const ownerAgency = sql<string | null>`(SELECT name FROM agencies WHERE agencies.id = ${meetingActions.ownerAgencyId})`;

function toActionView(
  r: typeof meetingActions.$inferSelect & { ownerUser: string | null; ownerAgency: string | null },
  today: string,
): ActionView {
  return {
    id: r.id,
    itemId: r.itemId,
    meetingId: r.meetingId,
    caseId: r.caseId,
    text: r.text,
    owner: r.ownerUser ?? r.ownerAgency ?? "",
    ownerUserId: r.ownerUserId,
    ownerAgencyId: r.ownerAgencyId,
    dueOn: r.dueOn,
    due: formatDate(r.dueOn),
    overdue: r.status === "open" && r.dueOn < today,
    status: r.status === "done" || r.status === "deleted" ? r.status : "open",
    completionNote: r.completionNote,
    deletionReason: r.deletionReason,
    mayChange: false,
    mayComplete: false,
  };
}

const actionColumns = { a: meetingActions, ownerUser, ownerAgency };

/** Open actions on a case from meetings the actor is invited to (actions are meeting content). */
function openActionsOfCase(actor: Actor, caseId: string): ActionView[] {
  const today = londonToday(new Date());
  return getDb()
    .select(actionColumns)
    .from(meetingActions)
    .innerJoin(
      meetingInvitees,
      and(
        eq(meetingInvitees.meetingId, meetingActions.meetingId),
        eq(meetingInvitees.userId, actor.userId),
        isNull(meetingInvitees.removedAt),
      ),
    )
    .where(and(eq(meetingActions.caseId, caseId), eq(meetingActions.status, "open")))
    .orderBy(asc(meetingActions.dueOn))
    .all()
    .map((r) => toActionView({ ...r.a, ownerUser: r.ownerUser, ownerAgency: r.ownerAgency }, today));
}

export function decisionsOf(meetingId: string): DecisionView[] {
  return getDb()
    .select({ d: meetingDecisions, by: users.name })
    .from(meetingDecisions)
    .innerJoin(users, eq(users.id, meetingDecisions.createdBy))
    .where(eq(meetingDecisions.meetingId, meetingId))
    .orderBy(asc(meetingDecisions.createdAt), asc(meetingDecisions.id))
    .all()
    .map(({ d, by }) => ({
      id: d.id,
      itemId: d.itemId,
      text: d.text,
      createdBy: by,
      createdAt: d.createdAt,
      when: formatDateTime(d.createdAt),
    }));
}

export function actionsOf(meetingId: string): ActionView[] {
  const today = londonToday(new Date());
  return getDb()
    .select(actionColumns)
    .from(meetingActions)
    .where(eq(meetingActions.meetingId, meetingId))
    .orderBy(asc(meetingActions.createdAt), asc(meetingActions.id))
    .all()
    .map((r) => toActionView({ ...r.a, ownerUser: r.ownerUser, ownerAgency: r.ownerAgency }, today));
}

export const TEXT_MAX = 2000;
const textField = (missing: string, label: string) =>
  z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .min(1, missing)
    .max(TEXT_MAX, `${label} must be ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer`);

const DecisionSchema = z.object({ text: textField("Enter the decision", "The decision") });

export type AddResult<T> =
  { ok: true; row: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

const WRITABLE = ["open", "closed"] as const;

/** Records a decision against an item (any invitee who has acknowledged the statement; open or closed meetings). */
export function addDecision(
  actor: Actor,
  meetingId: string,
  itemId: string,
  values: Record<string, string | string[]>,
): AddResult<DecisionView> {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.decision_add");
  requireAcknowledged(actor, meeting, invitee, "meeting.decision_add");
  requireStatus(actor, meeting, WRITABLE, "meeting.decision_add");
  const item = requireItem(actor, meeting, itemId, "meeting.decision_add");
  const parsed = parseValues(values, DecisionSchema);
  if (!parsed.ok) return parsed;
  const id = randomUUID();
  const at = new Date().toISOString();
  getDb()
    .insert(meetingDecisions)
    .values({
      id,
      meetingId: meeting.id,
      itemId: item.id,
      text: parsed.data.text,
      createdBy: actor.userId,
      createdAt: at,
    })
    .run();
  meetingAudit(actor, meeting, "meeting.decision_add", { itemId: item.id, decisionId: id }, item.caseId);
  return {
    ok: true,
    row: {
      id,
      itemId: item.id,
      text: parsed.data.text,
      createdBy: actor.name,
      createdAt: at,
      when: formatDateTime(at),
    },
  };
}

export const ActionText = textField("Enter the action", "The action");
/** `user:<id>` or `agency:<id>`; whether it is one of the meeting's owner choices is checked after. */
export const OwnerField = z
  .string({ required_error: "Choose who owns the action", invalid_type_error: "Choose who owns the action" })
  .trim()
  .regex(/^(user|agency):[A-Za-z0-9-]{1,64}$/, "Choose who owns the action");

const ActionSchema = z.object({
  text: ActionText,
  owner: OwnerField,
  due: dateField("Due date", "Enter the date the action is due"),
});

/**
 * Records an action: owned by a person or an agency (one is required), with a due date. The owner must be an
 * active person or an agency of the meeting's partnership.
 */
export function addAction(
  actor: Actor,
  meetingId: string,
  itemId: string,
  values: Record<string, string | string[]>,
): AddResult<ActionView> {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.action_add");
  requireAcknowledged(actor, meeting, invitee, "meeting.action_add");
  requireStatus(actor, meeting, WRITABLE, "meeting.action_add");
  const item = requireItem(actor, meeting, itemId, "meeting.action_add");
  const parsed = parseValues(withDateParts(values, ["due"]) as Record<string, string | string[]>, ActionSchema);
  if (!parsed.ok) return { ...parsed, values };
  const [kind, ownerId] = parsed.data.owner.split(":") as ["user" | "agency", string];
  const owner = ownerChoices(meeting).find((o) => o.value === parsed.data.owner);
  const dueProblem = actionDueProblem(parsed.data.due, londonDate(meeting.startsAt));
  if (!owner || dueProblem)
    return {
      ok: false,
      errors: { ...(owner ? {} : { owner: "Choose who owns the action" }), ...(dueProblem ? { due: dueProblem } : {}) },
      values,
    };
  const id = randomUUID();
  const at = new Date().toISOString();
  const row = {
    id,
    meetingId: meeting.id,
    itemId: item.id,
    caseId: item.caseId,
    text: parsed.data.text,
    ownerUserId: kind === "user" ? ownerId : null,
    ownerAgencyId: kind === "agency" ? ownerId : null,
    dueOn: parsed.data.due,
    createdBy: actor.userId,
    createdAt: at,
    status: "open" as const,
    updatedAt: null,
    updatedBy: null,
    completedAt: null,
    completedBy: null,
    completionNote: null,
    deletedAt: null,
    deletedBy: null,
    deletionReason: null,
    overdueToldOn: null,
  };
  const push = getDb().transaction((tx) => {
    tx.insert(meetingActions).values(row).run();
    // Those it reaches are told (in Concord and by email: the owner, or the owning agency's supervisors and officer
    // in the case), with a link to the action's own page; their home pages list it.
    const told = actionRecipients(row, item.caseId).filter((id) => id !== actor.userId);
    return notify(
      tx,
      told,
      {
        kind: "action_assigned",
        text: "An action from a meeting is assigned to you.",
        href: `/meetings/${meeting.id}/actions/${id}`,
        caseId: item.caseId,
      },
      at,
    );
  });
  push();
  meetingAudit(actor, meeting, "meeting.action_add", { itemId: item.id, actionId: id, ownerKind: kind }, item.caseId);
  return {
    ok: true,
    row: toActionView(
      { ...row, ownerUser: kind === "user" ? owner.text : null, ownerAgency: kind === "agency" ? owner.text : null },
      londonToday(new Date()),
    ),
  };
}

/** People (active, in the partnership, working on cases) and agencies an action may be given to, as select options. */
export function ownerChoices(m: Pick<MeetingRow, "partnershipId">): { value: string; text: string }[] {
  const db = getDb();
  const agencyRows = db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.partnershipId, m.partnershipId))
    .orderBy(agencies.name)
    .all();
  const people = db
    .select({ id: users.id, name: users.name, agency: agencies.name })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(agencies.partnershipId, m.partnershipId),
        eq(users.status, "active"),
        inArray(users.id, caseWorkingUserIds()),
      ),
    )
    .orderBy(users.name)
    .all();
  return [
    ...people.map((p) => ({ value: `user:${p.id}`, text: `${p.name} (${p.agency})` })),
    ...agencyRows.map((a) => ({ value: `agency:${a.id}`, text: a.name })),
  ];
}

export type HomeAction = ActionView & { caseReference: string; meetingTitle: string; ownedBy: "you" | "agency" };

/**
 * Open actions for the home page, those that reach the actor (app/access/meeting-actions.ts, the same rule in SQL):
 * their own; their agency's, for its supervisors and, on a case where they are the officer in the case, for them.
 * Due soonest first.
 */
export function actionsForHome(actor: Actor): HomeAction[] {
  if (!worksOnCases(actor.roles)) return [];
  const today = londonToday(new Date());
  const supervisor = supervisesAgencyWork(actor);
  const officerInCase = exists(
    getDb()
      .select({ one: caseMembers.caseId })
      .from(caseMembers)
      .where(
        and(
          eq(caseMembers.caseId, meetingActions.caseId),
          eq(caseMembers.userId, actor.userId),
          eq(caseMembers.roleInCase, "officer_in_case"),
          isNull(caseMembers.removedAt),
        ),
      ),
  );
  const rows = getDb()
    .select({ ...actionColumns, reference: cases.reference, title: meetings.title })
    .from(meetingActions)
    .innerJoin(cases, eq(cases.id, meetingActions.caseId))
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .where(
      and(
        eq(meetingActions.status, "open"),
        or(
          eq(meetingActions.ownerUserId, actor.userId),
          and(
            isNull(meetingActions.ownerUserId),
            eq(meetingActions.ownerAgencyId, actor.agencyId),
            supervisor ? undefined : officerInCase,
          ),
        ),
      ),
    )
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.id))
    .limit(50)
    .all();
  return rows.map((r) => ({
    ...toActionView({ ...r.a, ownerUser: r.ownerUser, ownerAgency: r.ownerAgency }, today),
    caseReference: r.reference,
    meetingTitle: r.title,
    ownedBy: r.a.ownerUserId === actor.userId ? "you" : "agency",
  }));
}

// --- The MAPPA B risk management plan, per item.

export function planOf(raw: string): RiskManagementPlan {
  const body = parseBody(raw);
  return Object.fromEntries(
    PLAN_HEADINGS.map(([key]) => [key, typeof body[key] === "string" ? (body[key] as string) : ""]),
  ) as RiskManagementPlan;
}

const PlanSchema = z.object(
  Object.fromEntries(
    PLAN_HEADINGS.map(([key, label]) => [
      key,
      z
        .string({ invalid_type_error: `Enter ${label.toLowerCase()}` })
        .trim()
        .max(TEXT_MAX * 2, `${label} must be ${(TEXT_MAX * 2).toLocaleString("en-GB")} characters or fewer`)
        .default(""),
    ]),
  ) as Record<keyof RiskManagementPlan, z.ZodDefault<z.ZodString>>,
);

/** The chair records an item's risk management plan (MAPPA meetings), while open or closed. */
export function saveItemPlan(
  actor: Actor,
  meetingId: string,
  itemId: string,
  values: Record<string, string | string[]>,
):
  | { ok: true; plan: RiskManagementPlan }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> } {
  const { meeting } = requireChair(actor, meetingId, "meeting.plan_save");
  requireStatus(actor, meeting, WRITABLE, "meeting.plan_save");
  const item = requireItem(actor, meeting, itemId, "meeting.plan_save");
  if (meetingFamily(meeting.kind) !== "mappa")
    return { ok: false, errors: { form: "Only MAPPA meetings record a risk management plan here" }, values };
  const parsed = parseValues(values, PlanSchema);
  if (!parsed.ok) return parsed;
  const plan = parsed.data as RiskManagementPlan;
  getDb()
    .update(meetingItems)
    .set({ plan: JSON.stringify(plan), planVersion: item.planVersion + 1 })
    .where(eq(meetingItems.id, item.id))
    .run();
  meetingAudit(actor, meeting, "meeting.plan_save", { itemId: item.id }, item.caseId);
  return { ok: true, plan };
}

/** Papers, minutes and writing wait until the attendee has acknowledged the confidentiality statement. */
export function requireAcknowledged(
  actor: MeetingParticipant,
  m: MeetingRow,
  invitee: { acknowledgedAt: string | null },
  action: string,
): void {
  if (invitee.acknowledgedAt) return;
  meetingAudit(actor, m, action, { reason: "not_acknowledged" }, null, "denied");
  throw new Response("Acknowledge the confidentiality statement first", { status: 403, statusText: "Forbidden" });
}

export { meetingActor };
