import { and, asc, count, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import {
  addDays,
  daysLeftText,
  daysUntil,
  deadlineBand,
  lastDayToCharge,
  type DeadlineBand,
} from "~/domain/limitation-deadline";
import {
  OFFENCE_STATUS_LABELS,
  OFFENCE_STATUSES,
  OFFENCE_TYPES,
  OFFENCES,
  OUTCOME_CODES,
  type OffenceStatus,
  type OffenceType,
} from "~/domain/offences";
import { dateField } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { caseRecords, cases, incidents, offences } from "../../db/schema";
import { canAddRecord, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord, updateCaseRecordContent, type Tx } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import { casesWhereMember } from "./own-work.server";
import { followsAgencyChargingDeadlines } from "~/access/workflow-roles";

export type FormValues = Record<string, string | string[]>;

// --- Crime references (shared with incidents): one normal form, and never the same one on two cases.

/** Upper case, trimmed, inner spaces collapsed: how a crime reference is stored and compared. */
export function normaliseCrimeReference(value: string): string {
  return value.trim().replace(/\s+/g, " ").toUpperCase();
}

const CRIME_REFERENCE_MAX = 40;

/** The message for an optional crime reference as entered, or null when it is acceptable. */
export function crimeReferenceProblem(value: string): string | null {
  if (!value) return null;
  if (value.length > CRIME_REFERENCE_MAX) return `Crime reference must be ${CRIME_REFERENCE_MAX} characters or fewer`;
  if (!/^[A-Z0-9][A-Z0-9/ -]*$/.test(value))
    return "Crime reference must only include letters, numbers, spaces, slashes and hyphens";
  return null;
}

export const CRIME_REFERENCE_ON_ANOTHER_CASE = "This crime reference is already recorded on another case";

/**
 * Is this crime reference already held by another case (an incident or an offence)? Deliberately across all
 * cases, whatever the actor may see: the answer says only "another case", never which.
 */
export function crimeReferenceOnAnotherCase(tx: Tx, reference: string, caseId: string): boolean {
  const inIncidents = tx
    .select({ id: incidents.recordId })
    .from(incidents)
    .where(and(eq(incidents.crimeReference, reference), ne(incidents.caseId, caseId)))
    .limit(1)
    .get();
  if (inIncidents) return true;
  return Boolean(
    tx
      .select({ id: offences.recordId })
      .from(offences)
      .where(and(eq(offences.crimeReference, reference), ne(offences.caseId, caseId)))
      .limit(1)
      .get(),
  );
}

// --- The form.

const text = (max = 10_000) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim().slice(0, max));

/** Every field is read as text first, so one submission reports every problem at once (GOV.UK pattern). */
export const OffenceSchema = z
  .object({
    offenceType: text(64),
    otherDescription: text(1_000),
    summaryOnly: text(8),
    crimeReference: text(200),
    status: text(64),
    outcomeCode: text(16),
    "chargedOn-day": text(8),
    "chargedOn-month": text(8),
    "chargedOn-year": text(8),
  })
  .transform((v, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    const offenceType = OFFENCE_TYPES.find((t) => t === v.offenceType);
    if (!offenceType) problem("offenceType", "Select the offence");
    let otherDescription: string | null = null;
    let summaryOnly = offenceType ? OFFENCES[offenceType].summaryOnly : false;
    if (offenceType === "other") {
      if (!v.otherDescription) problem("otherDescription", "Enter the offence");
      else if (v.otherDescription.length > 200)
        problem("otherDescription", "The offence must be 200 characters or fewer");
      else otherDescription = v.otherDescription;
      if (v.summaryOnly === "yes" || v.summaryOnly === "no") summaryOnly = v.summaryOnly === "yes";
      else problem("summaryOnly", "Select whether the offence is summary only");
    }
    const crimeReference = normaliseCrimeReference(v.crimeReference);
    const refProblem = crimeReferenceProblem(crimeReference);
    if (refProblem) problem("crimeReference", refProblem);
    const status = OFFENCE_STATUSES.find((s) => s === v.status);
    if (!status) problem("status", "Select the status of the offence");
    const outcomeCode = v.outcomeCode ? OUTCOME_CODES.find((c) => c === v.outcomeCode) : null;
    if (outcomeCode === undefined) problem("outcomeCode", "Select an outcome from the list");
    let chargedOn: string | null = null;
    const anyDate = v["chargedOn-day"] || v["chargedOn-month"] || v["chargedOn-year"];
    const charged = status === "charged" || status === "convicted" || status === "acquitted";
    if (anyDate) {
      const parsed = dateField("Date of charge", "Enter the date of charge").safeParse({
        day: v["chargedOn-day"],
        month: v["chargedOn-month"],
        year: v["chargedOn-year"],
      });
      if (!parsed.success)
        problem("chargedOn", parsed.error.issues[0]?.message ?? "Date of charge must be a real date");
      else if (parsed.data > londonToday(new Date()))
        problem("chargedOn", "Date of charge must be today or in the past");
      else if (status && !charged) problem("chargedOn", "Only give a date of charge when the offence has been charged");
      else chargedOn = parsed.data;
    } else if (charged) {
      problem("chargedOn", "Enter the date of charge");
    }
    if (
      !offenceType ||
      !status ||
      outcomeCode === undefined ||
      refProblem ||
      (offenceType === "other" && !otherDescription)
    )
      return z.NEVER;
    return {
      offenceType,
      otherDescription,
      summaryOnly,
      crimeReference: crimeReference || null,
      status,
      outcomeCode: outcomeCode ?? null,
      chargedOn,
    };
  });
export type OffenceInput = z.infer<typeof OffenceSchema>;

// --- Who may record offences.

/** Offences are investigation material the police own: a police member of the case team records and updates them. */
export function canRecordOffences(actor: Actor, caseId: string): boolean {
  return actor.agencyType === "police" && canAddRecord(actor, caseId, "investigation");
}

function caseHeader(c: CaseRow) {
  return { id: c.id, reference: c.reference, status: c.status, leadAgency: c.leadAgency, priority: c.priority };
}

/** The "add an offence" page: the case, if the actor may record offences on it (404, audited, otherwise). */
export function newOffencePage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "offence.new");
  requireCaseWrite(actor, c, canRecordOffences(actor, c.id), "offence.create");
  return { case: caseHeader(c) };
}

function offenceTitle(input: Pick<OffenceInput, "offenceType" | "otherDescription">): string {
  return input.offenceType === "other" && input.otherDescription
    ? input.otherDescription
    : OFFENCES[input.offenceType].label;
}

function offenceContent(input: OffenceInput) {
  const title = offenceTitle(input);
  const status = OFFENCE_STATUS_LABELS[input.status];
  return {
    title,
    // The summary line says what and where it stands, nothing more.
    summary: `${title}: ${status.toLowerCase()}`,
    body: {
      text: `${title}. ${input.crimeReference ? `Crime reference ${input.crimeReference}` : "No crime reference recorded"}. ${status}${input.chargedOn ? `, charged on ${formatDate(input.chargedOn)}` : ""}.`,
      offenceType: input.offenceType,
      otherDescription: input.otherDescription,
    },
  };
}

function checkCrimeReference(tx: Tx, input: OffenceInput, caseId: string): FieldErrors | null {
  if (input.crimeReference && crimeReferenceOnAnotherCase(tx, input.crimeReference, caseId))
    return { crimeReference: CRIME_REFERENCE_ON_ANOTHER_CASE };
  return null;
}

type Result = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * Records an offence on a case (police on the case team; 404, audited, otherwise). A summary-only offence
 * gets its last day to charge at once, from the latest incident in the course of conduct.
 */
export function recordOffence(actor: Actor, caseId: string, values: FormValues): Result {
  const c = requireCase(actor, caseId, "offence.create");
  requireCaseWrite(actor, c, canRecordOffences(actor, c.id), "offence.create");
  const form = parseValues(values, OffenceSchema);
  if (!form.ok) return { ok: false, errors: form.errors, values };
  const input = form.data;
  const db = getDb();
  const outcome = db.transaction((tx): Result => {
    const duplicate = checkCrimeReference(tx, input, c.id);
    if (duplicate) return { ok: false, errors: duplicate, values };
    const id = insertCaseRecord(tx, {
      caseId: c.id,
      kind: "offence",
      category: "investigation",
      ownerAgencyId: actor.agencyId,
      authorUserId: actor.userId,
      ...offenceContent(input),
    });
    tx.insert(offences)
      .values({
        recordId: id,
        caseId: c.id,
        offenceType: input.offenceType,
        summaryOnly: input.summaryOnly,
        crimeReference: input.crimeReference,
        status: input.status,
        outcomeCode: input.outcomeCode,
        chargedOn: input.chargedOn,
      })
      .run();
    refreshChargingDeadlines(tx, c.id);
    return { ok: true, id };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "offence.create",
    subjectType: outcome.ok ? "CaseRecord" : "Case",
    subjectId: outcome.ok ? outcome.id : c.id,
    caseId: c.id,
    outcome: outcome.ok ? "done" : "failed",
    detail: outcome.ok
      ? { offenceType: input.offenceType, summaryOnly: input.summaryOnly }
      : { reason: "duplicate_crime_reference" },
  });
  return outcome;
}

/** One offence the actor may update (police member of the case team, same agency): 404, audited, otherwise. */
function requireOwnOffence(actor: Actor, caseId: string, recordId: string, auditAction: string) {
  const c = requireCase(actor, caseId, auditAction);
  const row =
    recordId.length <= 64
      ? getDb()
          .select({ r: caseRecords, o: offences })
          .from(offences)
          .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
          .where(and(eq(offences.recordId, recordId), eq(offences.caseId, c.id), isNull(caseRecords.retractedAt)))
          .get()
      : undefined;
  const allowed =
    row &&
    row.r.ownerAgencyId === actor.agencyId &&
    canRecordOffences(actor, c.id) &&
    accessLevel(actor, recordAttributes(row.r, c.chargingReferredAt)) === "full";
  if (!row || !allowed) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: auditAction,
      subjectType: "CaseRecord",
      subjectId: row ? recordId : null,
      caseId: c.id,
      outcome: "denied",
      detail: row ? null : { reason: "not_found" },
    });
    throw notFound();
  }
  return { c, r: row.r, o: row.o };
}

/** The offence's current values, to fill its edit form. */
export function offenceForEdit(actor: Actor, caseId: string, recordId: string) {
  const { c, r, o } = requireOwnOffence(actor, caseId, recordId, "offence.edit_form");
  const body = parseBody(r.body);
  const [year = "", month = "", day = ""] = (o.chargedOn ?? "").split("-");
  const values: Record<string, string> = {
    offenceType: o.offenceType,
    otherDescription: typeof body.otherDescription === "string" ? body.otherDescription : "",
    summaryOnly: o.summaryOnly ? "yes" : "no",
    crimeReference: o.crimeReference ?? "",
    status: o.status,
    outcomeCode: o.outcomeCode ?? "",
    "chargedOn-day": day ? String(Number(day)) : "",
    "chargedOn-month": month ? String(Number(month)) : "",
    "chargedOn-year": year,
  };
  return { case: caseHeader(c), recordId: r.id, title: r.title, values, lastDayToCharge: o.lastDayToCharge };
}

/** Changes an offence (status, outcome, charge date, crime reference); the deadlines are worked out again. */
export function updateOffence(actor: Actor, caseId: string, recordId: string, values: FormValues): Result {
  const { c, r } = requireOwnOffence(actor, caseId, recordId, "offence.update");
  const form = parseValues(values, OffenceSchema);
  if (!form.ok) return { ok: false, errors: form.errors, values };
  const input = form.data;
  const outcome = getDb().transaction((tx): Result => {
    const duplicate = checkCrimeReference(tx, input, c.id);
    if (duplicate) return { ok: false, errors: duplicate, values };
    updateCaseRecordContent(tx, r.id, offenceContent(input));
    tx.update(offences)
      .set({
        offenceType: input.offenceType,
        summaryOnly: input.summaryOnly,
        crimeReference: input.crimeReference,
        status: input.status,
        outcomeCode: input.outcomeCode,
        chargedOn: input.chargedOn,
      })
      .where(eq(offences.recordId, r.id))
      .run();
    refreshChargingDeadlines(tx, c.id);
    return { ok: true, id: r.id };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "offence.update",
    subjectType: "CaseRecord",
    subjectId: r.id,
    caseId: c.id,
    outcome: outcome.ok ? "done" : "failed",
    detail: outcome.ok ? { status: input.status } : { reason: "duplicate_crime_reference" },
  });
  return outcome;
}

// --- The six-month limit.

/**
 * Works out the last day to charge again for every offence on the case: six months from the latest incident
 * (not retracted) for summary-only offences still under investigation, none for the rest. Called in the same
 * transaction as any change to an incident or an offence.
 */
export function refreshChargingDeadlines(tx: Tx, caseId: string): void {
  const instants = tx
    .select({ at: incidents.occurredAt })
    .from(incidents)
    .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
    .where(and(eq(incidents.caseId, caseId), isNull(caseRecords.retractedAt)))
    .all()
    .map((i) => i.at);
  const lastDay = lastDayToCharge(instants);
  const pending = and(
    eq(offences.caseId, caseId),
    eq(offences.summaryOnly, true),
    eq(offences.status, "under_investigation"),
  );
  tx.update(offences).set({ lastDayToCharge: lastDay }).where(pending).run();
  tx.update(offences)
    .set({ lastDayToCharge: null })
    .where(
      and(
        eq(offences.caseId, caseId),
        or(eq(offences.summaryOnly, false), ne(offences.status, "under_investigation")),
        isNotNull(offences.lastDayToCharge),
      ),
    )
    .run();
}

export type ChargingDeadline = {
  recordId: string;
  caseId: string;
  caseReference: string;
  offence: string;
  lastDay: string;
  lastDayText: string;
  days: number;
  daysText: string;
  band: DeadlineBand;
};

function deadline(
  row: { recordId: string; caseId: string; caseReference: string; offence: string; lastDay: string | null },
  today: string,
): ChargingDeadline {
  const lastDay = row.lastDay ?? today;
  const days = daysUntil(lastDay, today);
  return {
    ...row,
    lastDay,
    lastDayText: formatDate(lastDay),
    days,
    daysText: daysLeftText(days),
    band: deadlineBand(days),
  };
}

const deadlineColumns = {
  recordId: offences.recordId,
  caseId: offences.caseId,
  caseReference: cases.reference,
  offence: caseRecords.title,
  lastDay: offences.lastDayToCharge,
};

/**
 * The last days to charge on one case, for those who may read the offences (investigation: police, and the
 * CPS once referred), filtered in SQL. Empty for everyone else, which says nothing about whether any exist.
 */
export function caseChargingDeadlines(actor: Actor, caseId: string, now = new Date()): ChargingDeadline[] {
  const rows = getDb()
    .select(deadlineColumns)
    .from(offences)
    .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(offences.caseId, caseId),
        eq(offences.status, "under_investigation"),
        isNotNull(offences.lastDayToCharge),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(offences.lastDayToCharge))
    .all();
  if (rows.length) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "charging_deadlines.view",
      subjectType: "Case",
      subjectId: caseId,
      caseId,
      outcome: "allowed",
      detail: { offences: rows.length },
    });
  }
  return rows.map((r) => deadline(r, londonToday(now)));
}

/** Home-page horizon: deadlines within this many days (and any already passed) are listed. */
export const HOME_DEADLINE_DAYS = 28;

/**
 * "Charging deadlines" on the home page: summary-only offences not yet charged whose last day is within 28 days
 * or has passed, on cases where the actor is the officer in the case and, for police supervisors, on every case
 * their agency leads. Filtered in SQL by scope() as well, so nobody sees an offence they may not read.
 */
export function homeChargingDeadlines(actor: Actor, now = new Date()): ChargingDeadline[] {
  const today = londonToday(now);
  // From the person's own cases (few); a police supervisor's agency leads most cases, so theirs walks the
  // deadlines in order and stops at the limit.
  const officer = inArray(offences.caseId, casesWhereMember(actor.userId, ["officer_in_case"]));
  const mine = followsAgencyChargingDeadlines(actor) ? or(officer, eq(cases.leadAgencyId, actor.agencyId)) : officer;
  const rows = getDb()
    .select(deadlineColumns)
    .from(offences)
    .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(offences.summaryOnly, true),
        eq(offences.status, "under_investigation"),
        isNotNull(offences.lastDayToCharge),
        lte(offences.lastDayToCharge, addDays(today, HOME_DEADLINE_DAYS)),
        isNull(caseRecords.retractedAt),
        mine,
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(offences.lastDayToCharge), asc(cases.reference))
    .limit(200)
    .all();
  if (rows.length) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "charging_deadlines.view",
      subjectType: "Offence",
      outcome: "allowed",
      detail: { offences: rows.length },
    });
  }
  return rows.map((r) => deadline(r, today));
}

// --- Incidents linked to offences (incidents.offence_ids).

export type OffenceChoice = { id: string; label: string };

/** How an offence is named where incidents link to it: its title, and its crime reference when it has one. */
function offenceLabel(title: string, crimeReference: string | null): string {
  return crimeReference ? `${title}, crime reference ${crimeReference}` : title;
}

/**
 * The case's offences (not retracted) the actor may read in full, filtered in SQL, oldest first: those an incident
 * may be linked to, and whose names may be shown beside an incident. Empty for anyone who may not read offences,
 * which says nothing about whether any exist. The caller has already let the actor into the case; audited.
 */
export function offenceChoices(actor: Actor, caseId: string): OffenceChoice[] {
  const rows = getDb()
    .select({ id: offences.recordId, title: caseRecords.title, crimeReference: offences.crimeReference })
    .from(offences)
    .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(offences.caseId, caseId),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(caseRecords.createdAt), asc(offences.recordId))
    .all();
  if (rows.length) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "offence_choices.view",
      subjectType: "Case",
      subjectId: caseId,
      caseId,
      outcome: "allowed",
      detail: { offences: rows.length },
    });
  }
  return rows.map((r) => ({ id: r.id, label: offenceLabel(r.title, r.crimeReference) }));
}

/**
 * How many incidents are linked to each of the case's offences, counting only incidents (not retracted) the actor
 * may read in full, filtered in SQL: a link is part of an incident's detail, so an incident the actor sees only as
 * a summary line, or not at all, is not counted.
 */
function linkedIncidentCounts(actor: Actor, caseId: string): Map<string, number> {
  const rows = getDb()
    .select({ offenceId: offences.recordId, n: count() })
    .from(incidents)
    .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(
      offences,
      and(
        eq(offences.caseId, incidents.caseId),
        sql`EXISTS (SELECT 1 FROM json_each(${incidents.offenceIds}) WHERE value = ${offences.recordId})`,
      ),
    )
    .where(
      and(
        eq(incidents.caseId, caseId),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .groupBy(offences.recordId)
    .all();
  return new Map(rows.map((r) => [r.offenceId, r.n]));
}

// --- The list of a case's offences.

/** The case's offences the actor may read, filtered in SQL; audited. */
export function caseOffences(actor: Actor, caseId: string, now = new Date()) {
  const c = requireCase(actor, caseId, "offences.view");
  const rows = getDb()
    .select({ o: offences, title: caseRecords.title, ownerAgencyId: caseRecords.ownerAgencyId })
    .from(offences)
    .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(offences.caseId, c.id),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(caseRecords.createdAt))
    .all();
  const today = londonToday(now);
  const mayEdit = canRecordOffences(actor, c.id);
  const linked = rows.length ? linkedIncidentCounts(actor, c.id) : new Map<string, number>();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "offences.records_view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    outcome: "allowed",
    detail: { offences: rows.length },
  });
  return {
    case: caseHeader(c),
    canRecord: mayEdit,
    offences: rows.map(({ o, title, ownerAgencyId }) => ({
      id: o.recordId,
      title,
      offenceType: o.offenceType as OffenceType,
      summaryOnly: o.summaryOnly,
      crimeReference: o.crimeReference,
      status: o.status as OffenceStatus,
      statusLabel: OFFENCE_STATUS_LABELS[o.status as OffenceStatus] ?? o.status,
      outcomeCode: o.outcomeCode,
      chargedOn: o.chargedOn,
      deadline: o.lastDayToCharge
        ? deadline(
            {
              recordId: o.recordId,
              caseId: c.id,
              caseReference: c.reference,
              offence: title,
              lastDay: o.lastDayToCharge,
            },
            today,
          )
        : null,
      incidents: linked.get(o.recordId) ?? 0,
      canEdit: mayEdit && ownerAgencyId === actor.agencyId,
    })),
  };
}
