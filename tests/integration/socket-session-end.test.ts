// Ending a session ends its sockets (issue 14.1), over a real HTTP server, the app's socket.io and real socket.io
// clients with session cookies: for every way a session ends, a socket of that session that was in a live meeting
// stops receiving its events at once and cannot write to it.
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "~/domain/session-timeouts";
import { sweepSessions } from "~/realtime/socket-server.server";
import { accountOverview, endMySession } from "~/services/account.server";
import { createUser, resetPassword, resetSecondFactor, setUserStatus } from "~/services/accounts.server";
import { requireActor } from "~/services/current-user.server";
import { meetingView } from "~/services/meetings.server";
import { sessionIdOf } from "~/services/sessions.server";
import { signOut } from "~/services/sign-out.server";
import { agencies, meetingDecisions } from "../../db/schema";
import { join, next, open as openClient, openLiveMeeting, signedIn, within, type Client } from "./live-clients";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const CHAIR = "investigator@police.concord.test";
const ADMIN = "admin@police.concord.test";

let t: TestDb;
let realtime: RealtimeServer;
let meetingId: string;
let itemId: string;
let policeAgencyId: string;
/** Police members of the meeting (their administrator can reset and suspend them), one per test. */
const members: string[] = [];
const sockets: Socket[] = [];

const open = (cookie: string) => openClient(realtime.url, cookie, sockets);
const joined = async (cookie: string) => join(await open(cookie), meetingId);

function decisionsWith(text: string): number {
  return getDb().select({ id: meetingDecisions.id }).from(meetingDecisions).where(eq(meetingDecisions.text, text)).all()
    .length;
}

function minutesVersion(): number {
  return meetingView(t.actorFor(CHAIR), meetingId, { papers: false }).items.find((i) => i.id === itemId)!
    .minutesVersion;
}

/**
 * The member's socket is in the meeting; `end` ends its session. Straight after, the socket tries to write a
 * decision, and the chair saves minutes and records a decision: the ended socket must be disconnected, must
 * receive none of it, and its decision must not be stored.
 */
async function endedSocketCannotReadOrWrite(member: string, end: (c: Client) => Promise<void> | void): Promise<void> {
  const chair = await joined(await signedIn(t.userId(CHAIR)));
  const victim = await joined(await signedIn(member));
  const seen = victim.frames.length;
  const marker = randomUUID();
  await end(victim);
  victim.socket.emit("meeting:decision", { meetingId, itemId, text: `Victim decision ${marker}` });
  const saved = next(chair, "meeting:minutes-saved");
  chair.socket.emit("meeting:minutes", {
    meetingId,
    itemId,
    text: `Minutes after the end ${marker}`,
    baseVersion: minutesVersion(),
  });
  await saved;
  const decided = next(chair, "meeting:decision");
  chair.socket.emit("meeting:decision", { meetingId, itemId, text: `Chair decision ${marker}` });
  await decided;
  // Anything the server sent the victim by now has arrived (the chair's own answers came after it).
  await new Promise((r) => setTimeout(r, 100));
  expect(decisionsWith(`Victim decision ${marker}`), "the ended socket's decision was stored").toBe(0);
  expect(decisionsWith(`Chair decision ${marker}`)).toBe(1);
  const after = victim.frames.slice(seen).map((f) => f.event);
  expect(
    after.filter(
      (e) => e === "meeting:minutes" || e === "meeting:decision" || e === "meeting:advanced" || e === "meeting:action",
    ),
    "the ended socket received",
  ).toEqual([]);
  expect(victim.raw.join("\n")).not.toContain(marker);
  expect(await within(victim.disconnected, 3000, "disconnect")).toBe("io server disconnect");
  chair.socket.disconnect();
}

function setSessionTimes(cookie: string, times: { createdAt?: string; lastSeenAt?: string }): void {
  const id = sessionIdOf(cookie.split("=")[1]!);
  const db = getDb().$client;
  if (times.createdAt) db.prepare(`UPDATE sessions SET created_at = ? WHERE id = ?`).run(times.createdAt, id);
  if (times.lastSeenAt) db.prepare(`UPDATE sessions SET last_seen_at = ? WHERE id = ?`).run(times.lastSeenAt, id);
}

const ago = (ms: number) => new Date(Date.now() - ms - 1000).toISOString();

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  policeAgencyId = getDb().select({ id: agencies.id }).from(agencies).where(eq(agencies.type, "police")).get()!.id;
  for (let i = 0; i < 9; i++) {
    const created = createUser(t.actorFor(ADMIN), policeAgencyId, {
      name: `Member ${i + 1}`,
      email: `member${i + 1}@police.concord.test`,
      roles: ["investigator"],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    members.push(created.userId);
  }
  ({ meetingId, itemId } = openLiveMeeting(t, { coordinatorEmail: CLINIC, chairEmail: CHAIR, members }));
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

describe("every way a session ends disconnects its sockets at once; they read and write nothing more", () => {
  it("signing out", async () => {
    await endedSocketCannotReadOrWrite(members[0]!, async (victim) => {
      await signOut(new Request("http://localhost/logout", { method: "POST", headers: { cookie: victim.cookie } }));
    });
  });

  it("ending one session from Your sessions (from another session of the same person)", async () => {
    const other = await signedIn(members[1]!);
    await endedSocketCannotReadOrWrite(members[1]!, async (victim) => {
      const actor = await requireActor(
        new Request("http://localhost/account/sessions", { headers: { cookie: other } }),
      );
      const key = createHash("sha256")
        .update(sessionIdOf(victim.cookie.split("=")[1]!))
        .digest("hex")
        .slice(0, 32);
      expect(accountOverview(actor).sessions.some((s) => s.key === key)).toBe(true);
      expect(await endMySession(actor, key)).toMatchObject({ ok: true, wasCurrent: false });
    });
    // The session that ended the other one carries on.
    expect((await requireActor(new Request("http://localhost/", { headers: { cookie: other } }))).userId).toBe(
      members[1],
    );
  });

  it("the idle limit passing", async () => {
    await endedSocketCannotReadOrWrite(members[2]!, (victim) =>
      setSessionTimes(victim.cookie, { lastSeenAt: ago(IDLE_TIMEOUT_MS) }),
    );
  });

  it("the absolute limit passing", async () => {
    await endedSocketCannotReadOrWrite(members[3]!, (victim) =>
      setSessionTimes(victim.cookie, { createdAt: ago(ABSOLUTE_TIMEOUT_MS) }),
    );
  });

  it("a password reset", async () => {
    await endedSocketCannotReadOrWrite(members[4]!, async () => {
      expect((await resetPassword(t.actorFor(ADMIN), members[4]!)).ok).toBe(true);
    });
  });

  it("an authenticator reset", async () => {
    await endedSocketCannotReadOrWrite(members[5]!, async () => {
      expect((await resetSecondFactor(t.actorFor(ADMIN), members[5]!)).ok).toBe(true);
    });
  });

  it("suspension", async () => {
    await endedSocketCannotReadOrWrite(members[6]!, async () => {
      expect((await setUserStatus(t.actorFor(ADMIN), members[6]!, "suspended")).ok).toBe(true);
    });
  });

  it("the session row going by another way (another process ending it, the account deleted)", async () => {
    await endedSocketCannotReadOrWrite(members[7]!, (victim) => {
      getDb()
        .$client.prepare(`DELETE FROM sessions WHERE id = ?`)
        .run(sessionIdOf(victim.cookie.split("=")[1]!));
    });
  });
});

describe("a socket that sends events", () => {
  it("counts as activity for the idle limit, written at most once a minute", async () => {
    const cookie = await signedIn(members[8]!);
    const c = await joined(cookie);
    const id = sessionIdOf(cookie.split("=")[1]!);
    const lastSeen = () =>
      (getDb().$client.prepare(`SELECT last_seen_at AS at FROM sessions WHERE id = ?`).get(id) as { at: string }).at;
    const fiveMinutesAgo = ago(5 * 60_000);
    setSessionTimes(cookie, { lastSeenAt: fiveMinutesAgo });
    const state = next(c, "meeting:state");
    c.socket.emit("meeting:join", { meetingId });
    await state;
    expect(Date.now() - new Date(lastSeen()).getTime()).toBeLessThan(10_000);
  });
});

describe("a socket that sends nothing", () => {
  it("is disconnected by the sweep once its session has passed a limit, and receives nothing meanwhile", async () => {
    const chair = await joined(await signedIn(t.userId(CHAIR)));
    const passive = await joined(await signedIn(members[8]!));
    const fresh = await joined(await signedIn(members[8]!));
    setSessionTimes(passive.cookie, { lastSeenAt: ago(IDLE_TIMEOUT_MS) });
    const seen = passive.frames.length;
    const marker = randomUUID();
    const toFresh = next(fresh, "meeting:minutes");
    chair.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: `Minutes for the live only ${marker}`,
      baseVersion: minutesVersion(),
    });
    await toFresh;
    await new Promise((r) => setTimeout(r, 100));
    expect(passive.frames.slice(seen).map((f) => f.event)).not.toContain("meeting:minutes");
    expect(passive.raw.join("\n")).not.toContain(marker);
    sweepSessions();
    expect(await within(passive.disconnected, 3000, "disconnect")).toBe("io server disconnect");
    // The same person's live session is untouched.
    expect(fresh.socket.connected).toBe(true);
  });

  it("an account deleted with a socket open (no meeting history, so the database allows it) is disconnected by the sweep", async () => {
    const created = createUser(t.actorFor(ADMIN), policeAgencyId, {
      name: "Short-lived",
      email: "short-lived@police.concord.test",
      roles: ["investigator"],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const c = await open(await signedIn(created.userId));
    getDb().$client.prepare(`DELETE FROM password_reset_tokens WHERE user_id = ?`).run(created.userId);
    // Creating the account queued its password-link email (issue 19's outbox).
    getDb().$client.prepare(`DELETE FROM email_outbox WHERE user_id = ?`).run(created.userId);
    getDb().$client.prepare(`DELETE FROM user_roles WHERE user_id = ?`).run(created.userId);
    getDb().$client.prepare(`DELETE FROM users WHERE id = ?`).run(created.userId);
    sweepSessions();
    expect(await within(c.disconnected, 3000, "disconnect")).toBe("io server disconnect");
  });
});
