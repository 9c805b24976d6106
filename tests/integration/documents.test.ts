// Documents and evidence through the gate (issue 20), on a real SQLite file and a real file store directory: upload
// through the streaming parser from a real multipart body, the access matrix (victim-confidential screenshot), forged
// and other cases' ids, every refusal of unsafe files with its message, and EICAR quarantined by a clamd stand-in.
import { eq } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAll } from "~/files/file-store.server";
import { zip } from "~/files/zip.test-helper";
import {
  changeDocumentHandling,
  documentDetail,
  listDocuments,
  openDocumentFile,
  rescanAwaitingFiles,
  uploadDocuments,
} from "~/services/documents.server";
import { ZIP_MAX_ENTRIES } from "~/files/upload-checks.server";
import { randomUUID } from "node:crypto";
import { documentPlainText } from "~/exports/document";
import { agendaPackDocument, publishAgenda } from "~/services/agenda-pack.server";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { findMeeting } from "~/services/meeting-access.server";
import { addAgendaItems, agendaCandidates } from "~/services/meeting-items.server";
import { acknowledgeConfidentiality, createMeeting } from "~/services/meetings.server";
import { searchCases } from "~/services/search.server";
import { chronologyFile } from "~/services/chronology.server";
import { PSR_SECTIONS } from "~/domain/pre-sentence";
import { sectionSources } from "~/services/pre-sentence-sources.server";
import { shareRecord } from "~/services/shares.server";
import { caseDocuments, caseRecords, clinicReferrals, notifications } from "../../db/schema";
import { EICAR, startClamdStandIn, type ClamdStandIn } from "./clamd-stand-in";
import { makeCase } from "./order-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
let worked: string;
let other: string;
let clamd: ClamdStandIn;
let png: Buffer;
const ADVOCATE = "advocate@isac.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const CLINIC = "clinic@partnership.concord.test";
const CSRF = "c".repeat(43);

type Part = [string, string] | [string, Buffer, string];

function uploadRequest(parts: Part[], csrf = CSRF): Request {
  const form = new FormData();
  form.append("csrf", csrf);
  for (const p of parts) {
    if (p.length === 2) form.append(p[0], p[1]);
    else form.append(p[0], new Blob([new Uint8Array(p[1])]), p[2]);
  }
  return new Request("http://local/cases/x/documents/new", { method: "POST", body: form });
}

const FIELDS: Part[] = [
  ["category", "victim_care"],
  ["title", "Screenshots of messages"],
  ["description", "Messages sent to the victim on a social network in March"],
  ["marking", "OFFICIAL-SENSITIVE"],
  ["status", "final"],
];

async function upload(email: string, files: [Buffer, string][], extra: Part[] = [], caseId = worked) {
  const overridden = new Set(extra.map((p) => p[0]));
  return uploadDocuments(
    t.actorFor(email),
    caseId,
    uploadRequest([
      ...FIELDS.filter((p) => !overridden.has(p[0])),
      ...extra,
      ...files.map(([b, n]): Part => ["files", b, n]),
    ]),
    CSRF,
  );
}

const WORD_TYPES: [string, Buffer, 0 | 8] = [
  "[Content_Types].xml",
  Buffer.from(
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ),
  8,
];

const storedFiles = () =>
  fs.existsSync(path.join(t.dir, "files"))
    ? fs.readdirSync(path.join(t.dir, "files"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
        .length
    : 0;
const documentCount = () => t.db.select({ id: caseDocuments.recordId }).from(caseDocuments).all().length;

beforeAll(async () => {
  t = await setupTestDb({ seed: true, env: { FILES_MAX_BYTES: String(2 * 1024 * 1024) } });
  worked = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
    ],
  }).id;
  other = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
    ],
  }).id;
  png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366cc" } })
    .png()
    .toBuffer();
  clamd = await startClamdStandIn();
});
afterAll(async () => {
  await clamd.close();
  t.cleanup();
});

describe("a document is a case record under the gate", () => {
  let plain: string;
  let confidential: string;
  beforeAll(async () => {
    const result = await upload(ADVOCATE, [
      [png, "message one.png"],
      [Buffer.concat([png, Buffer.from("second")]), "message two.png"],
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    [plain, confidential] = result.ids as [string, string];
    const marked = changeDocumentHandling(t.actorFor(ADVOCATE), worked, confidential, {
      marking: "OFFICIAL-SENSITIVE",
      caveats: ["victim_confidential"],
    });
    expect(marked.ok).toBe(true);
  });

  it("the case's chronology (CSV) lists each document the reader may see, metadata only: never the description or file name", async () => {
    const advocate = (await chronologyFile(t.actorFor(ADVOCATE), worked, "csv")).body.toString("utf8");
    const documentRows = advocate.split("\r\n").filter((line) => line.includes(",Document,"));
    expect(documentRows).toHaveLength(2);
    expect(advocate).toContain("Screenshots of messages (1 of 2)");
    expect(advocate).toContain("PNG image");
    expect(advocate).not.toContain("social network");
    expect(advocate).not.toContain("message one");
    // Probation: the plain one only (its title and summary line), never the victim-confidential one.
    const probation = (await chronologyFile(t.actorFor(PRACTITIONER), worked, "csv")).body.toString("utf8");
    expect(probation.split("\r\n").filter((line) => line.includes(",Document,"))).toHaveLength(1);
    expect(probation).toContain("Screenshots of messages (1 of 2)");
    expect(probation).not.toContain("(2 of 2)");
  });

  it("stores each file encrypted by address, with a case_records envelope owned by the uploader's agency, audited", () => {
    const row = t.db.select().from(caseRecords).where(eq(caseRecords.id, plain)).get()!;
    expect(row).toMatchObject({
      kind: "document",
      category: "victim_care",
      ownerAgencyId: t.actorFor(ADVOCATE).agencyId,
      title: "Screenshots of messages (1 of 2)",
    });
    const doc = t.db.select().from(caseDocuments).where(eq(caseDocuments.recordId, plain)).get()!;
    expect(doc).toMatchObject({
      mediaType: "image/png",
      extension: "png",
      scanStatus: "not_scanned",
      bytes: png.length,
    });
    expect(storedFiles()).toBe(2);
    expect(
      t.auditRows().some((a) => a.action === "document.upload" && a.subjectId === plain && a.outcome === "done"),
    ).toBe(true);
  });

  it("the uploader opens the file and gets the same bytes, with a safe disposition", async () => {
    const file = await openDocumentFile(t.actorFor(ADVOCATE), worked, plain, "inline");
    expect(file.contentType).toBe("image/png");
    expect(file.disposition).toBe(`inline; filename="message one.png"; filename*=UTF-8''message%20one.png`);
    expect((await readAll(file.body as import("node:stream").Readable)).equals(png)).toBe(true);
    const thumb = await openDocumentFile(t.actorFor(ADVOCATE), worked, plain, "thumbnail");
    expect((await sharp(thumb.body as Buffer).metadata()).format).toBe("png");
  });

  it("probation lists, counts and searches the plain one at summary level only, and never the victim-confidential one", () => {
    const probation = t.actorFor(PRACTITIONER);
    const list = listDocuments(probation, worked);
    expect(list.documents.map((d) => d.id)).toEqual([plain]);
    expect(list.documents[0]).toMatchObject({ level: "summary", fileName: null, description: null, openable: false });
    expect(JSON.stringify(list)).not.toContain(confidential);
    expect(JSON.stringify(list)).not.toContain("message two");
    const search = searchCases(probation, { q: "social network" });
    expect(search.ok && search.results.length).toBe(0);
    const byTitle = searchCases(probation, { q: "Screenshots" });
    expect(JSON.stringify(byTitle)).not.toContain("(2 of 2)");
    // The advocate finds both, description included.
    const own = searchCases(t.actorFor(ADVOCATE), { q: "social network" });
    expect(own.ok && own.results.length).toBeGreaterThan(0);
  });

  it("refuses probation the confidential one and the plain one's file: 404, audited, nothing served", async () => {
    const probation = t.actorFor(PRACTITIONER);
    await expect(openDocumentFile(probation, worked, confidential, "download")).rejects.toMatchObject({ status: 404 });
    await expect(openDocumentFile(probation, worked, plain, "download")).rejects.toMatchObject({ status: 404 });
    expect(() => documentDetail(probation, worked, confidential)).toThrow();
    const denied = t.auditRows().filter((a) => a.subjectId === confidential && a.outcome === "denied");
    expect(denied.map((a) => a.action)).toEqual(expect.arrayContaining(["document.download", "document.view"]));
  });

  it("refuses forged ids and another case's documents with a 404, audited, and changes nothing", async () => {
    const advocate = t.actorFor(ADVOCATE);
    await expect(openDocumentFile(advocate, other, plain, "download")).rejects.toMatchObject({ status: 404 });
    await expect(
      openDocumentFile(advocate, worked, "00000000-0000-0000-0000-000000000000", "inline"),
    ).rejects.toMatchObject({ status: 404 });
    await expect(openDocumentFile(advocate, worked, "../../etc/passwd", "inline")).rejects.toMatchObject({
      status: 404,
    });
    const before = t.db.select().from(caseRecords).where(eq(caseRecords.id, plain)).get();
    expect(() => changeDocumentHandling(advocate, other, plain, { marking: "OFFICIAL", caveats: [] })).toThrow();
    expect(t.db.select().from(caseRecords).where(eq(caseRecords.id, plain)).get()).toEqual(before);
    const rows = t.auditRows();
    expect(rows.filter((a) => a.subjectId === plain && a.outcome === "denied").length).toBeGreaterThanOrEqual(2);
    expect(rows.some((a) => a.subjectId === "00000000-0000-0000-0000-000000000000" && a.outcome === "denied")).toBe(
      true,
    );
  });

  it("meeting papers list the documents each attendee may see: probation's pack has the plain one, not the confidential one", () => {
    const [year, month, day] = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10).split("-");
    const created = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Clinic review",
      "date-day": day!,
      "date-month": month!,
      "date-year": year!,
      time: "10:00",
      chair: t.userId(INVESTIGATOR),
      invitees: [t.userId(ADVOCATE), t.userId(PRACTITIONER)],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const at = new Date().toISOString();
    t.db
      .insert(clinicReferrals)
      .values({
        id: randomUUID(),
        caseId: worked,
        referrerUserId: t.userId(INVESTIGATOR),
        referrerAgencyId: t.actorFor(INVESTIGATOR).agencyId,
        reason: "Escalating contact",
        currentRisk: "high",
        ask: "Review risk",
        status: "accepted",
        priority: "urgent",
        decidedBy: t.userId(CLINIC),
        decidedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    addAgendaItems(
      t.actorFor(CLINIC),
      created.id,
      agendaCandidates(findMeeting(created.id)!)
        .filter((c) => c.caseId === worked)
        .map((c) => c.key),
    );
    expect(publishAgenda(t.actorFor(CLINIC), created.id)).toEqual({ ok: true });
    const packOf = (email: string) => {
      acknowledgeConfidentiality(t.actorFor(email), created.id);
      return documentPlainText(agendaPackDocument(t.actorFor(email), created.id));
    };
    const probation = packOf(PRACTITIONER);
    expect(probation).toContain("Screenshots of messages (1 of 2)");
    expect(probation).not.toContain("(2 of 2)");
    expect(probation).not.toContain("message two");
    expect(packOf(ADVOCATE)).toContain("Screenshots of messages (2 of 2)");
  });

  it("pre-sentence input can cite a document the writer may read, never the victim-confidential one", () => {
    const section = PSR_SECTIONS.find((x) => x.code === "victim_impact")!;
    const offered = sectionSources(t.actorFor("court@probation.concord.test"), worked, section).filter(
      (x) => x.kind === "document",
    );
    expect(offered.map((x) => x.recordId)).not.toContain(confidential);
    const advocateOffered = sectionSources(t.actorFor(ADVOCATE), worked, section).filter((x) => x.kind === "document");
    const own = advocateOffered.find((x) => x.recordId === plain);
    expect(own?.parts.map((p) => p.text)).toContain(
      "Screenshots of messages (1 of 2): Messages sent to the victim on a social network in March",
    );
  });

  it("lists who has opened the document for its uploader, and for no one else", async () => {
    await openDocumentFile(t.actorFor(INVESTIGATOR), worked, plain, "download");
    const detail = documentDetail(t.actorFor(ADVOCATE), worked, plain);
    expect(detail.seenBy?.map((s) => s.name)).toEqual(expect.arrayContaining(["Dana Whitlock", "Jess Marlowe"]));
    expect(documentDetail(t.actorFor(INVESTIGATOR), worked, plain).seenBy).toBeNull();
  });

  it("a redacted copy is its own record, linked to the original; sharing it with probation shows the copy only", async () => {
    const copy = await upload(
      ADVOCATE,
      [[Buffer.concat([png, Buffer.from("redacted")]), "message two redacted.png"]],
      [["redactedFromId", confidential]],
    );
    if (!copy.ok) throw new Error(JSON.stringify(copy.errors));
    const copyId = copy.ids[0]!;
    changeDocumentHandling(t.actorFor(ADVOCATE), worked, copyId, {
      marking: "OFFICIAL-SENSITIVE",
      caveats: ["victim_confidential"],
    });
    expect(documentDetail(t.actorFor(ADVOCATE), worked, confidential).copies.map((c) => c.id)).toEqual([copyId]);
    const shared = shareRecord(t.actorFor(ADVOCATE), copyId, {
      recipientKind: "user",
      userEmail: PRACTITIONER,
      purpose: "case_work",
      lawfulBasis: "cda_1998_s115",
    });
    expect(shared.ok).toBe(true);
    const probation = t.actorFor(PRACTITIONER);
    const ids = listDocuments(probation, worked).documents.map((d) => d.id);
    expect(ids).toContain(copyId);
    expect(ids).not.toContain(confidential);
    const file = await openDocumentFile(probation, worked, copyId, "inline");
    expect(file.contentType).toBe("image/png");
    await expect(openDocumentFile(probation, worked, confidential, "inline")).rejects.toMatchObject({ status: 404 });
  });
});

describe("unsafe files are refused with a clear message and nothing is stored", () => {
  const refused = async (files: [Buffer, string][], expected: RegExp) => {
    const [docs, stored] = [documentCount(), storedFiles()];
    const result = await upload(ADVOCATE, files);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.files).toMatch(expected);
    expect([documentCount(), storedFiles()]).toEqual([docs, stored]);
    expect(fs.readdirSync(path.join(t.dir, "files", ".staging"))).toEqual([]);
  };

  it("an oversized file", () =>
    refused(
      [[Buffer.alloc(2 * 1024 * 1024 + 1, 0x41), "long.txt"]],
      /long\.txt is larger than 2 MB: the largest file you can upload is 2 MB/,
    ));
  it("a renamed executable", () =>
    refused(
      [
        [
          Buffer.concat([
            Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
            Buffer.alloc(200),
          ]),
          "holiday.png",
        ],
      ],
      /holiday\.png: The selected file must be an image/,
    ));
  it("an HTML file, whatever it is called", () =>
    refused(
      [[Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"), "notes.txt"]],
      /web page \(HTML or SVG\)/,
    ));
  it("a PDF that expands like a zip bomb", () => {
    const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024));
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`),
      bomb,
      Buffer.from("\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n"),
    ]);
    return refused([[pdf, "statement.pdf"]], /statement\.pdf: The selected PDF expands to far more data/);
  });
  it("a Word document (zip) that expands like a zip bomb, or holds thousands of parts", async () => {
    // 40 MB of zeros deflates to about 40 KB: far past 100 times the file (and the 16 MB floor).
    await refused(
      [[zip([WORD_TYPES, ["word/document.xml", Buffer.alloc(40 * 1024 * 1024), 8]]), "statement.docx"]],
      /statement\.docx: The selected Word document expands to far more data/,
    );
    const many = Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i): [string, Buffer, 0 | 8] => [
      `word/media/p${i}.xml`,
      Buffer.from("<p/>"),
      0,
    ]);
    await refused(
      [[zip([WORD_TYPES, ["word/document.xml", Buffer.from("<w:document/>"), 8], ...many]), "parts.docx"]],
      /parts\.docx: The selected Word document expands to far more data than it holds, or holds too many parts/,
    );
  });
  it("a file name with path parts", () => refused([[png, "../../etc/cron.d/evil.png"]], /plain name without folders/));
  it("one bad file among good ones stores none of them", () =>
    refused(
      [
        [png, "good.png"],
        [Buffer.from("<svg onload=alert(1)>"), "bad.txt"],
      ],
      /bad\.txt/,
    ));

  it("a missing or wrong CSRF token is refused before any file is read", async () => {
    const docs = documentCount();
    await expect(
      uploadDocuments(
        t.actorFor(ADVOCATE),
        worked,
        uploadRequest([...FIELDS, ["files", png, "a.png"]], "d".repeat(43)),
        CSRF,
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(documentCount()).toBe(docs);
  });

  it("a redacted copy of a document the uploader cannot read (or of another case's) is a 404, audited, nothing kept", async () => {
    const theirs = await upload(
      INVESTIGATOR,
      [[Buffer.concat([png, Buffer.from("police only")]), "police.png"]],
      [["category", "police_intelligence"]],
    );
    if (!theirs.ok) throw new Error(JSON.stringify(theirs.errors));
    const [docs, stored] = [documentCount(), storedFiles()];
    await expect(
      upload(ADVOCATE, [[Buffer.concat([png, Buffer.from("copy")]), "copy.png"]], [["redactedFromId", theirs.ids[0]!]]),
    ).rejects.toMatchObject({ status: 404 });
    expect([documentCount(), storedFiles()]).toEqual([docs, stored]);
    expect(fs.readdirSync(path.join(t.dir, "files", ".staging"))).toEqual([]);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "document.upload",
      outcome: "denied",
      subjectId: theirs.ids[0],
    });
  });

  it("someone off the case team gets a 404, audited", async () => {
    await expect(upload("spoc@police.concord.test", [[png, "x.png"]])).rejects.toMatchObject({ status: 404 });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "document.upload", outcome: "denied" });
  });

  it("a well-formed PDF, a Word document and a text file are accepted", async () => {
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.4\n1 0 obj\n<< /Length 20 /Filter /FlateDecode >>\nstream\n"),
      deflateSync(Buffer.from("BT /F1 12 Tf (Hi) Tj ET")),
      Buffer.from("\nendstream\nendobj\n%%EOF\n"),
    ]);
    const docx = zip([
      WORD_TYPES,
      ["word/document.xml", Buffer.from(`<w:document>${"<w:p>Called at 10pm.</w:p>".repeat(200)}</w:document>`), 8],
    ]);
    const result = await upload(ADVOCATE, [
      [pdf, "statement.pdf"],
      [docx, "letter.docx"],
      [Buffer.from("Called at 10pm, said nothing.\n"), "log.txt"],
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(
      t.db
        .select({ e: caseDocuments.extension })
        .from(caseDocuments)
        .where(eq(caseDocuments.recordId, result.ids[1]!))
        .get(),
    ).toEqual({ e: "docx" });
  });

  it("a file stored before the records' write fails is removed again; one another document already holds is kept", async () => {
    const held = await upload(ADVOCATE, [[Buffer.concat([png, Buffer.from("already held")]), "held.png"]]);
    if (!held.ok) throw new Error(JSON.stringify(held.errors));
    const [docs, stored] = [documentCount(), storedFiles()];
    // The database refuses the documents' rows after the files were committed to the store.
    t.db.$client.exec(
      "CREATE TRIGGER refuse_documents BEFORE INSERT ON case_documents BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    );
    try {
      await expect(
        upload(ADVOCATE, [
          [Buffer.concat([png, Buffer.from("orphan")]), "new.png"],
          [Buffer.concat([png, Buffer.from("already held")]), "again.png"],
        ]),
      ).rejects.toThrow(/refused for the test/);
    } finally {
      t.db.$client.exec("DROP TRIGGER refuse_documents");
    }
    expect([documentCount(), storedFiles()]).toEqual([docs, stored]);
    expect(fs.readdirSync(path.join(t.dir, "files", ".staging"))).toEqual([]);
    expect((await openDocumentFile(t.actorFor(ADVOCATE), worked, held.ids[0]!, "download")).contentType).toBe(
      "image/png",
    );
  });
});

describe("evidence for an incident", () => {
  it("links a document to an incident of the same case, and refuses another case's incident with a message, storing nothing", async () => {
    const incidentOf = (caseId: string) =>
      t.db.transaction((tx) =>
        insertCaseRecord(tx, {
          caseId,
          kind: "incident",
          category: "case_core",
          ownerAgencyId: t.actorFor(INVESTIGATOR).agencyId,
          authorUserId: t.userId(INVESTIGATOR),
          title: "Incident at the workplace",
          summary: "Incident",
          body: {},
        }),
      );
    const here = incidentOf(worked);
    const there = incidentOf(other);
    const linked = await upload(
      ADVOCATE,
      [[Buffer.concat([png, Buffer.from("linked")]), "linked.png"]],
      [["linkedRecordId", here]],
    );
    if (!linked.ok) throw new Error(JSON.stringify(linked.errors));
    expect(
      t.db.select().from(caseDocuments).where(eq(caseDocuments.recordId, linked.ids[0]!)).get()!.linkedRecordId,
    ).toBe(here);
    const docs = documentCount();
    const forged = await upload(
      ADVOCATE,
      [[Buffer.concat([png, Buffer.from("forged")]), "forged.png"]],
      [["linkedRecordId", there]],
    );
    expect(forged.ok).toBe(false);
    if (!forged.ok)
      expect(forged.errors.linkedRecordId).toBe("Select an incident, order, breach or assessment of this case");
    expect(documentCount()).toBe(docs);
  });
});

describe("malware scanning (clamd INSTREAM)", () => {
  beforeAll(() => t.setEnv({ CLAMD_SOCKET: clamd.address }));

  it("quarantines an EICAR file: stored, never served, the uploader told; a clean file is marked scanned", async () => {
    const result = await upload(ADVOCATE, [
      [Buffer.from(EICAR), "eicar.txt"],
      [png, "clean.png"],
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.quarantined).toBe(1);
    const [infected, clean] = result.ids as [string, string];
    expect(t.db.select().from(caseDocuments).where(eq(caseDocuments.recordId, infected)).get()!.scanStatus).toBe(
      "infected",
    );
    expect(t.db.select().from(caseDocuments).where(eq(caseDocuments.recordId, clean)).get()!.scanStatus).toBe("clean");
    await expect(openDocumentFile(t.actorFor(ADVOCATE), worked, infected, "download")).rejects.toMatchObject({
      status: 404,
    });
    expect((await openDocumentFile(t.actorFor(ADVOCATE), worked, clean, "download")).contentType).toBe("image/png");
    const told = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, t.userId(ADVOCATE)))
      .all();
    expect(told.some((n) => n.kind === "document_quarantined" && n.href.endsWith(infected))).toBe(true);
    expect(t.auditRows().some((a) => a.action === "document.quarantine" && a.subjectId === infected)).toBe(true);
    expect(clamd.scanned()).toBe(2);
  });

  it("holds a file awaiting its scan when the scanner cannot be reached", async () => {
    t.setEnv({ CLAMD_SOCKET: "127.0.0.1:1" });
    const result = await upload(ADVOCATE, [[Buffer.concat([png, Buffer.from("late")]), "later.png"]]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(t.db.select().from(caseDocuments).where(eq(caseDocuments.recordId, result.ids[0]!)).get()!.scanStatus).toBe(
      "awaiting_scan",
    );
    await expect(openDocumentFile(t.actorFor(ADVOCATE), worked, result.ids[0]!, "inline")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("files awaiting a scan are scanned when the scanner is back: clean ones served, infected ones held back and the uploader told; a pass is bounded", async () => {
    t.setEnv({ CLAMD_SOCKET: "127.0.0.1:1" });
    const late = await upload(ADVOCATE, [
      [Buffer.concat([png, Buffer.from("late clean")]), "late.png"],
      [Buffer.from(`note ${EICAR}`), "late.txt"],
    ]);
    if (!late.ok) throw new Error(JSON.stringify(late.errors));
    const statusOf = (id: string) =>
      t.db.select({ s: caseDocuments.scanStatus }).from(caseDocuments).where(eq(caseDocuments.recordId, id)).get()!.s;
    // Still away: the pass stops at the scanner's error and changes nothing.
    const away = await rescanAwaitingFiles();
    expect(away).toMatchObject({ clean: 0, infected: 0 });
    expect(away.waiting).toBeGreaterThanOrEqual(3);
    t.setEnv({ CLAMD_SOCKET: clamd.address });
    const scannedBefore = clamd.scanned();
    // Bounded: one file a pass here, the oldest first (the one left awaiting by the test before).
    expect(await rescanAwaitingFiles(1)).toEqual({ clean: 1, infected: 0, waiting: away.waiting - 1 });
    expect(clamd.scanned()).toBe(scannedBefore + 1);
    expect(await rescanAwaitingFiles()).toEqual({ clean: 1, infected: 1, waiting: 0 });
    const [clean, infected] = late.ids as [string, string];
    expect([statusOf(clean), statusOf(infected)]).toEqual(["clean", "infected"]);
    expect((await openDocumentFile(t.actorFor(ADVOCATE), worked, clean, "download")).contentType).toBe("image/png");
    await expect(openDocumentFile(t.actorFor(ADVOCATE), worked, infected, "download")).rejects.toMatchObject({
      status: 404,
    });
    const told = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, t.userId(ADVOCATE)))
      .all();
    expect(told.some((n) => n.kind === "document_quarantined" && n.href.endsWith(infected))).toBe(true);
    expect(
      t
        .auditRows()
        .some(
          (a) =>
            a.action === "document.quarantine" &&
            a.subjectId === infected &&
            JSON.parse(a.detail ?? "{}").late === true,
        ),
    ).toBe(true);
    // Nothing left: a further pass scans nothing.
    expect(await rescanAwaitingFiles()).toEqual({ clean: 0, infected: 0, waiting: 0 });
  });
});
