import { inArray } from "drizzle-orm";
import { getDb } from "~/db.server";
import { hasRole } from "~/domain/roles";
import { userRoles } from "../../db/schema";
import { CASEWORK_ROLES } from "./baseline-policy";

/**
 * Only case-working roles reach case content (a standing rule). Meetings are case content from the first agenda
 * item on (case references, papers, minutes, actions), so the same rule decides who may be a meeting's chair or
 * invitee, receive its minutes, or own one of its actions (decision 0024). An administrator, auditor or
 * performance lead is never offered, never accepted, and refused (404) if an older invitation names them.
 */
export function worksOnCases(roles: readonly string[]): boolean {
  return hasRole(roles, ...CASEWORK_ROLES);
}

/** The same rule in SQL: ids of users holding a case-working role, for `inArray(users.id, caseWorkingUserIds())`. */
export function caseWorkingUserIds() {
  return getDb()
    .selectDistinct({ id: userRoles.userId })
    .from(userRoles)
    .where(inArray(userRoles.role, [...CASEWORK_ROLES]));
}
