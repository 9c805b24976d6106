// The scheduled backup (decision 0027). `runScheduledBackup` is a plain function: the runtime calls it from a sweep
// (app/services/sweeps.server.ts), so one process of however many share the database runs it. The backup runs as a child process (`scripts/backup.ts`, at low priority) so that copying and
// checking a large database never blocks this process's event loop.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";

// From app/operations/ in the source and from build/server/ in the build, the repository root is two levels up.
const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const script = path.join(root, "scripts/backup.ts");

export type ScheduledBackupResult = {
  ok: boolean;
  exitCode: number | null;
  file?: string;
  bytes?: number;
  durationMs?: number;
  headSeq?: number;
  message?: string;
};

let running: ChildProcess | undefined;

/** Runs one backup with the configured directory and retention; resolves when it ends. Never two at once. */
export function runScheduledBackup(): Promise<ScheduledBackupResult> {
  if (running) return Promise.resolve({ ok: false, exitCode: null, message: "a backup is already running" });
  if (!fs.existsSync(script))
    return Promise.resolve({ ok: false, exitCode: null, message: `the backup command is missing (${script})` });
  const config = getConfig();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", script, "--dir", config.backupDir, "--keep", String(config.backupKeep)],
      {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    running = child;
    try {
      if (child.pid) os.setPriority(child.pid, 10); // behind the requests this process serves
    } catch {
      // Not permitted here: it runs at normal priority.
    }
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const finish = (result: ScheduledBackupResult) => {
      running = undefined;
      if (result.ok)
        logger.info(
          {
            backup: {
              file: result.file,
              bytes: result.bytes,
              durationMs: result.durationMs,
              auditHeadSeq: result.headSeq,
            },
          },
          "scheduled backup written",
        );
      else logger.error({ backup: { exitCode: result.exitCode, message: result.message } }, "scheduled backup failed");
      resolve(result);
    };
    child.on("error", (error) => finish({ ok: false, exitCode: null, message: error.message }));
    child.on("close", (exitCode) => {
      if (exitCode !== 0)
        return finish({ ok: false, exitCode, message: stderr.trim().split("\n").slice(-3).join(" ") });
      try {
        const m = JSON.parse(stdout.trim().split("\n").pop() ?? "") as {
          path: string;
          bytes: number;
          durationMs: number;
          audit: { headSeq: number };
        };
        finish({
          ok: true,
          exitCode,
          file: m.path,
          bytes: m.bytes,
          durationMs: m.durationMs,
          headSeq: m.audit.headSeq,
        });
      } catch {
        finish({ ok: false, exitCode, message: "the backup command's output could not be read" });
      }
    });
  });
}

/** Stops a backup this process is running (at shutdown); its half-written copy is removed by the next backup. */
export function stopRunningBackup(): void {
  running?.kill("SIGTERM");
}
