// `npm run seed:large -- [--cases 10000] [--records-per-case 1] [--users 1000] [--db path] [--seed n]`
// Adds a large synthetic partnership (db/seed/large.ts) to a database, for benchmarks and load checks: every
// case with its casework (incidents, offences, orders, breaches, victim care, notes, tasks) and search
// documents, plus --records-per-case further notes on average. Refuses when NODE_ENV=production. Progress
// goes to stderr; the summary and time to stdout.
import { parseArgs } from "node:util";
import { migrateDatabase, openDatabase } from "../db/client";
import { BUSY_CASE_INCIDENTS, LargeSeedRefused, seedLarge } from "../db/seed/large";

function usage(message: string): never {
  process.stderr.write(
    `${message}\nUsage: npm run seed:large -- [--cases N] [--records-per-case N] [--users N] [--db path] [--seed N]\n`,
  );
  process.exit(2);
}

function count(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > 10_000_000)
    usage(`--${name} must be a whole number from ${min} to 10,000,000`);
  return Number(value);
}

if (process.env.NODE_ENV === "production") {
  process.stderr.write("Refusing to create synthetic data when NODE_ENV=production\n");
  process.exit(1);
}

let parsed: ReturnType<typeof parseOptions>;
function parseOptions() {
  return parseArgs({
    options: {
      cases: { type: "string" },
      "records-per-case": { type: "string" },
      users: { type: "string" },
      db: { type: "string" },
      seed: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}
try {
  parsed = parseOptions();
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

const file = parsed.db ?? process.env.DATABASE_PATH ?? "./data/concord.db";
const options = {
  cases: count(parsed.cases, 10_000, "cases"),
  recordsPerCase: count(parsed["records-per-case"], 1, "records-per-case", 0),
  users: count(parsed.users, 1_000, "users"),
  seed: count(parsed.seed, 20260101, "seed"),
};

/**
 * A one-line bar redrawn in place on a terminal (a line per tenth otherwise, for CI logs), naming the phase,
 * and how long each phase took, for the summary.
 */
function progressBar() {
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  let lastPhase = "";
  let phaseStarted = performance.now();
  const took: string[] = [];
  const update = ({ phase, done, total }: { phase: string; done: number; total: number }) => {
    const percent = Math.floor((done / total) * 100);
    const newPhase = phase !== lastPhase;
    if (newPhase) {
      const now = performance.now();
      if (lastPhase) took.push(`${lastPhase} ${((now - phaseStarted) / 1000).toFixed(1)} s`);
      lastPhase = phase;
      phaseStarted = now;
    }
    if (percent === lastPercent && !newPhase) return;
    if (!tty && percent % 10 !== 0 && !newPhase) return;
    lastPercent = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}% ${phase}`;
    process.stderr.write(tty ? `\r${line.padEnd(60)}` : `${line}\n`);
  };
  const phases = () => [...took, `${lastPhase} ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`].join(", ");
  return { update, phases };
}

const started = process.hrtime.bigint();
const db = openDatabase(file);
try {
  migrateDatabase(db);
  const bar = progressBar();
  const { busyCaseIds, ...result } = await seedLarge(db, { ...options, onProgress: bar.update });
  if (process.stderr.isTTY) process.stderr.write("\n");
  process.stderr.write(`Phases: ${bar.phases()}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`Synthetic data added to ${file} in ${seconds.toFixed(1)} s: ${JSON.stringify(result)}\n`);
  process.stdout.write(`Cases with ${BUSY_CASE_INCIDENTS} incidents: ${busyCaseIds.join(", ")}\n`);
} catch (error) {
  if (error instanceof LargeSeedRefused || error instanceof RangeError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
} finally {
  db.$client.close();
}
