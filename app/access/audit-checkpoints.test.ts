import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  auditCheckpointKey,
  checkpointLine,
  compareWithCheckpoints,
  parseCheckpoints,
  signCheckpoint,
  type Checkpoint,
} from "./audit-checkpoints";

const key = auditCheckpointKey(createSecretKey(Buffer.alloc(32, 1)));
const otherKey = auditCheckpointKey(createSecretKey(Buffer.alloc(32, 2)));
const hex = (c: string) => c.repeat(64);

function cp(
  seq: number,
  head: string,
  at = `2026-01-01T00:00:${String(seq % 60).padStart(2, "0")}.000Z`,
  signer = key,
): Checkpoint {
  return signCheckpoint(signer, { at, seq, head });
}

describe("parseCheckpoints", () => {
  it("reads signed lines in order", () => {
    const text = [cp(1, hex("a")), cp(2, hex("b"))].map(checkpointLine).join("");
    const file = parseCheckpoints(text, [key]);
    expect(file.all.map((c) => c.seq)).toEqual([1, 2]);
    expect(file.problems).toEqual([]);
    expect(file.tornLastLine).toBe(false);
  });

  it("reports lines that are not checkpoints or not signed with a key given, by line number", () => {
    const forged = { ...cp(3, hex("c")), seq: 4 }; // the sequence number changed after signing
    const text = [
      checkpointLine(cp(1, hex("a"))),
      "not json\n",
      `${JSON.stringify({ v: 1, seq: 2 })}\n`,
      checkpointLine(forged),
      checkpointLine(cp(5, hex("e"), undefined, otherKey)),
    ].join("");
    const file = parseCheckpoints(text, [key]);
    expect(file.all.map((c) => c.seq)).toEqual([1]);
    expect(file.problems).toEqual([
      { line: 2, problem: "unreadable" },
      { line: 3, problem: "unreadable" },
      { line: 4, problem: "unsigned" },
      { line: 5, problem: "unsigned" },
    ]);
    expect(parseCheckpoints(text, [key, otherKey]).all.map((c) => c.seq)).toEqual([1, 5]);
  });

  it("ignores a last line cut short by a crash", () => {
    const text = `${checkpointLine(cp(1, hex("a")))}${checkpointLine(cp(2, hex("b"))).slice(0, 30)}`;
    const file = parseCheckpoints(text, [key]);
    expect(file.all.map((c) => c.seq)).toEqual([1]);
    expect(file.problems).toEqual([]);
    expect(file.tornLastLine).toBe(true);
  });

  it("applies only the checkpoints from the latest restore record on", () => {
    const restore = signCheckpoint(key, {
      kind: "restore",
      at: "2026-01-02T00:00:00.000Z",
      seq: 3,
      head: hex("c"),
      rolledBackFrom: 9,
    });
    const text = [cp(5, hex("e")), cp(9, hex("f")), restore, cp(4, hex("d"))].map(checkpointLine).join("");
    expect(parseCheckpoints(text, [key]).current.map((c) => [c.kind, c.seq])).toEqual([
      ["restore", 3],
      ["checkpoint", 4],
    ]);
    // rolledBackFrom is signed too
    const altered = checkpointLine({ ...restore, rolledBackFrom: 2 });
    expect(parseCheckpoints(altered, [key]).problems).toEqual([{ line: 1, problem: "unsigned" }]);
  });
});

describe("compareWithCheckpoints", () => {
  const log = new Map([
    [1, hex("a")],
    [2, hex("b")],
    [3, hex("c")],
  ]);
  const hashAt = (seq: number) => log.get(seq);

  it("matches when every checkpointed entry is present with its hash", () => {
    expect(compareWithCheckpoints([cp(0, hex("0")), cp(2, hex("b")), cp(3, hex("c"))], hashAt, 3)).toMatchObject({
      mismatches: [],
      compared: 3,
      latest: { seq: 3 },
    });
  });

  it("reports a log that ends before a checkpoint (newest entries removed, whatever the sequence says)", () => {
    const { mismatches } = compareWithCheckpoints([cp(2, hex("b")), cp(5, hex("e"))], hashAt, 3);
    expect(mismatches).toEqual([
      { problem: "log-shorter", checkpoint: expect.objectContaining({ seq: 5 }), lastSeq: 3 },
    ]);
    expect(compareWithCheckpoints([cp(2, hex("b"))], () => undefined, 0).mismatches[0]?.problem).toBe("log-shorter");
  });

  it("reports a checkpointed entry with another hash or missing (rewritten or deleted)", () => {
    expect(compareWithCheckpoints([cp(2, hex("9"))], hashAt, 3).mismatches.map((m) => m.problem)).toEqual([
      "entry-differs",
    ]);
    expect(
      compareWithCheckpoints([cp(2, hex("b"))], (s) => (s === 2 ? undefined : hashAt(s)), 3).mismatches.map(
        (m) => m.problem,
      ),
    ).toEqual(["entry-differs"]);
  });

  it("checking a copy, requires only the checkpoints written before it was taken", () => {
    const checkpoints = [cp(2, hex("b"), "2026-01-01T10:00:00.000Z"), cp(7, hex("e"), "2026-01-01T12:00:00.000Z")];
    expect(compareWithCheckpoints(checkpoints, hashAt, 3, "2026-01-01T11:00:00.000Z")).toMatchObject({
      mismatches: [],
      compared: 1,
    });
    expect(
      compareWithCheckpoints(checkpoints, hashAt, 3, "2026-01-01T13:00:00.000Z").mismatches.map((m) => m.problem),
    ).toEqual(["log-shorter"]);
  });
});
