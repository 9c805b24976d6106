// The oversight dashboard and action plan against a real SQLite file: who may see them, what the filters select,
// that only suppressed aggregates leave (page data and CSV), and that action-plan saves never overwrite silently.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RecommendationSchema,
  RequirementUpdateSchema,
  actionPlan,
  addRecommendation,
  addRequirement,
  linkEvidence,
  requirementFor,
  updateRequirement,
} from "~/services/action-plan.server";
import { checkFilters, oversightCsv, oversightDashboard } from "~/services/oversight.server";
import type { OversightFilters } from "~/domain/oversight-filters";
import { SUPPRESSED, type MetricTable } from "~/domain/oversight-metrics";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
const LEAD = "performance@partnership.concord.test";
const PERIOD: OversightFilters = { from: "2024-01-01", to: "2024-12-31" };
let policeId: string;
let isacId: string;
let teamId: string;
let otherTeamId: string;
const refs: string[] = [];

const one = <T>(sql: string, ...p: unknown[]) => t.db.$client.prepare(sql).get(...p) as T;
const cells = (table: MetricTable | undefined) =>
  Object.fromEntries((table?.rows ?? []).map((r) => [r.label, r.cells]));
const tableOf = (tables: MetricTable[], key: string) => tables.find((x) => x.key === key);

/** A case written straight in, opened on `createdAt`, with the investigator (police, first team) on its team. */
function addCase(o: {
  lead: string;
  createdAt: string;
  online?: boolean;
  relationship?: string;
  withTeam?: boolean;
  status?: string;
}): string {
  const id = randomUUID();
  const reference = `OV-2024-${String(refs.length + 1).padStart(5, "0")}`;
  refs.push(reference);
  const by = t.userId("investigator@police.concord.test");
  t.db.$client
    .prepare(
      `INSERT INTO cases (id, reference, status, lead_agency_id, relationship, flag_online, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      reference,
      o.status ?? "active",
      o.lead,
      o.relationship ?? "ex_intimate_partner",
      o.online ? 1 : 0,
      by,
      o.createdAt,
      o.createdAt,
    );
  if (o.withTeam)
    t.db.$client
      .prepare(
        `INSERT INTO case_members (case_id, user_id, role_in_case, added_by, added_at) VALUES (?, ?, 'officer_in_case', ?, ?)`,
      )
      .run(id, by, by, o.createdAt);
  return id;
}

/** A support referral on a case (a victim-care record with its detail row). */
function addReferral(caseId: string, response: "accepted" | "declined" | "pending") {
  const id = randomUUID();
  const by = t.userId("advocate@isac.concord.test");
  t.db.$client
    .prepare(
      `INSERT INTO case_records (id, case_id, kind, category, owner_agency_id, author_user_id, summary, title, created_at, updated_at) VALUES (?, ?, 'support_referral', 'victim_care', ?, ?, 'Referral', 'Referral', ?, ?)`,
    )
    .run(id, caseId, isacId, by, "2024-03-01T10:00:00.000Z", "2024-03-01T10:00:00.000Z");
  t.db.$client
    .prepare(
      `INSERT INTO support_referrals (record_id, case_id, service, offered_on, response) VALUES (?, ?, 'Advocacy', '2024-03-01', ?)`,
    )
    .run(id, caseId, response);
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  policeId = one<{ id: string }>(`SELECT id FROM agencies WHERE type = 'police'`).id;
  isacId = one<{ id: string }>(`SELECT id FROM agencies WHERE type = 'isac'`).id;
  teamId = one<{ id: string }>(`SELECT team_id AS id FROM users WHERE email = 'investigator@police.concord.test'`).id;
  otherTeamId = one<{ id: string }>(`SELECT id FROM teams WHERE agency_id = ? AND id <> ?`, policeId, teamId).id;
  // 2024: 8 police cases in March (6 with the investigator's team, 5 online), 3 ISAC cases in June; one police case in 2023.
  for (let i = 0; i < 8; i++) {
    const id = addCase({
      lead: policeId,
      createdAt: `2024-03-${String(10 + i).padStart(2, "0")}T10:00:00.000Z`,
      online: i < 5,
      withTeam: i < 6,
      relationship: i < 2 ? "colleague" : "ex_intimate_partner",
    });
    if (i < 6) addReferral(id, i < 5 ? "accepted" : "declined");
  }
  for (let i = 0; i < 3; i++)
    addCase({ lead: isacId, createdAt: `2024-06-0${i + 1}T10:00:00.000Z`, relationship: "stranger" });
  addCase({ lead: policeId, createdAt: "2023-12-31T10:00:00.000Z" });
});

afterAll(() => t.cleanup());

describe("access", () => {
  it("lets performance leads and supervisors see the dashboard and refuses everyone else with 403", () => {
    for (const email of [
      LEAD,
      "supervisor@police.concord.test",
      "manager@isac.concord.test",
      "spo@probation.concord.test",
      "lead@health.concord.test",
    ]) {
      expect(oversightDashboard(t.actorFor(email), PERIOD).tables.length).toBe(14);
    }
    for (const email of [
      "investigator@police.concord.test",
      "advocate@isac.concord.test",
      "auditor@partnership.concord.test",
      "admin@police.concord.test",
      "sysadmin@partnership.concord.test",
      "clinic@partnership.concord.test",
    ]) {
      expect(statusOf(() => oversightDashboard(t.actorFor(email), PERIOD))).toBe(403);
      expect(statusOf(() => oversightCsv(t.actorFor(email), PERIOD, "cases_by_status"))).toBe(403);
      expect(statusOf(() => actionPlan(t.actorFor(email)))).toBe(403);
    }
  });

  it("audits each view with the oversight purpose and the filters, and each refusal", () => {
    oversightDashboard(t.actorFor(LEAD), { ...PERIOD, agency: policeId });
    const row = one<{ purpose: string; detail: string; outcome: string }>(
      `SELECT purpose, detail, outcome FROM audit_log WHERE action = 'oversight.dashboard.view' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row.purpose).toBe("oversight");
    expect(JSON.parse(row.detail)).toMatchObject({ from: "2024-01-01", to: "2024-12-31", agency: policeId });
    statusOf(() => oversightDashboard(t.actorFor("investigator@police.concord.test"), PERIOD));
    expect(
      one<{ outcome: string }>(
        `SELECT outcome FROM audit_log WHERE action = 'dashboard.read' ORDER BY seq DESC LIMIT 1`,
      ).outcome,
    ).toBe("denied");
  });
});

describe("filters", () => {
  it("counts the cases opened in the period, suppressing small numbers", () => {
    const tables = oversightDashboard(t.actorFor(LEAD), PERIOD).tables;
    // 8 police cases in March, 3 ISAC cases in June (suppressed); the 2023 case and the demo cases are outside.
    expect(cells(tableOf(tables, "cases_by_status"))).toEqual({
      "2024-03": [0, 0, 8, 0, 0, 8],
      "2024-06": [0, 0, SUPPRESSED, 0, 0, SUPPRESSED],
    });
    expect(tableOf(tables, "cases_by_status")!.headline.value).toBe(11);
    expect(cells(tableOf(tables, "online_share"))["With an online element"]).toEqual([5, 45.5]);
    expect(cells(tableOf(tables, "relationship_mix"))["All except ex-intimate partners"]).toEqual([5, 45.5]);
    // 6 cases offered a referral of 11 (54.5 per 100), 5 accepted.
    expect(cells(tableOf(tables, "support_referrals"))).toMatchObject({
      "Referral offered": [6, 54.5],
      "Referral accepted": [5, 45.5],
    });
  });

  it("filters by lead agency and by a team on the case team", () => {
    const byAgency = oversightDashboard(t.actorFor(LEAD), { ...PERIOD, agency: isacId }).tables;
    expect(cells(tableOf(byAgency, "cases_by_status"))).toEqual({ "2024-06": [0, 0, SUPPRESSED, 0, 0, SUPPRESSED] });
    const byTeam = oversightDashboard(t.actorFor(LEAD), { ...PERIOD, team: teamId }).tables;
    expect(tableOf(byTeam, "cases_by_status")!.headline.value).toBe(6);
    expect(cells(tableOf(byTeam, "online_share"))["With an online element"]).toEqual([5, 83.3]);
    expect(
      tableOf(oversightDashboard(t.actorFor(LEAD), { ...PERIOD, team: otherTeamId }).tables, "cases_by_status")!
        .headline.value,
    ).toBe(0);
    const narrow = oversightDashboard(t.actorFor(LEAD), { from: "2024-03-12", to: "2024-03-15" }).tables;
    expect(tableOf(narrow, "cases_by_status")!.headline.value).toBe(SUPPRESSED);
  });

  it("refuses agencies and teams that are not the partnership's, and a team of another agency", () => {
    expect(checkFilters(t.actorFor(LEAD), { ...PERIOD, agency: randomUUID() })).toEqual({
      agency: "Select a lead agency from the list",
    });
    expect(checkFilters(t.actorFor(LEAD), { ...PERIOD, agency: isacId, team: teamId })).toHaveProperty("team");
    expect(checkFilters(t.actorFor(LEAD), { ...PERIOD, agency: policeId, team: teamId })).toBeNull();
  });
});

describe("no personal data", () => {
  it("never returns names, references or notes, on the page or in CSV", () => {
    const lead = t.actorFor(LEAD);
    const everything = [
      JSON.stringify(oversightDashboard(lead, PERIOD)),
      ...["cases_by_status", "relationship_mix", "support_referrals", "spo_use"].map(
        (k) => oversightCsv(lead, PERIOD, k as "spo_use").csv,
      ),
    ].join("\n");
    const names = t.db.$client
      .prepare(`SELECT full_name AS v FROM people UNION SELECT name FROM users UNION SELECT reference FROM cases`)
      .all() as { v: string }[];
    expect(names.length).toBeGreaterThan(10);
    for (const { v } of names) expect(everything).not.toContain(v);
    expect(everything).not.toMatch(/NS-2026-|OV-2024-/);
  });
});

describe("CSV", () => {
  it("writes one table with a header, CRLF lines, quoted cells and the same suppression", () => {
    const { csv, filename } = oversightCsv(t.actorFor(LEAD), PERIOD, "cases_by_status");
    expect(filename).toBe("oversight-cases_by_status-2024-01-01-to-2024-12-31.csv");
    expect(csv.split("\r\n")).toEqual([
      "Cases by status and month opened,Referred,Triage,Active,Monitoring,Closed,All cases",
      "2024-03,0,0,8,0,0,8",
      "2024-06,0,0,fewer than 5,0,0,fewer than 5",
      "",
    ]);
    const rel = oversightCsv(t.actorFor(LEAD), PERIOD, "relationship_mix").csv;
    expect(rel).toContain("\r\nAcquaintance or friend,0,0\r\n");
    // A label holding a comma is quoted (RFC 4180).
    expect(oversightCsv(t.actorFor(LEAD), PERIOD, "spo_use").csv).toContain('\r\n"Refused, reasons recorded",0,0\r\n');
    expect(rel).toContain(`Colleague or professional contact,${SUPPRESSED},${SUPPRESSED}`);
    const audit = one<{ detail: string; purpose: string }>(
      `SELECT detail, purpose FROM audit_log WHERE action = 'oversight.csv' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.purpose).toBe("oversight");
    expect(JSON.parse(audit.detail).table).toBe("spo_use");
  });
});

describe("action plan", () => {
  it("has the demo plan (recommendations 7 and 10) for supervisors to read, not to change", () => {
    const plan = actionPlan(t.actorFor("supervisor@police.concord.test"));
    expect(plan.canEdit).toBe(false);
    expect(plan.recommendations.map((r) => [r.number, r.requirements.map((q) => q.number)])).toEqual([
      ["7", ["7.1", "7.2"]],
      ["10", ["10.1", "10.2", "10.3"]],
    ]);
    const supervisor = t.actorFor("supervisor@police.concord.test");
    const anyId = plan.recommendations[0]!.requirements[0]!.id;
    expect(
      statusOf(() =>
        updateRequirement(supervisor, anyId, {
          owner: "x",
          update: "y",
          status: "in_progress",
          percent: 5,
          version: 1,
        }),
      ),
    ).toBe(403);
    expect(statusOf(() => addRecommendation(supervisor, { number: "99", text: "x", owner: "y" }))).toBe(403);
  });

  it("lets a performance lead add and update requirements, and reports a save made meanwhile", () => {
    const lead = t.actorFor(LEAD);
    const rec = addRecommendation(
      lead,
      RecommendationSchema.parse({
        number: "14",
        text: "Victims get the support they are entitled to.",
        owner: "Victim services lead",
      }),
    );
    if (!rec.ok) throw new Error("not added");
    expect(addRecommendation(lead, { number: "14", text: "again", owner: "x" })).toEqual({
      ok: false,
      errors: { number: "Recommendation 14 is already in the plan" },
    });
    expect(addRequirement(lead, rec.id, { number: "13.1", requirement: "x", owner: "y" })).toMatchObject({ ok: false });
    const req = addRequirement(lead, rec.id, {
      number: "14.5",
      requirement: "Referral numbers are monitored and acted on when low.",
      owner: "Performance lead",
    });
    if (!req.ok) throw new Error("not added");

    const first = RequirementUpdateSchema.parse({
      owner: "Performance lead",
      update: "Monthly figures reviewed.",
      status: "in_progress",
      percent: "30",
      version: "1",
    });
    expect(updateRequirement(lead, req.id, first)).toEqual({ ok: true });
    // A second editor who opened version 1 too is told, and nothing of theirs is saved.
    const stale = updateRequirement(lead, req.id, { ...first, update: "Something else", percent: 50 });
    expect(stale.ok).toBe(false);
    if (!stale.ok)
      expect(stale.conflict).toMatchObject({ update: "Monthly figures reviewed.", percent: 30, version: 2 });
    expect(requirementFor(lead, req.id)).toMatchObject({
      update: "Monthly figures reviewed.",
      percent: 30,
      status: "in_progress",
      version: 2,
    });

    expect(
      RequirementUpdateSchema.safeParse({ owner: "x", update: "done", status: "complete", percent: "90", version: "2" })
        .success,
    ).toBe(false);
    expect(
      RequirementUpdateSchema.safeParse({ owner: "x", update: "", status: "in_progress", percent: "101", version: "2" })
        .success,
    ).toBe(false);
  });

  it("links a dashboard figure as evidence with its filters and the value at the time", () => {
    const lead = t.actorFor(LEAD);
    const q = actionPlan(lead).recommendations.find((r) => r.number === "10")!.requirements[0]!;
    const linked = linkEvidence(lead, q.id, "support_referrals", { ...PERIOD, agency: policeId });
    expect(linked).toEqual({
      ok: true,
      value: "Cases offered a referral, per 100 cases: 75 (2024-01-01 to 2024-12-31)",
    });
    const after = requirementFor(lead, q.id);
    expect(after.evidence).toMatchObject({
      metric: "support_referrals",
      filters: `from=2024-01-01&to=2024-12-31&agency=${policeId}`,
      value: linked.ok ? linked.value : "",
    });
    expect(after.version).toBe(q.version + 1);
  });
});
