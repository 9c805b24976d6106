import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are UTC ISO-8601 strings (ARCHITECTURE.md rule 7).
const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const partnerships = sqliteTable("partnerships", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const agencies = sqliteTable(
  "agencies",
  {
    id: text("id").primaryKey(),
    partnershipId: text("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    name: text("name").notNull(),
    // police | isac | probation | health | cps | prison | other (app/domain/agencies.ts)
    type: text("type").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agencies_partnership_name").on(t.partnershipId, t.name)],
);

export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_agency_name").on(t.agencyId, t.name)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    teamId: text("team_id").references(() => teams.id),
    // Stored lower-case; unique across the partnership.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    // "service": the row a partner system's service account writes as (decision 0056): no password, never signs in.
    status: text("status", { enum: ["active", "suspended", "service"] })
      .notNull()
      .default("active"),
    totpSecret: text("totp_secret"),
    totpEnabledAt: text("totp_enabled_at"),
    // Highest TOTP time step accepted, so a code cannot be replayed.
    totpLastStep: integer("totp_last_step"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email").on(t.email), index("users_agency").on(t.agencyId)],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] }), index("user_roles_role").on(t.role)],
);
