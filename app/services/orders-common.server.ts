// Shared by the protective orders, SPO consideration, breach and task services: form reading (every field as
// text first, so one submission reports every problem at once, as shares.server.ts does) and the case team.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { CASEWORK_ROLES } from "~/access/baseline-policy";
import { getDb } from "~/db.server";
import { CASE_ROLE_LABELS } from "~/domain/case-vocabulary";
import { dateField } from "~/forms/date-field";
import type { FieldErrors } from "~/forms/parse-form";
import { agencies, caseMembers, userRoles, users } from "../../db/schema";
import { canAddRecord, type CaseRow } from "./case-access.server";

/** A form field read as trimmed text (absent reads as ""). */
export const textField = (max: number, tooLong = "Enter fewer characters") =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim())
    .pipe(z.string().max(max, tooLong));

/** The three parts of a GOV.UK date input named `name`, as schema fields. */
export function dateParts(name: string) {
  return { [`${name}-day`]: textField(4), [`${name}-month`]: textField(4), [`${name}-year`]: textField(6) } as Record<
    string,
    ReturnType<typeof textField>
  >;
}

export type Problem = (path: string, message: string) => void;

/**
 * An ISO date from a GOV.UK date input's parts with the GOV.UK messages: null when all parts are empty
 * (or `missing` reported when given), undefined when a problem was reported.
 */
export function readDate(
  v: Record<string, string>,
  name: string,
  label: string,
  problem: Problem,
  missing?: string,
): string | null | undefined {
  const parts = { day: v[`${name}-day`] ?? "", month: v[`${name}-month`] ?? "", year: v[`${name}-year`] ?? "" };
  if (!parts.day && !parts.month && !parts.year) {
    if (missing) {
      problem(name, missing);
      return undefined;
    }
    return null;
  }
  const parsed = dateField(label, missing ?? `Enter the ${label.toLowerCase()}`).safeParse(parts);
  if (!parsed.success) {
    problem(name, parsed.error.issues[0]?.message ?? `${label} must be a real date`);
    return undefined;
  }
  return parsed.data;
}

/** A date that must be given: undefined when a problem (including "missing") was reported. */
export function readRequiredDate(
  v: Record<string, string>,
  name: string,
  label: string,
  problem: Problem,
  missing: string,
): string | undefined {
  return readDate(v, name, label, problem, missing) ?? undefined;
}

/** Runs a schema over submitted values, returning the first message per field and the values to show again. */
export function parseSubmitted<S extends z.ZodTypeAny>(
  values: Record<string, string | string[]>,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, errors, values };
}

/** What every case page's header shows (app/components/case-header.tsx). */
export function caseHeaderOf(c: CaseRow) {
  return { id: c.id, reference: c.reference, status: c.status, leadAgency: c.leadAgency, priority: c.priority };
}

/** May the actor work on this case (add records, tasks, breaches)? A case-working member of its current team. */
export function worksOnCase(actor: Actor, caseId: string): boolean {
  return actor.caseIds.includes(caseId) && canAddRecord(actor, caseId, "case_core");
}

export type TeamMember = { userId: string; name: string; agency: string; roleInCase: string };

/**
 * The current case team who work on cases: active accounts with a case-working role. Administrators placed on
 * a team see nothing of the case (the gate's standing rule), so they are never given tasks or told of breaches.
 */
export function currentCaseworkTeam(caseId: string): TeamMember[] {
  const db = getDb();
  return db
    .selectDistinct({ userId: users.id, name: users.name, agency: agencies.name, roleInCase: caseMembers.roleInCase })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(
        eq(caseMembers.caseId, caseId),
        isNull(caseMembers.removedAt),
        eq(users.status, "active"),
        inArray(userRoles.role, [...CASEWORK_ROLES]),
      ),
    )
    .orderBy(users.name)
    .all();
}

/** The officer in the case. Older memberships store the role as its label, so both spellings count. */
export function isOfficerInCase(roleInCase: string): boolean {
  return roleInCase === "officer_in_case" || roleInCase === CASE_ROLE_LABELS.officer_in_case;
}
