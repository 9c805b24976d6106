import { and, eq, inArray, isNull, like } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { getConfig } from "~/config.server";
import { absoluteLink, emailFor, isRequiredKind, type EmailKind, type EmailMode } from "~/domain/email-content";
import { addDays, londonDate, londonWallClockToUtc } from "~/domain/limitation-deadline";
import {
  agencyEmailDefaults,
  emailAddressProblems,
  emailDigestTimes,
  emailOutbox,
  emailPreferences,
  users,
} from "../../db/schema";
import type { Tx } from "./case-record-store.server";

/*
 * The email outbox (issue 19, decision 0042): emails are written here in the transaction of the change that causes
 * them and sent after commit by the outbox sender (outbox-sender.server.ts). One row per email per recipient, keyed
 * so that the same notification is never queued twice.
 */

export const PREFERENCES_PATH = "/account/emails";
export const DEFAULT_DIGEST_TIME = "08:00";

export type EmailRequest = {
  kind: EmailKind;
  /** Our own page the email links to (ids only). */
  path: string;
  /** Unique per notification; the recipient's id is appended. A key already queued queues nothing. */
  key: string;
  /** The meeting's calendar file for this recipient (their own address as ATTENDEE), for meeting kinds. */
  calendar?: (address: string) => string;
};

/** How a person gets a kind: their own choice, else their agency's default, else straight away. Required kinds always straight away. */
export function emailModeFor(
  tx: Pick<Tx, "select">,
  user: { id: string; agencyId: string },
  kind: EmailKind,
): EmailMode {
  if (isRequiredKind(kind)) return "immediately";
  const own = tx
    .select({ mode: emailPreferences.mode })
    .from(emailPreferences)
    .where(and(eq(emailPreferences.userId, user.id), eq(emailPreferences.kind, kind)))
    .get();
  if (own) return own.mode as EmailMode;
  const agency = tx
    .select({ mode: agencyEmailDefaults.mode })
    .from(agencyEmailDefaults)
    .where(and(eq(agencyEmailDefaults.agencyId, user.agencyId), eq(agencyEmailDefaults.kind, kind)))
    .get();
  return (agency?.mode as EmailMode | undefined) ?? "immediately";
}

/** The next time (after `now`) a London wall-clock "HH:MM" comes round: when a digest goes. */
export function nextDigestAt(time: string, now: Date): string {
  const today = londonDate(now);
  for (let d = 0; d < 3; d++) {
    const at = londonWallClockToUtc(addDays(today, d), time);
    if (at && Date.parse(at) > now.getTime()) return at;
  }
  // A time the clocks skip on each of three days cannot happen; an hour later is the honest fallback.
  return new Date(now.getTime() + 3_600_000).toISOString();
}

function digestTimeOf(tx: Pick<Tx, "select">, userId: string): string {
  return (
    tx.select({ time: emailDigestTimes.time }).from(emailDigestTimes).where(eq(emailDigestTimes.userId, userId)).get()
      ?.time ?? DEFAULT_DIGEST_TIME
  );
}

/** Whether the person's address has refused mail and not been put right (mail to them is then held). */
export function addressProblemOf(tx: Pick<Tx, "select">, userId: string): boolean {
  return (
    tx
      .select({ id: emailAddressProblems.id })
      .from(emailAddressProblems)
      .where(and(eq(emailAddressProblems.userId, userId), isNull(emailAddressProblems.clearedAt)))
      .get() !== undefined
  );
}

/**
 * Queues one email per recipient inside the caller's transaction. Returns the user ids newly queued (a key seen
 * before queues nothing, so a caller can tell a repeat) and whether any is due straight away (wake the sender after
 * commit). Suspended people and kinds turned off get a row in state `off`, which keeps the key.
 */
export function enqueueEmails(
  tx: Tx,
  userIds: readonly string[],
  request: EmailRequest,
  now: string,
): { queued: string[]; dueNow: boolean } {
  const ids = [...new Set(userIds)];
  if (!ids.length) return { queued: [], dueNow: false };
  const mail = getConfig().mail;
  const people = tx
    .select({ id: users.id, agencyId: users.agencyId, email: users.email, status: users.status })
    .from(users)
    .where(inArray(users.id, ids))
    .all();
  const link = absoluteLink(mail.baseUrl, request.path);
  const content = emailFor(request.kind, link, absoluteLink(mail.baseUrl, PREFERENCES_PATH));
  const queued: string[] = [];
  let dueNow = false;
  for (const person of people) {
    const mode = emailModeFor(tx, person, request.kind);
    const status =
      person.status !== "active" || mode === "off"
        ? "off"
        : addressProblemOf(tx, person.id)
          ? "held"
          : mode === "digest"
            ? "digest"
            : "pending";
    const inserted = tx
      .insert(emailOutbox)
      .values({
        id: randomUUID(),
        idempotencyKey: `${request.key}:${person.id}`,
        userId: person.id,
        kind: request.kind,
        subject: content.subject,
        body: content.body,
        link,
        calendar: request.calendar ? request.calendar(person.email) : null,
        status,
        nextAttemptAt: status === "digest" ? nextDigestAt(digestTimeOf(tx, person.id), new Date(now)) : now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run().changes;
    if (!inserted) continue;
    queued.push(person.id);
    if (status === "pending") dueNow = true;
  }
  return { queued, dueNow };
}

/** Kinds whose waiting emails a cancelled meeting withdraws: they would ask people to a meeting that will not happen. */
const WITHDRAWN_ON_CANCEL: EmailKind[] = ["meeting_invitation", "meeting_changed", "agenda_published"];

/**
 * A meeting is cancelled: its invitations, changes and papers still waiting for a daily summary are withdrawn (state
 * `off`, so their keys still hold), in the cancelling transaction. The summary then carries only the cancellation.
 * Mail already due straight away goes as queued, before the cancellation (queued later), which replaces its calendar entry.
 */
export function withdrawWaitingMeetingEmails(tx: Tx, meetingId: string): number {
  return tx
    .update(emailOutbox)
    .set({ status: "off", lastError: "meeting cancelled before the daily summary" })
    .where(
      and(
        eq(emailOutbox.status, "digest"),
        inArray(emailOutbox.kind, WITHDRAWN_ON_CANCEL),
        like(emailOutbox.link, `%/meetings/${meetingId}/%`),
      ),
    )
    .run().changes;
}
