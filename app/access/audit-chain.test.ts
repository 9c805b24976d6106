import { describe, expect, it } from "vitest";
import { entryHash, GENESIS_HASH, verifyChain, type AuditFields } from "./audit-chain";

type Entry = AuditFields & { prevHash: string; hash: string };

function buildChain(n: number): Entry[] {
  const entries: Entry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: AuditFields = {
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
    const hash = entryHash(prev, fields);
    entries.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe("entryHash", () => {
  it("is a sha-256 hex digest that depends on every field and the previous hash", () => {
    const [e] = buildChain(1);
    const h = entryHash(GENESIS_HASH, e!);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash("f".repeat(64), e!)).not.toBe(h);
    for (const key of ["seq", "at", "actorUserId", "actorAgencyId", "action", "subjectType", "subjectId", "caseId", "purpose", "outcome", "detail"] as const) {
      const changed = { ...e!, [key]: key === "seq" ? 99 : "changed" };
      expect(entryHash(GENESIS_HASH, changed), key).not.toBe(h);
    }
  });

  it("tells null from the string 'null'", () => {
    const [e] = buildChain(1);
    expect(entryHash(GENESIS_HASH, { ...e!, caseId: null })).not.toBe(entryHash(GENESIS_HASH, { ...e!, caseId: "null" }));
  });
});

describe("verifyChain", () => {
  it("accepts an empty chain and a valid chain", () => {
    expect(verifyChain([])).toBeNull();
    expect(verifyChain(buildChain(6), 6)).toBeNull();
  });

  it("reports an altered field as a hash mismatch at that entry", () => {
    const chain = buildChain(6);
    chain[3] = { ...chain[3]!, outcome: "denied" };
    expect(verifyChain(chain, 6)).toEqual({ seq: 4, problem: "hash-mismatch" });
  });

  it("reports an entry whose hash was recomputed after alteration as a broken link at the next entry", () => {
    const chain = buildChain(6);
    const altered = { ...chain[2]!, detail: JSON.stringify({ n: 999 }) };
    altered.hash = entryHash(altered.prevHash, altered);
    chain[2] = altered;
    expect(verifyChain(chain, 6)).toEqual({ seq: 4, problem: "broken-link" });
  });

  it("reports a deleted middle entry as a gap at the missing sequence number", () => {
    const chain = buildChain(6);
    chain.splice(2, 1);
    expect(verifyChain(chain, 6)).toEqual({ seq: 3, problem: "gap" });
  });

  it("reports a deleted first entry as a gap at 1", () => {
    expect(verifyChain(buildChain(4).slice(1), 4)).toEqual({ seq: 1, problem: "gap" });
  });

  it("detects entries deleted from the end through the highest sequence number ever issued", () => {
    const chain = buildChain(6).slice(0, 5);
    expect(verifyChain(chain)).toBeNull(); // undetectable without the high-water mark
    expect(verifyChain(chain, 6)).toEqual({ seq: 6, problem: "gap" });
    expect(verifyChain([], 2)).toEqual({ seq: 1, problem: "gap" });
  });

  it("reports a renumbered chain (entries re-sequenced after a deletion)", () => {
    const chain = buildChain(5);
    const renumbered = [chain[0]!, { ...chain[2]!, seq: 2 }, { ...chain[3]!, seq: 3 }];
    expect(verifyChain(renumbered, 3)).toEqual({ seq: 2, problem: "broken-link" });
  });
});
