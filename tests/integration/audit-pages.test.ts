import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { LAWFUL_BASIS_LABELS } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { loader as auditPageLoader } from "~/routes/audit._index";
import { loader as disclosuresCsvLoader } from "~/routes/audit.disclosures[.csv]";
import { AuditSearchSchema, type AuditFilters } from "~/domain/audit-filters";
import { DISCLOSURE_CSV_HEADER, caseAccessLog, disclosureLog, searchAudit } from "~/services/audit-log.server";
import { caseOverview } from "~/services/cases.server";
import { startSession } from "~/services/sessions.server";
import { accessRequests, breakGlassGrants, caseRecords, cases, recordShares } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { parseCsv } from "../rfc4180";
import { setupTestDb, type TestDb } from "./test-db";

const AUDITOR = "auditor@partnership.concord.test";
/** What server/remix-handler.ts gives every loader; these loaders do not use it. */
const CONTEXT = { cspNonce: "test", csrfToken: "test", requestId: "test", clientIp: "127.0.0.1" };
const INVESTIGATOR = "investigator@police.concord.test";

let t: TestDb;
let workedCaseId: string;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  workedCaseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!
    .id;
});
afterAll(() => t.cleanup());

/** The HTTP status a service or loader threw, or undefined when it returned. */
async function thrownStatus(fn: () => unknown): Promise<number | undefined> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
  return undefined;
}

function filters(values: Record<string, string>): AuditFilters {
  return AuditSearchSchema.parse(values);
}

function search(actor: Actor, values: Record<string, string>) {
  const result = searchAudit(actor, filters(values));
  if (!result.ok) throw new Error(`search refused: ${JSON.stringify(result.errors)}`);
  return result;
}

/** A signed-in, verified request for `path`, as the browser would send it. */
async function requestAs(email: string, path: string): Promise<Request> {
  const cookie = await startSession(t.userId(email), { mfaVerified: true, device: "test" });
  return new Request(`http://localhost${path}`, { headers: { cookie: cookie.split(";")[0]! } });
}

describe("audit search", () => {
  it("refuses people who are not auditors, with a denied entry", async () => {
    for (const email of [
      INVESTIGATOR,
      "admin@police.concord.test",
      "supervisor@police.concord.test",
      "sysadmin@partnership.concord.test",
    ]) {
      const actor = t.actorFor(email);
      expect(await thrownStatus(() => searchAudit(actor, filters({})))).toBe(403);
      expect(t.auditRows().at(-1)).toMatchObject({
        action: "auditlog.read",
        outcome: "denied",
        actorUserId: actor.userId,
      });
    }
  });

  it("refuses them through the page too, even when the filters are wrong (403, not the error summary)", async () => {
    expect(
      await thrownStatus(async () =>
        auditPageLoader({
          request: await requestAs(INVESTIGATOR, "/audit?from=not-a-date"),
          params: {},
          context: CONTEXT,
        }),
      ),
    ).toBe(403);
  });

  it("filters by person: only that person's entries, and the search is audited with ids, not the email", () => {
    caseOverview(t.actorFor(INVESTIGATOR), workedCaseId);
    caseOverview(t.actorFor("advocate@isac.concord.test"), workedCaseId);
    const auditor = t.actorFor(AUDITOR);
    const result = search(auditor, { person: "Investigator@Police.Concord.Test" });
    expect(result.total).toBeGreaterThanOrEqual(2);
    expect(new Set(result.entries.map((e) => e.who))).toEqual(new Set(["Dana Whitlock"]));
    expect(result.entries.map((e) => e.action)).toEqual(expect.arrayContaining(["case.view", "case.records_view"]));
    expect(result.entries[0]!.agency).toBe("Northshire Police");

    const logged = t.auditRows().at(-1)!;
    expect(logged).toMatchObject({ action: "audit.search", outcome: "allowed", actorUserId: auditor.userId });
    expect(JSON.parse(logged.detail!)).toMatchObject({ personId: t.userId(INVESTIGATOR), results: result.total });
    expect(logged.detail).not.toContain("@");
  });

  it("filters by case reference, newest first, with the case reference on each entry", () => {
    const result = search(t.actorFor(AUDITOR), { case: "ns-2026-00001" });
    expect(result.entries.length).toBeGreaterThanOrEqual(4);
    expect(new Set(result.entries.map((e) => e.caseReference))).toEqual(new Set([WORKED_CASE_REFERENCE]));
    expect(new Set(result.entries.map((e) => e.who))).toEqual(expect.objectContaining({ size: 2 }));
    const seqs = result.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // Identifiers only: the worked case's secrets never appear in what an auditor sees.
    expect(JSON.stringify(result)).not.toMatch(/Larkspur|07700 900123|Formulation|grade B2/);
  });

  it("filters by action prefix, outcome and London day", () => {
    const auditor = t.actorFor(AUDITOR);
    const views = search(auditor, { actionPrefix: "case.records" });
    expect(views.total).toBeGreaterThan(0);
    expect(views.entries.every((e) => e.action.startsWith("case.records"))).toBe(true);
    const denied = search(auditor, { outcome: "denied" });
    expect(denied.total).toBeGreaterThan(0);
    expect(denied.entries.every((e) => e.outcome === "denied")).toBe(true);

    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    const yesterday = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(
      new Date(Date.now() - 86_400_000),
    );
    const all = search(auditor, {}).total;
    // The search entry written by the previous search counts too, so compare against a fresh total.
    expect(search(auditor, { from: today, to: today }).total).toBe(all + 1);
    expect(search(auditor, { to: yesterday }).total).toBe(0);
  });

  it("pages 50 at a time", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    for (let i = 0; i < 30; i++) caseOverview(investigator, workedCaseId); // two entries each
    const auditor = t.actorFor(AUDITOR);
    const first = search(auditor, { person: INVESTIGATOR });
    expect(first.entries).toHaveLength(50);
    expect(first.pages).toBe(Math.ceil(first.total / 50));
    const second = search(auditor, { person: INVESTIGATOR, page: "2" });
    expect(second.page).toBe(2);
    expect(second.entries.length).toBe(first.total - 50);
    expect(second.entries[0]!.seq).toBeLessThan(first.entries.at(-1)!.seq);
  });

  it("says so when the person or case does not exist, and shows mistakes in the page's error summary", async () => {
    const auditor = t.actorFor(AUDITOR);
    expect(searchAudit(auditor, filters({ person: "nobody@police.concord.test", case: "NS-1999-99999" }))).toEqual({
      ok: false,
      errors: { person: "There is no account with this email address", case: "There is no case with this reference" },
    });
    const page = (await auditPageLoader({
      request: await requestAs(AUDITOR, "/audit?from=2026-02-30&to=2026-01-01&outcome=maybe"),
      params: {},
      context: CONTEXT,
    })) as unknown as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    expect(page.init.status).toBe(400);
    expect(page.data.errors).toEqual({
      from: "Start date must be a real date",
      outcome: "Select an outcome from the list",
    });
  });
});

describe("who has seen this case", () => {
  it("lists the investigator after they opened the case, for the lead agency's supervisor and for auditors", () => {
    caseOverview(t.actorFor(INVESTIGATOR), workedCaseId);
    for (const email of ["supervisor@police.concord.test", AUDITOR]) {
      const log = caseAccessLog(t.actorFor(email), workedCaseId);
      expect(log.case.reference).toBe(WORKED_CASE_REFERENCE);
      const dana = log.people.find((p) => p.name === "Dana Whitlock");
      expect(dana).toMatchObject({ agency: "Northshire Police", breakGlass: false });
      expect(dana!.seen).toBeGreaterThanOrEqual(2);
      expect(t.auditRows().at(-1)).toMatchObject({ action: "case_access_log.view", outcome: "allowed" });
      // Looking at the log is audited but is not itself "seeing the case".
      expect(log.people.some((p) => p.name === "Idris Penhale")).toBe(false);
    }
  });

  it("offers the link on the case page only to those who may open the log", () => {
    expect(caseOverview(t.actorFor("supervisor@police.concord.test"), workedCaseId).canSeeAccessLog).toBe(true);
    expect(caseOverview(t.actorFor(INVESTIGATOR), workedCaseId).canSeeAccessLog).toBe(false);
    expect(caseOverview(t.actorFor("practitioner@probation.concord.test"), workedCaseId).canSeeAccessLog).toBe(false);
  });

  it("refuses a probation practitioner on the team (403) and people who cannot see the case (404), audited", async () => {
    const practitioner = t.actorFor("practitioner@probation.concord.test");
    expect(await thrownStatus(() => caseAccessLog(practitioner, workedCaseId))).toBe(403);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "case_access_log.view",
      outcome: "denied",
      actorUserId: practitioner.userId,
    });
    expect(await thrownStatus(() => caseAccessLog(t.actorFor(INVESTIGATOR), workedCaseId))).toBe(403);
    // A supervisor of another agency is not told the case exists.
    expect(await thrownStatus(() => caseAccessLog(t.actorFor("manager@isac.concord.test"), workedCaseId))).toBe(404);
    expect(await thrownStatus(() => caseAccessLog(t.actorFor(AUDITOR), "no-such-case"))).toBe(404);
  });

  it("counts refusals and flags emergency access", () => {
    const spoc = t.userId("spoc@police.concord.test");
    const now = Date.now();
    getDb()
      .insert(breakGlassGrants)
      .values({
        id: randomUUID(),
        userId: spoc,
        agencyId: t.actorFor("spoc@police.concord.test").agencyId,
        caseId: workedCaseId,
        reason: "Out-of-hours call",
        grantedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 3_600_000).toISOString(),
      })
      .run();
    caseOverview(t.actorFor("spoc@police.concord.test"), workedCaseId);
    expect(() => caseOverview(t.actorFor("prosecutor@cps.concord.test"), workedCaseId)).toThrow();

    const log = caseAccessLog(t.actorFor(AUDITOR), workedCaseId);
    expect(log.people.find((p) => p.name === "Sam Okonjo")).toMatchObject({ breakGlass: true });
    expect(log.people.find((p) => p.name === "Hannah Pell")).toMatchObject({ seen: 0, refused: 1, breakGlass: false });
    expect(log.people.find((p) => p.name === "Dana Whitlock")).toMatchObject({ breakGlass: false });
  });
});

describe("disclosure log", () => {
  const FORMULA = '=HYPERLINK("http://attacker.example","click")';

  beforeAll(() => {
    const db = getDb();
    const record = (category: string) =>
      db
        .select()
        .from(caseRecords)
        .where(and(eq(caseRecords.caseId, workedCaseId), eq(caseRecords.category, category)))
        .get()!;
    const clinical = record("clinical");
    const police = t.actorFor(INVESTIGATOR);
    const health = t.actorFor("psychologist@health.concord.test");
    const at = new Date().toISOString();
    // Health shares the clinical formulation with the police, on the Crime and Disorder Act.
    db.insert(recordShares)
      .values({
        id: randomUUID(),
        recordId: clinical.id,
        sharedByUserId: health.userId,
        sharedByAgencyId: health.agencyId,
        toAgencyId: police.agencyId,
        purpose: "case_work",
        lawfulBasis: "cda_1998_s115",
        createdAt: at,
      })
      .run();
    // A share inside the owning agency is not a disclosure.
    db.insert(recordShares)
      .values({
        id: randomUUID(),
        recordId: clinical.id,
        sharedByUserId: health.userId,
        sharedByAgencyId: health.agencyId,
        toUserId: t.userId("clinician@health.concord.test"),
        purpose: "case_work",
        lawfulBasis: "consent",
        createdAt: at,
      })
      .run();
    // Free text someone typed that a spreadsheet would run.
    db.insert(accessRequests)
      .values({
        id: randomUUID(),
        requesterUserId: t.userId("pom@prison.concord.test"),
        requesterAgencyId: t.actorFor("pom@prison.concord.test").agencyId,
        caseId: workedCaseId,
        owningAgencyId: police.agencyId,
        reason: FORMULA,
        status: "approved",
        decidedBy: t.userId("supervisor@police.concord.test"),
        decidedAt: at,
        decisionNote: "Agreed, for release planning",
        createdAt: at,
      })
      .run();
  });

  it("lists shares outside the owning agency with their lawful basis, break-glass grants and approved requests", () => {
    const auditor = t.actorFor(AUDITOR);
    const log = disclosureLog(auditor, { page: 1 });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "disclosure_log.view",
      outcome: "allowed",
      actorUserId: auditor.userId,
    });
    const share = log.rows.filter((r) => r.kind === "share");
    expect(share).toHaveLength(1);
    expect(share[0]).toMatchObject({
      caseReference: WORKED_CASE_REFERENCE,
      owningAgency: "Northshire Forensic Mental Health Service",
      recipient: "Everyone in Northshire Police",
      lawfulBasis: LAWFUL_BASIS_LABELS.cda_1998_s115,
      purpose: "Case work",
      status: "Active, no end date",
    });
    expect(share[0]!.information).toMatch(/^Clinical information/);
    expect(log.rows.find((r) => r.kind === "break_glass")).toMatchObject({
      recipient: "Sam Okonjo (Northshire Police)",
      reason: "Out-of-hours call",
      lawfulBasis: "Emergency access",
    });
    expect(log.rows.find((r) => r.kind === "access_request")).toMatchObject({
      recipient: "Owen Stroud (HMP Northshire)",
      status: "Approved: Agreed, for release planning",
    });
    expect(disclosureLog(auditor, { page: 1, kind: "share" }).total).toBe(1);
    // No record content in the log.
    expect(JSON.stringify(log)).not.toMatch(/Formulation: fixation|Larkspur/);
  });

  it("is refused to everyone but auditors", async () => {
    for (const email of [INVESTIGATOR, "supervisor@police.concord.test", "admin@police.concord.test"]) {
      expect(await thrownStatus(() => disclosureLog(t.actorFor(email), { page: 1 }))).toBe(403);
    }
    expect(
      await thrownStatus(async () =>
        disclosuresCsvLoader({
          request: await requestAs(INVESTIGATOR, "/audit/disclosures.csv"),
          params: {},
          context: CONTEXT,
        }),
      ),
    ).toBe(403);
  });

  it("downloads as CSV: attachment, header row, the lawful basis, formula cells escaped, audited", async () => {
    const response = (await disclosuresCsvLoader({
      request: await requestAs(AUDITOR, "/audit/disclosures.csv"),
      params: {},
      context: CONTEXT,
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="disclosure-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual([...DISCLOSURE_CSV_HEADER]);
    expect(rows.length).toBe(4); // header, share, break-glass, approved request
    for (const row of rows) expect(row).toHaveLength(DISCLOSURE_CSV_HEADER.length);
    const basis = DISCLOSURE_CSV_HEADER.indexOf("Lawful basis");
    expect(rows.map((r) => r[basis])).toContain(LAWFUL_BASIS_LABELS.cda_1998_s115);
    const reason = DISCLOSURE_CSV_HEADER.indexOf("Reason given");
    expect(rows.map((r) => r[reason])).toContain(`'${FORMULA}`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "disclosure_log.export", outcome: "done" });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toMatchObject({ rows: 3 });
  });

  it("sends bad filters back to the page (where the error summary explains), not a 500", async () => {
    const response = await thrownStatus(async () =>
      disclosuresCsvLoader({
        request: await requestAs(AUDITOR, "/audit/disclosures.csv?from=yesterday"),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(response).toBe(302);
  });
});
