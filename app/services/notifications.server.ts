import { randomUUID } from "node:crypto";
import { sendToUser } from "~/realtime/hub.server";
import type { Tx } from "./case-record-store.server";
import { notifications } from "../../db/schema";

export const NOTIFICATION_KINDS = ["shared_with_you", "added_to_team", "breach", "task_assigned", "deadline"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NewNotification = {
  kind: NotificationKind;
  /** Case-core detail at most (a case reference, what happened): every recipient may see it. Never victim contact, clinical or intelligence detail. */
  text: string;
  href: string;
  caseId?: string | null;
};

/**
 * Stores a notification for each recipient inside the caller's transaction and returns a function that pushes
 * them live, to be called after the transaction commits (so nobody is told about something that rolled back).
 * Each push goes to the recipient's own room only.
 */
export function notify(tx: Tx, userIds: readonly string[], n: NewNotification, now = new Date().toISOString()): () => void {
  const rows = [...new Set(userIds)].map((userId) => ({ id: randomUUID(), userId, kind: n.kind, text: n.text, href: n.href, caseId: n.caseId ?? null, createdAt: now, readAt: null }));
  if (rows.length) tx.insert(notifications).values(rows).run();
  return () => {
    for (const r of rows) sendToUser(r.userId, "notification", { id: r.id, kind: r.kind, text: r.text, href: r.href, createdAt: r.createdAt });
  };
}
