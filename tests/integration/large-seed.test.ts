import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { indexCase, indexRecord } from "~/services/search-index.server";
import { BUSY_CASE_INCIDENTS, LargeSeedRefused, seedLarge } from "../../db/seed/large";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

const one = <T>(sql: string, ...params: unknown[]): T =>
  getDb()
    .$client.prepare(sql)
    .get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]): T[] =>
  getDb()
    .$client.prepare(sql)
    .all(...params) as T[];

describe("large synthetic seed", () => {
  it("refuses in production and changes nothing", async () => {
    const before = one<{ n: number }>("SELECT count(*) AS n FROM cases").n;
    await expect(
      seedLarge(getDb(), { cases: 10, recordsPerCase: 2, users: 20, env: { NODE_ENV: "production" } }),
    ).rejects.toBeInstanceOf(LargeSeedRefused);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cases").n).toBe(before);
  });

  it("adds exactly the cases, records and people asked for, reusing the demo agencies, twice over", async () => {
    const agencies = one<{ n: number }>("SELECT count(*) AS n FROM agencies").n;
    const progress: number[] = [];
    for (let run = 1; run <= 2; run++) {
      const result = await seedLarge(getDb(), {
        cases: 300,
        recordsPerCase: 5,
        users: 120,
        env: { NODE_ENV: "test" },
        onProgress: (p) => progress.push(p.done / p.total),
      });
      // recordsPerCase counts the free-text notes; casework (incidents, offences, orders...) comes on top.
      expect(result).toMatchObject({ cases: 300, notes: 1500, users: 120 });
      expect(result.incidents).toBeGreaterThanOrEqual(600);
    }
    expect(one<{ n: number }>("SELECT count(*) AS n FROM agencies").n).toBe(agencies);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM users WHERE created_by = 'large-seed'").n).toBe(240);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cases WHERE reference NOT LIKE 'NS-2026-0000_'").n).toBe(600);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records r JOIN cases c ON c.id = r.case_id WHERE r.kind = 'note' AND c.created_by IN (SELECT id FROM users WHERE created_by = 'large-seed')",
      ).n,
    ).toBeGreaterThanOrEqual(3000);
    // Every record has its summary search document, and every incident its detail row.
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records r WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.doc_key = 'record:' || r.id || ':summary')",
      ).n,
    ).toBe(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records r WHERE r.kind = 'incident' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.record_id = r.id)",
      ).n,
    ).toBe(0);
    expect(progress.at(-1)).toBe(1);
  });

  it("gives every case a team of 2 to 5 case workers, a case core from its lead agency, and mandatory caveats", () => {
    const teams = all<{ size: number }>(
      "SELECT count(*) AS size FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.created_by = 'large-seed' GROUP BY m.case_id",
    );
    expect(teams.length).toBe(600);
    expect(Math.min(...teams.map((x) => x.size))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...teams.map((x) => x.size))).toBeLessThanOrEqual(5);
    expect(teams.filter((x) => x.size >= 2).length).toBeGreaterThan(550);
    // Only case-working roles sit on teams.
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_members m JOIN user_roles r ON r.user_id = m.user_id WHERE r.role IN ('agency_admin', 'auditor', 'performance_lead', 'system_admin')",
      ).n,
    ).toBe(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = c.id AND r.category = 'case_core' AND r.owner_agency_id = c.lead_agency_id)",
      ).n,
    ).toBe(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records WHERE (category = 'victim_contact' AND NOT cav_victim_confidential) OR (category = 'police_intelligence' AND NOT cav_police_intelligence)",
      ).n,
    ).toBe(0);
    // Authors belong to their record's owning agency.
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records r JOIN users u ON u.id = r.author_user_id WHERE u.agency_id <> r.owner_agency_id",
      ).n,
    ).toBe(0);
  });
});

describe("large seed casework, generated in a worker thread", () => {
  let result: Awaited<ReturnType<typeof seedLarge>>;
  let before: { records: number; indexes: string[] };
  const indexNames = () =>
    all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
    ).map((r) => r.name);

  beforeAll(async () => {
    before = { records: one<{ n: number }>("SELECT count(*) AS n FROM case_records").n, indexes: indexNames() };
    result = await seedLarge(getDb(), {
      cases: 200,
      recordsPerCase: 1,
      users: 80,
      busyCaseEvery: 150,
      worker: true,
      env: { NODE_ENV: "test" },
    });
  });

  it("writes the casework with its detail rows, two cases with 200 incidents among them", () => {
    expect(result).toMatchObject({ cases: 200, notes: 200, users: 80 });
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records").n - before.records).toBe(result.records);
    expect(result.busyCaseIds).toHaveLength(2);
    for (const id of result.busyCaseIds)
      expect(one<{ n: number }>("SELECT count(*) AS n FROM incidents WHERE case_id = ?", id).n).toBe(
        BUSY_CASE_INCIDENTS,
      );
    const perCase = all<{ n: number }>(
      "SELECT count(*) AS n FROM incidents i JOIN cases c ON c.id = i.case_id WHERE c.reference NOT LIKE 'NS-2026-0000_' GROUP BY i.case_id",
    ).map((r) => r.n);
    expect(perCase.filter((n) => n !== BUSY_CASE_INCIDENTS).every((n) => n >= 2 && n <= 8)).toBe(true);
    for (const [key, table] of [
      ["incidents", "incidents"],
      ["offences", "offences"],
      ["orders", "protective_orders"],
      ["breaches", "breaches"],
      ["tasks", "tasks"],
    ] as const) {
      expect(result[key]).toBeGreaterThan(0);
      expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n).toBeGreaterThanOrEqual(result[key]);
    }
    for (const kind of ["victim_contact", "victim_update_plan", "support_referral", "spo_consideration", "note"]) {
      expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records WHERE kind = ?", kind).n).toBeGreaterThan(0);
    }
    // Foreign keys were not checked during the load; every reference must still hold.
    expect(all("PRAGMA foreign_key_check")).toEqual([]);
  });

  it("gives every record the search documents indexRecord writes, and the full-text index agrees with them", () => {
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM case_records r WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.doc_key = 'record:' || r.id || ':summary')",
      ).n,
    ).toBe(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.doc_key = 'case:' || c.id)",
      ).n,
    ).toBe(0);
    const docs = (recordId: string) =>
      all(
        `SELECT doc_key, case_id, record_id, level, category, owner_agency_id, status, meeting_id, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, label, text FROM search_documents WHERE record_id = ? ORDER BY doc_key`,
        recordId,
      );
    // One record of each kind and category from this run, and some more (indexRecord scans, so not all of them).
    const sample = all<{ id: string }>(
      "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY kind, category ORDER BY rowid DESC) AS k FROM case_records) WHERE k <= 4",
    );
    expect(sample.length).toBeGreaterThan(40);
    for (const { id } of sample) {
      const seeded = docs(id);
      getDb().transaction((tx) => indexRecord(tx, id));
      expect(seeded).toEqual(docs(id));
    }
    // The case document: reference, parties' names and aliases.
    const c = one<{ id: string; reference: string }>(
      "SELECT id, reference FROM cases ORDER BY created_at DESC LIMIT 1",
    );
    const caseDoc = () =>
      one<{ text: string }>("SELECT text FROM search_documents WHERE doc_key = ?", `case:${c.id}`).text;
    const seededCase = caseDoc();
    getDb().transaction((tx) => indexCase(tx, c.id));
    expect(seededCase.split("\n").sort()).toEqual(caseDoc().split("\n").sort());
    getDb().$client.exec("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')");
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?", `"${c.reference}"`).n,
    ).toBeGreaterThanOrEqual(1);
  });

  it("puts back every index and trigger it set aside, and the connection's settings", () => {
    expect(indexNames()).toEqual(before.indexes);
    expect(one<{ foreign_keys: number }>("PRAGMA foreign_keys").foreign_keys).toBe(1);
    expect(one<{ synchronous: number }>("PRAGMA synchronous").synchronous).toBe(2); // FULL, as db/client.ts sets it (decision 0028)
  });
});
