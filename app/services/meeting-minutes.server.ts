import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { getDb } from "~/db.server";
import { mergeLines } from "~/domain/line-merge";
import type { FieldErrors } from "~/forms/parse-form";
import { meetingItems, meetingMinutesVersions } from "../../db/schema";
import { meetingAudit, requireMember, requireStatus } from "./meeting-access.server";
import { requireAcknowledged, requireItem } from "./meeting-items.server";

export const MINUTES_MAX = 20_000;

export type SaveMinutesResult =
  | { ok: true; version: number; text: string; merged: boolean }
  | { ok: false; errors: FieldErrors }
  | { ok: false; conflict: { version: number; theirs: string; yours: string } };

const SaveSchema = z.object({
  text: z.string({ invalid_type_error: "Enter the minutes as text" }).max(MINUTES_MAX, `Minutes must be ${MINUTES_MAX.toLocaleString("en-GB")} characters or fewer`),
  baseVersion: z.number({ invalid_type_error: "The version of the minutes you edited is missing" }).int().min(0),
});

/** Reads `baseVersion` from a form field (a string) or a socket payload (a number). */
export function minutesInput(values: Record<string, unknown>): { text: unknown; baseVersion: unknown } {
  const v = values.baseVersion;
  return { text: typeof values.text === "string" ? values.text.replace(/\r\n?/g, "\n") : values.text, baseVersion: typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v };
}

function versionText(itemId: string, version: number): string | null {
  if (version === 0) return "";
  return getDb().select({ text: meetingMinutesVersions.text }).from(meetingMinutesVersions).where(and(eq(meetingMinutesVersions.itemId, itemId), eq(meetingMinutesVersions.version, version))).get()?.text ?? null;
}

/**
 * Saves an item's minutes, edited from `baseVersion`. If someone saved since, the edit is merged by lines
 * against the version it was based on; overlapping changes come back as a conflict with both texts and nothing
 * is written, so no edit is ever silently overwritten. Every saved version is kept.
 */
export function saveItemMinutes(actor: Actor, meetingId: string, itemId: string, input: { text: unknown; baseVersion: unknown }): SaveMinutesResult {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.minutes_save");
  requireAcknowledged(actor, meeting, invitee, "meeting.minutes_save");
  requireStatus(actor, meeting, ["open", "closed"], "meeting.minutes_save");
  const item = requireItem(actor, meeting, itemId, "meeting.minutes_save");
  const parsed = SaveSchema.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "text")] ??= issue.message;
    return { ok: false, errors };
  }
  const { text, baseVersion } = parsed.data;
  const db = getDb();
  const result = db.transaction((tx): SaveMinutesResult => {
    const current = tx.select({ minutes: meetingItems.minutes, version: meetingItems.minutesVersion }).from(meetingItems).where(eq(meetingItems.id, item.id)).get()!;
    if (baseVersion > current.version) return { ok: false, errors: { baseVersion: "The version of the minutes you edited is not known: reload the page" } };
    let next = text;
    let merged = false;
    if (baseVersion < current.version) {
      const base = versionText(item.id, baseVersion);
      if (base === null) return { ok: false, errors: { baseVersion: "The version of the minutes you edited is not known: reload the page" } };
      const m = mergeLines(base, text, current.minutes);
      if (!m.ok) return { ok: false, conflict: { version: current.version, theirs: current.minutes, yours: text } };
      next = m.text;
      merged = true;
    }
    if (next === current.minutes) return { ok: true, version: current.version, text: next, merged };
    const version = current.version + 1;
    const at = new Date().toISOString();
    tx.update(meetingItems).set({ minutes: next, minutesVersion: version, minutesUpdatedBy: actor.userId, minutesUpdatedAt: at }).where(and(eq(meetingItems.id, item.id), eq(meetingItems.minutesVersion, current.version))).run();
    tx.insert(meetingMinutesVersions).values({ itemId: item.id, version, text: next, savedBy: actor.userId, savedAt: at }).run();
    return { ok: true, version, text: next, merged };
  });
  meetingAudit(
    actor,
    meeting,
    "meeting.minutes_save",
    { itemId: item.id, baseVersion, ...(result.ok ? { version: result.version, merged: result.merged } : "conflict" in result ? { conflict: true } : { invalid: true }) },
    item.caseId,
    result.ok ? "done" : "failed",
  );
  return result;
}
