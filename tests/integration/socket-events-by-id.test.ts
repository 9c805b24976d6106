// Every socket event a client may send names a meeting (and often an item) by id. For people who may not see the
// meeting (a case worker who is not invited, and an auditor whose invitation predates the rule that only case
// workers attend) each event, sent with real ids, is refused, changes nothing, and no frame they receive carries
// anything of the meeting (issue 23). The events are those the server registers (LIVE_EVENT_SCHEMAS), so an event
// added later is sent here too. A real HTTP server, the app's socket.io and real socket.io clients.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "~/db.server";
import { LIVE_EVENT_SCHEMAS } from "~/realtime/meeting-socket.server";
import { MEETING_EVENTS } from "~/realtime/meeting-events";
import { addAgendaItems } from "~/services/meeting-items.server";
import { acknowledgeConfidentiality, createMeeting, openMeeting, saveItemMinutes } from "~/services/meetings.server";
import { startSession } from "~/services/sessions.server";
import { cases, clinicReferrals, meetingInvitees, meetingItems } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const CHAIR = "investigator@police.concord.test";
const NOT_INVITED = "prosecutor@cps.concord.test";
const AUDITOR = "auditor@partnership.concord.test";
const TITLE = "Clinic review of a sensitive case";
const MINUTES = "Agreed a joint visit with the advocate next week";

let t: TestDb;
let realtime: RealtimeServer;
let meetingId: string;
let itemId: string;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  const caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!
    .id;
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
  const day = new Date(Date.now() + 2 * 86_400_000);
  const created = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: TITLE,
    "date-day": String(day.getUTCDate()),
    "date-month": String(day.getUTCMonth() + 1),
    "date-year": String(day.getUTCFullYear()),
    time: "10:00",
    chair: t.userId(CHAIR),
    invitees: [],
    statement: "",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  meetingId = created.id;
  addAgendaItems(t.actorFor(CLINIC), meetingId, [`clinic_referral:${referralId}`]);
  itemId = getDb()
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meetingId))
    .get()!.id;
  acknowledgeConfidentiality(t.actorFor(CHAIR), meetingId);
  openMeeting(t.actorFor(CHAIR), meetingId);
  saveItemMinutes(t.actorFor(CHAIR), meetingId, itemId, { text: MINUTES, baseVersion: 0 });
  // An invitation made before only case workers could be invited.
  getDb()
    .insert(meetingInvitees)
    .values({ meetingId, userId: t.userId(AUDITOR), invitedBy: t.userId(CLINIC), invitedAt: at, acknowledgedAt: at })
    .run();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

/** A payload that passes the event's schema, naming the meeting and its item by their real ids. */
function payloadFor(schema: z.ZodTypeAny, key = ""): unknown {
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional)
    return payloadFor(schema.unwrap() as z.ZodTypeAny, key);
  if (schema instanceof z.ZodEffects) return payloadFor(schema.innerType() as z.ZodTypeAny, key);
  if (schema instanceof z.ZodObject)
    return Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([k, v]) => [k, payloadFor(v, k)]),
    );
  if (schema instanceof z.ZodNumber) return 0;
  if (schema instanceof z.ZodString) {
    if (key === "meetingId") return meetingId;
    if (key === "itemId") return itemId;
    if (key === "day" || key === "month") return "1";
    if (key === "year") return String(new Date().getUTCFullYear() + 1);
    if (key === "owner") return `user:${t.userId(CHAIR)}`;
    return "Forged from outside the meeting";
  }
  throw new Error(`socket-events-by-id: no sample for a ${schema.constructor.name} at ${key}`);
}

function counts(): string {
  const n = (table: string) => (getDb().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return JSON.stringify({
    versions: n("meeting_minutes_versions"),
    decisions: n("meeting_decisions"),
    actions: n("meeting_actions"),
    item: getDb().select().from(meetingItems).where(eq(meetingItems.id, itemId)).get(),
  });
}

async function open(email: string): Promise<{ socket: Socket; frames: string[] }> {
  const cookie = (await startSession(t.userId(email), { mfaVerified: true, device: "test" })).split(";")[0]!;
  const socket = connect(realtime.url, {
    extraHeaders: { origin: realtime.url, cookie },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const frames: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => frames.push(JSON.stringify([event, ...args])));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, frames };
}

function answerTo(socket: Socket, event: string): Promise<{ event: string; code: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 3000);
    const listener = (e: { event: string; code: string }) => {
      if (e.event !== event) return;
      clearTimeout(timer);
      socket.off(MEETING_EVENTS.error, listener);
      resolve(e);
    };
    socket.on(MEETING_EVENTS.error, listener);
  });
}

describe("every live-meeting event, from people who may not see the meeting", () => {
  it("registers the events this test sends (join first)", async () => {
    // Connecting registers the handlers.
    const { socket } = await open(CHAIR);
    socket.disconnect();
    expect([...LIVE_EVENT_SCHEMAS.keys()]).toContain(MEETING_EVENTS.join);
    expect(LIVE_EVENT_SCHEMAS.size).toBeGreaterThanOrEqual(7);
  });

  for (const email of [NOT_INVITED, AUDITOR]) {
    it(`${email}: each event with real ids is refused, changes nothing, and nothing of the meeting reaches them`, async () => {
      const before = counts();
      const { socket, frames } = await open(email);
      const events = [MEETING_EVENTS.join, ...[...LIVE_EVENT_SCHEMAS.keys()].filter((e) => e !== MEETING_EVENTS.join)];
      for (const event of events) {
        const payload = payloadFor(LIVE_EVENT_SCHEMAS.get(event)!);
        expect(LIVE_EVENT_SCHEMAS.get(event)!.safeParse(payload).success, `${event} sample payload`).toBe(true);
        const answer = answerTo(socket, event);
        socket.emit(event, payload);
        expect(["not_found", "not_joined"], `${event}`).toContain((await answer).code);
      }
      socket.disconnect();
      expect(counts()).toBe(before);
      const received = frames.join("\n");
      expect(frames.some((f) => f.startsWith(`["${MEETING_EVENTS.state}"`))).toBe(false);
      for (const secret of [TITLE, MINUTES, WORKED_CASE_REFERENCE, "Forged from outside the meeting"])
        expect(received, secret).not.toContain(secret);
    });
  }
});
