import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { cases, people } from "./cases";
import { agencies, users } from "./people";
import { caseRecords } from "./records";

/*
 * Retention (issue 21, decision 0051). A schedule says, for one category of record held by one agency, what
 * starts the clock (the trigger), how long the agency keeps the record after it, and what its data protection
 * lead is asked to do at the end. The schedule run brings the records that are due to that lead's review queue;
 * nothing is ever disposed of without a recorded decision.
 */
export const retentionSchedules = sqliteTable(
  "retention_schedules",
  {
    id: text("id").primaryKey(),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    category: text("category").notNull(),
    // case_closed | last_activity (app/domain/retention.ts)
    trigger: text("trigger").notNull(),
    periodMonths: integer("period_months").notNull(),
    // review | anonymise | delete: what the lead is asked to confirm when the period has run.
    action: text("action").notNull(),
    // The policy the period comes from (MoPI, NHS records code, the agency's own), in words.
    basis: text("basis").notNull(),
    updatedBy: text("updated_by").references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("retention_schedules_agency_category").on(t.agencyId, t.category)],
);

/** One record due for review under a schedule, and the lead's decision on it. */
export const retentionReviews = sqliteTable(
  "retention_reviews",
  {
    id: text("id").primaryKey(),
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    ownerAgencyId: text("owner_agency_id")
      .notNull()
      .references(() => agencies.id),
    scheduleId: text("schedule_id")
      .notNull()
      .references(() => retentionSchedules.id),
    // What the schedule said when the record came due (the schedule may change later).
    trigger: text("trigger").notNull(),
    periodMonths: integer("period_months").notNull(),
    proposedAction: text("proposed_action").notNull(),
    // The London date the trigger happened and the date the period ran out.
    triggeredOn: text("triggered_on").notNull(),
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: ["pending", "retained", "anonymised", "deleted"] })
      .notNull()
      .default("pending"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    decisionReason: text("decision_reason"),
    // For "retained": the date the record comes back for review.
    retainUntil: text("retain_until"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("retention_reviews_queue").on(t.ownerAgencyId, t.status, t.dueOn),
    index("retention_reviews_record").on(t.recordId),
    // At most one open review per record, so a run taken twice (or by two processes) adds nothing twice.
    uniqueIndex("retention_reviews_pending")
      .on(t.recordId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** A legal hold (litigation, IOPC, inquest...) on a case: while it is in force nothing on the case is disposed of. */
export const legalHolds = sqliteTable(
  "legal_holds",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    // litigation | iopc | inquest | other (app/domain/retention.ts)
    kind: text("kind").notNull(),
    reason: text("reason").notNull(),
    placedBy: text("placed_by")
      .notNull()
      .references(() => users.id),
    placedByAgencyId: text("placed_by_agency_id")
      .notNull()
      .references(() => agencies.id),
    placedAt: text("placed_at").notNull(),
    liftedBy: text("lifted_by").references(() => users.id),
    liftedAt: text("lifted_at"),
    liftReason: text("lift_reason"),
  },
  (t) => [index("legal_holds_case").on(t.caseId, t.liftedAt)],
);

/*
 * Subject access (issue 21, decision 0051): a request a data protection lead answers for their agency about one
 * person (the one person record), its deadline (one calendar month from receipt, extendable by two more), and a
 * decision per record gathered: disclose (with third parties' details withheld) or withhold under an exemption.
 */
export const subjectAccessRequests = sqliteTable(
  "subject_access_requests",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    receivedOn: text("received_on").notNull(),
    dueOn: text("due_on").notNull(),
    extendedTo: text("extended_to"),
    extensionReason: text("extension_reason"),
    status: text("status", { enum: ["open", "answered"] })
      .notNull()
      .default("open"),
    answeredAt: text("answered_at"),
    // The answer as sent (the "request answered" step): the London date, how, by whom, and which bundle: the
    // SHA-256 of the PDF the lead last downloaded (any later decision clears it, so the answer names the bundle
    // the decisions made) and its counts.
    answeredOn: text("answered_on"),
    answerMethod: text("answer_method"),
    answeredBy: text("answered_by").references(() => users.id),
    bundleSha256: text("bundle_sha256"),
    bundleExportedAt: text("bundle_exported_at"),
    bundleDisclosed: integer("bundle_disclosed"),
    bundleWithheld: integer("bundle_withheld"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("subject_access_requests_agency").on(t.agencyId, t.status, t.dueOn)],
);

export const subjectAccessItems = sqliteTable(
  "subject_access_items",
  {
    requestId: text("request_id")
      .notNull()
      .references(() => subjectAccessRequests.id),
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
    decision: text("decision", { enum: ["disclose", "withhold"] }).notNull(),
    // app/domain/subject-access.ts; null when disclosed.
    exemption: text("exemption"),
    reason: text("reason"),
    // Disclosed with other people's details (names, contact details) withheld: the lead confirms or turns it off.
    withholdThirdParties: integer("withhold_third_parties", { mode: "boolean" }).notNull().default(true),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.recordId] })],
);

/*
 * Rectification, objection and restriction requests (issue 21, decision 0057): a person asks the agency that owns
 * records about them to correct them (UK GDPR Art 16; DPA 2018 s46), to stop processing them (Art 21, no right under
 * DPA 2018 Part 3) or to restrict them (Art 18; s47). Recorded against the records they concern, with the owning
 * agency's decision (accept or refuse, with a reason) and the one-month deadline, by its data protection lead.
 */
export const subjectRightsRequests = sqliteTable(
  "subject_rights_requests",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    // app/domain/subject-rights.ts
    right: text("right", { enum: ["rectification", "objection", "restriction"] }).notNull(),
    receivedOn: text("received_on").notNull(),
    dueOn: text("due_on").notNull(),
    // What the person says is wrong, or why they object: their words, kept here and never in the audit log.
    statement: text("statement").notNull(),
    status: text("status", { enum: ["open", "accepted", "refused"] })
      .notNull()
      .default("open"),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("subject_rights_requests_agency").on(t.agencyId, t.status, t.dueOn)],
);

export const subjectRightsRecords = sqliteTable(
  "subject_rights_records",
  {
    requestId: text("request_id")
      .notNull()
      .references(() => subjectRightsRequests.id),
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.recordId] }), index("subject_rights_records_record").on(t.recordId)],
);
