import fs from "node:fs";
import { createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import { audit } from "~/access/audit.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { writeFileDurably } from "~/durable-files.server";
import { disposeRecord, type Disposal } from "./record-disposal.server";
import { deleteStoredFiles } from "./record-files-disposal.server";
import { deriveKey } from "./secret-box.server";

/*
 * The disposal log (issue 21, decision 0057): every retention disposal, signed, one JSON line each, in a file outside
 * the database (DISPOSAL_LOG_PATH) and so outside its backups. A backup restored from before a disposal brings the
 * record back whole; replaying the log disposes of it again. The line carries ids, codes and dates only (what the
 * review row held), never a reason or content. Only a line signed with the secret key is replayed, so whoever can
 * write the file but lacks the key cannot have records destroyed.
 */

export type DisposalEntry = {
  v: 1;
  at: string;
  recordId: string;
  caseId: string;
  ownerAgencyId: string;
  disposal: Disposal;
  reviewId: string;
  decidedBy: string | null;
  scheduleId: string;
  trigger: string;
  periodMonths: number;
  proposedAction: string;
  triggeredOn: string;
  dueOn: string;
  mac: string;
};

type Unsigned = Omit<DisposalEntry, "mac" | "v">;
const FIELDS = [
  "at",
  "recordId",
  "caseId",
  "ownerAgencyId",
  "disposal",
  "reviewId",
  "decidedBy",
  "scheduleId",
  "trigger",
  "periodMonths",
  "proposedAction",
  "triggeredOn",
  "dueOn",
] as const;

function keys(): KeyObject[] {
  const config = getConfig();
  return [config.secretKey, ...config.previousSecretKeys].map((k) => deriveKey(k, "concord/disposal-log/v1"));
}

function macOf(key: KeyObject, e: Unsigned): string {
  return createHmac("sha256", key)
    .update(JSON.stringify([1, ...FIELDS.map((f) => e[f])]))
    .digest("hex");
}

export function disposalLine(e: Unsigned): string {
  return `${JSON.stringify({ v: 1, ...e, mac: macOf(keys()[0]!, e) })}\n`;
}

/** The review row of a disposal, as the line records it. */
const REVIEW_SQL = `SELECT v.id AS reviewId, v.record_id AS recordId, v.case_id AS caseId, v.owner_agency_id AS ownerAgencyId, v.status AS disposal, v.decided_by AS decidedBy,
       v.decided_at AS at, v.schedule_id AS scheduleId, v."trigger" AS "trigger", v.period_months AS periodMonths, v.proposed_action AS proposedAction,
       v.triggered_on AS triggeredOn, v.due_on AS dueOn
  FROM retention_reviews v`;

/** Appends the disposal decided in review `reviewId`, forced to disk (called after the decision commits). */
export function logDisposal(reviewId: string): void {
  const row = getDb()
    .$client.prepare(`${REVIEW_SQL} WHERE v.id = ? AND v.status IN ('anonymised', 'deleted')`)
    .get(reviewId) as Unsigned | undefined;
  if (row) writeFileDurably(getConfig().disposalLogPath, disposalLine(row), "a");
}

/** The signed entries of the log, and how many lines were not (not replayed, reported). */
export function readDisposalLog(file = getConfig().disposalLogPath): { entries: DisposalEntry[]; unsigned: number } {
  if (!fs.existsSync(file)) return { entries: [], unsigned: 0 };
  const verifying = keys();
  const entries: DisposalEntry[] = [];
  let unsigned = 0;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let e: DisposalEntry;
    try {
      e = JSON.parse(line) as DisposalEntry;
    } catch {
      unsigned++;
      continue;
    }
    const signed =
      e &&
      e.v === 1 &&
      typeof e.mac === "string" &&
      (e.disposal === "anonymised" || e.disposal === "deleted") &&
      verifying.some((k) => sameHex(macOf(k, e), e.mac));
    if (signed) entries.push(e);
    else unsigned++;
  }
  return { entries, unsigned };
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export type ReplayResult = {
  entries: number;
  unsigned: number;
  replayed: number;
  missingRecords: number;
  files: number;
};

/**
 * Disposes again of every record the log says was disposed of and the database holds whole (or only anonymised, where
 * the log says deleted): after a restore from an older backup. The review row is written back as decided (its
 * reason stays in the database that was replaced); each replay is audited. Records the database does not hold (made
 * after the backup) are counted, nothing more. Idempotent: a second replay finds nothing to do. Synchronous, so a
 * server replays before its first request; the records' files are returned for the caller to delete from the store.
 */
export function replayDisposals(
  now = new Date(),
): ReplayResult & { fileAddresses: string[]; loggedReviewIds: Set<string> } {
  const { entries, unsigned } = readDisposalLog();
  const sqlite = getDb().$client;
  const result: ReplayResult = { entries: entries.length, unsigned, replayed: 0, missingRecords: 0, files: 0 };
  const fileAddresses: string[] = [];
  const recordState = sqlite.prepare(`SELECT disposal FROM case_records WHERE id = ?`);
  const reviewExists = sqlite.prepare(`SELECT 1 FROM retention_reviews WHERE id = ?`);
  const userExists = sqlite.prepare(`SELECT 1 FROM users WHERE id = ?`);
  const scheduleFor = sqlite.prepare(
    `SELECT s.id FROM retention_schedules s JOIN case_records r ON r.owner_agency_id = s.agency_id AND r.category = s.category WHERE r.id = ?`,
  );
  const scheduleExists = sqlite.prepare(`SELECT 1 FROM retention_schedules WHERE id = ?`);
  const reason =
    "Disposal replayed from the disposal log after a restore; the lead's reason is in the database that was replaced";
  const needsReplay = (e: DisposalEntry) => {
    const record = recordState.get(e.recordId) as { disposal: Disposal | null } | undefined;
    return record ? record.disposal !== "deleted" && record.disposal !== e.disposal : false;
  };
  for (const e of entries) {
    // Read first, without the write lock: at start-up nearly every entry is already done (or its record is not held).
    if (!needsReplay(e)) {
      if (!recordState.get(e.recordId)) result.missingRecords++;
      continue;
    }
    // Checked again inside the write lock: two processes starting at once replay each record once.
    const outcome = sqlite
      .transaction((): "missing" | "done" | "replayed" => {
        const record = recordState.get(e.recordId) as { disposal: Disposal | null } | undefined;
        if (!record) return "missing";
        if (record.disposal === "deleted" || record.disposal === e.disposal) return "done";
        const by = e.decidedBy && userExists.get(e.decidedBy) ? e.decidedBy : null;
        const scheduleId = scheduleExists.get(e.scheduleId)
          ? e.scheduleId
          : (scheduleFor.get(e.recordId) as { id: string } | undefined)?.id;
        if (!scheduleId) return "missing";
        if (reviewExists.get(e.reviewId))
          sqlite
            .prepare(
              `UPDATE retention_reviews SET status = ?, decided_by = ?, decided_at = ?, decision_reason = coalesce(decision_reason, ?), retain_until = NULL WHERE id = ?`,
            )
            .run(e.disposal, by, e.at, reason, e.reviewId);
        else
          sqlite
            .prepare(
              `INSERT INTO retention_reviews (id, record_id, case_id, owner_agency_id, schedule_id, "trigger", period_months, proposed_action, triggered_on, due_on, status, decided_by, decided_at, decision_reason, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              e.reviewId,
              e.recordId,
              e.caseId,
              e.ownerAgencyId,
              scheduleId,
              e.trigger,
              e.periodMonths,
              e.proposedAction,
              e.triggeredOn,
              e.dueOn,
              e.disposal,
              by,
              e.at,
              reason,
              e.at,
            );
        // Another review of the record may have been pending in the backup: this disposal answers it.
        sqlite
          .prepare(`DELETE FROM retention_reviews WHERE record_id = ? AND status = 'pending' AND id <> ?`)
          .run(e.recordId, e.reviewId);
        const { fileAddresses: files, peopleDisposed } = disposeRecord(sqlite, {
          recordId: e.recordId,
          disposal: e.disposal,
          by: by ?? "disposal-log",
          reviewId: e.reviewId,
          now: new Date(e.at),
        });
        audit({
          actorUserId: null,
          actorAgencyId: null,
          action: "retention.replay",
          outcome: "done",
          subjectType: "CaseRecord",
          subjectId: e.recordId,
          caseId: e.caseId,
          detail: { reviewId: e.reviewId, disposal: e.disposal, files: files.length },
        });
        for (const personId of peopleDisposed)
          audit({
            actorUserId: null,
            actorAgencyId: null,
            action: "retention.person.dispose",
            outcome: "done",
            subjectType: "Person",
            subjectId: personId,
            caseId: e.caseId,
            detail: { reviewId: e.reviewId, replayed: true },
          });
        fileAddresses.push(...files);
        return "replayed";
      })
      .immediate();
    if (outcome === "missing") result.missingRecords++;
    if (outcome === "replayed") result.replayed++;
  }
  result.files = fileAddresses.length;
  if (result.replayed || result.unsigned)
    audit({
      actorUserId: null,
      actorAgencyId: null,
      action: "retention.replay_run",
      outcome: "done",
      subjectType: "RetentionSchedule",
      detail: { ...result, at: now.toISOString() },
    });
  return { ...result, fileAddresses, loggedReviewIds: new Set(entries.map((e) => e.reviewId)) };
}

/** Replays the log and deletes the replayed records' files from the store (the commands). */
export async function replayDisposalsWithFiles(now = new Date()): Promise<ReplayResult> {
  const { fileAddresses, loggedReviewIds: _logged, ...result } = replayDisposals(now);
  await deleteStoredFiles(fileAddresses);
  return result;
}

/**
 * Puts in the log any disposal the database holds that the log lacks: a process that stopped between committing a
 * decision and appending its line. Run at start-up, before anything could restore over it (given the review ids
 * the replay just read, the log is not read twice). Bounded: the decided reviews are read 500 at a time.
 */
export function catchUpDisposalLog(
  logged: ReadonlySet<string> = new Set(readDisposalLog().entries.map((e) => e.reviewId)),
): number {
  const sqlite = getDb().$client;
  const page = sqlite.prepare(
    `${REVIEW_SQL} WHERE v.status IN ('anonymised', 'deleted') AND v.id > ? ORDER BY v.id LIMIT 500`,
  );
  let after = "";
  let added = 0;
  for (;;) {
    const rows = page.all(after) as Unsigned[];
    if (!rows.length) break;
    const missing = rows.filter((r) => !logged.has(r.reviewId));
    if (missing.length) writeFileDurably(getConfig().disposalLogPath, missing.map(disposalLine).join(""), "a");
    added += missing.length;
    after = rows[rows.length - 1]!.reviewId;
  }
  return added;
}
