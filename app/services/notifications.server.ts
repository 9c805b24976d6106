import { and, count, desc, eq, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Actor } from "~/access/actor";
import { getDb } from "~/db.server";
import { sendToUser } from "~/realtime/hub.server";
import type { Tx } from "./case-record-store.server";
import type { EmailKind } from "~/domain/email-content";
import { notifications } from "../../db/schema";
import { enqueueEmails } from "./outbox.server";
import { wakeOutboxSender } from "./outbox-sender.server";

export const NOTIFICATION_KINDS = [
  "shared_with_you",
  "added_to_team",
  "breach",
  "task_assigned",
  "deadline",
  "countersign_requested",
  "countersigned",
  "returned",
  "risk_review",
  "clinic_referral",
  "mappa_referral",
  "referral_outcome",
  "share_updated",
  "psr_sign_off",
  "psr_signed_off",
  "psr_returned",
  "input_requested",
  "input_answered",
  "meeting_invitation",
  "meeting_changed",
  "meeting_cancelled",
  "agenda_published",
  "action_assigned",
  "action_overdue",
  "review_due",
  "access_request_decided",
  "document_quarantined",
  "retention_reviews_due",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
// Every notification is emailed too (issue 19): a kind without its email text in app/domain/email-content.ts fails here.
const emailKindOf = (kind: NotificationKind): EmailKind => kind;

export type NewNotification = {
  kind: NotificationKind;
  /** Case-core detail at most (a case reference, what happened): every recipient may see it. Never victim contact, clinical or intelligence detail. */
  text: string;
  href: string;
  caseId?: string | null;
  /**
   * For notifications a sweep may find again (an overdue action, a review due): the same key tells nobody twice,
   * in Concord or by email. Without one, every call is a new notification.
   */
  key?: string;
  /** Meeting kinds: the calendar file emailed to each recipient (given their address). */
  calendar?: (address: string) => string;
};

/**
 * Stores a notification for each recipient inside the caller's transaction, with its email in the outbox (issue 19,
 * the same transaction, so an email goes out exactly when the change commits), and returns a function that pushes
 * them live and wakes the outbox sender, to be called after the transaction commits (so nobody is told about
 * something that rolled back). Each push goes to the recipient's own room only. The email never carries `text`: it
 * says only what kind of thing is waiting, with the link (app/domain/email-content.ts).
 */
export function notify(
  tx: Tx,
  userIds: readonly string[],
  n: NewNotification,
  now = new Date().toISOString(),
): () => void {
  const recipients = [...new Set(userIds)];
  if (!recipients.length) return () => {};
  const email = enqueueEmails(
    tx,
    recipients,
    { kind: emailKindOf(n.kind), path: n.href, key: n.key ?? `notification:${randomUUID()}`, calendar: n.calendar },
    now,
  );
  const told = n.key ? recipients.filter((id) => email.queued.includes(id)) : recipients;
  const rows = told.map((userId) => ({
    id: randomUUID(),
    userId,
    kind: n.kind,
    text: n.text,
    href: n.href,
    caseId: n.caseId ?? null,
    createdAt: now,
    readAt: null,
  }));
  if (rows.length) tx.insert(notifications).values(rows).run();
  return () => {
    for (const r of rows)
      sendToUser(r.userId, "notification", {
        id: r.id,
        kind: r.kind,
        text: r.text,
        href: r.href,
        createdAt: r.createdAt,
      });
    if (email.dueNow) wakeOutboxSender();
  };
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

export type NotificationView = {
  id: string;
  kind: NotificationKind;
  text: string;
  href: string;
  createdAt: string;
  read: boolean;
};

/** How many of the user's own notifications are unread (for the header). */
export function unreadNotificationCount(userId: string): number {
  return (
    getDb()
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

/** The actor's own notifications, newest first, a page at a time. Nobody can list anyone else's. */
export function listNotifications(
  actor: Actor,
  page = 1,
): { items: NotificationView[]; total: number; unread: number; page: number; pages: number } {
  const db = getDb();
  const mine = eq(notifications.userId, actor.userId);
  const total = db.select({ n: count() }).from(notifications).where(mine).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page)), pages);
  const rows = db
    .select()
    .from(notifications)
    .where(mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((current - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      text: r.text,
      href: safeHref(r.href),
      createdAt: r.createdAt,
      read: r.readAt !== null,
    })),
    total,
    unread: unreadNotificationCount(actor.userId),
    page: current,
    pages,
  };
}

/**
 * Marks one of the actor's notifications read (or all of them). Someone else's id, or an unknown one, changes
 * nothing and says nothing; reading twice keeps the first time.
 */
export function markNotificationsRead(
  actor: Actor,
  which: { id: string } | "all",
  now = new Date().toISOString(),
): number {
  const mine = and(eq(notifications.userId, actor.userId), isNull(notifications.readAt));
  const where = which === "all" ? mine : and(mine, eq(notifications.id, which.id));
  return getDb().update(notifications).set({ readAt: now }).where(where).run().changes;
}

/** Links in notifications are our own pages; anything else (never expected) goes to the list. */
function safeHref(href: string): string {
  return href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/\\") ? href : "/notifications";
}
