import { data } from "@remix-run/node";
import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { isAgencySupervisor, isOwnSubmission, supervisesAgencyWork } from "~/access/agency-supervision";
import { can, notFound } from "~/access/gate.server";
import { caseAsRecordColumns, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import { REVIEWS_SOON_DAYS } from "~/domain/today";
import { answerLabel, compareAnswers } from "~/instruments/answers";
import { findInstrument } from "~/instruments/index";
import type { Answers, Instrument, InstrumentCode, RiskLevel } from "~/instruments/types";
import { caseRecords, cases, instrumentTexts, riskAssessments, users } from "../../db/schema";
import { agencySupervisors } from "./agency-supervisors.server";
import { canAddRecord, requireCase } from "./case-access.server";
import { submissionsToCountersign } from "./countersign.server";
import { caseHeaderData } from "./case-records.server";
import { parseBody } from "./cases.server";
import {
  assessmentQuery,
  readAssessmentBody,
  requireAssessment,
  requireOwnDraft,
  startableInstruments,
  submissionOf,
  type AssessmentRow,
  type AssessmentState,
} from "./risk-assessments.server";

export const STATE_LABELS: Record<AssessmentState, string> = {
  draft: "Draft",
  submitted: "Waiting for countersignature",
  signed_off: "Signed off",
  superseded: "Superseded by a later version",
};
export const LEVEL_LABELS: Record<RiskLevel, string> = { standard: "Standard", medium: "Medium", high: "High" };

/** What an instrument's form needs on the page: its structure and help, without the rule functions. */
export type InstrumentView = {
  code: InstrumentCode;
  version: string;
  name: string;
  shortName: string;
  description: string;
  sections: Instrument["sections"];
  /** Licensed item text the actor's agency has loaded for this version, by item id. */
  licensedText: Record<string, string>;
};

export function instrumentView(instrument: Instrument, agencyId: string): InstrumentView {
  const texts = getDb()
    .select({ itemId: instrumentTexts.itemId, text: instrumentTexts.text })
    .from(instrumentTexts)
    .where(
      and(
        eq(instrumentTexts.agencyId, agencyId),
        eq(instrumentTexts.instrument, instrument.code),
        eq(instrumentTexts.instrumentVersion, instrument.version),
      ),
    )
    .all();
  return {
    code: instrument.code,
    version: instrument.version,
    name: instrument.name,
    shortName: instrument.shortName,
    description: instrument.description,
    sections: instrument.sections,
    licensedText: Object.fromEntries(texts.map((t) => [t.itemId, t.text])),
  };
}

export type AssessmentSummary = {
  id: string;
  seriesId: string;
  versionNumber: number;
  instrument: string;
  level: "full" | "summary";
  state: AssessmentState;
  stateLabel: string;
  summary: string;
  riskLevel: RiskLevel | null;
  ownerAgency: string;
  author: string;
  updatedAt: string;
  signedOffAt: string | null;
  reviewDueOn: string | null;
  reviewOverdue: boolean;
};

function toSummary(
  actor: Actor,
  row: AssessmentRow,
  today: string,
  ability = defineAbilityFor(actor),
): AssessmentSummary | null {
  const redacted = redact(
    actor,
    recordAttributes(row.r, row.chargingReferredAt),
    { title: row.r.title, summary: row.r.summary, body: {} },
    row.ownerAgency,
    ability,
  );
  if (!redacted) return null;
  const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
  const state = row.a.state as AssessmentState;
  return {
    id: row.r.id,
    seriesId: row.a.seriesId,
    versionNumber: row.a.versionNumber,
    instrument: instrument?.shortName ?? row.a.instrument,
    level: redacted.level,
    state,
    stateLabel: STATE_LABELS[state] ?? state,
    summary: redacted.summary,
    // The level is part of the summary line everyone with summary access sees; drafts have none to show.
    riskLevel:
      state === "signed_off" || state === "superseded" ? ((row.a.riskLevel as RiskLevel | null) ?? null) : null,
    ownerAgency: row.ownerAgency,
    author: redacted.level === "full" ? row.authorName : row.ownerAgency,
    updatedAt: row.r.updatedAt,
    signedOffAt: row.a.signedOffAt,
    reviewDueOn: state === "signed_off" ? row.a.reviewDueOn : null,
    reviewOverdue: state === "signed_off" && row.a.reviewDueOn !== null && row.a.reviewDueOn < today,
  };
}

/** A case's assessments the actor may see, filtered in SQL by the gate, newest first. */
function visibleAssessments(actor: Actor, caseId: string) {
  return assessmentQuery()
    .where(and(eq(riskAssessments.caseId, caseId), scope(actor, "read_summary", "CaseRecord", caseRecordColumns)))
    .orderBy(desc(caseRecords.createdAt), desc(caseRecords.id))
    .all();
}

export type RiskPictureEntry = {
  instrument: string;
  ownerAgency: string;
  riskLevel: RiskLevel | null;
  riskLevelLabel: string;
  signedOffOn: string;
  author: string;
  /** Summary judgements, for readers with full access; otherwise withheld. */
  judgements: { label: string; value: string }[] | Withheld;
  recordId: string;
  level: "full" | "summary";
};

export type RiskPoint = { on: string; level: RiskLevel; instrument: string; ownerAgency: string };

/**
 * The case's risk picture as the actor may see it: the latest signed-off judgement from each instrument and
 * agency, with dates and authors, and every signed-off level over time for the chart. Computed from the rows
 * the gate's SQL filter returns; judgements only where the actor reads the assessment in full.
 */
export function riskPictureOf(actor: Actor, rows: AssessmentRow[]) {
  const ability = defineAbilityFor(actor);
  const signed = rows
    .filter((r) => r.a.state === "signed_off" || r.a.state === "superseded")
    .sort((x, y) => String(y.a.signedOffAt).localeCompare(String(x.a.signedOffAt)));
  const latest = new Map<string, RiskPictureEntry>();
  const points: RiskPoint[] = [];
  for (const row of signed) {
    const redacted = redact(
      actor,
      recordAttributes(row.r, row.chargingReferredAt),
      { title: row.r.title, summary: row.r.summary, body: {} },
      row.ownerAgency,
      ability,
    );
    if (!redacted) continue;
    const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
    const level = (row.a.riskLevel as RiskLevel | null) ?? null;
    if (level && row.a.signedOffAt)
      points.push({
        on: row.a.signedOffAt,
        level,
        instrument: instrument?.shortName ?? row.a.instrument,
        ownerAgency: row.ownerAgency,
      });
    const key = `${row.a.instrument}:${row.r.ownerAgencyId}`;
    if (latest.has(key)) continue;
    const full = redacted.level === "full";
    latest.set(key, {
      instrument: instrument?.shortName ?? row.a.instrument,
      ownerAgency: row.ownerAgency,
      riskLevel: level,
      riskLevelLabel: level ? LEVEL_LABELS[level] : "Not judged",
      signedOffOn: row.a.signedOffAt ?? row.r.updatedAt,
      author: full ? row.authorName : row.ownerAgency,
      judgements:
        full && instrument
          ? instrument.judgements(readAssessmentBody(parseBody(row.r.body)).answers)
          : withheld(row.ownerAgency),
      recordId: row.r.id,
      level: redacted.level,
    });
  }
  return { entries: [...latest.values()], points: points.sort((a, b) => a.on.localeCompare(b.on)) };
}

/** The Risk page of a case: the risk picture, every assessment the actor may see, and what they may start. Audited. */
export function riskPage(actor: Actor, caseId: string, now = new Date()) {
  const c = requireCase(actor, caseId, "risk.view");
  const rows = visibleAssessments(actor, c.id);
  const today = londonToday(now);
  const ability = defineAbilityFor(actor);
  const assessments = rows
    .map((r) => toSummary(actor, r, today, ability))
    .filter((a): a is AssessmentSummary => a !== null);
  const picture = riskPictureOf(actor, rows);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk.view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: {
      assessments: assessments.length,
      full: assessments.filter((a) => a.level === "full").length,
      records: assessments.map((a) => a.id).join(","),
    },
  });
  return {
    case: caseHeaderData(c),
    assessments,
    picture,
    startable: startableInstruments(actor, c.id).map((i) => ({
      code: i.code,
      name: i.name,
      description: i.description,
    })),
    canRecordRelease: canAddRecord(actor, c.id, "perpetrator") || canAddRecord(actor, c.id, "case_core"),
  };
}

export type AnswerView = { itemId: string; shortName: string; answer: string };
export type SectionView = { title: string; answers: AnswerView[] };

export function answersBySection(instrument: Instrument, answers: Answers): SectionView[] {
  return instrument.sections.map((s) => ({
    title: s.title,
    answers: s.items.map((i) => ({
      itemId: i.id,
      shortName: i.shortName,
      answer: answerLabel(instrument, i.id, answers[i.id]),
    })),
  }));
}

const signer = alias(users, "assessment_signer");

/** One assessment at the actor's level, the versions of its series they may see, and what they may do. Audited. */
export function assessmentDetail(actor: Actor, caseId: string, recordId: string, now = new Date()) {
  const c = requireCase(actor, caseId);
  const row = requireAssessment(actor, c, recordId, "risk_assessment.view", "summary");
  const today = londonToday(now);
  const summary = toSummary(actor, row, today)!;
  const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
  const full = summary.level === "full";
  const answers = readAssessmentBody(parseBody(row.r.body)).answers;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.view",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { level: summary.level },
  });
  const versions = assessmentQuery()
    .where(
      and(
        eq(riskAssessments.seriesId, row.a.seriesId),
        eq(riskAssessments.caseId, c.id),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(riskAssessments.versionNumber))
    .all()
    .map((r) => toSummary(actor, r, today))
    .filter((a): a is AssessmentSummary => a !== null);
  const signedOffBy =
    full && row.a.signedOffBy
      ? (getDb().select({ name: signer.name }).from(signer).where(eq(signer.id, row.a.signedOffBy)).get()?.name ?? null)
      : null;
  const state = row.a.state as AssessmentState;
  return {
    case: caseHeaderData(c),
    assessment: summary,
    instrumentName: instrument?.name ?? row.a.instrument,
    instrumentVersion: row.a.instrumentVersion,
    sections: full && instrument ? answersBySection(instrument, answers) : null,
    judgements:
      full && instrument && (state === "signed_off" || state === "superseded" || state === "submitted")
        ? instrument.judgements(answers)
        : null,
    prompts: full && instrument ? instrument.prompts(answers) : [],
    withheld: full ? null : withheld(row.ownerAgency),
    signedOffBy,
    returned:
      full && state === "draft" && row.a.returnReason ? { reason: row.a.returnReason, at: row.a.returnedAt } : null,
    versions,
    canEdit: full && state === "draft" && row.r.authorUserId === actor.userId,
    canCountersign: can(actor, "countersign_assessment", submissionOf(row)),
    ownSubmission:
      state === "submitted" &&
      isOwnSubmission(actor, { authorUserId: row.r.authorUserId, submittedBy: row.a.submittedBy }) &&
      isAgencySupervisor(actor, row.r.ownerAgencyId),
    // Who will be asked to countersign, shown to the author's agency while it waits.
    askedToCountersign:
      full && state === "submitted" && row.r.ownerAgencyId === actor.agencyId
        ? agencySupervisors(row.r.ownerAgencyId)
            .filter(
              (u) =>
                !isOwnSubmission(
                  { userId: u.id },
                  { authorUserId: row.r.authorUserId, submittedBy: row.a.submittedBy },
                ),
            )
            .map((u) => u.name)
        : [],
    canAmend: full && state === "signed_off" && row.r.ownerAgencyId === actor.agencyId,
    canShare:
      full && state === "signed_off" && can(actor, "share_record", recordAttributes(row.r, row.chargingReferredAt)),
  };
}

/** The form for the author's own draft: the instrument's structure, the saved answers and any return reason. */
export function assessmentForm(actor: Actor, caseId: string, recordId: string) {
  const c = requireCase(actor, caseId);
  const row = requireOwnDraft(actor, c, recordId, "risk_assessment.edit");
  const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
  if (!instrument) throw notFound();
  const answers = readAssessmentBody(parseBody(row.r.body)).answers;
  return {
    case: caseHeaderData(c),
    id: row.r.id,
    versionNumber: row.a.versionNumber,
    instrument: instrumentView(instrument, actor.agencyId),
    answers,
    prompts: instrument.prompts(answers),
    returned: row.a.returnReason ? { reason: row.a.returnReason, at: row.a.returnedAt } : null,
    savedAt: row.r.updatedAt,
  };
}

/** Two versions of one assessment side by side; both must be in the same series and read in full. Audited. */
export function compareVersions(actor: Actor, caseId: string, chosen: readonly string[]) {
  // The case first: someone who may not open it learns nothing, not even that the query was malformed.
  const c = requireCase(actor, caseId);
  if (chosen.length !== 2 || chosen[0] === chosen[1])
    throw data("Choose exactly two versions to compare", { status: 400 });
  const [aId, bId] = chosen as [string, string];
  const a = requireAssessment(actor, c, aId, "risk_assessment.compare");
  const b = requireAssessment(actor, c, bId, "risk_assessment.compare");
  if (a.a.seriesId !== b.a.seriesId) throw notFound();
  const [older, newer] = a.a.versionNumber <= b.a.versionNumber ? [a, b] : [b, a];
  const instrument = findInstrument(newer.a.instrument, newer.a.instrumentVersion)!;
  const rows = compareAnswers(
    instrument,
    readAssessmentBody(parseBody(older.r.body)).answers,
    readAssessmentBody(parseBody(newer.r.body)).answers,
  );
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.compare",
    subjectType: "CaseRecord",
    subjectId: newer.r.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { older: older.r.id, newer: newer.r.id },
  });
  return {
    case: caseHeaderData(c),
    instrumentName: instrument.name,
    older: {
      id: older.r.id,
      versionNumber: older.a.versionNumber,
      state: STATE_LABELS[older.a.state as AssessmentState],
      signedOffAt: older.a.signedOffAt,
    },
    newer: {
      id: newer.r.id,
      versionNumber: newer.a.versionNumber,
      state: STATE_LABELS[newer.a.state as AssessmentState],
      signedOffAt: newer.a.signedOffAt,
    },
    rows,
    changed: rows.filter((r) => r.changed).length,
  };
}

// --- Home pages.

export type HomeAssessment = {
  recordId: string;
  caseId: string;
  caseReference: string;
  instrument: string;
  dueOn: string | null;
  dueText: string | null;
  href: string;
};

/**
 * Reviews on the actor's home page: signed-off assessments whose review date has passed or falls within the next
 * REVIEWS_SOON_DAYS days (the day itself included), that their agency owns, on cases they work on (and, for
 * supervisors, any case), filtered in SQL by the gate; soonest first.
 */
export function reviewsDueForHome(actor: Actor, now = new Date()): HomeAssessment[] {
  const horizon = addDays(londonToday(now), REVIEWS_SOON_DAYS);
  const mine = supervisesAgencyWork(actor)
    ? eq(caseRecords.ownerAgencyId, actor.agencyId)
    : and(
        eq(caseRecords.ownerAgencyId, actor.agencyId),
        inArray(caseRecords.caseId, actor.caseIds.length ? actor.caseIds : [""]),
      );
  return homeRows(
    actor,
    and(eq(riskAssessments.state, "signed_off"), lte(riskAssessments.reviewDueOn, horizon), mine)!,
    asc(riskAssessments.reviewDueOn),
  ).map((r) => ({ ...r, dueText: r.dueOn ? formatDate(r.dueOn) : null }));
}

/**
 * Assessments waiting for the supervisor's countersignature, on the team or not (the agency-supervisor rule): each
 * links to the submission opened for countersigning, not to the case.
 */
export function awaitingCountersignForHome(actor: Actor): HomeAssessment[] {
  return submissionsToCountersign(actor).map((s) => ({
    recordId: s.recordId,
    caseId: s.caseId,
    caseReference: s.caseReference,
    instrument: s.instrument,
    dueOn: null,
    dueText: null,
    href: s.href,
  }));
}

function homeRows(actor: Actor, where: ReturnType<typeof and>, order: ReturnType<typeof asc>) {
  return (
    getDb()
      .select({
        recordId: caseRecords.id,
        caseId: cases.id,
        caseReference: cases.reference,
        instrument: riskAssessments.instrument,
        version: riskAssessments.instrumentVersion,
        ownerAgencyId: caseRecords.ownerAgencyId,
        dueOn: riskAssessments.reviewDueOn,
        authorUserId: caseRecords.authorUserId,
        submittedBy: riskAssessments.submittedBy,
      })
      .from(riskAssessments)
      .innerJoin(caseRecords, eq(caseRecords.id, riskAssessments.recordId))
      .innerJoin(cases, eq(cases.id, caseRecords.caseId))
      // The case too: a supervisor reads their agency's records, but a case they cannot open is no use on a home page.
      .where(
        and(
          where,
          scope(actor, "read", "CaseRecord", caseRecordColumns),
          scope(actor, "read", "CaseRecord", caseAsRecordColumns),
        ),
      )
      .orderBy(order)
      .limit(100)
      .all()
      .map((r) => ({
        ...r,
        instrument: findInstrument(r.instrument, r.version)?.shortName ?? r.instrument,
        dueText: null as string | null,
        href: `/cases/${r.caseId}/risk/${r.recordId}`,
      }))
  );
}
