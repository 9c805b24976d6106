// Socket events are rate-limited and minute versions coalesced (issue 14.2), over a real HTTP server, the app's
// socket.io and real socket.io clients.
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { SOCKETS_PER_SESSION, SOCKET_EVENT_LIMIT, USER_EVENT_LIMIT } from "~/realtime/socket-limits.server";
import { RATE_LIMITED_EVENT, type RateLimited } from "~/realtime/socket-events";
import { COALESCE_WINDOW_MS, MERGE_HORIZON_MS } from "~/services/meeting-minutes.server";
import { meetingView, saveItemMinutes } from "~/services/meetings.server";
import { join, next, open as openClient, openLiveMeeting, signedIn, type Client } from "./live-clients";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const CHAIR = "investigator@police.concord.test";
const FLOODER = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";

let t: TestDb;
let realtime: RealtimeServer;
let meetingId: string;
let itemId: string;
const sockets: Socket[] = [];

const open = (cookie: string) => openClient(realtime.url, cookie, sockets);
const joined = async (email: string) => join(await open(await signedIn(t.userId(email))), meetingId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function count(sql: string, ...args: unknown[]): number {
  return (
    getDb()
      .$client.prepare(sql)
      .get(...args) as { n: number }
  ).n;
}
const versions = () => count(`SELECT count(*) AS n FROM meeting_minutes_versions WHERE item_id = ?`, itemId);
const auditRows = (action?: string) =>
  action
    ? count(`SELECT count(*) AS n FROM audit_log WHERE action = ?`, action)
    : count(`SELECT count(*) AS n FROM audit_log`);
const current = () => meetingView(t.actorFor(CHAIR), meetingId, { papers: false }).items.find((i) => i.id === itemId)!;

/** Resolves once the server has answered everything this client sent before (a refused join is answered). */
async function settled(c: Client): Promise<void> {
  for (;;) {
    const answered = next(c, "meeting:error", (e: { event: string }) => e.event === "meeting:join").then(
      () => true,
      () => false,
    );
    c.socket.emit("meeting:join", { meetingId: "!" });
    if (await answered) return;
    await sleep(600); // refused by the limit itself: wait for a token
  }
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  ({ meetingId, itemId } = openLiveMeeting(t, {
    coordinatorEmail: CLINIC,
    chairEmail: CHAIR,
    members: [FLOODER, ADVOCATE, PSYCHOLOGIST].map((e) => t.userId(e)),
  }));
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

describe("a flood of minutes", () => {
  it("is refused past the limit: the sender is told, stored versions and audit rows stay bounded, one audit row for the flood", async () => {
    const flooder = await joined(FLOODER);
    const advocate = await joined(ADVOCATE);
    const lines = Array.from({ length: 400 }, (_, i) => `Line ${i + 1}`);
    const start = next<{ version: number }>(flooder, "meeting:minutes-saved");
    flooder.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: lines.join("\n"),
      baseVersion: current().minutesVersion,
    });
    const base = (await start).version;
    const before = { versions: versions(), audit: auditRows(), limited: auditRows("socket.rate_limited") };
    const told = next<RateLimited>(flooder, RATE_LIMITED_EVENT);
    // Each save changes one more line of the same base, so every one merges cleanly (and would be stored).
    for (let i = 0; i < 400; i++) {
      lines[i] = `Line ${i + 1}, flooded`;
      flooder.socket.emit("meeting:minutes", { meetingId, itemId, text: lines.join("\n"), baseVersion: base });
    }
    expect(await told).toMatchObject({ event: "meeting:minutes" });
    expect((await told).retryAfterSeconds).toBeGreaterThan(0);
    await sleep(300);
    await settled(flooder);
    await settled(advocate);

    const saved = flooder.frames.filter((f) => f.event === "meeting:minutes-saved").length - 1;
    const conflicts = flooder.frames.filter((f) => f.event === "meeting:minutes-conflict").length;
    const accepted = saved + conflicts;
    // The burst, and what trickled back while the flood was read (2 a second): never the 400.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(SOCKET_EVENT_LIMIT.burst + 4);
    expect(versions() - before.versions).toBeLessThanOrEqual(saved);
    expect(advocate.frames.filter((f) => f.event === "meeting:minutes").length).toBeLessThanOrEqual(saved);
    expect(auditRows("socket.rate_limited") - before.limited).toBe(1);
    // Each accepted save is audited (and each delivery), the refused ones are not.
    expect(auditRows() - before.audit).toBeLessThanOrEqual(2 * accepted + 1 + 2);
    // Refusals are told at most about once a second, not once per refused event.
    expect(flooder.frames.filter((f) => f.event === RATE_LIMITED_EVENT).length).toBeLessThanOrEqual(3);

    // Others are not limited by it, and the flooder gets through again once the sustained rate allows.
    const advocateSaved = next(advocate, "meeting:minutes-saved");
    advocate.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: `${current().minutes}\nAdvocate: after the flood`,
      baseVersion: current().minutesVersion,
    });
    await advocateSaved;
    await sleep(1000);
    const again = next<{ text: string }>(flooder, "meeting:minutes-saved");
    flooder.socket.emit("meeting:minutes", {
      meetingId,
      itemId,
      text: `${current().minutes}\nProbation: calmly`,
      baseVersion: current().minutesVersion,
    });
    expect((await again).text).toContain("Probation: calmly");
  });

  it("is limited per person too: several sockets of one person share the person's limit", async () => {
    const cookie = await signedIn(t.userId(PSYCHOLOGIST));
    const clients = [
      await open(cookie),
      await open(cookie),
      await open(await signedIn(t.userId(PSYCHOLOGIST))),
      await open(cookie),
    ];
    // Every event counts, even one that is then refused as invalid: 4 sockets × 20, inside each socket's burst.
    for (const c of clients)
      for (let i = 0; i < SOCKET_EVENT_LIMIT.burst; i++) c.socket.emit("meeting:join", { meetingId: "!" });
    await sleep(500);
    const answered = clients.reduce((n, c) => n + c.frames.filter((f) => f.event === "meeting:error").length, 0);
    expect(answered).toBeGreaterThanOrEqual(USER_EVENT_LIMIT.burst);
    expect(answered).toBeLessThanOrEqual(USER_EVENT_LIMIT.burst + 4);
    expect(clients.some((c) => c.frames.some((f) => f.event === RATE_LIMITED_EVENT))).toBe(true);
  });
});

describe("sockets per session", () => {
  it("are capped: one more is refused, another session of the same person is not", async () => {
    const cookie = await signedIn(t.userId(ADVOCATE));
    for (let i = 0; i < SOCKETS_PER_SESSION; i++) await open(cookie);
    await expect(open(cookie)).rejects.toThrow("too_many_connections");
    await open(await signedIn(t.userId(ADVOCATE)));
  });
});

describe("minute versions", () => {
  it("coalesce to one per author per item per few seconds once past the merge horizon; every other edit is kept", () => {
    const chair = t.actorFor(CHAIR);
    const advocate = t.actorFor(ADVOCATE);
    const save = (actor: typeof chair, line: string) => {
      const item = current();
      const result = saveItemMinutes(actor, meetingId, itemId, {
        text: `${item.minutes ?? ""}\n${line}`.trim(),
        baseVersion: item.minutesVersion,
      });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.version;
    };
    expect(
      saveItemMinutes(chair, meetingId, itemId, { text: "Minutes", baseVersion: current().minutesVersion }).ok,
    ).toBe(true);
    const v = [
      save(chair, "A1"),
      save(chair, "A2"),
      save(advocate, "B1"),
      save(chair, "A3"),
      save(chair, "A4"),
      save(chair, "A5"),
    ];
    // As if saved long ago: A1 and A2 two seconds apart, then B1, then A3, A4 close together, A5 well after A4.
    const long = Date.now() - MERGE_HORIZON_MS - 60_000;
    const at = [0, 2000, 3000, 20_000, 20_000 + COALESCE_WINDOW_MS / 2, 40_000].map((ms) =>
      new Date(long + ms).toISOString(),
    );
    v.forEach((version, i) =>
      getDb()
        .$client.prepare(`UPDATE meeting_minutes_versions SET saved_at = ? WHERE item_id = ? AND version = ?`)
        .run(at[i], itemId, version),
    );
    const latest = save(advocate, "B2");
    const kept = (
      getDb()
        .$client.prepare(
          `SELECT version FROM meeting_minutes_versions WHERE item_id = ? AND version >= ? ORDER BY version`,
        )
        .all(itemId, v[0]) as { version: number }[]
    ).map((r) => r.version);
    // A1 (followed by the same author's A2 within seconds) and A3 (followed by A4) go; the others stay.
    expect(kept).toEqual([v[1], v[2], v[4], v[5], latest]);
    // Every line anyone wrote is in what is kept.
    for (const line of ["A1", "A2", "B1", "A3", "A4", "A5", "B2"]) expect(current().minutes).toContain(line);

    // An edit made from a version that has gone comes back as a conflict with both texts; nothing is written.
    const before = current();
    const result = saveItemMinutes(chair, meetingId, itemId, { text: "Written long ago", baseVersion: v[0]! });
    expect(result).toMatchObject({
      ok: false,
      conflict: { theirs: before.minutes, yours: "Written long ago", version: before.minutesVersion },
    });
    expect(current().minutesVersion).toBe(before.minutesVersion);
  });

  it("are all kept while they may still be someone's base (younger than the merge horizon)", () => {
    const chair = t.actorFor(CHAIR);
    const before = versions();
    for (let i = 0; i < 5; i++) {
      const item = current();
      expect(
        saveItemMinutes(chair, meetingId, itemId, {
          text: `${item.minutes}\nQuick ${i}`,
          baseVersion: item.minutesVersion,
        }).ok,
      ).toBe(true);
    }
    expect(versions()).toBe(before + 5);
  });
});
