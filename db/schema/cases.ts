import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

export const cases = sqliteTable(
  "cases",
  {
    id: text("id").primaryKey(),
    reference: text("reference").notNull(),
    status: text("status", { enum: ["referred", "triage", "active", "monitoring", "closed"] }).notNull(),
    leadAgencyId: text("lead_agency_id").notNull().references(() => agencies.id),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("cases_reference").on(t.reference), index("cases_status").on(t.status, t.updatedAt)],
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
