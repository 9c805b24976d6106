// The server the end-to-end tests run against (started by playwright.config.ts after the build).
// Every run gets a fresh temporary database with the demo data, in demo mode, on port 3210. The temporary
// directory is removed when the server stops.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase } from "../db/client";
import { seedDemo } from "../db/seed/demo";
import { forgetE2eDatabasePath, recordE2eDatabasePath } from "./e2e-database";

if (process.env.NODE_ENV === "production") {
  process.stderr.write("The e2e server refuses to run with NODE_ENV=production: it creates demo accounts.\n");
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-e2e-"));
let removed = false;
function removeTempDir(): void {
  if (removed) return;
  removed = true;
  forgetE2eDatabasePath(Number(env.PORT));
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // Nothing useful to do: the directory is in the system's temporary area.
  }
}
process.on("exit", removeTempDir);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_PATH: path.join(dir, "concord.db"),
  CONCORD_DEMO: "1",
  PORT: process.env.E2E_PORT ?? "3210",
  LOG_LEVEL: "warn",
  // The lockout tests make many failed attempts from one address; they are about accounts, not addresses.
  LOGIN_IP_LIMIT: "1000",
  // One process (decision 0022): the tests about several processes start their own servers.
  WORKERS: "1",
};

try {
  const db = openDatabase(env.DATABASE_PATH!);
  migrateDatabase(db);
  const { accounts } = await seedDemo(db, env, { sentencing: true });
  db.$client.close();
  recordE2eDatabasePath(Number(env.PORT), env.DATABASE_PATH!);
  process.stderr.write(`e2e: fresh database with ${accounts} demo accounts in ${dir}\n`);
} catch (error) {
  process.stderr.write(
    `e2e: could not prepare the database: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  removeTempDir();
  process.exit(1);
}

// The server's log (warnings and errors only, at LOG_LEVEL=warn) goes to stderr, which Playwright shows;
// Playwright drops the web server's stdout, which is mostly build output.
// Run node itself so signals reach the server (npx does not pass SIGTERM on).
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { stdio: ["ignore", 2, 2], env });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`e2e: ${signal} received, stopping the server\n`);
    // The server finishes open requests and exits; our exit handler then removes the directory.
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
    else process.exit(0);
  });
}
server.on("exit", (code, signal) => {
  process.stderr.write(`e2e: server exited (${signal ? `signal ${signal}` : `code ${code}`})\n`);
  removeTempDir();
  process.exit(code ?? (signal ? 0 : 1));
});
server.on("error", (error) => {
  process.stderr.write(`e2e: could not start the server: ${error.message}\n`);
  removeTempDir();
  process.exit(1);
});
