import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "~/db.server";
import type { AgencyType } from "~/domain/agencies";
import {
  agencies,
  breakGlassGrants,
  caseMembers,
  meetingInvitees,
  meetingItems,
  meetings,
  recordShares,
  userRoles,
  users,
} from "../../db/schema";
import { BASELINE_POLICY, CASEWORK_ROLES, SUPERVISOR_ROLES, type Audience } from "./baseline-policy";

/*
 * Who of the people a new share reaches reads the record and who may also open its case (issue 18): decided from
 * one query of the facts the gate would read for each of them, instead of building each recipient's whole Actor
 * (7-8 queries apiece) inside the share's write transaction. The case core rules are read from BASELINE_POLICY, so
 * a change there changes this too; share-audience.test.ts checks the answer against loadActor + accessLevel for
 * every demo account on every demo case.
 */

/** What the gate reads about one person for a shared record and its case. */
type Facts = {
  id: string;
  agencyId: string;
  agencyType: string;
  caseworker: boolean;
  supervisor: boolean;
  member: boolean;
  onAgenda: boolean;
  breakGlass: boolean;
  caseShared: boolean;
};

function flag(query: ReturnType<typeof sql>) {
  return sql<number>`CASE WHEN EXISTS (${query}) THEN 1 ELSE 0 END`;
}

function reaches(a: Audience, f: Facts, leadAgencyId: string): boolean {
  switch (a.kind) {
    case "case_team":
      return f.member && (a.agencyTypes === "any" || a.agencyTypes.includes(f.agencyType as AgencyType));
    case "owner_case_team":
      return f.member && f.agencyId === leadAgencyId;
    case "owner_supervisor":
      return f.supervisor && f.agencyId === leadAgencyId;
    case "meeting_panel":
      return f.onAgenda;
  }
}

/**
 * Whether the person reads the case core in full: only case-working roles read case content; a break-glass grant or
 * a share of the case core gives it; otherwise a full baseline row for the case core that reaches them. (A case is
 * signed off and carries no caveat, so no deny applies; agreements reach only case team members, who already
 * read the case core.)
 */
function readsCaseCore(f: Facts, c: { leadAgencyId: string; chargingReferred: boolean }): boolean {
  if (!f.caseworker) return false;
  if (f.breakGlass || f.caseShared) return true;
  return BASELINE_POLICY.some(
    (rule) =>
      rule.category === "case_core" &&
      rule.level === "full" &&
      rule.status !== "draft" &&
      (!rule.whenReferredForCharging || c.chargingReferred) &&
      reaches(rule.audience, f, c.leadAgencyId),
  );
}

/**
 * Splits the people a share of a signed-off record reaches into those to tell with the case reference (they may open
 * the case) and those to tell without it. Inactive accounts and people without a case-working role are told
 * nothing: the share gives a case worker the record in full past every caveat, and gives anyone else nothing.
 */
export function shareAudience(
  userIds: readonly string[],
  c: { caseId: string; leadAgencyId: string; chargingReferred: boolean },
  now = new Date().toISOString(),
): { seeCase: string[]; seeRecordOnly: string[] } {
  const wanted = [...new Set(userIds)];
  if (!wanted.length) return { seeCase: [], seeRecordOnly: [] };
  const db = getDb();
  const holds = (roles: readonly string[]) =>
    flag(
      sql`SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id} AND ${inArray(userRoles.role, [...roles])}`,
    );
  const rows = db
    .select({
      id: users.id,
      agencyId: users.agencyId,
      agencyType: agencies.type,
      caseworker: holds(CASEWORK_ROLES),
      supervisor: holds(SUPERVISOR_ROLES),
      member: flag(
        sql`SELECT 1 FROM ${caseMembers} WHERE ${and(eq(caseMembers.userId, users.id), eq(caseMembers.caseId, c.caseId), isNull(caseMembers.removedAt))}`,
      ),
      // The meeting panel: invited (not removed) to a planned or live meeting with the case on its agenda.
      onAgenda: flag(
        sql`SELECT 1 FROM ${meetingInvitees} JOIN ${meetings} ON ${meetings.id} = ${meetingInvitees.meetingId} JOIN ${meetingItems} ON ${meetingItems.meetingId} = ${meetings.id}
            WHERE ${and(eq(meetingInvitees.userId, users.id), isNull(meetingInvitees.removedAt), inArray(meetings.status, ["planned", "open"]), eq(meetingItems.caseId, c.caseId))}`,
      ),
      breakGlass: flag(
        sql`SELECT 1 FROM ${breakGlassGrants} WHERE ${and(eq(breakGlassGrants.userId, users.id), eq(breakGlassGrants.caseId, c.caseId), gt(breakGlassGrants.expiresAt, now))}`,
      ),
      caseShared: flag(
        sql`SELECT 1 FROM ${recordShares} WHERE ${and(
          eq(recordShares.recordId, c.caseId),
          isNull(recordShares.revokedAt),
          or(isNull(recordShares.expiresAt), gt(recordShares.expiresAt, now)),
          or(
            eq(recordShares.toUserId, users.id),
            eq(recordShares.toAgencyId, users.agencyId),
            sql`${recordShares.toRole} IN (SELECT ${userRoles.role} FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id})`,
          ),
        )}`,
      ),
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(inArray(users.id, wanted), eq(users.status, "active")))
    .orderBy(users.id)
    .all();
  const seeCase: string[] = [];
  const seeRecordOnly: string[] = [];
  for (const row of rows) {
    const f: Facts = {
      ...row,
      caseworker: row.caseworker === 1,
      supervisor: row.supervisor === 1,
      member: row.member === 1,
      onAgenda: row.onAgenda === 1,
      breakGlass: row.breakGlass === 1,
      caseShared: row.caseShared === 1,
    };
    if (!f.caseworker) continue;
    (readsCaseCore(f, c) ? seeCase : seeRecordOnly).push(f.id);
  }
  return { seeCase, seeRecordOnly };
}
