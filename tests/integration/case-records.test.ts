// Cases and their records through the gate, on a real SQLite file with the demo partnership.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseOverview, listCases } from "~/services/cases.server";
import { createNote } from "~/services/case-notes.server";
import { caseRecords, cases } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let worked: string;
const recordCount = () => t.db.select({ id: caseRecords.id }).from(caseRecords).all().length;
const note = {
  title: "Visit",
  summary: "Home visit completed",
  text: "Details of the visit",
  marking: "OFFICIAL-SENSITIVE",
};

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  worked = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
});
afterAll(() => t.cleanup());

describe("the case list is filtered in SQL", () => {
  it("shows each person only the cases they may see, with a matching count", () => {
    expect(listCases(t.actorFor("practitioner@probation.concord.test"))).toMatchObject({
      total: 1,
      rows: [{ reference: WORKED_CASE_REFERENCE }],
    });
    expect(listCases(t.actorFor("supervisor@police.concord.test")).total).toBe(2);
    for (const email of [
      "admin@police.concord.test",
      "auditor@partnership.concord.test",
      "clinician@health.concord.test",
    ]) {
      expect(listCases(t.actorFor(email))).toMatchObject({ total: 0, rows: [] });
    }
  });
});

describe("a case's records are redacted per person", () => {
  it("gives a probation member three records, one as a summary, and none of the hidden ones", () => {
    const view = caseOverview(t.actorFor("practitioner@probation.concord.test"), worked);
    expect(view.records.map((r) => [r.title, r.level])).toEqual(
      expect.arrayContaining([
        ["Course of conduct", "full"],
        ["Perpetrator background", "full"],
        ["Safety plan", "summary"],
      ]),
    );
    expect(view.records).toHaveLength(3);
    const serialised = JSON.stringify(view);
    for (const secret of Object.values(DEMO_SECRETS)) expect(serialised).not.toContain(secret);
    expect(serialised).not.toContain("Personal alarm issued");
  });

  it("refuses someone off the team with a 404, audited as denied", () => {
    expect(statusOf(() => caseOverview(t.actorFor("prosecutor@cps.concord.test"), worked))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "case.view", outcome: "denied" });
  });
});

describe("adding a note to a case (the one way to add free-text information)", () => {
  it("a team member adds a record their agency keeps; mandatory caveats are added; audited", () => {
    const advocate = t.actorFor("advocate@isac.concord.test");
    const before = recordCount();
    const result = createNote(advocate, worked, { ...note, category: "victim_contact" });
    expect(result.ok).toBe(true);
    expect(recordCount()).toBe(before + 1);
    const row = t.db
      .select()
      .from(caseRecords)
      .where(eq(caseRecords.id, (result as { id: string }).id))
      .get()!;
    expect(row).toMatchObject({
      ownerAgencyId: advocate.agencyId,
      cavVictimConfidential: true,
      category: "victim_contact",
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.create", outcome: "done" });
  });

  it("refuses a category the agency does not keep, and changes nothing", () => {
    const before = recordCount();
    const result = createNote(t.actorFor("practitioner@probation.concord.test"), worked, {
      ...note,
      category: "police_intelligence",
    });
    expect(result).toMatchObject({
      ok: false,
      errors: { category: "Select a kind of information your agency records" },
    });
    expect(recordCount()).toBe(before);
  });

  it("refuses people off the team, administrators and forged case ids with a 404, audited, nothing saved", () => {
    const before = recordCount();
    expect(
      statusOf(() => createNote(t.actorFor("spoc@police.concord.test"), worked, { ...note, category: "case_core" })),
    ).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "case.view", outcome: "denied" });
    expect(
      statusOf(() => createNote(t.actorFor("admin@police.concord.test"), worked, { ...note, category: "case_core" })),
    ).toBe(404);
    expect(
      statusOf(() =>
        createNote(t.actorFor("investigator@police.concord.test"), "forged-case-id", {
          ...note,
          category: "case_core",
        }),
      ),
    ).toBe(404);
    // On the case (a supervisor of the lead agency sees its case core) but not on its team: refused, audited.
    expect(
      statusOf(() =>
        createNote(t.actorFor("supervisor@police.concord.test"), worked, { ...note, category: "case_core" }),
      ),
    ).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.create", outcome: "denied" });
    expect(recordCount()).toBe(before);
  });

  it("stores markup as text", () => {
    const investigator = t.actorFor("investigator@police.concord.test");
    const result = createNote(investigator, worked, {
      ...note,
      category: "case_core",
      text: "<script>alert(1)</script>",
    });
    const view = caseOverview(investigator, worked).records.find((r) => r.id === (result as { id: string }).id)!;
    expect(view.body).toEqual({ text: "<script>alert(1)</script>" });
  });
});
