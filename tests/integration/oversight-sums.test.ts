// The oversight figures are read from sums kept by triggers and oversight-sums.server.ts (decision 0019). Against a
// real SQLite file with the demo casework: after each kind of change a figure depends on, the rows read from the
// sums are exactly those the dashboard's grouped SQL makes from the live tables (the straightforward reference
// below, the way the figures were worked out before they were kept summed), for whole months, odd days, an
// agency and a team; and a rebuild from scratch gives the same sums as all the refreshes did.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { endOfLondonDay, londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import { withDefaultPeriod, type OversightFilters } from "~/domain/oversight-filters";
import { oversightTables, type OversightInput } from "~/domain/oversight-metrics";
import { loadOversightInput, oversightDashboard } from "~/services/oversight.server";
import { rebuildOversightSums, refreshOversightSums } from "~/services/oversight-sums.server";
import { seedDemo } from "../../db/seed/demo";
import { seedLarge } from "../../db/seed/large";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
let lead: Actor;
const LEAD = "performance@partnership.concord.test";
const today = londonToday(new Date());
const sql = () => t.db.$client;
const all = <T>(q: string, ...p: unknown[]) =>
  sql()
    .prepare(q)
    .all(...p) as T[];
const one = <T>(q: string, ...p: unknown[]) =>
  sql()
    .prepare(q)
    .get(...p) as T;
const run = (q: string, ...p: unknown[]) =>
  sql()
    .prepare(q)
    .run(...p);

/** The reference: every figure's grouped rows straight from the live tables, for the cohort of cases. */
function direct(actor: Actor, filters: OversightFilters): OversightInput {
  const partnership = one<{ id: string }>(`SELECT partnership_id AS id FROM agencies WHERE id = ?`, actor.agencyId).id;
  const params: Record<string, string> = {
    partnership,
    start: endOfLondonDay(addDays(filters.from, -1)).toISOString(),
    end: endOfLondonDay(filters.to).toISOString(),
    today,
  };
  const parts = [
    `c.lead_agency_id IN (SELECT id FROM agencies WHERE partnership_id = @partnership)`,
    `c.created_at >= @start`,
    `c.created_at < @end`,
  ];
  if (filters.agency) {
    parts.push(`c.lead_agency_id = @agency`);
    params.agency = filters.agency;
  }
  if (filters.team) {
    parts.push(
      `c.id IN (SELECT m.case_id FROM users u JOIN case_members m ON m.user_id = u.id AND m.removed_at IS NULL WHERE u.team_id = @team)`,
    );
    params.team = filters.team;
  }
  const where = parts.join(" AND ");
  const q = <T>(s: string) => sql().prepare(s).all(params) as T[];
  const inCohort = (a: string) =>
    `JOIN cases c ON c.id = ${a}.case_id JOIN case_records rr_${a} ON rr_${a}.id = ${a}.record_id AND rr_${a}.retracted_at IS NULL`;
  const b = (v: unknown) => v === 1;
  const SPO = `('spo_interim', 'spo_full')`;
  return {
    cases: q<{ month: string; status: string; relationship: string | null; online: number; n: number }>(
      `SELECT substr(c.created_at, 1, 7) AS month, c.status, c.relationship, c.flag_online AS online, count(*) AS n FROM cases c WHERE ${where} GROUP BY 1, 2, 3, 4`,
    ).map((r) => ({ ...r, online: b(r.online) })),
    offences: q<{
      offenceType: string;
      summaryOnly: number;
      status: string;
      outcomeCode: string | null;
      marginDays: number | null;
      deadlinePassed: number;
      n: number;
    }>(
      `SELECT o.offence_type AS offenceType, o.summary_only AS summaryOnly, o.status, o.outcome_code AS outcomeCode,
              CASE WHEN o.charged_on IS NOT NULL AND o.last_day_to_charge IS NOT NULL THEN CAST(julianday(o.last_day_to_charge) - julianday(o.charged_on) AS INTEGER) END AS marginDays,
              (o.last_day_to_charge IS NOT NULL AND o.last_day_to_charge < @today) AS deadlinePassed, count(*) AS n
         FROM offences o ${inCohort("o")} WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6`,
    ).map((r) => ({ ...r, summaryOnly: b(r.summaryOnly), deadlinePassed: b(r.deadlinePassed) })),
    spoCases: q<
      Record<"considered" | "applied" | "granted" | "refused" | "refusedWithReason" | "breached" | "n", number>
    >(
      `SELECT considered, applied, granted, refused, refusedWithReason, breached, count(*) AS n FROM (
         SELECT max(x.considered) AS considered, max(x.applied) AS applied, max(x.granted) AS granted, max(x.refused) AS refused, max(x.reasoned) AS refusedWithReason, max(x.breached) AS breached FROM (
           SELECT s.case_id, 1 AS considered, 0 AS applied, 0 AS granted, 0 AS refused, 0 AS reasoned, 0 AS breached FROM spo_considerations s ${inCohort("s")} WHERE ${where}
           UNION ALL
           SELECT o.case_id, 0, 1, o.status IN ('granted', 'varied', 'expired', 'discharged'), o.status = 'refused', o.status = 'refused' AND trim(coalesce(o.refusal_reason, '')) <> '', 0
             FROM protective_orders o ${inCohort("o")} WHERE ${where} AND o.order_type IN ${SPO}
           UNION ALL
           SELECT b.case_id, 0, 0, 0, 0, 0, 1 FROM breaches b JOIN protective_orders o ON o.record_id = b.order_record_id ${inCohort("b")} WHERE ${where} AND o.order_type IN ${SPO}
         ) x GROUP BY x.case_id
       ) GROUP BY 1, 2, 3, 4, 5, 6`,
    ).map((r) => ({
      considered: b(r.considered),
      applied: b(r.applied),
      granted: b(r.granted),
      refused: b(r.refused),
      refusedWithReason: b(r.refusedWithReason),
      breached: b(r.breached),
      n: r.n,
    })),
    spoDecisions: q<{ decision: string; n: number }>(
      `SELECT s.decision, count(*) AS n FROM spo_considerations s ${inCohort("s")} WHERE ${where} GROUP BY 1`,
    ),
    referralCases: q<{ accepted: number; declined: number; n: number }>(
      `SELECT accepted, declined, count(*) AS n FROM (
         SELECT max(sr.response = 'accepted') AS accepted, max(sr.response = 'declined') AS declined FROM support_referrals sr ${inCohort("sr")} WHERE ${where} GROUP BY sr.case_id
       ) GROUP BY 1, 2`,
    ).map((r) => ({ accepted: b(r.accepted), declined: b(r.declined), n: r.n })),
    firstAssessments: q<{ days: number; n: number }>(
      `SELECT days, count(*) AS n FROM (
         SELECT CAST(max(0, julianday(min(ra.signed_off_at)) - julianday(c.created_at)) AS INTEGER) AS days FROM risk_assessments ra JOIN cases c ON c.id = ra.case_id
          WHERE ${where} AND ra.signed_off_at IS NOT NULL AND ra.state IN ('signed_off', 'superseded') GROUP BY ra.case_id
       ) GROUP BY 1`,
    ),
    reviews: q<{ instrument: string; overdue: number; n: number }>(
      `SELECT ra.instrument, (ra.review_due_on < @today) AS overdue, count(*) AS n FROM risk_assessments ra JOIN cases c ON c.id = ra.case_id
        WHERE ${where} AND c.status <> 'closed' AND ra.state = 'signed_off' AND ra.review_due_on IS NOT NULL GROUP BY 1, 2`,
    ).map((r) => ({ ...r, overdue: b(r.overdue) })),
    breaches: q<{ policeAction: string | null; days: number | null; n: number }>(
      `SELECT b.police_action AS policeAction, CASE WHEN b.police_action_on IS NOT NULL THEN CAST(julianday(b.police_action_on) - julianday(substr(b.reported_at, 1, 10)) AS INTEGER) END AS days, count(*) AS n
         FROM breaches b ${inCohort("b")} WHERE ${where} GROUP BY 1, 2`,
    ),
    clinicReferrals: q<{ status: string; discussed: number; n: number }>(
      `SELECT cr.status, EXISTS (SELECT 1 FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
                                  WHERE mi.case_id = cr.case_id AND mi.source = 'clinic_referral' AND mi.source_id = cr.id AND m.status IN ('closed', 'finalised')) AS discussed, count(*) AS n
         FROM clinic_referrals cr JOIN cases c ON c.id = cr.case_id WHERE ${where} GROUP BY 1, 2`,
    ).map((r) => ({ ...r, discussed: b(r.discussed) })),
    meetingActions: q<{ meeting: "clinic" | "mappa"; done: number; overdue: number; onTime: number; n: number }>(
      `SELECT CASE WHEN m.kind LIKE 'mappa%' THEN 'mappa' ELSE 'clinic' END AS meeting, a.status = 'done' AS done, (a.status <> 'done' AND a.due_on < @today) AS overdue,
              (a.status = 'done' AND a.completed_at IS NOT NULL AND substr(a.completed_at, 1, 10) <= a.due_on) AS onTime, count(*) AS n
         FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id JOIN cases c ON c.id = a.case_id WHERE ${where} GROUP BY 1, 2, 3, 4`,
    ).map((r) => ({ ...r, done: b(r.done), overdue: b(r.overdue), onTime: b(r.onTime) })),
    mappaReferrals: q<{ status: string; levelRequested: number; levelDecided: number | null; n: number }>(
      `SELECT mr.status, mr.level_requested AS levelRequested, mr.level_decided AS levelDecided, count(*) AS n
         FROM mappa_referrals mr JOIN cases c ON c.id = mr.case_id WHERE ${where} AND mr.status <> 'draft' GROUP BY 1, 2, 3`,
    ),
  };
}

/** Rows merged by value and sorted, so two inputs compare equal when every combination has the same count. */
function normal(input: OversightInput): Record<string, [string, number][]> {
  return Object.fromEntries(
    Object.entries(input).map(([metric, rows]) => {
      const counts = new Map<string, number>();
      for (const { n, ...values } of rows as { n: number }[]) {
        const key = JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
        counts.set(key, (counts.get(key) ?? 0) + n);
      }
      return [metric, [...counts].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b))];
    }),
  );
}

let police: string;
let isac: string;
let team: string;
let otherPoliceTeam: string;

/** The periods and filters compared: the default twelve months, all time, odd days across months, one month's middle, an agency, a team, both. */
function filterSets(): OversightFilters[] {
  const twelve = withDefaultPeriod({}, today);
  const odd = { from: addDays(today, -200), to: addDays(today, -17) };
  const middle = { from: `${addDays(today, -60).slice(0, 7)}-03`, to: `${addDays(today, -60).slice(0, 7)}-27` };
  const always = { from: "2000-01-01", to: today };
  return [
    twelve,
    always,
    odd,
    middle,
    { ...always, agency: police },
    { ...twelve, agency: isac },
    { ...always, team },
    { ...odd, team },
    { ...always, agency: police, team },
    { ...always, team: otherPoliceTeam },
  ];
}

function expectSumsMatch(what: string) {
  for (const filters of filterSets()) {
    const kept = loadOversightInput(lead, filters, today);
    expect(normal(kept), `${what}: ${JSON.stringify(filters)}`).toEqual(normal(direct(lead, filters)));
  }
}

const someId = (q: string, ...p: unknown[]) => one<{ id: string }>(q, ...p).id;

beforeAll(async () => {
  t = await setupTestDb();
  await seedDemo(t.db, { NODE_ENV: "test" }, { casework: true });
  lead = t.actorFor(LEAD);
  police = someId(`SELECT id FROM agencies WHERE type = 'police'`);
  isac = someId(`SELECT id FROM agencies WHERE type = 'isac'`);
  team = someId(`SELECT team_id AS id FROM users WHERE email = 'investigator@police.concord.test'`);
  otherPoliceTeam = someId(`SELECT id FROM teams WHERE agency_id = ? AND id <> ?`, police, team);
});

afterAll(() => t.cleanup());

describe("the sums", () => {
  it("start with the demo casework and match the live tables for every filter", () => {
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM oversight_dirty_cases`).n).toBeGreaterThan(40);
    expectSumsMatch("seeded");
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM oversight_dirty_cases`).n).toBe(0);
    // The demo casework fills most figures, so the comparisons below are not of empty tables.
    const kept = loadOversightInput(lead, { from: "2000-01-01", to: today }, today);
    for (const metric of [
      "cases",
      "offences",
      "spoCases",
      "spoDecisions",
      "referralCases",
      "firstAssessments",
      "reviews",
      "breaches",
      "clinicReferrals",
      "meetingActions",
    ] as const) {
      expect(kept[metric].length, metric).toBeGreaterThan(0);
    }
  });

  it("follow changes to cases: status, relationship, online flag, lead agency, the day opened, a new case", () => {
    const [a, b, c, d] = all<{ id: string }>(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 4`).map((r) => r.id);
    run(`UPDATE cases SET status = 'closed' WHERE id = ?`, a);
    run(`UPDATE cases SET relationship = 'stranger', flag_online = 1 - flag_online WHERE id = ?`, b);
    run(`UPDATE cases SET lead_agency_id = ? WHERE id = ?`, isac, c);
    run(`UPDATE cases SET created_at = ? WHERE id = ?`, `${addDays(today, -400)}T23:30:00.000Z`, d);
    const by = t.userId("investigator@police.concord.test");
    const id = randomUUID();
    run(
      `INSERT INTO cases (id, reference, status, lead_agency_id, relationship, flag_online, created_by, created_at, updated_at) VALUES (?, 'NS-2026-09999', 'triage', ?, 'colleague', 1, ?, ?, ?)`,
      id,
      police,
      by,
      `${addDays(today, -3)}T10:00:00.000Z`,
      new Date().toISOString(),
    );
    run(
      `INSERT INTO case_members (case_id, user_id, role_in_case, added_by, added_at) VALUES (?, ?, 'officer_in_case', ?, ?)`,
      id,
      by,
      by,
      new Date().toISOString(),
    );
    expectSumsMatch("cases changed");
  });

  it("follow offences, their deadlines and outcomes, and records retracted", () => {
    const [o1, o2, o3] = all<{ id: string }>(`SELECT record_id AS id FROM offences ORDER BY record_id LIMIT 3`).map(
      (r) => r.id,
    );
    run(
      `UPDATE offences SET status = 'charged', outcome_code = 'charged', charged_on = date(last_day_to_charge, '-3 days') WHERE record_id = ?`,
      o1,
    );
    run(
      `UPDATE offences SET last_day_to_charge = ?, status = 'under_investigation', summary_only = 1 WHERE record_id = ?`,
      addDays(today, -1),
      o2,
    );
    run(
      `UPDATE case_records SET retracted_at = ?, retracted_by = 'test', retraction_reason = 'Recorded on the wrong case' WHERE id = ?`,
      new Date().toISOString(),
      o3,
    );
    expectSumsMatch("offences changed");
  });

  it("follow SPO considerations, orders, breaches and referrals to support", () => {
    run(
      `UPDATE spo_considerations SET decision = 'not_appropriate' WHERE record_id = (SELECT record_id FROM spo_considerations ORDER BY record_id LIMIT 1)`,
    );
    run(
      `UPDATE protective_orders SET status = 'refused', refusal_reason = 'Not necessary' WHERE record_id = (SELECT record_id FROM protective_orders WHERE order_type IN ('spo_interim', 'spo_full') ORDER BY record_id LIMIT 1)`,
    );
    // A breached order retyped: its breaches move in or out of the SPO figures, even one recorded on another case.
    const breached = one<{ order: string; type: string; caseId: string }>(
      `SELECT o.record_id AS "order", o.order_type AS type, o.case_id AS caseId FROM breaches b JOIN protective_orders o ON o.record_id = b.order_record_id ORDER BY o.record_id LIMIT 1`,
    );
    const elsewhere = someId(`SELECT id FROM cases WHERE id <> ? ORDER BY created_at DESC LIMIT 1`, breached.caseId);
    const breachId = randomUUID();
    const at = new Date().toISOString();
    run(
      `INSERT INTO case_records (id, case_id, kind, category, owner_agency_id, author_user_id, summary, title, created_at, updated_at) VALUES (?, ?, 'breach', 'case_core', ?, ?, 'Breach', 'Breach', ?, ?)`,
      breachId,
      elsewhere,
      police,
      t.userId("investigator@police.concord.test"),
      at,
      at,
    );
    run(
      `INSERT INTO breaches (record_id, case_id, order_record_id, occurred_on, reported_at) VALUES (?, ?, ?, ?, ?)`,
      breachId,
      elsewhere,
      breached.order,
      today,
      at,
    );
    refreshOversightSums(sql());
    run(
      `UPDATE protective_orders SET order_type = ? WHERE record_id = ?`,
      breached.type === "spo_full" ? "restraining_order" : "spo_full",
      breached.order,
    );
    run(
      `UPDATE breaches SET police_action = 'arrested', police_action_on = date(reported_at, '+2 days') WHERE record_id = (SELECT record_id FROM breaches ORDER BY record_id LIMIT 1)`,
    );
    run(
      `UPDATE support_referrals SET response = CASE response WHEN 'accepted' THEN 'declined' ELSE 'accepted' END WHERE record_id IN (SELECT record_id FROM support_referrals ORDER BY record_id LIMIT 3)`,
    );
    run(
      `DELETE FROM support_referrals WHERE record_id = (SELECT record_id FROM support_referrals ORDER BY record_id DESC LIMIT 1)`,
    );
    expectSumsMatch("orders and referrals changed");
  });

  it("follow risk assessments, clinic referrals, meetings and their actions, and MAPPA referrals", () => {
    run(
      `UPDATE risk_assessments SET review_due_on = ? WHERE record_id = (SELECT record_id FROM risk_assessments WHERE state = 'signed_off' ORDER BY record_id LIMIT 1)`,
      addDays(today, -2),
    );
    run(
      `UPDATE risk_assessments SET signed_off_at = ?, state = 'signed_off' WHERE record_id = (SELECT record_id FROM risk_assessments ORDER BY record_id DESC LIMIT 1)`,
      new Date().toISOString(),
    );
    run(`UPDATE clinic_referrals SET status = 'accepted'`);
    run(`UPDATE meetings SET status = 'closed'`);
    run(`UPDATE meeting_actions SET status = 'done', completed_at = ?`, new Date().toISOString());
    run(`UPDATE meetings SET kind = 'mappa_level2'`);
    const caseId = someId(`SELECT id FROM cases WHERE lead_agency_id = ? ORDER BY created_at DESC LIMIT 1`, police);
    const by = t.userId("investigator@police.concord.test");
    const at = new Date().toISOString();
    run(
      `INSERT INTO mappa_referrals (id, case_id, referrer_user_id, referrer_agency_id, level_requested, status, level_decided, created_at, updated_at) VALUES (?, ?, ?, ?, 2, 'accepted', 2, ?, ?)`,
      randomUUID(),
      caseId,
      by,
      police,
      at,
      at,
    );
    run(
      `INSERT INTO clinic_referrals (id, case_id, referrer_user_id, referrer_agency_id, reason, current_risk, ask, created_at, updated_at) VALUES (?, ?, ?, ?, 'Fixated', 'high', 'Advice', ?, ?)`,
      randomUUID(),
      caseId,
      by,
      police,
      at,
      at,
    );
    expectSumsMatch("meetings and referrals changed");
  });

  it("follow the case team: a member removed, a person moving team", () => {
    const member = one<{ caseId: string; userId: string }>(
      `SELECT m.case_id AS caseId, m.user_id AS userId FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.team_id = ? AND m.removed_at IS NULL LIMIT 1`,
      team,
    );
    run(
      `UPDATE case_members SET removed_at = ? WHERE case_id = ? AND user_id = ?`,
      new Date().toISOString(),
      member.caseId,
      member.userId,
    );
    run(`UPDATE users SET team_id = ? WHERE email = 'supervisor@police.concord.test'`, otherPoliceTeam);
    expectSumsMatch("teams changed");
    run(`UPDATE users SET team_id = ? WHERE email = 'supervisor@police.concord.test'`, team);
    expectSumsMatch("team changed back");
  });

  it("are worked out by the large seed, which writes with the triggers set aside", async () => {
    const cases = one<{ n: number }>(`SELECT count(*) AS n FROM cases`).n;
    await seedLarge(t.db, {
      cases: 150,
      recordsPerCase: 1,
      users: 60,
      busyCaseEvery: 100,
      worker: false,
      env: { NODE_ENV: "test" },
    });
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM cases`).n).toBe(cases + 150);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM oversight_dirty_cases`).n).toBe(0);
    expect(one<{ n: number }>(`SELECT count(DISTINCT case_id) AS n FROM oversight_case_rows`).n).toBe(cases + 150);
    expectSumsMatch("after the large seed");
  });

  it("are the same worked out from scratch as kept up to date change by change", () => {
    refreshOversightSums(sql());
    const dump = () => ({
      daily: all(
        `SELECT team_id, day, lead_agency_id, metric, key, due_on, n FROM oversight_daily WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
      monthly: all(
        `SELECT team_id, month, lead_agency_id, metric, key, due_on, n FROM oversight_monthly WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
      rows: all(`SELECT * FROM oversight_case_rows ORDER BY case_id, metric, key, due_on`),
    });
    const kept = dump();
    expect(kept.daily.length).toBeGreaterThan(100);
    expect(rebuildOversightSums(sql())).toBe(one<{ n: number }>(`SELECT count(*) AS n FROM cases`).n);
    expect(dump()).toEqual(kept);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM oversight_daily WHERE n = 0`).n).toBe(0);
  });
});

describe("the dashboard", () => {
  it("shows a change at the next read, with the figures as at the time read", () => {
    const filters = withDefaultPeriod({}, today);
    const before = oversightDashboard(lead, filters);
    const online = (tables: typeof before.tables) => tables.find((x) => x.key === "online_share")!.rows[0]!.cells[0];
    const ids = all<{ id: string }>(
      `SELECT id FROM cases WHERE created_at >= ? AND flag_online = 0 LIMIT 5`,
      endOfLondonDay(addDays(filters.from, -1)).toISOString(),
    ).map((r) => r.id);
    expect(ids).toHaveLength(5);
    const was = oversightTables(direct(lead, filters), { referralAlertPer100: before.referralAlertPer100 });
    expect(before.tables).toEqual(was);
    for (const id of ids) run(`UPDATE cases SET flag_online = 1 WHERE id = ?`, id);
    const after = oversightDashboard(lead, filters);
    expect(Date.parse(after.computedAt)).toBeGreaterThanOrEqual(Date.parse(before.computedAt));
    expect(online(after.tables)).not.toEqual(online(before.tables));
    expect(after.tables).toEqual(
      oversightTables(direct(lead, filters), { referralAlertPer100: after.referralAlertPer100 }),
    );
  });
});
