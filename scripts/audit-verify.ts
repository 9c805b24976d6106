// `npm run audit:verify [-- --checkpoints <file> | --without-checkpoints]`: checks the audit log in DATABASE_PATH
// (default ./data/concord.db): the hash chain, keyed with CONCORD_SECRET_KEY, and the chain against the signed
// checkpoints kept outside the database (AUDIT_CHECKPOINT_PATH, default beside the database). Decision 0026.
// Prints one JSON line to stdout and what it found, in sentences, to stderr. Exits 0 when everything verifies,
// 1 when something does not (or there is no checkpoint to compare with), 2 when it could not check.
// Opens the file without migrating it: a check must not change what it checks.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { checkAuditLog } from "../app/access/audit-check.server";
import { configuredCheckpointKeys } from "../app/access/audit-checkpoints.server";
import { configuredChainKeys } from "../app/access/audit.server";
import { getConfig } from "../app/config.server";
import { openDatabase } from "../db/client";

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let args: { checkpoints?: string; "without-checkpoints"?: boolean };
try {
  args = parseArgs({
    options: { checkpoints: { type: "string" }, "without-checkpoints": { type: "boolean" } },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\nUsage: npm run audit:verify [-- --checkpoints <file> | --without-checkpoints]`, 2);
}

let config: ReturnType<typeof getConfig>;
try {
  config = getConfig();
} catch (error) {
  fail((error as Error).message, 2);
}
const file = config.databasePath;
if (!fs.existsSync(file)) fail(`No database at ${file} (set DATABASE_PATH)`, 2);

const db = openDatabase(file);
try {
  const result = checkAuditLog(db, {
    chainKeys: configuredChainKeys(),
    checkpointKeys: configuredCheckpointKeys(),
    checkpointFile: args["without-checkpoints"] ? null : (args.checkpoints ?? config.auditCheckpointPath),
  });
  const { findings, ...summary } = result;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.stderr.write(
    `${result.ok ? "Audit log verified." : "AUDIT LOG DOES NOT VERIFY."}\n${findings.map((f) => `- ${f}`).join("\n")}\n`,
  );
  if (config.secretKeySource === "development")
    process.stderr.write(
      "- CONCORD_SECRET_KEY is not set: checked with the public development key, which proves nothing outside development.\n",
    );
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`Could not read the audit log in ${file}: ${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  db.$client.close();
}
