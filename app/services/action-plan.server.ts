import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, authorizeNamed, can, notFound } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import { filtersQuery, type OversightFilters } from "~/domain/oversight-filters";
import { cellText, isMetricKey, type MetricKey } from "~/domain/oversight-metrics";
import type { FieldErrors } from "~/forms/parse-form";
import { headlineFigure } from "./oversight.server";
import {
  REQUIREMENT_STATUS_LABELS,
  REQUIREMENT_STATUSES,
  type RecommendationSchema,
  type NewRequirementSchema,
  type RequirementStatus,
  type RequirementUpdateSchema,
} from "~/domain/action-plan";

export { NewRequirementSchema, RecommendationSchema, RequirementUpdateSchema } from "~/domain/action-plan";

/*
 * The partnership's action plan (issue 8), shaped like a force's response to the super-complaint: recommendations
 * with numbered evidence requirements, each with an owner, the latest update and its date, a status and a
 * percentage. Performance leads keep it; supervisors read it. Saves carry the version the editor started from,
 * so a change made meanwhile by someone else is reported, never overwritten.
 */

export type RequirementView = {
  id: string;
  number: string;
  requirement: string;
  owner: string;
  update: string;
  updatedOn: string | null;
  status: RequirementStatus;
  statusLabel: string;
  percent: number;
  version: number;
  evidence: { metric: string; filters: string; value: string; linkedAt: string } | null;
};
export type RecommendationView = {
  id: string;
  number: string;
  text: string;
  owner: string;
  requirements: RequirementView[];
  percent: number;
};

const byNumber = (a: { number: string }, b: { number: string }) =>
  a.number.localeCompare(b.number, "en", { numeric: true });

type RequirementRow = {
  id: string;
  recommendationId: string;
  number: string;
  requirement: string;
  owner: string;
  update: string;
  updatedOn: string | null;
  status: string;
  percent: number;
  version: number;
  evidenceMetric: string | null;
  evidenceFilters: string | null;
  evidenceValue: string | null;
  evidenceLinkedAt: string | null;
};

const REQUIREMENT_COLUMNS = `q.id, q.recommendation_id AS recommendationId, q.number, q.requirement, q.owner, q."update" AS "update", q.updated_on AS updatedOn, q.status, q.percent, q.version,
  q.evidence_metric AS evidenceMetric, q.evidence_filters AS evidenceFilters, q.evidence_value AS evidenceValue, q.evidence_linked_at AS evidenceLinkedAt`;

function toView(r: RequirementRow): RequirementView {
  const status = (REQUIREMENT_STATUSES as readonly string[]).includes(r.status)
    ? (r.status as RequirementStatus)
    : "not_started";
  return {
    id: r.id,
    number: r.number,
    requirement: r.requirement,
    owner: r.owner,
    update: r.update,
    updatedOn: r.updatedOn,
    status,
    statusLabel: REQUIREMENT_STATUS_LABELS[status],
    percent: r.percent,
    version: r.version,
    evidence:
      r.evidenceMetric && r.evidenceValue && r.evidenceLinkedAt
        ? {
            metric: r.evidenceMetric,
            filters: r.evidenceFilters ?? "",
            value: r.evidenceValue,
            linkedAt: r.evidenceLinkedAt,
          }
        : null,
  };
}

/** The whole plan for the actor's partnership, recommendations and requirements in number order. */
export function actionPlan(actor: Actor): { recommendations: RecommendationView[]; canEdit: boolean } {
  authorize(actor, "read", "ActionPlan");
  const sqlite = getDb().$client;
  const partnershipId = actor.partnershipId;
  const recs = sqlite
    .prepare(`SELECT id, number, text, owner FROM action_plan_recommendations WHERE partnership_id = ?`)
    .all(partnershipId) as Omit<RecommendationView, "requirements" | "percent">[];
  const reqs = sqlite
    .prepare(
      `SELECT ${REQUIREMENT_COLUMNS} FROM action_plan_requirements q JOIN action_plan_recommendations r ON r.id = q.recommendation_id WHERE r.partnership_id = ?`,
    )
    .all(partnershipId) as RequirementRow[];
  const recommendations = recs.sort(byNumber).map((rec) => {
    const requirements = reqs
      .filter((q) => q.recommendationId === rec.id)
      .map(toView)
      .sort(byNumber);
    const percent = requirements.length
      ? Math.round(requirements.reduce((s, q) => s + q.percent, 0) / requirements.length)
      : 0;
    return { ...rec, requirements, percent };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "action_plan.view",
    outcome: "allowed",
    purpose: "oversight",
  });
  return { recommendations, canEdit: can(actor, "update", "ActionPlan") };
}

export function assertCanEditPlan(actor: Actor): void {
  authorize(actor, "update", "ActionPlan");
}

export function addRecommendation(
  actor: Actor,
  values: z.infer<typeof RecommendationSchema>,
  now = new Date(),
): { ok: true; id: string } | { ok: false; errors: FieldErrors } {
  authorize(actor, "create", "ActionPlan");
  const sqlite = getDb().$client;
  const partnershipId = actor.partnershipId;
  const taken = sqlite
    .prepare(`SELECT 1 FROM action_plan_recommendations WHERE partnership_id = ? AND number = ?`)
    .get(partnershipId, values.number);
  if (taken) return { ok: false, errors: { number: `Recommendation ${values.number} is already in the plan` } };
  const id = randomUUID();
  sqlite
    .prepare(
      `INSERT INTO action_plan_recommendations (id, partnership_id, number, text, owner, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, partnershipId, values.number, values.text, values.owner, actor.userId, now.toISOString());
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "action_plan.recommendation.create",
    outcome: "done",
    subjectType: "ActionPlan",
    subjectId: id,
    purpose: "oversight",
  });
  return { ok: true, id };
}

/** A recommendation of the actor's partnership, or 404. */
export function recommendationFor(actor: Actor, id: string): { id: string; number: string; text: string } {
  authorizeNamed(actor, "read", "ActionPlan", { id });
  const row = getDb()
    .$client.prepare(`SELECT id, number, text FROM action_plan_recommendations WHERE id = ? AND partnership_id = ?`)
    .get(id, actor.partnershipId) as { id: string; number: string; text: string } | undefined;
  if (!row) throw notFound();
  return row;
}

export function addRequirement(
  actor: Actor,
  recommendationId: string,
  values: z.infer<typeof NewRequirementSchema>,
): { ok: true; id: string } | { ok: false; errors: FieldErrors } {
  const rec = recommendationFor(actor, recommendationId);
  authorize(actor, "create", "ActionPlan");
  if (!values.number.startsWith(`${rec.number}.`))
    return {
      ok: false,
      errors: {
        number: `Requirements of recommendation ${rec.number} are numbered ${rec.number}.1, ${rec.number}.2 and so on`,
      },
    };
  const sqlite = getDb().$client;
  if (
    sqlite
      .prepare(`SELECT 1 FROM action_plan_requirements WHERE recommendation_id = ? AND number = ?`)
      .get(rec.id, values.number)
  )
    return { ok: false, errors: { number: `Requirement ${values.number} is already in the plan` } };
  const id = randomUUID();
  sqlite
    .prepare(
      `INSERT INTO action_plan_requirements (id, recommendation_id, number, requirement, owner) VALUES (?, ?, ?, ?, ?)`,
    )
    .run(id, rec.id, values.number, values.requirement, values.owner);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "action_plan.requirement.create",
    outcome: "done",
    subjectType: "ActionPlan",
    subjectId: id,
    purpose: "oversight",
  });
  return { ok: true, id };
}

/** One requirement of the actor's partnership, with its recommendation's number and text, or 404. */
export function requirementFor(
  actor: Actor,
  id: string,
): RequirementView & { recommendation: { number: string; text: string } } {
  authorizeNamed(actor, "read", "ActionPlan", { id });
  const row = getDb()
    .$client.prepare(
      `SELECT ${REQUIREMENT_COLUMNS}, r.number AS recNumber, r.text AS recText FROM action_plan_requirements q JOIN action_plan_recommendations r ON r.id = q.recommendation_id WHERE q.id = ? AND r.partnership_id = ?`,
    )
    .get(id, actor.partnershipId) as (RequirementRow & { recNumber: string; recText: string }) | undefined;
  if (!row) throw notFound();
  return { ...toView(row), recommendation: { number: row.recNumber, text: row.recText } };
}

export type SaveResult = { ok: true } | { ok: false; errors: FieldErrors; conflict?: RequirementView };

const STALE =
  "Someone else changed this requirement after you opened it. Their version is shown below; make your change again.";

/** Saves the owner, update, status and percentage; the date of the update is today (London). */
export function updateRequirement(
  actor: Actor,
  id: string,
  values: z.infer<typeof RequirementUpdateSchema>,
  now = new Date(),
): SaveResult {
  authorize(actor, "update", "ActionPlan");
  const current = requirementFor(actor, id);
  const changed = getDb()
    .$client.prepare(
      `UPDATE action_plan_requirements SET owner = ?, "update" = ?, status = ?, percent = ?, updated_on = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ?`,
    )
    .run(
      values.owner,
      values.update,
      values.status,
      values.percent,
      londonToday(now),
      actor.userId,
      id,
      values.version,
    ).changes;
  if (changed === 0) return { ok: false, errors: { version: STALE }, conflict: current };
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "action_plan.requirement.update",
    outcome: "done",
    subjectType: "ActionPlan",
    subjectId: id,
    purpose: "oversight",
    detail: { status: values.status, percent: values.percent },
  });
  return { ok: true };
}

export const EvidenceSchema = z.object({
  requirement: z
    .string({ required_error: "Select the evidence requirement" })
    .trim()
    .uuid("Select the evidence requirement"),
  metric: z.string().refine(isMetricKey, "Choose a figure from the dashboard"),
});

/**
 * Links a dashboard figure to a requirement as evidence: the metric, the filters it was read with and its value
 * now (worked out afresh on the server, so the value cannot be typed in), and when.
 */
export function linkEvidence(
  actor: Actor,
  requirementId: string,
  metric: MetricKey,
  filters: OversightFilters,
  now = new Date(),
): { ok: true; value: string } | { ok: false; errors: FieldErrors } {
  authorize(actor, "update", "ActionPlan");
  requirementFor(actor, requirementId);
  const figure = headlineFigure(actor, filters, metric, now);
  const value = `${figure.label}: ${cellText(figure.value) || "no figure"} (${filters.from} to ${filters.to})`;
  getDb()
    .$client.prepare(
      `UPDATE action_plan_requirements SET evidence_metric = ?, evidence_filters = ?, evidence_value = ?, evidence_linked_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
    )
    .run(metric, filtersQuery(filters), value, now.toISOString(), actor.userId, requirementId);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "action_plan.evidence.link",
    outcome: "done",
    subjectType: "ActionPlan",
    subjectId: requirementId,
    purpose: "oversight",
    detail: { metric },
  });
  return { ok: true, value };
}

/** Every requirement of the plan as a choice (number and the start of its text), for the evidence form. */
export function requirementChoices(actor: Actor): { value: string; text: string }[] {
  return actionPlanRows(actor).map((q) => ({
    value: q.id,
    text: `${q.number}: ${q.requirement.length > 80 ? `${q.requirement.slice(0, 77)}...` : q.requirement}`,
  }));
}

function actionPlanRows(actor: Actor): RequirementRow[] {
  authorize(actor, "read", "ActionPlan");
  return (
    getDb()
      .$client.prepare(
        `SELECT ${REQUIREMENT_COLUMNS} FROM action_plan_requirements q JOIN action_plan_recommendations r ON r.id = q.recommendation_id WHERE r.partnership_id = ?`,
      )
      .all(actor.partnershipId) as RequirementRow[]
  ).sort(byNumber);
}
