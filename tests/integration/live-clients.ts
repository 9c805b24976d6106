// Real socket.io clients with session cookies against the app's socket.io (realtime-server.ts), and an open live
// meeting to use them in, for the live-meeting integration tests.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { expect } from "vitest";
import { getDb } from "~/db.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import { acknowledgeConfidentiality, createMeeting, meetingView, openMeeting } from "~/services/meetings.server";
import { startSession } from "~/services/sessions.server";
import { cases, clinicReferrals, users } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import type { TestDb } from "./test-db";

export type Client = {
  socket: Socket;
  /** Every event received, in order. */
  frames: { event: string; payload: unknown }[];
  /** The raw frames as they came off the wire, before socket.io decoded them. */
  raw: string[];
  cookie: string;
  /** Resolves with the reason when the socket is disconnected. */
  disconnected: Promise<string>;
};

/** A fully signed-in session for the user: the `name=token` pair of its cookie. */
export async function signedIn(userId: string): Promise<string> {
  return (await startSession(userId, { mfaVerified: true, device: "test" })).split(";")[0]!;
}

/**
 * Opens a websocket with the cookie (null: none, as a signed-out browser) and our Origin; `opened` collects every
 * client for closing after a test.
 */
export async function open(url: string, cookie: string | null, opened: Socket[]): Promise<Client> {
  const socket = connect(url, {
    extraHeaders: { origin: url, ...(cookie ? { cookie } : {}) },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  const c: Client = { socket, frames: [], raw: [], cookie: cookie ?? "", disconnected };
  socket.onAny((event: string, payload: unknown) => c.frames.push({ event, payload }));
  socket.io.on("open", () => socket.io.engine.on("data", (d: unknown) => c.raw.push(String(d))));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => reject(e));
  });
  return c;
}

/** The next `event` (matching `where`) this client receives after now. */
export function next<T = unknown>(c: Client, event: string, where: (p: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 3 s`)), 3000);
    const listener = (payload: T) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      c.socket.off(event, listener);
      resolve(payload);
    };
    c.socket.on(event, listener);
  });
}

/** A round trip on this socket: everything the server sent it before has arrived once this resolves. */
export async function flush(c: Client): Promise<void> {
  const answered = next(c, "meeting:error", (e: { event: string }) => e.event === "meeting:join");
  c.socket.emit("meeting:join", { meetingId: "!" });
  await answered;
}

export async function join(c: Client, meetingId: string): Promise<Client> {
  const state = next(c, "meeting:state");
  c.socket.emit("meeting:join", { meetingId });
  await state;
  return c;
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms)),
  ]);
}

/** An accepted clinic referral of the case, waiting for a meeting: referred by `referrerEmail`, accepted by the coordinator. */
export function acceptedClinicReferral(
  t: TestDb,
  o: { caseId: string; referrerEmail: string; coordinatorEmail: string; priority?: "urgent" | "routine" },
): string {
  const id = randomUUID();
  const at = new Date().toISOString();
  getDb()
    .insert(clinicReferrals)
    .values({
      id,
      caseId: o.caseId,
      referrerUserId: t.userId(o.referrerEmail),
      referrerAgencyId: t.actorFor(o.referrerEmail).agencyId,
      reason: "Escalating contact",
      currentRisk: "high",
      ask: "Review risk",
      status: "accepted",
      priority: o.priority ?? "urgent",
      decidedBy: t.userId(o.coordinatorEmail),
      decidedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .run();
  return id;
}

/** A planned clinic case review two days ahead, arranged by the coordinator, with these members (user ids) invited. */
export function clinicMeeting(
  t: TestDb,
  o: { coordinatorEmail: string; chairEmail: string; members: string[]; title?: string },
): string {
  const [year, month, day] = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).split("-");
  const result = createMeeting(t.actorFor(o.coordinatorEmail), {
    kind: "clinic_review",
    title: o.title ?? "Live clinic",
    "date-day": day!,
    "date-month": month!,
    "date-year": year!,
    time: "10:00",
    chair: t.userId(o.chairEmail),
    invitees: o.members,
    statement: "",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

/** The id of a demo case by its reference. */
export function caseIdOf(reference: string): string {
  return getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, reference)).get()!.id;
}

/**
 * An open clinic meeting chaired by `chairEmail`, with the worked case as its one item and every member (user ids)
 * invited and having acknowledged the confidentiality statement.
 */
export function openLiveMeeting(
  t: TestDb,
  o: { coordinatorEmail: string; chairEmail: string; members: string[] },
): { meetingId: string; itemId: string } {
  acceptedClinicReferral(t, {
    caseId: caseIdOf(WORKED_CASE_REFERENCE),
    referrerEmail: o.chairEmail,
    coordinatorEmail: o.coordinatorEmail,
  });
  const meetingId = clinicMeeting(t, o);
  const keys = getDb()
    .select({ id: clinicReferrals.id })
    .from(clinicReferrals)
    .where(eq(clinicReferrals.status, "accepted"))
    .all()
    .map((r) => `clinic_referral:${r.id}`);
  expect(addAgendaItems(t.actorFor(o.coordinatorEmail), meetingId, keys)).toBeGreaterThan(0);
  for (const userId of [t.userId(o.chairEmail), ...o.members]) {
    const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, userId)).get()!.email;
    acknowledgeConfidentiality(t.actorFor(email), meetingId);
  }
  openMeeting(t.actorFor(o.chairEmail), meetingId);
  return { meetingId, itemId: meetingView(t.actorFor(o.chairEmail), meetingId, { papers: false }).items[0]!.id };
}
