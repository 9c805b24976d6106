// `npm run backup [-- --dir <dir>] [--keep N]`: an online, checked copy of DATABASE_PATH with a signed manifest,
// keeping the newest N (BACKUP_DIR and BACKUP_KEEP by default). Safe while the server writes. Decision 0027.
// Prints the manifest as one JSON line on stdout and what it did, in sentences, on stderr. Exits 0 when the copy
// verified, 1 when it was kept but its audit log did not verify, 2 when no backup was made.
import { parseArgs } from "node:util";
import { backupDatabase, BackupFailed } from "../app/operations/backup.server";
import { operationsConfig } from "../app/operations/operations-config.server";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args: { dir?: string; keep?: string };
try {
  args = parseArgs({ options: { dir: { type: "string" }, keep: { type: "string" } }, strict: true }).values;
} catch (error) {
  fail(`${(error as Error).message}\nUsage: npm run backup [-- --dir <dir>] [--keep N]`);
}
if (args.keep !== undefined && !/^[1-9]\d{0,3}$/.test(args.keep)) fail("--keep must be a whole number from 1 to 9999");

let config: ReturnType<typeof operationsConfig>;
try {
  config = operationsConfig();
} catch (error) {
  fail((error as Error).message);
}

try {
  const { file, manifest, removed } = backupDatabase({
    ...config,
    dir: args.dir ?? config.backupDir,
    keep: args.keep ? Number(args.keep) : config.backupKeep,
  });
  process.stdout.write(`${JSON.stringify({ ...manifest, path: file, removed })}\n`);
  const mb = (manifest.bytes / 1e6).toFixed(1);
  process.stderr.write(
    [
      `Backup written to ${file} (${mb} MB in ${(manifest.durationMs / 1000).toFixed(1)} s; sha256 ${manifest.sha256}).`,
      "SQLite's integrity check of the copy: ok.",
      ...manifest.audit.findings,
      manifest.audit.verified
        ? manifest.audit.headSeq
          ? `The copy holds audit entries 1 to ${manifest.audit.headSeq.toLocaleString("en-GB")}.`
          : "The copy holds no audit entries."
        : "THE COPY'S AUDIT LOG DOES NOT VERIFY: the backup was kept as evidence, and restore will refuse it.",
      removed.length ? `Removed ${removed.length} older backup(s).` : "",
    ]
      .filter(Boolean)
      .map((l) => `- ${l}`)
      .join("\n") + "\n",
  );
  process.exitCode = manifest.audit.verified ? 0 : 1;
} catch (error) {
  if (error instanceof BackupFailed) fail(`No backup was made: ${error.message}`);
  throw error;
}
