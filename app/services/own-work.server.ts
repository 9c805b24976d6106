import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "~/db.server";
import { caseMembers } from "../../db/schema";

/**
 * The cases where the person is a current member of the team in one of these roles, as a subquery: where the home
 * page's lists start, so they read the person's own work through case_members_user rather than walking every
 * deadline or plan in the partnership and checking membership row by row.
 */
export function casesWhereMember(userId: string, rolesInCase: readonly string[]) {
  return getDb()
    .select({ caseId: caseMembers.caseId })
    .from(caseMembers)
    .where(
      and(
        eq(caseMembers.userId, userId),
        isNull(caseMembers.removedAt),
        inArray(caseMembers.roleInCase, [...rolesInCase]),
      ),
    );
}
