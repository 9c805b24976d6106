import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { agencies, users } from "./people";
import { caseRecords } from "./records";

/*
 * Casework detail tables. Each structured item of a case (incident, offence, order, breach, SPO consideration,
 * victim care item) is a case_records row, which carries the access envelope the gate decides on; the table
 * here holds the fields that lists, deadlines and figures query, keyed by that record's id. Dates are London
 * calendar dates (YYYY-MM-DD) where the law counts days; instants are UTC ISO-8601.
 */

/** One occasion in the course of conduct. */
export const incidents = sqliteTable(
  "incidents",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    // The instant it happened (UTC) and its London date, which the six-month limit counts from.
    occurredAt: text("occurred_at").notNull(),
    occurredOn: text("occurred_on").notNull(),
    // JSON array of behaviour codes (app/domain/behaviours.ts).
    behaviours: text("behaviours").notNull(),
    // FOUR: fixated, obsessive, unwanted, repeated.
    fixated: integer("fixated", { mode: "boolean" }).notNull().default(false),
    obsessive: integer("obsessive", { mode: "boolean" }).notNull().default(false),
    unwanted: integer("unwanted", { mode: "boolean" }).notNull().default(false),
    repeated: integer("repeated", { mode: "boolean" }).notNull().default(false),
    source: text("source").notNull(), // victim | witness | police | partner_agency
    crimeReference: text("crime_reference"),
    // JSON array of offence record ids this incident is evidence of.
    offenceIds: text("offence_ids").notNull().default("[]"),
    // Set when the incident was linked into the case's one course of conduct.
    linkedAt: text("linked_at"),
  },
  (t) => [index("incidents_case").on(t.caseId, t.occurredAt), index("incidents_crime_ref").on(t.crimeReference)],
);

/** An offence on a case; summary-only offences carry the six-month limit. */
export const offences = sqliteTable(
  "offences",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    offenceType: text("offence_type").notNull(), // app/domain/offences.ts
    summaryOnly: integer("summary_only", { mode: "boolean" }).notNull(),
    crimeReference: text("crime_reference"),
    // under_investigation | charged | no_further_action | convicted | acquitted
    status: text("status").notNull().default("under_investigation"),
    outcomeCode: text("outcome_code"), // charged, 15, 16, 17 (crime outcomes used in figures)
    chargedOn: text("charged_on"),
    // Kept up to date from the latest incident in the course of conduct (null when not summary-only).
    lastDayToCharge: text("last_day_to_charge"),
  },
  (t) => [index("offences_case").on(t.caseId), index("offences_deadline").on(t.status, t.lastDayToCharge)],
);

/** A protective order or bail conditions. */
export const protectiveOrders = sqliteTable(
  "protective_orders",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    orderType: text("order_type").notNull(), // app/domain/protective-orders.ts
    // applied | hearing_listed | granted | refused | varied | expired | discharged
    status: text("status").notNull(),
    appliedOn: text("applied_on"),
    hearingOn: text("hearing_on"),
    decidedOn: text("decided_on"),
    refusalReason: text("refusal_reason"),
    // JSON arrays of strings.
    prohibitions: text("prohibitions").notNull().default("[]"),
    requirements: text("requirements").notNull().default("[]"),
    expiresOn: text("expires_on"),
  },
  (t) => [
    index("protective_orders_case").on(t.caseId), // Covering for the order-expiry sweep: it finds orders ending soon from the index alone (issue 24).
    index("protective_orders_expiry").on(t.status, t.expiresOn, t.recordId, t.caseId),
  ],
);

/** Recommendation 13: an SPO considered on every case, by whom, when, the decision and why. */
export const spoConsiderations = sqliteTable(
  "spo_considerations",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    consideredBy: text("considered_by")
      .notNull()
      .references(() => users.id),
    consideredOn: text("considered_on").notNull(),
    decision: text("decision").notNull(), // apply_interim | apply_full | not_appropriate | other_order_in_place
    rationale: text("rationale").notNull(),
  },
  (t) => [index("spo_considerations_case").on(t.caseId)],
);

export const breaches = sqliteTable(
  "breaches",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    orderRecordId: text("order_record_id")
      .notNull()
      .references(() => caseRecords.id),
    occurredOn: text("occurred_on").notNull(),
    reportedAt: text("reported_at").notNull(),
    // arrested | charged | summons | warning | under_investigation | no_action
    policeAction: text("police_action"),
    policeActionOn: text("police_action_on"),
  },
  (t) => [index("breaches_case").on(t.caseId)],
);

/** Earlier versions of an edited record (notes are editable by their author for 24 hours). */
export const recordVersions = sqliteTable(
  "record_versions",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    // Who wrote this version and when it was replaced.
    authorUserId: text("author_user_id")
      .notNull()
      .references(() => users.id),
    replacedAt: text("replaced_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.version] })],
);

/** Work on a case, owned by a person. Titles are case-core level: never victim contact or clinical detail. */
export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    title: text("title").notNull(),
    ownerUserId: text("owner_user_id")
      .notNull()
      .references(() => users.id),
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: ["open", "done", "cancelled"] })
      .notNull()
      .default("open"),
    // What created it: manual | breach | risk_review | victim_update ...
    source: text("source").notNull().default("manual"),
    sourceRecordId: text("source_record_id"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
    completedBy: text("completed_by"),
  },
  (t) => [
    index("tasks_owner").on(t.ownerUserId, t.status, t.dueOn),
    index("tasks_case").on(t.caseId, t.status),
    // Whether a record already opened its task (one review per ending order), answered from the index.
    index("tasks_source_record").on(t.sourceRecordId, t.source),
  ],
);

/** Stored notifications; pushed live over socket.io to the recipient's own room. Text holds case-core detail at most. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(), // shared_with_you | added_to_team | breach | task_assigned | deadline
    text: text("text").notNull(),
    href: text("href").notNull(),
    caseId: text("case_id"),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
  },
  (t) => [index("notifications_user").on(t.userId, t.readAt, t.createdAt)],
);

/**
 * Which "deadline approaching" notifications have gone out: one row per offence, last day to charge and band
 * (28, 14 or 7 days). The primary key makes the sweep idempotent, so two sweeps (or two nodes) never tell
 * anyone twice; a last day that moves is a new deadline and is told afresh.
 */
export const deadlineAlerts = sqliteTable(
  "deadline_alerts",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
    lastDayToCharge: text("last_day_to_charge").notNull(),
    band: integer("band").notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.lastDayToCharge, t.band] })],
);

/**
 * What search finds. Each row is one searchable piece with the access envelope of what it came from (a case's
 * core, or one record at summary or full level), so scope() filters search exactly as it filters lists; the
 * FTS5 table search_fts (created in SQL) indexes `text` with this table as external content.
 */
export const searchDocuments = sqliteTable(
  "search_documents",
  {
    rowid: integer("rowid").primaryKey({ autoIncrement: true }),
    // case:<caseId> | record:<recordId>:summary | record:<recordId>:full | party:<caseId>:<personId>
    docKey: text("doc_key").notNull(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    recordId: text("record_id"),
    level: text("level", { enum: ["summary", "full"] }).notNull(),
    category: text("category").notNull(),
    ownerAgencyId: text("owner_agency_id")
      .notNull()
      .references(() => agencies.id),
    status: text("status").notNull(),
    meetingId: text("meeting_id"),
    cavVictimConfidential: integer("cav_victim_confidential", { mode: "boolean" }).notNull().default(false),
    cavHealthConfidential: integer("cav_health_confidential", { mode: "boolean" }).notNull().default(false),
    cavPoliceIntelligence: integer("cav_police_intelligence", { mode: "boolean" }).notNull().default(false),
    cavNotPerpetratorFacing: integer("cav_not_perpetrator_facing", { mode: "boolean" }).notNull().default(false),
    label: text("label").notNull(),
    text: text("text").notNull(),
  },
  // search_documents_meeting: meeting minutes, found by meeting for those who attended (search within reach).
  (t) => [
    uniqueIndex("search_documents_key").on(t.docKey),
    index("search_documents_case").on(t.caseId),
    index("search_documents_meeting")
      .on(t.meetingId)
      .where(sql`${t.meetingId} IS NOT NULL`),
  ],
);

/** The victim's agreed updates (Victims' Code): how often, how, and when the next is due. Category victim_care. */
export const victimUpdatePlans = sqliteTable(
  "victim_update_plans",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    frequencyDays: integer("frequency_days").notNull(),
    method: text("method").notNull(), // phone | email | letter | in_person | via_advocate
    nextDueOn: text("next_due_on").notNull(),
    lastUpdateOn: text("last_update_on"),
  },
  (t) => [index("victim_update_plans_due").on(t.nextDueOn), index("victim_update_plans_case").on(t.caseId)],
);

/** Referral to specialist support (for example an ISAC service): offered, accepted or declined. Category victim_care. */
export const supportReferrals = sqliteTable(
  "support_referrals",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    service: text("service").notNull(),
    offeredOn: text("offered_on").notNull(),
    response: text("response", { enum: ["pending", "accepted", "declined"] })
      .notNull()
      .default("pending"),
    respondedOn: text("responded_on"),
  },
  (t) => [index("support_referrals_case").on(t.caseId)],
);

/**
 * A risk assessment (issue 5): the case_records row (category risk_assessment or victim_risk_assessment, status
 * draft until countersigned) holds the answers in its body; this row holds what workflow, review dates and the
 * risk picture query. Amending a signed-off assessment makes a new record in the same series (version + 1); the
 * old one becomes superseded and read-only.
 */
export const riskAssessments = sqliteTable(
  "risk_assessments",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    seriesId: text("series_id").notNull(),
    versionNumber: integer("version_number").notNull(),
    instrument: text("instrument").notNull(), // screening | dash | sam | srp
    instrumentVersion: text("instrument_version").notNull(),
    // draft | submitted | signed_off | superseded
    state: text("state").notNull(),
    riskLevel: text("risk_level"), // standard | medium | high, once complete
    submittedAt: text("submitted_at"),
    submittedBy: text("submitted_by").references(() => users.id),
    returnedAt: text("returned_at"),
    returnedBy: text("returned_by").references(() => users.id),
    returnReason: text("return_reason"),
    signedOffAt: text("signed_off_at"),
    signedOffBy: text("signed_off_by").references(() => users.id),
    reviewDueOn: text("review_due_on"),
  },
  (t) => [
    index("risk_assessments_case").on(t.caseId, t.state),
    uniqueIndex("risk_assessments_series_version").on(t.seriesId, t.versionNumber),
    index("risk_assessments_review").on(t.state, t.reviewDueOn),
  ],
);

/** Licensed item text an agency has loaded for an instrument version (SAM and SRP are licensed; our help text is not theirs). */
export const instrumentTexts = sqliteTable(
  "instrument_texts",
  {
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    instrument: text("instrument").notNull(),
    instrumentVersion: text("instrument_version").notNull(),
    itemId: text("item_id").notNull(),
    text: text("text").notNull(),
    licence: text("licence").notNull(),
    loadedAt: text("loaded_at").notNull(),
    loadedBy: text("loaded_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.instrument, t.instrumentVersion, t.itemId] })],
);
