// Attendance taken from presence while a meeting is open, corrected by the chair (issue 15). Real SQLite.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import { recordArrival } from "~/services/meeting-attendance.server";
import {
  acknowledgeConfidentiality,
  closeMeeting,
  createMeeting,
  inviteMember,
  meetingView,
  openMeeting,
  recordAttendance,
} from "~/services/meetings.server";
import { cases, clinicReferrals, meetingInvitees } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";
const CLINICIAN = "clinician@health.concord.test";

let t: TestDb;
let id: string;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const attendanceOf = (email: string) =>
  meetingView(t.actorFor(POLICE), id, { papers: false }).invitees.find((i) => i.userId === t.userId(email))?.attendance;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!
    .id;
  const at = new Date().toISOString();
  const ref = randomUUID();
  getDb()
    .insert(clinicReferrals)
    .values({
      id: ref,
      caseId,
      referrerUserId: t.userId(POLICE),
      referrerAgencyId: t.actorFor(POLICE).agencyId,
      reason: "Escalating",
      currentRisk: "high",
      ask: "Review",
      status: "accepted",
      priority: "urgent",
      decidedBy: t.userId(CLINIC),
      decidedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .run();
  const [year, month, day] = inDays(2).split("-");
  const created = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Attendance",
    "date-day": day!,
    "date-month": month!,
    "date-year": year!,
    time: "10:00",
    chair: t.userId(POLICE),
    invitees: [ADVOCATE, PROBATION, PSYCHOLOGIST].map((e) => t.userId(e)),
    statement: "",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  id = created.id;
  addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${ref}`]);
});
afterAll(() => t.cleanup());

describe("attendance", () => {
  it("is not known before the meeting opens, whoever acknowledged; the chair is present on opening", () => {
    acknowledgeConfidentiality(t.actorFor(ADVOCATE), id);
    expect(recordArrival(id, t.userId(ADVOCATE))).toBe(false);
    expect(attendanceOf(ADVOCATE)).toBeNull();
    openMeeting(t.actorFor(POLICE), id);
    expect(attendanceOf(POLICE)).toBe("present");
    // Acknowledged before the meeting opened, and not yet seen: still not known (it used to say "did not attend").
    expect(attendanceOf(ADVOCATE)).toBeNull();
  });

  it("an arrival records present, once, audited", () => {
    expect(recordArrival(id, t.userId(ADVOCATE))).toBe(true);
    expect(recordArrival(id, t.userId(ADVOCATE))).toBe(false);
    expect(attendanceOf(ADVOCATE)).toBe("present");
    expect(
      t.auditRows().filter((r) => r.action === "meeting.arrive" && r.actorUserId === t.userId(ADVOCATE)),
    ).toHaveLength(1);
    // Someone not invited arrives at nothing.
    expect(recordArrival(id, t.userId(OUTSIDER))).toBe(false);
  });

  it("the chair corrects anyone to present, apologies, absent or deputy; the correction is audited and presence does not undo it", () => {
    expect(recordAttendance(t.actorFor(POLICE), id, t.userId(PROBATION), "apologies")).toEqual({ ok: true });
    expect(attendanceOf(PROBATION)).toBe("apologies");
    expect(recordArrival(id, t.userId(PROBATION))).toBe(false);
    expect(attendanceOf(PROBATION)).toBe("apologies");
    const audit = t.auditRows().find((r) => r.action === "meeting.attendance" && r.outcome === "done");
    expect(JSON.parse(audit?.detail ?? "{}")).toEqual({
      userId: t.userId(PROBATION),
      attendance: "apologies",
      was: null,
    });
    expect(recordAttendance(t.actorFor(POLICE), id, t.userId(ADVOCATE), "deputy")).toEqual({ ok: true });
    expect(attendanceOf(ADVOCATE)).toBe("deputy");
  });

  it("refuses bad corrections and changes nothing", () => {
    expect(recordAttendance(t.actorFor(POLICE), id, t.userId(PROBATION), "attended")).toMatchObject({
      ok: false,
      errors: { attendance: expect.any(String) },
    });
    expect(recordAttendance(t.actorFor(POLICE), id, t.userId(OUTSIDER), "present")).toMatchObject({
      ok: false,
      errors: { userId: expect.any(String) },
    });
    expect(recordAttendance(t.actorFor(POLICE), id, ["x"] as never, "present")).toMatchObject({ ok: false });
    expect(statusOf(() => recordAttendance(t.actorFor(ADVOCATE), id, t.userId(PROBATION), "present"))).toBe(403);
    expect(attendanceOf(PROBATION)).toBe("apologies");
  });

  it("a declined invitee shows as apologies unless seen; a deputy who arrives is recorded as a deputy", () => {
    const set = (email: string, values: Partial<typeof meetingInvitees.$inferInsert>) =>
      getDb()
        .update(meetingInvitees)
        .set(values)
        .where(and(eq(meetingInvitees.meetingId, id), eq(meetingInvitees.userId, t.userId(email))))
        .run();
    set(PSYCHOLOGIST, { response: "declined" });
    expect(attendanceOf(PSYCHOLOGIST)).toBe("apologies");
    set(PSYCHOLOGIST, { response: "accepted" });
    expect(attendanceOf(PSYCHOLOGIST)).toBeNull();
    // The clinician stands in for the psychologist (as the invitation reply records it).
    expect(inviteMember(t.actorFor(CLINIC), id, t.userId(CLINICIAN))).toEqual({ ok: true });
    set(CLINICIAN, { response: "accepted", deputyForUserId: t.userId(PSYCHOLOGIST) });
    expect(recordArrival(id, t.userId(CLINICIAN))).toBe(true);
    expect(attendanceOf(CLINICIAN)).toBe("deputy");
  });

  it("at close, members never seen and not otherwise marked are absent", () => {
    expect(attendanceOf(PSYCHOLOGIST)).toBeNull();
    closeMeeting(t.actorFor(POLICE), id);
    expect(attendanceOf(PSYCHOLOGIST)).toBe("absent");
    expect(attendanceOf(POLICE)).toBe("present");
    expect(attendanceOf(PROBATION)).toBe("apologies");
    // After close, presence records nothing; the chair can still correct while tidying the minutes.
    expect(recordArrival(id, t.userId(PSYCHOLOGIST))).toBe(false);
    expect(recordAttendance(t.actorFor(POLICE), id, t.userId(PSYCHOLOGIST), "present")).toEqual({ ok: true });
    expect(attendanceOf(PSYCHOLOGIST)).toBe("present");
  });
});
