import { and, eq, inArray } from "drizzle-orm";
import { loadActor } from "~/access/actor.server";
import { SUPERVISOR_ROLES } from "~/access/baseline-policy";
import { caseAsRecord } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { getDb } from "~/db.server";
import { userRoles, users } from "../../db/schema";
import type { CaseRow } from "./case-access.server";

/**
 * Active supervisors of an agency who can open the case: who countersign its risk assessments and sign off its
 * pre-sentence input there. A supervisor who cannot open the case could not act on a request, so is not asked.
 */
export function agencySupervisors(agencyId: string, c: CaseRow): string[] {
  const caseAttrs = caseAsRecord(c);
  return getDb()
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.agencyId, agencyId), eq(users.status, "active"), inArray(userRoles.role, [...SUPERVISOR_ROLES])))
    .all()
    .map((u) => u.id)
    .filter((id) => {
      const supervisor = loadActor(id, "countersign-notification");
      return supervisor !== null && accessLevel(supervisor, caseAttrs) === "full";
    });
}
