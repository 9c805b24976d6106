import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { supervisesAgencyWork } from "~/access/agency-supervision";
import { can } from "~/access/gate.server";
import { SUPERVISOR_ROLES } from "~/access/baseline-policy";
import { caseRecordColumns } from "~/access/record-columns.server";
import { withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import {
  mappaReferralStatusLabel,
  mappaTransitionAllowed,
  OASYS_ROSH_LABELS,
  OASYS_ROSH_LEVELS,
  screeningOutcome,
  type MappaReferralStatus,
  type OasysRoshLevel,
} from "~/domain/mappa";
import { agencies, cases, mappaReferrals, riskAssessments } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { notify } from "./notifications.server";
import {
  caseHeaderOf,
  dateParts,
  parseSubmitted,
  readDate,
  readRequiredDate,
  textField,
  type Problem,
} from "./orders-common.server";
import { denyReferral, partnershipOfCase, usersWithRole, userNames } from "./referrals-common.server";
import { clinicReferralsOfCase, type ReferralWriteResult } from "./clinic-referrals.server";
import { riskPictureOf } from "./risk-assessment-views.server";
import { assessmentQuery } from "./risk-assessments.server";
import { MAPPA_REFERRAL_SCREENERS, usesMappaQueue } from "~/access/workflow-roles";

export {
  casesDueForReview,
  markReviewed,
  referralsAwaitingMeeting,
  type AgendaCandidate,
} from "./referral-agenda.server";

const LONG = 4000;
const SHORT = 200;

/** A linked assessment as the referrer saw it when referring (the judgement line only, never the answers). */
export type LinkedAssessment = {
  recordId: string;
  instrument: string;
  ownerAgency: string;
  riskLevelLabel: string;
  signedOffOn: string;
};

export type MappaReferralBody = {
  offenderName: string;
  offenderAliases: string;
  offenderAddress: string;
  ethnicity: string;
  visorReference: string;
  pncId: string;
  ndeliusId: string;
  indexOffence: string;
  sentence: string;
  offenceDetails: string;
  previousOffences: string;
  indexOffenceOn: string;
  convictionOn: string | null;
  sentenceEndsOn: string | null;
  reasonForReferral: string;
  oasysRosh: OasysRoshLevel;
  assessments: LinkedAssessment[];
  proposedRiskManagement: string;
  whyNotLevel1: string;
  victimIssues: string;
  diversity: string;
  endorsementComment?: string;
};

/** The case's signed-off SAM and SRP assessments the actor may read: the latest from each instrument and agency. */
export function linkableAssessments(actor: Actor, caseId: string): LinkedAssessment[] {
  const rows = assessmentQuery()
    .where(
      and(
        eq(riskAssessments.caseId, caseId),
        inArray(riskAssessments.instrument, ["sam", "srp"]),
        eq(riskAssessments.state, "signed_off"),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(riskAssessments.signedOffAt))
    .all();
  return riskPictureOf(actor, rows).entries.map((e) => ({
    recordId: e.recordId,
    instrument: e.instrument,
    ownerAgency: e.ownerAgency,
    riskLevelLabel: e.riskLevelLabel,
    signedOffOn: e.signedOffOn,
  }));
}

function referralSchema(today: string, linkable: LinkedAssessment[]) {
  const long = (label: string) => textField(LONG, `${label} must be 4,000 characters or fewer`);
  const short = (label: string) => textField(SHORT, `${label} must be 200 characters or fewer`);
  return z
    .object({
      levelRequested: textField(4),
      offenderName: short("Name"),
      offenderAliases: short("Other names"),
      offenderAddress: textField(500, "Address must be 500 characters or fewer"),
      ethnicity: short("Ethnicity"),
      visorReference: short("ViSOR reference"),
      pncId: short("PNC number"),
      ndeliusId: short("nDelius number"),
      indexOffence: short("Index offence"),
      sentence: short("Sentence or caution"),
      offenceDetails: long("Details"),
      previousOffences: long("Previous related offences"),
      ...dateParts("indexOffenceOn"),
      ...dateParts("convictionOn"),
      ...dateParts("sentenceEndsOn"),
      reasonForReferral: long("Reason for referral"),
      oasysRosh: textField(16),
      assessmentIds: z.union([z.string(), z.array(z.string())]).optional(),
      proposedRiskManagement: long("Proposed risk management"),
      whyNotLevel1: long("Why level 1 is not enough"),
      victimIssues: long("Victim issues"),
      diversity: long("Diversity"),
    })
    .transform((v, ctx) => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      let ok = true;
      const need = (field: keyof typeof v, message: string) => {
        if (!v[field]) {
          problem(field, message);
          ok = false;
        }
      };
      const level = v.levelRequested === "2" ? 2 : v.levelRequested === "3" ? 3 : null;
      if (!level) {
        problem("levelRequested", "Select the level requested");
        ok = false;
      }
      need("offenderName", "Enter the offender's name");
      need("offenderAddress", "Enter the offender's address, or NFA if of no fixed abode");
      need("indexOffence", "Enter the index offence or caution");
      need("sentence", "Enter the sentence, or that a caution was given");
      const dates = v as unknown as Record<string, string>;
      const indexOffenceOn = readRequiredDate(
        dates,
        "indexOffenceOn",
        "Date of the index offence",
        problem,
        "Enter the date of the index offence",
      );
      if (indexOffenceOn && indexOffenceOn > today)
        problem("indexOffenceOn", "Date of the index offence must be today or in the past");
      const convictionOn = readDate(dates, "convictionOn", "Date of conviction or caution", problem);
      if (convictionOn && convictionOn > today)
        problem("convictionOn", "Date of conviction or caution must be today or in the past");
      if (convictionOn && indexOffenceOn && convictionOn < indexOffenceOn)
        problem("convictionOn", "Date of conviction or caution must be on or after the date of the index offence");
      const sentenceEndsOn = readDate(dates, "sentenceEndsOn", "Sentence or licence end date", problem);
      need("reasonForReferral", "Enter the reason for referral");
      const oasysRosh = OASYS_ROSH_LEVELS.find((l) => l === v.oasysRosh);
      if (!oasysRosh) {
        problem("oasysRosh", "Select the OASys risk of serious harm level");
        ok = false;
      }
      const ids =
        v.assessmentIds === undefined ? [] : Array.isArray(v.assessmentIds) ? v.assessmentIds : [v.assessmentIds];
      const chosen = linkable.filter((a) => ids.includes(a.recordId));
      if (chosen.length !== new Set(ids.filter(Boolean)).size) {
        problem("assessmentIds", "Select assessments from the list");
        ok = false;
      }
      need("proposedRiskManagement", "Enter the proposed risk management");
      need("whyNotLevel1", "Enter why level 1 management is not enough");
      need("victimIssues", "Enter the victim issues, or 'None known'");
      need("diversity", "Enter diversity issues, or 'None known'");
      if (
        !ok ||
        !level ||
        !oasysRosh ||
        !indexOffenceOn ||
        convictionOn === undefined ||
        sentenceEndsOn === undefined ||
        (convictionOn && (convictionOn > today || convictionOn < indexOffenceOn)) ||
        indexOffenceOn > today
      )
        return z.NEVER;
      const body: MappaReferralBody = {
        offenderName: v.offenderName,
        offenderAliases: v.offenderAliases,
        offenderAddress: v.offenderAddress,
        ethnicity: v.ethnicity,
        visorReference: v.visorReference,
        pncId: v.pncId,
        ndeliusId: v.ndeliusId,
        indexOffence: v.indexOffence,
        sentence: v.sentence,
        offenceDetails: v.offenceDetails,
        previousOffences: v.previousOffences,
        indexOffenceOn,
        convictionOn,
        sentenceEndsOn,
        reasonForReferral: v.reasonForReferral,
        oasysRosh,
        assessments: chosen,
        proposedRiskManagement: v.proposedRiskManagement,
        whyNotLevel1: v.whyNotLevel1,
        victimIssues: v.victimIssues,
        diversity: v.diversity,
      };
      return { level, body };
    });
}

const endorseSchema = z
  .object({
    endorse: textField(8),
    endorsementComment: textField(2000, "Comment must be 2,000 characters or fewer"),
  })
  .refine((v) => v.endorse === "yes", {
    path: ["endorse"],
    message: "Confirm that you endorse this referral",
  });

const screenSchema = z
  .object({
    meetsCategory3: textField(8),
    decision: textField(16),
    levelDecided: textField(4),
    decisionReason: textField(4000, "Reasons must be 4,000 characters or fewer"),
  })
  .transform((v, ctx) => {
    const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    const meets = v.meetsCategory3 === "yes" ? true : v.meetsCategory3 === "no" ? false : null;
    if (meets === null) problem("meetsCategory3", "Select whether the offender meets category 3");
    const decision = v.decision === "accepted" || v.decision === "not_accepted" ? v.decision : null;
    if (!decision) problem("decision", "Select the decision");
    if (meets === false && decision === "accepted")
      problem("decision", "A referral that does not meet category 3 cannot be accepted");
    const level = v.levelDecided === "2" ? 2 : v.levelDecided === "3" ? 3 : null;
    if (decision === "accepted" && !level) problem("levelDecided", "Select the level of management, 2 or 3");
    if (!v.decisionReason) problem("decisionReason", "Enter the reasons for the decision");
    if (
      meets === null ||
      !decision ||
      (meets === false && decision === "accepted") ||
      (decision === "accepted" && !level) ||
      !v.decisionReason
    )
      return z.NEVER;
    const outcome = screeningOutcome(meets, decision === "accepted");
    return {
      meetsCategory3: meets,
      status: outcome,
      levelDecided: outcome === "accepted" ? level : null,
      decisionReason: v.decisionReason,
    };
  });

export type MappaReferralView = {
  id: string;
  caseId: string;
  caseReference: string;
  referrer: string;
  referrerUserId: string;
  referrerAgencyId: string;
  referrerAgency: string;
  levelRequested: number;
  body: MappaReferralBody;
  oasysRoshLabel: string;
  status: MappaReferralStatus;
  statusLabel: string;
  endorsedBy: string | null;
  endorsedAt: string | null;
  meetsCategory3: boolean | null;
  levelDecided: number | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  nextReviewOn: string | null;
  createdAt: string;
};

function referralQuery() {
  return getDb()
    .select({
      r: mappaReferrals,
      caseReference: cases.reference,
      referrerAgency: agencies.name,
      partnershipId: agencies.partnershipId,
    })
    .from(mappaReferrals)
    .innerJoin(cases, eq(cases.id, mappaReferrals.caseId))
    .innerJoin(agencies, eq(agencies.id, mappaReferrals.referrerAgencyId));
}
type Row = NonNullable<ReturnType<ReturnType<typeof referralQuery>["get"]>>;

export function readMappaBody(raw: string): MappaReferralBody {
  try {
    return JSON.parse(raw) as MappaReferralBody;
  } catch {
    return {} as MappaReferralBody;
  }
}

function toView(rows: Row[]): MappaReferralView[] {
  const names = userNames(rows.flatMap(({ r }) => [r.referrerUserId, r.endorsedBy, r.decidedBy]));
  return rows.map(({ r, caseReference, referrerAgency }) => {
    const body = readMappaBody(r.body);
    const status = r.status as MappaReferralStatus;
    return {
      id: r.id,
      caseId: r.caseId,
      caseReference,
      referrer: names.get(r.referrerUserId) ?? "Unknown",
      referrerUserId: r.referrerUserId,
      referrerAgencyId: r.referrerAgencyId,
      referrerAgency,
      levelRequested: r.levelRequested,
      body: { ...body, assessments: body.assessments ?? [] },
      oasysRoshLabel: OASYS_ROSH_LABELS[body.oasysRosh] ?? "Not given",
      status,
      statusLabel: mappaReferralStatusLabel(status, r.levelDecided),
      endorsedBy: r.endorsedBy ? (names.get(r.endorsedBy) ?? null) : null,
      endorsedAt: r.endorsedAt,
      meetsCategory3: r.meetsCategory3,
      levelDecided: r.levelDecided,
      decisionReason: r.decisionReason,
      decidedBy: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
      decidedAt: r.decidedAt,
      nextReviewOn: r.nextReviewOn,
      createdAt: r.createdAt,
    };
  });
}

/**
 * The case's MAPPA referrals for someone who may open the case. Linked assessments are re-checked for this
 * viewer: one they may not read shows who holds it instead.
 */
export function mappaReferralsOfCase(actor: Actor, c: Pick<CaseRow, "id">) {
  const readable = new Set(linkableAssessments(actor, c.id).map((a) => a.recordId));
  return toView(
    referralQuery()
      .where(eq(mappaReferrals.caseId, c.id))
      .orderBy(desc(mappaReferrals.createdAt), desc(mappaReferrals.id))
      .all(),
  ).map((v) => ({
    ...v,
    body: { ...v.body, assessments: [] as LinkedAssessment[] },
    assessments: v.body.assessments.map((a): LinkedAssessment | Withheld =>
      readable.has(a.recordId) ? a : withheld(a.ownerAgency),
    ),
  }));
}

/** The MAPPA A form page's data: the case and the assessments the referrer may link. */
export function newMappaReferralPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "mappa_referral.form");
  requireCaseWrite(actor, c, can(actor, "refer_case", { caseId: c.id }), "mappa_referral.form");
  const assessments = linkableAssessments(actor, c.id);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.form",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { assessments: assessments.length },
  });
  return { case: caseHeaderOf(c), assessments };
}

/** Saves a MAPPA A referral as a draft awaiting the referrer's manager; the agency's supervisors are told. */
export function createMappaReferral(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const c = requireCase(actor, caseId, "mappa_referral.create");
  requireCaseWrite(actor, c, can(actor, "refer_case", { caseId: c.id }), "mappa_referral.create");
  const form = parseSubmitted(values, referralSchema(londonToday(now), linkableAssessments(actor, c.id)));
  if (!form.ok) return form;
  const at = now.toISOString();
  const id = randomUUID();
  const push = getDb().transaction((tx) => {
    tx.insert(mappaReferrals)
      .values({
        id,
        caseId: c.id,
        referrerUserId: actor.userId,
        referrerAgencyId: actor.agencyId,
        levelRequested: form.data.level,
        body: JSON.stringify(form.data.body),
        status: "draft",
        createdAt: at,
        updatedAt: at,
      })
      .run();
    const managers = usersWithRole(SUPERVISOR_ROLES, {
      agencyId: actor.agencyId,
    }).filter((u) => u !== actor.userId);
    return notify(
      tx,
      managers,
      {
        kind: "mappa_referral",
        text: `A MAPPA referral for case ${c.reference} needs your endorsement`,
        href: `/mappa/referrals/${id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.create",
    subjectType: "MappaReferral",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: {
      levelRequested: form.data.level,
      assessments: form.data.body.assessments.length,
    },
  });
  return { ok: true, id };
}

// ---- Outside the case: the referrer's manager endorses, the MAPPA coordinator screens. Both see the referral's
// own fields and the case reference, never the case's records.

type Role = "coordinator" | "manager";

function roleFor(actor: Actor, row: Row, partnershipId: string | null): Role | null {
  if (
    partnershipId !== null &&
    row.partnershipId === partnershipId &&
    can(actor, "screen_mappa_referral", { partnershipId: row.partnershipId }) &&
    row.r.status !== "draft"
  )
    return "coordinator";
  if (
    can(actor, "endorse_mappa_referral", {
      referrerAgencyId: row.r.referrerAgencyId,
      referrerUserId: row.r.referrerUserId,
    })
  )
    return "manager";
  return null;
}

function referralFor(actor: Actor, referralId: string, action: string): { view: MappaReferralView; role: Role } {
  const row = referralId.length <= 64 ? referralQuery().where(eq(mappaReferrals.id, referralId)).get() : undefined;
  const role = row ? roleFor(actor, row, actor.partnershipId) : null;
  if (!row || !role) return denyReferral(actor, action, "MappaReferral", referralId, row ? "no_role" : "not_found");
  return { view: toView([row])[0]!, role };
}

/**
 * The coordinator's screening queue (submitted, accepted awaiting or under review, not accepted) for their
 * partnership, and a supervisor's drafts from their agency awaiting endorsement. Audited.
 */
export function mappaQueue(actor: Actor) {
  if (!usesMappaQueue(actor)) return denyReferral(actor, "mappa_referral.queue", "MappaReferral", null, "no_role");
  const partnershipId = actor.partnershipId;
  const coordinator = can(actor, "screen_mappa_referral", { partnershipId });
  const screening = coordinator
    ? toView(
        referralQuery()
          .where(
            and(
              eq(agencies.partnershipId, partnershipId),
              inArray(mappaReferrals.status, ["submitted", "accepted", "not_accepted"]),
            ),
          )
          .orderBy(asc(mappaReferrals.createdAt))
          .limit(300)
          .all(),
      )
    : [];
  const endorsement = supervisesAgencyWork(actor)
    ? toView(
        referralQuery()
          .where(and(eq(mappaReferrals.referrerAgencyId, actor.agencyId), eq(mappaReferrals.status, "draft")))
          .orderBy(asc(mappaReferrals.createdAt))
          .limit(200)
          .all(),
      ).filter((v) => v.referrerUserId !== actor.userId)
    : [];
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.queue",
    subjectType: "MappaReferral",
    subjectId: null,
    outcome: "allowed",
    detail: { screening: screening.length, endorsement: endorsement.length },
  });
  return {
    coordinator,
    toScreen: screening.filter((r) => r.status === "submitted"),
    accepted: screening.filter((r) => r.status === "accepted"),
    notAccepted: screening.filter((r) => r.status === "not_accepted"),
    toEndorse: endorsement,
  };
}

/** One referral for its manager or the coordinator. Audited. */
export function mappaReferralDetail(actor: Actor, referralId: string) {
  const { view, role } = referralFor(actor, referralId, "mappa_referral.view");
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.view",
    subjectType: "MappaReferral",
    subjectId: view.id,
    caseId: view.caseId,
    outcome: "allowed",
    detail: { as: role },
  });
  return {
    referral: view,
    canEndorse: role === "manager" && mappaTransitionAllowed(view.status, "endorse"),
    canScreen: role === "coordinator" && mappaTransitionAllowed(view.status, "screen"),
  };
}

/** The referrer's manager endorses the draft: it is submitted to the MAPPA coordinators of the partnership. */
export function endorseMappaReferral(
  actor: Actor,
  referralId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const { view, role } = referralFor(actor, referralId, "mappa_referral.endorse");
  if (role !== "manager") return denyReferral(actor, "mappa_referral.endorse", "MappaReferral", view.id, "not_manager");
  if (!mappaTransitionAllowed(view.status, "endorse"))
    return {
      ok: false,
      errors: { endorse: "This referral has already been endorsed" },
      values,
    };
  const form = parseSubmitted(values, endorseSchema);
  if (!form.ok) return form;
  const at = now.toISOString();
  const partnershipId = partnershipOfCase(view.caseId);
  const push = getDb().transaction((tx) => {
    const body = {
      ...view.body,
      endorsementComment: form.data.endorsementComment,
    };
    tx.update(mappaReferrals)
      .set({
        status: "submitted",
        endorsedBy: actor.userId,
        endorsedAt: at,
        body: JSON.stringify(body),
        updatedAt: at,
      })
      .where(and(eq(mappaReferrals.id, view.id), eq(mappaReferrals.status, "draft")))
      .run();
    const coordinators = partnershipId ? usersWithRole([...MAPPA_REFERRAL_SCREENERS], { partnershipId }) : [];
    const a = notify(
      tx,
      coordinators,
      {
        kind: "mappa_referral",
        text: `MAPPA referral for case ${view.caseReference} submitted for screening`,
        href: `/mappa/referrals/${view.id}`,
        caseId: view.caseId,
      },
      at,
    );
    const b = notify(
      tx,
      [view.referrerUserId],
      {
        kind: "referral_outcome",
        text: `Your MAPPA referral for case ${view.caseReference} was endorsed`,
        href: `/cases/${view.caseId}/referrals`,
        caseId: view.caseId,
      },
      at,
    );
    return () => {
      a();
      b();
    };
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.endorse",
    subjectType: "MappaReferral",
    subjectId: view.id,
    caseId: view.caseId,
    outcome: "done",
  });
  return { ok: true, id: view.id };
}

/** The coordinator screens: meets category 3, level, decision with reasons. Accepted referrals wait for a meeting. */
export function screenMappaReferral(
  actor: Actor,
  referralId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const { view, role } = referralFor(actor, referralId, "mappa_referral.screen");
  if (role !== "coordinator")
    return denyReferral(actor, "mappa_referral.screen", "MappaReferral", view.id, "not_coordinator");
  if (!mappaTransitionAllowed(view.status, "screen"))
    return {
      ok: false,
      errors: { decision: "This referral has already been screened" },
      values,
    };
  const form = parseSubmitted(values, screenSchema);
  if (!form.ok) return form;
  const d = form.data;
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(mappaReferrals)
      .set({
        status: d.status,
        meetsCategory3: d.meetsCategory3,
        levelDecided: d.levelDecided,
        decisionReason: d.decisionReason,
        decidedBy: actor.userId,
        decidedAt: at,
        nextReviewOn: null,
        updatedAt: at,
      })
      .where(and(eq(mappaReferrals.id, view.id), eq(mappaReferrals.status, "submitted")))
      .run();
    const text =
      d.status === "accepted"
        ? `MAPPA referral for case ${view.caseReference} accepted at level ${d.levelDecided}`
        : `MAPPA referral for case ${view.caseReference} not accepted`;
    const endorser =
      getDb().select({ id: mappaReferrals.endorsedBy }).from(mappaReferrals).where(eq(mappaReferrals.id, view.id)).get()
        ?.id ?? null;
    return notify(
      tx,
      [view.referrerUserId, ...(endorser ? [endorser] : [])],
      {
        kind: "referral_outcome",
        text,
        href: `/cases/${view.caseId}/referrals`,
        caseId: view.caseId,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "mappa_referral.screen",
    subjectType: "MappaReferral",
    subjectId: view.id,
    caseId: view.caseId,
    outcome: "done",
    detail: {
      decision: d.status,
      meetsCategory3: d.meetsCategory3,
      levelDecided: d.levelDecided,
    },
  });
  return { ok: true, id: view.id };
}

/** The case's Referrals page: clinic and MAPPA referrals with their outcomes, and what the actor may do. Audited. */
export function caseReferralsPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "referrals.view");
  const clinic = clinicReferralsOfCase(c);
  const mappa = mappaReferralsOfCase(actor, c);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "referrals.view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { clinic: clinic.length, mappa: mappa.length },
  });
  const canRefer = can(actor, "refer_case", { caseId: c.id });
  return {
    case: caseHeaderOf(c),
    canRefer,
    clinic: clinic.map((r) => ({
      ...r,
      canAnswer: canRefer && r.status === "more_information" && actor.agencyId === r.referrerAgencyId,
    })),
    mappa,
  };
}
