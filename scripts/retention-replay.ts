// `npm run retention:replay`: disposes again of the records the disposal log (DISPOSAL_LOG_PATH) says were disposed
// of and the database (DATABASE_PATH) holds whole, as after restoring an older backup by hand; `npm run restore` and
// every server start do it themselves (decision 0057). Prints the result as one JSON line. Exits 0, or 2 on error.
import { closeDb } from "../app/db.server";
import { replayDisposalsWithFiles } from "../app/services/disposal-log.server";

try {
  const result = await replayDisposalsWithFiles();
  closeDb();
  process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
  if (result.unsigned)
    process.stderr.write(
      `${result.unsigned} lines of the disposal log were not signed with the key and were not replayed: check the file.\n`,
    );
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
