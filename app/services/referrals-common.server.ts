// Shared by the clinic and MAPPA referral services: who is who in the partnership, and the 404 that confirms nothing.
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { refuse } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { type Role } from "~/domain/roles";
import { agencies, cases, userRoles, users } from "../../db/schema";

/** The partnership of a case (its lead agency's). */
export function partnershipOfCase(caseId: string): string | null {
  return (
    getDb()
      .select({ id: agencies.partnershipId })
      .from(cases)
      .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
      .where(eq(cases.id, caseId))
      .get()?.id ?? null
  );
}

/** Active users with one of `roles` in a partnership (coordinators), or in one agency (supervisors). */
export function usersWithRole(
  roles: readonly Role[],
  where: { partnershipId: string } | { agencyId: string },
): string[] {
  return getDb()
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(users.status, "active"),
        inArray(userRoles.role, [...roles]),
        "partnershipId" in where ? eq(agencies.partnershipId, where.partnershipId) : eq(users.agencyId, where.agencyId),
      ),
    )
    .all()
    .map((u) => u.id);
}

/** Refuses with a 404 (audited) whether or not the thing exists. */
export function denyReferral(
  actor: Actor,
  action: string,
  subjectType: string,
  subjectId: string | null,
  reason: string,
): never {
  return refuse(actor, { auditAction: action, subjectType, subjectId, reason, status: 404 });
}

/** A name for display, by user id (referrers, deciders). */
export function userNames(ids: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return new Map();
  return new Map(
    getDb()
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, wanted))
      .all()
      .map((u) => [u.id, u.name]),
  );
}
