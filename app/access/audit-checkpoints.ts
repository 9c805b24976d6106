// Signed audit checkpoints (decision 0026). Pure: formats, signs, parses and compares; files are the caller's.
// A checkpoint records the newest entry's sequence number and hash at a moment, signed with a key derived from
// CONCORD_SECRET_KEY, and is kept outside the database. Whoever holds the database file but not the key can
// delete or rewrite entries only back to the latest checkpoint: anything a checkpoint covered no longer matches.
import { createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import { deriveKey } from "~/services/secret-box.server";

export type CheckpointKind = "checkpoint" | "restore";

export type Checkpoint = {
  v: 1;
  /** "restore": the database was replaced by a backup (npm run restore); earlier checkpoints no longer apply. */
  kind: CheckpointKind;
  at: string;
  seq: number;
  head: string;
  /** For "restore": the sequence number the latest checkpoint before the restore recorded (entries rolled back). */
  rolledBackFrom?: number;
  mac: string;
};

/** The key that signs checkpoints (and backup manifests), separate from the chain key. */
export function auditCheckpointKey(secret: KeyObject): KeyObject {
  return deriveKey(secret, "concord/audit-checkpoint/v1");
}

function macOf(key: KeyObject, c: Omit<Checkpoint, "mac">): string {
  return createHmac("sha256", key)
    .update(JSON.stringify([c.v, c.kind, c.at, c.seq, c.head, c.rolledBackFrom ?? null]))
    .digest("hex");
}

export function signCheckpoint(
  key: KeyObject,
  fields: { kind?: CheckpointKind; at: string; seq: number; head: string; rolledBackFrom?: number },
): Checkpoint {
  const unsigned: Omit<Checkpoint, "mac"> = {
    v: 1,
    kind: fields.kind ?? "checkpoint",
    at: fields.at,
    seq: fields.seq,
    head: fields.head,
  };
  if (fields.rolledBackFrom !== undefined) unsigned.rolledBackFrom = fields.rolledBackFrom;
  return { ...unsigned, mac: macOf(key, unsigned) };
}

/** One line of the checkpoint file (JSON, newline-terminated). */
export function checkpointLine(c: Checkpoint): string {
  return `${JSON.stringify(c)}\n`;
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function isCheckpointShape(x: unknown): x is Checkpoint {
  if (typeof x !== "object" || x === null) return false;
  const c = x as Record<string, unknown>;
  return (
    c.v === 1 &&
    (c.kind === "checkpoint" || c.kind === "restore") &&
    typeof c.at === "string" &&
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    typeof c.head === "string" &&
    /^[0-9a-f]{64}$/.test(c.head) &&
    (c.rolledBackFrom === undefined || Number.isSafeInteger(c.rolledBackFrom)) &&
    typeof c.mac === "string"
  );
}

export type CheckpointFileProblem = { line: number; problem: "unreadable" | "unsigned" };

export type CheckpointFile = {
  /** Every line that is a checkpoint signed with one of the keys, in file order. */
  all: Checkpoint[];
  /** The ones that apply to the database now: those from the latest restore record on. */
  current: Checkpoint[];
  problems: CheckpointFileProblem[];
  /** A last line without its newline (a write cut short by a crash): ignored, not a problem. */
  tornLastLine: boolean;
  lines: number;
};

/**
 * Reads a checkpoint file's text. A line that is not a checkpoint, or is not signed with any of `keys` (the
 * current checkpoint key first), is a problem: the file is append-only, so either means it was edited.
 */
export function parseCheckpoints(text: string, keys: readonly KeyObject[]): CheckpointFile {
  const rawLines = text.split("\n");
  const tornLastLine = rawLines[rawLines.length - 1] !== "";
  const complete = rawLines.slice(0, -1);
  const all: Checkpoint[] = [];
  const problems: CheckpointFileProblem[] = [];
  complete.forEach((raw, i) => {
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      problems.push({ line, problem: "unreadable" });
      return;
    }
    if (!isCheckpointShape(parsed)) {
      problems.push({ line, problem: "unreadable" });
      return;
    }
    const { mac, ...unsigned } = parsed;
    if (!keys.some((key) => sameHex(macOf(key, unsigned), mac))) {
      problems.push({ line, problem: "unsigned" });
      return;
    }
    all.push(parsed);
  });
  const lastRestore = all.map((c) => c.kind).lastIndexOf("restore");
  return {
    all,
    current: lastRestore < 0 ? all : all.slice(lastRestore),
    problems,
    tornLastLine,
    lines: complete.length,
  };
}

export type CheckpointMismatch =
  /** The log ends before an entry a checkpoint recorded: the newest entries were removed. */
  | { problem: "log-shorter"; checkpoint: Checkpoint; lastSeq: number }
  /** The entry a checkpoint recorded has another hash now: the chain was rewritten from that point or earlier. */
  | { problem: "entry-differs"; checkpoint: Checkpoint };

/**
 * Compares the log with checkpoints: every entry a checkpoint recorded must still be there with the same hash.
 * `hashAt` looks an entry up by sequence number in the snapshot being checked; `lastSeq` is the highest present.
 * With `takenAt` (checking a backup), only checkpoints written before the copy was taken must be in it.
 */
export function compareWithCheckpoints(
  checkpoints: readonly Checkpoint[],
  hashAt: (seq: number) => string | undefined,
  lastSeq: number,
  takenAt?: string,
): { mismatches: CheckpointMismatch[]; compared: number; latest: Checkpoint | null } {
  const applicable = takenAt === undefined ? checkpoints : checkpoints.filter((c) => c.at < takenAt);
  const mismatches: CheckpointMismatch[] = [];
  let latest: Checkpoint | null = null;
  for (const c of applicable) {
    if (!latest || c.seq >= latest.seq) latest = c;
    if (c.seq === 0) continue; // an empty log: nothing to find
    if (c.seq > lastSeq) mismatches.push({ problem: "log-shorter", checkpoint: c, lastSeq });
    else if (hashAt(c.seq) !== c.head) mismatches.push({ problem: "entry-differs", checkpoint: c });
  }
  return { mismatches, compared: applicable.length, latest };
}
