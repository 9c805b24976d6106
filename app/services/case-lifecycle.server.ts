import { and, eq, gte, lt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can } from "~/access/gate.server";
import { getDb } from "~/db.server";
import {
  CASE_FLAGS,
  canMoveTo,
  caseReference,
  INITIAL_STATUSES,
  type CaseFlag,
  londonDate,
  nextStatuses,
  referencePrefix,
} from "~/domain/case-lifecycle";
import {
  CASE_STATUSES,
  CLOSING_REASONS,
  MOTIVATIONS,
  RELATIONSHIPS,
  type CaseStatus,
  type ClosingReason,
} from "~/domain/case-vocabulary";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { caseMembers, cases } from "../../db/schema";
import { canUpdateCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import type { Tx } from "./case-record-store.server";
import { indexCase } from "./search-index.server";

type Values = Record<string, string | string[]>;
type Failure = { ok: false; errors: FieldErrors; values: Values };

const listOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
    .pipe(z.array(z.enum(values, { errorMap: () => ({ message }) })));

export const CaseDetailsSchema = z.object({
  relationship: z.enum(RELATIONSHIPS, {
    errorMap: () => ({ message: "Select the relationship of the perpetrator to the victim" }),
  }),
  motivation: z.enum(MOTIVATIONS, {
    errorMap: () => ({ message: "Select the perpetrator's motivation, or Not yet known" }),
  }),
  flags: listOf(CASE_FLAGS, "Select flags from the list"),
});

export const NewCaseSchema = CaseDetailsSchema.extend({
  status: z.enum(INITIAL_STATUSES, { errorMap: () => ({ message: "Select the status the case starts in" }) }),
});

export const StatusSchema = z
  .object({
    status: z.enum(CASE_STATUSES, { errorMap: () => ({ message: "Select the new status" }) }),
    closingReason: z.string().optional(),
  })
  .transform((v, ctx) => {
    if (v.status !== "closed") return { status: v.status, closingReason: null };
    if (!(CLOSING_REASONS as readonly string[]).includes(v.closingReason ?? "")) {
      ctx.addIssue({ code: "custom", path: ["closingReason"], message: "Select the reason for closing the case" });
      return z.NEVER;
    }
    return { status: v.status, closingReason: v.closingReason as ClosingReason };
  });

function flagColumns(flags: readonly CaseFlag[]) {
  return {
    flagDomesticAbuse: flags.includes("domestic_abuse"),
    flagOnline: flags.includes("online"),
    flagPolicePerpetrated: flags.includes("police_perpetrated"),
  };
}

export function flagsOf(c: Pick<CaseRow, "flagDomesticAbuse" | "flagOnline" | "flagPolicePerpetrated">): CaseFlag[] {
  return CASE_FLAGS.filter((f) =>
    f === "domestic_abuse" ? c.flagDomesticAbuse : f === "online" ? c.flagOnline : c.flagPolicePerpetrated,
  );
}

export function headerOf(c: CaseRow) {
  return { id: c.id, reference: c.reference, status: c.status, leadAgency: c.leadAgency, priority: c.priority };
}

/** The next number of this London year's references: one past the highest issued (seeds may pad to six digits). */
function nextReference(tx: Tx, now: Date): string {
  const year = Number(londonDate(now).slice(0, 4));
  const prefix = referencePrefix(year);
  // A range on the unique reference index ('.' sorts just after '-'), then the numeric maximum within it.
  const row = tx
    .select({ n: sql<number | null>`max(CAST(substr(${cases.reference}, ${prefix.length + 1}) AS INTEGER))` })
    .from(cases)
    .where(and(gte(cases.reference, prefix), lt(cases.reference, `NS-${year}.`)))
    .get();
  return caseReference(year, (row?.n ?? 0) + 1);
}

/** Whether to offer "Create a case": the same decision createCase makes. */
export function mayCreateCase(actor: Actor): boolean {
  return can(actor, "create", "Case");
}

/** The blank "Create a case" form: only for roles that may open a case (403, audited, for anyone else). */
export function newCaseForm(actor: Actor): { leadAgency: string } {
  authorize(actor, "create", "Case");
  return { leadAgency: actor.agencyName };
}

/**
 * Opens a case led by the actor's agency with the next partnership reference, and puts the actor on its team
 * as officer in the case, in one IMMEDIATE transaction (so two people creating at once get different numbers).
 */
export function createCase(actor: Actor, values: Values): { ok: true; id: string; reference: string } | Failure {
  authorize(actor, "create", "Case");
  const form = parseValues(values, NewCaseSchema);
  if (!form.ok) return form;
  const db = getDb();
  const now = new Date();
  const at = now.toISOString();
  const id = randomUUID();
  const reference = db.transaction(
    (tx) => {
      const ref = nextReference(tx, now);
      tx.insert(cases)
        .values({
          id,
          reference: ref,
          status: form.data.status,
          leadAgencyId: actor.agencyId,
          relationship: form.data.relationship,
          motivation: form.data.motivation,
          ...flagColumns(form.data.flags),
          createdBy: actor.userId,
          createdAt: at,
          updatedAt: at,
        })
        .run();
      tx.insert(caseMembers)
        .values({ caseId: id, userId: actor.userId, roleInCase: "officer_in_case", addedBy: actor.userId, addedAt: at })
        .run();
      indexCase(tx, id);
      return ref;
    },
    { behavior: "immediate" },
  );
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.create",
    subjectType: "Case",
    subjectId: id,
    caseId: id,
    outcome: "done",
    detail: { reference, status: form.data.status },
  });
  return { ok: true, id, reference };
}

/** A case whose core the actor may change (its lead agency's team and supervisors), or 404, audited. */
function requireUpdatableCase(actor: Actor, caseId: string, what: string): CaseRow {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canUpdateCase(actor, c), what);
  return c;
}

export function statusForm(actor: Actor, caseId: string) {
  const c = requireUpdatableCase(actor, caseId, "case.status");
  return { case: headerOf(c), closingReason: c.closingReason, next: [...nextStatuses(c.status)] };
}

/** Moves a case along its lifecycle. Closing needs a reason; reopening (closed → active) clears it. */
export function changeStatus(actor: Actor, caseId: string, values: Values): { ok: true; status: CaseStatus } | Failure {
  const c = requireUpdatableCase(actor, caseId, "case.status");
  const form = parseValues(values, StatusSchema);
  if (!form.ok) return form;
  const { status, closingReason } = form.data;
  if (!canMoveTo(c.status, status))
    return { ok: false, errors: { status: "Select one of the statuses this case can move to" }, values };
  const at = new Date().toISOString();
  getDb()
    .update(cases)
    .set({ status, closingReason, closedAt: status === "closed" ? at : null, updatedAt: at })
    .where(eq(cases.id, c.id))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.status",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    outcome: "done",
    detail: { from: c.status, to: status, ...(closingReason ? { closingReason } : {}) },
  });
  return { ok: true, status };
}

export function detailsForm(actor: Actor, caseId: string) {
  const c = requireUpdatableCase(actor, caseId, "case.update");
  return {
    case: headerOf(c),
    values: { relationship: c.relationship ?? undefined, motivation: c.motivation, flags: flagsOf(c) },
  };
}

/** Changes the relationship, motivation and flags. The audit entry names the fields changed, not their values. */
export function updateCaseDetails(
  actor: Actor,
  caseId: string,
  values: Values,
): { ok: true; changed: string[] } | Failure {
  const c = requireUpdatableCase(actor, caseId, "case.update");
  const form = parseValues(values, CaseDetailsSchema);
  if (!form.ok) return form;
  const next = {
    relationship: form.data.relationship,
    motivation: form.data.motivation,
    ...flagColumns(form.data.flags),
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== c[k]);
  if (changed.length)
    getDb()
      .update(cases)
      .set({ ...next, updatedAt: new Date().toISOString() })
      .where(eq(cases.id, c.id))
      .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.update",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    outcome: "done",
    detail: { fields: changed.join(",") },
  });
  return { ok: true, changed };
}
