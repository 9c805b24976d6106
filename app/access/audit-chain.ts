// The audit log's hash chain (decision 0026). Pure: no database, no files.
// Version 1 (entries written before the chain was keyed): sha256(prev_hash + "\n" + canonical entry). Anyone can
// recompute it, so on its own it shows accidents, not an attacker who rewrites the tail.
// Version 2: HMAC-SHA256 with a key derived from CONCORD_SECRET_KEY, which is never in the database, so someone
// with the database file alone cannot write an entry (or re-hash a run of entries) that verifies.
import { createHash, createHmac, type KeyObject } from "node:crypto";
import { deriveKey } from "~/services/secret-box.server";

export const GENESIS_HASH = "0".repeat(64);

/** Unkeyed SHA-256 (before decision 0026); verified, never written any more. */
export const LEGACY_CHAIN = 1;
/** HMAC-SHA256 with the audit chain key: what audit() writes. */
export const KEYED_CHAIN = 2;

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

export type ChainEntry = AuditFields & { prevHash: string; hash: string; chainVersion: number };

/**
 * The key that signs chain entries (version 2), derived from CONCORD_SECRET_KEY with its own label, so it is
 * independent of every other key derived from it: knowing one tells nothing of another.
 */
export function auditChainKey(secret: KeyObject): KeyObject {
  return deriveKey(secret, "concord/audit-chain/v2");
}

function canonical(e: AuditFields): string {
  return JSON.stringify([
    e.seq,
    e.at,
    e.actorUserId,
    e.actorAgencyId,
    e.action,
    e.subjectType,
    e.subjectId,
    e.caseId,
    e.purpose,
    e.outcome,
    e.detail,
  ]);
}

/** Version 1: the hash covers the sequence number, every field and the previous hash, in a fixed order. */
export function entryHash(prevHash: string, e: AuditFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonical(e)).digest("hex");
}

/** Version 2: the same bytes as version 1, signed with the chain key instead of hashed. */
export function keyedEntryHash(chainKey: KeyObject, prevHash: string, e: AuditFields): string {
  return createHmac("sha256", chainKey).update(prevHash).update("\n").update(canonical(e)).digest("hex");
}

export type ChainProblemKind = "hash-mismatch" | "broken-link" | "gap" | "legacy-after-keyed" | "unknown-version";
export type ChainProblem = { seq: number; problem: ChainProblemKind };

export type ChainResult = {
  problem: ChainProblem | null;
  /** The newest entry read (before the first problem, if there is one); seq 0 and the genesis hash when empty. */
  head: { seq: number; hash: string };
  /** Entries hashed the old, unkeyed way. */
  legacy: number;
  /** Keyed entries signed with a previous key (chainKeys[1..]) rather than the current one. */
  previousKey: number;
};

/**
 * Walks entries in sequence order and returns the first problem: an altered, forged or re-hashed entry (hash
 * mismatch: a keyed entry must verify under one of `chainKeys`, the current key first), a changed or removed
 * predecessor (broken link), a missing sequence number (gap), or an unkeyed entry after keyed ones (legacy after
 * keyed: the one way to write an entry without the key, so it is never legitimate once the chain is keyed).
 * `onEntry` sees each entry that verified, so the caller can compare it with checkpoints in the same pass.
 */
export function verifyChain(
  entries: Iterable<ChainEntry>,
  chainKeys: readonly KeyObject[],
  highestIssuedSeq = 0,
  onEntry?: (e: { seq: number; hash: string }) => void,
): ChainResult {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let keyedSeen = false;
  let legacy = 0;
  let previousKey = 0;
  const result = (problem: ChainProblem | null): ChainResult => ({
    problem,
    head: { seq: expectedSeq - 1, hash: expectedPrev },
    legacy,
    previousKey,
  });
  for (const e of entries) {
    if (e.seq !== expectedSeq) return result({ seq: expectedSeq, problem: "gap" });
    if (e.prevHash !== expectedPrev) return result({ seq: e.seq, problem: "broken-link" });
    if (e.chainVersion === LEGACY_CHAIN) {
      if (keyedSeen) return result({ seq: e.seq, problem: "legacy-after-keyed" });
      if (entryHash(e.prevHash, e) !== e.hash) return result({ seq: e.seq, problem: "hash-mismatch" });
      legacy += 1;
    } else if (e.chainVersion === KEYED_CHAIN) {
      keyedSeen = true;
      const signedWith = chainKeys.findIndex((key) => keyedEntryHash(key, e.prevHash, e) === e.hash);
      if (signedWith < 0) return result({ seq: e.seq, problem: "hash-mismatch" });
      if (signedWith > 0) previousKey += 1;
    } else {
      return result({ seq: e.seq, problem: "unknown-version" });
    }
    onEntry?.(e);
    expectedPrev = e.hash;
    expectedSeq = e.seq + 1;
  }
  // Rows removed from the end leave the highest sequence number ever issued above the last row.
  if (highestIssuedSeq >= expectedSeq) return result({ seq: expectedSeq, problem: "gap" });
  return result(null);
}

/** What each problem means, in words for the person running the check. */
export const CHAIN_PROBLEM_TEXT: Record<ChainProblemKind, string> = {
  "hash-mismatch":
    "the entry does not match its hash: it was altered, forged or re-hashed without the key (or the key given is not the one it was signed with)",
  "broken-link": "the entry does not link to the one before it (an earlier entry was altered, replaced or moved)",
  gap: "an entry with this sequence number is missing (deleted)",
  "legacy-after-keyed": "an unkeyed entry follows keyed ones: written or re-hashed by something without the key",
  "unknown-version": "the entry names a chain version this software does not know",
};
