import { eq } from "drizzle-orm";
import { asSubject, defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorizeRecord, can, notFound, refuse } from "~/access/gate.server";
import { caseAsRecord } from "~/access/record-columns.server";
import type { Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { agencies, cases } from "../../db/schema";

export type CaseRow = NonNullable<ReturnType<typeof findCase>>;

/** The case row with no access decision, for callers that decided access another way (the agency-supervisor grant). */
export function findCase(caseId: string) {
  return getDb()
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      leadAgencyId: cases.leadAgencyId,
      leadAgency: agencies.name,
      chargingReferredAt: cases.chargingReferredAt,
      closingReason: cases.closingReason,
      closedAt: cases.closedAt,
      priority: cases.priority,
      priorityReason: cases.priorityReason,
      relationship: cases.relationship,
      motivation: cases.motivation,
      flagDomesticAbuse: cases.flagDomesticAbuse,
      flagOnline: cases.flagOnline,
      flagPolicePerpetrated: cases.flagPolicePerpetrated,
      courseLinkedAt: cases.courseLinkedAt,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
    .where(eq(cases.id, caseId))
    .get();
}

/**
 * A case the actor may see (its case core), or 404 (audited) whether or not it exists. Every page and action
 * under /cases/:caseId starts here.
 */
export function requireCase(actor: Actor, caseId: string, auditAction = "case.view"): CaseRow {
  const row = findCase(caseId);
  if (!row) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: auditAction,
      subjectType: "Case",
      subjectId: caseId,
      outcome: "denied",
      detail: { reason: "not_found" },
    });
    throw notFound();
  }
  authorizeRecord(actor, caseAsRecord(row), { need: "full", auditAction, subjectType: "Case" });
  return row;
}

/** May the actor change the case itself (status, team, course of conduct)? The gate's `manage_case` rows. */
export function canUpdateCase(actor: Actor, c: Pick<CaseRow, "id" | "leadAgencyId">): boolean {
  return can(actor, "manage_case", { caseId: c.id, leadAgencyId: c.leadAgencyId });
}

/** May the actor add information of this category to the case, owned by their agency? */
export function canAddRecord(actor: Actor, caseId: string, category: Category): boolean {
  return defineAbilityFor(actor).can(
    "create",
    asSubject("CaseRecord", { caseId, ownerAgencyId: actor.agencyId, category }),
  );
}

/** Throws 404 (audited) unless the actor may do `what` on this case. Used by actions before any write. */
export function requireCaseWrite(actor: Actor, c: Pick<CaseRow, "id">, allowed: boolean, what: string): void {
  if (!allowed)
    refuse(actor, {
      auditAction: what,
      subjectType: "Case",
      subjectId: c.id,
      caseId: c.id,
      reason: "not_permitted",
      status: 404,
    });
}
