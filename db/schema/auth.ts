import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./people";

// Lucia's session table (id, user_id, expires_at in unix seconds) plus our own attributes.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    // 0 until the second factor is passed (or not required); a half-signed-in session reaches only MFA pages.
    mfaVerified: integer("mfa_verified").notNull().default(0),
    // Coarse description for "your sessions" (browser family and OS only, never the IP address).
    device: text("device").notNull().default("Unknown device"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("recovery_codes_user").on(t.userId)],
);

// One-time links issued by an administrator (new account or password reset). Only the hash is stored.
export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuedBy: text("issued_by"),
    purpose: text("purpose", { enum: ["new-account", "reset"] }).notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("password_reset_tokens_user").on(t.userId)],
);
