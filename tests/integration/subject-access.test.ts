// Subject access (issue 21) on a real SQLite file with the demo partnership: the police's data protection lead finds
// Kieran Voss through the one person record; the records about him are gathered; the victim's details are withheld
// from what is disclosed; other agencies' records and exempt material are withheld with reasons; the PDF bundle
// carries the schedule; the deadline and every decision are audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonDate } from "~/domain/limitation-deadline";
import { WITHHELD_MARK } from "~/domain/subject-access";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { uploadDocuments } from "~/services/documents.server";
import {
  answerSubjectAccess,
  decideSubjectAccessItem,
  exportSubjectAccessPdf,
  extendSubjectAccess,
  findSubjects,
  getSubjectAccess,
  listSubjectAccess,
  startSubjectAccess,
  subjectAccessDocumentFile,
} from "~/services/subject-access.server";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { downloadedPdfTextLines } from "../export-readers";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const LEAD = "dpo@police.concord.test";
let t: TestDb;
let requestId: string;

const today = londonDate(new Date());
const [y, m, d] = today.split("-");

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("subject access", () => {
  it("finds the person by name or identifier for the lead only, and starts a request with its deadline", () => {
    const lead = t.actorFor(LEAD);
    const byName = findSubjects(lead, "kieran voss");
    expect(byName).toMatchObject({
      ok: true,
      people: [{ name: "Kieran Voss", dateOfBirth: "1987-09-03", partyRoles: "perpetrator" }],
    });
    expect(findSubjects(lead, "87/123456X")).toMatchObject({ ok: true, people: [{ name: "Kieran Voss" }] });
    expect(statusOf(() => findSubjects(t.actorFor("investigator@police.concord.test"), "kieran"))).toBe(403);
    const personId = (byName as { people: { personId: string }[] }).people[0]!.personId;
    expect(
      startSubjectAccess(lead, { personId, "receivedOn-day": "", "receivedOn-month": "", "receivedOn-year": "" }),
    ).toMatchObject({ ok: false, errors: { receivedOn: "Enter the date the request was received" } });
    const started = startSubjectAccess(lead, {
      personId,
      "receivedOn-day": d!,
      "receivedOn-month": m!,
      "receivedOn-year": y!,
    });
    expect(started.ok).toBe(true);
    requestId = (started as { id: string }).id;
    expect(listSubjectAccess(lead)).toMatchObject([
      { id: requestId, personName: "Kieran Voss", receivedOn: today, overdue: false },
    ]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "subject_access.start", subjectId: requestId });
  });

  it("gathers the records about him, shows only the police's own, highlights the victim and withholds exempt material", () => {
    const view = getSubjectAccess(t.actorFor(LEAD), requestId);
    const byCategory = Object.fromEntries(view.items.map((i) => [i.categoryLabel.split(" ")[0], i]));
    // About him as perpetrator: no victim contact or victim care record is gathered.
    expect(view.items.map((i) => i.categoryLabel).join("|")).not.toMatch(/Victim contact|Victim care/);
    expect(byCategory.Police).toMatchObject({ decision: "withhold", exemption: "crime_prevention", own: true });
    const health = view.items.filter((i) => i.agencyName.includes("Health"));
    expect(health.length).toBeGreaterThan(0);
    for (const h of health)
      expect(h).toMatchObject({ decision: "withhold", exemption: "other_controller", own: false, content: null });
    const course = view.items.find((i) => i.own && i.content?.title.some((s) => s.text.includes("Course of conduct")))!;
    expect(course.decision).toBe("disclose");
    expect(course.content!.body.filter((s) => s.thirdParty).map((s) => s.text)).toContain("Jordan Ashby");
    expect(JSON.stringify(view)).not.toContain(DEMO_SECRETS.clinicalDetail);
    expect(statusOf(() => getSubjectAccess(t.actorFor("auditor@partnership.concord.test"), requestId))).toBe(404);
  });

  it("records the lead's decisions with reasons; another agency's record cannot be disclosed", () => {
    const lead = t.actorFor(LEAD);
    const view = getSubjectAccess(lead, requestId);
    const health = view.items.find((i) => !i.own)!;
    expect(
      decideSubjectAccessItem(lead, requestId, health.recordId, { decision: "disclose", withholdThirdParties: "yes" }),
    ).toMatchObject({ ok: false, errors: { decision: expect.stringContaining("Another agency") } });
    const evidence = view.items.find((i) => i.categoryLabel.startsWith("Investigation"))!;
    expect(
      decideSubjectAccessItem(lead, requestId, evidence.recordId, {
        decision: "withhold",
        exemption: "crime_prevention",
        reason: "",
      }),
    ).toMatchObject({ ok: false, errors: { reason: "Enter why the exemption applies" } });
    expect(
      decideSubjectAccessItem(lead, requestId, evidence.recordId, {
        decision: "withhold",
        exemption: "crime_prevention",
        reason: "Evidence in a live investigation",
      }),
    ).toEqual({ ok: true });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "subject_access.withhold", subjectId: requestId });
    expect(extendSubjectAccess(lead, requestId, { extensionReason: "Records held by several agencies" })).toEqual({
      ok: true,
    });
    expect(extendSubjectAccess(lead, requestId, { extensionReason: "Again" })).toMatchObject({ ok: false });
  });

  it("exports a PDF bundle: his own record with the victim's details withheld, and a schedule of what was withheld and why", async () => {
    const file = await exportSubjectAccessPdf(t.actorFor(LEAD), requestId);
    // Table cells wrap: read the text as one run of words.
    const text = downloadedPdfTextLines(file.body).join(" ").replace(/\s+/g, " ");
    expect(text).toContain("Subject access request: Kieran Voss");
    expect(text).toContain("Course of conduct");
    expect(text).toContain(WITHHELD_MARK);
    expect(text).not.toContain("Jordan");
    expect(text).not.toContain("Ashby");
    for (const secret of [
      DEMO_SECRETS.victimAddress,
      DEMO_SECRETS.clinicalDetail,
      DEMO_SECRETS.intelligence,
      "Exhibit JA/1",
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain("Schedule of disclosed and withheld information");
    expect(text).toMatch(/Held by another agency/);
    expect(text).toMatch(/Prevention or detection of crime/);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "subject_access.export", subjectId: requestId });
  });

  it("records the answer as sent with the bundle downloaded, closing the request and its clock", async () => {
    const lead = t.actorFor(LEAD);
    const sent = (day: string, month: string, year: string, method = "secure_email") => ({
      "sentOn-day": day,
      "sentOn-month": month,
      "sentOn-year": year,
      method,
    });
    const tomorrow = londonDate(new Date(Date.now() + 36 * 3600_000)).split("-");
    expect(answerSubjectAccess(lead, requestId, { ...sent(d!, m!, y!), method: "" })).toMatchObject({
      ok: false,
      errors: { method: "Select how the answer was sent" },
    });
    expect(answerSubjectAccess(lead, requestId, sent(tomorrow[2]!, tomorrow[1]!, tomorrow[0]!))).toMatchObject({
      ok: false,
      errors: { sentOn: expect.stringContaining("today or in the past") },
    });
    expect(answerSubjectAccess(lead, requestId, sent("1", "1", "2020"))).toMatchObject({
      ok: false,
      errors: { sentOn: expect.stringContaining("on or after") },
    });
    // A decision after the download: that bundle no longer says what is disclosed, so it must be downloaded again.
    const course = getSubjectAccess(lead, requestId).items.find((i) => i.own && i.decision === "disclose")!;
    expect(getSubjectAccess(lead, requestId).bundle).not.toBeNull();
    expect(
      decideSubjectAccessItem(lead, requestId, course.recordId, { decision: "disclose", withholdThirdParties: "yes" }),
    ).toEqual({ ok: true });
    expect(getSubjectAccess(lead, requestId).bundle).toBeNull();
    expect(answerSubjectAccess(lead, requestId, sent(d!, m!, y!))).toMatchObject({
      ok: false,
      errors: { bundle: expect.stringContaining("Download the bundle") },
    });
    const file = await exportSubjectAccessPdf(lead, requestId);
    const sha256 = createHash("sha256").update(file.body).digest("hex");
    expect(
      statusOf(() => answerSubjectAccess(t.actorFor("investigator@police.concord.test"), requestId, sent(d!, m!, y!))),
    ).toBe(404);
    expect(answerSubjectAccess(lead, requestId, sent(d!, m!, y!))).toEqual({ ok: true });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "subject_access.answer", subjectId: requestId });
    expect(JSON.parse(String(t.auditRows().at(-1)!.detail))).toMatchObject({
      sentOn: today,
      method: "secure_email",
      late: false,
      sha256,
    });
    const view = getSubjectAccess(lead, requestId);
    expect(view).toMatchObject({
      status: "answered",
      answer: { sentOn: today, methodLabel: "By secure email", late: false },
      bundle: { sha256 },
    });
    // Closed: no overdue clock, no more decisions or extensions, no second answer; a later download changes nothing recorded.
    expect(listSubjectAccess(lead, new Date(Date.now() + 400 * 86400_000))).toMatchObject([
      { id: requestId, status: "answered", overdue: false },
    ]);
    expect(
      decideSubjectAccessItem(lead, requestId, course.recordId, { decision: "disclose", withholdThirdParties: "no" }),
    ).toMatchObject({ ok: false, errors: { decision: expect.stringContaining("answered") } });
    expect(answerSubjectAccess(lead, requestId, sent(d!, m!, y!))).toMatchObject({ ok: false });
    await exportSubjectAccessPdf(lead, requestId, new Date(Date.now() + 1000));
    expect(getSubjectAccess(lead, requestId).bundle!.sha256).toBe(sha256);
  });
});

describe("documents in the bundle (issue 20)", () => {
  it("lists his documents in the schedule and releases the file of one the lead discloses, never one withheld or another agency's", async () => {
    const lead = t.actorFor(LEAD);
    const worked = (
      t.db.$client.prepare(`SELECT id FROM cases WHERE reference = ?`).get(WORKED_CASE_REFERENCE) as { id: string }
    ).id;
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#884422" } })
      .png()
      .toBuffer();
    const form = new FormData();
    const csrf = "c".repeat(43);
    form.append("csrf", csrf);
    for (const [k, v] of [
      ["category", "investigation"],
      ["title", "Doorbell camera still"],
      ["description", "Still from the doorbell camera"],
      ["marking", "OFFICIAL-SENSITIVE"],
      ["status", "final"],
    ])
      form.append(k!, v!);
    form.append("files", new Blob([new Uint8Array(png)]), "doorbell-still.png");
    const uploaded = await uploadDocuments(
      t.actorFor("investigator@police.concord.test"),
      worked,
      new Request("http://local/x", { method: "POST", body: form }),
      csrf,
    );
    expect(uploaded.ok, JSON.stringify(uploaded)).toBe(true);
    const documentId = (
      t.db.$client
        .prepare(`SELECT record_id AS id FROM case_documents WHERE case_id = ? ORDER BY rowid DESC LIMIT 1`)
        .get(worked) as { id: string }
    ).id;

    const personId = (findSubjects(lead, "Kieran Voss") as { people: { personId: string }[] }).people[0]!.personId;
    const started = startSubjectAccess(lead, {
      personId,
      "receivedOn-day": d!,
      "receivedOn-month": m!,
      "receivedOn-year": y!,
    });
    const id = (started as { id: string }).id;
    const item = getSubjectAccess(lead, id).items.find((i) => i.recordId === documentId)!;
    expect(item).toMatchObject({
      decision: "disclose",
      document: { mediaType: "image/png", bytes: png.length, released: true },
    });
    expect(item.document!.fileName!.map((x) => x.text).join("")).toBe("doorbell-still.png");

    const released = await subjectAccessDocumentFile(lead, id, documentId);
    expect(released).toMatchObject({ contentType: "image/png", filename: "doorbell-still.png" });
    expect(Buffer.compare(released.body, png)).toBe(0);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "subject_access.document_release",
      outcome: "done",
      subjectId: id,
    });
    let text = downloadedPdfTextLines((await exportSubjectAccessPdf(lead, id)).body)
      .join(" ")
      .replace(/\s+/g, " ");
    expect(text).toContain("The documents (files) found and whether each is released");
    expect(text).toContain("doorbell-still.png");
    expect(text).toContain("PNG image, 1 KB");
    expect(text).toContain("Released: a copy of the file is sent with this bundle");

    // Withheld: the file is not released, and the schedule says so.
    expect(
      decideSubjectAccessItem(lead, id, documentId, {
        decision: "withhold",
        exemption: "crime_prevention",
        reason: "Evidence for a trial",
      }),
    ).toEqual({ ok: true });
    await expect(subjectAccessDocumentFile(lead, id, documentId)).rejects.toMatchObject({ status: 404 });
    text = downloadedPdfTextLines((await exportSubjectAccessPdf(lead, id)).body)
      .join(" ")
      .replace(/\s+/g, " ");
    expect(text).not.toContain("Released: a copy");
    // Nobody else reaches the file, even disclosed.
    expect(
      decideSubjectAccessItem(lead, id, documentId, { decision: "disclose", withholdThirdParties: "yes" }),
    ).toEqual({ ok: true });
    await expect(
      subjectAccessDocumentFile(t.actorFor("investigator@police.concord.test"), id, documentId),
    ).rejects.toMatchObject({ status: 404 });
  });
});
