import { and, asc, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { EXISTENCE_ROLES } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, authorizeNamed, can, notFound } from "~/access/gate.server";
import { scope } from "~/access/scope.server";
import {
  CATEGORIES,
  CATEGORY_LABELS,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
  type Category,
  type LawfulBasis,
  type Purpose,
} from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { AGENCY_TYPE_LABELS, AGENCY_TYPES, isAgencyType, type AgencyType } from "~/domain/agencies";
import { ROLES, roleLabel } from "~/domain/roles";
import { dateField, isoToParts, withDateParts } from "~/forms/date-field";
import { agencies, sharingAgreements } from "../../db/schema";

/** Purposes an agreement may name. Break-glass is an emergency grant of its own, never an agreement. */
export const AGREEMENT_PURPOSES = PURPOSES.filter(
  (p): p is Exclude<Purpose, "break_glass" | "countersign"> => p !== "break_glass" && p !== "countersign",
);
/** Roles an agreement may name as recipient: the roles that work on cases (never administrators or auditors). */
export const AGREEMENT_ROLES = EXISTENCE_ROLES;
export const AGREEMENT_LEVELS = ["full", "summary"] as const;
export const LEVEL_LABELS: Record<(typeof AGREEMENT_LEVELS)[number], string> = {
  full: "Full record",
  summary: "Summary line only",
};

const DATE_FIELDS = ["startsOn", "reviewOn"] as const;

/** An empty select or a missing field is "not chosen". */
const blankToUndefined = (v: unknown) => (v === "" || v === undefined || v === null ? undefined : v);

const fields = z.object({
  name: z
    .string({ required_error: "Enter a name for the agreement" })
    .trim()
    .min(1, "Enter a name for the agreement")
    .max(120, "Name must be 120 characters or fewer"),
  category: z.enum(CATEGORIES, {
    errorMap: () => ({ message: "Select the category of information the agreement shares" }),
  }),
  fromAgencyId: z
    .string({ required_error: "Select the agency that shares the information" })
    .trim()
    .min(1, "Select the agency that shares the information")
    .max(64, "Select an agency from the list"),
  toAgencyType: z.preprocess(
    blankToUndefined,
    z.enum(AGENCY_TYPES, { errorMap: () => ({ message: "Select a type of agency from the list" }) }).optional(),
  ),
  toAgencyId: z.preprocess(blankToUndefined, z.string().trim().max(64, "Select an agency from the list").optional()),
  toRole: z.preprocess(
    blankToUndefined,
    z.enum(AGREEMENT_ROLES, { errorMap: () => ({ message: "Select a role from the list" }) }).optional(),
  ),
  purposes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))])
    .superRefine((list, ctx) => {
      if (!list.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Select at least one purpose" });
      else if (list.includes("break_glass"))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: "Emergency access (break-glass) cannot be given by an agreement",
        });
      else if (list.some((p) => !(AGREEMENT_PURPOSES as readonly string[]).includes(p)))
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Select purposes from the list" });
    })
    .transform((list) => list as (typeof AGREEMENT_PURPOSES)[number][]),
  level: z.enum(AGREEMENT_LEVELS, {
    errorMap: () => ({ message: "Select how much of each record the agreement shares" }),
  }),
  lawfulBasis: z.enum(LAWFUL_BASES, { errorMap: () => ({ message: "Select the lawful basis for sharing" }) }),
  startsOn: dateField("Start date", "Enter the date the agreement starts"),
  reviewOn: dateField("Review date", "Enter the date the agreement must be reviewed by"),
});

export type AgreementInput = z.output<typeof fields>;

/**
 * The agreement form. Accepts submitted form values (date inputs as `<name>-day/-month/-year`, or the ISO
 * date as `<name>`). Checks that span fields (at least one recipient, review after start) run even when other
 * fields are wrong, so the error summary lists every problem at once.
 */
export const AgreementSchema = z.unknown().transform((raw, ctx): AgreementInput => {
  const obj = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const hasParts = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => k in obj);
  const isoGiven = DATE_FIELDS.filter((n) => !hasParts(n) && typeof obj[n] === "string");
  const values = withDateParts(
    obj,
    DATE_FIELDS.filter((n) => !isoGiven.includes(n)),
  ) as Record<string, unknown>;
  for (const n of isoGiven) values[n] = isoToParts(obj[n] as string);

  const parsed = fields.safeParse(values);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  if (![values.toAgencyType, values.toAgencyId, values.toRole].some((v) => blankToUndefined(v) !== undefined)) {
    problems.push({
      path: ["recipients"],
      message: "Choose who receives the information: a type of agency, an agency or a role",
    });
  }
  const starts = fields.shape.startsOn.safeParse(values.startsOn);
  const review = fields.shape.reviewOn.safeParse(values.reviewOn);
  if (starts.success && review.success && review.data <= starts.data)
    problems.push({ path: ["reviewOn"], message: "The review date must be after the start date" });
  if (problems.length || !parsed.success) {
    for (const p of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, path: p.path, message: p.message });
    return z.NEVER;
  }
  return parsed.data;
});

export type AgreementStatus = {
  key: "retired" | "not_started" | "review_overdue" | "in_force";
  text: string;
  tagClass: string;
};

/** Today as the gate counts it (loadActor compares start dates with the UTC date). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Where an agreement stands on a day (yyyy-mm-dd). A passed review date does not stop it; it flags it. */
export function agreementStatus(
  a: { startsOn: string; reviewOn: string; retiredAt: string | null },
  on: string = today(),
): AgreementStatus {
  if (a.retiredAt) return { key: "retired", text: "Retired", tagClass: "govuk-tag--grey" };
  if (a.startsOn > on) return { key: "not_started", text: "Not yet in force", tagClass: "govuk-tag--blue" };
  if (a.reviewOn < on) return { key: "review_overdue", text: "Review overdue", tagClass: "govuk-tag--red" };
  return { key: "in_force", text: "In force", tagClass: "govuk-tag--green" };
}

type Row = typeof sharingAgreements.$inferSelect;
const toAgency = alias(agencies, "to_agency");

function parsePurposes(json: string): Purpose[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter((p): p is Purpose => (PURPOSES as readonly string[]).includes(p)) : [];
  } catch {
    return [];
  }
}

/** An agreement as the pages show it: codes with their labels, recipients in words, and its status. */
function describe(r: Row, fromAgency: string, toAgencyName: string | null) {
  const purposes = parsePurposes(r.purposes);
  const recipients: string[] = [];
  if (r.toAgencyType)
    recipients.push(
      `Agency type: ${isAgencyType(r.toAgencyType) ? AGENCY_TYPE_LABELS[r.toAgencyType] : r.toAgencyType}`,
    );
  if (r.toAgencyId) recipients.push(`Agency: ${toAgencyName ?? "unknown agency"}`);
  if (r.toRole) recipients.push(`Role: ${roleLabel(r.toRole)}`);
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    categoryLabel: CATEGORY_LABELS[r.category as Category] ?? r.category,
    fromAgencyId: r.fromAgencyId,
    fromAgency,
    toAgencyType: r.toAgencyType,
    toAgencyId: r.toAgencyId,
    toAgency: toAgencyName,
    toRole: r.toRole,
    recipients,
    purposes,
    purposeLabels: purposes.map((p) => PURPOSE_LABELS[p]),
    level: r.level,
    levelLabel: LEVEL_LABELS[r.level],
    lawfulBasis: r.lawfulBasis,
    lawfulBasisLabel: LAWFUL_BASIS_LABELS[r.lawfulBasis as LawfulBasis] ?? r.lawfulBasis,
    startsOn: r.startsOn,
    reviewOn: r.reviewOn,
    retiredAt: r.retiredAt,
    status: agreementStatus(r),
  };
}

export type AgreementView = ReturnType<typeof describe>;

function selectAgreements() {
  return getDb()
    .select({
      r: sharingAgreements,
      fromAgency: agencies.name,
      partnershipId: agencies.partnershipId,
      toAgency: toAgency.name,
    })
    .from(sharingAgreements)
    .innerJoin(agencies, eq(agencies.id, sharingAgreements.fromAgencyId))
    .leftJoin(toAgency, eq(toAgency.id, sharingAgreements.toAgencyId));
}

/**
 * The partnership's agreements, current first and retired separately. Readers: system administrators,
 * agency administrators and auditors. `canManage` says whether to offer adding and changing them.
 */
export function listAgreements(actor: Actor) {
  authorize(actor, "read", "Agreement");
  const partnershipId = actor.partnershipId;
  const visible = and(
    eq(agencies.partnershipId, partnershipId ?? ""),
    scope(actor, "read", "Agreement", { id: sharingAgreements.id, fromAgencyId: sharingAgreements.fromAgencyId }),
  );
  const current = selectAgreements()
    .where(and(visible, isNull(sharingAgreements.retiredAt)))
    .orderBy(asc(sharingAgreements.name), asc(sharingAgreements.id))
    .all();
  const retired = selectAgreements()
    .where(and(visible, isNotNull(sharingAgreements.retiredAt)))
    .orderBy(sql`${sharingAgreements.retiredAt} DESC`, asc(sharingAgreements.id))
    .all();
  return {
    current: current.map((x) => describe(x.r, x.fromAgency, x.toAgency)),
    retired: retired.map((x) => describe(x.r, x.fromAgency, x.toAgency)),
    canManage: can(actor, "manage", "Agreement"),
  };
}

/** One agreement, with the values to fill its form. 404 when it is not in the actor's partnership. */
export function getAgreement(actor: Actor, agreementId: string) {
  authorizeNamed(actor, "read", "Agreement", { id: agreementId });
  const found = selectAgreements().where(eq(sharingAgreements.id, agreementId)).get();
  if (!found || found.partnershipId !== actor.partnershipId) throw notFound();
  const view = describe(found.r, found.fromAgency, found.toAgency);
  const starts = isoToParts(found.r.startsOn);
  const review = isoToParts(found.r.reviewOn);
  const formValues: Record<string, string | string[]> = {
    name: found.r.name,
    category: found.r.category,
    fromAgencyId: found.r.fromAgencyId,
    toAgencyType: found.r.toAgencyType ?? "",
    toAgencyId: found.r.toAgencyId ?? "",
    toRole: found.r.toRole ?? "",
    purposes: view.purposes,
    level: found.r.level,
    lawfulBasis: found.r.lawfulBasis,
    "startsOn-day": starts.day,
    "startsOn-month": starts.month,
    "startsOn-year": starts.year,
    "reviewOn-day": review.day,
    "reviewOn-month": review.month,
    "reviewOn-year": review.year,
  };
  return { agreement: view, formValues, canManage: can(actor, "manage", "Agreement") && !found.r.retiredAt };
}

/** What the form offers: the partnership's agencies, the agency types, the roles. */
export function agreementFormOptions(actor: Actor) {
  authorize(actor, "read", "Agreement");
  const partnershipId = actor.partnershipId ?? "";
  const list = getDb()
    .select({ id: agencies.id, name: agencies.name, type: agencies.type })
    .from(agencies)
    .where(eq(agencies.partnershipId, partnershipId))
    .orderBy(asc(agencies.name))
    .all();
  return {
    agencies: list,
    agencyTypes: AGENCY_TYPES.map((t) => ({ value: t, text: AGENCY_TYPE_LABELS[t] })),
    roles: AGREEMENT_ROLES.map((r) => ({ value: r, text: ROLES[r].label })),
  };
}

/** Refuses (403, audited) anyone who may not add agreements: checked before the form is read. */
export function assertCanCreateAgreement(actor: Actor): void {
  authorize(actor, "create", "Agreement");
}

/** Refuses (403, audited) anyone who may not change agreements: checked before the form is read. */
export function assertCanUpdateAgreement(actor: Actor, agreementId: string): void {
  authorizeNamed(actor, "update", "Agreement", { id: agreementId });
}

type Result = { ok: true; id: string; changed: string[] } | { ok: false; errors: Record<string, string> };

/** Checks that need the database: the agencies exist in the partnership and the recipients can match someone. */
function checkAgainstDb(actor: Actor, input: AgreementInput, selfId?: string): Record<string, string> {
  const db = getDb();
  const partnershipId = actor.partnershipId;
  const agencyIn = (id: string) =>
    db
      .select({ id: agencies.id, type: agencies.type })
      .from(agencies)
      .where(and(eq(agencies.id, id), eq(agencies.partnershipId, partnershipId ?? "")))
      .get();
  const errors: Record<string, string> = {};
  if (!agencyIn(input.fromAgencyId)) errors.fromAgencyId = "Select the sharing agency from the list";
  let recipientType: AgencyType | undefined = input.toAgencyType;
  if (input.toAgencyId) {
    const to = agencyIn(input.toAgencyId);
    if (!to) errors.toAgencyId = "Select the receiving agency from the list";
    else if (to.id === input.fromAgencyId)
      errors.toAgencyId = "Select a receiving agency other than the one sharing the information";
    else if (input.toAgencyType && to.type !== input.toAgencyType)
      errors.toAgencyId = "Select an agency of the type chosen, or leave the type blank";
    else if (isAgencyType(to.type)) recipientType = to.type;
  }
  if (input.toRole && recipientType && !errors.toAgencyId) {
    const allowed = ROLES[input.toRole].agencyTypes as readonly string[] | "any";
    if (allowed !== "any" && !allowed.includes(recipientType)) {
      errors.toRole = `Select a role that people in ${AGENCY_TYPE_LABELS[recipientType].toLowerCase()} agencies can hold`;
    }
  }
  const clash = db
    .select({ id: sharingAgreements.id })
    .from(sharingAgreements)
    .where(
      and(
        sql`lower(${sharingAgreements.name}) = lower(${input.name})`,
        isNull(sharingAgreements.retiredAt),
        selfId ? ne(sharingAgreements.id, selfId) : undefined,
      ),
    )
    .get();
  if (clash) errors.name = "An agreement with this name already exists";
  return errors;
}

function columnsFor(input: AgreementInput) {
  return {
    name: input.name,
    category: input.category,
    fromAgencyId: input.fromAgencyId,
    toAgencyType: input.toAgencyType ?? null,
    toAgencyId: input.toAgencyId ?? null,
    toRole: input.toRole ?? null,
    purposes: JSON.stringify([...input.purposes].sort()),
    level: input.level,
    lawfulBasis: input.lawfulBasis,
    startsOn: input.startsOn,
    reviewOn: input.reviewOn,
  };
}

/** Adds an agreement. It applies from its start date to everyone it reaches, at their next request. */
export function createAgreement(actor: Actor, input: AgreementInput): Result {
  authorize(actor, "create", "Agreement");
  const errors = checkAgainstDb(actor, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const id = randomUUID();
  const now = new Date().toISOString();
  const values = columnsFor(input);
  getDb()
    .insert(sharingAgreements)
    .values({ id, ...values, createdBy: actor.userId, createdAt: now, updatedAt: now })
    .run();
  const changed = Object.entries(values)
    .filter(([, v]) => v !== null)
    .map(([k]) => k);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "agreement.create",
    outcome: "done",
    subjectType: "Agreement",
    subjectId: id,
    detail: { fields: changed.join(",") },
  });
  return { ok: true, id, changed };
}

function findRow(actor: Actor, agreementId: string): Row {
  const found = selectAgreements().where(eq(sharingAgreements.id, agreementId)).get();
  if (!found || found.partnershipId !== actor.partnershipId) throw notFound();
  return found.r;
}

/** Changes an agreement; the audit entry names the fields that changed. A retired agreement cannot change. */
export function updateAgreement(actor: Actor, agreementId: string, input: AgreementInput): Result {
  authorizeNamed(actor, "update", "Agreement", { id: agreementId });
  const row = findRow(actor, agreementId);
  if (row.retiredAt) return { ok: false, errors: { form: "This agreement has been retired and cannot be changed" } };
  const errors = checkAgainstDb(actor, input, agreementId);
  if (Object.keys(errors).length) return { ok: false, errors };
  const values = columnsFor(input);
  const before: Record<string, string | null> = {
    ...row,
    purposes: JSON.stringify(parsePurposes(row.purposes).sort()),
  };
  const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== before[k]);
  if (!changed.length) return { ok: true, id: agreementId, changed };
  const set = Object.fromEntries(changed.map((k) => [k, values[k]]));
  getDb()
    .update(sharingAgreements)
    .set({ ...set, updatedAt: new Date().toISOString() })
    .where(eq(sharingAgreements.id, agreementId))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "agreement.update",
    outcome: "done",
    subjectType: "Agreement",
    subjectId: agreementId,
    detail: { fields: changed.join(",") },
  });
  return { ok: true, id: agreementId, changed };
}

/** Retires an agreement: it stops applying at everyone's next request and stays listed as retired. */
export function retireAgreement(
  actor: Actor,
  agreementId: string,
): { ok: true } | { ok: false; errors: Record<string, string> } {
  authorizeNamed(actor, "update", "Agreement", { id: agreementId });
  const row = findRow(actor, agreementId);
  if (row.retiredAt) return { ok: false, errors: { form: "This agreement has already been retired" } };
  const now = new Date().toISOString();
  getDb()
    .update(sharingAgreements)
    .set({ retiredAt: now, updatedAt: now })
    .where(and(eq(sharingAgreements.id, agreementId), isNull(sharingAgreements.retiredAt)))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "agreement.retire",
    outcome: "done",
    subjectType: "Agreement",
    subjectId: agreementId,
    detail: { fields: "retiredAt" },
  });
  return { ok: true };
}
