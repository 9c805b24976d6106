import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { caseRecords } from "./records";
import { agencies, users } from "./people";

/*
 * Pre-sentence input (issue 7). The report is a case_records row (kind pre_sentence_input, category pre_sentence,
 * owned by the author's probation agency, status draft until a senior probation officer signs it off), so the
 * gate decides who reads it like any record. These tables hold its workflow, its statements with their
 * provenance, and the input asked of partners. Instants are UTC ISO-8601; dates are London YYYY-MM-DD.
 */

export const preSentenceReports = sqliteTable(
  "pre_sentence_reports",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    court: text("court").notNull(),
    hearingOn: text("hearing_on").notNull(),
    /** The date of conviction (London YYYY-MM-DD): what "keep as at conviction" takes a source's text as at. */
    convictedOn: text("convicted_on"),
    /** fast_delivery | standard: the report the input is for (app/domain/pre-sentence.ts). */
    reportType: text("report_type"),
    /**
     * JSON array of the offences convicted of ({ type, description }; types from app/domain/offences.ts), as the
     * court recorded them: probation records them here because offence records are police investigation material.
     */
    offencesConvicted: text("offences_convicted").notNull().default("[]"),
    /** JSON array of proposal codes (app/domain/pre-sentence.ts): the first, unstructured form (issue 7). */
    proposals: text("proposals").notNull().default("[]"),
    /**
     * JSON of the structured proposal (issue 17): sentence type, length and rationale, requirements and ancillary
     * orders each with its own terms and rationale (shape and checks in app/domain/pre-sentence-proposal.ts).
     */
    sentenceProposal: text("sentence_proposal"),
    // draft | submitted | signed_off (a return sends it back to draft with a reason)
    state: text("state").notNull().default("draft"),
    submittedAt: text("submitted_at"),
    submittedBy: text("submitted_by").references(() => users.id),
    returnedAt: text("returned_at"),
    returnedBy: text("returned_by").references(() => users.id),
    returnReason: text("return_reason"),
    signedOffAt: text("signed_off_at"),
    signedOffBy: text("signed_off_by").references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("pre_sentence_reports_case").on(t.caseId, t.state),
    index("pre_sentence_reports_state").on(t.state, t.submittedAt),
  ],
);

/**
 * One statement of a section, in order: pulled from a record (with the record's version when pulled, so a later
 * change is flagged), written by the author, or a partner's contribution (answer to an input request). The text
 * of a pulled statement is worked out by the server from the record as the author could read it, never sent by
 * the browser. Removed statements stay, marked.
 */
export const preSentenceStatements = sqliteTable(
  "pre_sentence_statements",
  {
    id: text("id").primaryKey(),
    reportId: text("report_id")
      .notNull()
      .references(() => preSentenceReports.recordId),
    section: text("section").notNull(),
    position: integer("position").notNull(),
    origin: text("origin").notNull(), // pulled | own | contribution
    text: text("text").notNull(),
    // Provenance (pulled and contributions): what it came from, which agency, who, when.
    sourceRecordId: text("source_record_id").references(() => caseRecords.id),
    /** Which statement of the source (for example "summary" or "decision:2"). */
    sourcePart: text("source_part"),
    sourceVersion: integer("source_version"),
    sourceLabel: text("source_label"),
    sourceAgencyId: text("source_agency_id").references(() => agencies.id),
    sourceAuthorId: text("source_author_id").references(() => users.id),
    sourceDate: text("source_date"),
    requestId: text("request_id"),
    /**
     * Keep as at conviction: the source's text is taken as it stood at the end of this London date (from the
     * record's versions), and a later change to the source is not a flag. Null: the source's current text.
     */
    sourceAsAt: text("source_as_at"),
    /** An edited pulled statement or contribution keeps the text it was adapted from here. */
    originalText: text("original_text"),
    editedAt: text("edited_at"),
    editedBy: text("edited_by").references(() => users.id),
    /** The author confirmed that what looks like a contact detail in the text is not one (audited). */
    contactOverrideAt: text("contact_override_at"),
    contactOverrideBy: text("contact_override_by").references(() => users.id),
    addedBy: text("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: text("added_at").notNull(),
    removedAt: text("removed_at"),
    removedBy: text("removed_by").references(() => users.id),
  },
  (t) => [
    index("pre_sentence_statements_report").on(t.reportId, t.section, t.position),
    index("pre_sentence_statements_source").on(t.sourceRecordId),
  ],
);

/** The author asks a partner on the case team for input to a section, by a date; the answer becomes a contribution. */
export const preSentenceInputRequests = sqliteTable(
  "pre_sentence_input_requests",
  {
    id: text("id").primaryKey(),
    reportId: text("report_id")
      .notNull()
      .references(() => preSentenceReports.recordId),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    section: text("section").notNull(),
    toUserId: text("to_user_id")
      .notNull()
      .references(() => users.id),
    question: text("question").notNull(),
    dueOn: text("due_on").notNull(),
    // open | answered | declined | withdrawn
    status: text("status").notNull().default("open"),
    answer: text("answer"),
    declineReason: text("decline_reason"),
    answeredAt: text("answered_at"),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: text("requested_at").notNull(),
  },
  (t) => [
    index("pre_sentence_requests_to").on(t.toUserId, t.status, t.dueOn),
    index("pre_sentence_requests_report").on(t.reportId),
  ],
);
