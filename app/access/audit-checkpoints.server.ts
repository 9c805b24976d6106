// Writes signed audit checkpoints outside the database (decision 0026): appended to a file (beside the database
// unless AUDIT_CHECKPOINT_PATH says otherwise) and sent to the log stream. `writeAuditCheckpoint` is a plain
// function: the runtime calls it at start-up, from a sweep every AUDIT_CHECKPOINT_INTERVAL_SECONDS, and at shutdown.
import fs from "node:fs";
import type { KeyObject } from "node:crypto";
import { getConfig } from "~/config.server";
import { getDb, type Db } from "~/db.server";
import { writeFileDurably } from "~/durable-files.server";
import { logger } from "~/logger.server";
import { auditHead } from "./audit.server";
import {
  auditCheckpointKey,
  checkpointLine,
  parseCheckpoints,
  signCheckpoint,
  type Checkpoint,
  type CheckpointFile,
  type CheckpointKind,
} from "./audit-checkpoints";

/** The checkpoint keys to verify with: the current key first, then any previous keys (AUDIT_PREVIOUS_KEYS). */
export function configuredCheckpointKeys(): KeyObject[] {
  const config = getConfig();
  return [config.secretKey, ...config.previousSecretKeys].map(auditCheckpointKey);
}

/**
 * Appends one line, forced to disk before returning, so a checkpoint that was logged is never lost in a power
 * cut while the entries it covers survive.
 */
export function appendCheckpoint(file: string, checkpoint: Checkpoint): void {
  writeFileDurably(file, checkpointLine(checkpoint), "a");
}

/** Reads and checks a checkpoint file; null when there is none. */
export function readCheckpointFile(
  file: string,
  keys: readonly KeyObject[] = configuredCheckpointKeys(),
): CheckpointFile | null {
  if (!fs.existsSync(file)) return null;
  return parseCheckpoints(fs.readFileSync(file, "utf8"), keys);
}

/**
 * Signs a checkpoint of `head` with the current key, appends it to `file` and (unless `log` is false: a command
 * that reports it itself) logs it.
 */
export function recordCheckpoint(
  file: string,
  fields: { kind?: CheckpointKind; seq: number; head: string; rolledBackFrom?: number },
  at = new Date(),
  log = true,
): Checkpoint {
  const checkpoint = signCheckpoint(auditCheckpointKey(getConfig().secretKey), { ...fields, at: at.toISOString() });
  appendCheckpoint(file, checkpoint);
  // The log stream is the second copy: shipped elsewhere, it survives someone who can edit this machine's files.
  if (log)
    logger.info(
      { auditCheckpoint: checkpoint },
      checkpoint.kind === "restore" ? "audit checkpoint after a restore" : "audit checkpoint",
    );
  return checkpoint;
}

// The head this process last wrote, so a quiet server does not add a line a minute saying nothing new.
let lastWritten: { file: string; seq: number; head: string } | undefined;

/**
 * Writes a checkpoint of the audit log's newest entry, unless this process already wrote one for the same entry
 * (`force` writes regardless). Returns the checkpoint written, or null.
 */
export function writeAuditCheckpoint(options: { force?: boolean; db?: Db } = {}): Checkpoint | null {
  const file = getConfig().auditCheckpointPath;
  const head = auditHead(options.db ?? getDb());
  if (
    !options.force &&
    lastWritten &&
    lastWritten.file === file &&
    lastWritten.seq === head.seq &&
    lastWritten.head === head.hash
  )
    return null;
  const checkpoint = recordCheckpoint(file, { seq: head.seq, head: head.hash });
  lastWritten = { file, seq: head.seq, head: head.hash };
  return checkpoint;
}
