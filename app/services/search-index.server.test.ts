// Re-indexing a record or a case replaces its search documents found by key prefix. At 100,000 cases
// search_documents holds about 2.6 million rows, so that look-up must be a range on the key's index: a LIKE read
// every row, about half a second for each record or case written, holding the one writer and the event loop.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseRecords, searchDocuments } from "../../db/schema";
import { setupTestDb, type TestDb } from "../../tests/integration/test-db";
import { indexRecord, keysStartingWith } from "./search-index.server";

describe("search documents found by key prefix", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await setupTestDb({ seed: true });
  });
  afterAll(() => t.cleanup());

  it("finds them through the key's index, never by reading the whole table", () => {
    const query = t.db.delete(searchDocuments).where(keysStartingWith("record:some-id:")).toSQL();
    const plan = t.db.$client
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...query.params)
      .map((row) => (row as { detail: string }).detail)
      .join("\n");
    expect(plan).toMatch(/SEARCH search_documents USING (COVERING )?INDEX search_documents_key/);
    expect(plan).not.toMatch(/SCAN search_documents/);
  });

  it("replaces exactly the record's own documents, not those of a record whose id begins with the same characters", () => {
    const record = t.db.select({ id: caseRecords.id }).from(caseRecords).limit(1).get()!;
    const keysOf = (prefix: string) =>
      t.db
        .select({ key: searchDocuments.docKey })
        .from(searchDocuments)
        .where(keysStartingWith(prefix))
        .all()
        .map((r) => r.key)
        .sort();
    const before = keysOf(`record:${record.id}:`);
    expect(before.length).toBeGreaterThan(0);
    // A document of a neighbouring key: the same id with more characters after it.
    const { rowid: _rowid, ...own } = t.db
      .select()
      .from(searchDocuments)
      .where(eq(searchDocuments.docKey, before[0]!))
      .get()!;
    const neighbour = `record:${record.id}0:summary`;
    t.db
      .insert(searchDocuments)
      .values({ ...own, docKey: neighbour })
      .run();
    t.db.transaction((tx) => indexRecord(tx, record.id), { behavior: "immediate" });
    expect(keysOf(`record:${record.id}:`)).toEqual(before);
    expect(keysOf(`record:${record.id}0:`)).toEqual([neighbour]);
  });
});
