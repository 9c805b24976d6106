import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { COUNTERSIGN_PURPOSE, mayOpenSubmission, type Submission } from "~/access/agency-supervision";
import { agencyOnCase } from "~/access/agency-supervision.server";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can, notFound } from "~/access/gate.server";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import type { Category, Purpose } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import { reviewDueOn, reviewIntervalsFromEnv } from "~/domain/risk-review";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { parseAnswers, submissionErrors } from "~/instruments/answers";
import { currentInstrument, findInstrument, instrumentsFor } from "~/instruments/index";
import type { Answers, Instrument, InstrumentCode } from "~/instruments/types";
import { agencies, caseRecords, cases, riskAssessments, users } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord, signOffCaseRecord, updateCaseRecordContent } from "./case-record-store.server";
import { mayRecord } from "./case-records.server";
import { parseBody } from "./cases.server";
import { agencySupervisors } from "./agency-supervisors.server";
import { notify } from "./notifications.server";
import { carrySeriesShares } from "./shares.server";

/*
 * Risk assessments (issue 5): draft (the author's agency only) → submitted → countersigned by a supervisor of
 * the author's agency, which signs it off → shared as the instrument and agreements allow. A signed-off
 * assessment is never changed: amending makes a new version in the same series, and the old one is superseded.
 */

export type FormValues = Record<string, string | string[]>;
export type AssessmentState = "draft" | "submitted" | "signed_off" | "superseded";
export type AssessmentBody = { instrument: InstrumentCode; instrumentVersion: string; answers: Answers; text: string };

/** The information category an instrument's records are filed under: its default sharing, as the gate sees it. */
export function categoryFor(instrument: Instrument): Category {
  return instrument.defaultSharing === "team" ? "risk_assessment" : "victim_risk_assessment";
}

export function readAssessmentBody(body: Record<string, unknown>): AssessmentBody {
  const answers = body.answers && typeof body.answers === "object" ? (body.answers as Answers) : {};
  return {
    instrument: String(body.instrument ?? "") as InstrumentCode,
    instrumentVersion: String(body.instrumentVersion ?? ""),
    answers,
    text: String(body.text ?? ""),
  };
}

/** The words search indexes for an assessment: its text answers (rationales, scenarios), never option codes. */
function searchableText(instrument: Instrument, answers: Answers): string {
  const texts: string[] = [];
  for (const section of instrument.sections)
    for (const item of section.items)
      if (item.response.kind === "text" && typeof answers[item.id] === "string") texts.push(answers[item.id] as string);
  return texts.join("\n");
}

function recordContent(instrument: Instrument, answers: Answers, state: AssessmentState) {
  const line = instrument.summaryLine(answers);
  return {
    title: instrument.name,
    summary: state === "draft" || state === "submitted" ? `${instrument.shortName}: not yet signed off` : line,
    body: {
      instrument: instrument.code,
      instrumentVersion: instrument.version,
      answers,
      text: searchableText(instrument, answers),
    } satisfies AssessmentBody,
  };
}

// --- Reading one assessment row.

const author = alias(users, "assessment_author");

export function assessmentQuery() {
  return getDb()
    .select({
      r: caseRecords,
      a: riskAssessments,
      ownerAgency: agencies.name,
      authorName: author.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(riskAssessments)
    .innerJoin(caseRecords, eq(caseRecords.id, riskAssessments.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(author, eq(author.id, caseRecords.authorUserId));
}
export type AssessmentRow = NonNullable<ReturnType<ReturnType<typeof assessmentQuery>["get"]>>;

/** The assessment on this case at `need` level or better, or a 404 (audited) that confirms nothing. */
export function requireAssessment(
  actor: Actor,
  c: CaseRow,
  recordId: string,
  action: string,
  need: "full" | "summary" = "full",
): AssessmentRow {
  const row =
    recordId.length <= 64
      ? assessmentQuery()
          .where(and(eq(riskAssessments.recordId, recordId), eq(riskAssessments.caseId, c.id)))
          .get()
      : undefined;
  const level = row ? accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) : "none";
  if (!row || level === "none" || (need === "full" && level !== "full")) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseRecord",
      subjectId: row ? row.r.id : null,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: row ? "no_access" : "not_found" },
    });
    throw notFound();
  }
  return row;
}

function instrumentOf(row: AssessmentRow): Instrument {
  const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
  if (!instrument)
    throw new Error(`risk assessment ${row.r.id}: unknown instrument ${row.a.instrument} ${row.a.instrumentVersion}`);
  return instrument;
}

/** The assessment as a submission, in the attributes the agency-supervisor rule decides on. */
export function submissionOf(row: AssessmentRow): Submission {
  return {
    ownerAgencyId: row.r.ownerAgencyId,
    authorUserId: row.r.authorUserId,
    submittedBy: row.a.submittedBy,
    submitted: row.a.state === "submitted",
    agencyOnCase: agencyOnCase(row.r.caseId, row.r.ownerAgencyId),
  };
}

// --- Starting one.

/** The instruments the actor may start on this case: their agency uses it and records its category here. */
export function startableInstruments(actor: Actor, caseId: string): Instrument[] {
  return instrumentsFor(actor.agencyType).filter((i) => mayRecord(actor, caseId, categoryFor(i)));
}

const StartSchema = z.object({
  instrument: z.string({ message: "Select an instrument" }).min(1, "Select an instrument"),
});

export type StartResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues };

export function startAssessment(actor: Actor, caseId: string, values: FormValues, now = new Date()): StartResult {
  const c = requireCase(actor, caseId);
  const startable = startableInstruments(actor, c.id);
  requireCaseWrite(actor, c, startable.length > 0, "risk_assessment.start");
  const form = parseValues(values, StartSchema);
  if (!form.ok) return form;
  const instrument = startable.find((i) => i.code === form.data.instrument);
  if (!instrument) return { ok: false, errors: { instrument: "Select an instrument from the list" }, values };
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    const content = recordContent(instrument, {}, "draft");
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "risk_assessment",
        category: categoryFor(instrument),
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        status: "draft",
        ...content,
      },
      at,
    );
    tx.insert(riskAssessments)
      .values({
        recordId,
        caseId: c.id,
        seriesId: recordId,
        versionNumber: 1,
        instrument: instrument.code,
        instrumentVersion: instrument.version,
        state: "draft",
      })
      .run();
    return recordId;
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.start",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { instrument: instrument.code, version: instrument.version },
  });
  return { ok: true, id };
}

// --- Saving a draft and submitting it.

export type SaveResult = { ok: true; submitted: boolean } | { ok: false; errors: FieldErrors; values: FormValues };

/** Only the author edits their draft (or one returned to them); anything else is refused as not found. */
export function requireOwnDraft(actor: Actor, c: CaseRow, recordId: string, action: string): AssessmentRow {
  const row = requireAssessment(actor, c, recordId, action);
  if (row.a.state !== "draft" || row.r.authorUserId !== actor.userId) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: row.a.state !== "draft" ? `state_${row.a.state}` : "not_author" },
    });
    throw new Response(
      row.a.state !== "draft"
        ? "This assessment can no longer be changed"
        : "Only the author can change a draft assessment",
      { status: 403 },
    );
  }
  return row;
}

export const VERSION_MISMATCH =
  "This form is for a different version of the instrument. Reload the assessment and try again";

/**
 * Saves the answers given (a draft may be partial; a value outside an item's scale or over-long text is refused
 * and nothing is saved). With `submit`, every required item and rule must also be satisfied, or nothing changes.
 * The form carries the instrument version it was drawn from: a different one (a stale or tampered form) is refused.
 */
export function saveAssessment(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  submit: boolean,
  now = new Date(),
): SaveResult {
  const c = requireCase(actor, caseId);
  const row = requireOwnDraft(actor, c, recordId, submit ? "risk_assessment.submit" : "risk_assessment.save");
  const instrument = instrumentOf(row);
  if (values.instrumentVersion !== instrument.version || values.instrument !== instrument.code) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: submit ? "risk_assessment.submit" : "risk_assessment.save",
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: "instrument_version" },
    });
    return { ok: false, errors: { form: VERSION_MISMATCH }, values };
  }
  const parsed = parseAnswers(instrument, values);
  if (Object.keys(parsed.errors).length) return { ok: false, errors: parsed.errors, values };
  if (submit) {
    const missing = submissionErrors(instrument, parsed.answers);
    if (Object.keys(missing).length) return { ok: false, errors: missing, values };
  }
  const at = now.toISOString();
  const state: AssessmentState = submit ? "submitted" : "draft";
  const push = getDb().transaction((tx) => {
    updateCaseRecordContent(tx, recordId, recordContent(instrument, parsed.answers, state), at);
    tx.update(riskAssessments)
      .set({
        riskLevel: instrument.riskLevel(parsed.answers),
        state,
        ...(submit ? { submittedAt: at, submittedBy: actor.userId } : {}),
      })
      .where(eq(riskAssessments.recordId, recordId))
      .run();
    // The agency's supervisors are asked to countersign, on the team or not (the author never can, even when a
    // supervisor); the link opens the submission for countersigning, not the case.
    const asked = submit
      ? agencySupervisors(actor.agencyId)
          .filter((u) => u.id !== actor.userId)
          .map((u) => u.id)
      : [];
    return submit
      ? notify(
          tx,
          asked,
          {
            kind: "countersign_requested",
            text: `A ${instrument.shortName} on case ${c.reference} is waiting for your countersignature`,
            href: `/countersign/${recordId}`,
            caseId: c.id,
          },
          at,
        )
      : null;
  });
  push?.();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: submit ? "risk_assessment.submit" : "risk_assessment.save",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { answered: Object.keys(parsed.answers).length },
  });
  return { ok: true, submitted: submit };
}

// --- Countersigning (which signs off) and returning for changes.

export type DecisionResult = { ok: true } | { ok: false; errors: FieldErrors; values: FormValues };

type CaseRef = Pick<CaseRow, "id" | "reference">;

/**
 * The assessment a decision (countersign or return) is about. A supervisor the agency-supervisor rule lets open
 * this submission reaches it without the case (purpose: countersigning); anyone else goes through the case and the
 * record as on every case page, and is refused there (404, audited) if they may not see them.
 */
export function requireForDecision(
  actor: Actor,
  caseId: string,
  recordId: string,
  action: string,
): { c: CaseRef; row: AssessmentRow; purpose: Purpose } {
  const row =
    recordId.length <= 64 && caseId.length <= 64
      ? assessmentQuery()
          .where(and(eq(riskAssessments.recordId, recordId), eq(riskAssessments.caseId, caseId)))
          .get()
      : undefined;
  if (row && mayOpenSubmission(actor, submissionOf(row))) {
    const c = getDb()
      .select({ id: cases.id, reference: cases.reference })
      .from(cases)
      .where(eq(cases.id, caseId))
      .get()!;
    return { c, row, purpose: COUNTERSIGN_PURPOSE };
  }
  const c = requireCase(actor, caseId);
  return { c, row: requireAssessment(actor, c, recordId, action), purpose: actor.purpose };
}

export const OWN_COUNTERSIGN =
  "You cannot countersign an assessment you wrote or submitted. Ask another supervisor in your agency";

function refuseDecision(actor: Actor, c: CaseRef, row: AssessmentRow, action: string): DecisionResult {
  const own = row.r.authorUserId === actor.userId || row.a.submittedBy === actor.userId;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "CaseRecord",
    subjectId: row.r.id,
    caseId: c.id,
    outcome: "denied",
    detail: {
      reason: own ? "own_assessment" : row.a.state !== "submitted" ? `state_${row.a.state}` : "not_supervisor",
    },
  });
  if (own) return { ok: false, errors: { form: OWN_COUNTERSIGN }, values: {} };
  if (row.a.state !== "submitted")
    return { ok: false, errors: { form: "This assessment is not waiting for a countersignature" }, values: {} };
  throw new Response("Only a supervisor in the author's agency can countersign", { status: 403 });
}

export function countersignAssessment(
  actor: Actor,
  caseId: string,
  recordId: string,
  now = new Date(),
): DecisionResult {
  const { c, row, purpose } = requireForDecision(actor, caseId, recordId, "risk_assessment.countersign");
  if (!can(actor, "countersign_assessment", submissionOf(row)))
    return refuseDecision(actor, c, row, "risk_assessment.countersign");
  const instrument = instrumentOf(row);
  const answers = readAssessmentBody(parseBody(row.r.body)).answers;
  const at = now.toISOString();
  const level = instrument.riskLevel(answers);
  const dueOn = level ? reviewDueOn(level, londonToday(now), reviewIntervalsFromEnv()) : null;
  const push = getDb().transaction((tx) => {
    // The previous signed-off version of the series, if any, is superseded: read-only, still listed and comparable.
    tx.update(riskAssessments)
      .set({ state: "superseded" })
      .where(
        and(
          eq(riskAssessments.seriesId, row.a.seriesId),
          eq(riskAssessments.state, "signed_off"),
          ne(riskAssessments.recordId, recordId),
        ),
      )
      .run();
    tx.update(riskAssessments)
      .set({ state: "signed_off", signedOffAt: at, signedOffBy: actor.userId, reviewDueOn: dueOn })
      .where(eq(riskAssessments.recordId, recordId))
      .run();
    updateCaseRecordContent(tx, recordId, recordContent(instrument, answers, "signed_off"), at);
    signOffCaseRecord(tx, recordId, at);
    // Shares that follow the series reach the new version as it is signed off (decision 0034).
    const carried = carrySeriesShares(
      tx,
      actor,
      { recordId, seriesId: row.a.seriesId, versionNumber: row.a.versionNumber },
      at,
    );
    const told = notify(
      tx,
      [row.r.authorUserId],
      {
        kind: "countersigned",
        text: `Your ${instrument.shortName} on case ${c.reference} was countersigned`,
        href: `/cases/${c.id}/risk/${recordId}`,
        caseId: c.id,
      },
      at,
    );
    return () => {
      told();
      carried();
    };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.countersign",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose,
    outcome: "done",
    detail: { level, reviewDueOn: dueOn, version: row.a.versionNumber },
  });
  push();
  return { ok: true };
}

const ReturnSchema = z.object({
  reason: z
    .string({ message: "Enter what needs to change" })
    .trim()
    .min(1, "Enter what needs to change")
    .max(2000, "What needs to change must be 2,000 characters or fewer"),
});

export function returnAssessment(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  now = new Date(),
): DecisionResult {
  const { c, row, purpose } = requireForDecision(actor, caseId, recordId, "risk_assessment.return");
  if (!can(actor, "return_assessment", submissionOf(row)))
    return refuseDecision(actor, c, row, "risk_assessment.return");
  const form = parseValues(values, ReturnSchema);
  if (!form.ok) return form;
  const at = now.toISOString();
  const instrument = instrumentOf(row);
  const push = getDb().transaction((tx) => {
    tx.update(riskAssessments)
      .set({
        state: "draft",
        returnedAt: at,
        returnedBy: actor.userId,
        returnReason: form.data.reason,
        submittedAt: null,
        submittedBy: null,
      })
      .where(eq(riskAssessments.recordId, recordId))
      .run();
    return notify(
      tx,
      [row.r.authorUserId],
      {
        kind: "returned",
        text: `Your ${instrument.shortName} on case ${c.reference} was returned for changes`,
        href: `/cases/${c.id}/risk/${recordId}/edit`,
        caseId: c.id,
      },
      at,
    );
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.return",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose,
    outcome: "done",
  });
  push();
  return { ok: true };
}

// --- Amending a signed-off assessment: a new version.

export type AmendResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * A new draft version of a signed-off assessment, with its answers to start from, on the current version of the
 * instrument. Someone of the owning agency who records this category on the case; one open draft per series.
 */
export function amendAssessment(actor: Actor, caseId: string, recordId: string, now = new Date()): AmendResult {
  const c = requireCase(actor, caseId);
  const row = requireAssessment(actor, c, recordId, "risk_assessment.amend");
  const instrument = currentInstrument(row.a.instrument as InstrumentCode);
  const allowed = row.r.ownerAgencyId === actor.agencyId && mayRecord(actor, c.id, categoryFor(instrument));
  requireCaseWrite(actor, c, allowed, "risk_assessment.amend");
  if (row.a.state !== "signed_off")
    return {
      ok: false,
      errors: {
        form:
          row.a.state === "superseded"
            ? "This is an old version. Amend the latest version instead"
            : "Only a signed-off assessment can be amended",
      },
      values: {},
    };
  const open = getDb()
    .select({ id: riskAssessments.recordId })
    .from(riskAssessments)
    .where(and(eq(riskAssessments.seriesId, row.a.seriesId), inArray(riskAssessments.state, ["draft", "submitted"])))
    .get();
  if (open)
    return { ok: false, errors: { form: "A new version of this assessment is already being written" }, values: {} };
  const latest = getDb()
    .select({ v: riskAssessments.versionNumber })
    .from(riskAssessments)
    .where(eq(riskAssessments.seriesId, row.a.seriesId))
    .orderBy(desc(riskAssessments.versionNumber))
    .get()!.v;
  // Answers carry over for the items the current version still has.
  const previous = readAssessmentBody(parseBody(row.r.body)).answers;
  const itemIds = new Set(instrument.sections.flatMap((s) => s.items.map((i) => i.id)));
  const answers = Object.fromEntries(Object.entries(previous).filter(([id]) => itemIds.has(id)));
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "risk_assessment",
        category: categoryFor(instrument),
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        status: "draft",
        ...recordContent(instrument, answers, "draft"),
      },
      at,
    );
    tx.insert(riskAssessments)
      .values({
        recordId,
        caseId: c.id,
        seriesId: row.a.seriesId,
        versionNumber: latest + 1,
        instrument: instrument.code,
        instrumentVersion: instrument.version,
        state: "draft",
        riskLevel: instrument.riskLevel(answers),
      })
      .run();
    return recordId;
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.amend",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { amends: recordId, version: latest + 1 },
  });
  return { ok: true, id };
}
