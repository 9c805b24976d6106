// The agenda pack (issue 15): once the coordinator publishes the agenda, each invitee opens and downloads their own
// papers, cut for them by the same code as at the meeting (papersFor), OFFICIAL-SENSITIVE on every page with the
// confidentiality statement, never the victim's contact details.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { documentPlainText } from "~/exports/document";
import { agendaPackDocument, exportAgendaPack, publishAgenda } from "~/services/agenda-pack.server";
import { acknowledgeConfidentiality, createMeeting, meetingView } from "~/services/meetings.server";
import { addAgendaItems, agendaCandidates } from "~/services/meeting-items.server";
import { findMeeting } from "~/services/meeting-access.server";
import { cases, clinicReferrals, meetings, notifications } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { pdfPageCount, pdfTextLines } from "../export-readers";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function meetingWithAgenda(): string {
  const [year, month, day] = inDays(4).split("-");
  const created = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Clinic review",
    "date-day": day!,
    "date-month": month!,
    "date-year": year!,
    time: "10:00",
    chair: t.userId(POLICE),
    invitees: [t.userId(ADVOCATE), t.userId(PROBATION)],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const at = new Date().toISOString();
  getDb()
    .insert(clinicReferrals)
    .values({
      id: randomUUID(),
      caseId,
      referrerUserId: t.userId(POLICE),
      referrerAgencyId: t.actorFor(POLICE).agencyId,
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
  const candidates = agendaCandidates(findMeeting(created.id)!).filter((c) => c.caseId === caseId);
  addAgendaItems(
    t.actorFor(CLINIC),
    created.id,
    candidates.map((c) => c.key),
  );
  return created.id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
});
afterAll(() => t.cleanup());

describe("agenda pack", () => {
  it("is not available until the coordinator publishes the agenda, which is audited and tells the invitees", () => {
    const id = meetingWithAgenda();
    acknowledgeConfidentiality(t.actorFor(PROBATION), id);
    expect(statusOf(() => agendaPackDocument(t.actorFor(PROBATION), id))).toBe(409);
    // Only the coordinator or chair publishes; an empty agenda is refused.
    expect(statusOf(() => publishAgenda(t.actorFor(PROBATION), id))).toBe(403);
    expect(publishAgenda(t.actorFor(CLINIC), id)).toEqual({ ok: true });
    expect(getDb().select().from(meetings).where(eq(meetings.id, id)).get()?.agendaPublishedAt).toEqual(
      expect.any(String),
    );
    expect(
      t.auditRows().some((r) => r.action === "meeting.agenda_publish" && r.subjectId === id && r.outcome === "done"),
    ).toBe(true);
    const told = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, t.userId(PROBATION)))
      .all()
      .filter((n) => n.kind === "agenda_published");
    expect(told.map((n) => n.href)).toContain(`/meetings/${id}/pack`);
    expect(told[0]!.text).not.toMatch(/NS-2026|Kieran/);
  });

  it("refuses to publish an empty agenda and changes nothing", () => {
    const [year, month, day] = inDays(4).split("-");
    const created = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Empty",
      "date-day": day!,
      "date-month": month!,
      "date-year": year!,
      time: "11:00",
      chair: t.userId(POLICE),
    });
    if (!created.ok) throw new Error("not created");
    expect(publishAgenda(t.actorFor(CLINIC), created.id)).toMatchObject({
      ok: false,
      errors: { form: expect.stringMatching(/agenda/) },
    });
    expect(getDb().select().from(meetings).where(eq(meetings.id, created.id)).get()?.agendaPublishedAt).toBeNull();
  });

  it("gives each invitee exactly the papers the meeting gives them, marked, with the statement, without victim contact", async () => {
    const id = meetingWithAgenda();
    publishAgenda(t.actorFor(CLINIC), id);
    for (const email of [POLICE, ADVOCATE, PROBATION]) {
      const actor = t.actorFor(email);
      acknowledgeConfidentiality(actor, id);
      const model = agendaPackDocument(actor, id);
      const text = documentPlainText(model);
      expect(model.marking).toBe("OFFICIAL-SENSITIVE");
      expect(model.confidentiality).toMatch(/confidential/);
      // The same cut as at the meeting: every paper the meeting shows this attendee is in their pack.
      const papers = meetingView(actor, id).items.find((i) => i.caseId === caseId)!.papers!;
      for (const r of [...papers.incidents, ...papers.notes, ...papers.orders, ...papers.breaches])
        expect(text).toContain(r.title);
      for (const r of papers.riskPicture) expect(text).toContain(r.instrument);
      expect(text).not.toContain(DEMO_SECRETS.victimAddress);
      expect(text).not.toContain(DEMO_SECRETS.victimPhone);
    }
    // Cut per reader: the police intelligence and the clinical formulation never reach probation.
    expect(documentPlainText(agendaPackDocument(t.actorFor(PROBATION), id))).not.toContain(DEMO_SECRETS.intelligence);
    expect(documentPlainText(agendaPackDocument(t.actorFor(PROBATION), id))).not.toContain(DEMO_SECRETS.clinicalDetail);

    const file = await exportAgendaPack(t.actorFor(PROBATION), id, { compress: false });
    expect(file.contentType).toBe("application/pdf");
    expect(file.filename).toMatch(/^concord-agenda-pack-clinic-[a-z0-9-]+\.pdf$/);
    const lines = pdfTextLines(file.body);
    const pages = pdfPageCount(file.body);
    expect(lines.filter((l) => l.includes("OFFICIAL-SENSITIVE")).length).toBeGreaterThanOrEqual(pages * 2);
    expect(lines.join("\n")).toContain(WORKED_CASE_REFERENCE);
    expect(lines.join("\n")).not.toContain(DEMO_SECRETS.victimAddress);
    expect(
      t.auditRows().some((r) => r.action === "meeting.pack_export" && r.subjectId === id && r.outcome === "done"),
    ).toBe(true);
  });

  it("refuses someone not invited (404) and an invitee who has not acknowledged the statement (403)", () => {
    const id = meetingWithAgenda();
    publishAgenda(t.actorFor(CLINIC), id);
    expect(statusOf(() => agendaPackDocument(t.actorFor(OUTSIDER), id))).toBe(404);
    expect(statusOf(() => agendaPackDocument(t.actorFor(ADVOCATE), id))).toBe(403);
  });
});
