import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

/**
 * Email outbox (issue 19, decision 0042): one row per email per recipient, written in the same transaction as the
 * change that caused it (through notify() or enqueueEmail()), sent after commit by the outbox sender.
 *
 * status:
 * - `pending`: to be sent at `next_attempt_at` (immediately, or after a failed attempt's backoff);
 * - `digest`: waits for the recipient's daily digest at `next_attempt_at`, then is folded into one digest row;
 * - `digested`: folded into the digest row named in `digest_id`;
 * - `sent`, `dead` (gave up after the last attempt, or refused permanently), `held` (the address is known bad),
 *   `off` (the recipient turned this kind off: kept so the idempotency key still holds).
 * A row being sent carries a lease (`lease_holder`, `lease_expires_at`): another process may take it only once the
 * lease has expired, so a sender killed mid-send leaves the row to be sent again by whichever process runs next.
 * Subject and body are content-free (app/domain/email-content.ts): a kind of thing and a link, never a name or
 * anything from a record.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    /** One per notification per recipient (or per digest per day): a second insert of the same key does nothing. */
    idempotencyKey: text("idempotency_key").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The absolute link the email points to (also in the body); kept for the digest and Notify's personalisation. */
    link: text("link").notNull(),
    /** iCalendar attachment (meeting invitations, changes and cancellations), or null. */
    calendar: text("calendar"),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    leaseHolder: text("lease_holder"),
    leaseExpiresAt: text("lease_expires_at"),
    /** The last failure (an SMTP code and class, never a message body or address). */
    lastError: text("last_error"),
    digestId: text("digest_id"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
    /** The address it went to (read at send time, so a changed address is used). */
    sentTo: text("sent_to"),
    /** The provider's own id for the message (GOV.UK Notify's notification id), to ask later whether it was delivered. */
    providerId: text("provider_id"),
    /**
     * What the provider last said of delivery (Notify: created, sending, delivered, permanent-failure,
     * temporary-failure, technical-failure); null for transports that deliver synchronously (SMTP, embedded).
     */
    deliveryStatus: text("delivery_status"),
    deliveryCheckedAt: text("delivery_checked_at"),
  },
  (t) => [
    uniqueIndex("email_outbox_key").on(t.idempotencyKey),
    index("email_outbox_due").on(t.status, t.nextAttemptAt),
    index("email_outbox_user").on(t.userId, t.status),
    // Sent messages whose delivery is still to be confirmed (Notify), oldest check first.
    index("email_outbox_delivery").on(t.deliveryStatus, t.deliveryCheckedAt),
  ],
);

/** A person's choice per kind: immediately, in the daily digest, or off (decision 0042). Absent: the agency default. */
export const emailPreferences = sqliteTable(
  "email_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    mode: text("mode").notNull(), // immediately | digest | off
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** An agency's defaults per kind, set by its administrators. Absent: immediately. */
export const agencyEmailDefaults = sqliteTable(
  "agency_email_defaults",
  {
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    kind: text("kind").notNull(),
    mode: text("mode").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.kind] })],
);

/** When a person's daily digest goes (London wall-clock "HH:MM"); absent: 08:00. */
export const emailDigestTimes = sqliteTable("email_digest_times", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  time: text("time").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * Addresses that refused mail permanently (an SMTP 5xx, a Notify permanent failure). While a row is not cleared,
 * mail to that person is held. Shown to the person's agency administrators, who clear it once the address is put right.
 */
export const emailAddressProblems = sqliteTable(
  "email_address_problems",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    address: text("address").notNull(),
    reason: text("reason").notNull(),
    recordedAt: text("recorded_at").notNull(),
    clearedAt: text("cleared_at"),
    clearedBy: text("cleared_by").references(() => users.id),
  },
  (t) => [index("email_address_problems_user").on(t.userId, t.clearedAt)],
);
