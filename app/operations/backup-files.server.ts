// What backup and restore share: names, manifests (signed), checksums and durable file writes. Decision 0027.
import { createHash, createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { deriveKey } from "~/services/secret-box.server";

export type BackupManifest = {
  v: 1;
  /** The backup's file name, in the same directory as the manifest. */
  file: string;
  /** When the copy was started: every write acknowledged before this is in it. */
  takenAt: string;
  finishedAt: string;
  durationMs: number;
  /** Where the time went: the copy, SQLite's integrity check, the audit check, the checksum. */
  phasesMs: { copy: number; integrity: number; audit: number; checksum: number };
  bytes: number;
  sha256: string;
  /** PRAGMA integrity_check of the copy. */
  integrity: "ok";
  audit: {
    entries: number;
    headSeq: number;
    headHash: string;
    /** The copy's chain verified, and agreed with every checkpoint written before it was taken. */
    verified: boolean;
    findings: string[];
  };
  /** HMAC-SHA256 of everything above with a key derived from CONCORD_SECRET_KEY: the manifest (and, through the
   *  checksum, the file) is as the backup command wrote it. */
  mac: string;
};

export function manifestKey(secret: KeyObject): KeyObject {
  return deriveKey(secret, "concord/backup-manifest/v1");
}

function manifestMac(key: KeyObject, manifest: Omit<BackupManifest, "mac">): string {
  const { v, file, takenAt, finishedAt, durationMs, phasesMs: p, bytes, sha256, integrity, audit } = manifest;
  const signed = [
    v,
    file,
    takenAt,
    finishedAt,
    durationMs,
    p.copy,
    p.integrity,
    p.audit,
    p.checksum,
    bytes,
    sha256,
    integrity,
    audit.entries,
    audit.headSeq,
    audit.headHash,
    audit.verified,
    audit.findings,
  ];
  return createHmac("sha256", key).update(JSON.stringify(signed)).digest("hex");
}

export function signManifest(key: KeyObject, manifest: Omit<BackupManifest, "mac">): BackupManifest {
  return { ...manifest, mac: manifestMac(key, manifest) };
}

/** Whether a manifest was signed with one of `keys` (the current key first). */
export function manifestSigned(manifest: BackupManifest, keys: readonly KeyObject[]): boolean {
  const { mac, ...rest } = manifest;
  if (typeof mac !== "string" || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return keys.some((key) => timingSafeEqual(Buffer.from(manifestMac(key, rest)), Buffer.from(mac)));
}

/** `concord-20260107T031500123Z.db` for a database `concord.db`: sorts by time, and says which database. */
export function backupName(databasePath: string, at: Date): string {
  const base = path.basename(databasePath).replace(/\.[^.]*$/, "") || "concord";
  return `${base}-${at.toISOString().replace(/[-:.]/g, "")}.db`;
}

export function manifestPathFor(backupFile: string): string {
  return backupFile.replace(/\.db$/, "") + ".json";
}

/** The backups of `databasePath` in `dir` (by our naming only), oldest first. */
export function listBackups(dir: string, databasePath: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const base = path.basename(databasePath).replace(/\.[^.]*$/, "") || "concord";
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d{8}T\\d{9}Z\\.db$`);
  return fs
    .readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** SHA-256 of a file, read in 1 MiB pieces (backups can be gigabytes). */
export function sha256File(file: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = fs.openSync(file, "r");
  try {
    let read: number;
    while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

export function readManifest(file: string): BackupManifest | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as BackupManifest;
  } catch {
    return null;
  }
}
