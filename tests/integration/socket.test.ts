// socket.io on a real HTTP server: the handshake needs our Origin and a fully verified session cookie.
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendToUser } from "~/realtime/hub.server";
import { endAllSessions, startSession } from "~/services/sessions.server";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
let realtime: RealtimeServer;
let url: string;
const sockets: Socket[] = [];

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

function open(
  headers: Record<string, string>,
  transports: ("polling" | "websocket")[] = ["polling", "websocket"],
): Socket {
  const socket = connect(url, {
    extraHeaders: headers,
    transports,
    reconnection: false,
    timeout: 5000,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

/** Resolves "connected", or the connect_error message. */
function outcome(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(`error: ${error.message}`));
  });
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  url = realtime.url;
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

describe("realtime handshake", () => {
  it("refuses a connection without a session cookie", async () => {
    expect(await outcome(open({ origin: url }))).toBe("error: unauthorised");
  });

  it("refuses a cookie for a session that has not passed the second factor", async () => {
    const cookie = await startSession(t.userId("advocate@isac.concord.test"), { mfaVerified: false, device: "test" });
    expect(await outcome(open({ origin: url, cookie: cookiePair(cookie) }))).toBe("error: unauthorised");
  });

  it("refuses a made-up session id", async () => {
    expect(await outcome(open({ origin: url, cookie: "concord_session=abcdefghijklmnopqrstuvwxyz234567" }))).toBe(
      "error: unauthorised",
    );
  });

  it("connects with a verified session cookie and our Origin, over polling and over websocket", async () => {
    const cookie = cookiePair(
      await startSession(t.userId("investigator@police.concord.test"), { mfaVerified: true, device: "test" }),
    );
    const polling = open({ origin: url, cookie });
    expect(await outcome(polling)).toBe("connected");
    const ws = open({ origin: url, cookie }, ["websocket"]);
    expect(await outcome(ws)).toBe("connected");
  });

  it("refuses a foreign Origin even with a valid cookie, and a missing Origin", async () => {
    const cookie = cookiePair(
      await startSession(t.userId("spoc@police.concord.test"), { mfaVerified: true, device: "test" }),
    );
    expect(await outcome(open({ origin: "https://evil.example", cookie }))).toMatch(/^error: /);
    expect(await outcome(open({ origin: "https://evil.example", cookie }, ["websocket"]))).toMatch(/^error: /);
    expect(await outcome(open({ cookie }))).toMatch(/^error: /);
    expect(await outcome(open({ origin: url, cookie }))).toBe("connected");
  });

  it("delivers a user's events only to that user's sockets", async () => {
    const mine = open({
      origin: url,
      cookie: cookiePair(
        await startSession(t.userId("prosecutor@cps.concord.test"), { mfaVerified: true, device: "test" }),
      ),
    });
    const theirs = open({
      origin: url,
      cookie: cookiePair(
        await startSession(t.userId("clinician@health.concord.test"), { mfaVerified: true, device: "test" }),
      ),
    });
    expect(await outcome(mine)).toBe("connected");
    expect(await outcome(theirs)).toBe("connected");
    let leaked = false;
    theirs.on("note", () => (leaked = true));
    const received = new Promise((resolve) => mine.once("note", resolve));
    sendToUser(t.userId("prosecutor@cps.concord.test"), "note", { n: 1 });
    expect(await received).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(leaked).toBe(false);
  });

  it("drops a user's open sockets when their sessions end", async () => {
    const userId = t.userId("psychologist@health.concord.test");
    const socket = open({
      origin: url,
      cookie: cookiePair(await startSession(userId, { mfaVerified: true, device: "test" })),
    });
    expect(await outcome(socket)).toBe("connected");
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    await endAllSessions(userId);
    expect(await dropped).toBe("io server disconnect");
  });
});
