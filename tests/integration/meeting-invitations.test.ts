import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/access/actor.server";
import { getDb } from "~/db.server";
import {
  invitationReplies,
  invitationView,
  meetingCalendar,
  replyToInvitation,
  rescheduleMeeting,
} from "~/services/meeting-invitations.server";
import { createMeeting, meetingView } from "~/services/meetings.server";
import { todayList, type HomeParts } from "~/services/today.server";
import { meetingInvitees, meetings, notifications } from "../../db/schema";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const CLINICIAN = "clinician@health.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const date = (iso: string, name = "date") => {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: day!, [`${name}-month`]: month!, [`${name}-year`]: year! };
};

function meeting(extra: Record<string, string | string[]> = {}) {
  const result = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Review of NS-2026-00001 for Kieran Voss",
    ...date(inDays(5)),
    time: "10:00",
    place: "Room 4, Northshire House",
    videoLink: "https://video.example/concord-clinic",
    chair: t.userId(POLICE),
    invitees: [t.userId(ADVOCATE), t.userId(PROBATION), t.userId(PSYCHOLOGIST)],
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

const notesOf = (email: string) =>
  getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.userId, t.userId(email)))
    .all();
const row = (id: string, email: string) =>
  getDb()
    .select()
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, id), eq(meetingInvitees.userId, t.userId(email))))
    .get();

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("invitations", () => {
  it("tells each invitee in Concord with a content-free notification that links to the invitation", () => {
    const id = meeting();
    for (const email of [ADVOCATE, PROBATION, PSYCHOLOGIST, POLICE]) {
      const n = notesOf(email).find((x) => x.href === `/meetings/${id}/invitation`);
      expect(n?.kind).toBe("meeting_invitation");
      // Kind and link only: no title, no case reference, no name; an email can later be sent from it as it is.
      expect(n?.text).not.toMatch(/NS-2026|Kieran|Review/);
    }
    // The coordinator who arranged it is not told about their own meeting.
    expect(notesOf(CLINIC).some((x) => x.href === `/meetings/${id}/invitation`)).toBe(false);
    const view = invitationView(t.actorFor(ADVOCATE), id);
    expect(view).toMatchObject({
      place: "Room 4, Northshire House",
      videoLink: "https://video.example/concord-clinic",
      response: "pending",
    });
    expect(view.when).toMatch(/at 10(:00)?am/);
  });

  it("refuses a video link that is not https and a place that is too long, creating nothing", () => {
    const before = getDb().select().from(meetings).all().length;
    const bad = createMeeting(t.actorFor(CLINIC), {
      kind: "clinic_review",
      title: "x",
      ...date(inDays(5)),
      time: "10:00",
      chair: t.userId(POLICE),
      videoLink: "javascript:alert(1)",
      place: "x".repeat(201),
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: { videoLink: expect.stringMatching(/https/), place: expect.stringMatching(/200/) },
    });
    expect(getDb().select().from(meetings).all().length).toBe(before);
  });

  it("an invitee accepts or declines; the coordinator and chair see the replies", () => {
    const id = meeting();
    expect(replyToInvitation(t.actorFor(ADVOCATE), id, { response: "accepted" })).toEqual({ ok: true });
    expect(replyToInvitation(t.actorFor(PROBATION), id, { response: "declined" })).toEqual({ ok: true });
    expect(row(id, ADVOCATE)).toMatchObject({ response: "accepted", respondedAt: expect.any(String) });
    const replies = invitationReplies(t.actorFor(CLINIC), id);
    expect(replies.find((r) => r.userId === t.userId(PROBATION))?.response).toBe("declined");
    expect(replies.find((r) => r.userId === t.userId(PSYCHOLOGIST))?.response).toBe("pending");
    expect(invitationReplies(t.actorFor(POLICE), id).length).toBe(replies.length);
    // Other invitees do not see who replied what.
    expect(statusOf(() => invitationReplies(t.actorFor(ADVOCATE), id))).toBe(403);
    expect(t.auditRows().some((r) => r.action === "meeting.reply" && r.subjectId === id && r.outcome === "done")).toBe(
      true,
    );
  });

  it("refuses a bad reply with a message and changes nothing", () => {
    const id = meeting();
    expect(replyToInvitation(t.actorFor(ADVOCATE), id, { response: "maybe" })).toMatchObject({
      ok: false,
      errors: { response: expect.any(String) },
    });
    expect(replyToInvitation(t.actorFor(PSYCHOLOGIST), id, { response: "deputy" })).toMatchObject({
      ok: false,
      errors: { deputy: expect.stringMatching(/Choose/) },
    });
    // A deputy must be from the invitee's own agency and work on cases.
    expect(
      replyToInvitation(t.actorFor(PSYCHOLOGIST), id, { response: "deputy", deputy: t.userId(SPOC) }),
    ).toMatchObject({ ok: false, errors: { deputy: expect.stringMatching(/your agency/) } });
    expect(
      replyToInvitation(t.actorFor(PSYCHOLOGIST), id, {
        response: "deputy",
        deputy: t.userId("lead@health.concord.test").replace(/./g, "x"),
      }),
    ).toMatchObject({ ok: false });
    // The chair leads the meeting and cannot decline or send a deputy.
    expect(replyToInvitation(t.actorFor(POLICE), id, { response: "declined" })).toMatchObject({
      ok: false,
      errors: { response: expect.stringMatching(/chair/) },
    });
    expect(row(id, PSYCHOLOGIST)).toMatchObject({ response: "pending", removedAt: null });
    expect(row(id, ADVOCATE)).toMatchObject({ response: "pending" });
    expect(statusOf(() => replyToInvitation(t.actorFor(OUTSIDER), id, { response: "accepted" }))).toBe(404);
  });

  it("a deputy from the same agency takes the invitee's place, with their access, and the invitee loses it", () => {
    const id = meeting();
    expect(
      replyToInvitation(t.actorFor(PSYCHOLOGIST), id, { response: "deputy", deputy: t.userId(CLINICIAN) }),
    ).toEqual({ ok: true });
    expect(row(id, PSYCHOLOGIST)).toMatchObject({ response: "deputy", removedAt: expect.any(String) });
    expect(row(id, CLINICIAN)).toMatchObject({
      response: "pending",
      deputyForUserId: t.userId(PSYCHOLOGIST),
      removedAt: null,
    });
    // The deputy is a member now; the person replaced is not.
    expect(meetingView(t.actorFor(CLINICIAN), id).meeting.id).toBe(id);
    expect(loadActor(t.userId(CLINICIAN), "s")!.meetingIds).toContain(id);
    expect(statusOf(() => meetingView(t.actorFor(PSYCHOLOGIST), id))).toBe(404);
    expect(loadActor(t.userId(PSYCHOLOGIST), "s")!.meetingIds).not.toContain(id);
    // The deputy is told, and the coordinator sees who stands in for whom.
    expect(
      notesOf(CLINICIAN).some((n) => n.href === `/meetings/${id}/invitation` && n.kind === "meeting_invitation"),
    ).toBe(true);
    const replies = invitationReplies(t.actorFor(CLINIC), id);
    expect(replies.find((r) => r.userId === t.userId(PSYCHOLOGIST))).toMatchObject({
      response: "deputy",
      deputyName: "Ada Quarrie",
    });
    expect(replies.find((r) => r.userId === t.userId(CLINICIAN))).toMatchObject({
      response: "pending",
      deputyFor: "Dr Imogen Vale",
    });
    expect(replyToInvitation(t.actorFor(CLINICIAN), id, { response: "accepted" })).toEqual({ ok: true });
  });

  it("changing the date or time notifies the invitees and asks them to reply again; bad input changes nothing", () => {
    const id = meeting();
    replyToInvitation(t.actorFor(ADVOCATE), id, { response: "accepted" });
    const before = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    const bad = rescheduleMeeting(t.actorFor(CLINIC), id, {
      ...date("2020-01-01"),
      time: "10:00",
      place: "",
      videoLink: "",
    });
    expect(bad).toMatchObject({ ok: false, errors: { date: expect.any(String) } });
    expect(getDb().select().from(meetings).where(eq(meetings.id, id)).get()).toEqual(before);
    expect(statusOf(() => rescheduleMeeting(t.actorFor(ADVOCATE), id, { ...date(inDays(6)), time: "11:00" }))).toBe(
      403,
    );

    expect(
      rescheduleMeeting(t.actorFor(CLINIC), id, { ...date(inDays(6)), time: "14:30", place: "Room 5", videoLink: "" }),
    ).toEqual({ ok: true });
    const after = getDb().select().from(meetings).where(eq(meetings.id, id)).get()!;
    expect(after).toMatchObject({ place: "Room 5", videoLink: null, scheduleVersion: before.scheduleVersion + 1 });
    expect(after.startsAt).not.toBe(before.startsAt);
    const changed = notesOf(ADVOCATE).filter(
      (n) => n.kind === "meeting_changed" && n.href === `/meetings/${id}/invitation`,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]!.text).not.toMatch(/NS-2026|Kieran|Review/);
    expect(row(id, ADVOCATE)?.response).toBe("pending");
  });

  it("gives an invitee a calendar file with the time, place and a link, and nothing of the case", () => {
    const id = meeting();
    const file = meetingCalendar(t.actorFor(ADVOCATE), id, "https://concord.example");
    expect(file.filename).toMatch(/^concord-meeting-[a-z0-9-]+\.ics$/);
    expect(file.body).toContain("BEGIN:VEVENT");
    expect(file.body).toContain(`UID:${id}@concord`);
    expect(file.body).toContain("LOCATION:Room 4\\, Northshire House");
    expect(file.body).toContain(`URL:https://concord.example/meetings/${id}`);
    expect(file.body).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(file.body).not.toMatch(/NS-2026|Kieran|Voss|Review of/);
    expect(statusOf(() => meetingCalendar(t.actorFor(OUTSIDER), id, "https://concord.example"))).toBe(404);
  });
});

const EMPTY: HomeParts = {
  myTasks: [],
  overdueTasks: [],
  meetingActions: [],
  psrQuestions: [],
  psrToSignOff: null,
  toCountersign: [],
  reviewsDue: [],
  spoOutstanding: null,
  chargingDeadlines: [],
  victimUpdatesDue: [],
};
const today = (email: string) => todayList(t.actorFor(email), EMPTY);

describe("home pages", () => {
  it("an invitee sees the invitation to reply to until they reply; the coordinator sees replies outstanding", () => {
    // Three weeks ahead: beyond the week of "meetings this week", an invitation still asks for a reply.
    const id = meeting({ ...date(inDays(21)) });
    const reply = (email: string) => today(email).find((e) => e.key === `reply-${id}`);
    expect(reply(ADVOCATE)).toMatchObject({ href: `/meetings/${id}/invitation` });
    expect(today(CLINIC).find((e) => e.key === `replies-${id}`)).toMatchObject({
      text: expect.stringMatching(/^4 replies outstanding/),
      href: `/meetings/${id}#replies`,
    });
    replyToInvitation(t.actorFor(ADVOCATE), id, { response: "accepted" });
    replyToInvitation(t.actorFor(PROBATION), id, { response: "declined" });
    expect(reply(ADVOCATE)).toBeUndefined();
    expect(today(CLINIC).find((e) => e.key === `replies-${id}`)?.text).toMatch(/^2 replies outstanding/);
    // Nobody else is shown the meeting or its replies.
    expect(today(OUTSIDER).some((e) => e.key.endsWith(id))).toBe(false);
    expect(today(ADVOCATE).some((e) => e.key === `replies-${id}`)).toBe(false);
  });
});
