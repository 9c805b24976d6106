// Retention (issue 21) on a real SQLite file with the demo partnership: the schedule run on a clock set forward
// brings exactly the due records to the owning agency's queue; a legal hold stops disposal; deletion leaves a
// tombstone, removes search documents and earlier versions, and the audit chain still verifies (the real
// `npm run audit:verify`); the oversight figures count what was there.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { addCalendarMonths, londonDate } from "~/domain/limitation-deadline";
import { changeStatus } from "~/services/case-lifecycle.server";
import { oversightDashboard } from "~/services/oversight.server";
import { runRetentionSchedules } from "~/services/retention-run.server";
import {
  decideReview,
  liftLegalHold,
  listLegalHolds,
  placeLegalHold,
  reviewQueue,
} from "~/services/retention-reviews.server";
import { ensureDefaultSchedules, listSchedules, updateSchedule } from "~/services/retention-schedules.server";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const root = path.resolve(__dirname, "../..");
const POLICE_DPO = "dpo@police.concord.test";
const ISAC_DPO = "dpo@isac.concord.test";
let t: TestDb;
let worked: string;
let second: string;
let closedOn: string;

const all = <T>(sql: string, ...p: unknown[]) => t.db.$client.prepare(sql).all(...p) as T[];
const one = <T>(sql: string, ...p: unknown[]) => t.db.$client.prepare(sql).get(...p) as T;
/** Noon UTC on the London date `months` after the cases closed, plus `days`. */
function at(months: number, days = 0): Date {
  const d = new Date(`${addCalendarMonths(closedOn, months)}T12:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}
const pendingFor = (caseId: string) =>
  all<{ recordId: string }>(
    `SELECT record_id AS recordId FROM retention_reviews WHERE case_id = ? AND status = 'pending'`,
    caseId,
  )
    .map((r) => r.recordId)
    .sort();
const recordsOf = (caseId: string, where: string) =>
  all<{ id: string }>(
    `SELECT r.id FROM case_records r JOIN agencies a ON a.id = r.owner_agency_id WHERE r.case_id = ? AND ${where}`,
    caseId,
  )
    .map((r) => r.id)
    .sort();
const reviewOf = (recordId: string) =>
  one<{ id: string }>(`SELECT id FROM retention_reviews WHERE record_id = ? AND status = 'pending'`, recordId).id;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  // A data protection lead for the advocacy service too (the demo has the police's).
  const isac = one<{ id: string }>(`SELECT id FROM agencies WHERE type = 'isac'`).id;
  const id = randomUUID();
  t.db.$client
    .prepare(
      `INSERT INTO users (id, agency_id, email, name, status, created_at) VALUES (?, ?, ?, 'Test ISAC lead', 'active', ?)`,
    )
    .run(id, isac, ISAC_DPO, new Date().toISOString());
  t.db.$client.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'data_protection_lead')`).run(id);
  worked = one<{ id: string }>(`SELECT id FROM cases WHERE reference = ?`, WORKED_CASE_REFERENCE).id;
  // A support referral (victim care with its detail row), which the oversight figures count.
  const referral = randomUUID();
  const advocate = t.userId("advocate@isac.concord.test");
  t.db.$client
    .prepare(
      `INSERT INTO case_records (id, case_id, kind, category, owner_agency_id, author_user_id, summary, title, body, created_at, updated_at) VALUES (?, ?, 'support_referral', 'victim_care', ?, ?, 'Referral to Jordan Ashby''s GP', 'Referral', '{"service":"GP surgery"}', ?, ?)`,
    )
    .run(referral, worked, isac, advocate, new Date().toISOString(), new Date().toISOString());
  t.db.$client
    .prepare(
      `INSERT INTO support_referrals (record_id, case_id, service, offered_on, response) VALUES (?, ?, 'Advocacy', ?, 'accepted')`,
    )
    .run(referral, worked, londonDate(new Date()));
  second = one<{ id: string }>(`SELECT id FROM cases WHERE reference = 'NS-2026-00002'`).id;
  const investigator = t.actorFor("investigator@police.concord.test");
  expect(changeStatus(investigator, worked, { status: "closed", closingReason: "risk_reduced" })).toMatchObject({
    ok: true,
  });
  expect(
    changeStatus(t.actorFor("spoc@police.concord.test"), second, { status: "closed", closingReason: "risk_reduced" }),
  ).toMatchObject({ ok: true });
  closedOn = londonDate(
    one<{ closedAt: string }>(`SELECT closed_at AS closedAt FROM cases WHERE id = ?`, worked).closedAt,
  );
  // The second case is held from the start: nothing on it may come due for disposal.
  expect(
    placeLegalHold(t.actorFor(POLICE_DPO), {
      caseReference: "ns-2026-00002",
      kind: "iopc",
      reason: "IOPC investigation into the handling of the case",
    }),
  ).toMatchObject({ ok: true });
});
afterAll(() => t.cleanup());

describe("retention schedules as data", () => {
  it("gives every agency a schedule for every category from the partnership defaults, once", () => {
    expect(ensureDefaultSchedules()).toBe(one<{ n: number }>(`SELECT count(*) AS n FROM agencies`).n * 11);
    expect(ensureDefaultSchedules()).toBe(0);
    const rows = listSchedules(t.actorFor("sysadmin@partnership.concord.test")).schedules;
    const agencies = one<{ n: number }>(`SELECT count(*) AS n FROM agencies`).n;
    expect(rows).toHaveLength(agencies * 11);
    expect(
      rows.find((r) => r.agencyName === "Northshire Stalking Advocacy Service" && r.category === "victim_care"),
    ).toMatchObject({ trigger: "case_closed", periodMonths: 72, action: "delete" });
  });

  it("lets only the system administrator change one, audited with what changed; bad input changes nothing", () => {
    const sysadmin = t.actorFor("sysadmin@partnership.concord.test");
    const row = listSchedules(sysadmin).schedules.find(
      (r) => r.agencyName === "CPS Northshire" && r.category === "investigation",
    )!;
    expect(
      updateSchedule(sysadmin, row.id, { trigger: "case_closed", periodMonths: "0", action: "explode", basis: "" }),
    ).toMatchObject({
      ok: false,
      errors: {
        periodMonths: "The period must be at least 1 month",
        action: "Select what happens when the period ends",
        basis: "Enter the policy the period comes from",
      },
    });
    expect(
      updateSchedule(sysadmin, row.id, {
        trigger: "case_closed",
        periodMonths: "96",
        action: "review",
        basis: "CPS policy: 8 years",
      }),
    ).toEqual({ ok: true });
    expect(
      one<{ months: number }>(`SELECT period_months AS months FROM retention_schedules WHERE id = ?`, row.id).months,
    ).toBe(96);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "retention.schedule.update",
      outcome: "done",
      subjectId: row.id,
    });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toMatchObject({ fromMonths: 60, toMonths: 96 });
    expect(
      statusOf(() =>
        updateSchedule(t.actorFor(POLICE_DPO), row.id, {
          trigger: "case_closed",
          periodMonths: "12",
          action: "delete",
          basis: "x",
        }),
      ),
    ).toBe(403);
    expect(statusOf(() => listSchedules(t.actorFor("investigator@police.concord.test")))).toBe(403);
  });
});

describe("the schedule run on a clock set forward", () => {
  it("brings nothing before a period has run, then exactly the records due, once", async () => {
    expect((await runRetentionSchedules(at(0))).brought).toBe(0);
    expect((await runRetentionSchedules(at(12, -1))).brought).toBe(0);
    // 12 months: the advocacy service's victim contact details (its shortest period).
    await runRetentionSchedules(at(12));
    expect(pendingFor(worked)).toEqual(recordsOf(worked, `a.type = 'isac' AND r.category = 'victim_contact'`));
    expect((await runRetentionSchedules(at(12))).brought).toBe(0);
    // 6 years: everything police and the advocacy service hold; health's clock runs from the last activity, for 20 years.
    await runRetentionSchedules(at(72));
    expect(pendingFor(worked)).toEqual(recordsOf(worked, `a.type IN ('police', 'isac')`));
    expect(pendingFor(second)).toEqual([]);
  });

  it("tells each agency's data protection leads in a digest, once a day with how many came due, not once per record", () => {
    const told = all<{ email: string; text: string; createdAt: string }>(
      `SELECT u.email, n.text, n.created_at AS createdAt FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'retention_reviews_due' ORDER BY n.created_at, u.email`,
    );
    // Twelve months: the advocacy service's lead, for its victim contact details; six years: both agencies' leads.
    // The second run on the twelve-month day brought nothing and told nobody again.
    expect(told.map((n) => [n.email, n.text])).toEqual([
      [ISAC_DPO, "1 record of your agency came due for a retention review."],
      [ISAC_DPO, "2 records of your agency came due for a retention review."],
      [POLICE_DPO, "4 records of your agency came due for a retention review."],
    ]);
    const emails = all<{ email: string; n: number }>(
      `SELECT u.email, count(*) AS n FROM email_outbox o JOIN users u ON u.id = o.user_id WHERE o.kind = 'retention_reviews_due' GROUP BY u.email ORDER BY u.email`,
    );
    expect(emails).toEqual([
      { email: ISAC_DPO, n: 2 },
      { email: POLICE_DPO, n: 1 },
    ]);
  });

  it("shows each agency's lead only their own agency's queue, without content", () => {
    const police = reviewQueue(t.actorFor(POLICE_DPO));
    expect(police.total).toBe(4);
    expect(police.items.every((i) => i.caseReference === WORKED_CASE_REFERENCE && i.proposedAction === "review")).toBe(
      true,
    );
    expect(JSON.stringify(police)).not.toContain("Kieran");
    expect(
      reviewQueue(t.actorFor(ISAC_DPO))
        .items.map((i) => i.proposedAction)
        .sort(),
    ).toEqual(["delete", "delete", "delete"]);
    expect(statusOf(() => reviewQueue(t.actorFor("investigator@police.concord.test")))).toBe(403);
    expect(statusOf(() => reviewQueue(t.actorFor("auditor@partnership.concord.test")))).toBe(403);
  });
});

describe("decisions, legal holds and disposal", () => {
  it("retains with a reason and a new date: the record comes back on that date and not before", async () => {
    const [record] = recordsOf(worked, `r.category = 'investigation'`);
    const review = reviewOf(record!);
    const lead = t.actorFor(POLICE_DPO);
    expect(await decideReview(lead, review, { decision: "retain", reason: "" }, at(72))).toMatchObject({
      ok: false,
      errors: { reason: "Enter the reason for your decision", retainUntil: "Enter the date to review it again" },
    });
    const [y, m, d] = addCalendarMonths(closedOn, 72 + 24).split("-");
    expect(
      await decideReview(
        lead,
        review,
        {
          decision: "retain",
          reason: "Linked to a continuing investigation",
          "retainUntil-day": d!,
          "retainUntil-month": m!,
          "retainUntil-year": y!,
        },
        at(72),
      ),
    ).toEqual({ ok: true, decision: "retain" });
    expect(await rejectedStatus(decideReview(lead, review, { decision: "delete", reason: "again" }, at(72)))).toBe(404);
    await runRetentionSchedules(at(95));
    expect(pendingFor(worked)).not.toContain(record);
    await runRetentionSchedules(at(96));
    expect(pendingFor(worked)).toContain(record);
  });

  it("refuses another agency's lead (404, audited)", async () => {
    const review = reviewOf(recordsOf(worked, `r.category = 'perpetrator'`)[0]!);
    expect(
      await rejectedStatus(decideReview(t.actorFor(ISAC_DPO), review, { decision: "delete", reason: "not mine" })),
    ).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "retention.review.decide",
      outcome: "denied",
      subjectId: review,
    });
  });

  it("a legal hold stops all disposal and keeps the held case out of the run; lifting it lets both happen", async () => {
    const police = t.actorFor(POLICE_DPO);
    const [record] = recordsOf(worked, `r.category = 'perpetrator'`);
    const review = reviewOf(record!);
    expect(
      placeLegalHold(police, {
        caseReference: WORKED_CASE_REFERENCE,
        kind: "litigation",
        reason: "Civil claim expected",
      }),
    ).toMatchObject({ ok: true });
    const before = one<{ body: string }>(`SELECT body FROM case_records WHERE id = ?`, record);
    for (const decision of ["delete", "anonymise"]) {
      expect(await decideReview(police, review, { decision, reason: "Period has run" })).toMatchObject({
        ok: false,
        errors: { decision: expect.stringContaining("legal hold") },
      });
    }
    expect(
      one<{ body: string; disposal: string | null }>(`SELECT body, disposal FROM case_records WHERE id = ?`, record),
    ).toEqual({ ...before, disposal: null });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "retention.review.decide", outcome: "denied" });
    // The second case, held before anything came due, is still out of the run twenty years on.
    await runRetentionSchedules(at(240));
    expect(pendingFor(second)).toEqual([]);
    // Only the agency that placed a hold lifts it.
    const holds = listLegalHolds(police);
    expect(holds.map((h) => h.caseReference).sort()).toEqual([WORKED_CASE_REFERENCE, "NS-2026-00002"]);
    expect(statusOf(() => liftLegalHold(t.actorFor(ISAC_DPO), holds[0]!.id, { liftReason: "x" }))).toBe(403);
    for (const hold of holds)
      expect(liftLegalHold(police, hold.id, { liftReason: "Proceedings concluded" })).toEqual({ ok: true });
    await runRetentionSchedules(at(240));
    expect(pendingFor(second)).toEqual(recordsOf(second, `1 = 1`));
  });

  it("deletion leaves a tombstone, removes the content, search documents and versions, and the audit chain still verifies", async () => {
    const [record] = recordsOf(worked, `r.category = 'police_intelligence'`);
    const secretWord = "Intelligence";
    t.db.$client
      .prepare(
        `INSERT INTO record_versions (record_id, version, title, summary, body, author_user_id, replaced_at) SELECT id, 0, title, summary, body, author_user_id, created_at FROM case_records WHERE id = ?`,
      )
      .run(record);
    expect(
      one<{ n: number }>(`SELECT count(*) AS n FROM search_documents WHERE record_id = ?`, record).n,
    ).toBeGreaterThan(0);
    const envelope = one<Record<string, unknown>>(
      `SELECT id, case_id, kind, category, owner_agency_id, author_user_id, marking, cav_police_intelligence, created_at FROM case_records WHERE id = ?`,
      record,
    );
    const lead = t.actorFor(POLICE_DPO);
    const review = reviewOf(record!);
    expect(
      await decideReview(
        lead,
        review,
        { decision: "delete", reason: "No longer needed for a policing purpose" },
        at(240),
      ),
    ).toEqual({ ok: true, decision: "delete" });

    const row = one<Record<string, unknown>>(`SELECT * FROM case_records WHERE id = ?`, record);
    expect(row).toMatchObject({
      ...envelope,
      disposal: "deleted",
      disposed_by: lead.userId,
      disposal_review_id: review,
      body: "{}",
      title: "Deleted under the retention schedule",
    });
    expect(String(row.summary)).not.toContain(secretWord);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM search_documents WHERE record_id = ?`, record).n).toBe(0);
    expect(
      one<{ n: number }>(
        `SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?`,
        `"${secretWord.toLowerCase()} report"`,
      ).n,
    ).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM record_versions WHERE record_id = ?`, record).n).toBe(0);
    expect(
      one<Record<string, unknown>>(
        `SELECT status, decided_by, decision_reason FROM retention_reviews WHERE id = ?`,
        review,
      ),
    ).toEqual({
      status: "deleted",
      decided_by: lead.userId,
      decision_reason: "No longer needed for a policing purpose",
    });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "retention.review.delete",
      outcome: "done",
      subjectId: record,
    });

    writeAuditCheckpoint({ force: true });
    const verify = await runVerify(t.databasePath);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("anonymising replaces identifying fields in place and keeps the record's shape", async () => {
    const [record] = recordsOf(worked, `r.category = 'case_core'`);
    expect(
      await decideReview(
        t.actorFor(POLICE_DPO),
        reviewOf(record!),
        { decision: "anonymise", reason: "Keep for figures only" },
        at(240),
      ),
    ).toEqual({ ok: true, decision: "anonymise" });
    const row = one<{ body: string; title: string; summary: string; disposal: string }>(
      `SELECT body, title, summary, disposal FROM case_records WHERE id = ?`,
      record,
    );
    expect(row.disposal).toBe("anonymised");
    expect(JSON.parse(row.body)).toEqual({ text: "[anonymised]" });
    expect(`${row.title} ${row.summary} ${row.body}`).not.toMatch(/Kieran|Jordan|Voss|Ashby/);
  });

  it("the oversight figures after disposal count what was there", async () => {
    const lead = t.actorFor("performance@partnership.concord.test");
    const filters = { from: "2020-01-01", to: londonDate(new Date()) };
    const before = oversightDashboard(lead, filters);
    expect(JSON.stringify(before.tables)).toMatch(/referr/i);
    const isacLead = t.actorFor(ISAC_DPO);
    for (const item of reviewQueue(isacLead).items)
      expect(
        await decideReview(isacLead, item.id, { decision: "delete", reason: "Six years after closure" }, at(240)),
      ).toMatchObject({ ok: true });
    const after = oversightDashboard(lead, filters);
    expect(after.tables).toEqual(before.tables);
  });
});

/** The HTTP status of the Response a service's promise rejected with. */
async function rejectedStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
  throw new Error("expected a rejection");
}

function runVerify(databasePath: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: databasePath, NODE_ENV: "test" },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
