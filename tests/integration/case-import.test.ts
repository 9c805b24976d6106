// Import of existing cases (issue 22, decision 0055) on a real SQLite file and a real file store: files go through the
// streamed multipart upload from a real multipart body; a 2,000-row CSV imports, re-imports unchanged, and a corrected
// file updates exactly its changed rows; a file with bad rows is refused with every error and nothing written; another
// agency's data is refused; an Excel workbook imports as the CSV does; mappings are saved per source.
import ExcelJS from "exceljs";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCsv } from "~/domain/csv";
import { zip } from "~/files/zip.test-helper";
import { importCheck, runImport, saveMapping, startImport, uploadImport } from "~/services/case-import.server";
import {
  agencies,
  caseMembers,
  caseParties,
  caseRecords,
  cases,
  importRuns,
  incidents,
  people,
  recordVersions,
  userRoles,
  users,
} from "../../db/schema";
import { sampleCsv, sampleImportRows, type SampleRow } from "../../db/seed/import-sample";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const ADMIN = "admin@police.concord.test";
const OWNER = "investigator@police.concord.test";
const CSRF = "k".repeat(43);

let t: TestDb;

function uploadRequest(source: string, content: Buffer | null, name = "cases.csv", csrf = CSRF): Request {
  const form = new FormData();
  form.append("csrf", csrf);
  form.append("source", source);
  if (content) form.append("file", new Blob([new Uint8Array(content)]), name);
  return new Request("http://local/admin/imports", { method: "POST", body: form });
}

async function upload(content: Buffer, source = "Police records export", who = ADMIN): Promise<string> {
  const result = await uploadImport(t.actorFor(who), uploadRequest(source, content), CSRF);
  if (!result.ok) throw new Error(`upload refused: ${JSON.stringify(result.errors)}`);
  return result.id;
}

async function importFile(content: Buffer, source?: string) {
  const id = await upload(content, source);
  const check = await importCheck(t.actorFor(ADMIN), id);
  expect(startImport(t.actorFor(ADMIN), id)).toEqual({ ok: true });
  const outcome = await runImport(t.actorFor(ADMIN), id);
  return { id, check, outcome };
}

const count = (table: typeof cases | typeof people | typeof caseRecords | typeof recordVersions) =>
  t.db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .get()!.n;
const totals = () => ({
  cases: count(cases),
  people: count(people),
  records: count(caseRecords),
  versions: count(recordVersions),
});
// Importing 2,000 rows through the pages' services takes seconds (the bench measures it): these tests may take that long.
const LONG = 180_000;
const actions = (action: string) => t.auditRows().filter((r) => r.action === action && r.outcome === "done").length;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("a 2,000-row file", () => {
  const rows = sampleImportRows(400, OWNER, "PNX");
  const file = sampleCsv(rows);
  let before: ReturnType<typeof totals>;

  it(
    "is checked row by row with nothing written, then imported in batches as the cases' owner",
    async () => {
      expect(rows).toHaveLength(2000);
      before = totals();
      const id = await upload(file);
      const check = await importCheck(t.actorFor(ADMIN), id);
      expect(check.plan?.errors).toEqual([]);
      expect(check.plan?.counts).toMatchObject({ create: 2000, update: 0, unchanged: 0 });
      expect(totals()).toEqual(before);

      expect(startImport(t.actorFor(ADMIN), id)).toEqual({ ok: true });
      const outcome = await runImport(t.actorFor(ADMIN), id);
      expect(outcome).toEqual({ ok: true, created: 2000, updated: 0, unchanged: 0 });
      const after = totals();
      expect(after.cases - before.cases).toBe(400);
      expect(after.people - before.people).toBe(800);
      // An incident, and an offence or an order, for each case.
      expect(after.records - before.records).toBe(800);

      // Written through the pages' services: led by the owner's agency, the owner on the team as officer in the case.
      const owner = t.userId(OWNER);
      const police = t.db.select({ id: users.agencyId }).from(users).where(eq(users.id, owner)).get()!.id;
      const imported = t.db.select().from(cases).where(eq(cases.createdBy, owner)).all();
      expect(imported.filter((c) => c.leadAgencyId === police).length).toBeGreaterThanOrEqual(400);
      const oneCase = t.db
        .select({ id: caseMembers.caseId })
        .from(caseMembers)
        .where(and(eq(caseMembers.userId, owner), eq(caseMembers.roleInCase, "officer_in_case")))
        .all();
      expect(oneCase.length).toBeGreaterThanOrEqual(400);
      expect(actions("case.create")).toBeGreaterThanOrEqual(400);
      expect(actions("incident.create")).toBeGreaterThanOrEqual(400);

      const run = t.db.select().from(importRuns).where(eq(importRuns.id, id)).get()!;
      expect(run).toMatchObject({ status: "done", rowsDone: 2000, rowsTotal: 2000, created: 2000, address: null });
      const sha = createHash("sha256").update(file).digest("hex");
      expect(run.sha256).toBe(sha);
      const entry = t.auditRows().find((r) => r.action === "import.run" && r.subjectId === id)!;
      expect(entry.outcome).toBe("done");
      expect(entry.actorUserId).toBe(t.userId(ADMIN));
      expect(JSON.parse(entry.detail!)).toMatchObject({ sha256: sha, created: 2000 });
    },
    LONG,
  );

  it(
    "re-imported unchanged changes nothing",
    async () => {
      const before = totals();
      const creates =
        actions("case.create") + actions("incident.create") + actions("person.update") + actions("incident.update");
      const { check, outcome } = await importFile(file);
      expect(check.plan?.counts).toMatchObject({ create: 0, update: 0, unchanged: 2000 });
      expect(outcome).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2000 });
      expect(totals()).toEqual(before);
      expect(
        actions("case.create") + actions("incident.create") + actions("person.update") + actions("incident.update"),
      ).toBe(creates);
    },
    LONG,
  );

  it(
    "corrected, updates exactly the changed rows",
    async () => {
      const corrected: SampleRow[] = rows.map((r) => ({ ...r }));
      const incidentRows = corrected.filter((r) => r.record === "incident");
      incidentRows[3]!.description = "Corrected: he waited outside her workplace.";
      incidentRows[250]!.description = "Corrected: forty messages in one night.";
      const victim = corrected.find((r) => r.record === "victim" && r.source_key === "PNX-00007-V")!;
      victim.full_name = "Corrected Name";
      const aCase = corrected.find((r) => r.source_key === "PNX-00009")!;
      aCase.relationship = "acquaintance";
      const before = totals();
      const incidentUpdates = actions("incident.update");
      const { check, outcome } = await importFile(sampleCsv(corrected));
      expect(check.plan?.counts).toMatchObject({ create: 0, update: 4, unchanged: 1996 });
      expect(outcome).toEqual({ ok: true, created: 0, updated: 4, unchanged: 1996 });
      const after = totals();
      expect(after.cases).toBe(before.cases);
      expect(after.people).toBe(before.people);
      expect(after.records).toBe(before.records);
      // The two incidents' earlier versions are kept, as an edit on the page keeps them; nothing else was versioned.
      expect(after.versions - before.versions).toBe(2);
      expect(actions("incident.update") - incidentUpdates).toBe(2);
      expect(t.db.select().from(people).where(eq(people.fullName, "Corrected Name")).all()).toHaveLength(1);
      const texts = t.db
        .select({ body: caseRecords.body })
        .from(caseRecords)
        .innerJoin(incidents, eq(incidents.recordId, caseRecords.id))
        .all()
        .map((r) => r.body);
      expect(texts.filter((b) => b.includes("Corrected: "))).toHaveLength(2);
      expect(
        t.db.select().from(cases).where(eq(cases.relationship, "acquaintance")).all().length,
      ).toBeGreaterThanOrEqual(1);
    },
    LONG,
  );
});

describe("a file with bad rows", () => {
  it("is refused with every error by row and field, and nothing is written", async () => {
    const rows = sampleImportRows(3, OWNER, "BAD");
    rows[3]!.occurred_on = "31/02/2025"; // not a real date
    rows[3]!.behaviours = "messages;shouting"; // not a behaviour
    rows[6]!.ndelius = "12345"; // not a CRN
    rows[7]!.case_key = "NOPE"; // no such case row
    rows.push({ record: "meeting", source_key: "BAD-X", case_key: "BAD-00001" });
    rows.push({ ...rows[1]! }); // the same key twice
    const before = totals();
    const id = await upload(sampleCsv(rows));
    const check = await importCheck(t.actorFor(ADMIN), id);
    const errors = check.plan!.errors.map((e) => `${e.row}:${e.field}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        "5:occurred_on",
        "5:behaviours",
        "8:ndelius",
        "9:case_key",
        "17:record",
        "18:source_key",
      ]),
    );
    expect(check.plan!.errors.find((e) => e.field === "behaviours")).toMatchObject({
      column: "behaviours",
      message: "Select behaviours from the list",
    });
    expect(startImport(t.actorFor(ADMIN), id)).toEqual({ ok: true });
    const outcome = await runImport(t.actorFor(ADMIN), id);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors.length).toBe(check.plan!.errors.length);
    expect(totals()).toEqual(before);
    expect(t.db.select({ status: importRuns.status }).from(importRuns).where(eq(importRuns.id, id)).get()?.status).toBe(
      "failed",
    );
  });

  it("a workbook that expands beyond the limit is refused before it is inflated", async () => {
    const bomb = zip([["xl/worksheets/sheet1.xml", Buffer.alloc(120 * 1024 * 1024, 0x20), 8]]);
    const result = await uploadImport(
      t.actorFor(ADMIN),
      uploadRequest("Police records export", bomb, "cases.xlsx"),
      CSRF,
    );
    expect(!result.ok && result.errors.file).toMatch(/The workbook expands to far more data than it holds/);
  });

  it("that cannot be read as a table is refused at upload, and the staged file is discarded", async () => {
    const result = await uploadImport(
      t.actorFor(ADMIN),
      uploadRequest("Police records export", Buffer.from([0xff, 0xfe, 0x00, 0x41])),
      CSRF,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.file).toMatch(/UTF-8 CSV/);
    const noSource = await uploadImport(
      t.actorFor(ADMIN),
      uploadRequest("", sampleCsv(sampleImportRows(1, OWNER, "Q"))),
      CSRF,
    );
    expect(!noSource.ok && noSource.errors.source).toMatch(/Enter where the file comes from/);
  });
});

describe("a row the services refuse while importing", () => {
  it(
    "rolls its whole batch back and stops with its row and field; the corrected file then imports",
    async () => {
      const rows = sampleImportRows(4, OWNER, "ROL");
      // Passes the dry run (a well-formed reference) but the offence service refuses it: the first file's case has it.
      const offence = rows.filter((r) => r.record === "offence")[1]!;
      offence.crime_reference = "PNX/25/000001";
      const before = totals();
      const audited = t.auditRows().length;
      const { check, outcome } = await importFile(sampleCsv(rows), "Rollback source");
      expect(check.plan!.errors).toEqual([]);
      const row = rows.indexOf(offence) + 2;
      expect(outcome).toEqual({
        ok: false,
        errors: [
          {
            row,
            field: "crime_reference",
            column: null,
            message: "This crime reference is already recorded on another case",
          },
        ],
      });
      // The batch held all four cases: none of them, nor their services' audit entries, were kept.
      expect(totals()).toEqual(before);
      expect(
        t
          .auditRows()
          .slice(audited)
          .map((r) => r.action),
      ).not.toContain("case.create");
      const failed = t
        .auditRows()
        .filter((r) => r.action === "import.run" && r.outcome === "failed")
        .at(-1)!;
      expect(JSON.parse(failed.detail!)).toMatchObject({ row, field: "crime_reference" });

      offence.crime_reference = "ROL/25/000003";
      const again = await importFile(sampleCsv(rows), "Rollback source");
      expect(again.outcome).toEqual({ ok: true, created: 20, updated: 0, unchanged: 0 });
      expect(totals().cases - before.cases).toBe(4);
    },
    LONG,
  );
});

describe("another agency's data", () => {
  it("is refused: an agency column naming another agency, or an owner in another agency", async () => {
    const before = totals();
    const rows = sampleImportRows(2, OWNER, "AGY");
    for (const r of rows) r.agency = "Northshire Probation Delivery Unit";
    rows[5]!.owner = "practitioner@probation.concord.test";
    const id = await upload(sampleCsv(rows));
    const check = await importCheck(t.actorFor(ADMIN), id);
    expect(check.plan!.errors.filter((e) => e.field === "agency")).toHaveLength(rows.length);
    expect(check.plan!.errors.find((e) => e.row === 7 && e.field === "owner")?.message).toMatch(
      /not an active person in Northshire Police/,
    );
    startImport(t.actorFor(ADMIN), id);
    expect((await runImport(t.actorFor(ADMIN), id)).ok).toBe(false);
    expect(totals()).toEqual(before);
  });

  it("an import is its agency's own: another agency's administrator and a case worker get 404, the upload is 403 to a case worker", async () => {
    const id = await upload(sampleCsv(sampleImportRows(1, OWNER, "OWN")));
    const probation = t.db
      .select({ id: users.agencyId })
      .from(users)
      .where(eq(users.email, "practitioner@probation.concord.test"))
      .get()!.id;
    const otherAdmin = randomUUID();
    t.db
      .insert(users)
      .values({
        id: otherAdmin,
        agencyId: probation,
        email: "admin@probation.concord.test",
        name: "Other Admin",
        status: "active",
        createdAt: new Date().toISOString(),
      })
      .run();
    t.db.insert(userRoles).values({ userId: otherAdmin, role: "agency_admin" }).run();
    expect(t.db.select().from(agencies).where(eq(agencies.id, probation)).get()).toBeTruthy();
    await expect(importCheck(t.actorFor("admin@probation.concord.test"), id)).rejects.toMatchObject({ status: 404 });
    expect(statusOf(() => startImport(t.actorFor("admin@probation.concord.test"), id))).toBe(404);
    expect(statusOf(() => startImport(t.actorFor(OWNER), id))).toBe(404);
    await expect(importCheck(t.actorFor(OWNER), id)).rejects.toMatchObject({ status: 404 });
    await expect(
      uploadImport(t.actorFor(OWNER), uploadRequest("x", Buffer.from("a,b\n1,2\n")), CSRF),
    ).rejects.toMatchObject({ status: 403 });
    // An upload without the CSRF token first is refused before any file is read.
    await expect(
      uploadImport(t.actorFor(ADMIN), uploadRequest("x", Buffer.from("a\n1\n"), "x.csv", "wrong"), CSRF),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("Excel, mappings and matching", () => {
  it("an Excel workbook with its own headings imports through a saved mapping, and a person is matched by identifier", async () => {
    const rows = sampleImportRows(2, OWNER, "XLS");
    // The second case's perpetrator is the first case's (same nDelius CRN): one person record, linked.
    const first = rows.find((r) => r.record === "perpetrator")!;
    const second = rows.filter((r) => r.record === "perpetrator")[1]!;
    second.ndelius = first.ndelius!;
    second.date_of_birth = first.date_of_birth!;
    const headings = {
      record: "Type",
      source_key: "Ref",
      case_key: "Case ref",
      owner: "OIC email",
      occurred_on: "Date",
      description: "Details",
    } as Record<string, string>;
    const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Export");
    sheet.addRow(fields.map((f) => headings[f] ?? f));
    for (const r of rows)
      sheet.addRow(fields.map((f) => (f === "occurred_on" && r[f] ? new Date(`${r[f]}T00:00:00Z`) : (r[f] ?? ""))));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const id = await upload(xlsx, "Records system workbook");
    const unmapped = await importCheck(t.actorFor(ADMIN), id);
    expect(unmapped.run.format).toBe("xlsx");
    expect(unmapped.plan!.errors.map((e) => e.field)).toEqual(["record", "source_key", "case_key"]);
    const values: Record<string, string> = {};
    for (const f of fields) values[`map-${f}`] = headings[f] ?? f;
    expect(saveMapping(t.actorFor(ADMIN), id, values)).toEqual({ ok: true });
    const mapped = await importCheck(t.actorFor(ADMIN), id);
    expect(mapped.mapping.owner).toBe("OIC email");
    expect(mapped.plan!.errors).toEqual([]);
    expect(mapped.plan!.counts).toMatchObject({ create: 10, matched: 0 });
    expect(startImport(t.actorFor(ADMIN), id)).toEqual({ ok: true });
    expect(await runImport(t.actorFor(ADMIN), id)).toEqual({ ok: true, created: 10, updated: 0, unchanged: 0 });
    const perpetrators = t.db
      .select({ personId: caseParties.personId })
      .from(caseParties)
      .innerJoin(people, eq(people.id, caseParties.personId))
      .where(sql`json_extract(${people.identifiers}, '$.ndelius') = ${first.ndelius}`)
      .all();
    expect(perpetrators).toHaveLength(2);
    expect(new Set(perpetrators.map((p) => p.personId)).size).toBe(1);
    const incident = t.db
      .select({ occurredOn: incidents.occurredOn })
      .from(incidents)
      .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
      .where(sql`${caseRecords.body} LIKE '%synthetic record 1).%'`)
      .all();
    expect(incident.map((i) => i.occurredOn)).toContain(rows[3]!.occurred_on);

    // The next file from the same source starts from the saved mapping; a person already known is shown as matched.
    const again = sampleImportRows(1, OWNER, "XLT");
    again[2]!.ndelius = first.ndelius!;
    again[2]!.date_of_birth = first.date_of_birth!;
    const csv = Buffer.from(
      toCsv(
        fields.map((f) => headings[f] ?? f),
        again.map((r) => fields.map((f) => r[f] ?? "")),
      ),
    );
    const next = await importCheck(t.actorFor(ADMIN), await upload(csv, "Records system workbook"));
    expect(next.plan!.errors).toEqual([]);
    expect(next.plan!.counts).toMatchObject({ create: 5, matched: 1 });
  });
});
