// `npm run restore -- <backup>` (decision 0027): replaces the database with a backup, after checking the backup
// (signed manifest, checksum, integrity, audit chain) and that no process has the database open. The database it
// replaces is kept beside it, and a signed restore record in the checkpoint file says from which audit entry the
// log starts again, so audit:verify does not mistake the restore for deleted entries (and would catch a restore
// done by hand, without the key).
import type { KeyObject } from "node:crypto";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { checkAuditLog } from "~/access/audit-check.server";
import { readCheckpointFile, recordCheckpoint } from "~/access/audit-checkpoints.server";
import { fsyncPath } from "~/durable-files.server";
import { openDatabaseReadOnly } from "../../db/client";
import {
  manifestKey,
  manifestPathFor,
  manifestSigned,
  readManifest,
  sha256File,
  type BackupManifest,
} from "./backup-files.server";

export type RestoreOptions = {
  backupFile: string;
  databasePath: string;
  checkpointFile: string;
  secretKey: KeyObject;
  previousSecretKeys: readonly KeyObject[];
  chainKeys: readonly KeyObject[];
  checkpointKeys: readonly KeyObject[];
  now?: () => Date;
};

export type RestoreResult = {
  manifest: BackupManifest;
  /** Where the database that was replaced now is (null when there was none). */
  previousDatabase: string | null;
  /** The highest audit entry recorded before the restore (the old database's or the latest checkpoint's). */
  rolledBackFrom: number;
  findings: string[];
};

const n = (x: number) => x.toLocaleString("en-GB");

/** The backup failed a check, or the database is in use: nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

/** Checks a backup against its manifest and itself; returns the manifest. Changes nothing. */
export function verifyBackup(
  backupFile: string,
  keys: { manifest: readonly KeyObject[]; chain: readonly KeyObject[]; checkpoint: readonly KeyObject[] },
): BackupManifest {
  if (!fs.existsSync(backupFile)) throw new RestoreRefused(`There is no backup at ${backupFile}.`);
  const manifestFile = manifestPathFor(backupFile);
  const manifest = readManifest(manifestFile);
  if (!manifest)
    throw new RestoreRefused(
      `There is no readable manifest at ${manifestFile}: without it the backup cannot be shown to be complete.`,
    );
  if (!manifestSigned(manifest, keys.manifest))
    throw new RestoreRefused(
      `The manifest ${manifestFile} is not signed with CONCORD_SECRET_KEY (nor AUDIT_PREVIOUS_KEYS): it was altered, or made with another key.`,
    );
  if (manifest.file !== path.basename(backupFile))
    throw new RestoreRefused(`The manifest describes ${manifest.file}, not ${path.basename(backupFile)}.`);
  const bytes = fs.statSync(backupFile).size;
  if (bytes !== manifest.bytes || sha256File(backupFile) !== manifest.sha256)
    throw new RestoreRefused(
      `The backup does not match its manifest's size and checksum: it is damaged or was altered.`,
    );
  if (!manifest.audit.verified)
    throw new RestoreRefused(
      `The backup's audit log did not verify when it was taken: ${manifest.audit.findings.join(" ")}`,
    );
  const copy = openDatabaseReadOnly(backupFile);
  try {
    const integrity = copy.$client.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new RestoreRefused(`The backup fails SQLite's integrity check: ${String(integrity)}`);
    const audit = checkAuditLog(copy, { chainKeys: keys.chain, checkpointKeys: keys.checkpoint, checkpointFile: null });
    if (!audit.ok) throw new RestoreRefused(`The backup's audit log does not verify: ${audit.findings.join(" ")}`);
    if (audit.head.seq !== manifest.audit.headSeq || audit.head.hash !== manifest.audit.headHash)
      throw new RestoreRefused("The backup's newest audit entry is not the one its manifest records.");
  } finally {
    copy.$client.close();
  }
  return manifest;
}

/**
 * Takes an exclusive lock on the database: refused while any other connection (a running server, a script) has
 * it open, because every WAL connection holds a shared lock for as long as it is open. Returns the old database's
 * newest audit entry, or null when there is no database.
 */
function lockAndReadHead(databasePath: string): { seq: number } | null {
  if (!fs.existsSync(databasePath)) return null;
  const db = new Database(databasePath, { timeout: 200 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    try {
      db.exec("BEGIN EXCLUSIVE");
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
        throw new RestoreRefused(
          `${databasePath} is in use (a running server or another process has it open): stop it first. Nothing was changed.`,
        );
      }
      throw error;
    }
    const hasAudit =
      db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`).get() !== undefined;
    const head = hasAudit
      ? (db.prepare(`SELECT coalesce(max(seq), 0) AS seq FROM audit_log`).get() as { seq: number })
      : { seq: 0 };
    db.exec("COMMIT");
    // Fold any WAL left by a crash into the file, so the file moved aside below is the whole old database.
    db.pragma("wal_checkpoint(TRUNCATE)");
    return head;
  } finally {
    db.close();
  }
}

export function restoreDatabase(options: RestoreOptions): RestoreResult {
  const now = options.now ?? (() => new Date());
  const manifest = verifyBackup(options.backupFile, {
    manifest: [options.secretKey, ...options.previousSecretKeys].map(manifestKey),
    chain: options.chainKeys,
    checkpoint: options.checkpointKeys,
  });
  const target = path.resolve(options.databasePath);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });

  // Copy first, next to the target (same file system, so the switch is a rename), and check the copy's checksum.
  const staging = `${target}.restoring`;
  fs.copyFileSync(options.backupFile, staging);
  fsyncPath(staging);
  if (sha256File(staging) !== manifest.sha256) {
    fs.rmSync(staging, { force: true });
    throw new RestoreRefused(
      "The copy made for the restore does not match the backup's checksum (a disk problem?). Nothing was changed.",
    );
  }

  let oldHead: { seq: number } | null;
  try {
    oldHead = lockAndReadHead(target);
  } catch (error) {
    fs.rmSync(staging, { force: true });
    throw error;
  }

  let previousDatabase: string | null = null;
  if (oldHead) {
    previousDatabase = `${target}.before-restore-${now().toISOString().replace(/[-:.]/g, "")}`;
    fs.renameSync(target, previousDatabase);
    for (const suffix of ["-wal", "-shm"])
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, previousDatabase + suffix);
  }
  fs.renameSync(staging, target);
  fsyncPath(dir);

  // What the restore rolls back: the newest entry the old database held or a checkpoint recorded.
  const checkpoints = readCheckpointFile(options.checkpointFile, options.checkpointKeys);
  const rolledBackFrom = Math.max(oldHead?.seq ?? 0, ...(checkpoints?.current ?? []).map((c) => c.seq));
  const record = recordCheckpoint(
    options.checkpointFile,
    { kind: "restore", seq: manifest.audit.headSeq, head: manifest.audit.headHash, rolledBackFrom },
    now(),
    false,
  );

  const lost = rolledBackFrom - manifest.audit.headSeq;
  const findings = [
    `Restored ${path.basename(options.backupFile)}, taken at ${manifest.takenAt}: ${manifest.audit.headSeq ? `audit entries 1 to ${n(manifest.audit.headSeq)}` : "no audit entries"}.`,
    previousDatabase ? `The database it replaced is kept at ${previousDatabase}.` : "There was no database before.",
    lost > 0
      ? `Before the restore the audit log reached entry ${n(rolledBackFrom)}: ${n(lost)} audit entries, and every other change made after ${manifest.takenAt}, are not in the restored database.`
      : "Nothing recorded in the audit log after the backup was lost.",
    `A signed restore record was added to ${options.checkpointFile}; audit:verify compares with checkpoints from it on: ${JSON.stringify(record)}`,
  ];
  return { manifest, previousDatabase, rolledBackFrom, findings };
}
