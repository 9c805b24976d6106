import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type AuditFields = {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorAgencyId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  caseId: string | null;
  purpose: string | null;
  outcome: string;
  detail: string | null;
};

/** The hash of an entry covers its sequence number, every field and the previous hash, in a fixed order. */
export function entryHash(prevHash: string, e: AuditFields): string {
  const canonical = JSON.stringify([
    e.seq, e.at, e.actorUserId, e.actorAgencyId, e.action, e.subjectType, e.subjectId, e.caseId, e.purpose, e.outcome, e.detail,
  ]);
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

export type ChainProblem = { seq: number; problem: "hash-mismatch" | "broken-link" | "gap" };

/**
 * Walks entries in sequence order and returns the first problem: an altered entry (hash mismatch),
 * a changed or removed predecessor (broken link), or a missing sequence number (gap: deleted rows).
 */
export function verifyChain(
  entries: Iterable<AuditFields & { prevHash: string; hash: string }>,
  highestIssuedSeq = 0,
): ChainProblem | null {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: expectedSeq, problem: "gap" };
    if (e.prevHash !== expectedPrev) return { seq: e.seq, problem: "broken-link" };
    if (entryHash(e.prevHash, e) !== e.hash) return { seq: e.seq, problem: "hash-mismatch" };
    expectedPrev = e.hash;
    expectedSeq = e.seq + 1;
  }
  // Rows removed from the end leave the highest sequence number ever issued above the last row.
  if (highestIssuedSeq >= expectedSeq) return { seq: expectedSeq, problem: "gap" };
  return null;
}
