// Actions from a meeting: edited, reassigned, completed with a note, deleted with a reason; who they reach (issue 15).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/limitation-deadline";
import { actionsForHome, addAgendaItems } from "~/services/meeting-items.server";
import { findMeeting } from "~/services/meeting-access.server";
import {
  actionPage,
  completeAction,
  deleteAction,
  editAction,
  reassignAction,
} from "~/services/meeting-actions.server";
import { acknowledgeConfidentiality, addAction, meetingView, openMeeting } from "~/services/meetings.server";
import { meetingActions, notifications } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { acceptedClinicReferral, caseIdOf, clinicMeeting } from "./live-clients";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test"; // the chair, and the officer in the case on the worked case
const SPOC = "spoc@police.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const SPO = "spo@probation.concord.test";

let t: TestDb;
let id: string;
let itemId: string;
let mine: string; // owned by the advocate
let police: string; // owned by the police agency

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const due = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "due-day": day!, "due-month": month!, "due-year": year! };
};
const row = (actionId: string) => getDb().select().from(meetingActions).where(eq(meetingActions.id, actionId)).get()!;
const home = (email: string) => actionsForHome(t.actorFor(email)).map((a) => a.id);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const ref = acceptedClinicReferral(t, {
    caseId: caseIdOf(WORKED_CASE_REFERENCE),
    referrerEmail: POLICE,
    coordinatorEmail: CLINIC,
  });
  id = clinicMeeting(t, {
    coordinatorEmail: CLINIC,
    chairEmail: POLICE,
    members: [ADVOCATE, PROBATION].map((e) => t.userId(e)),
    title: "Actions",
  });
  addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${ref}`]);
  for (const email of [POLICE, ADVOCATE, PROBATION]) acknowledgeConfidentiality(t.actorFor(email), id);
  openMeeting(t.actorFor(POLICE), id);
  itemId = meetingView(t.actorFor(POLICE), id, { papers: false }).items[0]!.id;
  const a = addAction(t.actorFor(POLICE), id, itemId, {
    text: "Update the safety plan",
    owner: `user:${t.userId(ADVOCATE)}`,
    ...due(inDays(14)),
  });
  const b = addAction(t.actorFor(POLICE), id, itemId, {
    text: "Apply for a stalking protection order",
    owner: `agency:${t.actorFor(POLICE).agencyId}`,
    ...due(inDays(21)),
  });
  if (!a.ok || !b.ok) throw new Error("actions not recorded");
  mine = a.row.id;
  police = b.row.id;
});
afterAll(() => t.cleanup());

describe("who an action reaches", () => {
  it("an agency's action reaches its supervisors and its officer in the case, nobody else in the agency", () => {
    expect(home(POLICE_SUPERVISOR)).toContain(police);
    expect(home(POLICE)).toContain(police);
    expect(home(SPOC)).not.toContain(police);
    expect(home(ADVOCATE)).toEqual([mine]);
  });

  it("the meeting shows each person the buttons the rules give them", () => {
    const of = (email: string, actionId: string) =>
      meetingView(t.actorFor(email), id, { papers: false }).items[0]!.actions.find((a) => a.id === actionId)!;
    expect(of(POLICE, mine)).toMatchObject({ mayChange: true, mayComplete: true });
    expect(of(ADVOCATE, mine)).toMatchObject({ mayChange: false, mayComplete: true });
    expect(of(PROBATION, mine)).toMatchObject({ mayChange: false, mayComplete: false });
  });
});

describe("changing an action", () => {
  it("the chair edits the text and due date; bad input changes nothing; others are refused", () => {
    const meetingDay = londonDate(findMeeting(id)!.startsAt);
    expect(editAction(t.actorFor(POLICE), id, mine, { text: "", ...due(inDays(7)) })).toMatchObject({
      ok: false,
      errors: { text: "Enter the action" },
    });
    expect(editAction(t.actorFor(POLICE), id, mine, { text: "Too early", ...due("2020-01-01") })).toMatchObject({
      ok: false,
      errors: { due: expect.stringMatching(/on or after the day of the meeting/) },
    });
    expect(
      editAction(t.actorFor(POLICE), id, mine, {
        text: "Too early",
        "due-day": "31",
        "due-month": "2",
        "due-year": "2030",
      }),
    ).toMatchObject({ ok: false, errors: { due: expect.any(String) } });
    expect(row(mine)).toMatchObject({ text: "Update the safety plan", dueOn: inDays(14) });
    expect(statusOf(() => editAction(t.actorFor(ADVOCATE), id, mine, { text: "Mine now", ...due(inDays(7)) }))).toBe(
      403,
    );
    expect(
      editAction(t.actorFor(POLICE), id, mine, { text: "Review and update the safety plan", ...due(meetingDay) }),
    ).toEqual({ ok: true });
    expect(row(mine)).toMatchObject({
      text: "Review and update the safety plan",
      dueOn: meetingDay,
      updatedBy: t.userId(POLICE),
    });
    expect(
      t
        .auditRows()
        .some(
          (r) =>
            r.action === "meeting.action_edit" &&
            r.outcome === "done" &&
            JSON.parse(r.detail ?? "{}").actionId === mine,
        ),
    ).toBe(true);
  });

  it("the chair reassigns to a person or an agency; the new owner is told, the old one no longer has it", () => {
    expect(reassignAction(t.actorFor(POLICE), id, mine, { owner: "user:nobody" })).toMatchObject({
      ok: false,
      errors: { owner: "Choose who owns the action" },
    });
    expect(reassignAction(t.actorFor(POLICE), id, mine, { owner: `user:${t.userId(PROBATION)}` })).toEqual({
      ok: true,
    });
    expect(home(ADVOCATE)).not.toContain(mine);
    expect(home(PROBATION)).toContain(mine);
    expect(
      getDb()
        .select()
        .from(notifications)
        .where(eq(notifications.userId, t.userId(PROBATION)))
        .all()
        .some((n) => n.href === `/meetings/${id}/actions/${mine}`),
    ).toBe(true);
    expect(reassignAction(t.actorFor(POLICE), id, mine, { owner: `agency:${t.actorFor(SPO).agencyId}` })).toEqual({
      ok: true,
    });
    expect(home(SPO)).toContain(mine);
    expect(home(PROBATION)).not.toContain(mine);
  });

  it("is completed with a note by someone it reaches; the note is required and kept", () => {
    expect(statusOf(() => completeAction(t.actorFor(ADVOCATE), id, mine, { note: "Done" }))).toBe(404);
    expect(completeAction(t.actorFor(SPO), id, mine, { note: "" })).toMatchObject({
      ok: false,
      errors: { note: expect.any(String) },
    });
    expect(row(mine).status).toBe("open");
    expect(
      completeAction(t.actorFor(SPO), id, mine, { note: "Safety plan reviewed with the advocate on Tuesday." }),
    ).toEqual({ ok: true });
    expect(row(mine)).toMatchObject({
      status: "done",
      completionNote: "Safety plan reviewed with the advocate on Tuesday.",
      completedBy: t.userId(SPO),
    });
    expect(home(SPO)).not.toContain(mine);
    // Done is done: nothing more to change.
    expect(statusOf(() => editAction(t.actorFor(POLICE), id, mine, { text: "Again", ...due(inDays(7)) }))).toBe(403);
  });

  it("is deleted with a reason, kept as a tombstone, never shown as open", () => {
    expect(deleteAction(t.actorFor(POLICE), id, police, { reason: " " })).toMatchObject({
      ok: false,
      errors: { reason: expect.any(String) },
    });
    expect(statusOf(() => deleteAction(t.actorFor(POLICE_SUPERVISOR), id, police, { reason: "Not needed" }))).toBe(403);
    expect(
      deleteAction(t.actorFor(POLICE), id, police, { reason: "Recorded twice: see the order application action" }),
    ).toEqual({ ok: true });
    expect(row(police)).toMatchObject({
      status: "deleted",
      deletionReason: "Recorded twice: see the order application action",
      deletedBy: t.userId(POLICE),
    });
    expect(home(POLICE_SUPERVISOR)).not.toContain(police);
    const shown = meetingView(t.actorFor(POLICE), id).items[0]!;
    expect(shown.actions.find((a) => a.id === police)).toMatchObject({
      status: "deleted",
      deletionReason: "Recorded twice: see the order application action",
      mayChange: false,
      mayComplete: false,
    });
    expect(shown.papers!.openActions.map((a) => a.id)).not.toContain(police);
    expect(t.auditRows().some((r) => r.action === "meeting.action_delete" && r.outcome === "done")).toBe(true);
  });

  it("its own page opens for those it reaches and whoever runs the meeting, 404 for anyone else", () => {
    expect(actionPage(t.actorFor(SPO), id, mine).action.text).toBe("Review and update the safety plan");
    // Done: nothing left for the chair to change.
    expect(actionPage(t.actorFor(POLICE), id, mine)).toMatchObject({
      action: { status: "done", mayChange: false },
      owners: [],
    });
    expect(statusOf(() => actionPage(t.actorFor(SPOC), id, mine))).toBe(404);
    expect(statusOf(() => actionPage(t.actorFor(POLICE), "another-meeting", mine))).toBe(404);
  });
});
