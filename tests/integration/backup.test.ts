// Backups and restore on real SQLite files (decision 0027): the copy and its signed manifest, retention, a copy
// whose audit log does not verify, every reason restore refuses, the switch itself, and the scheduled job running
// the real backup command. The end-to-end proof under concurrent writes with the real server is
// tests/e2e/backup-restore.spec.ts.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuditLog } from "~/access/audit-check.server";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { audit } from "~/access/audit.server";
import { getConfig, resetConfigForTests } from "~/config.server";
import { closeDb, getDb } from "~/db.server";
import { backupDatabase, pruneBackups } from "~/operations/backup.server";
import { manifestKey, manifestPathFor, sha256File, type BackupManifest } from "~/operations/backup-files.server";
import { operationsConfig } from "~/operations/operations-config.server";
import { restoreDatabase, RestoreRefused, verifyBackup } from "~/operations/restore.server";
import { runScheduledBackup } from "~/operations/scheduled-backup.server";
import { parseSecretKey } from "~/services/secret-box.server";
import { openDatabaseReadOnly } from "../../db/client";
import { setupTestDb, type TestDb } from "./test-db";

const KEY = "c3".repeat(32);
let t: TestDb;
let backupDir: string;

function events(n: number): void {
  for (let i = 0; i < n; i++)
    audit({
      actorUserId: `user-${i}`,
      actorAgencyId: "agency-1",
      action: "test.event",
      outcome: "done",
      detail: { i },
    });
}

// Backups are named and compared with checkpoints by the time they are taken: later than the checkpoints written
// here, an hour apart so each has its own name.
const hoursAhead = (h: number) => new Date(Date.now() + h * 3_600_000);
const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, "");

function backup(at: Date, overrides: Partial<Parameters<typeof backupDatabase>[0]> = {}) {
  const c = operationsConfig();
  return backupDatabase({ ...c, dir: backupDir, keep: 5, now: () => at, ...overrides });
}

function keysFor() {
  const c = operationsConfig();
  return { manifest: [manifestKey(c.secretKey)], chain: c.chainKeys, checkpoint: c.checkpointKeys };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof RestoreRefused) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  t = await setupTestDb({ env: { CONCORD_SECRET_KEY: KEY } });
  backupDir = path.join(t.dir, "backups");
  events(12);
  writeAuditCheckpoint();
});
afterAll(() => t.cleanup());

describe("npm run backup (backupDatabase)", () => {
  let first: ReturnType<typeof backup>;
  const firstAt = hoursAhead(1);
  beforeAll(() => {
    first = backup(firstAt);
  });

  it("writes a checked copy with a signed manifest: time, size, checksum, newest audit entry", () => {
    const { file, manifest, manifestFile } = first;
    expect(path.basename(file)).toBe(`concord-${stamp(firstAt)}.db`);
    expect(manifestFile).toBe(file.replace(/\.db$/, ".json"));
    expect(JSON.parse(fs.readFileSync(manifestFile, "utf8"))).toEqual(manifest);
    expect(manifest).toMatchObject({
      v: 1,
      file: path.basename(file),
      takenAt: firstAt.toISOString(),
      integrity: "ok",
      bytes: fs.statSync(file).size,
      sha256: sha256File(file),
    });
    expect(manifest.audit).toMatchObject({ entries: 12, headSeq: 12, verified: true });
    expect(manifest.audit.findings.join(" ")).toContain("The log matches all 1 checkpoints");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(backupDir).filter((f) => f.endsWith(".partial"))).toEqual([]);
    const copy = openDatabaseReadOnly(file);
    expect(copy.$client.prepare("SELECT count(*) FROM audit_log").pluck().get()).toBe(12);
    copy.$client.close();
  });

  it("keeps only the newest N", () => {
    const second = backup(hoursAhead(2));
    const third = backup(hoursAhead(3), { keep: 2 });
    expect(third.removed).toEqual([first.file]);
    expect(fs.readdirSync(backupDir).sort()).toEqual(
      [
        path.basename(second.file),
        path.basename(second.manifestFile),
        path.basename(third.file),
        path.basename(third.manifestFile),
      ].sort(),
    );
    expect(pruneBackups(backupDir, t.databasePath, 1)).toEqual([second.file]);
  });

  it("keeps a copy whose audit log does not verify as evidence, says so, and restore refuses it", () => {
    const dir = path.join(t.dir, "tampered");
    fs.mkdirSync(dir);
    const db = path.join(dir, "concord.db");
    getDb().$client.pragma("wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(t.databasePath, db);
    fs.copyFileSync(getConfig().auditCheckpointPath, `${db}.audit-checkpoints`);
    const raw = new Database(db);
    raw.exec("DROP TRIGGER audit_log_no_delete");
    raw.prepare("DELETE FROM audit_log WHERE seq > 9").run();
    raw.prepare("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'audit_log'").run();
    raw.close();
    const result = backup(hoursAhead(4), {
      databasePath: db,
      checkpointFile: `${db}.audit-checkpoints`,
      dir: path.join(dir, "backups"),
    });
    expect(result.manifest.audit).toMatchObject({ verified: false, headSeq: 9 });
    expect(result.manifest.audit.findings.join(" ")).toContain("The log ends at entry 9, but the checkpoint of");
    expect(refusal(() => verifyBackup(result.file, keysFor()))).toContain("did not verify when it was taken");
  });
});

describe("npm run restore (restoreDatabase)", () => {
  let good: ReturnType<typeof backup>;
  const goodAt = hoursAhead(5);
  beforeAll(() => {
    good = backup(goodAt);
  });

  /** A copy of the good backup and its manifest, changed by `change`. */
  function variant(name: string, change: (file: string, manifest: BackupManifest) => void): string {
    const file = path.join(t.dir, name, path.basename(good.file));
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(good.file, file);
    fs.copyFileSync(good.manifestFile, manifestPathFor(file));
    change(file, JSON.parse(fs.readFileSync(good.manifestFile, "utf8")) as BackupManifest);
    return file;
  }

  it("checks a good backup (restore --check) without changing anything", () => {
    expect(verifyBackup(good.file, keysFor())).toEqual(good.manifest);
  });

  it("refuses a backup without its manifest, with an edited manifest, altered or signed with another key", () => {
    expect(
      refusal(() =>
        verifyBackup(
          variant("no-manifest", (f) => fs.rmSync(manifestPathFor(f))),
          keysFor(),
        ),
      ),
    ).toContain("There is no readable manifest");
    expect(
      refusal(() =>
        verifyBackup(
          variant("edited-manifest", (f, m) =>
            fs.writeFileSync(manifestPathFor(f), JSON.stringify({ ...m, audit: { ...m.audit, headSeq: 99 } })),
          ),
          keysFor(),
        ),
      ),
    ).toContain("is not signed with CONCORD_SECRET_KEY");
    expect(
      refusal(() =>
        verifyBackup(
          variant("altered", (f) => {
            const fd = fs.openSync(f, "r+");
            fs.writeSync(fd, Buffer.from("x"), 0, 1, 5000);
            fs.closeSync(fd);
          }),
          keysFor(),
        ),
      ),
    ).toContain("does not match its manifest's size and checksum");
    const other = { ...keysFor(), manifest: [manifestKey(parseSecretKey("d4".repeat(32))!)] };
    expect(refusal(() => verifyBackup(good.file, other))).toContain("is not signed with CONCORD_SECRET_KEY");
  });

  it("refuses while another process has the database open, and changes nothing", async () => {
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(t.databasePath)}); d.prepare("SELECT 1").get(); console.log("open"); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    try {
      closeDb(); // this process's own connection is closed: only the other process holds it
      const size = fs.statSync(t.databasePath).size;
      expect(refusal(() => restoreDatabase({ ...operationsConfig(), backupFile: good.file }))).toContain("is in use");
      expect(fs.statSync(t.databasePath).size).toBe(size);
      expect(fs.existsSync(`${t.databasePath}.restoring`)).toBe(false);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
    }
  });

  it("switches to the backup, keeps the database it replaced, and records the restore so the log verifies", () => {
    getDb();
    events(3); // written after the backup: given up by the restore
    writeAuditCheckpoint();
    closeDb();
    const restoredAt = hoursAhead(6);
    const result = restoreDatabase({ ...operationsConfig(), backupFile: good.file, now: () => restoredAt });
    expect(result.rolledBackFrom).toBe(15);
    expect(result.findings.join(" ")).toContain(
      `3 audit entries, and every other change made after ${goodAt.toISOString()}, are not in the restored database`,
    );
    expect(result.previousDatabase).toBe(`${t.databasePath}.before-restore-${stamp(restoredAt)}`);
    expect(
      new Database(result.previousDatabase!, { readonly: true })
        .prepare("SELECT max(seq) FROM audit_log")
        .pluck()
        .get(),
    ).toBe(15);
    expect(sha256File(t.databasePath)).toBe(good.manifest.sha256);
    const c = operationsConfig();
    const check = checkAuditLog(getDb(), {
      chainKeys: c.chainKeys,
      checkpointKeys: c.checkpointKeys,
      checkpointFile: c.checkpointFile,
    });
    expect(check).toMatchObject({
      ok: true,
      entries: 12,
      checkpoints: { status: "matches", latest: { kind: "restore", seq: 12 } },
    });
    events(1); // the server carries on from the restored log
    expect(
      checkAuditLog(getDb(), {
        chainKeys: c.chainKeys,
        checkpointKeys: c.checkpointKeys,
        checkpointFile: c.checkpointFile,
      }).ok,
    ).toBe(true);
  });
});

describe("the scheduled backup", () => {
  it("runs the backup command in a child process with the configured directory and retention", async () => {
    const dir = path.join(t.dir, "scheduled");
    t.setEnv({ BACKUP_DIR: dir, BACKUP_KEEP: "3" });
    const result = await runScheduledBackup();
    expect(result, result.message).toMatchObject({ ok: true, exitCode: 0, headSeq: 13 });
    expect(fs.existsSync(result.file!)).toBe(true);
    expect(path.dirname(result.file!)).toBe(dir);
  }, 60_000);

  it("is off by default except in production outside the demo (daily there)", () => {
    expect(getConfig().backupIntervalMs).toBe(0);
    t.setEnv({ NODE_ENV: "production", CONCORD_DEMO: undefined });
    expect(getConfig().backupIntervalMs).toBe(24 * 60 * 60_000);
    t.setEnv({ BACKUP_INTERVAL_MINUTES: "0" });
    expect(getConfig().backupIntervalMs).toBe(0);
    t.setEnv({ NODE_ENV: "test", BACKUP_INTERVAL_MINUTES: undefined });
    resetConfigForTests();
  });
});
