import type { Actor } from "./actor";
import { isAgencySupervisor } from "./agency-supervision";

/*
 * Who an action from a meeting reaches and who may change it (issue 15). One predicate per thing one can do: the
 * page shows a button by it and the service refuses by it. Plain attributes, worked out by the service.
 */

/** An action in the attributes the rules decide on. */
export type ActionFacts = {
  status: "open" | "done" | "deleted";
  ownerUserId: string | null;
  ownerAgencyId: string | null;
  /** The actor is the officer in the case on the action's case (an active case-team membership in that role). */
  actorIsOfficerInCase: boolean;
  /** The actor chairs, or arranges (the coordinator of its kind), the meeting the action came from, and is invited. */
  actorRunsMeeting: boolean;
};

/**
 * The action is the actor's to do: they own it, or it is owned by their agency and they supervise that agency's
 * work (app/access/agency-supervision.ts) or are the officer in the case.
 */
export function actionReaches(actor: Pick<Actor, "userId" | "agencyId" | "roles">, a: ActionFacts): boolean {
  if (a.ownerUserId !== null) return a.ownerUserId === actor.userId;
  if (a.ownerAgencyId === null || a.ownerAgencyId !== actor.agencyId) return false;
  return isAgencySupervisor(actor, a.ownerAgencyId) || a.actorIsOfficerInCase;
}

/** Complete with a note: those it reaches, and whoever runs the meeting. */
export function mayCompleteAction(actor: Pick<Actor, "userId" | "agencyId" | "roles">, a: ActionFacts): boolean {
  return a.status === "open" && (actionReaches(actor, a) || a.actorRunsMeeting);
}

/** Edit (text, due date), reassign or delete with a reason: whoever runs the meeting, while it is open. */
export function mayChangeAction(_actor: Pick<Actor, "userId">, a: ActionFacts): boolean {
  return a.status === "open" && a.actorRunsMeeting;
}

/** Read the action on its own page: those it reaches and whoever runs the meeting (members read it in the meeting). */
export function mayOpenAction(actor: Pick<Actor, "userId" | "agencyId" | "roles">, a: ActionFacts): boolean {
  return actionReaches(actor, a) || a.actorRunsMeeting;
}

/** The rules in words, for docs/access-control.md. */
export const MEETING_ACTION_RULES = [
  "An action from a meeting owned by a person reaches that person; one owned by an agency reaches that agency's supervisors and, on a case where they are the officer in the case, that agency's officer in the case. It appears on their home pages until done.",
  "Those an action reaches, and the meeting's chair or coordinator, complete it with a note of what was done.",
  "The meeting's chair or coordinator edits an open action's text and due date, reassigns it to a person or an agency, or deletes it with a reason; a deleted action is kept with its reason and never shown as open. Every change is audited.",
] as const;
