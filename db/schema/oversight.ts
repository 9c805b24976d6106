import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { partnerships, users } from "./people";

/*
 * The partnership's action plan (issue 8), shaped like a force's response to the super-complaint
 * (shared/seeds/003): each recommendation has numbered evidence requirements, each with an owner, the latest
 * update and its date, a status and a percentage complete. A dashboard figure can be linked as evidence: the
 * metric, the filters it was read with and the value at the time.
 */
export const actionPlanRecommendations = sqliteTable(
  "action_plan_recommendations",
  {
    id: text("id").primaryKey(),
    partnershipId: text("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    number: text("number").notNull(), // e.g. "11"
    text: text("text").notNull(),
    owner: text("owner").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("action_plan_recommendations_partnership").on(t.partnershipId, t.number)],
);

export const actionPlanRequirements = sqliteTable(
  "action_plan_requirements",
  {
    id: text("id").primaryKey(),
    recommendationId: text("recommendation_id")
      .notNull()
      .references(() => actionPlanRecommendations.id),
    number: text("number").notNull(), // e.g. "11.2"
    requirement: text("requirement").notNull(),
    owner: text("owner").notNull(),
    update: text("update").notNull().default(""),
    updatedOn: text("updated_on"),
    status: text("status").notNull().default("not_started"), // not_started | in_progress | complete
    percent: integer("percent").notNull().default(0),
    evidenceMetric: text("evidence_metric"),
    evidenceFilters: text("evidence_filters"),
    evidenceValue: text("evidence_value"),
    evidenceLinkedAt: text("evidence_linked_at"),
    updatedBy: text("updated_by").references(() => users.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("action_plan_requirements_recommendation").on(t.recommendationId, t.number)],
);
