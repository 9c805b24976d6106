import { and, asc, desc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { CLINIC_REFERRAL_TRIAGERS } from "~/access/agency-supervision";
import { can } from "~/access/gate.server";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import {
  CLINIC_REFERRAL_STATUS_LABELS,
  CLINIC_REFERRAL_STATUSES,
  CLINIC_RISK_LABELS,
  CLINIC_RISK_LEVELS,
  clinicTransitionAllowed,
  PRIORITIES,
  PRIORITY_LABELS,
  type ClinicReferralStatus,
  type ClinicRiskLevel,
  type Priority,
} from "~/domain/mappa";
import type { FieldErrors } from "~/forms/parse-form";
import { agencies, cases, clinicReferrals } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { notify } from "./notifications.server";
import { caseHeaderOf, parseSubmitted, textField, type Problem } from "./orders-common.server";
import { denyReferral, partnershipOfCase, usersWithRole, userNames } from "./referrals-common.server";

export {
  casesDueForReview,
  markReviewed,
  referralsAwaitingMeeting,
  type AgendaCandidate,
} from "./referral-agenda.server";

export type ReferralWriteResult =
  | { ok: true; id: string }
  | {
      ok: false;
      errors: FieldErrors;
      values: Record<string, string | string[]>;
    };

const TEXT_MAX = 2000;

const referralSchema = z
  .object({
    reason: textField(TEXT_MAX, "Reason must be 2,000 characters or fewer"),
    currentRisk: textField(32),
    ask: textField(TEXT_MAX, "What you are asking must be 2,000 characters or fewer"),
  })
  .transform((v, ctx) => {
    const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (!v.reason) problem("reason", "Enter the reason for the referral");
    const currentRisk = CLINIC_RISK_LEVELS.find((l) => l === v.currentRisk);
    if (!currentRisk) problem("currentRisk", "Select the current risk");
    if (!v.ask) problem("ask", "Enter what you are asking the clinic to do");
    if (!v.reason || !currentRisk || !v.ask) return z.NEVER;
    return { reason: v.reason, currentRisk, ask: v.ask };
  });

const triageSchema = z
  .object({
    decision: textField(32),
    priority: textField(32),
    decisionReason: textField(TEXT_MAX, "Reason must be 2,000 characters or fewer"),
    informationRequest: textField(TEXT_MAX, "Request must be 2,000 characters or fewer"),
  })
  .transform((v, ctx) => {
    const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.decision === "accepted") {
      const priority = PRIORITIES.find((p) => p === v.priority);
      if (!priority) {
        problem("priority", "Select a priority");
        return z.NEVER;
      }
      return {
        status: "accepted" as const,
        priority,
        decisionReason: v.decisionReason || null,
        informationRequest: null,
      };
    }
    if (v.decision === "declined") {
      if (!v.decisionReason) {
        problem("decisionReason", "Enter why the referral is declined");
        return z.NEVER;
      }
      return {
        status: "declined" as const,
        priority: null,
        decisionReason: v.decisionReason,
        informationRequest: null,
      };
    }
    if (v.decision === "more_information") {
      if (!v.informationRequest) {
        problem("informationRequest", "Enter what information you need");
        return z.NEVER;
      }
      return {
        status: "more_information" as const,
        priority: null,
        decisionReason: null,
        informationRequest: v.informationRequest,
      };
    }
    problem("decision", "Select a decision");
    return z.NEVER;
  });

const responseSchema = z.object({
  informationResponse: textField(TEXT_MAX, "Your answer must be 2,000 characters or fewer").pipe(
    z.string().min(1, "Enter the information the clinic asked for"),
  ),
});

export type ClinicReferralView = {
  id: string;
  caseId: string;
  caseReference: string;
  referrer: string;
  referrerUserId: string;
  referrerAgencyId: string;
  referrerAgency: string;
  reason: string;
  currentRisk: ClinicRiskLevel;
  currentRiskLabel: string;
  ask: string;
  status: ClinicReferralStatus;
  statusLabel: string;
  priority: Priority | null;
  priorityLabel: string | null;
  decisionReason: string | null;
  informationRequest: string | null;
  informationResponse: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

function referralQuery() {
  return getDb()
    .select({
      r: clinicReferrals,
      caseReference: cases.reference,
      referrerAgency: agencies.name,
      partnershipId: agencies.partnershipId,
    })
    .from(clinicReferrals)
    .innerJoin(cases, eq(cases.id, clinicReferrals.caseId))
    .innerJoin(agencies, eq(agencies.id, clinicReferrals.referrerAgencyId));
}
type Row = NonNullable<ReturnType<ReturnType<typeof referralQuery>["get"]>>;

function toView(rows: Row[]): ClinicReferralView[] {
  const names = userNames(rows.flatMap(({ r }) => [r.referrerUserId, r.decidedBy]));
  return rows.map(({ r, caseReference, referrerAgency }) => {
    const status = r.status as ClinicReferralStatus;
    const priority = (r.priority as Priority | null) ?? null;
    const risk = r.currentRisk as ClinicRiskLevel;
    return {
      id: r.id,
      caseId: r.caseId,
      caseReference,
      referrer: names.get(r.referrerUserId) ?? "Unknown",
      referrerUserId: r.referrerUserId,
      referrerAgencyId: r.referrerAgencyId,
      referrerAgency,
      reason: r.reason,
      currentRisk: risk,
      currentRiskLabel: CLINIC_RISK_LABELS[risk] ?? r.currentRisk,
      ask: r.ask,
      status,
      statusLabel: CLINIC_REFERRAL_STATUS_LABELS[status] ?? r.status,
      priority,
      priorityLabel: priority ? PRIORITY_LABELS[priority] : null,
      decisionReason: r.decisionReason,
      informationRequest: r.informationRequest,
      informationResponse: r.informationResponse,
      decidedBy: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
      decidedAt: r.decidedAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  });
}

/** The case's clinic referrals, for anyone who may open the case (requireCase has passed). Newest first. */
export function clinicReferralsOfCase(c: Pick<CaseRow, "id">): ClinicReferralView[] {
  return toView(
    referralQuery()
      .where(eq(clinicReferrals.caseId, c.id))
      .orderBy(desc(clinicReferrals.createdAt), desc(clinicReferrals.id))
      .all(),
  );
}

/** Makes a clinic referral from a case: any agency on the case team. Tells the partnership's clinic coordinators. */
export function createClinicReferral(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const c = requireCase(actor, caseId, "clinic_referral.create");
  requireCaseWrite(actor, c, can(actor, "refer_case", { caseId: c.id }), "clinic_referral.create");
  const form = parseSubmitted(values, referralSchema);
  if (!form.ok) return form;
  const at = now.toISOString();
  const id = randomUUID();
  const partnershipId = partnershipOfCase(c.id);
  const push = getDb().transaction((tx) => {
    tx.insert(clinicReferrals)
      .values({
        id,
        caseId: c.id,
        referrerUserId: actor.userId,
        referrerAgencyId: actor.agencyId,
        ...form.data,
        status: "pending",
        createdAt: at,
        updatedAt: at,
      })
      .run();
    const coordinators = partnershipId ? usersWithRole([...CLINIC_REFERRAL_TRIAGERS], { partnershipId }) : [];
    return notify(
      tx,
      coordinators,
      {
        kind: "clinic_referral",
        text: `New clinic referral for case ${c.reference}`,
        href: `/clinic/referrals/${id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "clinic_referral.create",
    subjectType: "ClinicReferral",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { currentRisk: form.data.currentRisk },
  });
  return { ok: true, id };
}

/** The referrer (or their agency on the team) answers the clinic's request for more information: back to the queue. */
export function answerClinicInformationRequest(
  actor: Actor,
  caseId: string,
  referralId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const c = requireCase(actor, caseId, "clinic_referral.answer");
  const row =
    referralId.length <= 64
      ? getDb()
          .select()
          .from(clinicReferrals)
          .where(and(eq(clinicReferrals.id, referralId), eq(clinicReferrals.caseId, c.id)))
          .get()
      : undefined;
  if (!row || !can(actor, "refer_case", { caseId: c.id }) || row.referrerAgencyId !== actor.agencyId)
    return denyReferral(
      actor,
      "clinic_referral.answer",
      "ClinicReferral",
      row?.id ?? null,
      row ? "not_referrer" : "not_found",
    );
  if (!clinicTransitionAllowed(row.status as ClinicReferralStatus, "pending", "referrer"))
    return {
      ok: false,
      errors: {
        informationResponse: "The clinic has not asked for more information on this referral",
      },
      values,
    };
  const form = parseSubmitted(values, responseSchema);
  if (!form.ok) return form;
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(clinicReferrals)
      .set({
        status: "pending",
        informationResponse: form.data.informationResponse,
        updatedAt: at,
      })
      .where(eq(clinicReferrals.id, row.id))
      .run();
    return notify(
      tx,
      row.decidedBy ? [row.decidedBy] : [],
      {
        kind: "clinic_referral",
        text: `More information given on the clinic referral for case ${c.reference}`,
        href: `/clinic/referrals/${row.id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "clinic_referral.answer",
    subjectType: "ClinicReferral",
    subjectId: row.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
  });
  return { ok: true, id: row.id };
}

// ---- The clinic coordinator's triage queue: referral fields and the case reference only, never case records.

function requireCoordinator(actor: Actor, action: string, subjectId: string | null): string {
  // The same question as the navigation link (SERVICE_AREAS.clinicReferrals): triage in their own partnership.
  const partnershipId = can(actor, "triage_clinic_referral", { partnershipId: actor.partnershipId })
    ? actor.partnershipId
    : null;
  if (!partnershipId) return denyReferral(actor, action, "ClinicReferral", subjectId, "not_clinic_coordinator");
  return partnershipId;
}

export const QUEUE_FILTERS = [
  "pending",
  "more_information",
  "accepted",
  "declined",
] as const satisfies readonly ClinicReferralStatus[];

/** The triage queue: referrals in the coordinator's partnership with one status, oldest first. Audited. */
export function clinicQueue(actor: Actor, status: string | null) {
  const partnershipId = requireCoordinator(actor, "clinic_referral.queue", null);
  const filter = CLINIC_REFERRAL_STATUSES.find((s) => s === status) ?? "pending";
  const rows = referralQuery()
    .where(and(eq(clinicReferrals.status, filter), eq(agencies.partnershipId, partnershipId)))
    .orderBy(asc(clinicReferrals.createdAt), asc(clinicReferrals.id))
    .limit(200)
    .all();
  const referrals = toView(rows);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "clinic_referral.queue",
    subjectType: "ClinicReferral",
    subjectId: null,
    outcome: "allowed",
    detail: { status: filter, shown: referrals.length },
  });
  return {
    status: filter,
    statusLabel: CLINIC_REFERRAL_STATUS_LABELS[filter],
    referrals,
    filters: QUEUE_FILTERS.map((s) => ({
      value: s,
      label: CLINIC_REFERRAL_STATUS_LABELS[s],
    })),
  };
}

function coordinatorReferral(
  actor: Actor,
  referralId: string,
  action: string,
): ClinicReferralView & { partnershipId: string } {
  const partnershipId = requireCoordinator(actor, action, referralId);
  const row = referralId.length <= 64 ? referralQuery().where(eq(clinicReferrals.id, referralId)).get() : undefined;
  if (
    !row ||
    row.partnershipId !== partnershipId ||
    !can(actor, "triage_clinic_referral", { partnershipId: row.partnershipId })
  )
    return denyReferral(actor, action, "ClinicReferral", referralId, "not_found");
  return { ...toView([row])[0]!, partnershipId };
}

/** One referral for triage (the coordinator). Audited. */
export function clinicReferralForTriage(actor: Actor, referralId: string) {
  const referral = coordinatorReferral(actor, referralId, "clinic_referral.view");
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "clinic_referral.view",
    subjectType: "ClinicReferral",
    subjectId: referral.id,
    caseId: referral.caseId,
    outcome: "allowed",
  });
  const { partnershipId: _p, ...view } = referral;
  return { referral: view, canTriage: view.status === "pending" };
}

/** Accept with a priority, decline with a reason, or ask for more information. The referrer is told. */
export function triageClinicReferral(
  actor: Actor,
  referralId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): ReferralWriteResult {
  const referral = coordinatorReferral(actor, referralId, "clinic_referral.triage");
  const form = parseSubmitted(values, triageSchema);
  if (!form.ok) return form;
  if (!clinicTransitionAllowed(referral.status, form.data.status, "coordinator"))
    return {
      ok: false,
      errors: { decision: "This referral has already been triaged" },
      values,
    };
  const at = now.toISOString();
  const d = form.data;
  const push = getDb().transaction((tx) => {
    tx.update(clinicReferrals)
      .set({
        status: d.status,
        priority: d.priority,
        decisionReason: d.decisionReason,
        ...(d.informationRequest
          ? {
              informationRequest: d.informationRequest,
              informationResponse: null,
            }
          : {}),
        decidedBy: actor.userId,
        decidedAt: at,
        updatedAt: at,
      })
      .where(and(eq(clinicReferrals.id, referral.id), eq(clinicReferrals.status, "pending")))
      .run();
    const text =
      d.status === "accepted"
        ? `Clinic referral for case ${referral.caseReference} accepted (${PRIORITY_LABELS[d.priority!].toLowerCase()})`
        : d.status === "declined"
          ? `Clinic referral for case ${referral.caseReference} declined`
          : `The clinic asks for more information on the referral for case ${referral.caseReference}`;
    return notify(
      tx,
      [referral.referrerUserId],
      {
        kind: "referral_outcome",
        text,
        href: `/cases/${referral.caseId}/referrals`,
        caseId: referral.caseId,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "clinic_referral.triage",
    subjectType: "ClinicReferral",
    subjectId: referral.id,
    caseId: referral.caseId,
    outcome: "done",
    detail: { decision: d.status, priority: d.priority },
  });
  return { ok: true, id: referral.id };
}

/** The clinic referral form: any agency on the case team. */
export function newClinicReferralPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "clinic_referral.form");
  requireCaseWrite(actor, c, can(actor, "refer_case", { caseId: c.id }), "clinic_referral.form");
  return { case: caseHeaderOf(c) };
}
