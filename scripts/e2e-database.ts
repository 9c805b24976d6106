import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Where the end-to-end server on a port keeps its database, so the tests can decide in-process who may read what
// (tests/e2e/routes-by-id.spec.ts). Written by scripts/e2e-server.ts, removed with its temporary directory.
function pointerFile(port: number): string {
  return path.join(os.tmpdir(), `concord-e2e-${port}.database-path`);
}

export function recordE2eDatabasePath(port: number, databasePath: string): void {
  fs.writeFileSync(pointerFile(port), databasePath);
}

export function forgetE2eDatabasePath(port: number): void {
  fs.rmSync(pointerFile(port), { force: true });
}

export function e2eDatabasePath(port: number): string {
  return fs.readFileSync(pointerFile(port), "utf8").trim();
}
