import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, isWithheld, redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { CAVEAT_LABELS, CAVEATS, type Caveat, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import {
  BEHAVIOUR_LABELS,
  BEHAVIOURS,
  FOUR_INDICATORS,
  FOUR_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_SOURCES,
  type Behaviour,
  type FourIndicator,
  type IncidentSource,
} from "~/domain/behaviours";
import { formatDate, formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { londonWallClock, londonWallClockToUtc } from "~/domain/limitation-deadline";
import { dateField } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import {
  agencies,
  auditLog,
  caseParties,
  caseRecords,
  cases,
  incidents,
  people,
  recordVersions,
  users,
} from "../../db/schema";
import { canAddRecord, canUpdateCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { openRiskReview } from "./risk-review-triggers.server";
import { insertCaseRecord, touchCase, updateCaseRecordContent, type Tx } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import {
  caseChargingDeadlines,
  CRIME_REFERENCE_ON_ANOTHER_CASE,
  crimeReferenceOnAnotherCase,
  crimeReferenceProblem,
  normaliseCrimeReference,
  offenceChoices,
  refreshChargingDeadlines,
  type FormValues,
  type OffenceChoice,
} from "./offences.server";

export const DESCRIPTION_MAX = 5_000;

// --- The form.

const text = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim().slice(0, max));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean));

/** A time of day as people write it ("14:30", "2:30pm", "9am") as 24-hour HH:MM, or null. */
export function parseTimeOfDay(value: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(value.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase().replace(/\./g, "");
  if (minute > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === "pm" ? 12 : 0);
  } else if (m[2] === undefined || hour > 23) {
    return null;
  }
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/**
 * Every field is read as text first, so one submission reports every problem at once (GOV.UK pattern).
 * `offered` is the ids of the offences the form offered (offenceChoices): a linked offence must be one of them.
 */
export const incidentSchema = (offered: readonly string[]) =>
  z
    .object({
      "occurred-day": text(8),
      "occurred-month": text(8),
      "occurred-year": text(8),
      time: text(32),
      behaviours: list,
      four: list,
      source: text(64),
      crimeReference: text(200),
      offences: list,
      // Not cut short: an over-long description is reported, never silently trimmed.
      description: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform((v) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim()),
      caveats: list,
    })
    .transform((v, ctx) => {
      let bad = false;
      const problem = (path: string, message: string) => {
        bad = true;
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      };
      const date = dateField("Date of the incident", "Enter the date of the incident").safeParse({
        day: v["occurred-day"],
        month: v["occurred-month"],
        year: v["occurred-year"],
      });
      if (!date.success) problem("occurred", date.error.issues[0]?.message ?? "Enter the date of the incident");
      const time = v.time ? parseTimeOfDay(v.time) : null;
      if (!v.time) problem("time", "Enter the time of the incident");
      else if (!time) problem("time", "Enter the time in the 24-hour format, like 14:30, or like 2:30pm");
      const behaviours = BEHAVIOURS.filter((b) => v.behaviours.includes(b));
      if (!v.behaviours.length) problem("behaviours", "Select at least one behaviour");
      else if (behaviours.length !== new Set(v.behaviours).size)
        problem("behaviours", "Select behaviours from the list");
      const four = FOUR_INDICATORS.filter((f) => v.four.includes(f));
      if (four.length !== new Set(v.four).size) problem("four", "Select FOUR indicators from the list");
      const source = INCIDENT_SOURCES.find((s) => s === v.source);
      if (!source) problem("source", "Select who reported the incident");
      const crimeReference = normaliseCrimeReference(v.crimeReference);
      const refProblem = crimeReferenceProblem(crimeReference);
      if (refProblem) problem("crimeReference", refProblem);
      // A forged id, or an offence on another case or one the actor may not read, was never offered.
      const offences = offered.filter((id) => v.offences.includes(id));
      if (offences.length !== new Set(v.offences).size) problem("offences", "Select offences from the list");
      if (!v.description) problem("description", "Enter a description of what happened");
      else if (v.description.length > DESCRIPTION_MAX)
        problem("description", "Description must be 5,000 characters or fewer");
      const caveats = CAVEATS.filter((c) => v.caveats.includes(c));
      if (caveats.length !== new Set(v.caveats).size) problem("caveats", "Select caveats from the list");
      if (bad || !date.success || !time || !source) return z.NEVER;
      return {
        date: date.data,
        time,
        behaviours,
        four,
        source,
        crimeReference: crimeReference || null,
        offences,
        description: v.description,
        caveats,
      };
    });
export type IncidentInput = z.infer<ReturnType<typeof incidentSchema>>;

/**
 * Caveats an author may add to an incident. Not a caveat that would hide the incident from its own author
 * (police intelligence is kept from everyone outside police; health-confidential is health's own).
 */
export function incidentCaveatChoices(actor: Actor): Caveat[] {
  return CAVEATS.filter((c) =>
    c === "police_intelligence"
      ? actor.agencyType === "police"
      : c === "health_confidential"
        ? actor.agencyType === "health"
        : true,
  );
}

function caseHeader(c: CaseRow) {
  return { id: c.id, reference: c.reference, status: c.status, leadAgency: c.leadAgency, priority: c.priority };
}

/** Any member of the case team may record incidents (case core), owned by their own agency. */
function requireMayRecord(actor: Actor, caseId: string, auditAction: string): CaseRow {
  const c = requireCase(actor, caseId, auditAction);
  requireCaseWrite(actor, c, canAddRecord(actor, c.id, "case_core"), "incident.create");
  return c;
}

/** The offences an incident may be linked to, as the form's checkboxes: only those the actor may read in full. */
function offenceItems(choices: OffenceChoice[]) {
  return choices.map((o) => ({ value: o.id, text: o.label }));
}

/** The "record an incident" page. */
export function newIncidentPage(actor: Actor, caseId: string) {
  const c = requireMayRecord(actor, caseId, "incident.new");
  return {
    case: caseHeader(c),
    caveats: incidentCaveatChoices(actor).map((v) => ({ value: v, text: CAVEAT_LABELS[v] })),
    offences: offenceItems(offenceChoices(actor, c.id)),
  };
}

// --- Title, summary and body.

/** "Turning up, threats": behaviour labels as one phrase. */
function behavioursPhrase(behaviours: readonly Behaviour[]): string {
  return behaviours.map((b, i) => (i === 0 ? BEHAVIOUR_LABELS[b] : BEHAVIOUR_LABELS[b].toLowerCase())).join(", ");
}

const SOURCE_PHRASES: Record<IncidentSource, string> = {
  victim: "the victim",
  witness: "a witness",
  police: "police",
  partner_agency: "a partner agency",
};

/** The title and summary line say what and when, never the description (summary access sees them). */
function incidentContent(input: IncidentInput, occurredAt: string) {
  const phrase = behavioursPhrase(input.behaviours);
  return {
    title: `${phrase} on ${formatDate(occurredAt)}`,
    summary: `${phrase} on ${formatDateTime(occurredAt)}, reported by ${SOURCE_PHRASES[input.source]}`,
    body: { text: input.description, crimeReference: input.crimeReference },
  };
}

// --- Checks against the case.

/** May the actor see this kind of detail about the case's people (their date of birth in a message)? */
function maySeeCategory(actor: Actor, c: CaseRow, category: Category): boolean {
  return (
    accessLevel(actor, {
      id: `${c.id}:people`,
      caseId: c.id,
      category,
      ownerAgencyId: c.leadAgencyId,
      status: "signed_off",
      meetingId: null,
      cavVictimConfidential: false,
      cavHealthConfidential: false,
      cavPoliceIntelligence: false,
      cavNotPerpetratorFacing: false,
      chargingReferred: c.chargingReferredAt !== null,
    }) === "full"
  );
}

/**
 * The instant of the incident, or the messages for what is wrong with it on this case: a time the clocks skip,
 * in the future, before a party's date of birth, or a crime reference another case already holds.
 */
function checkAgainstCase(
  tx: Tx,
  actor: Actor,
  c: CaseRow,
  input: IncidentInput,
  now: Date,
): { ok: true; occurredAt: string } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const occurredAt = londonWallClockToUtc(input.date, input.time);
  if (!occurredAt) {
    errors.time =
      "That time did not happen in the UK: the clocks went forward from 1am to 2am. Enter a time before 1am or from 2am";
  } else if (occurredAt > now.toISOString()) {
    if (input.date > londonToday(now)) errors.occurred = "The date of the incident must be today or in the past";
    else errors.time = "The time of the incident must be in the past";
  }
  if (!errors.occurred) {
    const parties = tx
      .select({ name: people.fullName, dateOfBirth: people.dateOfBirth, role: caseParties.partyRole })
      .from(caseParties)
      .innerJoin(people, eq(people.id, caseParties.personId))
      .where(eq(caseParties.caseId, c.id))
      .all();
    const bornLater = parties.find((p) => p.dateOfBirth && input.date <= p.dateOfBirth);
    if (bornLater) {
      // Name the person only to someone who may see their details; the date of birth itself is never given.
      const visible = maySeeCategory(actor, c, bornLater.role === "perpetrator" ? "perpetrator" : "victim_contact");
      errors.occurred = visible
        ? `The incident date must be after the date of birth of ${bornLater.name}`
        : "The incident date must be after the person's date of birth";
    }
  }
  if (input.crimeReference && crimeReferenceOnAnotherCase(tx, input.crimeReference, c.id))
    errors.crimeReference = CRIME_REFERENCE_ON_ANOTHER_CASE;
  return Object.keys(errors).length || !occurredAt ? { ok: false, errors } : { ok: true, occurredAt };
}

type Result = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues };

/** `offenceIds`: the offences the incident is linked to, as stored (JSON array of offence record ids). */
function detailRow(input: IncidentInput, occurredAt: string, offenceIds: readonly string[]) {
  return {
    occurredAt,
    occurredOn: input.date,
    behaviours: JSON.stringify(input.behaviours),
    fixated: input.four.includes("fixated"),
    obsessive: input.four.includes("obsessive"),
    unwanted: input.four.includes("unwanted"),
    repeated: input.four.includes("repeated"),
    source: input.source,
    crimeReference: input.crimeReference,
    offenceIds: JSON.stringify(offenceIds),
  };
}

/**
 * Records an incident in the course of conduct: a case-core record owned by the actor's agency and its detail
 * row, in one transaction, with the charging deadlines worked out again. After the case's incidents have been
 * linked into one course of conduct, a new incident is linked as it is recorded. Bad input saves nothing.
 */
export function recordIncident(actor: Actor, caseId: string, values: FormValues, now = new Date()): Result {
  const c = requireMayRecord(actor, caseId, "incident.create");
  const offered = offenceChoices(actor, c.id).map((o) => o.id);
  const form = parseValues(values, incidentSchema(offered));
  if (!form.ok) return { ok: false, errors: form.errors, values };
  const input = form.data;
  if (!input.caveats.every((cv) => incidentCaveatChoices(actor).includes(cv)))
    return { ok: false, errors: { caveats: "Select caveats from the list" }, values };
  const review: { push: (() => void) | null } = { push: null };
  const outcome = getDb().transaction((tx): Result => {
    const checked = checkAgainstCase(tx, actor, c, input, now);
    if (!checked.ok) return { ok: false, errors: checked.errors, values };
    const at = now.toISOString();
    const id = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "incident",
        category: "case_core",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        caveats: input.caveats,
        ...incidentContent(input, checked.occurredAt),
      },
      at,
    );
    const linked = tx.select({ at: cases.courseLinkedAt }).from(cases).where(eq(cases.id, c.id)).get()?.at;
    tx.insert(incidents)
      .values({
        recordId: id,
        caseId: c.id,
        ...detailRow(input, checked.occurredAt, input.offences),
        linkedAt: linked ? at : null,
      })
      .run();
    refreshChargingDeadlines(tx, c.id);
    // Threats or violence mean risk has changed: a review task for the case team (issue 5).
    review.push = openRiskReview(
      tx,
      c,
      { kind: "incident", behaviours: input.behaviours },
      { createdBy: actor.userId, source: "incident", sourceRecordId: id },
      now,
    );
    return { ok: true, id };
  });
  review.push?.();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "incident.create",
    subjectType: outcome.ok ? "CaseRecord" : "Case",
    subjectId: outcome.ok ? outcome.id : c.id,
    caseId: c.id,
    outcome: outcome.ok ? "done" : "failed",
    // The linked offences' ids (identifiers, not content): the history of an incident's links.
    detail: outcome.ok
      ? { behaviours: input.behaviours.length, caveats: input.caveats.join(","), offences: input.offences.join(",") }
      : { fields: Object.keys(outcome.errors).join(",") },
  });
  return outcome;
}

// --- Editing.

/** An incident the actor may edit: their agency's, on a case they are on the team of. 404, audited, otherwise. */
function requireOwnIncident(actor: Actor, caseId: string, recordId: string, auditAction: string) {
  const c = requireCase(actor, caseId, auditAction);
  const row =
    recordId.length <= 64
      ? getDb()
          .select({ r: caseRecords, i: incidents })
          .from(incidents)
          .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
          .where(and(eq(incidents.recordId, recordId), eq(incidents.caseId, c.id), isNull(caseRecords.retractedAt)))
          .get()
      : undefined;
  const allowed =
    row &&
    row.r.ownerAgencyId === actor.agencyId &&
    canAddRecord(actor, c.id, "case_core") &&
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
  return { c, r: row.r, i: row.i };
}

function parseStrings(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** The incident's current values, to fill its edit form. */
export function incidentForEdit(actor: Actor, caseId: string, recordId: string) {
  const { c, r, i } = requireOwnIncident(actor, caseId, recordId, "incident.edit_form");
  const body = parseBody(r.body);
  const offences = offenceChoices(actor, c.id);
  // Only links to offences the editor may read are shown (and so kept or unticked); the rest stay as they are.
  const linked = new Set(parseStrings(i.offenceIds));
  const clock = londonWallClock(i.occurredAt);
  const [year = "", month = "", day = ""] = clock.date.split("-");
  const four = FOUR_INDICATORS.filter((f) => i[f]);
  const values: FormValues = {
    "occurred-day": String(Number(day)),
    "occurred-month": String(Number(month)),
    "occurred-year": year,
    time: clock.time,
    behaviours: parseStrings(i.behaviours),
    four,
    source: i.source,
    crimeReference: i.crimeReference ?? "",
    offences: offences.filter((o) => linked.has(o.id)).map((o) => o.id),
    description: typeof body.text === "string" ? body.text : "",
  };
  const caveats = CAVEATS.filter((cv) => r[CAVEAT_COLUMNS[cv]]).map((cv) => CAVEAT_LABELS[cv]);
  return {
    case: caseHeader(c),
    recordId: r.id,
    title: r.title,
    values,
    caveats,
    offences: offenceItems(offences),
    version: versionsOf(r.id) + 1,
  };
}

function versionsOf(recordId: string, tx: Tx = getDb()): number {
  return tx.select({ n: count() }).from(recordVersions).where(eq(recordVersions.recordId, recordId)).get()?.n ?? 0;
}

/**
 * Keeps the version about to be replaced. Its writer is whoever last edited it (from the audit log), or the
 * record's author for the first version. Version numbers come from the history itself.
 */
function keepRecordVersion(tx: Tx, r: typeof caseRecords.$inferSelect, now: string): number {
  const version = versionsOf(r.id, tx) + 1;
  const lastEdit = tx
    .select({ by: auditLog.actorUserId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, "CaseRecord"),
        eq(auditLog.subjectId, r.id),
        eq(auditLog.action, "incident.update"),
        eq(auditLog.outcome, "done"),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  tx.insert(recordVersions)
    .values({
      recordId: r.id,
      version,
      title: r.title,
      summary: r.summary,
      body: r.body,
      authorUserId: lastEdit?.by ?? r.authorUserId,
      replacedAt: now,
    })
    .run();
  return version + 1;
}

/**
 * Changes an incident (its author's agency only), keeping the earlier version, re-indexing it and working
 * out the charging deadlines again, since the latest incident may have moved. Caveats stay as recorded.
 */
export function editIncident(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  now = new Date(),
): Result {
  const { c, r, i } = requireOwnIncident(actor, caseId, recordId, "incident.update");
  const offered = offenceChoices(actor, c.id).map((o) => o.id);
  const form = parseValues(values, incidentSchema(offered));
  if (!form.ok) return { ok: false, errors: form.errors, values };
  const input = form.data;
  // Links to offences the editor was not offered (ones they may not read, or retracted since) are kept as they are.
  const offenceIds = [...input.offences, ...parseStrings(i.offenceIds).filter((id) => !offered.includes(id))];
  let version = 0;
  const outcome = getDb().transaction((tx): Result => {
    const checked = checkAgainstCase(tx, actor, c, input, now);
    if (!checked.ok) return { ok: false, errors: checked.errors, values };
    const at = now.toISOString();
    version = keepRecordVersion(tx, r, at);
    updateCaseRecordContent(tx, r.id, incidentContent(input, checked.occurredAt), at);
    tx.update(incidents)
      .set(detailRow(input, checked.occurredAt, offenceIds))
      .where(eq(incidents.recordId, r.id))
      .run();
    refreshChargingDeadlines(tx, c.id);
    return { ok: true, id: r.id };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "incident.update",
    subjectType: "CaseRecord",
    subjectId: r.id,
    caseId: c.id,
    outcome: outcome.ok ? "done" : "failed",
    detail: outcome.ok
      ? { version, offences: offenceIds.join(",") }
      : { fields: Object.keys(outcome.errors).join(",") },
  });
  return outcome;
}

// --- The timeline.

const CAVEAT_COLUMNS = {
  victim_confidential: "cavVictimConfidential",
  health_confidential: "cavHealthConfidential",
  police_intelligence: "cavPoliceIntelligence",
  not_for_perpetrator_facing: "cavNotPerpetratorFacing",
} as const satisfies Record<Caveat, keyof typeof caseRecords.$inferSelect>;

export type IncidentDetail = {
  behaviours: { code: Behaviour; label: string }[];
  four: string[];
  source: string;
  crimeReference: string | null;
  /** Names of the linked offences the reader may read in full; the rest are left out without a trace. */
  offences: string[];
  description: string;
};

export type IncidentView = {
  id: string;
  level: "full" | "summary";
  title: string;
  summary: string;
  occurredAt: string;
  when: string;
  detail: IncidentDetail | Withheld;
  ownerAgencyId: string;
  recordedBy: string;
  caveats: string[];
  linked: boolean;
  canEdit: boolean;
};

export const TIMELINE_ORDERS = ["newest", "oldest"] as const;
export const TIMELINE_VIEWS = ["timeline", "crime_reference"] as const;
export type TimelineQuery = {
  behaviour: Behaviour | null;
  order: (typeof TIMELINE_ORDERS)[number];
  view: (typeof TIMELINE_VIEWS)[number];
  page: number;
};

/**
 * Incidents on one page of the course of conduct. A busy case has hundreds; the page showed them all (about 500 KB
 * of HTML for 200), and the pattern above the list, not the list, is what shows the course of conduct at a glance.
 */
export const INCIDENTS_PER_PAGE = 25;

/** The timeline's options from the address (?behaviour=threats&order=oldest&view=crime_reference&page=2); anything unknown is ignored. */
export function timelineQuery(params: URLSearchParams): TimelineQuery {
  const behaviour = BEHAVIOURS.find((b) => b === params.get("behaviour")) ?? null;
  const order = TIMELINE_ORDERS.find((o) => o === params.get("order")) ?? "newest";
  const view = TIMELINE_VIEWS.find((v) => v === params.get("view")) ?? "timeline";
  const asked = params.get("page") ?? "";
  const page = /^[1-9]\d{0,5}$/.test(asked) ? Number(asked) : 1;
  return { behaviour, order, view, page };
}

function visibleIncidents(actor: Actor, caseId: string, q: Pick<TimelineQuery, "behaviour" | "order">) {
  const behaviourFilter = q.behaviour
    ? sql`EXISTS (SELECT 1 FROM json_each(${incidents.behaviours}) WHERE value = ${q.behaviour})`
    : undefined;
  return getDb()
    .select({
      i: incidents,
      r: caseRecords,
      ownerAgency: agencies.name,
      author: users.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(incidents)
    .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(users, eq(users.id, caseRecords.authorUserId))
    .where(
      and(
        eq(caseRecords.caseId, caseId),
        eq(caseRecords.kind, "incident"),
        isNull(caseRecords.retractedAt),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
        behaviourFilter,
      ),
    )
    .orderBy(q.order === "oldest" ? asc(incidents.occurredAt) : desc(incidents.occurredAt), asc(incidents.recordId))
    .all();
}

/** `offenceLabels`: the case's offences the actor may read in full (offenceChoices), by id. */
function toViews(
  actor: Actor,
  caseId: string,
  rows: ReturnType<typeof visibleIncidents>,
  offenceLabels: ReadonlyMap<string, string>,
): IncidentView[] {
  const ability = defineAbilityFor(actor);
  const mayRecord = canAddRecord(actor, caseId, "case_core");
  const views: IncidentView[] = [];
  for (const { i, r, ownerAgency, author, chargingReferredAt } of rows) {
    const body = parseBody(r.body);
    const redacted = redact(
      actor,
      recordAttributes(r, chargingReferredAt),
      { title: r.title, summary: r.summary, body },
      ownerAgency,
      ability,
    );
    // The SQL filter already left out what the actor may not see; this is the single-record check agreeing.
    if (!redacted) continue;
    const full = redacted.level === "full";
    const detail: IncidentDetail | Withheld = full
      ? {
          behaviours: parseStrings(i.behaviours)
            .filter((b): b is Behaviour => (BEHAVIOURS as readonly string[]).includes(b))
            .map((b) => ({ code: b, label: BEHAVIOUR_LABELS[b] })),
          four: FOUR_INDICATORS.filter((f: FourIndicator) => i[f]).map((f) => FOUR_LABELS[f]),
          source: INCIDENT_SOURCE_LABELS[i.source as IncidentSource] ?? i.source,
          crimeReference: i.crimeReference,
          offences: [...new Set(parseStrings(i.offenceIds))].flatMap((id) => offenceLabels.get(id) ?? []),
          description: typeof body.text === "string" ? body.text : "",
        }
      : withheld(ownerAgency);
    views.push({
      id: r.id,
      level: redacted.level,
      title: redacted.title,
      summary: redacted.summary,
      occurredAt: i.occurredAt,
      when: formatDateTime(i.occurredAt),
      detail,
      ownerAgencyId: r.ownerAgencyId,
      recordedBy: full ? `${author}, ${ownerAgency}` : ownerAgency,
      caveats: CAVEATS.filter((cv) => r[CAVEAT_COLUMNS[cv]]).map((cv) => CAVEAT_LABELS[cv]),
      linked: i.linkedAt !== null,
      canEdit: full && mayRecord && r.ownerAgencyId === actor.agencyId,
    });
  }
  return views;
}

/**
 * The pattern across every incident the actor may see: how many, over what span, under how many crime reports,
 * and which behaviours how often. Crime references count only where the actor sees the incident in full.
 */
function patternOf(views: IncidentView[]) {
  if (!views.length) return null;
  const times = views.map((v) => v.occurredAt).sort();
  const crimeReferences = new Set<string>();
  const tally = new Map<Behaviour, number>();
  for (const v of views) {
    if (isWithheld(v.detail)) continue;
    if (v.detail.crimeReference) crimeReferences.add(v.detail.crimeReference);
    for (const b of v.detail.behaviours) tally.set(b.code, (tally.get(b.code) ?? 0) + 1);
  }
  return {
    count: views.length,
    first: formatDate(times[0]!),
    latest: formatDate(times.at(-1)!),
    crimeReports: crimeReferences.size,
    behaviours: BEHAVIOURS.filter((b) => tally.has(b))
      .map((b) => ({ code: b, label: BEHAVIOUR_LABELS[b], count: tally.get(b)! }))
      .sort((a, b) => b.count - a.count),
  };
}

/** Incidents under two or more crime reports, not all linked yet: offer to link them (to those who may). */
function linkPromptOf(views: IncidentView[]) {
  const withReference = views.filter(
    (v): v is IncidentView & { detail: IncidentDetail } => !isWithheld(v.detail) && v.detail.crimeReference !== null,
  );
  const references = new Set(withReference.map((v) => v.detail.crimeReference));
  if (references.size < 2 || withReference.every((v) => v.linked)) return null;
  return { incidents: withReference.length, crimeReports: references.size };
}

function groupsOf(views: IncidentView[]) {
  const groups = new Map<string, { label: string; incidents: IncidentView[] }>();
  for (const v of views) {
    const key = isWithheld(v.detail) ? `withheld:${v.detail.heldBy}` : (v.detail.crimeReference ?? "none");
    const label = isWithheld(v.detail)
      ? `Crime reference held by ${v.detail.heldBy}`
      : v.detail.crimeReference
        ? `Crime reference ${v.detail.crimeReference}`
        : "No crime reference recorded";
    const group = groups.get(key) ?? { label, incidents: [] };
    group.incidents.push(v);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The course of conduct on one case as the actor may see it, filtered in SQL (and by behaviour in SQL too),
 * redacted on the server; with the pattern, the linking prompt for those who may change the case, and the
 * last days to charge for those who may read the offences. Audited.
 */
export function incidentTimeline(actor: Actor, caseId: string, q: TimelineQuery, now = new Date()) {
  const c = requireCase(actor, caseId, "incidents.view");
  const offenceLabels = new Map(offenceChoices(actor, c.id).map((o) => [o.id, o.label]));
  const all = toViews(actor, c.id, visibleIncidents(actor, c.id, { behaviour: null, order: q.order }), offenceLabels);
  const shown = q.behaviour ? toViews(actor, c.id, visibleIncidents(actor, c.id, q), offenceLabels) : all;
  const mayLink = canUpdateCase(actor, c);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "incidents.records_view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.caseIds.includes(c.id)
      ? actor.purpose
      : actor.breakGlassCaseIds.includes(c.id)
        ? "break_glass"
        : actor.purpose,
    outcome: "allowed",
    detail: {
      incidents: shown.length,
      full: shown.filter((v) => v.level === "full").length,
      ...(q.behaviour ? { behaviour: q.behaviour } : {}),
    },
  });
  return {
    case: caseHeader(c),
    query: q,
    incidents: shown,
    groups: q.view === "crime_reference" ? groupsOf(shown) : null,
    pattern: patternOf(all),
    linkPrompt: mayLink ? linkPromptOf(all) : null,
    courseLinkedAt: c.courseLinkedAt,
    canRecord: canAddRecord(actor, c.id, "case_core"),
    deadlines: caseChargingDeadlines(actor, c.id, now),
  };
}

/** An incident as the timeline page renders it (timelineItem). */
export type TimelineItem = Pick<
  IncidentView,
  "id" | "title" | "occurredAt" | "when" | "recordedBy" | "caveats" | "linked" | "canEdit"
> & {
  detail: IncidentDetail | (Withheld & { summary: string; ownerAgencyId: string });
};

/**
 * Only what the timeline page shows of an incident, listed field by field: the summary line and the owning agency
 * appear only in place of withheld detail, so only then are they sent, and the access level not at all. Keeps the
 * data of a page with hundreds of incidents smaller.
 */
function timelineItem(v: IncidentView): TimelineItem {
  return {
    id: v.id,
    title: v.title,
    occurredAt: v.occurredAt,
    when: v.when,
    detail: isWithheld(v.detail) ? { ...v.detail, summary: v.summary, ownerAgencyId: v.ownerAgencyId } : v.detail,
    recordedBy: v.recordedBy,
    caveats: v.caveats,
    linked: v.linked,
    canEdit: v.canEdit,
  };
}

/**
 * The course of conduct page's data: incidentTimeline, one page of its incidents (q.page, past the last page the
 * last), each cut down to what the page shows. Grouped by crime report, the groups are paged in their order, so a
 * group's incidents stay together and a group that runs over a page boundary says how many it holds in all.
 */
export function incidentTimelinePage(
  actor: Actor,
  caseId: string,
  q: TimelineQuery,
  now = new Date(),
  perPage = INCIDENTS_PER_PAGE,
) {
  const timeline = incidentTimeline(actor, caseId, q, now);
  const ordered = timeline.groups ? timeline.groups.flatMap((g) => g.incidents) : timeline.incidents;
  const total = ordered.length;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(q.page, pages);
  const shown = ordered.slice((page - 1) * perPage, page * perPage);
  const onPage = new Set(shown.map((v) => v.id));
  const groups =
    timeline.groups?.flatMap((g) => {
      const here = g.incidents.filter((v) => onPage.has(v.id));
      return here.length ? [{ label: g.label, total: g.incidents.length, incidents: here.map(timelineItem) }] : [];
    }) ?? null;
  return {
    ...timeline,
    query: { ...q, page },
    incidents: groups ? [] : shown.map(timelineItem),
    groups,
    shown: { total, page, pages, from: total ? (page - 1) * perPage + 1 : 0, to: (page - 1) * perPage + shown.length },
  };
}

/**
 * Links every incident on the case into one course of conduct (stalking is a course of conduct, however many
 * crime reports it was recorded under), and marks the case so later incidents are linked as they are recorded.
 * Only those who may change the case; audited.
 */
export function linkCourseOfConduct(actor: Actor, caseId: string, now = new Date()): { linked: number } {
  const c = requireCase(actor, caseId, "course.link");
  requireCaseWrite(actor, c, canUpdateCase(actor, c), "course.link");
  const at = now.toISOString();
  const linked = getDb().transaction((tx) => {
    const result = tx
      .update(incidents)
      .set({ linkedAt: at })
      .where(and(eq(incidents.caseId, c.id), isNull(incidents.linkedAt)))
      .run();
    tx.update(cases).set({ courseLinkedAt: at, courseLinkedBy: actor.userId }).where(eq(cases.id, c.id)).run();
    touchCase(tx, c.id, at);
    return result.changes;
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "course.link",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    outcome: "done",
    detail: { incidents: linked },
  });
  return { linked };
}
