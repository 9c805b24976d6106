// Notifications on a real SQLite file, pushed over a real socket.io server to real clients of each user.
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/notifications";
import { loader as searchLoader } from "~/routes/search";
import {
  listNotifications,
  markNotificationsRead,
  notify,
  NOTIFICATIONS_PAGE_SIZE,
  unreadNotificationCount,
} from "~/services/notifications.server";
import { rootData } from "~/services/root-data.server";
import { startSession } from "~/services/sessions.server";
import { revokeShare, shareRecord } from "~/services/shares.server";
import { caseRecords, notifications } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const ADVOCATE = "advocate@isac.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const CLINICIAN = "clinician@health.concord.test";
const PROSECUTOR = "prosecutor@cps.concord.test";
/** What server/remix-handler.ts gives every loader. */
const CONTEXT = { cspNonce: "test", csrfToken: "test", requestId: "test", clientIp: "127.0.0.1" };

let t: TestDb;
let realtime: RealtimeServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  url = realtime.url;
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
  getDb().delete(notifications).run();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

async function cookieFor(email: string): Promise<string> {
  return (await startSession(t.userId(email), { mfaVerified: true, device: "test" })).split(";")[0]!;
}

async function connectAs(email: string): Promise<{ socket: Socket; received: unknown[] }> {
  const socket = connect(url, {
    extraHeaders: { origin: url, cookie: await cookieFor(email) },
    transports: ["websocket"],
    reconnection: false,
    timeout: 5000,
    forceNew: true,
  });
  sockets.push(socket);
  const received: unknown[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => reject(e));
  });
  return { socket, received };
}

/** Waits until `list` has `n` entries (or fails after a while); socket events arrive asynchronously. */
async function received(list: unknown[], n: number): Promise<void> {
  for (let i = 0; i < 100 && list.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  expect(list).toHaveLength(n);
}

/** Gives any event that was going to arrive the time to, before asserting that none did. */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 300));
}

function stored(email: string) {
  return getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.userId, t.userId(email)))
    .all();
}

async function requestAs(email: string, path: string, init: RequestInit = {}): Promise<Request> {
  return new Request(`http://localhost${path}`, {
    ...init,
    headers: { cookie: await cookieFor(email), ...(init.headers ?? {}) },
  });
}

describe("notify", () => {
  it("stores one notification per recipient and pushes it to that user's sockets only, after the commit", async () => {
    const practitioner = await connectAs(PRACTITIONER);
    const practitioner2 = await connectAs(PRACTITIONER);
    const clinician = await connectAs(CLINICIAN);

    const push = getDb().transaction((tx) =>
      notify(tx, [t.userId(PRACTITIONER), t.userId(PRACTITIONER)], {
        kind: "task_assigned",
        text: "A task on case NS-2026-00001 was assigned to you",
        href: "/tasks",
        caseId: null,
      }),
    );
    const rows = stored(PRACTITIONER);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "task_assigned",
      text: "A task on case NS-2026-00001 was assigned to you",
      href: "/tasks",
      readAt: null,
    });
    // Nothing is sent until the caller pushes.
    await settle();
    expect(practitioner.received).toEqual([]);

    push();
    const expected = {
      event: "notification",
      payload: {
        id: rows[0]!.id,
        kind: "task_assigned",
        text: "A task on case NS-2026-00001 was assigned to you",
        href: "/tasks",
        createdAt: rows[0]!.createdAt,
      },
    };
    await received(practitioner.received, 1);
    await received(practitioner2.received, 1);
    expect(practitioner.received).toEqual([expected]);
    expect(practitioner2.received).toEqual([expected]);
    await settle();
    expect(clinician.received).toEqual([]);
    expect(stored(CLINICIAN)).toEqual([]);
  });

  it("stores nothing when the caller's transaction rolls back", () => {
    expect(() =>
      getDb().transaction((tx) => {
        notify(tx, [t.userId(PRACTITIONER)], { kind: "breach", text: "A breach was recorded", href: "/" });
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(stored(PRACTITIONER)).toEqual([]);
  });
});

describe("the notification centre", () => {
  function seed(email: string, n: number): void {
    const base = Date.parse("2026-03-01T09:00:00Z");
    getDb().transaction((tx) => {
      for (let i = 0; i < n; i++)
        notify(
          tx,
          [t.userId(email)],
          { kind: "deadline", text: `Deadline ${i}`, href: "/" },
          new Date(base + i * 60_000).toISOString(),
        );
    });
  }

  it("lists the user's own notifications, newest first, a page at a time", () => {
    seed(INVESTIGATOR, NOTIFICATIONS_PAGE_SIZE + 5);
    seed(ADVOCATE, 2);
    const investigator = t.actorFor(INVESTIGATOR);
    const first = listNotifications(investigator);
    expect(first).toMatchObject({ total: 25, unread: 25, page: 1, pages: 2 });
    expect(first.items.map((n) => n.text).slice(0, 3)).toEqual(["Deadline 24", "Deadline 23", "Deadline 22"]);
    const second = listNotifications(investigator, 2);
    expect(second.items.map((n) => n.text)).toEqual([
      "Deadline 4",
      "Deadline 3",
      "Deadline 2",
      "Deadline 1",
      "Deadline 0",
    ]);
    expect([...first.items, ...second.items].every((n) => !n.read)).toBe(true);
    expect(listNotifications(t.actorFor(ADVOCATE)).total).toBe(2);
    // A page past the end shows the last one.
    expect(listNotifications(investigator, 7).page).toBe(2);
  });

  it("marks one read, never someone else's, and then all", () => {
    seed(INVESTIGATOR, 3);
    seed(ADVOCATE, 1);
    const investigator = t.actorFor(INVESTIGATOR);
    const advocate = t.actorFor(ADVOCATE);
    const [newest] = listNotifications(investigator).items;
    const theirs = stored(ADVOCATE)[0]!;

    expect(markNotificationsRead(investigator, { id: newest!.id })).toBe(1);
    expect(markNotificationsRead(investigator, { id: newest!.id })).toBe(0);
    expect(markNotificationsRead(investigator, { id: theirs.id })).toBe(0);
    expect(markNotificationsRead(investigator, { id: "no-such-id" })).toBe(0);
    expect(unreadNotificationCount(investigator.userId)).toBe(2);
    expect(unreadNotificationCount(advocate.userId)).toBe(1);
    expect(listNotifications(investigator).items.map((n) => n.read)).toEqual([true, false, false]);

    expect(markNotificationsRead(investigator, "all")).toBe(2);
    expect(unreadNotificationCount(investigator.userId)).toBe(0);
    expect(unreadNotificationCount(advocate.userId)).toBe(1);
  });

  it("gives the header its unread count through the root data", async () => {
    seed(INVESTIGATOR, 3);
    const data = await rootData(await requestAs(INVESTIGATOR, "/"), "csrf");
    expect(data.user?.unreadNotifications).toBe(3);
    expect((await rootData(new Request("http://localhost/"), "csrf")).user).toBeNull();
  });

  it("marks read through the page's form, and refuses a malformed one with a message", async () => {
    seed(INVESTIGATOR, 2);
    const [newest] = listNotifications(t.actorFor(INVESTIGATOR)).items;
    const post = async (fields: Record<string, string>) =>
      notificationsAction({
        request: await requestAs(INVESTIGATOR, "/notifications", { method: "POST", body: new URLSearchParams(fields) }),
        params: {},
        context: CONTEXT,
      }).catch((e: unknown) => e);

    const done = (await post({ intent: "read", id: newest!.id })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/notifications");
    expect(unreadNotificationCount(t.userId(INVESTIGATOR))).toBe(1);

    const bad = (await post({ intent: "delete_everything" })) as { init: { status: number }; data: unknown };
    expect(bad.init.status).toBe(400);
    expect(bad.data).toEqual({ errors: { form: "Choose a notification to mark as read" } });
    expect(unreadNotificationCount(t.userId(INVESTIGATOR))).toBe(1);

    await post({ intent: "read_all" });
    expect(unreadNotificationCount(t.userId(INVESTIGATOR))).toBe(0);
    const page = (await notificationsLoader({
      request: await requestAs(INVESTIGATOR, "/notifications"),
      params: {},
      context: CONTEXT,
    })) as ReturnType<typeof listNotifications>;
    expect(page).toMatchObject({ total: 2, unread: 0 });
  });
});

describe("shared with you", () => {
  function titles(): string[] {
    return getDb()
      .select({ title: caseRecords.title })
      .from(caseRecords)
      .all()
      .map((r) => r.title);
  }
  function recordId(title: string): string {
    return getDb().select({ id: caseRecords.id }).from(caseRecords).where(eq(caseRecords.title, title)).get()!.id;
  }

  it("tells the recipient, stored and live, with the case reference at most and never the record's title", async () => {
    const investigator = await connectAs(INVESTIGATOR);
    const practitioner = await connectAs(PRACTITIONER);
    const share = shareRecord(t.actorFor(ADVOCATE), recordId("Safe contact details"), {
      recipientKind: "user",
      userEmail: INVESTIGATOR,
      purpose: "case_work",
      lawfulBasis: "cda_1998_s115",
    });
    expect(share.ok).toBe(true);

    const rows = stored(INVESTIGATOR);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "shared_with_you",
      text: `A case note on case ${WORKED_CASE_REFERENCE} was shared with you`,
      href: "/shared",
    });
    await received(investigator.received, 1);
    expect(investigator.received[0]).toMatchObject({
      event: "notification",
      payload: { id: rows[0]!.id, text: rows[0]!.text, href: "/shared" },
    });
    await settle();
    expect(practitioner.received).toEqual([]);
    if (share.ok) revokeShare(t.actorFor(ADVOCATE), share.shareId);
  });

  it("never carries a record's title, for any record shared with any kind of recipient; the case only to those who may open it", async () => {
    const sockets = await Promise.all([INVESTIGATOR, PRACTITIONER, CLINICIAN, PROSECUTOR].map(connectAs));
    const owners: [string, string][] = [
      [ADVOCATE, "Safe contact details"],
      [ADVOCATE, "Safety plan"],
      [INVESTIGATOR, "Intelligence report"],
      [INVESTIGATOR, "Perpetrator background"],
    ];
    const recipients: Record<string, string>[] = [
      { recipientKind: "user", userEmail: PROSECUTOR },
      { recipientKind: "role", role: "clinician" },
      { recipientKind: "agency", agencyId: t.actorFor(PRACTITIONER).agencyId },
    ];
    const shareIds: [string, string][] = [];
    for (const [owner, title] of owners) {
      for (const to of recipients) {
        const r = shareRecord(t.actorFor(owner), recordId(title), {
          ...to,
          purpose: "case_work",
          lawfulBasis: "consent",
        });
        if (r.ok) shareIds.push([owner, r.shareId]);
      }
    }
    expect(shareIds.length).toBe(owners.length * recipients.length);

    const all = getDb().select().from(notifications).all();
    expect(all.length).toBeGreaterThan(0);
    const everything = JSON.stringify(all);
    for (const title of titles()) expect(everything).not.toContain(title);
    // The prosecutor and the clinician are not on the worked case: told of a record, not which case.
    for (const email of [PROSECUTOR, CLINICIAN]) {
      // The kind of record only ("A safety plan was shared with you"), never which case.
      for (const n of stored(email)) expect(n.text).toMatch(/^An? [a-z ]+ was shared with you$/);
      expect(stored(email).every((n) => n.caseId === null)).toBe(true);
    }
    // The practitioner is on the team: told which case.
    for (const n of stored(PRACTITIONER))
      expect(n.text).toMatch(new RegExp(`^An? [a-z ]+ on case ${WORKED_CASE_REFERENCE} was shared with you$`));

    await settle();
    const frames = JSON.stringify(sockets.map((s) => s.received));
    for (const title of titles()) expect(frames).not.toContain(title);
    expect(frames).toContain("was shared with you");
    for (const [owner, id] of shareIds) revokeShare(t.actorFor(owner), id);
  });
});

describe("search from the page", () => {
  it("offers people search to those who may discover people, and refuses roles that do not work on cases", async () => {
    const page = (await searchLoader({
      request: await requestAs(INVESTIGATOR, `/search?q=${encodeURIComponent(WORKED_CASE_REFERENCE)}`),
      params: {},
      context: CONTEXT,
    })) as { searched: boolean; canFindPeople: boolean };
    expect(page).toMatchObject({ searched: true, canFindPeople: true });
    const refused = await searchLoader({
      request: await requestAs("auditor@partnership.concord.test", "/search?q=x"),
      params: {},
      context: CONTEXT,
    }).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);
    const bad = (await searchLoader({
      request: await requestAs(INVESTIGATOR, "/search?q=%22%2A%5E"),
      params: {},
      context: CONTEXT,
    })) as unknown as { init: { status: number } };
    expect(bad.init.status).toBe(400);
  });
});
