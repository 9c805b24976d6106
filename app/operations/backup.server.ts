// `npm run backup` and the scheduled backup (decision 0027): an online, consistent copy of the database while the
// server keeps writing, checked before it counts. VACUUM INTO reads the database in one read transaction on its own
// connection: in WAL mode that is a snapshot of every transaction committed before it began, and it blocks no
// writer. The copy is checked (integrity_check, the audit chain, the checkpoints written before it), then renamed
// into place with a signed manifest; the newest `keep` backups are kept.
import type { KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { checkAuditLog } from "~/access/audit-check.server";
import { openDatabase, openDatabaseReadOnly } from "../../db/client";
import { fsyncPath, writeFileDurably } from "~/durable-files.server";
import {
  backupName,
  listBackups,
  manifestKey,
  manifestPathFor,
  sha256File,
  signManifest,
  type BackupManifest,
} from "./backup-files.server";

export type BackupOptions = {
  databasePath: string;
  dir: string;
  keep: number;
  /** The audit checkpoint file the copy is compared with (null: the chain alone). */
  checkpointFile: string | null;
  secretKey: KeyObject;
  chainKeys: readonly KeyObject[];
  checkpointKeys: readonly KeyObject[];
  now?: () => Date;
};

export type BackupResult = { file: string; manifestFile: string; manifest: BackupManifest; removed: string[] };

/** The copy failed its integrity check (or could not be made): nothing was kept. */
export class BackupFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupFailed";
  }
}

export function backupDatabase(options: BackupOptions): BackupResult {
  const now = options.now ?? (() => new Date());
  if (!fs.existsSync(options.databasePath)) throw new BackupFailed(`There is no database at ${options.databasePath}.`);
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  // A copy left half-written by a backup that was stopped is of no use to anyone.
  for (const f of fs.readdirSync(options.dir))
    if (f.endsWith(".db.partial")) fs.rmSync(path.join(options.dir, f), { force: true });

  const started = now();
  const takenAt = started.toISOString();
  const file = path.join(options.dir, backupName(options.databasePath, started));
  const partial = `${file}.partial`;
  const source = openDatabase(options.databasePath);
  try {
    source.$client.prepare("VACUUM INTO ?").run(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new BackupFailed(`The copy could not be made: ${(error as Error).message}`);
  } finally {
    source.$client.close();
  }

  let manifest: BackupManifest;
  try {
    const copied = now();
    const copy = openDatabaseReadOnly(partial);
    try {
      const integrity = copy.$client.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
      if (integrity.length !== 1 || integrity[0]?.integrity_check !== "ok") {
        throw new BackupFailed(
          `The copy failed SQLite's integrity check: ${integrity
            .slice(0, 5)
            .map((r) => r.integrity_check)
            .join("; ")}`,
        );
      }
      const integrityChecked = now();
      const audit = checkAuditLog(copy, {
        chainKeys: options.chainKeys,
        checkpointKeys: options.checkpointKeys,
        checkpointFile: options.checkpointFile,
        takenAt,
        requireCheckpoint: false,
      });
      const auditChecked = now();
      fs.chmodSync(partial, 0o600); // it holds everything the database holds
      fsyncPath(partial);
      const sha256 = sha256File(partial);
      const finished = now();
      const ms = (a: Date, b: Date) => b.getTime() - a.getTime();
      manifest = signManifest(manifestKey(options.secretKey), {
        v: 1,
        file: path.basename(file),
        takenAt,
        finishedAt: finished.toISOString(),
        durationMs: ms(started, finished),
        phasesMs: {
          copy: ms(started, copied),
          integrity: ms(copied, integrityChecked),
          audit: ms(integrityChecked, auditChecked),
          checksum: ms(auditChecked, finished),
        },
        bytes: fs.statSync(partial).size,
        sha256,
        integrity: "ok",
        audit: {
          entries: audit.entries,
          headSeq: audit.head.seq,
          headHash: audit.head.hash,
          verified: audit.ok,
          findings: audit.findings,
        },
      });
    } finally {
      copy.$client.close();
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error instanceof BackupFailed
      ? error
      : new BackupFailed(`The copy could not be checked: ${(error as Error).message}`);
  }

  // A copy whose audit log does not verify is still kept (it is evidence of the state it copied); its manifest
  // says so and the command reports it.
  fs.renameSync(partial, file);
  const manifestFile = manifestPathFor(file);
  writeFileDurably(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, manifestFile, manifest, removed: pruneBackups(options.dir, options.databasePath, options.keep) };
}

/** Deletes all but the newest `keep` backups of the database (and their manifests); returns what it deleted. */
export function pruneBackups(dir: string, databasePath: string, keep: number): string[] {
  const all = listBackups(dir, databasePath);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) {
    fs.rmSync(f, { force: true });
    fs.rmSync(manifestPathFor(f), { force: true });
  }
  if (old.length > 0) fsyncPath(dir);
  return old;
}
