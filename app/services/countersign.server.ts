import { and, asc, eq, ne, or, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  COUNTERSIGN_PURPOSE,
  isAgencySupervisor,
  mayOpenSubmission,
  signsOffPreSentence,
} from "~/access/agency-supervision";
import { agencyOnCaseSql } from "~/access/agency-supervision.server";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can, notFound } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { findInstrument } from "~/instruments/index";
import { caseRecords, cases, riskAssessments, users } from "../../db/schema";
import { parseBody } from "./cases.server";
import {
  assessmentQuery,
  countersignAssessment,
  readAssessmentBody,
  returnAssessment,
  submissionOf,
  type DecisionResult,
} from "./risk-assessments.server";
import { answersBySection, STATE_LABELS } from "./risk-assessment-views.server";
import { reportsAwaitingSignOff, type WaitingReport } from "./pre-sentence.server";

/*
 * Countersigning by the agency-supervisor rule (app/access/agency-supervision.ts): a supervisor of the author's
 * agency finds and decides the agency's submitted assessments on cases their agency works, on the team or not.
 * These pages show the one submission and the case reference, nothing else of the case.
 */

export type WaitingSubmission = {
  recordId: string;
  caseId: string;
  caseReference: string;
  instrument: string;
  versionNumber: number;
  author: string;
  submittedAt: string | null;
  href: string;
};

const author = alias(users, "submission_author");

/**
 * Submissions waiting for this supervisor's countersignature, oldest first: their agency's submitted assessments
 * on cases where the agency has a current team member, not written or submitted by them. Bounded in SQL by the
 * supervisor's agency (and at most 200), for the home page and the "Waiting for your countersignature" page.
 */
export function submissionsToCountersign(actor: Actor): WaitingSubmission[] {
  if (!isAgencySupervisor(actor, actor.agencyId)) return [];
  const rows = getDb()
    .select({
      recordId: caseRecords.id,
      caseId: cases.id,
      caseReference: cases.reference,
      instrument: riskAssessments.instrument,
      instrumentVersion: riskAssessments.instrumentVersion,
      versionNumber: riskAssessments.versionNumber,
      author: author.name,
      submittedAt: riskAssessments.submittedAt,
    })
    .from(riskAssessments)
    .innerJoin(caseRecords, eq(caseRecords.id, riskAssessments.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(author, eq(author.id, caseRecords.authorUserId))
    .where(
      and(
        eq(riskAssessments.state, "submitted"),
        eq(caseRecords.ownerAgencyId, actor.agencyId),
        ne(caseRecords.authorUserId, actor.userId),
        or(isNull(riskAssessments.submittedBy), ne(riskAssessments.submittedBy, actor.userId)),
        agencyOnCaseSql(caseRecords.caseId, caseRecords.ownerAgencyId),
      ),
    )
    .orderBy(asc(riskAssessments.submittedAt), asc(caseRecords.id))
    .limit(200)
    .all();
  return rows.map((r) => ({
    recordId: r.recordId,
    caseId: r.caseId,
    caseReference: r.caseReference,
    instrument: findInstrument(r.instrument, r.instrumentVersion)?.shortName ?? r.instrument,
    versionNumber: r.versionNumber,
    author: r.author,
    submittedAt: r.submittedAt,
    href: `/countersign/${r.recordId}`,
  }));
}

/**
 * One submission opened for countersigning: the gate's countersign grant (a supervisor of the owning agency, while
 * it is submitted, on a case the agency works), audited with the countersigning purpose. Anything else, including
 * a made-up id, is the same audited 404.
 */
export function countersignPage(actor: Actor, recordId: string) {
  const row = recordId.length <= 64 ? assessmentQuery().where(eq(riskAssessments.recordId, recordId)).get() : undefined;
  const submission = row ? submissionOf(row) : null;
  if (!row || !submission || !mayOpenSubmission(actor, submission)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "risk_assessment.view",
      subjectType: "CaseRecord",
      subjectId: row ? row.r.id : null,
      caseId: row?.r.caseId ?? null,
      purpose: COUNTERSIGN_PURPOSE,
      outcome: "denied",
      detail: { reason: row ? "no_grant" : "not_found" },
    });
    throw notFound();
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk_assessment.view",
    subjectType: "CaseRecord",
    subjectId: row.r.id,
    caseId: row.r.caseId,
    purpose: COUNTERSIGN_PURPOSE,
    outcome: "allowed",
    detail: { level: "full" },
  });
  const instrument = findInstrument(row.a.instrument, row.a.instrumentVersion);
  const answers = readAssessmentBody(parseBody(row.r.body)).answers;
  const reference = getDb().select({ reference: cases.reference }).from(cases).where(eq(cases.id, row.r.caseId)).get()!
    .reference;
  return {
    recordId: row.r.id,
    caseId: row.r.caseId,
    caseReference: reference,
    instrument: instrument?.name ?? row.a.instrument,
    shortName: instrument?.shortName ?? row.a.instrument,
    versionNumber: row.a.versionNumber,
    stateLabel: STATE_LABELS.submitted,
    author: row.authorName,
    ownerAgency: row.ownerAgency,
    submittedAt: row.a.submittedAt,
    judgements: instrument ? instrument.judgements(answers) : [],
    prompts: instrument ? instrument.prompts(answers) : [],
    sections: instrument ? answersBySection(instrument, answers) : [],
    canDecide: can(actor, "countersign_assessment", submission),
  };
}

/**
 * Countersigns or returns a submission from the countersigning pages. The case is the record's own (never taken
 * from the form); the decision itself is the risk assessment service's, under the same rule.
 */
export function decideSubmission(
  actor: Actor,
  recordId: string,
  values: Record<string, string | string[]>,
): DecisionResult {
  const caseId =
    recordId.length <= 64
      ? (getDb()
          .select({ caseId: riskAssessments.caseId })
          .from(riskAssessments)
          .where(eq(riskAssessments.recordId, recordId))
          .get()?.caseId ?? "")
      : "";
  return values.intent === "return"
    ? returnAssessment(actor, caseId, recordId, values)
    : countersignAssessment(actor, caseId, recordId);
}

/**
 * The waiting list page: supervisors only (anyone else is refused as not found, audited). Senior probation officers
 * also see their agency's pre-sentence input waiting for sign-off (the same rule, pre-sentence.server.ts).
 */
export function countersignList(actor: Actor): {
  submissions: WaitingSubmission[];
  preSentence: WaitingReport[] | null;
} {
  if (!isAgencySupervisor(actor, actor.agencyId)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "countersign.list",
      subjectType: "CaseRecord",
      outcome: "denied",
      detail: { reason: "not_supervisor" },
    });
    throw notFound();
  }
  const list = submissionsToCountersign(actor);
  const preSentence = signsOffPreSentence(actor) ? reportsAwaitingSignOff(actor) : null;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "countersign.list",
    subjectType: "CaseRecord",
    purpose: COUNTERSIGN_PURPOSE,
    outcome: "allowed",
    detail: {
      submissions: list.length,
      records: [...list.map((s) => s.recordId), ...(preSentence ?? []).map((r) => r.reportId)].join(","),
    },
  });
  return { submissions: list, preSentence };
}
