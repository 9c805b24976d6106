import { and, asc, eq, gt, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { actionTrackerReach } from "~/access/action-tracker";
import { actionTrackerScope } from "~/access/action-tracker.server";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { getDb } from "~/db.server";
import type { DueFilter } from "~/domain/action-tracker";
import { toCsv } from "~/domain/csv";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { ActionFilterFields } from "~/forms/action-filters";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { cases, meetingActions, meetings } from "../../db/schema";
import { withPermissions } from "./meeting-actions.server";
import { ownerChoices } from "./meeting-items.server";

/*
 * The cross-meeting action tracker (issue 15): every open action the actor's reach covers (app/access/
 * action-tracker.server.ts), filtered in SQL by that reach and the filters, soonest due first; CSV of the same list.
 */

const LIMIT = 500;

const FiltersSchema = z.object(ActionFilterFields);
export type TrackerFilters = { owner?: string; case?: string; due?: string };
/** A page of the list by keyset (due date, then id), for the JSON API: up to `limit` after the given action. */
export type TrackerPage = { limit: number; after?: { dueOn: string; id: string } };

/** mayChange / mayComplete: the links the action's rules (app/access/meeting-actions.ts) give the reader, as on the meeting. */
export type TrackerRow = {
  id: string;
  meetingId: string;
  meetingTitle: string;
  caseReference: string;
  text: string;
  owner: string;
  dueOn: string;
  due: string;
  overdue: boolean;
  mayChange: boolean;
  mayComplete: boolean;
};
type Result =
  | {
      ok: true;
      rows: TrackerRow[];
      owners: { value: string; text: string }[];
      filters: { owner: string; case: string; due: DueFilter };
      truncated: boolean;
    }
  | { ok: false; errors: FieldErrors; owners: { value: string; text: string }[] };

function denied(actor: Actor, action: string): never {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "MeetingAction",
    outcome: "denied",
    detail: { reason: "no_tracker" },
  });
  throw notFound();
}

const ownerName = sql<string>`coalesce((SELECT name FROM users WHERE users.id = ${meetingActions.ownerUserId}), (SELECT name FROM agencies WHERE agencies.id = ${meetingActions.ownerAgencyId}), '')`;

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Open actions within the actor's reach, filtered. 404 (audited) for anyone without a tracker. */
export function actionTracker(
  actor: Actor,
  values: TrackerFilters,
  action = "meeting.action_tracker_view",
  page?: TrackerPage,
): Result {
  const reach = actionTrackerScope(actor);
  const partnershipId = actor.partnershipId;
  if (!reach || !partnershipId) denied(actor, action);
  const parsed = parseValues(values as Record<string, string>, FiltersSchema);
  const owners = ownerChoices({ partnershipId });
  if (!parsed.ok) return { ok: false, errors: parsed.errors, owners };
  const f = parsed.data;
  const errors: FieldErrors = {};
  if (f.owner && !owners.some((o) => o.value === f.owner)) errors.owner = "Choose an owner from the list";
  if (Object.keys(errors).length) return { ok: false, errors, owners };
  const today = londonToday(new Date());
  const conditions: SQL[] = [eq(meetingActions.status, "open"), reach];
  if (f.owner) {
    const [kind, id] = f.owner.split(":") as ["user" | "agency", string];
    conditions.push(eq(kind === "user" ? meetingActions.ownerUserId : meetingActions.ownerAgencyId, id));
  }
  if (f.case) conditions.push(like(cases.reference, `${f.case.toUpperCase()}%`));
  const due = (f.due || "any") as DueFilter;
  if (due === "overdue") conditions.push(lt(meetingActions.dueOn, today));
  if (due === "week") conditions.push(lte(meetingActions.dueOn, addDaysIso(today, 7)));
  if (due === "month") conditions.push(lte(meetingActions.dueOn, addDaysIso(today, 28)));
  if (page?.after)
    conditions.push(
      or(
        gt(meetingActions.dueOn, page.after.dueOn),
        and(eq(meetingActions.dueOn, page.after.dueOn), gt(meetingActions.id, page.after.id)),
      )!,
    );
  const limit = page?.limit ?? LIMIT;
  const rows = getDb()
    .select({ a: meetingActions, reference: cases.reference, title: meetings.title, owner: ownerName })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(cases, eq(cases.id, meetingActions.caseId))
    .where(and(...conditions))
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.id))
    .limit(limit + 1)
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "MeetingAction",
    outcome: "allowed",
    detail: {
      reach: actionTrackerReach(actor)?.kind ?? "",
      rows: Math.min(rows.length, limit),
      owner: f.owner ? "yes" : "no",
      case: f.case ? "yes" : "no",
      due,
    },
  });
  return {
    ok: true,
    rows: withPermissions(
      actor,
      rows.slice(0, limit).map((r) => ({ ...r.a, reference: r.reference, title: r.title, owner: r.owner })),
    ).map((r) => ({
      id: r.id,
      meetingId: r.meetingId,
      meetingTitle: r.title,
      caseReference: r.reference,
      text: r.text,
      owner: r.owner,
      dueOn: r.dueOn,
      due: formatDate(r.dueOn),
      overdue: r.dueOn < today,
      mayChange: r.mayChange,
      mayComplete: r.mayComplete,
    })),
    owners,
    filters: { owner: f.owner, case: f.case, due },
    truncated: rows.length > limit,
  };
}

/** The same list as CSV (audited as an export); bad filters are refused as on the page. */
export function actionTrackerCsv(
  actor: Actor,
  values: TrackerFilters,
): { filename: string; csv: string } | { errors: FieldErrors } {
  const result = actionTracker(actor, values, "meeting.action_tracker_export");
  if (!result.ok) return { errors: result.errors };
  const csv = toCsv(
    ["Action", "Case", "Meeting", "Owner", "Due", "Overdue"],
    result.rows.map((r) => [r.text, r.caseReference, r.meetingTitle, r.owner, r.dueOn, r.overdue ? "Yes" : "No"]),
  );
  return { filename: `concord-actions-${londonToday(new Date())}.csv`, csv };
}
