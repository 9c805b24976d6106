import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

/**
 * Service accounts for partner systems calling the JSON API (issue 22, decision 0050). Created by an agency
 * administrator for their own agency, with one role (the gate treats the account as a person of that role in that
 * agency, on no case team), scopes (which endpoints it may call) and an expiry. The token is shown once; only its
 * SHA-256 is kept (a 256-bit random token needs no slow hash). Revoked accounts are kept, for the audit log.
 */
export const serviceAccounts = sqliteTable(
  "service_accounts",
  {
    id: text("id").primaryKey(),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    name: text("name").notNull(),
    role: text("role").notNull(),
    /** JSON array of scopes (app/access/api-scopes.ts). */
    scopes: text("scopes").notNull(),
    /** hex SHA-256 of the token. */
    tokenHash: text("token_hash").notNull(),
    /** The token's first characters, to tell tokens apart in lists (never enough to use). */
    tokenPrefix: text("token_prefix").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [uniqueIndex("service_accounts_token").on(t.tokenHash), index("service_accounts_agency").on(t.agencyId)],
);

/**
 * Idempotency keys of the API's creates (decision 0056): the first answer to a key, kept for a day per account, so a
 * partner system that retries gets the same answer and nothing is written twice; the same key with a different
 * body is refused. Only ids and the case reference are kept, never the request.
 */
export const apiIdempotencyKeys = sqliteTable(
  "api_idempotency_keys",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => serviceAccounts.id),
    key: text("key").notNull(),
    endpoint: text("endpoint").notNull(),
    /** hex SHA-256 of the request body as sent. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    /** The answer's JSON. */
    response: text("response").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] }), index("api_idempotency_keys_created").on(t.createdAt)],
);
