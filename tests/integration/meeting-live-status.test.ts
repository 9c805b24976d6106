// Waiting attendees, the "Now discussing" row and the members table follow the meeting live (issue 15), over a real
// HTTP server, the app's socket.io and real socket.io clients.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { LiveMembers, LiveStatus } from "~/realtime/meeting-events";
import { addAgendaItems } from "~/services/meeting-items.server";
import {
  acknowledgeConfidentiality,
  advanceMeeting,
  meetingView,
  openMeeting,
  recordAttendance,
  removeInvitee,
} from "~/services/meetings.server";
import { clinicReferrals } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import {
  acceptedClinicReferral,
  caseIdOf,
  clinicMeeting,
  flush,
  join as joinRoom,
  next,
  open,
  signedIn,
  type Client,
} from "./live-clients";
import type { Socket } from "socket.io-client";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";

let t: TestDb;
let realtime: RealtimeServer;
let meetingId: string;
let items: string[];
const opened: Socket[] = [];
const client = async (email: string): Promise<Client> => open(realtime.url, await signedIn(t.userId(email)), opened);
const join = (c: Client, id: string) =>
  joinRoom(c, id).then(
    () => c.frames.findLast((f) => f.event === "meeting:state")!.payload as { meeting: { status: string } },
  );
const attendanceOf = (members: LiveMembers, email: string) =>
  members.invitees.find((i) => i.userId === t.userId(email))?.attendance;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  for (const reference of [WORKED_CASE_REFERENCE, "NS-2026-00002"])
    acceptedClinicReferral(t, { caseId: caseIdOf(reference), referrerEmail: POLICE, coordinatorEmail: CLINIC });
  meetingId = clinicMeeting(t, {
    coordinatorEmail: CLINIC,
    chairEmail: POLICE,
    members: [ADVOCATE, PROBATION, PSYCHOLOGIST, OUTSIDER].map((e) => t.userId(e)),
    title: "Waiting room",
  });
  addAgendaItems(
    t.actorFor(CLINIC),
    meetingId,
    getDb()
      .select({ id: clinicReferrals.id })
      .from(clinicReferrals)
      .all()
      .map((r) => `clinic_referral:${r.id}`),
  );
  items = meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items.map((i) => i.id);
});
afterEach(() => {
  while (opened.length) opened.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

describe("before and at the opening", () => {
  it("the chair's table shows an acknowledgement at once; a waiting attendee sees the meeting open and is recorded present", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    // Invited and then removed: waiting in the room before the removal, told nothing after it.
    const outsider = await client(OUTSIDER);
    await join(chair, meetingId);
    const waiting = await join(advocate, meetingId);
    await join(outsider, meetingId);
    expect(waiting.meeting.status).toBe("planned");
    removeInvitee(t.actorFor(CLINIC), meetingId, t.userId(OUTSIDER));

    const acknowledged = next<LiveMembers>(
      chair,
      "meeting:members",
      (m) => m.invitees.find((i) => i.userId === t.userId(ADVOCATE))?.acknowledged === true,
    );
    acknowledgeConfidentiality(t.actorFor(ADVOCATE), meetingId);
    expect(attendanceOf(await acknowledged, ADVOCATE)).toBeNull();

    const opened = next<LiveStatus>(advocate, "meeting:status");
    const arrived = next<LiveMembers>(chair, "meeting:members", (m) => attendanceOf(m, ADVOCATE) === "present");
    openMeeting(t.actorFor(POLICE), meetingId);
    expect(await opened).toEqual({
      meetingId,
      status: "open",
      statusLabel: expect.any(String),
      currentItemId: items[0],
    });
    const members = await arrived;
    expect(attendanceOf(members, POLICE)).toBe("present");
    expect(attendanceOf(members, PROBATION)).toBeNull();
    // The members list is no place for case content.
    expect(JSON.stringify(members)).not.toContain(WORKED_CASE_REFERENCE);
    await flush(outsider);
    expect(
      outsider.frames.map((f) => f.event).filter((e) => e === "meeting:status" || e === "meeting:members"),
    ).toEqual([]);
  });
});

describe("while the meeting is open", () => {
  it("an arrival and the chair's corrections reach the chair's table live", async () => {
    const chair = await client(POLICE);
    await join(chair, meetingId);
    const psychologist = await client(PSYCHOLOGIST);
    const arrived = next<LiveMembers>(chair, "meeting:members", (m) => attendanceOf(m, PSYCHOLOGIST) === "present");
    await join(psychologist, meetingId);
    await arrived;
    expect(
      meetingView(t.actorFor(POLICE), meetingId, { papers: false }).invitees.find(
        (i) => i.userId === t.userId(PSYCHOLOGIST),
      )?.attendance,
    ).toBe("present");
    const corrected = next<LiveMembers>(chair, "meeting:members", (m) => attendanceOf(m, PROBATION) === "apologies");
    expect(recordAttendance(t.actorFor(POLICE), meetingId, t.userId(PROBATION), "apologies")).toEqual({ ok: true });
    await corrected;
  });

  it("the chair moving on from a page's form moves every screen, each with its own papers", async () => {
    const psychologist = await client(PSYCHOLOGIST);
    const probation = await client(PROBATION);
    acknowledgeConfidentiality(t.actorFor(PROBATION), meetingId);
    await join(psychologist, meetingId);
    await join(probation, meetingId);
    type Advanced = { currentItemId: string; papers: unknown };
    const seen = next<Advanced>(probation, "meeting:advanced", (a) => a.currentItemId === items[1]);
    advanceMeeting(t.actorFor(POLICE), meetingId, items[1]!);
    expect((await seen).papers).not.toBeNull();
    // The psychologist has not acknowledged the statement: the move, and no papers.
    const back = next<Advanced>(psychologist, "meeting:advanced", (a) => a.currentItemId === items[0]);
    advanceMeeting(t.actorFor(POLICE), meetingId, items[0]!);
    expect((await back).papers).toBeNull();
    await flush(probation);
    for (const secret of [DEMO_SECRETS.victimAddress, DEMO_SECRETS.victimPhone, "Safe contact details"])
      expect(probation.raw.join("\n")).not.toContain(secret);
  });
});
