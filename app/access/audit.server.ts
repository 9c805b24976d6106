import { desc } from "drizzle-orm";
import { getDb, type Db } from "~/db.server";
import { auditLog } from "../../db/schema/audit";
import { entryHash, GENESIS_HASH, verifyChain, type ChainProblem } from "./audit-chain";

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

/**
 * Appends one entry to the hash chain. Runs in an IMMEDIATE transaction so two processes writing
 * the same file cannot both link to the same predecessor: the last hash is read and the next entry written
 * under the write lock. Called inside a caller's transaction it is a savepoint of that one, which also began
 * IMMEDIATE (db/client.ts, decision 0022), so the lock is held from before the read either way.
 */
export function audit(event: AuditEvent): void {
  const db = getDb();
  db.$client.transaction(() => {
    const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date().toISOString(),
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
    db.insert(auditLog).values({ ...fields, prevHash, hash: entryHash(prevHash, fields) }).run();
  }).immediate();
}

/**
 * Reads the whole chain in order (streaming rows) and reports the first broken entry. `db` defaults to the
 * process's connection; scripts/audit-verify.ts passes its own so it does not migrate the file it checks.
 */
export function verifyAuditChain(db: Db = getDb()): { entries: number; problem: ChainProblem | null } {
  type Row = Parameters<typeof verifyChain>[0] extends Iterable<infer R> ? R : never;
  // One read transaction: the count, the high-water mark and the rows come from the same snapshot.
  return db.$client.transaction(() => {
    // `entries` is the whole log, not just the rows read before the first problem.
    const { entries } = db.$client.prepare(`SELECT count(*) AS entries FROM audit_log`).get() as { entries: number };
    // SQLite keeps the highest AUTOINCREMENT value ever issued in sqlite_sequence.
    const issued = db.$client.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as { seq: number } | undefined;
    const rows = db.$client
      .prepare(
        `SELECT seq, at, actor_user_id AS actorUserId, actor_agency_id AS actorAgencyId, action,
                subject_type AS subjectType, subject_id AS subjectId, case_id AS caseId, purpose, outcome, detail,
                prev_hash AS prevHash, hash
           FROM audit_log ORDER BY seq`,
      )
      .iterate() as IterableIterator<Row>;
    return { entries, problem: verifyChain(rows, issued?.seq ?? 0) };
  }).deferred();
}
