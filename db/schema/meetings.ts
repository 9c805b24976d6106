import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { agencies, partnerships, users } from "./people";

/*
 * Clinic and MAPPA meetings (issue 6). Referrals bring cases to a meeting; the agenda is built from accepted
 * referrals and cases due for review; minutes, decisions and actions are written live, per item. Who may see
 * what comes from app/access: invitees are the meeting panel (Actor.meetingIds), and the cases on the agenda of
 * a meeting that has not closed are Actor.agendaCaseIds. Instants are UTC ISO-8601; dates London YYYY-MM-DD.
 */

/** A request from any agency for the stalking clinic to consider a case; triaged by the clinic coordinator. */
export const clinicReferrals = sqliteTable(
  "clinic_referrals",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    referrerUserId: text("referrer_user_id")
      .notNull()
      .references(() => users.id),
    referrerAgencyId: text("referrer_agency_id")
      .notNull()
      .references(() => agencies.id),
    reason: text("reason").notNull(),
    currentRisk: text("current_risk").notNull(), // standard | medium | high
    ask: text("ask").notNull(), // what is asked of the clinic
    // pending | accepted | declined | more_information
    status: text("status").notNull().default("pending"),
    priority: text("priority"), // routine | soon | urgent, set on acceptance
    decisionReason: text("decision_reason"),
    informationRequest: text("information_request"),
    informationResponse: text("information_response"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("clinic_referrals_status").on(t.status, t.createdAt), index("clinic_referrals_case").on(t.caseId)],
);

/**
 * A MAPPA category 3 referral (the MAPPA A structure). Its content is in `body` (JSON: offender details, index
 * offence, dates, reason, OASys level, linked assessments, proposed risk management, why level 1 is not enough,
 * victim issues, diversity). Screened by the MAPPA coordinator; accepted referrals wait for a meeting.
 */
export const mappaReferrals = sqliteTable(
  "mappa_referrals",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    referrerUserId: text("referrer_user_id")
      .notNull()
      .references(() => users.id),
    referrerAgencyId: text("referrer_agency_id")
      .notNull()
      .references(() => agencies.id),
    levelRequested: integer("level_requested").notNull(), // 2 | 3
    body: text("body").notNull().default("{}"),
    // draft | submitted (endorsed by the referrer's manager) | accepted | not_accepted
    status: text("status").notNull().default("draft"),
    endorsedBy: text("endorsed_by").references(() => users.id),
    endorsedAt: text("endorsed_at"),
    meetsCategory3: integer("meets_category3", { mode: "boolean" }),
    levelDecided: integer("level_decided"),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    nextReviewOn: text("next_review_on"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("mappa_referrals_status").on(t.status, t.createdAt), index("mappa_referrals_case").on(t.caseId)],
);

/** A clinic (triage or case review) or MAPPA level 2 or 3 meeting. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: text("id").primaryKey(),
    partnershipId: text("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    kind: text("kind").notNull(), // clinic_triage | clinic_review | mappa_level2 | mappa_level3
    title: text("title").notNull(),
    startsAt: text("starts_at").notNull(),
    chairUserId: text("chair_user_id")
      .notNull()
      .references(() => users.id),
    // planned | open (live) | closed (minutes being finalised) | finalised (signed off by the chair)
    status: text("status").notNull().default("planned"),
    confidentialityStatement: text("confidentiality_statement").notNull(),
    // Where it is held (issue 15): a place, a video link, or both; shown on the invitation and in the .ics file.
    place: text("place"),
    videoLink: text("video_link"),
    // The coordinator publishes the agenda; from then each invitee may open and download their own pack.
    agendaPublishedAt: text("agenda_published_at"),
    agendaPublishedBy: text("agenda_published_by").references(() => users.id),
    // Bumped when the date, time or place changes, so calendar programs replace the event (RFC 5545 SEQUENCE).
    scheduleVersion: integer("schedule_version").notNull().default(0),
    currentItemId: text("current_item_id"),
    openedAt: text("opened_at"),
    closedAt: text("closed_at"),
    finalisedAt: text("finalised_at"),
    finalisedBy: text("finalised_by").references(() => users.id),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("meetings_starts").on(t.partnershipId, t.startsAt)],
);

/**
 * Who is invited (the panel), their attendance and when they acknowledged the confidentiality statement.
 * Attendance (present | apologies | absent | deputy; null while not known) comes from presence while the meeting
 * is open and from the chair's corrections (`attendance_set_by`: the chair; null when presence or the close set it).
 * The invitee's reply (issue 15): `response` pending | accepted | declined | deputy. Someone who sends a deputy
 * replies "deputy" and their row is removed (they keep no access as an attendee); the deputy's own row names the
 * person they replace in `deputy_for_user_id`.
 */
export const meetingInvitees = sqliteTable(
  "meeting_invitees",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    invitedBy: text("invited_by").notNull(),
    invitedAt: text("invited_at").notNull(),
    removedAt: text("removed_at"),
    attendance: text("attendance"),
    attendanceSetBy: text("attendance_set_by").references(() => users.id),
    acknowledgedAt: text("acknowledged_at"),
    response: text("response").notNull().default("pending"),
    respondedAt: text("responded_at"),
    deputyForUserId: text("deputy_for_user_id").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index("meeting_invitees_user").on(t.userId, t.removedAt)],
);

/**
 * One case on a meeting's agenda, in order, with the time allowed. Minutes are per item, with a version so a
 * concurrent edit is merged or surfaced, never silently overwritten. For MAPPA meetings `plan` holds the MAPPA B
 * risk management plan (JSON: supervision, monitoring_control, interventions_treatment, victim_safety).
 */
export const meetingItems = sqliteTable(
  "meeting_items",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    source: text("source").notNull(), // clinic_referral | mappa_referral | review
    sourceId: text("source_id"),
    position: integer("position").notNull(),
    minutesAllowed: integer("minutes_allowed").notNull(),
    priority: text("priority").notNull(), // urgent | soon | routine
    minutes: text("minutes").notNull().default(""),
    minutesVersion: integer("minutes_version").notNull().default(0),
    minutesUpdatedBy: text("minutes_updated_by"),
    minutesUpdatedAt: text("minutes_updated_at"),
    plan: text("plan").notNull().default("{}"),
    planVersion: integer("plan_version").notNull().default(0),
    // MAPPA B: the level and category the panel confirmed for this offender (MAPPA meetings only).
    levelConfirmed: integer("level_confirmed"),
    categoryConfirmed: integer("category_confirmed"),
    // Clinic case review: the clinic's recommendations for this case.
    recommendations: text("recommendations").notNull().default(""),
  },
  (t) => [index("meeting_items_meeting").on(t.meetingId, t.position), index("meeting_items_case").on(t.caseId)],
);

/** A decision recorded against an agenda item. */
export const meetingDecisions = sqliteTable(
  "meeting_decisions",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    itemId: text("item_id")
      .notNull()
      .references(() => meetingItems.id),
    text: text("text").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("meeting_decisions_item").on(t.itemId)],
);

/**
 * An action from a meeting: owned by a person or an agency, with a due date; on the home pages of those it reaches
 * (app/access/meeting-actions.ts) until done. Edited, reassigned, completed with a note or deleted with a reason.
 */
export const meetingActions = sqliteTable(
  "meeting_actions",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    itemId: text("item_id")
      .notNull()
      .references(() => meetingItems.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    text: text("text").notNull(),
    ownerUserId: text("owner_user_id").references(() => users.id),
    ownerAgencyId: text("owner_agency_id").references(() => agencies.id),
    dueOn: text("due_on").notNull(),
    // open | done (with the completion note) | deleted (a tombstone: kept with its reason, never shown as open)
    status: text("status").notNull().default("open"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at"),
    updatedBy: text("updated_by"),
    completedAt: text("completed_at"),
    completedBy: text("completed_by"),
    completionNote: text("completion_note"),
    deletedAt: text("deleted_at"),
    deletedBy: text("deleted_by"),
    deletionReason: text("deletion_reason"),
    /** The due date whose overdue reminder has gone to the owning agency's people (an action owned by an agency). */
    overdueToldOn: text("overdue_told_on"),
  },
  (t) => [
    index("meeting_actions_owner").on(t.ownerUserId, t.status, t.dueOn),
    index("meeting_actions_agency").on(t.ownerAgencyId, t.status, t.dueOn),
    index("meeting_actions_meeting").on(t.meetingId),
  ],
);

/**
 * A MAPPA disclosure decision recorded against an item (MAPPA B): to whom information is disclosed, what, why,
 * and who makes the disclosure. Meeting content: it reaches exactly who the item's minutes reach.
 */
export const meetingDisclosures = sqliteTable(
  "meeting_disclosures",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    itemId: text("item_id")
      .notNull()
      .references(() => meetingItems.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    toWhom: text("to_whom").notNull(),
    what: text("what").notNull(),
    why: text("why").notNull(),
    byWhom: text("by_whom").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("meeting_disclosures_item").on(t.itemId)],
);

/** Sharing signed-off minutes beyond the attendees: only with the chair's recorded agreement. */
export const minutesShares = sqliteTable(
  "minutes_shares",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    toUserId: text("to_user_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose").notNull(),
    agreedByChair: text("agreed_by_chair")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("minutes_shares_meeting").on(t.meetingId)],
);

/** Every saved version of an item's minutes: the base a concurrent edit is merged against, and the history. */
export const meetingMinutesVersions = sqliteTable(
  "meeting_minutes_versions",
  {
    itemId: text("item_id")
      .notNull()
      .references(() => meetingItems.id),
    version: integer("version").notNull(),
    text: text("text").notNull(),
    savedBy: text("saved_by").notNull(),
    savedAt: text("saved_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] })],
);
