import { redirect } from "@remix-run/node";
import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can, notFound } from "~/access/gate.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { BREAK_GLASS_HOURS, breakGlassExpiry, isBreakGlassActive } from "~/domain/break-glass";
import { formatDateTime } from "~/domain/dates";
import { reasonField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { agencies, auditLog, breakGlassGrants, cases, users } from "../../db/schema";
import { caseOverview } from "./cases.server";

type Values = Record<string, string | string[] | undefined>;

export const BreakGlassSchema = z.object({ reason: reasonField("Enter the reason you need emergency access") });

export const BreakGlassReviewSchema = z
  .object({
    outcome: z.enum(["justified", "not_justified"], {
      errorMap: () => ({ message: "Select whether the emergency access was justified" }),
    }),
    note: z.string().trim().max(2000, "The note must be 2,000 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "not_justified" && !v.note)
      ctx.addIssue({ code: "custom", path: ["note"], message: "Enter a note saying why it was not justified" });
  });

function clean(values: Values): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

function caseExists(caseId: string): boolean {
  return Boolean(getDb().select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).get());
}

function refuseUnknownCase(actor: Actor, action: string, caseId: string): never {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "Case",
    subjectId: caseId.slice(0, 64),
    outcome: "denied",
  });
  throw notFound();
}

/** The actor's unexpired grant for a case, if any. */
function activeGrant(actor: Actor, caseId: string) {
  return getDb()
    .select({ id: breakGlassGrants.id, expiresAt: breakGlassGrants.expiresAt })
    .from(breakGlassGrants)
    .where(
      and(
        eq(breakGlassGrants.userId, actor.userId),
        eq(breakGlassGrants.caseId, caseId),
        gt(breakGlassGrants.expiresAt, new Date().toISOString()),
      ),
    )
    .get();
}

/**
 * The case page's data. Someone who may not see the case but may ask for emergency access is sent to the
 * emergency access page instead of a dead end; everyone else gets the usual 404.
 */
export function caseOverviewOrEmergencyAccess(actor: Actor, caseId: string) {
  try {
    return caseOverview(actor, caseId);
  } catch (error) {
    const offer =
      error instanceof Response && error.status === 404 && can(actor, "break_glass", { caseId }) && caseExists(caseId);
    if (offer) throw redirect(`/cases/${encodeURIComponent(caseId)}/break-glass`);
    throw error;
  }
}

/**
 * The emergency access page for a case: says nothing about the case (no reference, no parties), only how long
 * access lasts and, when the actor already has it, until when. Team members go straight to the case.
 */
export function emergencyAccessPage(actor: Actor, caseId: string) {
  authorize(actor, "request", "BreakGlassGrant");
  if (!caseExists(caseId)) refuseUnknownCase(actor, "break_glass.form", caseId);
  if (actor.caseIds.includes(caseId)) throw redirect(`/cases/${encodeURIComponent(caseId)}`);
  const grant = activeGrant(actor, caseId);
  return { caseId, hours: BREAK_GLASS_HOURS, activeUntil: grant?.expiresAt ?? null };
}

/**
 * Grants the actor emergency read access to one case's signed-off records for BREAK_GLASS_HOURS, with a
 * written reason. Only roles that may request it (403, audited); never for a case the actor works on; the
 * case must exist (404, audited). Every view while it lasts is flagged in the audit log, and it is reviewed.
 */
export function requestBreakGlass(
  actor: Actor,
  caseId: string,
  reason: unknown,
): { ok: true; grantId: string; expiresAt: string } | { ok: false; errors: FieldErrors } {
  authorize(actor, "request", "BreakGlassGrant");
  if (!caseExists(caseId)) refuseUnknownCase(actor, "break_glass.grant", caseId);
  if (actor.caseIds.includes(caseId))
    return { ok: false, errors: { reason: "You are on this case team, so you do not need emergency access" } };
  const form = parseValues(clean({ reason: typeof reason === "string" ? reason : undefined }), BreakGlassSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const existing = activeGrant(actor, caseId);
  if (existing)
    return {
      ok: false,
      errors: { reason: `You already have emergency access to this case until ${formatDateTime(existing.expiresAt)}` },
    };

  const granted = new Date();
  const grant = {
    id: randomUUID(),
    userId: actor.userId,
    agencyId: actor.agencyId,
    caseId,
    reason: form.data.reason,
    grantedAt: granted.toISOString(),
    expiresAt: breakGlassExpiry(granted).toISOString(),
  };
  getDb().insert(breakGlassGrants).values(grant).run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "break_glass.grant",
    subjectType: "BreakGlassGrant",
    subjectId: grant.id,
    caseId,
    purpose: "break_glass",
    outcome: "done",
    detail: { hours: BREAK_GLASS_HOURS, expiresAt: grant.expiresAt },
  });
  return { ok: true, grantId: grant.id, expiresAt: grant.expiresAt };
}

/**
 * Views made with a grant, counted from the audit log: entries by the holder on the case during the grant that
 * the gate flagged as break-glass. The record list that accompanies each case view is not counted again.
 */
const viewsDuringGrant = sql<number>`(SELECT count(*) FROM ${auditLog}
  WHERE ${auditLog.actorUserId} = ${breakGlassGrants.userId} AND ${auditLog.caseId} = ${breakGlassGrants.caseId}
    AND ${auditLog.at} >= ${breakGlassGrants.grantedAt} AND ${auditLog.at} <= ${breakGlassGrants.expiresAt}
    AND ${auditLog.outcome} = 'allowed' AND ${auditLog.action} <> 'case.records_view'
    AND (CASE WHEN json_valid(${auditLog.detail}) THEN json_extract(${auditLog.detail}, '$.breakGlass') END) = 1)`;

/** Grants waiting for review that the actor may review (scope() in SQL), oldest first; never their own. */
export function grantsToReview(actor: Actor) {
  if (!can(actor, "review", "BreakGlassGrant")) return [];
  const now = new Date();
  return getDb()
    .select({
      id: breakGlassGrants.id,
      holder: users.name,
      holderAgency: agencies.name,
      caseId: cases.id,
      reference: cases.reference,
      reason: breakGlassGrants.reason,
      grantedAt: breakGlassGrants.grantedAt,
      expiresAt: breakGlassGrants.expiresAt,
      views: viewsDuringGrant,
    })
    .from(breakGlassGrants)
    .innerJoin(users, eq(users.id, breakGlassGrants.userId))
    .innerJoin(agencies, eq(agencies.id, breakGlassGrants.agencyId))
    .innerJoin(cases, eq(cases.id, breakGlassGrants.caseId))
    .where(
      and(
        isNull(breakGlassGrants.reviewedAt),
        ne(breakGlassGrants.userId, actor.userId),
        scope(actor, "review", "BreakGlassGrant", { id: breakGlassGrants.id, agencyId: breakGlassGrants.agencyId }),
      ),
    )
    .orderBy(asc(breakGlassGrants.grantedAt), asc(breakGlassGrants.id))
    .limit(200)
    .all()
    .map((g) => ({ ...g, active: isBreakGlassActive(g.expiresAt, now) }));
}

/**
 * Records the review of a grant: justified or not justified, with a note (required when not justified).
 * Supervisors of the holder's agency and auditors only (403, audited); never one's own grant; once. A grant
 * found not justified while it still runs ends at once.
 */
export function reviewBreakGlass(
  actor: Actor,
  grantId: string,
  values: Values,
): { ok: true; endedEarly: boolean } | { ok: false; errors: FieldErrors } {
  const db = getDb();
  const grant = db.select().from(breakGlassGrants).where(eq(breakGlassGrants.id, grantId)).get();
  if (!grant) {
    authorize(actor, "review", "BreakGlassGrant");
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "break_glass.review",
      subjectType: "BreakGlassGrant",
      subjectId: grantId.slice(0, 64),
      outcome: "denied",
    });
    throw notFound();
  }
  authorize(actor, "review", "BreakGlassGrant", { id: grant.id, agencyId: grant.agencyId });
  const form = parseValues(clean(values), BreakGlassReviewSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  if (grant.userId === actor.userId)
    return { ok: false, errors: { outcome: "You cannot review your own emergency access" } };
  const now = new Date().toISOString();
  const endNow = form.data.outcome === "not_justified" && isBreakGlassActive(grant.expiresAt);
  const changed = db
    .update(breakGlassGrants)
    .set({
      reviewedAt: now,
      reviewedBy: actor.userId,
      reviewOutcome: form.data.outcome,
      reviewNote: form.data.note || null,
      ...(endNow ? { expiresAt: now } : {}),
    })
    .where(and(eq(breakGlassGrants.id, grant.id), isNull(breakGlassGrants.reviewedAt)))
    .run().changes;
  if (!changed) return { ok: false, errors: { outcome: "This emergency access has already been reviewed" } };
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "break_glass.review",
    subjectType: "BreakGlassGrant",
    subjectId: grant.id,
    caseId: grant.caseId,
    outcome: "done",
    detail: { outcome: form.data.outcome, endedEarly: endNow },
  });
  return { ok: true, endedEarly: endNow };
}
