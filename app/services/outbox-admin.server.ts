import { and, count, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize } from "~/access/gate.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { formatDateTime } from "~/domain/dates";
import { EMAIL_KIND_TEXT, isEmailKind } from "~/domain/email-content";
import { agencies, emailOutbox, users } from "../../db/schema";
import { wakeOutboxSender } from "./outbox-sender.server";

/*
 * The system administrator's view of the email outbox (decision 0042): how many messages are in each state, the
 * newest messages of one state with their (content-free) subject and body, and dead letters to try again. With the
 * embedded transport (the demo) this page is where the mail is: nothing leaves the machine.
 */

export const OUTBOX_STATES = ["pending", "digest", "sent", "dead", "held", "off"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  pending: "Waiting to send",
  digest: "Waiting for a daily summary",
  sent: "Sent",
  dead: "Dead letters",
  held: "Held (address refused mail)",
  off: "Not sent (turned off)",
};
const PAGE = 50;

export function outboxPage(actor: Actor, state: string | null) {
  authorize(actor, "manage", "Outbox");
  const db = getDb();
  const chosen: OutboxState = (OUTBOX_STATES as readonly string[]).includes(state ?? "")
    ? (state as OutboxState)
    : "dead";
  const counts = new Map(
    db
      .select({ status: emailOutbox.status, n: count() })
      .from(emailOutbox)
      .groupBy(emailOutbox.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const rows = db
    .select({ o: emailOutbox, name: users.name, agency: agencies.name })
    .from(emailOutbox)
    .innerJoin(users, eq(users.id, emailOutbox.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(emailOutbox.status, chosen))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(PAGE)
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "outbox.view",
    outcome: "allowed",
    detail: { state: chosen },
  });
  return {
    transport: getConfig().mail.transport,
    state: chosen,
    tabs: OUTBOX_STATES.map((s) => ({ state: s, label: OUTBOX_STATE_LABELS[s], n: counts.get(s) ?? 0 })),
    rows: rows.map(({ o, name, agency }) => ({
      id: o.id,
      to: `${name} (${agency})`,
      kind: isEmailKind(o.kind) ? EMAIL_KIND_TEXT[o.kind].label : "Daily summary",
      subject: o.subject,
      body: o.body,
      hasCalendar: o.calendar !== null,
      attempts: o.attempts,
      lastError: o.lastError,
      created: formatDateTime(o.createdAt),
      sent: o.sentAt ? formatDateTime(o.sentAt) : null,
    })),
  };
}

const RetrySchema = z.object({ id: z.string().min(1).max(64) });

/** Tries a dead letter again from the start (attempts reset); anything else changes nothing. Audited. */
export function retryDeadLetter(actor: Actor, values: Record<string, unknown>): { ok: boolean } {
  authorize(actor, "manage", "Outbox");
  const parsed = RetrySchema.safeParse(values);
  if (!parsed.success) return { ok: false };
  const changed = getDb()
    .update(emailOutbox)
    .set({
      status: "pending",
      attempts: 0,
      nextAttemptAt: new Date().toISOString(),
      leaseHolder: null,
      leaseExpiresAt: null,
    })
    .where(and(eq(emailOutbox.id, parsed.data.id), inArray(emailOutbox.status, ["dead"])))
    .run().changes;
  if (!changed) return { ok: false };
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "outbox.retry",
    subjectType: "Outbox",
    subjectId: parsed.data.id,
    outcome: "done",
  });
  wakeOutboxSender();
  return { ok: true };
}
