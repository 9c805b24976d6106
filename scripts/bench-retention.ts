// `npm run bench:retention`: the retention schedule run (decision 0051) over a large partnership, one JSON line per
// run: {"name","cases","brought","casesChecked","ms","max_event_loop_block_ms","loadavg"}. It works on a copy of the
// load test's cached database (LOADTEST_CASES, default 100,000 cases; `npm run loadtest` or `npm run seed:large`
// makes it), never on the cache itself. Figures, not assertions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

const cases = Number(process.env.LOADTEST_CASES ?? 100_000);
const cacheDir = process.env.LOADTEST_DB_DIR ?? os.tmpdir();
const cached = fs
  .readdirSync(cacheDir)
  .filter((f) => f.startsWith(`concord-loadtest-${cases}-`) && f.endsWith(".db"))
  .map((f) => path.join(cacheDir, f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
if (!cached) {
  process.stderr.write(
    `bench:retention: no cached database of ${cases} cases in ${cacheDir}; run npm run loadtest first\n`,
  );
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-retention-"));
const copy = path.join(dir, "concord.db");
process.stderr.write(`bench:retention: copying ${cached} (${(fs.statSync(cached).size / 1e9).toFixed(2)} GB)\n`);
fs.copyFileSync(cached, copy);
process.env.DATABASE_PATH = copy;
process.env.AUDIT_CHECKPOINT_PATH = `${copy}.audit-checkpoints`;
process.env.LOG_LEVEL = "silent";

try {
  const { getDb, closeDb } = await import("../app/db.server");
  const { runRetentionSchedules } = await import("../app/services/retention-run.server");
  const opened = Date.now();
  const db = getDb(); // applies the retention migration (its columns and the cases_closed index)
  process.stderr.write(`bench:retention: opened and migrated in ${Date.now() - opened} ms\n`);
  const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
  process.stderr.write(
    `bench:retention: ${count("SELECT count(*) AS n FROM cases")} cases, ${count("SELECT count(*) AS n FROM cases WHERE status = 'closed'")} closed, ${count("SELECT count(*) AS n FROM case_records")} records\n`,
  );
  const years = (n: number) => new Date(Date.now() + n * 365.25 * 86_400_000);
  for (const [name, now] of [
    ["retention.run_today", new Date()],
    ["retention.run_today_again", new Date()],
    ["retention.run_in_7_years", years(7)],
    ["retention.run_in_7_years_again", years(7)],
    ["retention.run_in_25_years", years(25)],
  ] as const) {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = process.hrtime.bigint();
    const result = await runRetentionSchedules(now);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    loop.disable();
    process.stdout.write(
      `${JSON.stringify({ name, cases: count("SELECT count(*) AS n FROM cases"), brought: result.brought, casesChecked: result.casesChecked, ms: Math.round(ms), max_event_loop_block_ms: Math.round(loop.max / 1e6), loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10) })}\n`,
    );
  }
  closeDb();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
