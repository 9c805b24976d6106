// `npm run restore -- <backup.db> [--check]`: replaces DATABASE_PATH with a backup made by `npm run backup`, after
// checking it (signed manifest, checksum, integrity, audit chain) and that no server has the database open. The
// replaced database is kept beside it, then the disposal log (DISPOSAL_LOG_PATH) is replayed so records disposed of
// after the backup was taken are disposed of again (decision 0057). `--check` verifies the backup and changes
// nothing. Decision 0027.
// Exits 0 when done (or the check passed), 1 when refused, 2 on bad usage.
import { parseArgs } from "node:util";
import { operationsConfig } from "../app/operations/operations-config.server";
import { restoreDatabase, RestoreRefused, verifyBackup } from "../app/operations/restore.server";
import { manifestKey } from "../app/operations/backup-files.server";
import { closeDb } from "../app/db.server";
import { replayDisposalsWithFiles } from "../app/services/disposal-log.server";

const usage = "Usage: npm run restore -- <backup.db> [--check]";
let parsed: { values: { check?: boolean }; positionals: string[] };
try {
  parsed = parseArgs({ options: { check: { type: "boolean" } }, allowPositionals: true, strict: true });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (parsed.positionals.length !== 1) {
  process.stderr.write(`Name one backup file.\n${usage}\n`);
  process.exit(2);
}
const backupFile = parsed.positionals[0]!;

try {
  const config = operationsConfig();
  if (parsed.values.check) {
    const manifest = verifyBackup(backupFile, {
      manifest: [config.secretKey, ...config.previousSecretKeys].map(manifestKey),
      chain: config.chainKeys,
      checkpoint: config.checkpointKeys,
    });
    process.stdout.write(`${JSON.stringify({ ok: true, ...manifest })}\n`);
    process.stderr.write(
      `- The backup verifies: signed manifest, checksum, integrity check and audit chain (${manifest.audit.headSeq ? `entries 1 to ${manifest.audit.headSeq}` : "no entries"}), taken at ${manifest.takenAt}. Nothing was changed.\n`,
    );
  } else {
    const result = restoreDatabase({ ...config, backupFile });
    const replay = await replayDisposalsWithFiles();
    closeDb();
    process.stdout.write(
      `${JSON.stringify({ ok: true, database: config.databasePath, previousDatabase: result.previousDatabase, takenAt: result.manifest.takenAt, headSeq: result.manifest.audit.headSeq, rolledBackFrom: result.rolledBackFrom, disposalsReplayed: replay.replayed })}\n`,
    );
    const replayed = `Disposal log: ${replay.entries} disposals recorded; ${replay.replayed} records the backup held whole were disposed of again (${replay.files} files deleted)${replay.unsigned ? `; ${replay.unsigned} lines were not signed with the key and were not replayed: check the file` : ""}.`;
    process.stderr.write(`${[...result.findings, replayed].map((f) => `- ${f}`).join("\n")}\n`);
  }
} catch (error) {
  if (error instanceof RestoreRefused) {
    process.stdout.write(`${JSON.stringify({ ok: false, refused: error.message })}\n`);
    process.stderr.write(`Restore refused: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
