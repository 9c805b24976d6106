import { desc } from "drizzle-orm";
import { getDb } from "~/db.server";
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
 * the same file cannot both link to the same predecessor.
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

/** Reads the whole chain in order, in pages, and reports the first broken entry. */
export function verifyAuditChain(): { entries: number; problem: ChainProblem | null } {
  const db = getDb();
  const stmt = db.$client.prepare(
    `SELECT seq, at, actor_user_id AS actorUserId, actor_agency_id AS actorAgencyId, action,
            subject_type AS subjectType, subject_id AS subjectId, case_id AS caseId, purpose, outcome, detail,
            prev_hash AS prevHash, hash
       FROM audit_log ORDER BY seq`,
  );
  let entries = 0;
  function* rows() {
    for (const row of stmt.iterate() as Iterable<Parameters<typeof verifyChain>[0] extends Iterable<infer R> ? R : never>) {
      entries++;
      yield row;
    }
  }
  // SQLite keeps the highest AUTOINCREMENT value ever issued in sqlite_sequence.
  const issued = db.$client.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as { seq: number } | undefined;
  const problem = verifyChain(rows(), issued?.seq ?? 0);
  return { entries, problem };
}
