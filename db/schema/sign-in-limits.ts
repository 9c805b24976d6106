import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Sign-in limits (decision 0005), kept here rather than in a process's memory so they hold across every worker
// of the server. Accounts and addresses are keyed by a keyed hash (HMAC with a key derived from CONCORD_SECRET_KEY),
// never stored as such: the table holds no email address or IP address. Accounts are keyed by the email typed, so
// unknown emails are treated exactly as real ones and nothing here tells which exist.

/** Sign-in attempts from one address in its current window (the per-address limit, LOGIN_IP_LIMIT). */
export const signInAddressWindows = sqliteTable(
  "sign_in_address_windows",
  {
    addressKey: text("address_key").primaryKey(),
    windowStartedAt: text("window_started_at").notNull(),
    attempts: integer("attempts").notNull(),
  },
  (t) => [index("sign_in_address_windows_started").on(t.windowStartedAt)],
);

/** Failed attempts on one account from any address in its current window, and when its next attempt may go. */
export const signInAccountWindows = sqliteTable(
  "sign_in_account_windows",
  {
    accountKey: text("account_key").primaryKey(),
    windowStartedAt: text("window_started_at").notNull(),
    failures: integer("failures").notNull(),
    nextAttemptAt: text("next_attempt_at"),
  },
  (t) => [index("sign_in_account_windows_started").on(t.windowStartedAt)],
);

/** One account at one address: consecutive failures, the lock they lead to, and the last completed sign-in. */
export const signInAccountAddresses = sqliteTable(
  "sign_in_account_addresses",
  {
    accountKey: text("account_key").notNull(),
    addressKey: text("address_key").notNull(),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lockedUntil: text("locked_until"),
    lastSignedInAt: text("last_signed_in_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountKey, t.addressKey] }),
    index("sign_in_account_addresses_updated").on(t.updatedAt),
  ],
);
