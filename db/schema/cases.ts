import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

export const cases = sqliteTable(
  "cases",
  {
    id: text("id").primaryKey(),
    reference: text("reference").notNull(),
    status: text("status", { enum: ["referred", "triage", "active", "monitoring", "closed"] }).notNull(),
    leadAgencyId: text("lead_agency_id")
      .notNull()
      .references(() => agencies.id),
    // Set when police refer the case to the CPS for a charging decision; investigation material then reaches CPS.
    chargingReferredAt: text("charging_referred_at"),
    closingReason: text("closing_reason"),
    closedAt: text("closed_at"),
    // standard | raised: a breach or a change in risk raises it until the team lowers it after review.
    priority: text("priority", { enum: ["standard", "raised"] })
      .notNull()
      .default("standard"),
    priorityReason: text("priority_reason"),
    // Case core (ARCHITECTURE.md): the relationship of perpetrator to victim and the perpetrator's motivation.
    relationship: text("relationship"),
    motivation: text("motivation").notNull().default("not_known"),
    flagDomesticAbuse: integer("flag_domestic_abuse", { mode: "boolean" }).notNull().default(false),
    flagOnline: integer("flag_online", { mode: "boolean" }).notNull().default(false),
    flagPolicePerpetrated: integer("flag_police_perpetrated", { mode: "boolean" }).notNull().default(false),
    // When incidents recorded under separate crime reports were linked into one course of conduct.
    courseLinkedAt: text("course_linked_at"),
    courseLinkedBy: text("course_linked_by"),
    // Kept by triggers (migration 0012): 1 while the case has an SPO consideration that is not retracted, so a
    // supervisor's "SPO consideration outstanding" list reads a small partial index instead of every case.
    spoConsidered: integer("spo_considered", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // cases_updated lets a case list walk cases newest first and stop at a page, whatever the access filter;
  // cases_lead does the same within one lead agency and counts a supervisor's cases without reading the table.
  (t) => [
    uniqueIndex("cases_reference").on(t.reference),
    index("cases_status").on(t.status, t.updatedAt),
    index("cases_updated").on(t.updatedAt, t.id),
    index("cases_created").on(t.createdAt),
    // The retention run walks closed cases by the day they closed (decision 0051).
    index("cases_closed")
      .on(t.closedAt, t.id)
      .where(sql`${t.status} = 'closed'`),
    index("cases_lead").on(t.leadAgencyId, t.updatedAt, t.id),
    index("cases_spo_outstanding")
      .on(t.leadAgencyId, t.createdAt)
      .where(sql`${t.status} <> 'closed' AND ${t.spoConsidered} = 0`),
  ],
);

// The case team: people from any agency with a role in the case. Removal is a timestamp, never a delete.
export const caseMembers = sqliteTable(
  "case_members",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    roleInCase: text("role_in_case").notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: text("added_at").notNull(),
    removedAt: text("removed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.userId, t.addedAt] }),
    index("case_members_user").on(t.userId, t.removedAt),
  ],
);

/**
 * A person known to the partnership (victim or perpetrator). One record per person, so the same perpetrator
 * across several cases is visible as serial stalking. Names are case-core information; identifiers are searched
 * for "find without seeing" but shown only through the gate.
 */
export const people = sqliteTable(
  "people",
  {
    id: text("id").primaryKey(),
    fullName: text("full_name").notNull(),
    // Lower-case, accents and punctuation removed: what name searches compare against.
    searchName: text("search_name").notNull(),
    dateOfBirth: text("date_of_birth"),
    // JSON object of identifiers (pnc, ndelius, nhs, crimeRefs); searched exactly, never listed without access.
    identifiers: text("identifiers").notNull().default("{}"),
    // JSON array of other names the person uses or has used (including online handles).
    aliases: text("aliases").notNull().default("[]"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    // Set when every case that refers to the person has had all its records disposed of (decision 0057): the row
    // stays as a tombstone (the cases' links and figures still count them), its name and identifiers are gone.
    disposedAt: text("disposed_at"),
  },
  (t) => [index("people_search_name").on(t.searchName)],
);

export const caseParties = sqliteTable(
  "case_parties",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    partyRole: text("party_role", { enum: ["victim", "perpetrator"] }).notNull(),
    addedAt: text("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.personId, t.partyRole] }), index("case_parties_person").on(t.personId)],
);
