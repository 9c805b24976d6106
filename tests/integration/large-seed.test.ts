import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { LargeSeedRefused, seedLarge } from "../../db/seed/large";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

const one = <T>(sql: string): T => getDb().$client.prepare(sql).get() as T;
const all = <T>(sql: string): T[] => getDb().$client.prepare(sql).all() as T[];

describe("large synthetic seed", () => {
  it("refuses in production and changes nothing", async () => {
    const before = one<{ n: number }>("SELECT count(*) AS n FROM cases").n;
    await expect(seedLarge(getDb(), { cases: 10, recordsPerCase: 2, users: 20, env: { NODE_ENV: "production" } })).rejects.toBeInstanceOf(LargeSeedRefused);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cases").n).toBe(before);
  });

  it("adds exactly the cases, records and people asked for, reusing the demo agencies, twice over", async () => {
    const agencies = one<{ n: number }>("SELECT count(*) AS n FROM agencies").n;
    const progress: number[] = [];
    for (let run = 1; run <= 2; run++) {
      const result = await seedLarge(getDb(), { cases: 300, recordsPerCase: 5, users: 120, env: { NODE_ENV: "test" }, onProgress: (p) => progress.push(p.done / p.total) });
      // recordsPerCase counts the free-text notes; casework (incidents, offences, orders...) comes on top.
      expect(result).toMatchObject({ cases: 300, notes: 1500, users: 120 });
      expect(result.incidents).toBeGreaterThanOrEqual(600);
    }
    expect(one<{ n: number }>("SELECT count(*) AS n FROM agencies").n).toBe(agencies);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM users WHERE created_by = 'large-seed'").n).toBe(240);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cases WHERE reference NOT LIKE 'NS-2026-0000_'").n).toBe(600);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records r JOIN cases c ON c.id = r.case_id WHERE r.kind = 'note' AND c.created_by IN (SELECT id FROM users WHERE created_by = 'large-seed')").n).toBeGreaterThanOrEqual(3000);
    // Every record has its summary search document, and every incident its detail row.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records r WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.doc_key = 'record:' || r.id || ':summary')").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records r WHERE r.kind = 'incident' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.record_id = r.id)").n).toBe(0);
    expect(progress.at(-1)).toBe(1);
  });

  it("gives every case a team of 2 to 5 case workers, a case core from its lead agency, and mandatory caveats", () => {
    const teams = all<{ size: number }>("SELECT count(*) AS size FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.created_by = 'large-seed' GROUP BY m.case_id");
    expect(teams.length).toBe(600);
    expect(Math.min(...teams.map((x) => x.size))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...teams.map((x) => x.size))).toBeLessThanOrEqual(5);
    expect(teams.filter((x) => x.size >= 2).length).toBeGreaterThan(550);
    // Only case-working roles sit on teams.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_members m JOIN user_roles r ON r.user_id = m.user_id WHERE r.role IN ('agency_admin', 'auditor', 'performance_lead', 'system_admin')").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = c.id AND r.category = 'case_core' AND r.owner_agency_id = c.lead_agency_id)").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records WHERE (category = 'victim_contact' AND NOT cav_victim_confidential) OR (category = 'police_intelligence' AND NOT cav_police_intelligence)").n).toBe(0);
    // Authors belong to their record's owning agency.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records r JOIN users u ON u.id = r.author_user_id WHERE u.agency_id <> r.owner_agency_id").n).toBe(0);
  });
});
