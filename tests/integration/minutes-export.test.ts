// The minutes export (issue 6 item 5): signed-off minutes as Word and PDF files, built from what the meeting
// service gives the reader, marked OFFICIAL-SENSITIVE with the confidentiality statement; drafts refused;
// non-invitees refused; withheld case information (the victim's address) never in the file.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { renderPdf } from "~/exports/pdf.server";
import { createClinicReferral, triageClinicReferral } from "~/services/clinic-referrals.server";
import { saveItemPlan } from "~/services/meeting-items.server";
import { confirmLevel } from "~/services/meeting-outcomes.server";
import {
  acknowledgeConfidentiality,
  addAction,
  addDecision,
  closeMeeting,
  createMeeting,
  finaliseMinutes,
  meetingView,
  openMeeting,
  saveItemMinutes,
  shareMinutes,
} from "~/services/meetings.server";
import { downloadResponse } from "~/exports/download.server";
import { exportMinutes, minutesDocument, NOT_FINALISED_MESSAGE } from "~/services/minutes-export.server";
import { caseRecords, cases, mappaReferrals } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { pdfTextLines, readDocx } from "../export-readers";
import { caught, setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
let clinicMeetingId: string;
let itemId: string;

const CLINIC = "clinic@partnership.concord.test";
const MAPPA = "mappa@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";

const MINUTES =
  "The panel reviewed the escalation since the last meeting.\nContact has moved to the victim's workplace.\n\nPolice will apply for a stalking protection order.";
const DECISION = "Apply for a stalking protection order";
const ACTION = "Review the victim's safety plan with her";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const dateParts = (prefix: string, iso: string) => {
  const [year, month, day] = iso.split("-");
  return { [`${prefix}-day`]: day!, [`${prefix}-month`]: month!, [`${prefix}-year`]: year! };
};

/** Everything withheld from a meeting (victim contact, police intelligence) that must never reach a file. */
const SECRETS = [DEMO_SECRETS.victimAddress, DEMO_SECRETS.victimPhone, "Larkspur", "07700 900123"];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;

  // A clinic referral from police, accepted by the clinic coordinator: the case waits for a meeting.
  const referral = createClinicReferral(t.actorFor(POLICE), caseId, {
    reason: "Escalating contact at the victim's workplace",
    currentRisk: "high",
    ask: "Multi-agency review of the risk",
  });
  if (!referral.ok) throw new Error(JSON.stringify(referral.errors));
  const triaged = triageClinicReferral(t.actorFor(CLINIC), referral.id, {
    decision: "accepted",
    priority: "urgent",
    decisionReason: "",
  });
  if (!triaged.ok) throw new Error(JSON.stringify(triaged.errors));

  const created = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Stalking clinic case review",
    ...dateParts("date", inDays(2)),
    time: "10:00",
    chair: t.userId(POLICE),
    invitees: [t.userId(ADVOCATE), t.userId(PROBATION)],
    statement: "",
    agenda: [`clinic_referral:${referral.id}`],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  clinicMeetingId = created.id;

  // The meeting runs: everyone acknowledges the statement, minutes, a decision and an action are recorded.
  const chair = t.actorFor(POLICE);
  acknowledgeConfidentiality(chair, clinicMeetingId);
  openMeeting(chair, clinicMeetingId);
  acknowledgeConfidentiality(chair, clinicMeetingId);
  acknowledgeConfidentiality(t.actorFor(ADVOCATE), clinicMeetingId);
  acknowledgeConfidentiality(t.actorFor(PROBATION), clinicMeetingId);
  const view = meetingView(chair, clinicMeetingId, { papers: false });
  itemId = view.items[0]!.id;
  expect(view.items[0]!.caseReference).toBe(WORKED_CASE_REFERENCE);
  expect(saveItemMinutes(chair, clinicMeetingId, itemId, { text: MINUTES, baseVersion: 0 })).toMatchObject({
    ok: true,
  });
  expect(addDecision(t.actorFor(ADVOCATE), clinicMeetingId, itemId, { text: DECISION })).toMatchObject({ ok: true });
  expect(
    addAction(t.actorFor(ADVOCATE), clinicMeetingId, itemId, {
      text: ACTION,
      owner: `agency:${t.actorFor(ADVOCATE).agencyId}`,
      ...dateParts("due", "2030-01-15"),
    }),
  ).toMatchObject({ ok: true });
  closeMeeting(chair, clinicMeetingId);
});
afterAll(() => t.cleanup());

describe("minutes export", () => {
  it("refuses draft minutes with a clear message, audited", async () => {
    const refusal = caught(() => minutesDocument(t.actorFor(POLICE), clinicMeetingId));
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(409);
    expect(await (refusal as Response).text()).toBe(NOT_FINALISED_MESSAGE);
    await expect(exportMinutes(t.actorFor(ADVOCATE), clinicMeetingId, "pdf")).rejects.toBeInstanceOf(Response);
    const denied = t.auditRows().filter((r) => r.action === "minutes.export" && r.outcome === "denied");
    expect(denied.map((r) => JSON.parse(r.detail ?? "{}"))).toEqual([
      { format: "docx", reason: "not_finalised" },
      { format: "pdf", reason: "not_finalised" },
    ]);
  });

  it("exports signed-off minutes to Word with marking, statement, sections, decisions and actions", async () => {
    expect(finaliseMinutes(t.actorFor(POLICE), clinicMeetingId)).toEqual({ ok: true });
    const file = await exportMinutes(t.actorFor(PROBATION), clinicMeetingId, "docx");
    expect(file.contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(file.filename).toMatch(/^concord-minutes-clinic-\d{1,2}-[a-z]+-\d{4}\.docx$/);

    const doc = await readDocx(file.body);
    expect(doc.headers).toEqual(["OFFICIAL-SENSITIVE"]);
    expect(doc.footers[0]).toMatch(/^OFFICIAL-SENSITIVE\n/);
    const statement = meetingView(t.actorFor(PROBATION), clinicMeetingId, { papers: false }).meeting
      .confidentialityStatement;
    expect(doc.paragraphs).toContain(`Confidentiality statement\n${statement}`);
    expect(doc.headings).toEqual([
      ["Title", "Stalking clinic case review"],
      ["Heading1", "Meeting details"],
      ["Heading1", "Attendance"],
      ["Heading2", "Present"],
      ["Heading2", "Apologies"],
      ["Heading2", "Absent"],
      ["Heading1", `Item 1: ${WORKED_CASE_REFERENCE}`],
      ["Heading2", "Minutes"],
      ["Heading2", "Decisions"],
      ["Heading2", "Actions"],
      ["Heading2", "Clinic recommendations"],
      ["Heading1", "Distribution list"],
    ]);
    // Minutes keep their paragraphs and line breaks.
    expect(doc.paragraphs).toContain(
      "The panel reviewed the escalation since the last meeting.\nContact has moved to the victim's workplace.",
    );
    expect(doc.paragraphs).toContain("Police will apply for a stalking protection order.");
    expect(doc.paragraphs).toContain(DECISION);
    expect(doc.paragraphs).toContain(ACTION);
    expect(doc.paragraphs).toContain("15 January 2030");
    expect(doc.paragraphs).toContain("Open");
    // Attendance with agencies and roles (present: all three acknowledged while the meeting was open); the chair's name.
    for (const name of ["Dana Whitlock", "Jess Marlowe", "Lee Farrant"]) expect(doc.paragraphs).toContain(name);
    expect(doc.paragraphs).toContain("Probation practitioner");
    expect(doc.paragraphs).toContain("Present");
    expect(doc.allText).toContain(`Downloaded by Lee Farrant`);
  });

  it("never carries withheld case information (victim contact) in either format", async () => {
    // The victim's address is on this case (so its absence below means something); the advocate may see it in
    // casework, but the minutes export holds none of it.
    const onCase = getDb()
      .select({ body: caseRecords.body })
      .from(caseRecords)
      .where(eq(caseRecords.caseId, caseId))
      .all();
    expect(onCase.some((r) => r.body.includes(DEMO_SECRETS.victimAddress))).toBe(true);
    for (const who of [ADVOCATE, PROBATION, POLICE]) {
      const docx = await exportMinutes(t.actorFor(who), clinicMeetingId, "docx");
      const parts = await readDocx(docx.body);
      for (const secret of SECRETS) expect(parts.allText).not.toContain(secret);
      const pdf = await renderPdf(minutesDocument(t.actorFor(who), clinicMeetingId, "pdf"), { compress: false });
      const text = pdfTextLines(pdf).join("\n");
      expect(text).toContain("OFFICIAL-SENSITIVE");
      expect(text).toContain(`Item 1: ${WORKED_CASE_REFERENCE}`);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it("exports a PDF and audits each export with its format", async () => {
    const file = await exportMinutes(t.actorFor(ADVOCATE), clinicMeetingId, "pdf");
    expect(file.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(file.contentType).toBe("application/pdf");
    expect(file.filename).toMatch(/\.pdf$/);
    const done = t
      .auditRows()
      .filter((r) => r.action === "minutes.export" && r.outcome === "done" && r.actorUserId === t.userId(ADVOCATE));
    expect(done.length).toBeGreaterThan(0);
    expect(JSON.parse(done.at(-1)!.detail ?? "{}")).toMatchObject({ format: "pdf", items: 1 });
    expect(done.at(-1)!.subjectId).toBe(clinicMeetingId);
  });

  it("answers with an attachment that is never cached", async () => {
    const response = downloadResponse(await exportMinutes(t.actorFor(POLICE), clinicMeetingId, "docx"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="concord-minutes-clinic-[a-z0-9-]+\.docx"$/,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(Number(response.headers.get("Content-Length"))).toBe(body.length);
  });

  it("refuses someone not invited (404, audited) until the chair agrees to share the minutes with them", async () => {
    const outsider = t.actorFor(OUTSIDER);
    await expect(exportMinutes(outsider, clinicMeetingId, "docx")).rejects.toSatisfy(
      (e: unknown) => e instanceof Response && e.status === 404,
    );
    expect(statusOf(() => minutesDocument(outsider, clinicMeetingId))).toBe(404);
    expect(statusOf(() => minutesDocument(outsider, randomUUID()))).toBe(404);
    expect(
      t
        .auditRows()
        .some(
          (r) => r.action === "meeting.minutes_view" && r.outcome === "denied" && r.actorUserId === t.userId(OUTSIDER),
        ),
    ).toBe(true);
    expect(
      t
        .auditRows()
        .some((r) => r.action === "minutes.export" && r.outcome === "done" && r.actorUserId === t.userId(OUTSIDER)),
    ).toBe(false);

    expect(
      shareMinutes(t.actorFor(POLICE), clinicMeetingId, {
        toUserId: t.userId(OUTSIDER),
        purpose: "Charging decision on the breach",
      }),
    ).toEqual({ ok: true });
    const parts = await readDocx((await exportMinutes(t.actorFor(OUTSIDER), clinicMeetingId, "docx")).body);
    expect(parts.paragraphs).toContain(DECISION);
    for (const secret of SECRETS) expect(parts.allText).not.toContain(secret);
  });
});

describe("MAPPA minutes export", () => {
  it("carries the MAPPA B risk management plan under its four headings", async () => {
    const referralId = randomUUID();
    const now = new Date().toISOString();
    getDb()
      .insert(mappaReferrals)
      .values({
        id: referralId,
        caseId,
        referrerUserId: t.userId(PROBATION),
        referrerAgencyId: t.actorFor(PROBATION).agencyId,
        levelRequested: 2,
        status: "accepted",
        meetsCategory3: true,
        levelDecided: 2,
        decidedAt: now,
        decidedBy: t.userId(MAPPA),
        createdAt: now,
        updatedAt: now,
      })
      .run();
    const created = createMeeting(t.actorFor(MAPPA), {
      kind: "mappa_level2",
      title: "MAPPA level 2 meeting",
      ...dateParts("date", inDays(4)),
      time: "14:00",
      chair: t.userId(MAPPA),
      invitees: [t.userId(PROBATION), t.userId(POLICE)],
      agenda: [`mappa_referral:${referralId}`],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const id = created.id;
    const chair = t.actorFor(MAPPA);
    acknowledgeConfidentiality(chair, id);
    openMeeting(chair, id);
    const mappaItem = meetingView(chair, id, { papers: false }).items[0]!.id;
    closeMeeting(chair, id);
    expect(confirmLevel(chair, id, mappaItem, { level: "2", category: "3" })).toEqual({ ok: true });
    expect(
      saveItemPlan(chair, id, mappaItem, {
        supervision: "Weekly supervision appointments",
        monitoring_control: "Exclusion zone around the victim's workplace",
        interventions_treatment: "Stalking perpetrator programme",
        victim_safety: "ISAC safety plan reviewed monthly",
      }),
    ).toMatchObject({ ok: true });
    expect(finaliseMinutes(chair, id)).toEqual({ ok: true });

    const file = await exportMinutes(t.actorFor(PROBATION), id, "docx");
    expect(file.filename).toMatch(/^concord-minutes-mappa-/);
    const doc = await readDocx(file.body);
    expect(doc.headings.slice(6)).toEqual([
      ["Heading1", `Item 1: ${WORKED_CASE_REFERENCE}`],
      ["Heading2", "Level and category"],
      ["Heading2", "Minutes"],
      ["Heading2", "Decisions"],
      ["Heading2", "Actions"],
      ["Heading2", "Risk management plan"],
      ["Heading3", "Supervision"],
      ["Heading3", "Monitoring and control"],
      ["Heading3", "Interventions and treatment"],
      ["Heading3", "Victim safety planning"],
      ["Heading2", "Disclosure decisions"],
      ["Heading2", "Next review"],
      ["Heading1", "Distribution list"],
    ]);
    for (const text of [
      "Weekly supervision appointments",
      "Exclusion zone around the victim's workplace",
      "Stalking perpetrator programme",
      "ISAC safety plan reviewed monthly",
      "No minutes were recorded for this item.",
    ])
      expect(doc.paragraphs).toContain(text);
    expect(doc.allText).toMatch(/Article 8\(2\)/);
    for (const secret of SECRETS) expect(doc.allText).not.toContain(secret);
  });
});
