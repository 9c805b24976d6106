// Disposal removes a record's files (issue 21 with issue 20's documents): on a real SQLite file and the real file
// store, a file goes only when no other record still in use refers to the same content.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStore } from "~/files/files.server";
import { deleteStoredFiles, recordFileAddresses } from "~/services/record-files-disposal.server";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

/** Three records of one case given document rows: the first with a file of its own, the other two sharing one. */
async function documents() {
  const records = t.db.$client.prepare(`SELECT id, case_id FROM case_records ORDER BY created_at LIMIT 3`).all() as {
    id: string;
    case_id: string;
  }[];
  const own = await fileStore().put(Readable.from([Buffer.from("a screenshot only the first record holds")]));
  const shared = await fileStore().put(Readable.from([Buffer.from("the same photograph uploaded twice")]));
  const insert = t.db.$client.prepare(
    `INSERT INTO case_documents (record_id, case_id, address, sha256, bytes, media_type, extension, scan_status) VALUES (?, ?, ?, ?, ?, 'image/png', 'png', 'not_scanned')`,
  );
  records.forEach((r, i) => {
    const file = i === 0 ? own : shared;
    insert.run(r.id, r.case_id, file.address, file.sha256, file.bytes);
  });
  return { records: records.map((r) => r.id), own: own.address, shared: shared.address };
}

describe("which files a disposal removes", () => {
  it("a file only this record refers to; a shared one only once every other record referring to it is disposed of", async () => {
    const d = await documents();
    expect(recordFileAddresses(t.db.$client, d.records[0]!)).toEqual([d.own]);
    expect(recordFileAddresses(t.db.$client, d.records[1]!)).toEqual([]);

    // The third record is disposed of (its row stays as a tombstone): the second is now the last to hold the file.
    t.db.$client.prepare(`UPDATE case_records SET disposal = 'deleted' WHERE id = ?`).run(d.records[2]);
    expect(recordFileAddresses(t.db.$client, d.records[1]!)).toEqual([d.shared]);

    expect(await fileStore().exists(d.own)).toBe(true);
    expect(await deleteStoredFiles(recordFileAddresses(t.db.$client, d.records[0]!))).toBe(1);
    expect(await fileStore().exists(d.own)).toBe(false);
    expect(await fileStore().exists(d.shared)).toBe(true);
  });

  it("a record with no document has no files", () => {
    const note = t.db.$client
      .prepare(`SELECT id FROM case_records WHERE id NOT IN (SELECT record_id FROM case_documents) LIMIT 1`)
      .get() as { id: string };
    expect(recordFileAddresses(t.db.$client, note.id)).toEqual([]);
  });
});
