import type Database from "better-sqlite3";
import { fileStore } from "~/files/files.server";

/*
 * The one seam through which disposal removes a record's files (issue 21, decisions 0047, 0051 and 0052). Files live
 * in the file store (app/files), addressed by content, so two documents with the same content share one file: a
 * file goes only when no other record that has not been disposed of still refers to it.
 */

/** Addresses of files only this record refers to (among records not disposed of), read in the disposal's transaction. */
export function recordFileAddresses(sqlite: Database.Database, recordId: string): string[] {
  const rows = sqlite
    .prepare(
      `SELECT d.address FROM case_documents d
        WHERE d.record_id = ?
          AND NOT EXISTS (SELECT 1 FROM case_documents o JOIN case_records r ON r.id = o.record_id
                           WHERE o.address = d.address AND o.record_id <> d.record_id AND r.disposal IS NULL)`,
    )
    .all(recordId) as { address: string }[];
  return rows.map((r) => r.address);
}

/** Deletes the files after the disposal has committed (a file store cannot take part in the transaction). */
export async function deleteStoredFiles(addresses: readonly string[]): Promise<number> {
  for (const address of addresses) await fileStore().delete(address);
  return addresses.length;
}
