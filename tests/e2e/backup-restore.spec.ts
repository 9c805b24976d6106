// Backup and restore with the real built server (decision 0027): a backup taken while the server runs and a
// separate process keeps writing holds every write acknowledged before it began; restore refuses while the server
// has the database open; the server's shutdown writes the final audit checkpoint; after a restore the real server
// starts on the copy, and audit:verify passes. Runs its own server, on a free port, with its own database.
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { demoDatabase, startServer, type OwnServer } from "./own-server";

const SECRET = "5e".repeat(32); // CONCORD_SECRET_KEY for this test (not the development key)

type Run = { code: number | null; stdout: string; stderr: string };

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

type Ack = { note: string; auditSeq: number; at: string };

test("a backup taken during writes restores with every acknowledged write, and the server runs on it", async () => {
  test.setTimeout(240_000);
  const { dir, databasePath, remove } = await demoDatabase();
  const settings = {
    CONCORD_SECRET_KEY: SECRET,
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: "1",
    BACKUP_DIR: path.join(dir, "backups"),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_PATH: databasePath,
    CONCORD_DEMO: "1",
    LOG_LEVEL: "silent",
    ...settings,
  };
  const checkpointFile = `${databasePath}.audit-checkpoints`;
  const lastCheckpoint = () =>
    JSON.parse(fs.readFileSync(checkpointFile, "utf8").trim().split("\n").pop()!) as {
      seq: number;
      head: string;
      kind: string;
    };
  let server: OwnServer | undefined;
  let writer: ChildProcess | undefined;
  try {
    server = await startServer(databasePath, settings);

    // A separate process writing all the time.
    const acks: Ack[] = [];
    writer = spawn(process.execPath, ["--import", "tsx", "tests/integration/processes/concurrent-writer.ts"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let pending = "";
    writer.stdout!.on("data", (d: Buffer) => {
      const lines = (pending + d.toString()).split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (line) acks.push(JSON.parse(line) as Ack);
    });
    await expect.poll(() => acks.length, { timeout: 60_000 }).toBeGreaterThan(20);

    // Everything acknowledged up to here must be in the backup.
    const before = [...acks];
    const backup = await run(["scripts/backup.ts"], env);
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout.trim()) as {
      path: string;
      takenAt: string;
      finishedAt: string;
      bytes: number;
      sha256: string;
      audit: { headSeq: number; verified: boolean; findings: string[] };
    };
    expect(manifest.audit.verified).toBe(true);
    expect(manifest.audit.headSeq).toBeGreaterThanOrEqual(before[before.length - 1]!.auditSeq);
    expect(manifest.audit.findings.join(" ")).toMatch(/The log matches all \d+ checkpoints/);
    // The writer kept writing while the copy was taken and checked.
    expect(acks.filter((a) => a.at >= manifest.takenAt && a.at <= manifest.finishedAt).length).toBeGreaterThan(0);

    // Stop writing. Restore refuses while the server has the database open, and changes nothing.
    writer.kill("SIGTERM");
    await new Promise((resolve) => writer!.once("exit", resolve));
    const sizeBefore = fs.statSync(databasePath).size;
    const refused = await run(["scripts/restore.ts", manifest.path], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is in use");
    expect(fs.statSync(databasePath).size).toBe(sizeBefore);
    expect(fs.existsSync(`${databasePath}.restoring`)).toBe(false);

    // Stop the server: its shutdown writes the final checkpoint, of the newest entry.
    expect(await server.stop(), server.log().slice(-2000)).toBe(0);
    const raw = new Database(databasePath, { readonly: true });
    const head = raw.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").get() as {
      seq: number;
      hash: string;
    };
    raw.close();
    expect(lastCheckpoint()).toMatchObject({ kind: "checkpoint", seq: head.seq, head: head.hash });
    expect(head.seq).toBeGreaterThan(manifest.audit.headSeq);

    // Restore: the report names what the restore gives up.
    const restored = await run(["scripts/restore.ts", manifest.path], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout.trim())).toMatchObject({
      ok: true,
      headSeq: manifest.audit.headSeq,
      rolledBackFrom: head.seq,
    });
    expect(restored.stderr).toContain(`${(head.seq - manifest.audit.headSeq).toLocaleString("en-GB")} audit entries`);
    expect(lastCheckpoint()).toMatchObject({ kind: "restore", seq: manifest.audit.headSeq });

    // The real server starts on the copy; every write acknowledged before the backup began is there.
    server = await startServer(databasePath, settings);
    expect(await (await fetch(`${server.base}/healthz`)).json()).toEqual({ status: "ok" });
    const copy = new Database(databasePath, { readonly: true });
    const present = new Set(copy.prepare("SELECT id FROM case_records WHERE kind = 'note'").pluck().all() as string[]);
    copy.close();
    expect(before.filter((a) => !present.has(a.note))).toEqual([]);
    expect(await server.stop()).toBe(0);

    // The chain of the restored database verifies against the checkpoints from the restore on.
    const verify = await run(["scripts/audit-verify.ts"], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout.trim())).toMatchObject({
      ok: true,
      firstBroken: null,
      checkpoints: { status: "matches" },
    });
  } finally {
    if (writer && writer.exitCode === null) writer.kill("SIGKILL");
    if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
    remove();
  }
});
