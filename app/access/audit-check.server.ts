// The whole audit check (decision 0026): the hash chain, then the chain against the signed checkpoints kept
// outside the database. Used by `npm run audit:verify`, and by backup and restore to check a copy. Reports what
// it found as data and as sentences for the person running it.
import type { KeyObject } from "node:crypto";
import type { Db } from "~/db.server";
import { CHAIN_PROBLEM_TEXT, type ChainProblem } from "./audit-chain";
import {
  compareWithCheckpoints,
  type Checkpoint,
  type CheckpointFile,
  type CheckpointFileProblem,
  type CheckpointMismatch,
} from "./audit-checkpoints";
import { readCheckpointFile } from "./audit-checkpoints.server";
import { verifyAuditChain, type AuditChainCheck } from "./audit.server";

export type CheckpointStatus =
  /** Every checkpoint that applies matches the log. */
  | "matches"
  /** No checkpoint file: removing the newest entries (and resetting the sequence) cannot be ruled out. */
  | "missing"
  /** Not asked for (a copy checked on its own). */
  | "skipped"
  /** The file has lines that are not signed checkpoints, or the log disagrees with one. */
  | "mismatch";

export type AuditCheck = {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  legacyEntries: number;
  previousKeyEntries: number;
  firstBroken: ChainProblem | null;
  checkpoints: {
    file: string | null;
    status: CheckpointStatus;
    /** Signed checkpoints that apply (from the latest restore on) and were compared. */
    compared: number;
    latest: Pick<Checkpoint, "seq" | "at" | "kind"> | null;
    fileProblems: CheckpointFileProblem[];
    mismatches: { problem: CheckpointMismatch["problem"]; seq: number; at: string }[];
  };
  /** What was found, in sentences. */
  findings: string[];
};

export type AuditCheckOptions = {
  chainKeys: readonly KeyObject[];
  checkpointKeys: readonly KeyObject[];
  /** The checkpoint file to compare with; null to check the chain alone. */
  checkpointFile: string | null;
  /** Checking a copy taken at this time: only checkpoints written before it must be in it. */
  takenAt?: string;
  /** Whether a missing (or empty) checkpoint file fails the check. Default true; a backup only reports it. */
  requireCheckpoint?: boolean;
};

const n = (x: number) => x.toLocaleString("en-GB");

type Comparison = ReturnType<typeof compareWithCheckpoints>;

export function checkAuditLog(db: Db, options: AuditCheckOptions): AuditCheck {
  const findings: string[] = [];
  // The file is read before the snapshot is taken: every entry a checkpoint in it covers was committed before the
  // checkpoint was written, so the snapshot holds it unless it was removed.
  const file =
    options.checkpointFile === null ? null : readCheckpointFile(options.checkpointFile, options.checkpointKeys);
  // Set by the callback, inside the chain's read transaction (`as`: TypeScript cannot see the callback assign it).
  let compared = null as Comparison | null;
  const chain = verifyAuditChain(db, options.chainKeys, ({ hashAt, lastSeq }) => {
    if (file) compared = compareWithCheckpoints(file.current, hashAt, lastSeq, options.takenAt);
  });

  const legacyNote = chain.legacy > 0 ? ` (${n(chain.legacy)} from before the chain was keyed)` : "";
  const previousNote = chain.previousKey > 0 ? `; ${n(chain.previousKey)} signed with a previous key` : "";
  if (chain.problem) {
    findings.push(
      `The chain is broken at entry ${n(chain.problem.seq)}: ${CHAIN_PROBLEM_TEXT[chain.problem.problem]}.`,
    );
    findings.push(
      `Entries 1 to ${n(chain.head.seq)} verify${legacyNote}; the log holds ${n(chain.entries)} entries, the highest numbered ${n(chain.lastSeq)}.`,
    );
  } else {
    findings.push(
      chain.entries === 0
        ? "The audit log is empty."
        : `The chain verifies: ${n(chain.entries)} entries, 1 to ${n(chain.head.seq)}${legacyNote}${previousNote}.`,
    );
  }

  let status: CheckpointStatus = "skipped";
  if (options.checkpointFile !== null && (!file || file.lines === 0)) {
    status = "missing";
    findings.push(
      `There is no checkpoint ${file ? `in ${options.checkpointFile} (the file is empty)` : `file at ${options.checkpointFile}`}: removal of the newest entries (or of all of them) cannot be ruled out.`,
    );
  } else if (file && compared) {
    status = describeCheckpoints(findings, options.checkpointFile!, file, compared, chain, options.takenAt);
  }

  const result = compared;
  return {
    ok:
      chain.problem === null &&
      (status === "matches" || status === "skipped" || (status === "missing" && options.requireCheckpoint === false)),
    entries: chain.entries,
    head: chain.head,
    legacyEntries: chain.legacy,
    previousKeyEntries: chain.previousKey,
    firstBroken: chain.problem,
    checkpoints: {
      file: options.checkpointFile,
      status,
      compared: result?.compared ?? 0,
      latest: result?.latest ? { seq: result.latest.seq, at: result.latest.at, kind: result.latest.kind } : null,
      fileProblems: file?.problems ?? [],
      mismatches: (result?.mismatches ?? []).map((m) => ({
        problem: m.problem,
        seq: m.checkpoint.seq,
        at: m.checkpoint.at,
      })),
    },
    findings,
  };
}

/** Adds sentences about the checkpoint file and the comparison; returns the status. */
function describeCheckpoints(
  findings: string[],
  fileName: string,
  file: CheckpointFile,
  result: Comparison,
  chain: AuditChainCheck,
  takenAt: string | undefined,
): CheckpointStatus {
  if (file.all.length === 0) {
    findings.push(
      `None of the ${n(file.lines)} lines of ${fileName} is a checkpoint signed with the key given: either CONCORD_SECRET_KEY is not the key the server used (give earlier keys in AUDIT_PREVIOUS_KEYS), or the file was replaced.`,
    );
  } else {
    for (const p of file.problems) {
      findings.push(
        p.problem === "unreadable"
          ? `Line ${n(p.line)} of the checkpoint file is not a checkpoint: the file was edited.`
          : `Line ${n(p.line)} of the checkpoint file is not signed with the key given: forged, or signed with a key not given in AUDIT_PREVIOUS_KEYS.`,
      );
    }
  }
  if (file.tornLastLine)
    findings.push(
      "The checkpoint file's last line is incomplete (a write cut short, for example by a power cut); it was ignored.",
    );
  const shorter = result.mismatches.filter((m) => m.problem === "log-shorter");
  const differs = result.mismatches.filter((m) => m.problem === "entry-differs");
  if (shorter.length > 0) {
    const worst = shorter.reduce((a, b) => (b.checkpoint.seq > a.checkpoint.seq ? b : a)).checkpoint;
    const hidden =
      chain.issuedSeq < worst.seq ? ", and SQLite's record of the highest number issued was lowered to hide it" : "";
    findings.push(
      `The log ends at entry ${n(chain.lastSeq)}, but the checkpoint of ${worst.at} recorded entry ${n(worst.seq)}: at least ${n(worst.seq - chain.lastSeq)} of the newest entries were removed${hidden}.`,
    );
  }
  if (differs.length > 0) {
    const first = differs.reduce((a, b) => (b.checkpoint.seq < a.checkpoint.seq ? b : a)).checkpoint;
    findings.push(
      `Entry ${n(first.seq)} is missing or has another hash than the checkpoint of ${first.at} recorded: the chain was rewritten at or before that entry (${n(differs.length)} of ${n(result.compared)} checkpoints disagree).`,
    );
  }
  if (result.latest && result.mismatches.length === 0) {
    const what = result.latest.kind === "restore" ? "the restore record" : "the latest";
    const since =
      chain.lastSeq > result.latest.seq ? ` (${n(chain.lastSeq - result.latest.seq)} entries written since)` : "";
    findings.push(
      `The log matches all ${n(result.compared)} checkpoints that apply in ${fileName}; ${what}, of ${result.latest.at}, records entry ${n(result.latest.seq)}${since}.`,
    );
  } else if (!result.latest && file.all.length > 0) {
    findings.push(`No checkpoint in ${fileName} applies${takenAt ? " to a copy taken then" : ""}.`);
  }
  return file.problems.length > 0 || result.mismatches.length > 0 ? "mismatch" : "matches";
}
