// `npm run seed:large -- [--cases 10000] [--records-per-case 5] [--users 1000] [--db path] [--seed n]`
// Adds a large synthetic partnership (db/seed/large.ts) to a database, for benchmarks and load checks.
// Refuses when NODE_ENV=production. Progress goes to stderr; the summary and time to stdout.
import { parseArgs } from "node:util";
import { migrateDatabase, openDatabase } from "../db/client";
import { LargeSeedRefused, seedLarge } from "../db/seed/large";

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run seed:large -- [--cases N] [--records-per-case N] [--users N] [--db path] [--seed N]\n`);
  process.exit(2);
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000_000) usage(`--${name} must be a whole number from 1 to 10,000,000`);
  return Number(value);
}

if (process.env.NODE_ENV === "production") {
  process.stderr.write("Refusing to create synthetic data when NODE_ENV=production\n");
  process.exit(1);
}

let parsed: ReturnType<typeof parseOptions>;
function parseOptions() {
  return parseArgs({
    options: { cases: { type: "string" }, "records-per-case": { type: "string" }, users: { type: "string" }, db: { type: "string" }, seed: { type: "string" } },
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
  recordsPerCase: count(parsed["records-per-case"], 5, "records-per-case"),
  users: count(parsed.users, 1_000, "users"),
  seed: count(parsed.seed, 20260101, "seed"),
};

/** A one-line bar redrawn in place on a terminal; occasional lines otherwise (CI logs). */
function progressBar() {
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  return ({ phase, done, total }: { phase: string; done: number; total: number }) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === lastPercent || (!tty && percent % 10 !== 0)) return;
    lastPercent = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}% ${phase}`;
    process.stderr.write(tty ? `\r${line.padEnd(60)}` : `${line}\n`);
  };
}

const started = process.hrtime.bigint();
const db = openDatabase(file);
try {
  migrateDatabase(db);
  const result = await seedLarge(db, { ...options, onProgress: progressBar() });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`Synthetic data added to ${file} in ${seconds.toFixed(1)} s: ${JSON.stringify(result)}\n`);
} catch (error) {
  if (error instanceof LargeSeedRefused || error instanceof RangeError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
} finally {
  db.$client.close();
}
