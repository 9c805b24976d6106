// Emergency ("break-glass") access (issue 3, item 6) on a real SQLite file with the demo seed: the grant, what it
// opens and for how long, the audit flags on every view, and the review by the holder's supervisors or auditors.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db.server";
import { BREAK_GLASS_HOURS } from "~/domain/break-glass";
import {
  caseOverviewOrEmergencyAccess,
  emergencyAccessPage,
  grantsToReview,
  requestBreakGlass,
  reviewBreakGlass,
} from "~/services/break-glass.server";
import { caseOverview } from "~/services/cases.server";
import { reviewQueue } from "~/services/reviews.server";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { type TestDb, caught, setupTestDb, statusOf } from "./test-db";

const CLINICIAN = "clinician@health.concord.test";
const AUDITOR = "auditor@partnership.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const REASON = "Victim reported he is outside her house now; I need his treatment history for the crisis team.";

let t: TestDb;
let workedCase: string;
let secondCase: string;
let clinicianGrant: string;

const one = <T>(sql: string, ...params: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .get(...params) as T;
const grantCount = () => one<{ n: number }>("SELECT count(*) AS n FROM break_glass_grants").n;
const lastAudit = () => t.auditRows().at(-1)!;

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
  workedCase = one<{ id: string }>("SELECT id FROM cases WHERE reference = ?", WORKED_CASE_REFERENCE).id;
  secondCase = one<{ id: string }>("SELECT id FROM cases WHERE reference = 'NS-2026-00002'").id;
});
afterAll(() => t.cleanup());
afterEach(() => {
  vi.useRealTimers();
});

describe("before any grant", () => {
  it("the case page sends a caseworker who may not see the case to the emergency access page", () => {
    const e = caught(() => caseOverviewOrEmergencyAccess(t.actorFor(CLINICIAN), workedCase)) as Response;
    expect(e.status).toBe(302);
    expect(e.headers.get("Location")).toBe(`/cases/${workedCase}/break-glass`);
    // Not for a case that does not exist, nor for roles that may not ask.
    expect(statusOf(() => caseOverviewOrEmergencyAccess(t.actorFor(CLINICIAN), randomUUID()))).toBe(404);
    expect(
      statusOf(() => caseOverviewOrEmergencyAccess(t.actorFor("performance@partnership.concord.test"), workedCase)),
    ).toBe(404);
  });

  it("the emergency access page says nothing about the case", () => {
    const page = emergencyAccessPage(t.actorFor(CLINICIAN), workedCase);
    expect(page).toEqual({ caseId: workedCase, hours: BREAK_GLASS_HOURS, activeUntil: null });
    expect(statusOf(() => emergencyAccessPage(t.actorFor(CLINICIAN), "no-such-case"))).toBe(404);
    expect(statusOf(() => emergencyAccessPage(t.actorFor("admin@police.concord.test"), workedCase))).toBe(403);
    // Someone on the team goes to the case.
    const e = caught(() => emergencyAccessPage(t.actorFor("investigator@police.concord.test"), workedCase)) as Response;
    expect([e.status, e.headers.get("Location")]).toEqual([302, `/cases/${workedCase}`]);
  });
});

describe("requestBreakGlass", () => {
  it("needs a reason of 20 to 2,000 characters; nothing is inserted otherwise", () => {
    const clinician = t.actorFor(CLINICIAN);
    const before = grantCount();
    const missing = { ok: false, errors: { reason: "Enter the reason you need emergency access" } };
    expect(requestBreakGlass(clinician, workedCase, undefined)).toEqual(missing);
    expect(requestBreakGlass(clinician, workedCase, null)).toEqual(missing);
    expect(requestBreakGlass(clinician, workedCase, "")).toEqual(missing);
    expect(requestBreakGlass(clinician, workedCase, " \n ")).toEqual(missing);
    expect(requestBreakGlass(clinician, workedCase, "It is urgent")).toEqual({
      ok: false,
      errors: { reason: "The reason must be 20 characters or more" },
    });
    expect(requestBreakGlass(clinician, workedCase, "u".repeat(2001))).toEqual({
      ok: false,
      errors: { reason: "The reason must be 2,000 characters or fewer" },
    });
    expect(grantCount()).toBe(before);
    expect(t.auditRows().some((r) => r.action === "break_glass.grant")).toBe(false);
  });

  it("refuses forged case ids (404), roles that may not ask (403) and team members, all without a grant", () => {
    const before = grantCount();
    for (const id of [randomUUID(), "", "' OR '1'='1", "x".repeat(500)]) {
      expect(statusOf(() => requestBreakGlass(t.actorFor(CLINICIAN), id, REASON))).toBe(404);
      expect(lastAudit()).toMatchObject({ action: "break_glass.grant", outcome: "denied" });
    }
    for (const email of [
      "performance@partnership.concord.test",
      "admin@police.concord.test",
      AUDITOR,
      "sysadmin@partnership.concord.test",
    ]) {
      expect(statusOf(() => requestBreakGlass(t.actorFor(email), workedCase, REASON))).toBe(403);
      expect(lastAudit()).toMatchObject({
        action: "breakglassgrant.request",
        outcome: "denied",
        actorUserId: t.userId(email),
      });
    }
    expect(requestBreakGlass(t.actorFor("investigator@police.concord.test"), workedCase, REASON)).toEqual({
      ok: false,
      errors: { reason: "You are on this case team, so you do not need emergency access" },
    });
    expect(grantCount()).toBe(before);
  });

  it("with a reason: a grant for four hours, audited", () => {
    const before = Date.now();
    const result = requestBreakGlass(t.actorFor(CLINICIAN), workedCase, `  ${REASON}  `);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    clinicianGrant = result.grantId;
    const row = one<{
      userId: string;
      agencyId: string;
      caseId: string;
      reason: string;
      grantedAt: string;
      expiresAt: string;
      reviewedAt: string | null;
    }>(
      "SELECT user_id AS userId, agency_id AS agencyId, case_id AS caseId, reason, granted_at AS grantedAt, expires_at AS expiresAt, reviewed_at AS reviewedAt FROM break_glass_grants WHERE id = ?",
      clinicianGrant,
    );
    expect(row).toMatchObject({ userId: t.userId(CLINICIAN), caseId: workedCase, reason: REASON, reviewedAt: null });
    expect(Date.parse(row.grantedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(row.expiresAt) - Date.parse(row.grantedAt)).toBe(4 * 3_600_000);
    expect(result.expiresAt).toBe(row.expiresAt);
    expect(lastAudit()).toMatchObject({
      action: "break_glass.grant",
      outcome: "done",
      subjectId: clinicianGrant,
      actorUserId: t.userId(CLINICIAN),
    });
    // The reason is personal-data-prone free text: it stays in the grant, not in the audit log.
    expect(lastAudit().detail).not.toContain("outside her house");
  });

  it("refuses a second grant while the first lasts", () => {
    const result = requestBreakGlass(t.actorFor(CLINICIAN), workedCase, REASON);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.reason).toMatch(/^You already have emergency access to this case until /);
    expect(emergencyAccessPage(t.actorFor(CLINICIAN), workedCase).activeUntil).toBeTruthy();
  });
});

describe("while the grant lasts", () => {
  it("the clinician can open the case: signed-off records only, caveats still apply, marked as emergency access", () => {
    const clinician = t.actorFor(CLINICIAN);
    expect(clinician.breakGlassCaseIds).toEqual([workedCase]);
    expect(clinician.caseIds).toEqual([]);
    const overview = caseOverviewOrEmergencyAccess(clinician, workedCase);
    expect(overview.case.reference).toBe(WORKED_CASE_REFERENCE);
    expect(overview.viaBreakGlass).toBe(true);
    const titles = overview.records.map((r) => r.title);
    expect(titles).toContain("Course of conduct");
    expect(titles).not.toContain("SAM formulation (draft)");
    const text = JSON.stringify(overview);
    expect(text).not.toContain(DEMO_SECRETS.victimAddress);
    expect(text).not.toContain(DEMO_SECRETS.intelligence);
  });

  it("every view is audited with breakGlass: true and purpose break_glass", () => {
    const start = t.auditRows().length;
    caseOverview(t.actorFor(CLINICIAN), workedCase);
    const rows = getDb()
      .$client.prepare("SELECT action, purpose, outcome, detail FROM audit_log WHERE seq > ? ORDER BY seq")
      .all(t.auditRows()[start - 1]!.seq) as { action: string; purpose: string; outcome: string; detail: string }[];
    expect(rows.map((r) => r.action)).toEqual(["case.view", "case.records_view"]);
    for (const r of rows) {
      expect(r.purpose).toBe("break_glass");
      expect(r.outcome).toBe("allowed");
      expect(JSON.parse(r.detail)).toMatchObject({ breakGlass: true });
    }
  });

  it("gives nothing on other cases", () => {
    expect(statusOf(() => caseOverview(t.actorFor(CLINICIAN), secondCase))).toBe(404);
  });
});

describe("review", () => {
  it("shows the grant to auditors with the number of flagged views", () => {
    const grant = grantsToReview(t.actorFor(AUDITOR)).find((g) => g.id === clinicianGrant);
    expect(grant).toMatchObject({
      holder: "Ada Quarrie",
      holderAgency: "Northshire Forensic Mental Health Service",
      reference: WORKED_CASE_REFERENCE,
      reason: REASON,
      active: true,
      views: 2,
    });
    const queue = reviewQueue(t.actorFor(AUDITOR));
    expect(queue.grants.map((g) => g.id)).toContain(clinicianGrant);
    expect(queue.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ action: "reviews.view", outcome: "allowed" });
  });

  it("a supervisor of another agency neither sees nor reviews it (403, audited)", () => {
    for (const email of [POLICE_SUPERVISOR, "manager@isac.concord.test", "spo@probation.concord.test"]) {
      expect(grantsToReview(t.actorFor(email)).map((g) => g.id)).not.toContain(clinicianGrant);
      expect(statusOf(() => reviewBreakGlass(t.actorFor(email), clinicianGrant, { outcome: "justified" }))).toBe(403);
      expect(lastAudit()).toMatchObject({
        action: "breakglassgrant.review",
        outcome: "denied",
        subjectId: clinicianGrant,
        actorUserId: t.userId(email),
      });
    }
    expect(statusOf(() => reviewBreakGlass(t.actorFor(CLINICIAN), clinicianGrant, { outcome: "justified" }))).toBe(403);
    expect(statusOf(() => reviewQueue(t.actorFor("performance@partnership.concord.test")))).toBe(403);
    expect(statusOf(() => reviewQueue(t.actorFor("investigator@police.concord.test")))).toBe(403);
    expect(one("SELECT reviewed_at AS r FROM break_glass_grants WHERE id = ?", clinicianGrant)).toEqual({ r: null });
  });

  it("checks the review form and changes nothing on bad input", () => {
    const auditor = t.actorFor(AUDITOR);
    expect(reviewBreakGlass(auditor, clinicianGrant, {})).toEqual({
      ok: false,
      errors: { outcome: "Select whether the emergency access was justified" },
    });
    expect(reviewBreakGlass(auditor, clinicianGrant, { outcome: "fine" })).toEqual({
      ok: false,
      errors: { outcome: "Select whether the emergency access was justified" },
    });
    expect(reviewBreakGlass(auditor, clinicianGrant, { outcome: "not_justified" })).toEqual({
      ok: false,
      errors: { note: "Enter a note saying why it was not justified" },
    });
    expect(reviewBreakGlass(auditor, clinicianGrant, { outcome: "justified", note: "n".repeat(2001) })).toEqual({
      ok: false,
      errors: { note: "The note must be 2,000 characters or fewer" },
    });
    expect(statusOf(() => reviewBreakGlass(auditor, randomUUID(), { outcome: "justified" }))).toBe(404);
    expect(one("SELECT reviewed_at AS r FROM break_glass_grants WHERE id = ?", clinicianGrant)).toEqual({ r: null });
  });

  it("the auditor records it as justified, once", () => {
    const auditor = t.actorFor(AUDITOR);
    expect(reviewBreakGlass(auditor, clinicianGrant, { outcome: "justified", note: "Crisis team confirmed" })).toEqual({
      ok: true,
      endedEarly: false,
    });
    expect(
      one(
        "SELECT review_outcome AS outcome, review_note AS note, reviewed_by AS by FROM break_glass_grants WHERE id = ?",
        clinicianGrant,
      ),
    ).toEqual({
      outcome: "justified",
      note: "Crisis team confirmed",
      by: auditor.userId,
    });
    expect(lastAudit()).toMatchObject({ action: "break_glass.review", outcome: "done", subjectId: clinicianGrant });
    expect(JSON.parse(lastAudit().detail!)).toEqual({ outcome: "justified", endedEarly: false });
    expect(grantsToReview(auditor).map((g) => g.id)).not.toContain(clinicianGrant);
    expect(reviewBreakGlass(auditor, clinicianGrant, { outcome: "not_justified", note: "second thoughts" })).toEqual({
      ok: false,
      errors: { outcome: "This emergency access has already been reviewed" },
    });
    // Justified: access continues until it expires.
    expect(t.actorFor(CLINICIAN).breakGlassCaseIds).toEqual([workedCase]);
  });

  it("a police supervisor reviews a police officer's grant, but never their own", () => {
    const investigator = t.actorFor("investigator@police.concord.test");
    const officerGrant = requestBreakGlass(investigator, secondCase, REASON);
    const supervisor = t.actorFor(POLICE_SUPERVISOR);
    const ownGrant = requestBreakGlass(supervisor, secondCase, REASON);
    if (!officerGrant.ok || !ownGrant.ok) throw new Error("grants refused");
    const queue = grantsToReview(supervisor).map((g) => g.id);
    expect(queue).toContain(officerGrant.grantId);
    expect(queue).not.toContain(ownGrant.grantId);
    expect(reviewBreakGlass(supervisor, ownGrant.grantId, { outcome: "justified" })).toEqual({
      ok: false,
      errors: { outcome: "You cannot review your own emergency access" },
    });
    // Not justified ends the access at once.
    expect(
      reviewBreakGlass(supervisor, officerGrant.grantId, {
        outcome: "not_justified",
        note: "Not an emergency: use an access request",
      }),
    ).toEqual({ ok: true, endedEarly: true });
    expect(t.actorFor("investigator@police.concord.test").breakGlassCaseIds).toEqual([]);
    expect(statusOf(() => caseOverview(t.actorFor("investigator@police.concord.test"), secondCase))).toBe(404);
    // The auditor sees the supervisor's own grant.
    expect(grantsToReview(t.actorFor(AUDITOR)).map((g) => g.id)).toContain(ownGrant.grantId);
  });
});

describe("after expiry", () => {
  it("access ends at the expiry time", () => {
    const psychiatrist = "psychiatrist@health.concord.test";
    const grant = requestBreakGlass(t.actorFor(psychiatrist), secondCase, REASON);
    if (!grant.ok) throw new Error("grant refused");
    expect(caseOverview(t.actorFor(psychiatrist), secondCase).viaBreakGlass).toBe(true);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.parse(grant.expiresAt) - 1000));
    expect(t.actorFor(psychiatrist).breakGlassCaseIds).toEqual([secondCase]);
    vi.setSystemTime(new Date(grant.expiresAt));
    const after = t.actorFor(psychiatrist);
    expect(after.breakGlassCaseIds).toEqual([]);
    expect(statusOf(() => caseOverview(after, secondCase))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case.view", outcome: "denied" });
    // The case page offers emergency access again rather than reopening the case.
    expect((caught(() => caseOverviewOrEmergencyAccess(after, secondCase)) as Response).status).toBe(302);
    expect(emergencyAccessPage(after, secondCase).activeUntil).toBeNull();
    // The expired grant still waits for review, marked as ended, with the view counted.
    expect(grantsToReview(t.actorFor(AUDITOR)).find((g) => g.id === grant.grantId)).toMatchObject({
      active: false,
      views: 1,
    });
  });

  it("a grant whose expiry has passed gives nothing", () => {
    const pom = t.actorFor("pom@prison.concord.test");
    getDb()
      .$client.prepare(
        "INSERT INTO break_glass_grants (id, user_id, agency_id, case_id, reason, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        randomUUID(),
        pom.userId,
        pom.agencyId,
        workedCase,
        REASON,
        new Date(Date.now() - 5 * 3_600_000).toISOString(),
        new Date(Date.now() - 3_600_000).toISOString(),
      );
    const reloaded = t.actorFor("pom@prison.concord.test");
    expect(reloaded.breakGlassCaseIds).toEqual([]);
    expect(statusOf(() => caseOverview(reloaded, workedCase))).toBe(404);
  });
});
