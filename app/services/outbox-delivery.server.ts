import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { getDb } from "~/db.server";
import { logger } from "~/logger.server";
import { emailAddressProblems, emailOutbox } from "../../db/schema";
import type { MailTransport } from "./mail-transports.server";
import { backoffMs, type OutboxSettings } from "./outbox-sender.server";
import { addressProblemOf } from "./outbox.server";
import { startSweep } from "./sweeps.server";

/*
 * Delivery after acceptance (issue 19, decision 0048). GOV.UK Notify accepts a message at once and delivers it later;
 * a message it accepted can still bounce (permanent failure), meet a full inbox or a spam filter (temporary failure)
 * or fail on Notify's side (technical failure). A sweep in one process asks Notify about recent sends, a bounded
 * batch at a time, each message no more often than DELIVERY_RECHECK_MS, until it hears a final state:
 * - delivered: recorded;
 * - permanent failure: like an SMTP bounce, the row is dead and the address recorded against the person (shown to
 *   their agency administrator, further mail held until cleared);
 * - temporary or technical failure: not delivered, so it is sent again after the usual backoff, and a dead letter
 *   after the last attempt (shown to the system administrator);
 * - nothing final after DELIVERY_WATCH_MS (Notify tries for 72 hours): recorded as unconfirmed and no longer asked.
 */

/** Notify's states that mean "still on its way"; set when a send returns the provider's id. */
export const IN_FLIGHT = ["created", "sending", "pending"] as const;
export const DELIVERY_RECHECK_MS = 5 * 60_000;
/** Notify retries a temporary failure for up to 72 hours; a little longer and we stop asking. */
export const DELIVERY_WATCH_MS = 4 * 86_400_000;
export const DELIVERY_BATCH = 50;
const DELIVERY_SWEEP_MS = 60_000;

export type DeliveryResult = {
  asked: number;
  delivered: number;
  bounced: number;
  resent: number;
  dead: number;
  unconfirmed: number;
  unreachable: number;
};

/** One batch: the messages in flight asked about longest ago (or never). Returns what happened to them. */
export async function checkDeliveries(
  transport: MailTransport,
  settings: Pick<OutboxSettings, "maxAttempts" | "retryBaseMs">,
  now = new Date(),
  limit = DELIVERY_BATCH,
): Promise<DeliveryResult> {
  const result: DeliveryResult = {
    asked: 0,
    delivered: 0,
    bounced: 0,
    resent: 0,
    dead: 0,
    unconfirmed: 0,
    unreachable: 0,
  };
  if (!transport.deliveryOf) return result;
  const db = getDb();
  const at = now.toISOString();
  const inFlight = and(
    eq(emailOutbox.status, "sent"),
    inArray(emailOutbox.deliveryStatus, [...IN_FLIGHT]),
    isNotNull(emailOutbox.providerId),
  );
  result.unconfirmed = db
    .update(emailOutbox)
    .set({ deliveryStatus: "unconfirmed", deliveryCheckedAt: at })
    .where(and(inFlight, lt(emailOutbox.sentAt, new Date(now.getTime() - DELIVERY_WATCH_MS).toISOString())))
    .run().changes;
  const due = db
    .select({
      id: emailOutbox.id,
      userId: emailOutbox.userId,
      providerId: emailOutbox.providerId,
      attempts: emailOutbox.attempts,
      sentTo: emailOutbox.sentTo,
    })
    .from(emailOutbox)
    .where(
      and(
        inFlight,
        or(
          isNull(emailOutbox.deliveryCheckedAt),
          lte(emailOutbox.deliveryCheckedAt, new Date(now.getTime() - DELIVERY_RECHECK_MS).toISOString()),
        ),
      ),
    )
    .orderBy(asc(emailOutbox.deliveryCheckedAt))
    .limit(limit)
    .all();
  for (const row of due) {
    result.asked += 1;
    // Recorded only while the row is still the same send (a retry elsewhere clears the provider's id).
    const same = and(
      eq(emailOutbox.id, row.id),
      eq(emailOutbox.providerId, row.providerId!),
      eq(emailOutbox.status, "sent"),
    );
    let report;
    try {
      report = await transport.deliveryOf(row.providerId!);
    } catch (error) {
      result.unreachable += 1;
      db.update(emailOutbox).set({ deliveryCheckedAt: at }).where(same).run();
      logger.warn(
        { outbox: row.id, err: { message: error instanceof Error ? error.message : String(error) } },
        "delivery status could not be read",
      );
      continue;
    }
    const checked = { deliveryStatus: report.status, deliveryCheckedAt: at };
    if (report.state === "pending") {
      db.update(emailOutbox).set({ deliveryCheckedAt: at }).where(same).run();
    } else if (report.state === "delivered" || report.state === "unknown") {
      db.update(emailOutbox)
        .set(report.state === "unknown" ? { ...checked, deliveryStatus: "unconfirmed" } : checked)
        .where(same)
        .run();
      if (report.state === "delivered") result.delivered += 1;
      else result.unconfirmed += 1;
    } else if (report.state === "permanent") {
      db.transaction((tx) => {
        const changed = tx
          .update(emailOutbox)
          .set({ ...checked, status: "dead", lastError: `Notify ${report.status}` })
          .where(same)
          .run().changes;
        if (changed && !addressProblemOf(tx, row.userId)) {
          tx.insert(emailAddressProblems)
            .values({
              id: randomUUID(),
              userId: row.userId,
              address: row.sentTo ?? "",
              reason: `Notify ${report.status}`,
              recordedAt: at,
            })
            .run();
        }
      });
      result.bounced += 1;
      logger.warn({ outbox: row.id, status: report.status }, "email bounced after Notify accepted it");
    } else if (row.attempts >= settings.maxAttempts) {
      db.update(emailOutbox)
        .set({ ...checked, status: "dead", lastError: `Notify ${report.status}` })
        .where(same)
        .run();
      result.dead += 1;
    } else {
      // Not delivered: sent again like any failed attempt (a new send gets a new provider id).
      db.update(emailOutbox)
        .set({
          ...checked,
          status: "pending",
          providerId: null,
          sentAt: null,
          lastError: `Notify ${report.status}`,
          nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts, settings.retryBaseMs)).toISOString(),
        })
        .where(same)
        .run();
      result.resent += 1;
    }
  }
  return result;
}

/** Runs the delivery checks every minute in one process, for transports that deliver after accepting. */
export function startDeliveryChecks(
  transport: MailTransport,
  settings: Pick<OutboxSettings, "maxAttempts" | "retryBaseMs">,
): () => void {
  if (!transport.deliveryOf) return () => undefined;
  return startSweep({ name: "mail-delivery", everyMs: DELIVERY_SWEEP_MS, firstAfterMs: 5_000 }, async (claimedAt) => {
    const r = await checkDeliveries(transport, settings, claimedAt);
    if (r.bounced || r.resent || r.dead) logger.info({ delivery: r }, "email delivery checked");
  });
}
