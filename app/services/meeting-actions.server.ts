import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { actionRecipients } from "~/access/action-recipients.server";
import type { Actor } from "~/access/actor";
import { forbidden, notFound } from "~/access/gate.server";
import { mayChangeAction, mayCompleteAction, mayOpenAction, type ActionFacts } from "~/access/meeting-actions";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/limitation-deadline";
import { isMeetingKind } from "~/domain/meeting-kinds";
import { actionDueProblem } from "~/domain/meeting-dates";
import { dateField, isoToParts, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { meetingChanged } from "~/realtime/hub.server";
import { caseMembers, cases, meetingActions, meetingInvitees, meetings } from "../../db/schema";
import {
  auditableId,
  currentInvitee,
  findMeeting,
  mayManage,
  meetingAudit,
  type MeetingRow,
} from "./meeting-access.server";
import { actionsOf, ActionText, ownerChoices, OwnerField } from "./meeting-items.server";
import { notify } from "./notifications.server";

/*
 * Changing an action from a meeting (issue 15): edit its text and due date, reassign it, complete it with a note,
 * delete it with a reason (kept as a tombstone). Who may do each is app/access/meeting-actions.ts; every change is
 * audited and pushed to the live meeting. Bad input changes nothing.
 */

type Values = Record<string, string | string[]>;
type Result = { ok: true } | { ok: false; errors: FieldErrors; values: Values };
type ActionRow = typeof meetingActions.$inferSelect;

/** The cases among these on which the actor is the officer in the case (one query). */
function officerInCases(actor: Pick<Actor, "userId">, caseIds: readonly string[]): Set<string> {
  if (!caseIds.length) return new Set();
  return new Set(
    getDb()
      .select({ caseId: caseMembers.caseId })
      .from(caseMembers)
      .where(
        and(
          eq(caseMembers.userId, actor.userId),
          eq(caseMembers.roleInCase, "officer_in_case"),
          isNull(caseMembers.removedAt),
          inArray(caseMembers.caseId, [...caseIds]),
        ),
      )
      .all()
      .map((r) => r.caseId),
  );
}

/** The meetings among these the actor runs: chairs or arranges (mayManage), and is still invited to (one query). */
function meetingsRun(actor: Actor, meetingIds: readonly string[]): Set<string> {
  if (!meetingIds.length) return new Set();
  const invited = getDb()
    .select({ m: meetings })
    .from(meetings)
    .innerJoin(
      meetingInvitees,
      and(
        eq(meetingInvitees.meetingId, meetings.id),
        eq(meetingInvitees.userId, actor.userId),
        isNull(meetingInvitees.removedAt),
      ),
    )
    .where(inArray(meetings.id, [...meetingIds]))
    .all();
  return new Set(
    invited.filter(({ m }) => isMeetingKind(m.kind) && mayManage(actor, m as MeetingRow)).map(({ m }) => m.id),
  );
}

type Permissible = Pick<ActionRow, "meetingId" | "caseId" | "status" | "ownerUserId" | "ownerAgencyId">;

function factsOf(a: Permissible, officer: Set<string>, run: Set<string>): ActionFacts {
  const status = a.status === "done" || a.status === "deleted" ? a.status : "open";
  return {
    status,
    ownerUserId: a.ownerUserId,
    ownerAgencyId: a.ownerAgencyId,
    actorIsOfficerInCase: officer.has(a.caseId),
    actorRunsMeeting: run.has(a.meetingId),
  };
}

/**
 * What the rules let the actor do with each action, of one meeting or many (the tracker): the same predicates that
 * guard the changes below, so a link is shown exactly when the change would be allowed.
 */
export function withPermissions<T extends Permissible>(
  actor: Actor,
  actions: T[],
): (T & { mayChange: boolean; mayComplete: boolean })[] {
  const officer = officerInCases(actor, [...new Set(actions.map((a) => a.caseId))]);
  const run = meetingsRun(actor, [...new Set(actions.map((a) => a.meetingId))]);
  return actions.map((a) => {
    const facts = factsOf(a, officer, run);
    return { ...a, mayChange: mayChangeAction(actor, facts), mayComplete: mayCompleteAction(actor, facts) };
  });
}

/** The action of this meeting and its facts for the actor, or 404 (audited) unless the actor may open it. */
function requireAction(actor: Actor, meetingId: string, actionId: string, action: string) {
  const meeting = findMeeting(meetingId);
  const row =
    meeting && typeof actionId === "string" && actionId.length <= 64
      ? getDb()
          .select()
          .from(meetingActions)
          .where(and(eq(meetingActions.id, actionId), eq(meetingActions.meetingId, meeting.id)))
          .get()
      : undefined;
  const facts =
    meeting && row ? factsOf(row, officerInCases(actor, [row.caseId]), meetingsRun(actor, [meeting.id])) : null;
  if (!meeting || !row || !facts || !mayOpenAction(actor, facts)) {
    meetingAudit(
      actor,
      meeting ?? { id: auditableId(meetingId), kind: "clinic_review" },
      action,
      { reason: !row ? "not_found" : "not_reached", actionId: auditableId(actionId) },
      null,
      "denied",
    );
    throw notFound();
  }
  return { meeting, row, facts };
}

function refuse(actor: Actor, m: MeetingRow, row: ActionRow, action: string): never {
  meetingAudit(
    actor,
    m,
    action,
    { reason: row.status === "open" ? "not_allowed" : `status_${row.status}`, actionId: row.id },
    row.caseId,
    "denied",
  );
  throw forbidden();
}

function changed(m: MeetingRow, row: ActionRow): void {
  meetingChanged({ kind: "action", meetingId: m.id, itemId: row.itemId, actionId: row.id });
}

/** The action's own page: for those it reaches and whoever runs the meeting. Audited. */
export function actionPage(actor: Actor, meetingId: string, actionId: string) {
  const { meeting, row, facts } = requireAction(actor, meetingId, actionId, "meeting.action_view");
  const view = withPermissions(actor, actionsOf(meeting.id)).find((a) => a.id === row.id)!;
  const reference =
    getDb().select({ reference: cases.reference }).from(cases).where(eq(cases.id, row.caseId)).get()?.reference ?? "";
  meetingAudit(actor, meeting, "meeting.action_view", { actionId: row.id }, row.caseId, "allowed");
  const mayChange = mayChangeAction(actor, facts);
  return {
    meeting: { id: meeting.id, title: meeting.title, isMember: !!currentInvitee(meeting.id, actor.userId) },
    caseReference: reference,
    action: view,
    due: isoToParts(row.dueOn),
    owners: mayChange ? ownerChoices(meeting) : [],
    ownerValue: row.ownerUserId ? `user:${row.ownerUserId}` : row.ownerAgencyId ? `agency:${row.ownerAgencyId}` : "",
  };
}

const EditSchema = z.object({ text: ActionText, due: dateField("Due date", "Enter the date the action is due") });

/** Edits the text and due date (due on or after the day of the meeting, as when it was recorded). */
export function editAction(actor: Actor, meetingId: string, actionId: string, values: Values): Result {
  const { meeting, row, facts } = requireAction(actor, meetingId, actionId, "meeting.action_edit");
  if (!mayChangeAction(actor, facts)) refuse(actor, meeting, row, "meeting.action_edit");
  const parsed = parseValues(withDateParts(values, ["due"]) as Values, EditSchema);
  if (!parsed.ok) return { ...parsed, values };
  const dueProblem = actionDueProblem(parsed.data.due, londonDate(meeting.startsAt));
  if (dueProblem) return { ok: false, errors: { due: dueProblem }, values };
  const at = new Date().toISOString();
  getDb()
    .update(meetingActions)
    .set({ text: parsed.data.text, dueOn: parsed.data.due, updatedAt: at, updatedBy: actor.userId })
    .where(eq(meetingActions.id, row.id))
    .run();
  meetingAudit(
    actor,
    meeting,
    "meeting.action_edit",
    { actionId: row.id, textChanged: parsed.data.text !== row.text, dueFrom: row.dueOn, dueTo: parsed.data.due },
    row.caseId,
  );
  changed(meeting, row);
  return { ok: true };
}

/** Reassigns to a person (active, in the partnership, working on cases) or an agency of the partnership. */
export function reassignAction(actor: Actor, meetingId: string, actionId: string, values: Values): Result {
  const { meeting, row, facts } = requireAction(actor, meetingId, actionId, "meeting.action_reassign");
  if (!mayChangeAction(actor, facts)) refuse(actor, meeting, row, "meeting.action_reassign");
  const parsed = parseValues(values, z.object({ owner: OwnerField }));
  const owner = parsed.ok ? ownerChoices(meeting).find((o) => o.value === parsed.data.owner) : undefined;
  if (!parsed.ok || !owner) return { ok: false, errors: { owner: "Choose who owns the action" }, values };
  const [kind, ownerId] = owner.value.split(":") as ["user" | "agency", string];
  const next = { ownerUserId: kind === "user" ? ownerId : null, ownerAgencyId: kind === "agency" ? ownerId : null };
  if (next.ownerUserId === row.ownerUserId && next.ownerAgencyId === row.ownerAgencyId) return { ok: true };
  const at = new Date().toISOString();
  const told = actionRecipients(next, row.caseId).filter((id) => id !== actor.userId);
  const push = getDb().transaction((tx) => {
    tx.update(meetingActions)
      .set({ ...next, updatedAt: at, updatedBy: actor.userId })
      .where(eq(meetingActions.id, row.id))
      .run();
    // Content-free (emailed as it is): the action itself is on its page, under the gate.
    return notify(
      tx,
      told,
      {
        kind: "action_assigned",
        text: "An action from a meeting is assigned to you.",
        href: `/meetings/${meeting.id}/actions/${row.id}`,
        caseId: row.caseId,
      },
      at,
    );
  });
  push();
  meetingAudit(
    actor,
    meeting,
    "meeting.action_reassign",
    {
      actionId: row.id,
      fromUser: row.ownerUserId,
      fromAgency: row.ownerAgencyId,
      toUser: next.ownerUserId,
      toAgency: next.ownerAgencyId,
      told: told.length,
    },
    row.caseId,
  );
  changed(meeting, row);
  return { ok: true };
}

const NOTE_MAX = 500;
const shortText = (missing: string, label: string) =>
  z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .min(1, missing)
    .max(NOTE_MAX, `${label} must be ${NOTE_MAX} characters or fewer`);

/** Completes the action with a short note of what was done. */
export function completeAction(actor: Actor, meetingId: string, actionId: string, values: Values): Result {
  const { meeting, row, facts } = requireAction(actor, meetingId, actionId, "meeting.action_complete");
  if (!mayCompleteAction(actor, facts)) refuse(actor, meeting, row, "meeting.action_complete");
  const parsed = parseValues(values, z.object({ note: shortText("Enter what was done", "The note") }));
  if (!parsed.ok) return { ...parsed, values };
  getDb()
    .update(meetingActions)
    .set({
      status: "done",
      completedAt: new Date().toISOString(),
      completedBy: actor.userId,
      completionNote: parsed.data.note,
    })
    .where(eq(meetingActions.id, row.id))
    .run();
  meetingAudit(actor, meeting, "meeting.action_complete", { actionId: row.id }, row.caseId);
  changed(meeting, row);
  return { ok: true };
}

/** Deletes the action with a reason: kept as a tombstone (never shown as open), audited. */
export function deleteAction(actor: Actor, meetingId: string, actionId: string, values: Values): Result {
  const { meeting, row, facts } = requireAction(actor, meetingId, actionId, "meeting.action_delete");
  if (!mayChangeAction(actor, facts)) refuse(actor, meeting, row, "meeting.action_delete");
  const parsed = parseValues(
    values,
    z.object({ reason: shortText("Enter why the action is being deleted", "The reason") }),
  );
  if (!parsed.ok) return { ...parsed, values };
  getDb()
    .update(meetingActions)
    .set({
      status: "deleted",
      deletedAt: new Date().toISOString(),
      deletedBy: actor.userId,
      deletionReason: parsed.data.reason,
    })
    .where(eq(meetingActions.id, row.id))
    .run();
  meetingAudit(actor, meeting, "meeting.action_delete", { actionId: row.id }, row.caseId);
  changed(meeting, row);
  return { ok: true };
}
