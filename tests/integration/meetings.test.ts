import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/access/actor.server";
import { getDb } from "~/db.server";
import { MINUTES_BY_PRIORITY } from "~/domain/agenda";
import { londonDate } from "~/domain/limitation-deadline";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { caseOverview } from "~/services/cases.server";
import {
  actionsForHome,
  addAgendaItems,
  agendaCandidates,
  editAgenda,
  saveItemPlan,
} from "~/services/meeting-items.server";
import { findMeeting } from "~/services/meeting-access.server";
import { confirmLevel } from "~/services/meeting-outcomes.server";
import { mappaReferralDetail } from "~/services/mappa-referrals.server";
import { casesDueForReview } from "~/services/referral-agenda.server";
import {
  acknowledgeConfidentiality,
  addAction,
  addDecision,
  advanceMeeting,
  closeMeeting,
  completeAction,
  createMeeting,
  finaliseMinutes,
  inviteMember,
  listMeetings,
  meetingView,
  minutesRecord,
  openMeeting,
  removeInvitee,
  saveItemMinutes,
  shareMinutes,
} from "~/services/meetings.server";
import {
  agencies,
  caseRecords,
  cases,
  clinicReferrals,
  mappaReferrals,
  meetingActions,
  meetingMinutesVersions,
} from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
let secondCaseId: string;

const CLINIC = "clinic@partnership.concord.test";
const MAPPA = "mappa@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";

const date = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "date-day": day!, "date-month": month!, "date-year": year! };
};
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function acceptedClinicReferral(onCase: string, priority: "urgent" | "soon" | "routine", createdAt: string): string {
  const id = randomUUID();
  getDb()
    .insert(clinicReferrals)
    .values({
      id,
      caseId: onCase,
      referrerUserId: t.userId(POLICE),
      referrerAgencyId: t.actorFor(POLICE).agencyId,
      reason: "Escalating contact",
      currentRisk: "high",
      ask: "Review risk",
      status: "accepted",
      priority,
      decidedBy: t.userId(CLINIC),
      decidedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    })
    .run();
  return id;
}

function clinicMeeting(extra: Record<string, string | string[]> = {}) {
  const result = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Stalking clinic case review",
    ...date(inDays(3)),
    time: "10:00",
    chair: t.userId(POLICE),
    invitees: [t.userId(ADVOCATE), t.userId(PROBATION), t.userId(PSYCHOLOGIST)],
    statement: "",
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
  secondCaseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00002")).get()!.id;
  const police = t.actorFor(POLICE);
  // An incident on the worked case, so the papers have something in each list.
  getDb().transaction((tx) => {
    insertCaseRecord(tx, {
      caseId,
      kind: "incident",
      category: "case_core",
      ownerAgencyId: police.agencyId,
      authorUserId: police.userId,
      title: "Turned up at workplace",
      summary: "Seen in the car park at 8am",
      body: { text: "Waited by her car for 20 minutes." },
    });
  });
});
afterAll(() => t.cleanup());

describe("creating a meeting", () => {
  it("only a coordinator of the kind may create, with the chair always invited and a default statement", () => {
    expect(statusOf(() => createMeeting(t.actorFor(POLICE), { kind: "clinic_review" }))).toBe(404);
    const refused = createMeeting(t.actorFor(CLINIC), {
      kind: "mappa_level2",
      title: "x",
      ...date(inDays(3)),
      time: "10:00",
      chair: t.userId(POLICE),
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.kind).toMatch(/you arrange/);

    const id = clinicMeeting({ invitees: [] });
    const view = meetingView(t.actorFor(POLICE), id);
    expect(view.meeting.chairUserId).toBe(t.userId(POLICE));
    expect(view.invitees.map((i) => i.userId)).toContain(t.userId(POLICE));
    expect(view.meeting.confidentialityStatement).toMatch(/OFFICIAL-SENSITIVE/);
    expect(t.auditRows().some((r) => r.action === "meeting.create" && r.subjectId === id)).toBe(true);
  });

  it("returns field errors for bad input and creates nothing", () => {
    const before = listMeetings(t.actorFor(CLINIC)).length;
    const bad = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "",
      "date-day": "31",
      "date-month": "2",
      "date-year": "2026",
      time: "25:99",
      chair: "nobody",
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors)).toEqual(expect.arrayContaining(["title", "date", "time"]));
    expect(listMeetings(t.actorFor(CLINIC)).length).toBe(before);
  });

  it("arranges meetings for today or later; a past meeting only when recorded as already held, and not in the future", () => {
    const before = listMeetings(t.actorFor(CLINIC)).length;
    const past = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Back-dated",
      "date-day": "1",
      "date-month": "1",
      "date-year": "2020",
      time: "10:00",
      chair: t.userId(POLICE),
    });
    expect(past).toMatchObject({ ok: false, errors: { date: expect.stringMatching(/today or in the future/) } });
    const heldLater = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Not yet held",
      ...date(inDays(3)),
      held: "yes",
      time: "10:00",
      chair: t.userId(POLICE),
    });
    expect(heldLater).toMatchObject({
      ok: false,
      errors: { date: expect.stringMatching(/already taken place must be today or in the past/) },
    });
    expect(listMeetings(t.actorFor(CLINIC)).length).toBe(before);
    const recorded = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "Held last week",
      ...date(inDays(-7)),
      held: "yes",
      time: "10:00",
      chair: t.userId(POLICE),
    });
    expect(recorded.ok).toBe(true);
  });
});

describe("invitations", () => {
  it("an invitee joins; a removed member is refused at once; the chair cannot be removed", () => {
    const id = clinicMeeting();
    expect(statusOf(() => meetingView(t.actorFor(OUTSIDER), id))).toBe(404);
    expect(inviteMember(t.actorFor(CLINIC), id, t.userId(OUTSIDER))).toEqual({ ok: true });
    const outsider = t.actorFor(OUTSIDER);
    expect(meetingView(outsider, id).meeting.id).toBe(id);
    expect(removeInvitee(t.actorFor(POLICE), id, t.userId(OUTSIDER))).toEqual({ ok: true });
    // The same actor object, built before the removal: the meeting reads membership itself.
    expect(statusOf(() => meetingView(outsider, id))).toBe(404);
    expect(loadActor(t.userId(OUTSIDER), "s")!.meetingIds).not.toContain(id);
    expect(removeInvitee(t.actorFor(CLINIC), id, t.userId(POLICE)).ok).toBe(false);
    expect(statusOf(() => removeInvitee(t.actorFor(ADVOCATE), id, t.userId(PROBATION)))).toBe(403);
    const rows = t.auditRows();
    expect(rows.some((r) => r.action === "meeting.remove_invitee" && r.outcome === "done")).toBe(true);
    expect(
      rows.some((r) => r.action === "meeting.view" && r.outcome === "denied" && r.actorUserId === t.userId(OUTSIDER)),
    ).toBe(true);
  });
});

describe("the agenda", () => {
  it("is built from accepted referrals, urgent first then oldest, with time by priority, and editable", () => {
    const routineOld = acceptedClinicReferral(caseId, "routine", "2026-01-01T09:00:00.000Z");
    const urgent = acceptedClinicReferral(secondCaseId, "urgent", "2026-02-01T09:00:00.000Z");
    const id = clinicMeeting();
    const m = findMeeting(id)!;
    const candidates = agendaCandidates(m);
    expect(candidates.map((c) => c.sourceId)).toEqual(expect.arrayContaining([routineOld, urgent]));
    expect(
      statusOf(() =>
        addAgendaItems(
          t.actorFor(ADVOCATE),
          id,
          candidates.map((c) => c.key),
        ),
      ),
    ).toBe(403);
    expect(addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${routineOld}`, `clinic_referral:${urgent}`])).toBe(
      2,
    );
    let items = meetingView(t.actorFor(CLINIC), id, { papers: false }).items;
    expect(items.map((i) => [i.caseId, i.priority, i.minutesAllowed])).toEqual([
      [secondCaseId, "urgent", MINUTES_BY_PRIORITY.urgent],
      [caseId, "routine", MINUTES_BY_PRIORITY.routine],
    ]);
    // Accepted referrals on an agenda are no longer candidates.
    expect(agendaCandidates(m).some((c) => c.sourceId === urgent)).toBe(false);

    expect(
      editAgenda(t.actorFor(CLINIC), id, { intent: "agenda-move", itemId: items[1]!.id, direction: "up" }),
    ).toEqual({ ok: true });
    expect(
      editAgenda(t.actorFor(CLINIC), id, { intent: "agenda-time", itemId: items[1]!.id, minutesAllowed: "25" }),
    ).toEqual({ ok: true });
    const bad = editAgenda(t.actorFor(CLINIC), id, {
      intent: "agenda-time",
      itemId: items[1]!.id,
      minutesAllowed: "0",
    });
    expect(bad.ok).toBe(false);
    items = meetingView(t.actorFor(CLINIC), id, { papers: false }).items;
    expect(items.map((i) => [i.caseId, i.position, i.minutesAllowed])).toEqual([
      [caseId, 1, 25],
      [secondCaseId, 2, 20],
    ]);
    expect(editAgenda(t.actorFor(CLINIC), id, { intent: "agenda-remove", itemId: items[1]!.id })).toEqual({ ok: true });
    expect(meetingView(t.actorFor(CLINIC), id, { papers: false }).items.map((i) => i.position)).toEqual([1]);
  });
});

describe("papers and confidentiality", () => {
  let id: string;
  beforeAll(() => {
    const ref = acceptedClinicReferral(caseId, "soon", "2026-01-05T09:00:00.000Z");
    id = clinicMeeting();
    addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${ref}`]);
  });

  it("shows no papers or minutes until the attendee acknowledges the statement", () => {
    const before = meetingView(t.actorFor(PROBATION), id);
    expect(before.me.acknowledgedAt).toBeNull();
    expect(before.items[0]!.papers).toBeNull();
    expect(before.items[0]!.minutes).toBeNull();
    acknowledgeConfidentiality(t.actorFor(PROBATION), id);
    const after = meetingView(t.actorFor(PROBATION), id);
    expect(after.me.acknowledgedAt).not.toBeNull();
    expect(after.items[0]!.papers).not.toBeNull();
  });

  it("begin with the referral itself (reason, current risk, what the clinic is asked), and no line repeats itself", () => {
    acknowledgeConfidentiality(t.actorFor(ADVOCATE), id);
    const police = t.actorFor(POLICE);
    // As the incidents service words them: the summary begins with the title.
    getDb().transaction((tx) => {
      insertCaseRecord(tx, {
        caseId,
        kind: "incident",
        category: "case_core",
        ownerAgencyId: police.agencyId,
        authorUserId: police.userId,
        title: "Loitering on 31 May 2026",
        summary: "Loitering on 31 May 2026 at 7:50am, reported by the victim",
        body: { text: "Outside her house." },
      });
    });
    const papers = meetingView(t.actorFor(ADVOCATE), id).items[0]!.papers!;
    expect(papers.referral).toMatchObject({
      kind: "clinic",
      reason: "Escalating contact",
      currentRisk: "High",
      ask: "Review risk",
      from: "Northshire Police",
    });
    const lines = [...papers.incidents, ...papers.orders, ...papers.breaches, ...papers.notes];
    expect(papers.incidents.find((i) => i.title === "Loitering on 31 May 2026")?.line).toBe(
      "Loitering on 31 May 2026 at 7:50am, reported by the victim",
    );
    // "Loitering on 31 May 2026: Loitering on 31 May 2026 at 7:50am" said the date and behaviour twice.
    for (const r of lines) expect(r.line.split(r.title).length - 1, r.line).toBeLessThanOrEqual(1);
    expect(papers.incidents.find((i) => i.title === "Turned up at workplace")?.line).toBe(
      "Turned up at workplace: Seen in the car park at 8am",
    );
  });

  it("assembles papers per attendee through the gate, never with victim contact", () => {
    for (const email of [POLICE, ADVOCATE, PSYCHOLOGIST]) acknowledgeConfidentiality(t.actorFor(email), id);
    const papersOf = (email: string) => meetingView(t.actorFor(email), id).items[0]!.papers!;
    const police = papersOf(POLICE);
    const probation = papersOf(PROBATION);
    const psychologist = papersOf(PSYCHOLOGIST);
    expect(police.incidents.map((i) => i.title)).toContain("Turned up at workplace");
    // The clinical formulation: the psychologist's own agency reads it in full, probation at most a summary.
    const clinical = (p: typeof police) => p.notes.find((n) => n.title === "Clinical formulation");
    expect(clinical(psychologist)?.level).toBe("full");
    expect(clinical(probation)?.level ?? "none").not.toBe("full");
    expect(JSON.stringify(probation)).not.toContain(DEMO_SECRETS.clinicalDetail);
    expect(JSON.stringify(psychologist)).not.toEqual(JSON.stringify(probation));
    // The police case team reads the victim's contact details for case work: the meeting purpose is what screens them.
    expect(JSON.stringify(caseOverview(t.actorFor(POLICE), caseId))).toContain("Safe contact details");
    for (const email of [POLICE, ADVOCATE, PROBATION, PSYCHOLOGIST]) {
      const whole = JSON.stringify(meetingView(t.actorFor(email), id));
      expect(whole).not.toContain(DEMO_SECRETS.victimAddress);
      expect(whole).not.toContain(DEMO_SECRETS.victimPhone);
      expect(whole).not.toContain("Safe contact details");
    }
    expect(t.auditRows().some((r) => r.action === "meeting.papers_view" && r.actorUserId === t.userId(PROBATION))).toBe(
      true,
    );
  });
});

describe("running the meeting", () => {
  let id: string;
  let itemId: string;
  beforeAll(() => {
    const ref = acceptedClinicReferral(secondCaseId, "urgent", "2026-01-07T09:00:00.000Z");
    id = clinicMeeting();
    addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${ref}`]);
    for (const email of [POLICE, ADVOCATE, PROBATION]) acknowledgeConfidentiality(t.actorFor(email), id);
    itemId = meetingView(t.actorFor(POLICE), id).items[0]!.id;
  });

  it("only the chair opens, moves and closes; items of another meeting are refused", () => {
    expect(statusOf(() => openMeeting(t.actorFor(ADVOCATE), id))).toBe(403);
    expect(openMeeting(t.actorFor(POLICE), id)).toEqual({ status: "open", currentItemId: itemId });
    expect(statusOf(() => advanceMeeting(t.actorFor(POLICE), id, "another-item"))).toBe(404);
    expect(advanceMeeting(t.actorFor(POLICE), id, itemId)).toEqual({ currentItemId: itemId });
    // Acknowledging while open records attendance.
    acknowledgeConfidentiality(t.actorFor(PSYCHOLOGIST), id);
    expect(
      meetingView(t.actorFor(POLICE), id, { papers: false }).invitees.find((i) => i.userId === t.userId(PSYCHOLOGIST))
        ?.attendance,
    ).toBe("present");
  });

  it("merges concurrent minutes and surfaces overlapping edits as a conflict", () => {
    const first = saveItemMinutes(t.actorFor(POLICE), id, itemId, {
      text: "Risk discussed.\nSPO options.",
      baseVersion: 0,
    });
    expect(first).toEqual({ ok: true, version: 1, text: "Risk discussed.\nSPO options.", merged: false });
    // Two people edit version 1 at once, on different lines: both edits survive.
    const a = saveItemMinutes(t.actorFor(ADVOCATE), id, itemId, {
      text: "Risk discussed: high.\nSPO options.",
      baseVersion: 1,
    });
    const b = saveItemMinutes(t.actorFor(PROBATION), id, itemId, {
      text: "Risk discussed.\nSPO options: apply.",
      baseVersion: 1,
    });
    expect(a).toMatchObject({ ok: true, version: 2, merged: false });
    expect(b).toEqual({ ok: true, version: 3, text: "Risk discussed: high.\nSPO options: apply.", merged: true });
    // Overlapping: the same line changed from version 3 by two people.
    saveItemMinutes(t.actorFor(POLICE), id, itemId, {
      text: "Risk discussed: very high.\nSPO options: apply.",
      baseVersion: 3,
    });
    const clash = saveItemMinutes(t.actorFor(ADVOCATE), id, itemId, {
      text: "Risk discussed: medium.\nSPO options: apply.",
      baseVersion: 3,
    });
    expect(clash).toEqual({
      ok: false,
      conflict: {
        version: 4,
        theirs: "Risk discussed: very high.\nSPO options: apply.",
        yours: "Risk discussed: medium.\nSPO options: apply.",
      },
    });
    expect(meetingView(t.actorFor(POLICE), id).items[0]!.minutes).toBe(
      "Risk discussed: very high.\nSPO options: apply.",
    );
    expect(
      getDb()
        .select()
        .from(meetingMinutesVersions)
        .where(eq(meetingMinutesVersions.itemId, itemId))
        .all()
        .map((v) => v.version),
    ).toEqual([1, 2, 3, 4]);
    // Bad input changes nothing.
    expect(saveItemMinutes(t.actorFor(POLICE), id, itemId, { text: "x".repeat(20_001), baseVersion: 4 })).toMatchObject(
      { ok: false, errors: { text: expect.any(String) } },
    );
    expect(saveItemMinutes(t.actorFor(POLICE), id, itemId, { text: "x", baseVersion: 99 })).toMatchObject({
      ok: false,
      errors: { baseVersion: expect.any(String) },
    });
    expect(saveItemMinutes(t.actorFor(POLICE), id, itemId, { text: 5, baseVersion: "x" })).toMatchObject({ ok: false });
    expect(statusOf(() => saveItemMinutes(t.actorFor(OUTSIDER), id, itemId, { text: "x", baseVersion: 4 }))).toBe(404);
  });

  it("records decisions, and actions only with an owner and due date", () => {
    expect(
      addDecision(t.actorFor(POLICE), id, itemId, { text: "Apply for a stalking protection order" }),
    ).toMatchObject({ ok: true });
    expect(addDecision(t.actorFor(POLICE), id, itemId, { text: "  " })).toMatchObject({
      ok: false,
      errors: { text: "Enter the decision" },
    });
    const noOwner = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Update victim",
      owner: "",
      "due-day": "1",
      "due-month": "1",
      "due-year": "2030",
    });
    expect(noOwner).toMatchObject({ ok: false, errors: { owner: "Choose who owns the action" } });
    const badOwner = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Update victim",
      owner: "user:nobody",
      "due-day": "1",
      "due-month": "1",
      "due-year": "2030",
    });
    expect(badOwner.ok).toBe(false);
    const noDue = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Update victim",
      owner: `user:${t.userId(ADVOCATE)}`,
    });
    expect(noDue).toMatchObject({ ok: false, errors: { due: expect.any(String) } });
    // Due before the meeting: refused, naming the meeting's day; nothing recorded.
    const early = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Update victim on outcome",
      owner: `user:${t.userId(ADVOCATE)}`,
      "due-day": "1",
      "due-month": "1",
      "due-year": "2020",
    });
    expect(early).toMatchObject({
      ok: false,
      errors: {
        due: expect.stringMatching(/^The due date must be on or after the day of the meeting, \d{1,2} \w+ \d{4}$/),
      },
    });
    expect(actionsForHome(t.actorFor(ADVOCATE)).map((a) => a.text)).not.toContain("Update victim on outcome");
    const meetingDay = londonDate(findMeeting(id)!.startsAt);
    const mine = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Update victim on outcome",
      owner: `user:${t.userId(ADVOCATE)}`,
      ...Object.fromEntries(Object.entries(date(meetingDay)).map(([k, v]) => [k.replace("date", "due"), v])),
    });
    expect(mine).toMatchObject({ ok: true, row: { owner: expect.stringContaining("Jess Marlowe"), overdue: false } });
    // Weeks later the action is still open: overdue (the due date moved back stands for the clock moving on).
    getDb()
      .update(meetingActions)
      .set({ dueOn: "2020-01-01" })
      .where(eq(meetingActions.text, "Update victim on outcome"))
      .run();
    const probationAgency = getDb()
      .select({ id: agencies.id })
      .from(agencies)
      .where(eq(agencies.id, t.actorFor(PROBATION).agencyId))
      .get()!.id;
    expect(
      addAction(t.actorFor(POLICE), id, itemId, {
        text: "Check licence conditions",
        owner: `agency:${probationAgency}`,
        "due-day": "1",
        "due-month": "1",
        "due-year": "2030",
      }),
    ).toMatchObject({ ok: true });

    expect(actionsForHome(t.actorFor(ADVOCATE)).find((a) => a.text === "Update victim on outcome")).toMatchObject({
      overdue: true,
    });
    expect(actionsForHome(t.actorFor("spo@probation.concord.test")).map((a) => a.text)).toContain(
      "Check licence conditions",
    );
    expect(actionsForHome(t.actorFor(PROBATION)).map((a) => a.text)).not.toContain("Check licence conditions");
    if (!mine.ok) throw new Error("no action");
    expect(statusOf(() => completeAction(t.actorFor(PROBATION), id, mine.row.id, { note: "Told her" }))).toBe(404);
    expect(completeAction(t.actorFor(ADVOCATE), id, mine.row.id, { note: "Told her the outcome by phone" })).toEqual({
      ok: true,
    });
    expect(actionsForHome(t.actorFor(ADVOCATE)).map((a) => a.text)).not.toContain("Update victim on outcome");
  });

  it("closes, is finalised by the chair and becomes a minutes record; sharing needs the chair", () => {
    expect(statusOf(() => closeMeeting(t.actorFor(ADVOCATE), id))).toBe(403);
    expect(closeMeeting(t.actorFor(POLICE), id)).toEqual({ status: "closed" });
    expect(statusOf(() => finaliseMinutes(t.actorFor(ADVOCATE), id))).toBe(403);
    expect(finaliseMinutes(t.actorFor(POLICE), id)).toEqual({ ok: true });
    expect(statusOf(() => saveItemMinutes(t.actorFor(POLICE), id, itemId, { text: "late", baseVersion: 4 }))).toBe(403);
    const records = getDb().select().from(caseRecords).where(eq(caseRecords.meetingId, id)).all();
    expect(records).toHaveLength(1);
    expect(records[0]!.category).toBe("meeting_minutes");

    expect(statusOf(() => minutesRecord(t.actorFor(OUTSIDER), id))).toBe(404);
    expect(
      statusOf(() =>
        shareMinutes(t.actorFor(ADVOCATE), id, { toUserId: t.userId(OUTSIDER), purpose: "Charging decision" }),
      ),
    ).toBe(403);
    expect(shareMinutes(t.actorFor(POLICE), id, { toUserId: t.userId(OUTSIDER), purpose: "" })).toMatchObject({
      ok: false,
      errors: { purpose: expect.any(String) },
    });
    expect(
      shareMinutes(t.actorFor(POLICE), id, { toUserId: t.userId(OUTSIDER), purpose: "Charging decision" }),
    ).toEqual({ ok: true });
    const shared = minutesRecord(t.actorFor(OUTSIDER), id);
    expect(shared.items[0]!.minutes).toContain("very high");
    // A share gives the minutes, not a seat at the meeting.
    expect(statusOf(() => meetingView(t.actorFor(OUTSIDER), id))).toBe(404);
    expect(
      t
        .auditRows()
        .some(
          (r) => r.action === "meeting.minutes_view" && r.actorUserId === t.userId(OUTSIDER) && r.outcome === "allowed",
        ),
    ).toBe(true);
  });
});

describe("malformed input", () => {
  it("is refused without a crash: ids that are not strings, payloads that are not forms", () => {
    const id = clinicMeeting();
    const police = t.actorFor(POLICE);
    acknowledgeConfidentiality(police, id);
    openMeeting(police, id);
    expect(statusOf(() => meetingView(police, { id } as never))).toBe(404);
    expect(statusOf(() => meetingView(police, "x".repeat(10_000)))).toBe(404);
    expect(statusOf(() => advanceMeeting(police, id, { $ne: "" } as never))).toBe(404);
    expect(statusOf(() => saveItemMinutes(police, id, ["a"] as never, { text: "x", baseVersion: 0 }))).toBe(404);
    expect(statusOf(() => completeAction(police, id, 42 as never, { note: "x" }))).toBe(404);
    expect(removeInvitee(police, id, null as never).ok).toBe(false);
  });
});

describe("MAPPA meetings", () => {
  /** A MAPPA referral of the case, accepted at level 2 and waiting for a meeting. */
  function acceptedLevel2Referral(): string {
    const id = randomUUID();
    const now = new Date().toISOString();
    getDb()
      .insert(mappaReferrals)
      .values({
        id,
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
    return id;
  }

  it("need the MAPPA B risk management plan for every item before sign-off", () => {
    const referralId = acceptedLevel2Referral();
    const created = createMeeting(t.actorFor(MAPPA), {
      kind: "mappa_level2",
      title: "MAPPA level 2",
      ...date(inDays(5)),
      time: "14:00",
      chair: t.userId(MAPPA),
      invitees: [t.userId(PROBATION), t.userId(POLICE)],
      agenda: [`mappa_referral:${referralId}`],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const id = created.id;
    const mappa = t.actorFor(MAPPA);
    expect(meetingView(mappa, id).meeting.confidentialityStatement).toMatch(/Article 8\(2\)/);
    acknowledgeConfidentiality(mappa, id);
    openMeeting(mappa, id);
    const itemId = meetingView(mappa, id).items[0]!.id;
    closeMeeting(mappa, id);
    const refused = finaliseMinutes(mappa, id);
    expect(refused.ok).toBe(false);
    expect(
      saveItemPlan(mappa, id, itemId, {
        supervision: "Weekly",
        monitoring_control: "Exclusion zone",
        interventions_treatment: "Stalking intervention programme",
        victim_safety: "ISAC safety plan",
      }),
    ).toMatchObject({ ok: true });
    // MAPPA B: the level and category confirmed are needed too.
    expect(finaliseMinutes(mappa, id)).toMatchObject({
      ok: false,
      errors: { [`level-${itemId}`]: expect.stringMatching(/level and category/) },
    });
    expect(confirmLevel(mappa, id, itemId, { level: "2", category: "3" })).toEqual({ ok: true });
    expect(finaliseMinutes(mappa, id)).toEqual({ ok: true });
    expect(minutesRecord(mappa, id).items[0]!.plan).toMatchObject({
      supervision: "Weekly",
      victim_safety: "ISAC safety plan",
    });
    expect(
      getDb()
        .select({ next: mappaReferrals.nextReviewOn })
        .from(mappaReferrals)
        .where(eq(mappaReferrals.id, referralId))
        .get()!.next,
    ).not.toBeNull();
  });

  it("level 1 confirmed: the referral is managed at level 1 by the lead agency and leaves the level 2 and 3 review cycle", () => {
    const referralId = acceptedLevel2Referral();
    const created = createMeeting(t.actorFor(MAPPA), {
      kind: "mappa_level2",
      title: "MAPPA level 1 outcome",
      ...date(inDays(5)),
      time: "15:00",
      chair: t.userId(MAPPA),
      invitees: [t.userId(PROBATION)],
      agenda: [`mappa_referral:${referralId}`],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const mappa = t.actorFor(MAPPA);
    acknowledgeConfidentiality(mappa, created.id);
    openMeeting(mappa, created.id);
    const itemId = meetingView(mappa, created.id).items[0]!.id;
    expect(
      saveItemPlan(mappa, created.id, itemId, {
        supervision: "Ordinary supervision",
        monitoring_control: "Licence conditions",
        interventions_treatment: "None further",
        victim_safety: "ISAC safety plan",
      }),
    ).toMatchObject({ ok: true });
    expect(confirmLevel(mappa, created.id, itemId, { level: "1", category: "3" })).toEqual({ ok: true });
    closeMeeting(mappa, created.id);
    expect(finaliseMinutes(mappa, created.id)).toEqual({ ok: true });
    expect(getDb().select().from(mappaReferrals).where(eq(mappaReferrals.id, referralId)).get()).toMatchObject({
      status: "accepted",
      levelDecided: 1,
      nextReviewOn: null,
    });
    expect(mappaReferralDetail(mappa, referralId).referral.statusLabel).toBe("Managed at level 1 by the lead agency");
    // Never due for a MAPPA review again, however far ahead one looks, and not waiting for a meeting either.
    const partnershipId = getDb()
      .select({ p: agencies.partnershipId })
      .from(agencies)
      .where(eq(agencies.id, mappa.agencyId))
      .get()!.p!;
    expect(casesDueForReview("mappa", partnershipId, "2099-12-31").map((c) => c.sourceId)).not.toContain(referralId);
    expect(agendaCandidates(findMeeting(created.id)!).map((c) => c.sourceId)).not.toContain(referralId);
  });
});
