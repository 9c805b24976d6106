import { verify } from "@node-rs/argon2";
import path from "node:path";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { CASE_ROLES } from "~/domain/case-vocabulary";
import { addDays, lastDayToCharge, londonDate } from "~/domain/limitation-deadline";
import { ROLE_IDS } from "~/domain/roles";
import { currentInstrument } from "~/instruments/index";
import type { Answers } from "~/instruments/types";
import { caseOverview } from "~/services/cases.server";
import { assessmentDetail } from "~/services/risk-assessment-views.server";
import { bodyText } from "~/services/search-index.server";
import { victimCarePage } from "~/services/victim-care.server";
import { migrateDatabase, openDatabase, type Db } from "../../db/client";
import { caseRecords, cases } from "../../db/schema";
import { DemoSeedRefused, isDatabaseEmpty, seedDemo } from "../../db/seed/demo";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo-accounts";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import {
  SENTENCING_CASE,
  SENTENCING_CASE_REFERENCE,
  SENTENCING_DECISIONS,
  SENTENCING_SECRETS,
} from "../../db/seed/demo-sentencing";
import { makeTempDir, setupTestDb, type TestDb } from "./test-db";

let dir: string;
const open: Db[] = [];

function freshDb(name: string): Db {
  const db = openDatabase(path.join(dir, name));
  migrateDatabase(db);
  open.push(db);
  return db;
}

beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => {
  for (const db of open) db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("seedDemo", () => {
  it("refuses when NODE_ENV=production and adds nothing", async () => {
    const db = freshDb("prod.db");
    await expect(seedDemo(db, { NODE_ENV: "production" })).rejects.toBeInstanceOf(DemoSeedRefused);
    await expect(seedDemo(db, { NODE_ENV: "production" })).rejects.toThrow(/production/);
    expect(isDatabaseEmpty(db)).toBe(true);
    expect(db.$client.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
  });

  describe("on an empty database", () => {
    let db: Db;
    beforeAll(async () => {
      db = freshDb("demo.db");
      expect(await seedDemo(db, { NODE_ENV: "test" })).toMatchObject({ accounts: 21 });
    });

    it("creates 21 accounts, one for every role", () => {
      const users = db.$client.prepare("SELECT id, email, agency_id AS agencyId, status FROM users").all() as {
        id: string;
        email: string;
        agencyId: string;
        status: string;
      }[];
      expect(users).toHaveLength(21);
      expect(DEMO_ACCOUNTS).toHaveLength(21);
      expect(users.every((u) => u.status === "active")).toBe(true);
      const roles = (db.$client.prepare("SELECT role FROM user_roles").all() as { role: string }[]).map((r) => r.role);
      expect(roles).toHaveLength(ROLE_IDS.length);
      expect([...roles].sort()).toEqual([...ROLE_IDS].sort());
    });

    it("puts every account in an agency whose type may hold its role", () => {
      const rows = db.$client
        .prepare(
          "SELECT r.role, a.type FROM user_roles r JOIN users u ON u.id = r.user_id JOIN agencies a ON a.id = u.agency_id",
        )
        .all() as { role: string; type: string }[];
      expect(rows.find((r) => r.role === "investigator")?.type).toBe("police");
      expect(rows.find((r) => r.role === "system_admin")?.type).toBe("other");
      expect(rows.find((r) => r.role === "prosecutor")?.type).toBe("cps");
      expect((db.$client.prepare("SELECT count(*) AS n FROM agencies").get() as { n: number }).n).toBe(7);
    });

    it("gives every account the demo password (hashed with argon2id)", async () => {
      const hashes = db.$client.prepare("SELECT DISTINCT password_hash AS h FROM users").all() as { h: string }[];
      expect(hashes).toHaveLength(1);
      expect(hashes[0]!.h).toMatch(/^\$argon2id\$/);
      expect(await verify(hashes[0]!.h, DEMO_PASSWORD)).toBe(true);
    });

    it("refuses a database that already has data", async () => {
      await expect(seedDemo(db, { NODE_ENV: "test" })).rejects.toThrow(/empty database/);
      expect((db.$client.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(21);
    });
  });
});

describe("seedDemo with the casework (npm run demo)", () => {
  // Through the app's own connection (getDb), so the services and the gate can be asked about the seeded cases.
  let t: TestDb;
  let db: Db;
  const all = <T>(sql: string, ...params: unknown[]): T[] => db.$client.prepare(sql).all(...params) as T[];
  const one = <T>(sql: string, ...params: unknown[]): T => db.$client.prepare(sql).get(...params) as T;
  const today = londonDate(new Date());
  let worked: string;

  beforeAll(async () => {
    t = await setupTestDb();
    db = t.db;
    const result = await seedDemo(db, { NODE_ENV: "test" }, { casework: true });
    expect(result.accounts).toBe(21);
    expect(result.cases).toBeGreaterThanOrEqual(43);
    worked = one<{ id: string }>("SELECT id FROM cases WHERE reference = ?", WORKED_CASE_REFERENCE).id;
  });
  afterAll(() => t.cleanup());

  it("adds at least 40 cases to the two small ones, each with a victim, a perpetrator, incidents and a team", () => {
    const cases = all<{ reference: string; victims: number; perpetrators: number; incidents: number; team: number }>(`
      SELECT c.reference,
        (SELECT count(*) FROM case_parties p WHERE p.case_id = c.id AND p.party_role = 'victim') AS victims,
        (SELECT count(*) FROM case_parties p WHERE p.case_id = c.id AND p.party_role = 'perpetrator') AS perpetrators,
        (SELECT count(*) FROM incidents i WHERE i.case_id = c.id) AS incidents,
        (SELECT count(*) FROM case_members m WHERE m.case_id = c.id AND m.removed_at IS NULL) AS team
      FROM cases c`);
    expect(
      cases.filter((c) => !["NS-2026-00001", "NS-2026-00002", SENTENCING_CASE_REFERENCE].includes(c.reference)).length,
    ).toBeGreaterThanOrEqual(40);
    for (const c of cases)
      expect({
        ...c,
        victims: c.victims >= 1,
        perpetrators: c.perpetrators >= 1,
        incidents: c.incidents >= 1,
        team: c.team >= 1,
      }).toEqual({ reference: c.reference, victims: true, perpetrators: true, incidents: true, team: true });
    // References are unique and in the partnership's shape; team roles are CASE_ROLES codes.
    expect(new Set(cases.map((c) => c.reference)).size).toBe(cases.length);
    for (const c of cases) expect(c.reference).toMatch(/^NS-\d{4}-\d{5}$/);
    const roles = all<{ role: string }>("SELECT DISTINCT role_in_case AS role FROM case_members").map((r) => r.role);
    for (const role of roles) expect(CASE_ROLES).toContain(role);
  });

  it("writes every record through the envelope with its search documents, and every case its case document", () => {
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
    // The full document is the body's text, exactly as the index writes it.
    const records = all<{ id: string; body: string; full: string | null }>(
      "SELECT r.id, r.body, d.text AS full FROM case_records r LEFT JOIN search_documents d ON d.doc_key = 'record:' || r.id || ':full'",
    );
    for (const r of records) expect(r.full ?? "").toBe(bodyText(r.body));
    // The full-text index agrees with its documents, and finds the worked case's perpetrator and alias account.
    db.$client.exec("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')");
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'Voss'").n,
    ).toBeGreaterThanOrEqual(2);
    // Every detail row belongs to a record of its kind on the same case.
    for (const [table, kind] of [
      ["incidents", "incident"],
      ["offences", "offence"],
      ["protective_orders", "protective_order"],
      ["spo_considerations", "spo_consideration"],
      ["breaches", "breach"],
      ["victim_update_plans", "victim_update_plan"],
      ["support_referrals", "support_referral"],
    ] as const) {
      expect(
        one<{ n: number }>(
          `SELECT count(*) AS n FROM ${table} t LEFT JOIN case_records r ON r.id = t.record_id AND r.case_id = t.case_id AND r.kind = ? WHERE r.id IS NULL`,
          kind,
        ).n,
      ).toBe(0);
    }
  });

  it("keeps victim contact details as victim-contact records with the victim-confidential caveat", () => {
    const contacts = all<{ category: string; caveat: number }>(
      "SELECT category, cav_victim_confidential AS caveat FROM case_records WHERE kind = 'victim_contact'",
    );
    expect(contacts.length).toBeGreaterThanOrEqual(30);
    for (const c of contacts) expect(c).toEqual({ category: "victim_contact", caveat: 1 });
  });

  it("has one perpetrator on several cases (serial stalking)", () => {
    const serial = all<{ name: string; cases: number }>(
      "SELECT p.full_name AS name, count(DISTINCT cp.case_id) AS cases FROM case_parties cp JOIN people p ON p.id = cp.person_id WHERE cp.party_role = 'perpetrator' GROUP BY p.id HAVING cases >= 2",
    );
    expect(serial.length).toBeGreaterThanOrEqual(1);
    expect(serial.some((s) => s.cases >= 3)).toBe(true);
    expect(serial.map((s) => s.name)).toContain("Kieran Voss");
  });

  it("follows DOMAIN.md's distributions roughly", () => {
    const c = one<{ n: number; ex: number; online: number; domestic: number }>(
      "SELECT count(*) AS n, sum(relationship = 'ex_intimate_partner') AS ex, sum(flag_online) AS online, sum(flag_domestic_abuse) AS domestic FROM cases",
    );
    expect(c.ex / c.n).toBeGreaterThan(0.35);
    expect(c.ex / c.n).toBeLessThan(0.65);
    expect(c.online / c.n).toBeGreaterThan(0.12);
    expect(c.online / c.n).toBeLessThan(0.4);
    expect(c.domestic / c.n).toBeGreaterThan(0.35);
    expect(c.domestic / c.n).toBeLessThan(0.7);
    const stalking = all<{ type: string; n: number }>(
      "SELECT offence_type AS type, count(*) AS n FROM offences WHERE offence_type IN ('stalking_s2a', 'stalking_s4a') GROUP BY offence_type",
    );
    expect(stalking.map((s) => s.type).sort()).toEqual(["stalking_s2a", "stalking_s4a"]);
    for (const s of stalking) expect(s.n).toBeGreaterThanOrEqual(10);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM offences WHERE outcome_code = '16'").n).toBeGreaterThan(0);
  });

  it("gives every home-page list something: deadlines within 28 days, SPO considerations outstanding, updates due, overdue tasks, breaches", () => {
    const deadlines = all<{ day: string }>(
      "SELECT last_day_to_charge AS day FROM offences WHERE status = 'under_investigation' AND summary_only AND last_day_to_charge IS NOT NULL",
    );
    const soon = deadlines.filter((d) => d.day >= today && d.day <= addDays(today, 28));
    expect(soon.length).toBeGreaterThanOrEqual(3);
    expect(soon.some((d) => d.day <= addDays(today, 7))).toBe(true);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM cases c WHERE c.status <> 'closed' AND c.created_at < ? AND NOT EXISTS (SELECT 1 FROM spo_considerations s WHERE s.case_id = c.id)",
        weekAgo,
      ).n,
    ).toBeGreaterThanOrEqual(2);
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM victim_update_plans p JOIN cases c ON c.id = p.case_id WHERE c.status <> 'closed' AND p.next_due_on <= ?",
        addDays(today, 7),
      ).n,
    ).toBeGreaterThanOrEqual(3);
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE status = 'open' AND due_on < ?", today).n,
    ).toBeGreaterThanOrEqual(3);
    const breaches = all<{ caseId: string; priority: string; tasks: number }>(
      "SELECT b.case_id AS caseId, c.priority, (SELECT count(*) FROM tasks t WHERE t.source = 'breach' AND t.source_record_id = b.record_id) AS tasks FROM breaches b JOIN cases c ON c.id = b.case_id",
    );
    expect(breaches.length).toBeGreaterThanOrEqual(4);
    for (const b of breaches) expect(b.tasks).toBe(1);
    expect(breaches.filter((b) => b.priority === "raised").length).toBeGreaterThanOrEqual(3);
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM notifications WHERE kind = 'breach' AND read_at IS NULL").n,
    ).toBeGreaterThan(0);
  });

  it("gives NS-2026-00001 a risk picture: the police screening, and the advocate's DASH twice (medium, then high)", () => {
    const rows = all<{ instrument: string; state: string; level: string; version: number; category: string }>(
      "SELECT a.instrument, a.state, a.risk_level AS level, a.version_number AS version, r.category FROM risk_assessments a JOIN case_records r ON r.id = a.record_id WHERE a.case_id = ? ORDER BY a.instrument, a.version_number",
      worked,
    );
    expect(rows).toEqual([
      { instrument: "dash", state: "superseded", level: "medium", version: 1, category: "victim_risk_assessment" },
      { instrument: "dash", state: "signed_off", level: "high", version: 2, category: "victim_risk_assessment" },
      { instrument: "screening", state: "signed_off", level: "high", version: 1, category: "risk_assessment" },
    ]);
  });

  it("makes NS-2026-00001 the fully worked example and leaves its original records as they were", () => {
    const incidents = all<{ occurredAt: string; ref: string; linked: string | null }>(
      "SELECT occurred_at AS occurredAt, crime_reference AS ref, linked_at AS linked FROM incidents WHERE case_id = ?",
      worked,
    );
    expect(incidents).toHaveLength(5);
    expect(new Set(incidents.map((i) => i.ref)).size).toBe(3);
    expect(incidents.every((i) => i.linked !== null)).toBe(true);
    const s2a = one<{ last: string; status: string }>(
      "SELECT last_day_to_charge AS last, status FROM offences WHERE case_id = ? AND offence_type = 'stalking_s2a'",
      worked,
    );
    expect(s2a).toEqual({ last: lastDayToCharge(incidents.map((i) => i.occurredAt)), status: "under_investigation" });
    expect(s2a.last > today && s2a.last <= addDays(today, 28)).toBe(true);
    expect(
      one<{ decision: string }>("SELECT decision FROM spo_considerations WHERE case_id = ?", worked).decision,
    ).toBe("apply_interim");
    const orders = all<{ type: string; status: string; prohibitions: string }>(
      "SELECT order_type AS type, status, prohibitions FROM protective_orders WHERE case_id = ? ORDER BY order_type",
      worked,
    );
    expect(orders.map((o) => [o.type, o.status])).toEqual([
      ["spo_full", "hearing_listed"],
      ["spo_interim", "granted"],
    ]);
    expect(JSON.parse(orders[1]!.prohibitions).length).toBeGreaterThanOrEqual(3);
    const c = one<{ priority: string; linked: string | null; relationship: string }>(
      "SELECT priority, course_linked_at AS linked, relationship FROM cases WHERE id = ?",
      worked,
    );
    expect(c).toMatchObject({ priority: "raised", relationship: "ex_intimate_partner" });
    expect(c.linked).not.toBeNull();
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM breaches b JOIN tasks t ON t.source_record_id = b.record_id AND t.status = 'open' WHERE b.case_id = ?",
        worked,
      ).n,
    ).toBe(1);
    const kinds = all<{ kind: string }>("SELECT DISTINCT kind FROM case_records WHERE case_id = ?", worked).map(
      (k) => k.kind,
    );
    for (const kind of [
      "incident",
      "offence",
      "spo_consideration",
      "protective_order",
      "breach",
      "victim_contact",
      "victims_code",
      "needs_assessment",
      "victim_update_plan",
      "support_referral",
      "safety_plan",
      "note",
    ])
      expect(kinds).toContain(kind);
    // The small seed's records are still there, word for word.
    const titles = all<{ title: string }>(
      "SELECT title FROM case_records WHERE case_id = ? AND kind = 'note'",
      worked,
    ).map((r) => r.title);
    for (const title of [
      "Course of conduct",
      "Safe contact details",
      "Safety plan",
      "Perpetrator background",
      "Intelligence report",
      "Clinical formulation",
      "SAM formulation (draft)",
      "Evidence log",
    ])
      expect(titles).toContain(title);
    const contact = one<{ text: string }>(
      "SELECT body AS text FROM case_records WHERE case_id = ? AND title = 'Safe contact details'",
      worked,
    ).text;
    expect(contact).toContain(DEMO_SECRETS.victimAddress);
  });
  describe("the sentencing case NS-2026-00003 (pre-sentence input)", () => {
    let sentencing: string;
    const COURT = "court@probation.concord.test";
    const record = (kind: string, instrument?: string) => {
      const rows = all<{ id: string }>(
        `SELECT r.id FROM case_records r LEFT JOIN risk_assessments a ON a.record_id = r.id WHERE r.case_id = ? AND r.kind = ? AND (? IS NULL OR a.instrument = ?)`,
        sentencing,
        kind,
        instrument ?? null,
        instrument ?? null,
      );
      expect(rows).toHaveLength(1);
      return rows[0]!.id;
    };
    /** The gate's answer for one record, from its stored envelope. */
    const levelFor = (email: string, recordId: string) => {
      const row = db
        .select({ r: caseRecords, chargingReferredAt: cases.chargingReferredAt })
        .from(caseRecords)
        .innerJoin(cases, eq(cases.id, caseRecords.caseId))
        .where(eq(caseRecords.id, recordId))
        .get()!;
      return accessLevel(t.actorFor(email), recordAttributes(row.r, row.chargingReferredAt));
    };

    beforeAll(() => {
      sentencing = one<{ id: string }>("SELECT id FROM cases WHERE reference = ?", SENTENCING_CASE_REFERENCE).id;
    });

    it("is an active police-led case with its own parties and the team the pre-sentence work needs; the generated cases number on from it", () => {
      const c = one<{ status: string; lead: string; relationship: string; motivation: string }>(
        "SELECT c.status, a.type AS lead, c.relationship, c.motivation FROM cases c JOIN agencies a ON a.id = c.lead_agency_id WHERE c.id = ?",
        sentencing,
      );
      expect(c).toEqual({
        status: "active",
        lead: "police",
        relationship: "ex_intimate_partner",
        motivation: "rejected",
      });
      const team = all<{ email: string; role: string }>(
        "SELECT u.email, m.role_in_case AS role FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = ? ORDER BY u.email",
        sentencing,
      );
      expect(team).toEqual([
        { email: "advocate@isac.concord.test", role: "advocate" },
        { email: COURT, role: "offender_manager" },
        { email: "investigator@police.concord.test", role: "officer_in_case" },
        { email: "lead@health.concord.test", role: "supervisor" },
        { email: "psychologist@health.concord.test", role: "psychologist" },
        { email: "spo@probation.concord.test", role: "supervisor" },
      ]);
      const parties = all<{ role: string; name: string; cases: number }>(
        "SELECT cp.party_role AS role, p.full_name AS name, (SELECT count(*) FROM case_parties o WHERE o.person_id = p.id) AS cases FROM case_parties cp JOIN people p ON p.id = cp.person_id WHERE cp.case_id = ? ORDER BY cp.party_role",
        sentencing,
      );
      expect(parties).toEqual([
        { role: "perpetrator", name: SENTENCING_CASE.perpetrator, cases: 1 },
        { role: "victim", name: SENTENCING_CASE.victim, cases: 1 },
      ]);
      // Nobody else in the demo shares their names.
      expect(
        one<{ n: number }>(
          "SELECT count(*) AS n FROM people WHERE full_name IN (?, ?)",
          SENTENCING_CASE.victim,
          SENTENCING_CASE.perpetrator,
        ).n,
      ).toBe(2);
      const numbers = all<{ reference: string }>(
        "SELECT reference FROM cases WHERE reference LIKE 'NS-2026-%' ORDER BY reference",
      ).map((r) => r.reference);
      expect(numbers.slice(0, 4)).toEqual([
        "NS-2026-00001",
        "NS-2026-00002",
        SENTENCING_CASE_REFERENCE,
        "NS-2026-00004",
      ]);
    });

    it("has six incidents over about a year, the s2A offence and the breach of the SPO convicted, and a full SPO with one breach", () => {
      const incidents = all<{ on: string; offences: string; category: string }>(
        'SELECT i.occurred_on AS "on", i.offence_ids AS offences, r.category FROM incidents i JOIN case_records r ON r.id = i.record_id WHERE i.case_id = ? ORDER BY i.occurred_at',
        sentencing,
      );
      expect(incidents).toHaveLength(6);
      expect(incidents.every((i) => i.category === "case_core")).toBe(true);
      const span = (Date.parse(incidents[5]!.on) - Date.parse(incidents[0]!.on)) / 86_400_000;
      expect(span).toBeGreaterThan(300);
      const offences = all<{
        id: string;
        type: string;
        status: string;
        outcome: string;
        charged: string | null;
        last: string | null;
      }>(
        "SELECT record_id AS id, offence_type AS type, status, outcome_code AS outcome, charged_on AS charged, last_day_to_charge AS last FROM offences WHERE case_id = ? ORDER BY offence_type",
        sentencing,
      );
      expect(offences.map(({ type, status, outcome, last }) => ({ type, status, outcome, last }))).toEqual([
        { type: "breach_spo", status: "convicted", outcome: "charged", last: null },
        { type: "stalking_s2a", status: "convicted", outcome: "charged", last: null },
      ]);
      for (const o of offences) expect(o.charged! > incidents[5]!.on).toBe(true);
      const s2a = offences.find((o) => o.type === "stalking_s2a")!.id;
      for (const i of incidents) expect(JSON.parse(i.offences)).toContain(s2a);
      const orders = all<{ id: string; type: string; status: string }>(
        "SELECT record_id AS id, order_type AS type, status FROM protective_orders WHERE case_id = ?",
        sentencing,
      );
      expect(orders.map(({ type, status }) => [type, status])).toEqual([["spo_full", "granted"]]);
      expect(
        all<{ order: string }>('SELECT order_record_id AS "order" FROM breaches WHERE case_id = ?', sentencing),
      ).toEqual([{ order: orders[0]!.id }]);
      expect(
        one<{ decision: string }>("SELECT decision FROM spo_considerations WHERE case_id = ?", sentencing).decision,
      ).toBe("apply_full");
    });

    it("has a signed-off SAM (all four judgements and its texts) and SRP by the psychologist, countersigned by the clinical lead, and the advocate's DASH", () => {
      const rows = all<{
        instrument: string;
        state: string;
        author: string;
        signer: string;
        category: string;
        body: string;
      }>(
        "SELECT a.instrument, a.state, au.email AS author, si.email AS signer, r.category, r.body FROM risk_assessments a JOIN case_records r ON r.id = a.record_id JOIN users au ON au.id = r.author_user_id JOIN users si ON si.id = a.signed_off_by WHERE a.case_id = ? ORDER BY a.instrument",
        sentencing,
      );
      expect(rows.map(({ body: _body, ...r }) => r)).toEqual([
        {
          instrument: "dash",
          state: "signed_off",
          author: "advocate@isac.concord.test",
          signer: "manager@isac.concord.test",
          category: "victim_risk_assessment",
        },
        {
          instrument: "sam",
          state: "signed_off",
          author: "psychologist@health.concord.test",
          signer: "lead@health.concord.test",
          category: "risk_assessment",
        },
        {
          instrument: "srp",
          state: "signed_off",
          author: "psychologist@health.concord.test",
          signer: "lead@health.concord.test",
          category: "risk_assessment",
        },
      ]);
      const answersOf = (instrument: string) =>
        (JSON.parse(rows.find((r) => r.instrument === instrument)!.body) as { answers: Answers }).answers;
      const sam = currentInstrument("sam");
      const samAnswers = answersOf("sam");
      expect(sam.judgements(samAnswers).map((j) => j.value)).not.toContain("Not answered");
      expect(sam.judgements(samAnswers)).toHaveLength(4);
      expect(Object.keys(sam.rules(samAnswers))).toEqual([]);
      for (const id of [
        "sam_scenario_likely",
        "sam_scenario_worst",
        "sam_mgmt_monitoring",
        "sam_mgmt_supervision",
        "sam_mgmt_treatment",
        "sam_mgmt_victim_safety",
        "sam_rationale",
      ]) {
        expect(samAnswers[id]).toEqual(expect.any(String));
        expect(samAnswers[id]).not.toBe("Synthetic example text.");
      }
      expect(answersOf("srp")).toMatchObject({ srp_relationship: "ex_intimate", srp_type: "rejected" });
    });

    it("lets the court team read the SAM in full and the DASH only as its summary line", () => {
      const court = t.actorFor(COURT);
      const sam = assessmentDetail(court, sentencing, record("risk_assessment", "sam"));
      expect(sam.assessment.level).toBe("full");
      expect(sam.sections).not.toBeNull();
      expect(sam.judgements).toHaveLength(4);
      const dash = assessmentDetail(court, sentencing, record("risk_assessment", "dash"));
      expect(dash.assessment.level).toBe("summary");
      expect(dash.sections).toBeNull();
      expect(dash.withheld).toMatchObject({ withheld: true });
      expect(JSON.stringify(dash)).not.toContain("That he will come back to the house");
      expect(levelFor(COURT, record("risk_assessment", "srp"))).toBe("full");
      expect(levelFor(COURT, record("risk_assessment", "dash"))).toBe("summary");
    });

    it("has a finalised clinic case review whose minutes record has finaliseMinutes's shape, read by the court team", () => {
      const meeting = one<{ id: string; kind: string; status: string; chair: string; finalisedAt: string }>(
        "SELECT m.id, m.kind, m.status, u.email AS chair, m.finalised_at AS finalisedAt FROM meetings m JOIN users u ON u.id = m.chair_user_id WHERE m.id IN (SELECT meeting_id FROM meeting_items WHERE case_id = ?)",
        sentencing,
      );
      expect(meeting).toMatchObject({
        kind: "clinic_review",
        status: "finalised",
        chair: "clinic@partnership.concord.test",
      });
      const invitees = all<{ email: string; attendance: string | null; acknowledged: string | null }>(
        "SELECT u.email, i.attendance, i.acknowledged_at AS acknowledged FROM meeting_invitees i JOIN users u ON u.id = i.user_id WHERE i.meeting_id = ? ORDER BY u.email",
        meeting.id,
      );
      expect(invitees.map((i) => i.email)).toEqual([
        "advocate@isac.concord.test",
        "clinic@partnership.concord.test",
        COURT,
        "investigator@police.concord.test",
        "psychologist@health.concord.test",
      ]);
      for (const i of invitees) expect(i.attendance === "present" && i.acknowledged !== null).toBe(true);
      const item = one<{ id: string; minutes: string }>(
        "SELECT id, minutes FROM meeting_items WHERE meeting_id = ? AND case_id = ?",
        meeting.id,
        sentencing,
      );
      expect(
        all<{ text: string }>("SELECT text FROM meeting_decisions WHERE item_id = ? ORDER BY created_at", item.id).map(
          (d) => d.text,
        ),
      ).toEqual([...SENTENCING_DECISIONS]);
      const action = one<{ text: string; owner: string; dueOn: string }>(
        "SELECT a.text, u.name AS owner, a.due_on AS dueOn FROM meeting_actions a JOIN users u ON u.id = a.owner_user_id WHERE a.item_id = ?",
        item.id,
      );
      const minutesId = record("meeting_minutes");
      const r = one<{
        category: string;
        meetingId: string;
        owner: string;
        author: string;
        marking: string;
        body: string;
        createdAt: string;
      }>(
        "SELECT r.category, r.meeting_id AS meetingId, a.type AS owner, u.email AS author, r.marking, r.body, r.created_at AS createdAt FROM case_records r JOIN agencies a ON a.id = r.owner_agency_id JOIN users u ON u.id = r.author_user_id WHERE r.id = ?",
        minutesId,
      );
      expect(r).toMatchObject({
        category: "meeting_minutes",
        meetingId: meeting.id,
        owner: "other",
        author: "clinic@partnership.concord.test",
        marking: "OFFICIAL-SENSITIVE",
        createdAt: meeting.finalisedAt,
      });
      expect(JSON.parse(r.body)).toEqual({
        itemId: item.id,
        minutes: item.minutes,
        plan: null,
        decisions: [...SENTENCING_DECISIONS],
        actions: [action],
      });
      expect(levelFor(COURT, minutesId)).toBe("full");
      // Not on the meeting: the senior probation officer sees no minutes.
      expect(levelFor("spo@probation.concord.test", minutesId)).toBe("none");
    });

    it("keeps the victim's contact details from the court team: not readable, not listed, not on the victim care page", () => {
      const contact = record("victim_contact");
      expect(
        one<{ caveat: number }>("SELECT cav_victim_confidential AS caveat FROM case_records WHERE id = ?", contact)
          .caveat,
      ).toBe(1);
      expect(levelFor("investigator@police.concord.test", contact)).toBe("full");
      expect(levelFor(COURT, contact)).toBe("none");
      const court = t.actorFor(COURT);
      const seen = JSON.stringify([caseOverview(court, sentencing), victimCarePage(court, sentencing)]);
      for (const secret of Object.values(SENTENCING_SECRETS)) expect(seen).not.toContain(secret);
      // The details are held once, in the contact record (its body and its caveated search document).
      for (const secret of Object.values(SENTENCING_SECRETS)) {
        expect(one<{ n: number }>("SELECT count(*) AS n FROM case_records WHERE body LIKE ?", `%${secret}%`).n).toBe(1);
      }
      // The safety plan reaches the court team as a summary line.
      expect(levelFor(COURT, record("safety_plan"))).toBe("summary");
    });
  });
});
