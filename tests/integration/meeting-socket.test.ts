// The live meeting over a real HTTP server, the app's socket.io and real socket.io clients with session cookies.
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { LiveAction, LiveState } from "~/realtime/meeting-events";
import { completeAction, editAction, reassignAction } from "~/services/meeting-actions.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import {
  acknowledgeConfidentiality,
  addAction,
  meetingView,
  openMeeting,
  removeInvitee,
} from "~/services/meetings.server";
import { clinicReferrals } from "../../db/schema";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import {
  acceptedClinicReferral,
  caseIdOf,
  clinicMeeting,
  flush,
  next,
  open,
  signedIn,
  type Client,
} from "./live-clients";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const OUTSIDER = "prosecutor@cps.concord.test";
const SECRETS = [DEMO_SECRETS.victimAddress, DEMO_SECRETS.victimPhone, "Safe contact details", "Larkspur"];

let t: TestDb;
let realtime: RealtimeServer;
let meetingId: string;
let otherMeetingId: string;
let items: string[];
let otherItemId: string;
const sockets: Socket[] = [];

const client = async (email: string): Promise<Client> => open(realtime.url, await signedIn(t.userId(email)), sockets);
const referral = (caseId: string, priority: "urgent" | "routine") =>
  acceptedClinicReferral(t, { caseId, referrerEmail: POLICE, coordinatorEmail: CLINIC, priority });
const meeting = (members: string[]) =>
  clinicMeeting(t, { coordinatorEmail: CLINIC, chairEmail: POLICE, members: members.map((e) => t.userId(e)) });

async function join(c: Client, id = meetingId): Promise<LiveState> {
  const state = next<LiveState>(c, "meeting:state");
  c.socket.emit("meeting:join", { meetingId: id });
  return state;
}

function minutesOf(itemId: string): { text: string | null; version: number } {
  const item = meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items.find((i) => i.id === itemId)!;
  return { text: item.minutes, version: item.minutesVersion };
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  const worked = caseIdOf(WORKED_CASE_REFERENCE);
  const second = caseIdOf("NS-2026-00002");
  referral(worked, "urgent");
  referral(second, "routine");
  meetingId = meeting([ADVOCATE, PROBATION, PSYCHOLOGIST, OUTSIDER]);
  const keys = getDb()
    .select({ id: clinicReferrals.id })
    .from(clinicReferrals)
    .all()
    .map((r) => `clinic_referral:${r.id}`);
  expect(addAgendaItems(t.actorFor(CLINIC), meetingId, keys)).toBe(2);
  for (const email of [POLICE, ADVOCATE, PROBATION, PSYCHOLOGIST, OUTSIDER])
    acknowledgeConfidentiality(t.actorFor(email), meetingId);
  openMeeting(t.actorFor(POLICE), meetingId);
  removeInvitee(t.actorFor(CLINIC), meetingId, t.userId(OUTSIDER)); // invited then removed before the meeting: never joins
  items = meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items.map((i) => i.id);
  // A second meeting with its own item, to name in events sent to the first.
  referral(second, "urgent");
  otherMeetingId = meeting([ADVOCATE]);
  const otherKeys = getDb()
    .select({ id: clinicReferrals.id })
    .from(clinicReferrals)
    .all()
    .map((r) => `clinic_referral:${r.id}`);
  addAgendaItems(t.actorFor(CLINIC), otherMeetingId, otherKeys);
  otherItemId = meetingView(t.actorFor(POLICE), otherMeetingId, { papers: false }).items[0]!.id;
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

describe("joining", () => {
  it("refuses a socket without a session", async () => {
    await expect(open(realtime.url, null, sockets)).rejects.toThrow("unauthorised");
  });

  it("refuses a user who is not invited, and a removed one: an error, nothing joined, nothing received", async () => {
    const outsider = await client(OUTSIDER);
    const psychologist = await client(PSYCHOLOGIST);
    const error = next<{ code: string }>(outsider, "meeting:error");
    outsider.socket.emit("meeting:join", { meetingId });
    expect((await error).code).toBe("not_found");
    const chair = await client(POLICE);
    await join(chair);
    await join(psychologist);
    const seen = next(psychologist, "meeting:advanced");
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[0] });
    await seen;
    await flush(outsider);
    expect(outsider.frames.map((f) => f.event).filter((e) => e !== "meeting:error")).toEqual([]);
    expect(
      t
        .auditRows()
        .some((r) => r.action === "meeting.view" && r.outcome === "denied" && r.actorUserId === t.userId(OUTSIDER)),
    ).toBe(true);
  });

  it("gives a joining or reconnecting client the current state, with a presence list", async () => {
    const chair = await client(POLICE);
    await join(chair);
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[1] });
    await next(chair, "meeting:advanced");
    const advocate = await client(ADVOCATE);
    const presence = next<{ presence: { userId: string }[] }>(
      chair,
      "meeting:presence",
      (p) => p.presence.length === 2,
    );
    const state = await join(advocate);
    expect(state.meeting.currentItemId).toBe(items[1]);
    expect(state.items.map((i) => i.id)).toEqual(items);
    expect(state.owners.length).toBeGreaterThan(0);
    expect((await presence).presence.map((p) => p.userId).sort()).toEqual(
      [t.userId(POLICE), t.userId(ADVOCATE)].sort(),
    );
    advocate.socket.disconnect();
    await next<{ presence: unknown[] }>(chair, "meeting:presence", (p) => p.presence.length === 1);
    const again = await join(await client(ADVOCATE));
    expect(again.meeting.currentItemId).toBe(items[1]);
  });
});

describe("following the chair", () => {
  it("only the chair advances; every joined screen follows, each with its own papers and never victim contact", async () => {
    const chair = await client(POLICE);
    const probation = await client(PROBATION);
    const psychologist = await client(PSYCHOLOGIST);
    for (const c of [chair, probation, psychologist]) await join(c);
    const refused = next<{ code: string }>(probation, "meeting:error");
    probation.socket.emit("meeting:advance", { meetingId, itemId: items[0] });
    expect((await refused).code).toBe("forbidden");

    type Advanced = { currentItemId: string; papers: { notes: { title: string; level: string }[] } | null };
    const toProbation = next<Advanced>(probation, "meeting:advanced", (p) => p.currentItemId === items[0]);
    const toPsychologist = next<Advanced>(psychologist, "meeting:advanced", (p) => p.currentItemId === items[0]);
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[0] });
    const [p, h] = await Promise.all([toProbation, toPsychologist]);
    expect(p.papers).not.toBeNull();
    // Built per recipient: the psychologist reads the clinical formulation in full, probation does not.
    const clinical = (a: Advanced) => a.papers?.notes.find((n) => n.title === "Clinical formulation")?.level ?? "none";
    expect(clinical(h)).toBe("full");
    expect(clinical(p)).not.toBe("full");
    await flush(probation);
    const wire = probation.raw.join("\n");
    expect(wire).toContain(WORKED_CASE_REFERENCE);
    for (const secret of [...SECRETS, DEMO_SECRETS.clinicalDetail]) expect(wire).not.toContain(secret);
    expect(JSON.stringify(probation.frames)).not.toContain(DEMO_SECRETS.clinicalDetail);
  });
});

describe("minutes", () => {
  it("merges two concurrent edits so both survive, and a conflicting edit goes back to its sender only", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    const probation = await client(PROBATION);
    for (const c of [chair, advocate, probation]) await join(c);
    const itemId = items[1]!;
    const base = minutesOf(itemId).version;
    type Saved = { text: string; version: number; merged: boolean };
    const chairSaved = next<Saved>(chair, "meeting:minutes-saved");
    chair.socket.emit("meeting:minutes", { meetingId, itemId, text: "Chair: risk is high.", baseVersion: base });
    await chairSaved;
    const advocateSaved = next<Saved>(advocate, "meeting:minutes-saved");
    const toProbation = next<{ text: string; merged: boolean }>(probation, "meeting:minutes", (m) => m.merged);
    advocate.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: "Advocate: victim feels unsafe.",
      baseVersion: base,
    });
    const merged = await advocateSaved;
    expect(merged.merged).toBe(true);
    expect(merged.text).toContain("Chair: risk is high.");
    expect(merged.text).toContain("Advocate: victim feels unsafe.");
    expect((await toProbation).text).toBe(merged.text);

    // Both change the same line from the same version: the later one gets a conflict; nothing is overwritten.
    const v = merged.version;
    const s2 = next<Saved>(chair, "meeting:minutes-saved");
    chair.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: merged.text.replace("high", "very high"),
      baseVersion: v,
    });
    const after = await s2;
    const conflict = next<{ theirs: string; yours: string; version: number }>(advocate, "meeting:minutes-conflict");
    advocate.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: merged.text.replace("high", "medium"),
      baseVersion: v,
    });
    const c = await conflict;
    expect(c.theirs).toBe(after.text);
    expect(c.yours).toContain("medium");
    await flush(chair);
    expect(chair.frames.some((f) => f.event === "meeting:minutes-conflict")).toBe(false);
    expect(minutesOf(itemId)).toEqual({ text: after.text, version: after.version });
  });

  it("shows who is editing which item", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    await join(chair);
    await join(advocate);
    const seen = next<{ presence: { userId: string; editing: string | null }[] }>(chair, "meeting:presence", (p) =>
      p.presence.some((e) => e.editing === items[0]),
    );
    advocate.socket.emit("meeting:editing", { meetingId, itemId: items[0] });
    expect((await seen).presence.find((e) => e.userId === t.userId(ADVOCATE))?.editing).toBe(items[0]);
  });
});

describe("decisions and actions", () => {
  it("appear for everyone at once; an action needs an owner", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    await join(chair);
    await join(advocate);
    const decision = next<{ decision: { text: string } }>(chair, "meeting:decision");
    advocate.socket.emit("meeting:decision", { meetingId, itemId: items[0], text: "Refer for a MAPPA review" });
    expect((await decision).decision.text).toBe("Refer for a MAPPA review");
    const year = String(new Date().getFullYear() + 1);
    const action = next<{ action: { text: string; owner: string } }>(advocate, "meeting:action");
    chair.socket.emit("meeting:action", {
      meetingId,
      itemId: items[0],
      text: "Apply for a stalking protection order",
      owner: `user:${t.userId(POLICE)}`,
      due: { day: "1", month: "3", year },
    });
    expect((await action).action.text).toBe("Apply for a stalking protection order");
    const before = meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items[0]!.actions.length;
    const error = next<{ code: string; errors?: Record<string, string> }>(chair, "meeting:error");
    chair.socket.emit("meeting:action", {
      meetingId,
      itemId: items[0],
      text: "No owner",
      owner: "",
      due: { day: "1", month: "3", year },
    });
    expect((await error).errors?.owner).toMatch(/owns the action/);
    expect(meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items[0]!.actions.length).toBe(before);
  });
});

describe("changing an action", () => {
  it("an edit, a reassignment and a completion from the action's page reach every screen live, each with the reader's own links", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    await join(chair);
    await join(advocate);
    const year = String(new Date().getFullYear() + 1);
    const added = addAction(t.actorFor(POLICE), meetingId, items[0]!, {
      text: "Review the safety plan",
      owner: `user:${t.userId(PROBATION)}`,
      "due-day": "2",
      "due-month": "3",
      "due-year": year,
    });
    if (!added.ok) throw new Error("not added");
    type Pushed = LiveAction["action"];
    const about = (c: Client, where: (a: Pushed) => boolean) =>
      next<LiveAction>(c, "meeting:action", (x) => x.action.id === added.row.id && where(x.action)).then(
        (x) => x.action,
      );

    const edited = about(advocate, (a) => a.text === "Review and update the safety plan");
    expect(
      editAction(t.actorFor(POLICE), meetingId, added.row.id, {
        text: "Review and update the safety plan",
        "due-day": "2",
        "due-month": "3",
        "due-year": year,
      }),
    ).toEqual({ ok: true });
    expect(await edited).toMatchObject({ status: "open", mayChange: false, mayComplete: false });

    const toAdvocate = about(advocate, (a) => a.ownerUserId === t.userId(ADVOCATE));
    const chairSees = about(chair, (a) => a.ownerUserId === t.userId(ADVOCATE));
    expect(
      reassignAction(t.actorFor(POLICE), meetingId, added.row.id, { owner: `user:${t.userId(ADVOCATE)}` }),
    ).toEqual({ ok: true });
    expect(await toAdvocate).toMatchObject({ mayChange: false, mayComplete: true });
    expect(await chairSees).toMatchObject({ mayChange: true, mayComplete: true });

    const done = about(chair, (a) => a.status === "done");
    expect(
      completeAction(t.actorFor(ADVOCATE), meetingId, added.row.id, { note: "Reviewed with her on the phone." }),
    ).toEqual({ ok: true });
    expect(await done).toMatchObject({
      completionNote: "Reviewed with her on the phone.",
      mayChange: false,
      mayComplete: false,
    });
  });
});

describe("bad input", () => {
  it("answers malformed, oversized and misdirected events with an error, changes nothing and keeps serving", async () => {
    const chair = await client(POLICE);
    await join(chair);
    const before = JSON.stringify(meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items);
    const current = meetingView(t.actorFor(POLICE), meetingId, { papers: false }).meeting.currentItemId;
    const { version } = minutesOf(items[0]!);
    const cases: [string, unknown, string][] = [
      ["meeting:minutes", "garbage", "invalid"],
      ["meeting:minutes", null, "invalid"],
      ["meeting:minutes", { meetingId, itemId: items[0], text: "x".repeat(20_001), baseVersion: version }, "invalid"],
      ["meeting:minutes", { meetingId, itemId: items[0], text: "ok", baseVersion: "1" }, "invalid"],
      ["meeting:minutes", { meetingId, itemId: "i".repeat(65), text: "ok", baseVersion: version }, "invalid"],
      ["meeting:minutes", { meetingId, itemId: items[0], text: "ok", baseVersion: version, extra: 1 }, "invalid"],
      ["meeting:advance", { meetingId: otherMeetingId, itemId: otherItemId }, "not_joined"],
      ["meeting:advance", { meetingId, itemId: otherItemId }, "not_found"],
      ["meeting:minutes", { meetingId, itemId: otherItemId, text: "ok", baseVersion: 0 }, "not_found"],
      ["meeting:decision", { meetingId, itemId: otherItemId, text: "Wrong meeting" }, "not_found"],
      ["meeting:decision", { meetingId, itemId: items[0], text: "   " }, "invalid"],
      ["meeting:editing", { meetingId, itemId: otherItemId }, "not_found"],
      [
        "meeting:action",
        { meetingId, itemId: items[0], text: "No due date", owner: `user:${t.userId(POLICE)}` },
        "invalid",
      ],
      ["meeting:join", { meetingId: { $ne: "" } }, "invalid"],
    ];
    for (const [event, payload, code] of cases) {
      const error = next<{ event: string; code: string }>(chair, "meeting:error");
      chair.socket.emit(event, payload);
      expect(await error, `${event} ${JSON.stringify(payload).slice(0, 80)}`).toMatchObject({ event, code });
    }
    expect(JSON.stringify(meetingView(t.actorFor(POLICE), meetingId, { papers: false }).items)).toBe(before);
    expect(meetingView(t.actorFor(POLICE), otherMeetingId, { papers: false }).meeting.currentItemId).toBeNull();
    expect(meetingView(t.actorFor(POLICE), meetingId, { papers: false }).meeting.currentItemId).toBe(current);
    // A frame over the transport's limit closes only that connection; the server carries on.
    const big = await client(ADVOCATE);
    const closed = new Promise((resolve) => big.socket.once("disconnect", resolve));
    big.socket.emit("meeting:minutes", { meetingId, itemId: items[0], text: "y".repeat(100_000), baseVersion: 0 });
    await closed;
    expect((await join(chair)).meeting.id).toBe(meetingId);
  });
});

describe("removal mid-meeting", () => {
  it("a removed member stops receiving events at once and cannot act", async () => {
    const chair = await client(POLICE);
    const advocate = await client(ADVOCATE);
    const probation = await client(PROBATION);
    for (const c of [chair, advocate, probation]) await join(c);
    const told = next<{ meetingId: string }>(probation, "meeting:removed");
    const presence = next<{ presence: { userId: string }[] }>(
      chair,
      "meeting:presence",
      (p) => !p.presence.some((e) => e.userId === t.userId(PROBATION)),
    );
    removeInvitee(t.actorFor(POLICE), meetingId, t.userId(PROBATION));
    expect((await told).meetingId).toBe(meetingId);
    await presence;
    const count = probation.frames.length;
    const advocateSees = next(advocate, "meeting:minutes");
    chair.socket.emit("meeting:minutes", {
      meetingId,
      itemId: items[0],
      text: "After removal: confidential line",
      baseVersion: minutesOf(items[0]!).version,
    });
    await advocateSees;
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[1] });
    await next(advocate, "meeting:advanced");
    await flush(probation);
    expect(probation.frames.slice(count).map((f) => f.event)).toEqual(["meeting:error"]);
    expect(probation.raw.join("\n")).not.toContain("After removal");
    const refused = next<{ code: string }>(probation, "meeting:error");
    probation.socket.emit("meeting:decision", { meetingId, itemId: items[0], text: "Should not be recorded" });
    expect((await refused).code).toBe("not_joined");
    const rejoin = next<{ code: string }>(probation, "meeting:error");
    probation.socket.emit("meeting:join", { meetingId });
    expect((await rejoin).code).toBe("not_found");
  });
});
