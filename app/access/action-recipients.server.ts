import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "~/db.server";
import { caseMembers, userRoles, users } from "../../db/schema";
import { SUPERVISOR_ROLES } from "./baseline-policy";

/**
 * Who an action from a meeting reaches (actionReaches in meeting-actions.ts), as the people to tell: its owner; or,
 * for an action owned by an agency, that agency's active supervisors and its active officer in the case on the
 * action's case. Told when it is given to them and when it goes past its due date. One query, so the rule and the
 * recipients cannot drift apart.
 */
export function actionRecipients(
  owner: { ownerUserId: string | null; ownerAgencyId: string | null },
  caseId: string,
): string[] {
  if (owner.ownerUserId) return [owner.ownerUserId];
  if (!owner.ownerAgencyId) return [];
  const db = getDb();
  const supervisors = db
    .select({ id: userRoles.userId })
    .from(userRoles)
    .where(inArray(userRoles.role, [...SUPERVISOR_ROLES]));
  const officers = db
    .select({ id: caseMembers.userId })
    .from(caseMembers)
    .where(
      and(eq(caseMembers.caseId, caseId), eq(caseMembers.roleInCase, "officer_in_case"), isNull(caseMembers.removedAt)),
    );
  return db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.agencyId, owner.ownerAgencyId),
        eq(users.status, "active"),
        or(inArray(users.id, supervisors), inArray(users.id, officers)),
      ),
    )
    .orderBy(users.id)
    .all()
    .map((r) => r.id);
}
