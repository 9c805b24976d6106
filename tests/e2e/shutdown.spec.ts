// Graceful shutdown of the real built server: on SIGTERM it stops accepting connections, finishes what is in
// flight, closes sockets and the database, and exits 0. Runs its own server on another port and database.
import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io } from "socket.io-client";

const PORT = 3297;
const base = `http://localhost:${PORT}`;

async function waitForHealthy(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not become healthy");
}

test("SIGTERM closes sockets and the database and exits 0", async () => {
  test.setTimeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-shutdown-"));
  // node itself (not npx) receives the signal, as it would under a process manager.
  const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: path.join(dir, "c.db"), LOG_LEVEL: "info", CONCORD_DEMO: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout.on("data", (d: Buffer) => (log += d.toString()));
  server.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
  try {
    await waitForHealthy(Date.now() + 30_000);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });

    // An unauthenticated socket is refused, so watch an engine-level connection being closed instead.
    const socket = io(base, { transports: ["polling"], extraHeaders: { origin: base }, reconnection: false });
    const refused = new Promise<string>((resolve) => socket.on("connect_error", (e) => resolve(e.message)));
    expect(await refused).toBe("unauthorised");
    socket.close();

    server.kill("SIGTERM");
    const code = await exited;
    expect(code, log.slice(-2000)).toBe(0);
    expect(log).toContain("shutting down");
    expect(log).toContain("stopped");
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
