import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { agencies, users } from "./people";

/**
 * The access envelope of every piece of case information. Whatever its kind (note, victim contact, safety
 * plan, intelligence, assessment...), a record carries the attributes the gate decides on, so one scope()
 * filters every list. Kind-specific structure lives in `body` (validated by the kind's zod schema) or in
 * detail tables keyed by the record id.
 */
export const caseRecords = sqliteTable(
  "case_records",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    kind: text("kind").notNull(),
    category: text("category").notNull(),
    ownerAgencyId: text("owner_agency_id")
      .notNull()
      .references(() => agencies.id),
    authorUserId: text("author_user_id")
      .notNull()
      .references(() => users.id),
    marking: text("marking", { enum: ["OFFICIAL", "OFFICIAL-SENSITIVE"] })
      .notNull()
      .default("OFFICIAL-SENSITIVE"),
    cavVictimConfidential: integer("cav_victim_confidential", { mode: "boolean" }).notNull().default(false),
    cavHealthConfidential: integer("cav_health_confidential", { mode: "boolean" }).notNull().default(false),
    cavPoliceIntelligence: integer("cav_police_intelligence", { mode: "boolean" }).notNull().default(false),
    cavNotPerpetratorFacing: integer("cav_not_perpetrator_facing", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["draft", "signed_off"] })
      .notNull()
      .default("signed_off"),
    meetingId: text("meeting_id"),
    /** Shown to people with summary access; must never hold detail that only full access may see. */
    summary: text("summary").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default("{}"),
    // Edits keep history (record_versions); nothing is deleted: a retracted record stays, marked, with a reason.
    version: integer("version").notNull().default(1),
    retractedAt: text("retracted_at"),
    retractedBy: text("retracted_by"),
    retractionReason: text("retraction_reason"),
    // Retention (decision 0051): a lead's "retain until" date holds the record back from the schedule run until
    // then; disposal keeps this envelope as a tombstone (who, when, under which review) and removes the content.
    retainUntil: text("retain_until"),
    disposal: text("disposal", { enum: ["anonymised", "deleted"] }),
    disposedAt: text("disposed_at"),
    disposedBy: text("disposed_by"),
    disposalReviewId: text("disposal_review_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("case_records_case").on(t.caseId, t.category),
    index("case_records_case_kind").on(t.caseId, t.kind),
    index("case_records_owner").on(t.ownerAgencyId, t.category),
    index("case_records_updated").on(t.updatedAt),
    // Figures and lists that join detail rows to their envelope only to leave out retracted records read this
    // small index instead of the whole row (body included).
    index("case_records_retracted").on(t.id, t.retractedAt),
  ],
);

/** Information sharing agreements: a category may flow from one agency to others, for purposes, in full or as a summary. */
export const sharingAgreements = sqliteTable("sharing_agreements", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  fromAgencyId: text("from_agency_id")
    .notNull()
    .references(() => agencies.id),
  toAgencyType: text("to_agency_type"),
  toAgencyId: text("to_agency_id").references(() => agencies.id),
  toRole: text("to_role"),
  /** JSON array of purposes. */
  purposes: text("purposes").notNull(),
  level: text("level", { enum: ["full", "summary"] }).notNull(),
  lawfulBasis: text("lawful_basis").notNull(),
  startsOn: text("starts_on").notNull(),
  reviewOn: text("review_on").notNull(),
  retiredAt: text("retired_at"),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** An owner's explicit share of one record with an agency, a role or a person. */
export const recordShares = sqliteTable(
  "record_shares",
  {
    id: text("id").primaryKey(),
    recordId: text("record_id")
      .notNull()
      .references(() => caseRecords.id),
    sharedByUserId: text("shared_by_user_id")
      .notNull()
      .references(() => users.id),
    sharedByAgencyId: text("shared_by_agency_id")
      .notNull()
      .references(() => agencies.id),
    toAgencyId: text("to_agency_id").references(() => agencies.id),
    toRole: text("to_role"),
    toUserId: text("to_user_id").references(() => users.id),
    purpose: text("purpose").notNull(),
    lawfulBasis: text("lawful_basis").notNull(),
    expiresAt: text("expires_at"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    revokedBy: text("revoked_by"),
    /**
     * A share of a risk assessment that reaches each later version of its series when that version is signed
     * off (decision 0034). False for "this version only" and for records without versions, and for shares made
     * before the choice existed (nobody chose to widen them).
     */
    followsSeries: integer("follows_series", { mode: "boolean" }).notNull().default(false),
    /** On a share carried to a later version: the share the sharer made. Revoking either revokes them all. */
    originShareId: text("origin_share_id"),
  },
  (t) => [
    index("record_shares_record").on(t.recordId),
    index("record_shares_user").on(t.toUserId),
    index("record_shares_agency").on(t.toAgencyId),
    index("record_shares_origin").on(t.originShareId),
  ],
);

export const shareAcknowledgements = sqliteTable(
  "share_acknowledgements",
  {
    shareId: text("share_id")
      .notNull()
      .references(() => recordShares.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    acknowledgedAt: text("acknowledged_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.userId] })],
);

/** Emergency read access to one case: time-limited, reasoned, every view flagged, reviewed afterwards. */
export const breakGlassGrants = sqliteTable(
  "break_glass_grants",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    reason: text("reason").notNull(),
    grantedAt: text("granted_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    reviewedAt: text("reviewed_at"),
    reviewedBy: text("reviewed_by"),
    reviewOutcome: text("review_outcome", { enum: ["justified", "not_justified"] }),
    reviewNote: text("review_note"),
  },
  (t) => [
    index("break_glass_user").on(t.userId, t.expiresAt),
    index("break_glass_review").on(t.agencyId, t.reviewedAt),
  ],
);

/** "Request access" after find-without-seeing: the owning agency approves or refuses. */
export const accessRequests = sqliteTable(
  "access_requests",
  {
    id: text("id").primaryKey(),
    requesterUserId: text("requester_user_id")
      .notNull()
      .references(() => users.id),
    requesterAgencyId: text("requester_agency_id")
      .notNull()
      .references(() => agencies.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    owningAgencyId: text("owning_agency_id")
      .notNull()
      .references(() => agencies.id),
    /** A request for one record (from "request access" beside it): approving shares that record with the requester. */
    recordId: text("record_id").references(() => caseRecords.id),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "approved", "refused"] })
      .notNull()
      .default("pending"),
    decidedBy: text("decided_by"),
    decidedAt: text("decided_at"),
    decisionNote: text("decision_note"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("access_requests_owner").on(t.owningAgencyId, t.status)],
);
