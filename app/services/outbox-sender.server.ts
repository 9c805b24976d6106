import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { absoluteLink, digestFor, isEmailKind, type EmailKind } from "~/domain/email-content";
import { calendarDownloadPath, meetingIdOfCalendar } from "~/domain/ics";
import { logger } from "~/logger.server";
import { emailAddressProblems, emailOutbox, users } from "../../db/schema";
import type { MailTransport } from "./mail-transports.server";
import { addressProblemOf, PREFERENCES_PATH } from "./outbox.server";
import { PROCESS_HOLDER } from "./sweeps.server";

/*
 * The outbox sender (issue 19, decision 0042). Runs in every server process: woken after a commit that queued an
 * email, and every MAIL_POLL_SECONDS for what other processes queued, for retries and digests. Rows are claimed with
 * a lease in one statement, so processes sharing the database never take the same row while the lease lasts, and a
 * process killed mid-send leaves its rows to whichever runs next once the lease expires. Each pass handles a bounded
 * batch and yields to the event loop between batches.
 */

export type OutboxSettings = {
  holder: string;
  batch: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
};

/** Longest wait between attempts, whatever the backoff says. */
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** The lease outlasts the transport's own timeouts (at most about 100 s), so a live sender never loses its row. */
const LEASE_MS = 5 * 60_000;
export const OUTBOX_BATCH = 20;

export function outboxSettings(): OutboxSettings {
  const mail = getConfig().mail;
  return {
    holder: PROCESS_HOLDER,
    batch: OUTBOX_BATCH,
    leaseMs: LEASE_MS,
    maxAttempts: mail.maxAttempts,
    retryBaseMs: mail.retryBaseMs,
  };
}

type Row = typeof emailOutbox.$inferSelect;

/** Claims up to `batch` due rows for this holder (one statement: the check and the claim are one write). */
export function claimDue(settings: OutboxSettings, now: Date): Row[] {
  const at = now.toISOString();
  const rows = getDb()
    .$client.prepare(
      `UPDATE email_outbox SET lease_holder = ?, lease_expires_at = ?, attempts = attempts + 1
       WHERE id IN (SELECT id FROM email_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                    ORDER BY next_attempt_at LIMIT ?)
       RETURNING id`,
    )
    .all(settings.holder, new Date(now.getTime() + settings.leaseMs).toISOString(), at, at, settings.batch) as {
    id: string;
  }[];
  if (!rows.length) return [];
  return getDb()
    .select()
    .from(emailOutbox)
    .where(
      inArray(
        emailOutbox.id,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .all();
}

/** Delay before attempt n+1 after n failed attempts: base, 2×base, 4×base... capped. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Folds each person's digest items that have come due into one digest email (a row like any other, keyed by the
 * person and the digest's time, so two processes folding at once make one). At most `limit` people per call.
 */
export function foldDueDigests(now: Date, limit = OUTBOX_BATCH): number {
  const db = getDb();
  const at = now.toISOString();
  const people = db
    .selectDistinct({ userId: emailOutbox.userId })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "digest"), lte(emailOutbox.nextAttemptAt, at)))
    .limit(limit)
    .all();
  const mail = getConfig().mail;
  for (const { userId } of people) {
    db.transaction((tx) => {
      const items = tx
        .select()
        .from(emailOutbox)
        .where(
          and(eq(emailOutbox.userId, userId), eq(emailOutbox.status, "digest"), lte(emailOutbox.nextAttemptAt, at)),
        )
        .orderBy(asc(emailOutbox.createdAt))
        .all();
      if (!items.length) return;
      const content = digestFor(
        items.map((i) => ({ kind: (isEmailKind(i.kind) ? i.kind : "shared_with_you") as EmailKind, link: i.link })),
        absoluteLink(mail.baseUrl, PREFERENCES_PATH),
      );
      const id = randomUUID();
      const held = addressProblemOf(tx, userId);
      tx.insert(emailOutbox)
        .values({
          id,
          idempotencyKey: `digest:${userId}:${items[0]!.nextAttemptAt}`,
          userId,
          kind: "digest",
          subject: content.subject,
          body: content.body,
          link: absoluteLink(mail.baseUrl, "/notifications"),
          status: held ? "held" : "pending",
          nextAttemptAt: at,
          createdAt: at,
        })
        .onConflictDoNothing()
        .run();
      tx.update(emailOutbox)
        .set({ status: "digested", digestId: id })
        .where(
          inArray(
            emailOutbox.id,
            items.map((i) => i.id),
          ),
        )
        .run();
    });
  }
  return people.length;
}

export type PassResult = {
  sent: number;
  retried: number;
  dead: number;
  held: number;
  digests: number;
  claimed: number;
};

/** Sends one claimed row and records what happened (only while this holder still holds its lease). */
async function sendOne(
  transport: MailTransport,
  row: Row,
  settings: OutboxSettings,
  result: PassResult,
): Promise<void> {
  const db = getDb();
  const mine = and(eq(emailOutbox.id, row.id), eq(emailOutbox.leaseHolder, settings.holder));
  const release = { leaseHolder: null, leaseExpiresAt: null };
  const person = db
    .select({ email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, row.userId))
    .get();
  if (!person || person.status !== "active") {
    db.update(emailOutbox)
      .set({ ...release, status: "off", lastError: "account not active" })
      .where(mine)
      .run();
    return;
  }
  if (addressProblemOf(db, row.userId)) {
    db.update(emailOutbox)
      .set({ ...release, status: "held" })
      .where(mine)
      .run();
    result.held += 1;
    return;
  }
  const meetingId = row.calendar ? meetingIdOfCalendar(row.calendar) : null;
  const calendarLink = meetingId ? absoluteLink(getConfig().mail.baseUrl, calendarDownloadPath(meetingId)) : null;
  const outcome = await transport.send({
    to: person.email,
    kind: isEmailKind(row.kind) || row.kind === "digest" ? (row.kind as EmailKind | "digest") : "digest",
    subject: row.subject,
    body: row.body,
    link: row.link,
    calendar: row.calendar,
    calendarLink,
    reference: `concord-${row.id}`,
  });
  const now = new Date().toISOString();
  if (outcome.ok) {
    // A password link is a key to the account: once sent, the outbox keeps no usable copy of it.
    const forget =
      row.kind === "password_link"
        ? {
            body: row.body.split(row.link).join("(link removed once sent)"),
            link: row.link.replace(/\/set-password\/.*$/, "/set-password"),
          }
        : {};
    // A provider that delivers later (Notify) is asked what became of it (outbox-delivery.server.ts).
    const delivery = outcome.providerId
      ? { providerId: outcome.providerId, deliveryStatus: "created", deliveryCheckedAt: null }
      : { providerId: null, deliveryStatus: null, deliveryCheckedAt: null };
    db.update(emailOutbox)
      .set({ ...release, ...forget, ...delivery, status: "sent", sentAt: now, sentTo: person.email, lastError: null })
      .where(mine)
      .run();
    result.sent += 1;
    return;
  }
  if (outcome.permanent || row.attempts >= settings.maxAttempts) {
    db.transaction((tx) => {
      tx.update(emailOutbox)
        .set({ ...release, status: "dead", lastError: outcome.reason })
        .where(mine)
        .run();
      if (outcome.addressProblem && !addressProblemOf(tx, row.userId)) {
        tx.insert(emailAddressProblems)
          .values({
            id: randomUUID(),
            userId: row.userId,
            address: person.email,
            reason: outcome.reason,
            recordedAt: now,
          })
          .run();
      }
    });
    result.dead += 1;
    logger.warn(
      { outbox: row.id, kind: row.kind, attempts: row.attempts, reason: outcome.reason },
      outcome.permanent ? "email refused permanently" : "email gave up after the last attempt",
    );
    return;
  }
  db.update(emailOutbox)
    .set({
      ...release,
      lastError: outcome.reason,
      nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts, settings.retryBaseMs)).toISOString(),
    })
    .where(mine)
    .run();
  result.retried += 1;
}

/** One batch: digests come due are folded, then up to `batch` due rows are claimed and sent, two at a time. */
export async function runOutboxBatch(
  transport: MailTransport,
  settings: OutboxSettings,
  now = new Date(),
): Promise<PassResult> {
  const result: PassResult = {
    sent: 0,
    retried: 0,
    dead: 0,
    held: 0,
    digests: foldDueDigests(now, settings.batch),
    claimed: 0,
  };
  const rows = claimDue(settings, now);
  result.claimed = rows.length;
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await sendOne(transport, row, settings, result);
      } catch (error) {
        // The row keeps its lease and is taken again when it expires.
        logger.error(
          { outbox: row.id, err: { message: error instanceof Error ? error.message : String(error) } },
          "email send step failed",
        );
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return result;
}

/** Batches until nothing is due, yielding to the event loop between them. */
export async function drainOutbox(transport: MailTransport, settings = outboxSettings()): Promise<PassResult> {
  const total: PassResult = { sent: 0, retried: 0, dead: 0, held: 0, digests: 0, claimed: 0 };
  for (;;) {
    const r = await runOutboxBatch(transport, settings);
    for (const k of Object.keys(total) as (keyof PassResult)[]) total[k] += r[k];
    if (r.claimed < settings.batch && r.digests < settings.batch) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export type OutboxSender = { wake(): void; stop(): Promise<void>; idle(): Promise<void> };

let active: OutboxSender | undefined;

/** Wakes this process's sender, if it runs (after a commit that queued an email due now). */
export function wakeOutboxSender(): void {
  active?.wake();
}

/**
 * Starts this process's sender: a pass at once (what a stopped process left unsent), on every wake, and every
 * poll interval. Passes never overlap; a wake during a pass runs one more after it.
 */
export function startOutboxSender(transport: MailTransport, pollMs = getConfig().mail.pollMs): OutboxSender {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drainOutbox(transport)
      .then((r) => {
        if (r.sent || r.dead || r.retried) logger.info({ outbox: r }, "outbox pass");
      })
      .catch((error: unknown) =>
        logger.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          "outbox pass failed",
        ),
      )
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          setImmediate(pass);
        }
      });
  };
  const timer = setInterval(pass, pollMs);
  timer.unref();
  setImmediate(pass);
  const sender: OutboxSender = {
    wake: () => setImmediate(pass),
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
      if (active === sender) active = undefined;
    },
  };
  active = sender;
  return sender;
}
