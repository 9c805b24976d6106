import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  auditChainKey,
  entryHash,
  GENESIS_HASH,
  KEYED_CHAIN,
  keyedEntryHash,
  LEGACY_CHAIN,
  verifyChain,
  type AuditFields,
  type ChainEntry,
} from "./audit-chain";
import { auditCheckpointKey } from "./audit-checkpoints";

const secret = createSecretKey(Buffer.alloc(32, 7));
const otherSecret = createSecretKey(Buffer.alloc(32, 9));
const key = auditChainKey(secret);
const otherKey = auditChainKey(otherSecret);

function fieldsFor(seq: number): AuditFields {
  return {
    seq,
    at: new Date(Date.UTC(2025, 4, 1, 9, seq)).toISOString(),
    actorUserId: `user-${seq % 3}`,
    actorAgencyId: "agency-1",
    action: seq % 2 ? "auth.sign_in" : "user.create",
    subjectType: "User",
    subjectId: `user-${seq}`,
    caseId: null,
    purpose: null,
    outcome: "done",
    detail: JSON.stringify({ n: seq }),
  };
}

/** `legacy` entries hashed the old way, then `keyed` entries signed with `signer`. */
function buildChain(keyed: number, legacy = 0, signer = key): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= legacy + keyed; seq++) {
    const fields = fieldsFor(seq);
    const isLegacy = seq <= legacy;
    const hash = isLegacy ? entryHash(prev, fields) : keyedEntryHash(signer, prev, fields);
    entries.push({ ...fields, prevHash: prev, hash, chainVersion: isLegacy ? LEGACY_CHAIN : KEYED_CHAIN });
    prev = hash;
  }
  return entries;
}

/** Recomputes every hash from index `from` on, as someone without the key can: the unkeyed way. */
function rehashWithoutKey(chain: ChainEntry[], from: number, asVersion: number): ChainEntry[] {
  const out = chain.slice(0, from);
  let prev = from === 0 ? GENESIS_HASH : chain[from - 1]!.hash;
  for (const e of chain.slice(from)) {
    const hash = entryHash(prev, e);
    out.push({ ...e, prevHash: prev, hash, chainVersion: asVersion });
    prev = hash;
  }
  return out;
}

const problemOf = (chain: ChainEntry[], issued = 0, keys = [key]) => verifyChain(chain, keys, issued).problem;

describe("keys", () => {
  it("derives separate keys for the chain and the checkpoints, each depending on the secret", () => {
    const chain = key.export().toString("hex");
    expect(chain).not.toBe(auditCheckpointKey(secret).export().toString("hex"));
    expect(chain).not.toBe(secret.export().toString("hex"));
    expect(chain).not.toBe(otherKey.export().toString("hex"));
    expect(chain).toBe(
      auditChainKey(createSecretKey(Buffer.alloc(32, 7)))
        .export()
        .toString("hex"),
    );
  });
});

describe("entry hashes", () => {
  it("depend on every field and the previous hash (both versions), and differ between versions and keys", () => {
    const e = fieldsFor(1);
    for (const hashOf of [
      (p: string, f: AuditFields) => entryHash(p, f),
      (p: string, f: AuditFields) => keyedEntryHash(key, p, f),
    ]) {
      const h = hashOf(GENESIS_HASH, e);
      expect(h).toMatch(/^[0-9a-f]{64}$/);
      expect(hashOf("f".repeat(64), e)).not.toBe(h);
      for (const field of [
        "seq",
        "at",
        "actorUserId",
        "actorAgencyId",
        "action",
        "subjectType",
        "subjectId",
        "caseId",
        "purpose",
        "outcome",
        "detail",
      ] as const) {
        expect(hashOf(GENESIS_HASH, { ...e, [field]: field === "seq" ? 99 : "changed" }), field).not.toBe(h);
      }
      expect(hashOf(GENESIS_HASH, { ...e, caseId: null })).not.toBe(hashOf(GENESIS_HASH, { ...e, caseId: "null" }));
    }
    expect(keyedEntryHash(key, GENESIS_HASH, e)).not.toBe(entryHash(GENESIS_HASH, e));
    expect(keyedEntryHash(key, GENESIS_HASH, e)).not.toBe(keyedEntryHash(otherKey, GENESIS_HASH, e));
  });
});

describe("verifyChain", () => {
  it("accepts an empty chain, a keyed chain, and unkeyed entries followed by keyed ones", () => {
    expect(verifyChain([], [key])).toEqual({
      problem: null,
      head: { seq: 0, hash: GENESIS_HASH },
      legacy: 0,
      previousKey: 0,
    });
    const chain = buildChain(4, 3);
    expect(verifyChain(chain, [key], 7)).toEqual({
      problem: null,
      head: { seq: 7, hash: chain[6]!.hash },
      legacy: 3,
      previousKey: 0,
    });
    expect(problemOf(buildChain(0, 5), 5)).toBeNull(); // a log from before the change, not yet written to
  });

  it("reports an altered field as a hash mismatch at that entry", () => {
    const chain = buildChain(6);
    chain[3] = { ...chain[3]!, outcome: "denied" };
    expect(problemOf(chain, 6)).toEqual({ seq: 4, problem: "hash-mismatch" });
  });

  it("reports a keyed entry whose hash was recomputed without the key at that entry, even the newest", () => {
    for (const at of [2, 5]) {
      const chain = buildChain(6);
      const altered = { ...chain[at]!, detail: JSON.stringify({ n: 999 }) };
      chain[at] = { ...altered, hash: entryHash(altered.prevHash, altered) };
      expect(problemOf(chain, 6)).toEqual({ seq: at + 1, problem: "hash-mismatch" });
      chain[at] = { ...chain[at]!, chainVersion: LEGACY_CHAIN }; // and passed off as an old entry
      expect(problemOf(chain, 6)).toEqual({ seq: at + 1, problem: "legacy-after-keyed" });
    }
  });

  it("reports an unkeyed entry recomputed in the legacy part as a broken link at the next entry", () => {
    const chain = buildChain(3, 3);
    const altered = { ...chain[1]!, detail: "{}" };
    chain[1] = { ...altered, hash: entryHash(altered.prevHash, altered) };
    expect(problemOf(chain, 6)).toEqual({ seq: 3, problem: "broken-link" });
  });

  it("reports a chain re-hashed from a point without the key, keyed or passed off as legacy", () => {
    const chain = buildChain(6, 2);
    expect(problemOf(rehashWithoutKey(chain, 4, KEYED_CHAIN), 8)).toEqual({ seq: 5, problem: "hash-mismatch" });
    expect(problemOf(rehashWithoutKey(chain, 4, LEGACY_CHAIN), 8)).toEqual({ seq: 5, problem: "legacy-after-keyed" });
    // Re-hashed from the first entry as if never keyed, the chain is consistent in itself: only a checkpoint
    // outside the database shows it (audit-checkpoints.test.ts).
    expect(problemOf(rehashWithoutKey(chain, 0, LEGACY_CHAIN), 8)).toBeNull();
  });

  it("reports a forged entry appended, keyed or not", () => {
    const chain = buildChain(4);
    const forged = { ...fieldsFor(5), prevHash: chain[3]!.hash };
    expect(
      problemOf(
        [...chain, { ...forged, hash: keyedEntryHash(otherKey, forged.prevHash, forged), chainVersion: KEYED_CHAIN }],
        5,
      ),
    ).toEqual({ seq: 5, problem: "hash-mismatch" });
    expect(
      problemOf([...chain, { ...forged, hash: entryHash(forged.prevHash, forged), chainVersion: LEGACY_CHAIN }], 5),
    ).toEqual({ seq: 5, problem: "legacy-after-keyed" });
  });

  it("reports two entries swapped", () => {
    const chain = buildChain(6);
    [chain[2], chain[3]] = [chain[3]!, chain[2]!];
    expect(problemOf(chain, 6)).toEqual({ seq: 3, problem: "gap" });
    const swappedContent = buildChain(6);
    const [a, b] = [swappedContent[2]!, swappedContent[3]!];
    swappedContent[2] = { ...b, seq: 3, prevHash: a.prevHash };
    swappedContent[3] = { ...a, seq: 4, prevHash: swappedContent[2].hash };
    expect(problemOf(swappedContent, 6)).toEqual({ seq: 3, problem: "hash-mismatch" });
  });

  it("reports deleted entries as gaps, at the end through the highest sequence number issued", () => {
    const middle = buildChain(6);
    middle.splice(2, 1);
    expect(problemOf(middle, 6)).toEqual({ seq: 3, problem: "gap" });
    expect(problemOf(buildChain(4).slice(1), 4)).toEqual({ seq: 1, problem: "gap" });
    const tail = buildChain(6).slice(0, 5);
    expect(problemOf(tail)).toBeNull(); // undetectable in the database alone once the sequence is lowered
    expect(problemOf(tail, 6)).toEqual({ seq: 6, problem: "gap" });
    expect(problemOf([], 2)).toEqual({ seq: 1, problem: "gap" });
  });

  it("verifies entries signed with a previous key when it is given, and counts them", () => {
    const old = buildChain(3, 0, otherKey);
    let prev = old[2]!.hash;
    const chain = [...old];
    for (let seq = 4; seq <= 6; seq++) {
      const fields = fieldsFor(seq);
      const hash = keyedEntryHash(key, prev, fields);
      chain.push({ ...fields, prevHash: prev, hash, chainVersion: KEYED_CHAIN });
      prev = hash;
    }
    expect(problemOf(chain, 6)).toEqual({ seq: 1, problem: "hash-mismatch" });
    expect(verifyChain(chain, [key, otherKey], 6)).toMatchObject({ problem: null, previousKey: 3 });
  });

  it("reports an unknown chain version", () => {
    const chain = buildChain(2);
    chain[1] = { ...chain[1]!, chainVersion: 3 };
    expect(problemOf(chain, 2)).toEqual({ seq: 2, problem: "unknown-version" });
  });
});
