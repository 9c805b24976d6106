import type { KeyObject } from "node:crypto";
import { desc } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { getDb, type Db } from "~/db.server";
import { beforeResponse, inReadRequest } from "~/request-scope.server";
import { auditLog } from "../../db/schema/audit";
import {
  auditChainKey,
  GENESIS_HASH,
  KEYED_CHAIN,
  LEGACY_CHAIN,
  keyedEntryHash,
  verifyChain,
  type ChainEntry,
  type ChainResult,
} from "./audit-chain";

export type AuditEvent = {
  actorUserId: string | null;
  actorAgencyId: string | null;
  action: string;
  outcome: "allowed" | "denied" | "done" | "failed";
  subjectType?: string | null;
  subjectId?: string | null;
  caseId?: string | null;
  purpose?: string | null;
  /** Identifiers, reasons and codes only: never content, names or contact details. */
  detail?: Record<string, string | number | boolean | null> | null;
};

// Derived once per configured key (tests change the configuration between files).
let derived: { secret: KeyObject; chainKey: KeyObject } | undefined;
function currentChainKey(): KeyObject {
  const secret = getConfig().secretKey;
  if (derived?.secret !== secret) derived = { secret, chainKey: auditChainKey(secret) };
  return derived.chainKey;
}

/** The chain keys to verify with: the current key first, then any previous keys (AUDIT_PREVIOUS_KEYS). */
export function configuredChainKeys(): KeyObject[] {
  return [currentChainKey(), ...getConfig().previousSecretKeys.map(auditChainKey)];
}

/**
 * Appends one entry to the hash chain, signed with the chain key (decision 0026). Runs in an IMMEDIATE transaction
 * so two processes writing the same file cannot both link to the same predecessor: the last hash is read and the next entry written
 * under the write lock. Called inside a caller's transaction it is a savepoint of that one, which also began
 * IMMEDIATE (db/client.ts, decision 0022), so the lock is held from before the read either way.
 *
 * A page view's entry (a GET or HEAD being answered, outside any transaction) is written with the others made in
 * the same turn of the event loop, in one transaction, and the page is not sent until it is written (decision
 * 0032): each commit costs an fsync (decision 0028), and one per page view capped the pages a process could serve.
 */
export function audit(event: AuditEvent): void {
  const entry = { event, at: new Date().toISOString() };
  if (getDb().$client.inTransaction || !inReadRequest()) return appendEntries([entry]);
  pageViews.push(entry);
  pageViewsWritten ??= new Promise<void>((resolve, reject) =>
    setImmediate(() => {
      const batch = pageViews;
      pageViews = [];
      pageViewsWritten = undefined;
      try {
        if (batch.length) appendEntries(batch);
        resolve();
      } catch (error) {
        reject(error);
      }
    }),
  );
  beforeResponse(pageViewsWritten);
}

type PendingEntry = { event: AuditEvent; at: string };
let pageViews: PendingEntry[] = [];
let pageViewsWritten: Promise<void> | undefined;

/** Entries appended in order in one transaction (a savepoint of the caller's, when there is one). */
function appendEntries(entries: PendingEntry[]): void {
  const db = getDb();
  const chainKey = currentChainKey();
  db.$client
    .transaction(() => {
      let last = db
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.seq))
        .limit(1)
        .get();
      for (const { event, at } of entries) {
        const fields = {
          seq: (last?.seq ?? 0) + 1,
          at,
          actorUserId: event.actorUserId,
          actorAgencyId: event.actorAgencyId,
          action: event.action,
          subjectType: event.subjectType ?? null,
          subjectId: event.subjectId ?? null,
          caseId: event.caseId ?? null,
          purpose: event.purpose ?? null,
          outcome: event.outcome,
          detail: event.detail ? JSON.stringify(event.detail) : null,
        };
        const prevHash = last?.hash ?? GENESIS_HASH;
        const hash = keyedEntryHash(chainKey, prevHash, fields);
        db.insert(auditLog)
          .values({ ...fields, prevHash, hash, chainVersion: KEYED_CHAIN })
          .run();
        last = { seq: fields.seq, hash };
      }
    })
    .immediate();
}

/** Writes page views' entries still waiting for their turn of the event loop (at shutdown, before the checkpoint). */
export function writePendingAudit(): void {
  const batch = pageViews;
  pageViews = [];
  if (batch.length) appendEntries(batch);
}

/** The newest entry (seq 0 and the genesis hash when the log is empty). */
export function auditHead(db: Db = getDb()): { seq: number; hash: string } {
  const last = db.$client.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as
    { seq: number; hash: string } | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Whether the newest entry verifies with the configured keys (true for an empty log or an unkeyed head). False
 * means CONCORD_SECRET_KEY changed without the old key in AUDIT_PREVIOUS_KEYS, or the entry was altered.
 */
export function headVerifiesWithConfiguredKeys(db: Db = getDb()): boolean {
  const head = db.$client
    .prepare(
      `SELECT seq, at, actor_user_id AS actorUserId, actor_agency_id AS actorAgencyId, action, subject_type AS subjectType,
              subject_id AS subjectId, case_id AS caseId, purpose, outcome, detail, prev_hash AS prevHash, hash, chain_version AS chainVersion
         FROM audit_log ORDER BY seq DESC LIMIT 1`,
    )
    .get() as ChainEntry | undefined;
  if (!head || head.chainVersion !== KEYED_CHAIN) return true;
  return configuredChainKeys().some((key) => keyedEntryHash(key, head.prevHash, head) === head.hash);
}

export type AuditChainCheck = ChainResult & {
  /** Rows in the log (all of them, not only those read before the first problem). */
  entries: number;
  /** The highest sequence number present, and SQLite's record of the highest ever issued. */
  lastSeq: number;
  issuedSeq: number;
};

/**
 * Reads the whole chain in order (streaming rows) and reports the first broken entry. `db` defaults to the
 * process's connection; scripts pass their own so they do not migrate the file they check. `inSnapshot` runs in
 * the same read transaction (checkpoint comparisons see the rows the walk saw).
 */
export function verifyAuditChain(
  db: Db = getDb(),
  chainKeys: readonly KeyObject[] = configuredChainKeys(),
  inSnapshot?: (snapshot: { hashAt: (seq: number) => string | undefined; lastSeq: number }) => void,
): AuditChainCheck {
  // One read transaction: the count, the high-water mark, the rows and the lookups come from the same snapshot.
  return db.$client
    .transaction(() => {
      const { entries, lastSeq } = db.$client
        .prepare(`SELECT count(*) AS entries, coalesce(max(seq), 0) AS lastSeq FROM audit_log`)
        .get() as { entries: number; lastSeq: number };
      // SQLite keeps the highest AUTOINCREMENT value ever issued in sqlite_sequence.
      const issued = db.$client.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as
        { seq: number } | undefined;
      // A file not yet migrated to decision 0026 has no chain_version column: all its entries are unkeyed.
      const versioned = (db.$client.pragma("table_info(audit_log)") as { name: string }[]).some(
        (c) => c.name === "chain_version",
      );
      const rows = db.$client
        .prepare(
          `SELECT seq, at, actor_user_id AS actorUserId, actor_agency_id AS actorAgencyId, action,
                subject_type AS subjectType, subject_id AS subjectId, case_id AS caseId, purpose, outcome, detail,
                prev_hash AS prevHash, hash, ${versioned ? "chain_version" : LEGACY_CHAIN} AS chainVersion
           FROM audit_log ORDER BY seq`,
        )
        .iterate() as IterableIterator<ChainEntry>;
      const result = verifyChain(rows, chainKeys, issued?.seq ?? 0);
      if (inSnapshot) {
        const lookup = db.$client.prepare(`SELECT hash FROM audit_log WHERE seq = ?`).pluck();
        inSnapshot({ hashAt: (seq) => lookup.get(seq) as string | undefined, lastSeq });
      }
      return { ...result, entries, lastSeq, issuedSeq: issued?.seq ?? 0 };
    })
    .deferred();
}
