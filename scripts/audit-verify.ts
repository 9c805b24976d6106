// `npm run audit:verify`: checks the audit log's hash chain in DATABASE_PATH (default ./data/concord.db).
// Prints {"entries":N,"ok":true} and exits 0, or names the first broken entry and exits 1.
// Opens the file without migrating it: a check must not change what it checks.
import fs from "node:fs";
import { verifyAuditChain } from "../app/access/audit.server";
import { openDatabase } from "../db/client";

const file = process.env.DATABASE_PATH ?? "./data/concord.db";

const DESCRIPTIONS = {
  "hash-mismatch": "the entry was altered after it was written",
  "broken-link": "the entry does not link to the one before it (an earlier entry was altered or replaced)",
  gap: "an entry with this sequence number is missing (deleted)",
} as const;

if (!fs.existsSync(file)) {
  process.stderr.write(`No database at ${file} (set DATABASE_PATH)\n`);
  process.exit(2);
}

const db = openDatabase(file);
try {
  const { entries, problem } = verifyAuditChain(db);
  if (problem) {
    process.stdout.write(`${JSON.stringify({ entries, ok: false, firstBroken: problem })}\n`);
    process.stderr.write(`Audit log broken at seq ${problem.seq}: ${problem.problem} (${DESCRIPTIONS[problem.problem]})\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${JSON.stringify({ entries, ok: true })}\n`);
  }
} catch (error) {
  process.stderr.write(`Could not read the audit log in ${file}: ${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  db.$client.close();
}
