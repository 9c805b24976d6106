import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { getDb } from "~/db.server";
import { caseMembers, users } from "../../db/schema";

/**
 * The agency-supervisor rule's one fact from the database (see agency-supervision.ts): the agency has a current
 * member on the case's team. In SQL, so lists of submissions are bounded where they are read.
 */
export function agencyOnCaseSql(caseId: AnyColumn | string, agencyId: AnyColumn | string): SQL {
  return sql`exists (select 1 from ${caseMembers} inner join ${users} on ${users.id} = ${caseMembers.userId}
    where ${caseMembers.caseId} = ${caseId} and ${caseMembers.removedAt} is null and ${users.agencyId} = ${agencyId})`;
}

export function agencyOnCase(caseId: string, agencyId: string): boolean {
  return getDb().get<{ yes: number } | undefined>(sql`select ${agencyOnCaseSql(caseId, agencyId)} as yes`)?.yes === 1;
}
