// MAPPA B minutes (issue 15): present, apologies and absent with agency and role; the level and category confirmed;
// per offender the four-part plan, disclosure decisions (to whom, what, why, by whom) and the next review date set
// from the level; the distribution list. Clinic case reviews: the same minus the MAPPA parts, plus the clinic's
// recommendations. The page and the Word and PDF files show the same structure.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { documentPlainText } from "~/exports/document";
import { renderPdf } from "~/exports/pdf.server";
import { addDisclosure, confirmLevel, saveRecommendations } from "~/services/meeting-outcomes.server";
import { saveItemPlan } from "~/services/meeting-items.server";
import { replyToInvitation } from "~/services/meeting-invitations.server";
import {
  acknowledgeConfidentiality,
  closeMeeting,
  createMeeting,
  finaliseMinutes,
  meetingView,
  minutesRecord,
  openMeeting,
  shareMinutes,
} from "~/services/meetings.server";
import { exportMinutes, minutesDocument } from "~/services/minutes-export.server";
import { caseRecords, cases, mappaReferrals, meetingDisclosures, meetingItems } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { pdfStructTypes, pdfStructure, pdfTextLines, readDocx } from "../export-readers";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
let mappaId: string;
let itemId: string;
const MAPPA = "mappa@partnership.concord.test";
const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const POM = "pom@prison.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const dateParts = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "date-day": day!, "date-month": month!, "date-year": year! };
};
const PLAN = {
  supervision: "Weekly supervision appointments",
  monitoring_control: "Exclusion zone around the workplace",
  interventions_treatment: "Stalking perpetrator programme",
  victim_safety: "ISAC safety plan reviewed monthly",
};
const DISCLOSURE = {
  toWhom: "The victim's new employer",
  what: "That the offender is subject to an exclusion zone around the workplace",
  why: "To let the employer keep the victim safe at work",
  byWhom: "Police public protection unit",
};

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
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
    title: "MAPPA level 2",
    ...dateParts(inDays(3)),
    time: "14:00",
    chair: t.userId(MAPPA),
    invitees: [t.userId(POLICE), t.userId(PROBATION), t.userId(PSYCHOLOGIST), t.userId(POM)],
    agenda: [`mappa_referral:${referralId}`],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  mappaId = created.id;
  replyToInvitation(t.actorFor(PSYCHOLOGIST), mappaId, { response: "declined" });
  const chair = t.actorFor(MAPPA);
  acknowledgeConfidentiality(chair, mappaId);
  openMeeting(chair, mappaId);
  acknowledgeConfidentiality(chair, mappaId);
  acknowledgeConfidentiality(t.actorFor(POLICE), mappaId);
  acknowledgeConfidentiality(t.actorFor(PROBATION), mappaId);
  itemId = meetingView(chair, mappaId, { papers: false }).items[0]!.id;
});
afterAll(() => t.cleanup());

describe("MAPPA B minutes", () => {
  it("the chair confirms the level and category; bad input and other people are refused and change nothing", () => {
    const chair = t.actorFor(MAPPA);
    expect(confirmLevel(chair, mappaId, itemId, { level: "4", category: "x" })).toMatchObject({
      ok: false,
      errors: { level: expect.any(String), category: expect.any(String) },
    });
    expect(statusOf(() => confirmLevel(t.actorFor(POLICE), mappaId, itemId, { level: "2", category: "3" }))).toBe(403);
    expect(getDb().select().from(meetingItems).where(eq(meetingItems.id, itemId)).get()).toMatchObject({
      levelConfirmed: null,
      categoryConfirmed: null,
    });
    expect(confirmLevel(chair, mappaId, itemId, { level: "2", category: "3" })).toEqual({ ok: true });
    expect(getDb().select().from(meetingItems).where(eq(meetingItems.id, itemId)).get()).toMatchObject({
      levelConfirmed: 2,
      categoryConfirmed: 3,
    });
  });

  it("records disclosure decisions with to whom, what, why and by whom; incomplete ones are refused", () => {
    const chair = t.actorFor(MAPPA);
    expect(addDisclosure(chair, mappaId, itemId, { ...DISCLOSURE, why: " " })).toMatchObject({
      ok: false,
      errors: { why: expect.any(String) },
    });
    expect(getDb().select().from(meetingDisclosures).all()).toHaveLength(0);
    expect(addDisclosure(t.actorFor(POLICE), mappaId, itemId, DISCLOSURE)).toMatchObject({ ok: true });
    expect(getDb().select().from(meetingDisclosures).all()).toHaveLength(1);
    expect(t.auditRows().some((r) => r.action === "meeting.disclosure_add" && r.outcome === "done")).toBe(true);
    // Not an attendee: nothing.
    expect(statusOf(() => addDisclosure(t.actorFor(ADVOCATE), mappaId, itemId, DISCLOSURE))).toBe(404);
    // A clinic meeting records recommendations, not disclosures or levels.
  });

  it("signs off only with the level, category and the four-part plan; then the minutes carry the whole MAPPA B structure", async () => {
    const chair = t.actorFor(MAPPA);
    closeMeeting(chair, mappaId);
    const refused = finaliseMinutes(chair, mappaId);
    expect(refused.ok).toBe(false);
    saveItemPlan(chair, mappaId, itemId, PLAN);
    expect(finaliseMinutes(chair, mappaId)).toEqual({ ok: true });
    expect(
      shareMinutes(chair, mappaId, { toUserId: t.userId(SUPERVISOR), purpose: "Oversight of police actions" }),
    ).toEqual({ ok: true });

    const m = minutesRecord(t.actorFor(POLICE), mappaId);
    const byName = (list: { name: string }[]) => list.map((p) => p.name).sort();
    expect(byName(m.structure.present)).toEqual(["Dana Whitlock", "Felix Ambrose", "Lee Farrant"]);
    expect(byName(m.structure.apologies)).toEqual(["Dr Imogen Vale"]);
    expect(byName(m.structure.absent)).toEqual(["Owen Stroud"]);
    expect(m.structure.present.find((p) => p.name === "Lee Farrant")).toMatchObject({
      agency: "Northshire Probation Delivery Unit",
      role: "Probation practitioner",
    });
    expect(m.structure.distribution.map((d) => d.name)).toEqual(
      expect.arrayContaining(["Dana Whitlock", "Dr Imogen Vale", "Owen Stroud", "Priya Halden"]),
    );
    const item = m.items[0]!;
    expect(item.outcome).toMatchObject({
      levelConfirmed: 2,
      categoryConfirmed: 3,
      nextReview: { on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), text: "Level 2: reviewed every 56 days" },
    });
    expect(item.outcome.disclosures[0]).toMatchObject(DISCLOSURE);
    // The offender's name and identifiers for a reader who may see them (the officer in the case).
    expect(item.outcome.offender?.name).toBe("Kieran Voss");
    // The minutes record kept on the case carries the MAPPA B outcome too.
    const record = getDb()
      .select()
      .from(caseRecords)
      .where(and(eq(caseRecords.meetingId, mappaId), eq(caseRecords.kind, "meeting_minutes")))
      .get()!;
    expect(JSON.parse(record.body)).toMatchObject({
      levelConfirmed: 2,
      categoryConfirmed: 3,
      nextReviewOn: item.outcome.nextReview!.on,
      disclosures: [DISCLOSURE],
    });

    for (const format of ["docx", "pdf"] as const) {
      // The PDF as the download renders it, uncompressed so the test can read its text.
      const text =
        format === "docx"
          ? (await readDocx((await exportMinutes(t.actorFor(POLICE), mappaId, format)).body)).allText
          : pdfTextLines(await renderPdf(minutesDocument(t.actorFor(POLICE), mappaId, "pdf"), { compress: false }))
              .join(" ")
              .replace(/\s+/g, " ");
      for (const s of [
        "Present",
        "Apologies",
        "Absent",
        "Probation practitioner",
        "Level 2, category 3",
        "Supervision",
        "Monitoring and control",
        "Interventions and treatment",
        "Victim safety planning",
        PLAN.victim_safety,
        "Disclosure decisions",
        DISCLOSURE.toWhom,
        DISCLOSURE.byWhom,
        "Next review",
        "Distribution list",
        "Priya Halden",
        "Kieran Voss",
      ])
        expect(text, `${format}: ${s}`).toContain(s);
      expect(text).not.toContain(DEMO_SECRETS.victimAddress);
    }
    // A tagged, accessible PDF: the document's language, marked content, and headings in the structure tree.
    const { lang, marked, root } = pdfStructure(
      await renderPdf(minutesDocument(t.actorFor(POLICE), mappaId, "pdf"), { compress: false }),
    );
    expect(lang).toBe("en-GB");
    expect(marked).toBe(true);
    const types = pdfStructTypes(root);
    expect(types).toContain("H1");
    expect(types.filter((x) => x === "H2").length).toBeGreaterThanOrEqual(3);
  });
});

describe("clinic case review minutes", () => {
  it("record the clinic's recommendations and no MAPPA parts", async () => {
    const created = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Clinic review",
      ...dateParts(inDays(3)),
      time: "10:00",
      chair: t.userId(POLICE),
      invitees: [t.userId(ADVOCATE)],
    });
    if (!created.ok) throw new Error("not created");
    const id = created.id;
    const item = randomUUID();
    getDb()
      .insert(meetingItems)
      .values({
        id: item,
        meetingId: id,
        caseId,
        source: "review",
        position: 1,
        minutesAllowed: 20,
        priority: "urgent",
      })
      .run();
    const chair = t.actorFor(POLICE);
    acknowledgeConfidentiality(chair, id);
    openMeeting(chair, id);
    expect(confirmLevel(chair, id, item, { level: "2", category: "3" })).toMatchObject({
      ok: false,
      errors: { form: expect.stringMatching(/MAPPA/) },
    });
    expect(addDisclosure(chair, id, item, DISCLOSURE)).toMatchObject({
      ok: false,
      errors: { form: expect.stringMatching(/MAPPA/) },
    });
    expect(saveRecommendations(chair, id, item, { recommendations: "x".repeat(5000) })).toMatchObject({
      ok: false,
      errors: { recommendations: expect.any(String) },
    });
    expect(
      saveRecommendations(chair, id, item, { recommendations: "Refer to the stalking perpetrator programme" }),
    ).toEqual({ ok: true });
    closeMeeting(chair, id);
    expect(finaliseMinutes(chair, id)).toEqual({ ok: true });
    const doc = documentPlainText(minutesDocument(chair, id));
    expect(doc).toContain("Clinic recommendations");
    expect(doc).toContain("Refer to the stalking perpetrator programme");
    expect(doc).not.toMatch(/Disclosure decisions|Risk management plan|Level and category/);
    expect(doc).toContain("Distribution list");
    const record = getDb()
      .select()
      .from(caseRecords)
      .where(and(eq(caseRecords.meetingId, id), eq(caseRecords.kind, "meeting_minutes")))
      .get()!;
    expect(JSON.parse(record.body)).toMatchObject({ recommendations: "Refer to the stalking perpetrator programme" });
  });
});
