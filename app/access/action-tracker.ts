import { hasRole } from "~/domain/roles";
import { CASEWORK_ROLES, SUPERVISOR_ROLES } from "./baseline-policy";

/*
 * Who sees the cross-meeting action tracker (issue 15), and which actions: a clinic or MAPPA coordinator every open
 * action of their partnership's meetings (they arrange them and chase the actions); a supervisor every action owned
 * by their agency or by someone in it, the agency's work to oversee. Anyone else: no tracker (their own actions are
 * on their home page). One predicate for the navigation link, the page, the CSV and the SQL condition
 * (action-tracker.server.ts).
 */
export type TrackerReach = { kind: "partnership" } | { kind: "agency" } | null;

export function actionTrackerReach(actor: { roles: readonly string[] }): TrackerReach {
  if (!hasRole(actor.roles, ...CASEWORK_ROLES)) return null;
  if (hasRole(actor.roles, "clinic_coordinator", "mappa_coordinator")) return { kind: "partnership" };
  if (hasRole(actor.roles, ...SUPERVISOR_ROLES)) return { kind: "agency" };
  return null;
}

export function seesActionTracker(actor: { roles: readonly string[] }): boolean {
  return actionTrackerReach(actor) !== null;
}
