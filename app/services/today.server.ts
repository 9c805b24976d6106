import { aliasedTable, and, asc, count, desc, eq, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { worksOnCases } from "~/access/case-work.server";
import { can } from "~/access/gate.server";
import { caseRecordColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate, formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { londonWallClockToUtc } from "~/domain/limitation-deadline";
import { MEETING_KIND_LABELS, type MeetingKind } from "~/domain/meeting-kinds";
import { orderToday, toneFor, whenText, type TodayEntry } from "~/domain/today";
import {
  agencies,
  caseMembers,
  caseRecords,
  cases,
  clinicReferrals,
  meetingActions,
  meetingInvitees,
  meetings,
  preSentenceReports,
  recordShares,
  shareAcknowledgements,
  users,
} from "../../db/schema";
import { kindsFor } from "./meetings.server";
import { activeShare, addressedTo } from "./shares.server";
import type { HomeTask } from "./tasks.server";
import type { HomeAction } from "./meeting-items.server";
import type { InputRequest } from "./pre-sentence-requests.server";
import type { WaitingReport } from "./pre-sentence.server";
import type { HomeAssessment } from "./risk-assessment-views.server";
import type { SpoOutstanding } from "./spo-considerations.server";
import type { ChargingDeadline } from "./offences.server";
import type { VictimUpdateDue } from "./victim-care.server";

/** How far ahead the list looks for hearings and meetings. */
export const HEARINGS_AHEAD_DAYS = 28;
export const MEETINGS_AHEAD_DAYS = 7;
/**
 * Each source read in this module gives at most this many entries; the full lists are a link away. The lists the
 * home page reads elsewhere (tasks, countersigning, charging deadlines, ...) were its full sections and keep their
 * own bounds, so folding them into this one list dropped nothing.
 */
const EACH = 10;

/** What the home page already read (app/services/my-work.server.ts), so nothing is read twice. */
export type HomeParts = {
  myTasks: HomeTask[];
  /** Overdue tasks on the cases the person works on, theirs and others' (their own are listed from myTasks). */
  overdueTasks: HomeTask[];
  meetingActions: HomeAction[];
  psrQuestions: InputRequest[];
  psrToSignOff: WaitingReport[] | null;
  toCountersign: HomeAssessment[];
  reviewsDue: HomeAssessment[];
  spoOutstanding: { cases: SpoOutstanding[]; days: number } | null;
  chargingDeadlines: ChargingDeadline[];
  victimUpdatesDue: VictimUpdateDue[];
};

/**
 * The person's "today" list. Every source starts from what is theirs (their tasks, their reports, their
 * invitations, their notifications, their agency's submissions, their partnership's triage queue for a
 * coordinator) and is bounded in SQL through the gate; nothing they may not see is read, listed or counted.
 */
export function todayList(actor: Actor, parts: HomeParts, now = new Date()): TodayEntry[] {
  const today = londonToday(now);
  const entries: TodayEntry[] = [];
  const dated = (on: string, past = "Overdue by") => ({ text: whenText(today, on, past), tone: toneFor(today, on) });

  // Tasks: all of the person's own open tasks, then overdue tasks others own on the cases they work on.
  for (const t of parts.myTasks) {
    entries.push({
      group: "tasks",
      key: `task-${t.id}`,
      text: t.title,
      href: `/cases/${t.caseId}/tasks`,
      hint: `Task on case ${t.reference}, due ${formatDate(t.dueOn)}`,
      status: dated(t.dueOn),
      on: t.dueOn,
    });
  }
  for (const t of parts.overdueTasks.filter((t) => !t.mine)) {
    entries.push({
      group: "tasks",
      key: `task-${t.id}`,
      text: t.title,
      href: `/cases/${t.caseId}/tasks`,
      hint: `Task on case ${t.reference} for ${t.owner}, due ${formatDate(t.dueOn)}`,
      status: dated(t.dueOn),
      on: t.dueOn,
    });
  }
  for (const a of parts.meetingActions) {
    entries.push({
      group: "tasks",
      key: `action-${a.id}`,
      text: a.text,
      href: `/meetings/${a.meetingId}/actions/${a.id}`,
      hint: `Action from ${a.meetingTitle}, case ${a.caseReference}${a.ownedBy === "agency" ? `, for your agency (${a.owner})` : ""}, due ${formatDate(a.dueOn)}`,
      status: dated(a.dueOn),
      on: a.dueOn,
    });
  }
  for (const r of parts.psrToSignOff ?? []) {
    entries.push({
      group: "sign_off",
      key: `psr-sign-${r.reportId}`,
      text: `Sign off pre-sentence input for case ${r.reference}`,
      href: r.href,
      hint: `By ${r.author}, submitted ${formatDate(r.submittedAt)}, sentencing on ${formatDate(r.hearingOn)}`,
      status: dated(r.hearingOn, "Hearing was"),
      on: r.hearingOn,
    });
  }
  for (const a of parts.toCountersign) {
    entries.push({
      group: "sign_off",
      key: `countersign-${a.recordId}`,
      text: `Countersign the ${a.instrument} on case ${a.caseReference}`,
      href: a.href,
      hint: "Submitted for countersignature",
      status: { text: "Waiting", tone: "yellow" },
      on: null,
    });
  }
  for (const d of parts.chargingDeadlines) {
    entries.push({
      group: "charging",
      key: `charge-${d.recordId}`,
      text: `Charging decision for ${d.offence} on case ${d.caseReference}`,
      href: `/cases/${d.caseId}/offences/${d.recordId}`,
      hint: `Last day to charge ${d.lastDayText}`,
      status: dated(d.lastDay, "Passed by"),
      on: d.lastDay,
    });
  }
  for (const c of parts.spoOutstanding?.cases ?? []) {
    entries.push({
      group: "spo",
      key: `spo-${c.id}`,
      text: `Stalking protection order not yet considered on case ${c.reference}`,
      href: `/cases/${c.id}/orders`,
      hint: `Open ${c.daysOpen} days; it should be considered within ${parts.spoOutstanding!.days} days`,
      status: { text: "Outstanding", tone: "red" },
      on: null,
    });
  }
  for (const a of parts.reviewsDue) {
    entries.push({
      group: "reviews",
      key: `review-${a.recordId}`,
      text: `Review the ${a.instrument} on case ${a.caseReference}`,
      href: `/cases/${a.caseId}/risk/${a.recordId}`,
      hint: a.dueOn ? `Review due ${formatDate(a.dueOn)}` : "Review due",
      status: a.dueOn ? dated(a.dueOn) : { text: "Due", tone: "red" },
      on: a.dueOn,
    });
  }
  for (const v of parts.victimUpdatesDue) {
    entries.push({
      group: "victims",
      key: `victim-update-${v.caseId}`,
      text: `Update the victim on case ${v.reference}`,
      href: `/cases/${v.caseId}/victim-care#updates`,
      hint: `Next agreed update ${formatDate(v.nextDueOn)}`,
      status: dated(v.nextDueOn),
      on: v.nextDueOn,
    });
  }
  for (const q of parts.psrQuestions.filter((q) => q.status === "open")) {
    entries.push({
      group: "pre_sentence",
      key: `question-${q.id}`,
      text: `Answer a question for pre-sentence input: ${q.section}`,
      href: `/cases/${q.caseId}/pre-sentence/requests/${q.id}`,
      hint: `Case ${q.reference}, sentencing at ${q.court} on ${formatDate(q.hearingOn)}; asked by ${q.requestedBy}, due ${formatDate(q.dueOn)}`,
      status: dated(q.dueOn),
      on: q.dueOn,
    });
  }
  entries.push(
    ...preSentenceEntries(actor, today),
    ...clinicTriageEntries(actor),
    ...meetingEntries(actor, now, today),
    ...invitationEntries(actor, now, today),
    ...repliesOutstandingEntries(actor, now, today),
    ...chairedActionEntries(actor, today),
    ...shareEntries(actor, now),
  );
  return orderToday(entries);
}

/** Cases where the person is a current team member, as a subquery (their own work, through case_members_user). */
function myCaseIds(actor: Actor) {
  return getDb()
    .select({ caseId: caseMembers.caseId })
    .from(caseMembers)
    .where(and(eq(caseMembers.userId, actor.userId), isNull(caseMembers.removedAt)));
}

/**
 * The court team's (any author's) own pre-sentence input on cases they work on: drafts and reports returned for
 * changes (whatever the hearing date), and sentencing hearings ahead. Read through the gate as records (their
 * agency's, on their team).
 */
function preSentenceEntries(actor: Actor, today: string): TodayEntry[] {
  if (!worksOnCases(actor.roles)) return [];
  const rows = getDb()
    .select({
      id: caseRecords.id,
      caseId: cases.id,
      reference: cases.reference,
      court: preSentenceReports.court,
      hearingOn: preSentenceReports.hearingOn,
      state: preSentenceReports.state,
      returnedAt: preSentenceReports.returnedAt,
      returnReason: preSentenceReports.returnReason,
    })
    .from(preSentenceReports)
    .innerJoin(caseRecords, eq(caseRecords.id, preSentenceReports.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        inArray(preSentenceReports.caseId, myCaseIds(actor)),
        eq(caseRecords.authorUserId, actor.userId),
        isNull(caseRecords.retractedAt),
        or(eq(preSentenceReports.state, "draft"), gte(preSentenceReports.hearingOn, today)),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(preSentenceReports.hearingOn))
    .limit(EACH)
    .all();
  const out: TodayEntry[] = [];
  for (const r of rows) {
    const href = `/cases/${r.caseId}/pre-sentence/${r.id}`;
    if (r.state === "draft" && r.returnedAt) {
      out.push({
        group: "pre_sentence",
        key: `psr-returned-${r.id}`,
        text: `Make the changes asked for to your pre-sentence input for case ${r.reference}`,
        href,
        hint: `Returned on ${formatDate(r.returnedAt)}${r.returnReason ? `: ${r.returnReason}` : ""}`,
        status: { text: "Returned", tone: "red" },
        on: null,
      });
    } else if (r.state === "draft") {
      out.push({
        group: "pre_sentence",
        key: `psr-draft-${r.id}`,
        text: `Finish your draft pre-sentence input for case ${r.reference}`,
        href,
        hint: `Sentencing at ${r.court} on ${formatDate(r.hearingOn)}`,
        status: { text: "Draft", tone: "grey" },
        on: r.hearingOn,
      });
    }
    if (r.hearingOn >= today)
      out.push({
        group: "pre_sentence",
        key: `hearing-${r.id}`,
        text: `Sentencing hearing for case ${r.reference}`,
        href,
        hint: `${r.court}, ${formatDate(r.hearingOn)}`,
        status: {
          text: whenText(today, r.hearingOn),
          tone: toneFor(today, r.hearingOn) === "red" ? "yellow" : toneFor(today, r.hearingOn),
        },
        on: r.hearingOn,
      });
  }
  return out;
}

/**
 * The clinic coordinator's referrals awaiting triage, oldest first: the queue they already see in full (their
 * partnership's), so a count of the rest says nothing they may not know.
 */
function clinicTriageEntries(actor: Actor): TodayEntry[] {
  if (!can(actor, "triage_clinic_referral", { partnershipId: actor.partnershipId })) return [];
  const db = getDb();
  const partnership = actor.partnershipId;
  const referrer = aliasedTable(agencies, "referrer");
  const waiting = and(eq(clinicReferrals.status, "pending"), eq(referrer.partnershipId, partnership));
  const rows = db
    .select({
      id: clinicReferrals.id,
      reference: cases.reference,
      createdAt: clinicReferrals.createdAt,
      from: referrer.name,
      risk: clinicReferrals.currentRisk,
    })
    .from(clinicReferrals)
    .innerJoin(referrer, eq(referrer.id, clinicReferrals.referrerAgencyId))
    .innerJoin(cases, eq(cases.id, clinicReferrals.caseId))
    .where(waiting)
    .orderBy(asc(clinicReferrals.createdAt), asc(clinicReferrals.id))
    .limit(EACH)
    .all();
  const out: TodayEntry[] = rows.map((r) => ({
    group: "referrals",
    key: `triage-${r.id}`,
    text: `Triage the clinic referral for case ${r.reference}`,
    href: `/clinic/referrals/${r.id}`,
    hint: `From ${r.from}, ${formatDate(r.createdAt)}; current risk ${r.risk}`,
    status: { text: "Awaiting triage", tone: r.risk === "high" ? "red" : "yellow" },
    on: null,
  }));
  if (rows.length === EACH) {
    const all =
      db
        .select({ n: count() })
        .from(clinicReferrals)
        .innerJoin(referrer, eq(referrer.id, clinicReferrals.referrerAgencyId))
        .where(waiting)
        .get()?.n ?? 0;
    if (all > EACH)
      out.push({
        group: "referrals",
        key: "triage-more",
        text: `${all - EACH} more clinic referrals awaiting triage`,
        href: "/clinic/referrals",
        hint: "The triage queue, oldest first",
        status: { text: "Awaiting triage", tone: "yellow" },
        on: null,
      });
  }
  return out;
}

/**
 * Meetings in the coming week that the person chairs, is invited to, or (a coordinator) arranges in their
 * partnership. Meetings are case content, so only case-working roles are shown any (decision 0024).
 */
function meetingEntries(actor: Actor, now: Date, today: string): TodayEntry[] {
  if (!worksOnCases(actor.roles)) return [];
  const db = getDb();
  const invited = db
    .select({ id: meetingInvitees.meetingId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.userId, actor.userId), isNull(meetingInvitees.removedAt)));
  const kinds = kindsFor(actor);
  const partnership = kinds.length ? actor.partnershipId : null;
  const theirs = [eq(meetings.chairUserId, actor.userId), inArray(meetings.id, invited)];
  if (partnership) theirs.push(and(eq(meetings.partnershipId, partnership), inArray(meetings.kind, kinds))!);
  // From the start of today (London), so a meeting earlier today that has not been opened is still there.
  const from = londonWallClockToUtc(today, "00:00") ?? `${today}T00:00:00.000Z`;
  const until = new Date(now.getTime() + MEETINGS_AHEAD_DAYS * 86_400_000).toISOString();
  const rows = db
    .select({
      id: meetings.id,
      title: meetings.title,
      kind: meetings.kind,
      startsAt: meetings.startsAt,
      status: meetings.status,
      chairUserId: meetings.chairUserId,
      invited: sql<number>`${meetings.id} IN ${invited}`,
    })
    .from(meetings)
    .where(
      and(
        or(...theirs),
        inArray(meetings.status, ["planned", "open"]),
        gte(meetings.startsAt, from),
        lt(meetings.startsAt, until),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(EACH)
    .all();
  return rows.map((m) => {
    const on = londonToday(new Date(m.startsAt));
    const verb = m.chairUserId === actor.userId ? "Chair" : m.invited ? "Attend" : "Coordinate";
    return {
      group: "meetings" as const,
      key: `meeting-${m.id}`,
      text: `${verb} ${m.title}`,
      href: `/meetings/${m.id}`,
      hint: `${MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind}, ${formatDateTime(m.startsAt)}`,
      status:
        m.status === "open"
          ? { text: "In progress", tone: "red" as const }
          : { text: whenText(today, on), tone: on === today ? ("yellow" as const) : ("blue" as const) },
      on,
    };
  });
}

/**
 * The person's own invitations to planned meetings not yet held (issue 15): to reply to while their reply is
 * pending, and their papers to read once the agenda is published. Any date ahead: a reply is wanted early.
 */
function invitationEntries(actor: Actor, now: Date, today: string): TodayEntry[] {
  if (!worksOnCases(actor.roles)) return [];
  const rows = getDb()
    .select({
      id: meetings.id,
      title: meetings.title,
      kind: meetings.kind,
      startsAt: meetings.startsAt,
      response: meetingInvitees.response,
      published: meetings.agendaPublishedAt,
      acknowledgedAt: meetingInvitees.acknowledgedAt,
    })
    .from(meetingInvitees)
    .innerJoin(meetings, eq(meetings.id, meetingInvitees.meetingId))
    .where(
      and(
        eq(meetingInvitees.userId, actor.userId),
        isNull(meetingInvitees.removedAt),
        eq(meetings.status, "planned"),
        gte(meetings.startsAt, now.toISOString()),
        or(eq(meetingInvitees.response, "pending"), sql`${meetings.agendaPublishedAt} IS NOT NULL`),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(EACH)
    .all();
  const out: TodayEntry[] = [];
  for (const m of rows) {
    const on = londonToday(new Date(m.startsAt));
    const hint = `${MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind}, ${formatDateTime(m.startsAt)}`;
    if (m.response === "pending")
      out.push({
        group: "meetings",
        key: `reply-${m.id}`,
        text: `Reply to the invitation: ${m.title}`,
        href: `/meetings/${m.id}/invitation`,
        hint,
        status: { text: "Reply needed", tone: on === today ? "red" : "yellow" },
        on,
      });
    if (m.published)
      out.push({
        group: "meetings",
        key: `papers-${m.id}`,
        text: `Read your papers for ${m.title}`,
        href: m.acknowledgedAt ? `/meetings/${m.id}/pack` : `/meetings/${m.id}`,
        hint: m.acknowledgedAt ? hint : `${hint}; acknowledge the confidentiality statement first`,
        status: { text: "Papers ready", tone: "blue" },
        on,
      });
  }
  return out;
}

/** A coordinator's planned meetings (their partnership, their kinds) with replies still outstanding from others. */
function repliesOutstandingEntries(actor: Actor, now: Date, today: string): TodayEntry[] {
  const kinds = kindsFor(actor);
  const partnership = kinds.length && worksOnCases(actor.roles) ? actor.partnershipId : null;
  if (!partnership) return [];
  const pending = sql<number>`count(*)`;
  const rows = getDb()
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, pending })
    .from(meetings)
    .innerJoin(
      meetingInvitees,
      and(
        eq(meetingInvitees.meetingId, meetings.id),
        isNull(meetingInvitees.removedAt),
        eq(meetingInvitees.response, "pending"),
        ne(meetingInvitees.userId, actor.userId),
      ),
    )
    .where(
      and(
        eq(meetings.partnershipId, partnership),
        inArray(meetings.kind, kinds),
        eq(meetings.status, "planned"),
        gte(meetings.startsAt, now.toISOString()),
      ),
    )
    .groupBy(meetings.id)
    .orderBy(asc(meetings.startsAt))
    .limit(EACH)
    .all();
  return rows.map((m) => {
    const on = londonToday(new Date(m.startsAt));
    return {
      group: "meetings",
      key: `replies-${m.id}`,
      text: `${m.pending} ${m.pending === 1 ? "reply" : "replies"} outstanding for ${m.title}`,
      href: `/meetings/${m.id}#replies`,
      hint: `Meeting on ${formatDateTime(m.startsAt)}`,
      status: { text: whenText(today, on), tone: on === today ? ("red" as const) : ("yellow" as const) },
      on,
    };
  });
}

/** Open actions from meetings the person chaired, owned by others: the chair follows them up. */
function chairedActionEntries(actor: Actor, today: string): TodayEntry[] {
  if (!worksOnCases(actor.roles)) return [];
  const owner = aliasedTable(users, "owner");
  const ownerAgency = aliasedTable(agencies, "owner_agency");
  const rows = getDb()
    .select({
      id: meetingActions.id,
      meetingId: meetings.id,
      title: meetings.title,
      text: meetingActions.text,
      dueOn: meetingActions.dueOn,
      reference: cases.reference,
      owner: owner.name,
      agency: ownerAgency.name,
    })
    .from(meetings)
    .innerJoin(meetingActions, eq(meetingActions.meetingId, meetings.id))
    .innerJoin(cases, eq(cases.id, meetingActions.caseId))
    .leftJoin(owner, eq(owner.id, meetingActions.ownerUserId))
    .leftJoin(ownerAgency, eq(ownerAgency.id, meetingActions.ownerAgencyId))
    .where(
      and(
        eq(meetings.chairUserId, actor.userId),
        eq(meetingActions.status, "open"),
        or(isNull(meetingActions.ownerUserId), ne(meetingActions.ownerUserId, actor.userId)),
      ),
    )
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.id))
    .limit(EACH)
    .all();
  return rows.map((a) => ({
    group: "tasks" as const,
    key: `chased-${a.id}`,
    text: `Follow up: ${a.text}`,
    href: `/meetings/${a.meetingId}/actions/${a.id}`,
    hint: `Owned by ${a.owner ?? a.agency ?? "nobody"}; from ${a.title}, case ${a.reference}; due ${formatDate(a.dueOn)}`,
    status: { text: whenText(today, a.dueOn), tone: toneFor(today, a.dueOn) },
    on: a.dueOn,
  }));
}

/**
 * Records shared with the person that they have not yet acknowledged: the shares "Shared with you" lists (addressed
 * to them, active, not their own, within the gate's scope) with no acknowledgement of theirs, newest first.
 */
function shareEntries(actor: Actor, now: Date): TodayEntry[] {
  if (!worksOnCases(actor.roles)) return [];
  const sharer = aliasedTable(users, "sharer");
  const rows = getDb()
    .select({ id: recordShares.id, title: caseRecords.title, sharedBy: sharer.name, createdAt: recordShares.createdAt })
    .from(recordShares)
    .innerJoin(caseRecords, eq(caseRecords.id, recordShares.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(sharer, eq(sharer.id, recordShares.sharedByUserId))
    .leftJoin(
      shareAcknowledgements,
      and(eq(shareAcknowledgements.shareId, recordShares.id), eq(shareAcknowledgements.userId, actor.userId)),
    )
    .where(
      and(
        addressedTo(actor),
        activeShare(now.toISOString()),
        ne(recordShares.sharedByUserId, actor.userId),
        isNull(shareAcknowledgements.shareId),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(recordShares.createdAt), desc(recordShares.id))
    .limit(EACH)
    .all();
  // The title is what "Shared with you" shows at any level of access (redaction keeps it).
  return rows.map((r) => ({
    group: "shared",
    key: `share-${r.id}`,
    text: `Acknowledge a shared record: ${r.title}`,
    href: "/shared",
    hint: `Shared by ${r.sharedBy} on ${formatDate(r.createdAt)}`,
    status: { text: "To acknowledge", tone: "blue" },
    on: null,
  }));
}
