import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "~/db.server";
import { userRoles, users } from "../../db/schema";

/**
 * Who is told that an agency's records have come due for a retention review (issue 21): that agency's active data
 * protection leads, the people who decide its reviews (ability.ts, "decide" RetentionReview for their own agency).
 */
export function dataProtectionLeadsOf(agencyIds: readonly string[]): { userId: string; agencyId: string }[] {
  if (!agencyIds.length) return [];
  const db = getDb();
  const leads = db.select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, "data_protection_lead"));
  return db
    .select({ userId: users.id, agencyId: users.agencyId })
    .from(users)
    .where(and(inArray(users.agencyId, [...agencyIds]), eq(users.status, "active"), inArray(users.id, leads)))
    .orderBy(users.agencyId, users.id)
    .all();
}
