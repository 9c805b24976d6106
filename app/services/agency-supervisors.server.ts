import { and, asc, eq, inArray } from "drizzle-orm";
import { SUPERVISOR_ROLES } from "~/access/baseline-policy";
import { getDb } from "~/db.server";
import type { Role } from "~/domain/roles";
import { userRoles, users } from "../../db/schema";

/**
 * Active supervisors of an agency, by name: who the agency-supervisor rule (app/access/agency-supervision.ts) lets
 * countersign its submitted risk assessments or sign off its pre-sentence input, whether or not they are on the
 * case team. The submission's author is on the team, so the agency works the case. Decided in SQL, without
 * building an Actor for each supervisor.
 */
export function agencySupervisors(
  agencyId: string,
  roles: readonly Role[] = SUPERVISOR_ROLES,
): { id: string; name: string }[] {
  return getDb()
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.agencyId, agencyId), eq(users.status, "active"), inArray(userRoles.role, [...roles])))
    .orderBy(asc(users.name))
    .all();
}
