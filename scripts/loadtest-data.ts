// The seeded database the load test runs against, cached by size: the demo partnership and the large synthetic
// partnership added to it exactly as `npm run bench` does (a case with 200 incidents in every 20,000, staff for
// caseloads of a few dozen cases each). Seeding 100,000 cases takes several minutes, so the file is kept in
// LOADTEST_DB_DIR (default the system's temporary folder) under a name that holds the number of cases and a
// digest of the seed's sources: a later run with the same N and seed reuses it; a changed seed makes a new file.
// The file is written under a temporary name and renamed when complete, so an interrupted seed is never reused.
// `tsx scripts/loadtest-data.ts N` seeds (or finds) the file for N cases and prints its path.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** A digest of the seed's source files (not its tests), so a changed seed is not mistaken for the cached one. */
function seedDigest(): string {
  const dir = path.join(root, "db/seed");
  const hash = createHash("sha256");
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.(ts|mjs)$/.test(f) && !f.includes(".test."))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  }
  return hash.digest("hex").slice(0, 10);
}

export function loadtestDatabasePath(cases: number): string {
  const dir = process.env.LOADTEST_DB_DIR ?? os.tmpdir();
  return path.join(dir, `concord-loadtest-${cases}-${seedDigest()}.db`);
}

/** The path of a seeded database of `cases` cases, seeding it first (in a child process) when none is cached. */
export async function seededDatabase(cases: number, log: (line: string) => void): Promise<string> {
  const file = loadtestDatabasePath(cases);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.partial-${process.pid}`;
  log(`loadtest: seeding ${cases.toLocaleString("en-GB")} cases into ${file} (once; later runs reuse it)`);
  const started = performance.now();
  const { spawn } = await import("node:child_process");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--seed-into", partial, String(cases)],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "silent" },
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
    throw new Error(`loadtest: seeding failed (exit ${code})`);
  }
  fs.renameSync(partial, file);
  log(`loadtest: seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return file;
}

/** Runs in the child: migrate, the demo seed, the large seed, statistics, and a checkpoint so one file holds it all. */
async function seedInto(file: string, cases: number): Promise<void> {
  const { migrateDatabase, openDatabase } = await import("../db/client");
  const { seedDemo } = await import("../db/seed/demo");
  const { seedLarge } = await import("../db/seed/large");
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  await seedDemo(db, process.env);
  let lastTenth = -1;
  await seedLarge(db, {
    cases,
    recordsPerCase: 1,
    users: Math.max(100, Math.round(cases / 20)),
    busyCaseEvery: Math.min(20_000, cases),
    onProgress: ({ phase, done, total }) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) process.stderr.write(`loadtest: seed ${tenth * 10}% (${phase})\n`);
      lastTenth = tenth;
    },
  });
  db.$client.exec("ANALYZE");
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--seed-into");
  if (at >= 0) {
    await seedInto(process.argv[at + 1]!, Number(process.argv[at + 2]));
  } else {
    const cases = Number(process.argv[2] ?? process.env.LOADTEST_CASES ?? 100_000);
    process.stdout.write(`${await seededDatabase(cases, (l) => process.stderr.write(`${l}\n`))}\n`);
  }
}
