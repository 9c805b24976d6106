import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

export const cases = sqliteTable(
  "cases",
  {
    id: text("id").primaryKey(),
    reference: text("reference").notNull(),
    status: text("status", { enum: ["referred", "triage", "active", "monitoring", "closed"] }).notNull(),
    leadAgencyId: text("lead_agency_id").notNull().references(() => agencies.id),
    // Set when police refer the case to the CPS for a charging decision; investigation material then reaches CPS.
    chargingReferredAt: text("charging_referred_at"),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // cases_updated lets a case list walk cases newest first and stop at a page, whatever the access filter.
  (t) => [uniqueIndex("cases_reference").on(t.reference), index("cases_status").on(t.status, t.updatedAt), index("cases_updated").on(t.updatedAt, t.id)],
);

// The case team: people from any agency with a role in the case. Removal is a timestamp, never a delete.
export const caseMembers = sqliteTable(
  "case_members",
  {
    caseId: text("case_id").notNull().references(() => cases.id),
    userId: text("user_id").notNull().references(() => users.id),
    roleInCase: text("role_in_case").notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: text("added_at").notNull(),
    removedAt: text("removed_at"),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId, t.addedAt] }), index("case_members_user").on(t.userId, t.removedAt)],
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
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("people_search_name").on(t.searchName)],
);

export const caseParties = sqliteTable(
  "case_parties",
  {
    caseId: text("case_id").notNull().references(() => cases.id),
    personId: text("person_id").notNull().references(() => people.id),
    partyRole: text("party_role", { enum: ["victim", "perpetrator"] }).notNull(),
    addedAt: text("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.personId, t.partyRole] }), index("case_parties_person").on(t.personId)],
);
