// Issue 23, leak 3: only people who work on cases take part in meetings (decision 0024). The probe had the clinic
// coordinator invite the auditor and the performance lead, who then saw "Item 1: NS-2026-00003" on the meeting
// page, the item page, the minutes and the meeting:state frame. Real services, a real SQLite file, a real socket.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { MEETING_EVENTS } from "~/realtime/meeting-events";
import { actionsForHome, addAgendaItems, ownerChoices } from "~/services/meeting-items.server";
import { findMeeting } from "~/services/meeting-access.server";
import {
  acknowledgeConfidentiality,
  addAction,
  createMeeting,
  finaliseMinutes,
  inviteMember,
  meetingView,
  minutesRecord,
  newMeetingPage,
  shareMinutes,
  closeMeeting,
  openMeeting,
} from "~/services/meetings.server";
import { startSession } from "~/services/sessions.server";
import { cases, clinicReferrals, meetingActions, meetingInvitees, meetingItems } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const CHAIR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const NOT_CASE_WORKING = [
  "auditor@partnership.concord.test",
  "performance@partnership.concord.test",
  "admin@police.concord.test",
  "sysadmin@partnership.concord.test",
];

let t: TestDb;
let realtime: RealtimeServer;
let caseId: string;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const date = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "date-day": day!, "date-month": month!, "date-year": year! };
};

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

/** A clinic meeting chaired by the investigator with the worked case on its agenda (a new accepted referral each time). */
function meeting(): string {
  const at = new Date().toISOString();
  const referralId = randomUUID();
  getDb()
    .insert(clinicReferrals)
    .values({
      id: referralId,
      caseId,
      referrerUserId: t.userId(CHAIR),
      referrerAgencyId: t.actorFor(CHAIR).agencyId,
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
  const result = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Stalking clinic case review",
    ...date(inDays(3)),
    time: "10:00",
    chair: t.userId(CHAIR),
    invitees: [t.userId(ADVOCATE)],
    statement: "",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const m = findMeeting(result.id)!;
  expect(addAgendaItems(t.actorFor(CLINIC), result.id, [`clinic_referral:${referralId}`])).toBe(1);
  expect(getDb().select().from(meetingItems).where(eq(meetingItems.meetingId, m.id)).all()).toHaveLength(1);
  return result.id;
}

function inviteeCount(meetingId: string): number {
  return getDb().select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId)).all().length;
}

describe("who may be invited", () => {
  it("people who do not work on cases are not offered as chair, invitee, action owner or minutes recipient", () => {
    const offered = newMeetingPage(t.actorFor(CLINIC)).people.map((p) => p.id);
    expect(offered).toContain(t.userId(ADVOCATE));
    const owners = ownerChoices(findMeeting(meeting())!).map((o) => o.value);
    for (const email of NOT_CASE_WORKING) {
      expect(offered, email).not.toContain(t.userId(email));
      expect(owners, email).not.toContain(`user:${t.userId(email)}`);
    }
  });

  it("a forged form inviting them (at creation or later), as chair or owner of an action, is refused and changes nothing", () => {
    const refused = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "x",
      ...date(inDays(3)),
      time: "10:00",
      chair: t.userId(CHAIR),
      invitees: [t.userId(NOT_CASE_WORKING[0]!)],
    });
    expect(refused).toMatchObject({ ok: false, errors: { invitees: "Choose invited members from the list" } });
    const asChair = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "x",
      ...date(inDays(3)),
      time: "10:00",
      chair: t.userId(NOT_CASE_WORKING[1]!),
    });
    expect(asChair).toMatchObject({ ok: false, errors: { chair: "Choose the chair" } });
    const id = meeting();
    const before = inviteeCount(id);
    for (const email of NOT_CASE_WORKING)
      expect(inviteMember(t.actorFor(CLINIC), id, t.userId(email))).toMatchObject({
        ok: false,
        errors: { userId: "Choose a person to invite" },
      });
    expect(inviteeCount(id)).toBe(before);

    acknowledgeConfidentiality(t.actorFor(CHAIR), id);
    openMeeting(t.actorFor(CHAIR), id);
    const item = getDb().select({ id: meetingItems.id }).from(meetingItems).where(eq(meetingItems.meetingId, id)).get()!
      .id;
    const actions = getDb().select().from(meetingActions).all().length;
    const action = addAction(t.actorFor(CHAIR), id, item, {
      text: "Check the order",
      owner: `user:${t.userId(NOT_CASE_WORKING[1]!)}`,
      ...Object.fromEntries(Object.entries(date(inDays(10))).map(([k, v]) => [k.replace("date", "due"), v])),
    });
    expect(action).toMatchObject({ ok: false, errors: { owner: "Choose who owns the action" } });
    expect(getDb().select().from(meetingActions).all()).toHaveLength(actions);
  });
});

describe("an invitation made before the rule gives nothing", () => {
  it("the meeting, its items, its minutes and the live meeting are a 404 for them, audited, and they own no actions on their home page", async () => {
    const id = meeting();
    // As the old code allowed: the auditor and the performance lead on the invitation list, acknowledged.
    const at = new Date().toISOString();
    for (const email of NOT_CASE_WORKING.slice(0, 2))
      getDb()
        .insert(meetingInvitees)
        .values({
          meetingId: id,
          userId: t.userId(email),
          invitedBy: t.userId(CLINIC),
          invitedAt: at,
          acknowledgedAt: at,
        })
        .run();

    for (const email of NOT_CASE_WORKING.slice(0, 2)) {
      const actor = t.actorFor(email);
      const before = t.auditRows().length;
      expect(
        statusOf(() => meetingView(actor, id)),
        email,
      ).toBe(404);
      expect(
        statusOf(() => meetingView(actor, id, { papers: { itemId: "x" } })),
        email,
      ).toBe(404);
      expect(
        statusOf(() => minutesRecord(actor, id)),
        email,
      ).toBe(404);
      const denials = t.auditRows().slice(before);
      expect(denials.map((d) => d.outcome)).toEqual(["denied", "denied", "denied"]);
      expect(denials.every((d) => JSON.parse(d.detail!).reason === "not_case_working")).toBe(true);
      expect(actionsForHome(actor)).toEqual([]);
    }

    // The live meeting: joining is refused and no frame names the case.
    const cookie = (await startSession(t.userId(NOT_CASE_WORKING[0]!), { mfaVerified: true, device: "test" })).split(
      ";",
    )[0]!;
    const socket: Socket = connect(realtime.url, {
      extraHeaders: { origin: realtime.url, cookie },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    const frames: string[] = [];
    socket.onAny((event, ...args) => frames.push(JSON.stringify([event, ...args])));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const refused = new Promise<unknown>((resolve) => socket.once(MEETING_EVENTS.error, resolve));
    socket.emit(MEETING_EVENTS.join, { meetingId: id });
    expect(await refused).toMatchObject({ event: MEETING_EVENTS.join, code: "not_found" });
    socket.disconnect();
    expect(frames.some((f) => f.includes(MEETING_EVENTS.state))).toBe(false);
    expect(frames.join("\n")).not.toContain(WORKED_CASE_REFERENCE);
    expect(frames.join("\n")).not.toContain(caseId);

    // Once signed off, minutes cannot be shared with them either.
    const chair = t.actorFor(CHAIR);
    acknowledgeConfidentiality(chair, id);
    openMeeting(chair, id);
    closeMeeting(chair, id);
    expect(finaliseMinutes(chair, id)).toMatchObject({ ok: true });
    expect(
      shareMinutes(chair, id, { toUserId: t.userId(NOT_CASE_WORKING[2]!), purpose: "For information" }),
    ).toMatchObject({ ok: false, errors: { toUserId: "Choose who to share the minutes with" } });
  });
});
