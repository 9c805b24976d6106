import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { caseWorkingUserIds } from "~/access/case-work.server";
import { getDb, preparedOnce } from "~/db.server";
import { mergeLines } from "~/domain/line-merge";
import type { FieldErrors } from "~/forms/parse-form";
import { meetingInvitees, meetingItems, meetingMinutesVersions, users } from "../../db/schema";
import {
  meetingAudit,
  requireMember,
  requireStatus,
  type MeetingParticipant,
  type MeetingRow,
} from "./meeting-access.server";
import { requireAcknowledged, requireItem } from "./meeting-items.server";

export const MINUTES_MAX = 20_000;
/** Versions one author saved within this long of their next one are coalesced into it (decision 0025)... */
export const COALESCE_WINDOW_MS = 5_000;
/** ...once older than this, so that a version someone may still be editing from is kept as their merge base. */
export const MERGE_HORIZON_MS = 10 * 60_000;

export type SaveMinutesResult =
  | { ok: true; version: number; text: string; merged: boolean }
  | { ok: false; errors: FieldErrors }
  | { ok: false; conflict: { version: number; theirs: string; yours: string } };

const SaveSchema = z.object({
  text: z
    .string({ invalid_type_error: "Enter the minutes as text" })
    .max(MINUTES_MAX, `Minutes must be ${MINUTES_MAX.toLocaleString("en-GB")} characters or fewer`),
  baseVersion: z.number({ invalid_type_error: "The version of the minutes you edited is missing" }).int().min(0),
});

/** Reads `baseVersion` from a form field (a string) or a socket payload (a number). */
export function minutesInput(values: Record<string, unknown>): { text: unknown; baseVersion: unknown } {
  const v = values.baseVersion;
  return {
    text: typeof values.text === "string" ? values.text.replace(/\r\n?/g, "\n") : values.text,
    baseVersion: typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v,
  };
}

// Every live save runs these: prepared once per connection.
const statements = preparedOnce((db) => ({
  current: db
    .select({ minutes: meetingItems.minutes, version: meetingItems.minutesVersion })
    .from(meetingItems)
    .where(eq(meetingItems.id, sql.placeholder("itemId")))
    .prepare(),
  version: db
    .select({ text: meetingMinutesVersions.text })
    .from(meetingMinutesVersions)
    .where(
      and(
        eq(meetingMinutesVersions.itemId, sql.placeholder("itemId")),
        eq(meetingMinutesVersions.version, sql.placeholder("version")),
      ),
    )
    .prepare(),
  // One stored version per author per item per few seconds: see coalesce().
  coalesce: db.$client.prepare(
    `DELETE FROM meeting_minutes_versions AS v
      WHERE v.item_id = ? AND v.saved_at < ?
        AND EXISTS (
          SELECT 1 FROM meeting_minutes_versions AS n
           WHERE n.item_id = v.item_id
             AND n.version = (SELECT min(version) FROM meeting_minutes_versions WHERE item_id = v.item_id AND version > v.version)
             AND n.saved_by = v.saved_by
             AND (julianday(n.saved_at) - julianday(v.saved_at)) * 86400000 < ?)`,
  ),
}));

function versionText(itemId: string, version: number): string | null {
  if (version === 0) return "";
  return statements().version.get({ itemId, version })?.text ?? null;
}

type Author = Pick<Actor, "userId" | "agencyId">;
type Edit = { author: Author; text: string; baseVersion: number };
type Item = { id: string; caseId: string | null };

const UNKNOWN_BASE = "The version of the minutes you edited is not known: reload the page";

/**
 * Applies edits to one item's minutes in order, in one transaction with their audit rows. An edit made from an
 * older version is merged by lines against that version (`app/domain/line-merge.ts`); overlapping changes, or a
 * base no longer kept, come back as a conflict with both texts and write nothing, so no edit is ever silently
 * overwritten. Consecutive edits by one author in the same batch are stored as one version (nobody else saw the
 * ones between), and older versions are coalesced (`coalesce`). Each result carries the text and version after
 * the whole batch, which is what its sender should edit from next.
 */
function applyEdits(
  meeting: MeetingRow,
  item: Item,
  edits: Edit[],
): { results: SaveMinutesResult[]; authors: string[] } {
  const db = getDb();
  return db.transaction((tx) => {
    const start = statements().current.get({ itemId: item.id })!;
    let text = start.minutes;
    let version = start.version;
    const runs: { author: Author; version: number; text: string; bases: number[]; merged: boolean }[] = [];
    const results: (SaveMinutesResult | "saved")[] = [];
    const merges: boolean[] = [];
    for (const edit of edits) {
      // Versions made earlier in this batch were never sent to anyone, so no edit can be based on one.
      if (edit.baseVersion > start.version) {
        results.push({ ok: false, errors: { baseVersion: UNKNOWN_BASE } });
        continue;
      }
      let next = edit.text;
      let merged = false;
      if (edit.baseVersion < version) {
        const base = edit.baseVersion === start.version ? start.minutes : versionText(item.id, edit.baseVersion);
        const m = base === null ? null : mergeLines(base, edit.text, text);
        if (!m?.ok) {
          results.push({ ok: false, conflict: { version, theirs: text, yours: edit.text } });
          continue;
        }
        next = m.text;
        merged = true;
      }
      results.push("saved");
      merges.push(merged);
      if (next === text) continue;
      const last = runs.at(-1);
      if (last && last.author.userId === edit.author.userId)
        Object.assign(last, { text: next, merged: last.merged || merged, bases: [...last.bases, edit.baseVersion] });
      else runs.push({ author: edit.author, version: version + 1, text: next, bases: [edit.baseVersion], merged });
      version = runs.at(-1)!.version;
      text = next;
    }
    const at = new Date().toISOString();
    if (runs.length) {
      const lastAuthor = runs.at(-1)!.author.userId;
      tx.update(meetingItems)
        .set({ minutes: text, minutesVersion: version, minutesUpdatedBy: lastAuthor, minutesUpdatedAt: at })
        .where(and(eq(meetingItems.id, item.id), eq(meetingItems.minutesVersion, start.version)))
        .run();
      tx.insert(meetingMinutesVersions)
        .values(
          runs.map((r) => ({
            itemId: item.id,
            version: r.version,
            text: r.text,
            savedBy: r.author.userId,
            savedAt: at,
          })),
        )
        .run();
      coalesce(item.id, at);
    }
    // One audit row per stored version (its author), and one per edit that wrote nothing.
    for (const r of runs)
      meetingAudit(
        r.author,
        meeting,
        "meeting.minutes_save",
        {
          itemId: item.id,
          baseVersion: Math.min(...r.bases),
          edits: r.bases.length,
          version: r.version,
          merged: r.merged,
        },
        item.caseId,
        "done",
      );
    let k = 0;
    const out = results.map((r, i): SaveMinutesResult => {
      if (r !== "saved") {
        meetingAudit(
          edits[i]!.author,
          meeting,
          "meeting.minutes_save",
          {
            itemId: item.id,
            baseVersion: edits[i]!.baseVersion,
            ...("conflict" in r ? { conflict: true } : { invalid: true }),
          },
          item.caseId,
          "failed",
        );
        return "conflict" in r ? { ok: false, conflict: { ...r.conflict, version, theirs: text } } : r;
      }
      return { ok: true, version, text, merged: merges[k++]! };
    });
    return { results: out, authors: runs.map((r) => r.author.userId) };
  });
}

/**
 * One stored version per author per item per few seconds: a version followed by the same author's next one
 * within COALESCE_WINDOW_MS (nobody else saved between) is dropped once it is older than MERGE_HORIZON_MS. Until
 * then it may be the version someone is editing from, and merges need it exactly; after, an edit from it comes
 * back as a conflict (both texts, nothing lost). Every other author's version, and each author's last in a run,
 * is kept, so every edit stays recoverable.
 */
function coalesce(itemId: string, now: string): void {
  statements().coalesce.run(
    itemId,
    new Date(new Date(now).getTime() - MERGE_HORIZON_MS).toISOString(),
    COALESCE_WINDOW_MS,
  );
}

function parseEdit(input: {
  text: unknown;
  baseVersion: unknown;
}): { ok: true; text: string; baseVersion: number } | { ok: false; errors: FieldErrors } {
  const parsed = SaveSchema.safeParse(input);
  if (parsed.success) return { ok: true, ...parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "text")] ??= issue.message;
  return { ok: false, errors };
}

/** The checks every save passes: a current, acknowledged member of an open (or closed) meeting, an item of it. */
function requireMinutesWriter(who: MeetingParticipant, meetingId: string, itemId: string) {
  const { meeting, invitee } = requireMember(who, meetingId, "meeting.minutes_save");
  requireAcknowledged(who, meeting, invitee, "meeting.minutes_save");
  requireStatus(who, meeting, ["open", "closed"], "meeting.minutes_save");
  return { meeting, item: requireItem(who, meeting, itemId, "meeting.minutes_save") };
}

/** Saves an item's minutes from the page (one edit, made from `baseVersion`): see applyEdits. */
export function saveItemMinutes(
  actor: Actor,
  meetingId: string,
  itemId: string,
  input: { text: unknown; baseVersion: unknown },
): SaveMinutesResult {
  const { meeting, item } = requireMinutesWriter(actor, meetingId, itemId);
  const edit = parseEdit(input);
  if (!edit.ok) return edit;
  return applyEdits(meeting, item, [{ author: actor, text: edit.text, baseVersion: edit.baseVersion }]).results[0]!;
}

export type LiveEdit = { who: MeetingParticipant; text: unknown; baseVersion: unknown };
export type LiveEditResult = SaveMinutesResult | { ok: false; refused: Response };
export type LiveMinutesBatch = {
  results: LiveEditResult[];
  /** What was saved and who receives it live (null when nothing changed), with one audit row naming them. */
  delivery: { text: string; version: number; authors: string[]; userIds: Set<string> } | null;
};

/**
 * Saves a batch of live edits to one item (those that arrived together), each checked for its own sender, all
 * applied in one transaction; then who receives the result live: the meeting's current invitees who are active,
 * work on cases and have acknowledged the statement (minutes are the same for each of them, so one text serves
 * them all), with one audit row naming them, whatever the number of edits or attendees.
 */
export function saveLiveMinutes(meetingId: string, itemId: string, edits: LiveEdit[]): LiveMinutesBatch {
  const results: (LiveEditResult | null)[] = [];
  const valid: Edit[] = [];
  let target: ReturnType<typeof requireMinutesWriter> | null = null;
  for (const edit of edits) {
    try {
      target = requireMinutesWriter(edit.who, meetingId, itemId);
    } catch (e) {
      if (!(e instanceof Response)) throw e;
      results.push({ ok: false, refused: e });
      continue;
    }
    const parsed = parseEdit(edit);
    if (!parsed.ok) {
      results.push(parsed);
      continue;
    }
    results.push(null);
    valid.push({ author: edit.who, text: parsed.text, baseVersion: parsed.baseVersion });
  }
  if (!target || !valid.length) return { results: results as LiveEditResult[], delivery: null };
  const applied = applyEdits(target.meeting, target.item, valid);
  let k = 0;
  const out = results.map((r) => r ?? applied.results[k++]!);
  if (!applied.authors.length) return { results: out, delivery: null };
  const saved = applied.results.find((r): r is Extract<SaveMinutesResult, { ok: true }> => r.ok)!;
  const userIds = minutesRecipients(target.meeting.id);
  const last = valid.find((e) => e.author.userId === applied.authors.at(-1))!.author;
  meetingAudit(
    last,
    target.meeting,
    "meeting.minutes_delivered",
    {
      itemId,
      version: saved.version,
      authors: [...new Set(applied.authors)].join(","),
      recipients: [...userIds].join(","),
    },
    target.item.caseId,
    "done",
  );
  return { results: out, delivery: { text: saved.text, version: saved.version, authors: applied.authors, userIds } };
}

const recipientsStatement = preparedOnce((db) =>
  db
    .select({ id: meetingInvitees.userId })
    .from(meetingInvitees)
    .innerJoin(users, eq(users.id, meetingInvitees.userId))
    .where(
      and(
        eq(meetingInvitees.meetingId, sql.placeholder("meetingId")),
        isNull(meetingInvitees.removedAt),
        isNotNull(meetingInvitees.acknowledgedAt),
        eq(users.status, "active"),
        inArray(users.id, caseWorkingUserIds()),
      ),
    )
    .prepare(),
);

function minutesRecipients(meetingId: string): Set<string> {
  return new Set(
    recipientsStatement()
      .all({ meetingId })
      .map((r) => r.id),
  );
}
