import type Database from "better-sqlite3";
import { fileStore } from "~/files/files.server";

/*
 * The one seam through which disposal removes a record's files (issue 21, decisions 0047 and 0051). Files live in
 * the file store of issue 20 (app/files), addressed by content. Which files belong to a record is issue 20's
 * documents table, not yet in the schema: until it lands a record has no files, and recordFileAddresses returns
 * none. When it lands, it selects here the addresses of the record's files that no other record refers to.
 */

/** Addresses of files only this record refers to, read in the disposal's transaction (before the links go). */
export function recordFileAddresses(_sqlite: Database.Database, _recordId: string): string[] {
  return [];
}

/** Deletes the files after the disposal has committed (a file store cannot take part in the transaction). */
export async function deleteStoredFiles(addresses: readonly string[]): Promise<number> {
  for (const address of addresses) await fileStore().delete(address);
  return addresses.length;
}
