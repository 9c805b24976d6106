// The clustered server (WORKERS=2, decision 0022) running a live meeting whose attendees are spread over both
// workers: presence and the chair's moves cross workers; one worker killed mid-meeting, its clients reconnect to
// another and find everything saved before, new edits reach everyone, the primary starts a new worker; SIGTERM to
// the primary stops every worker gracefully. Its own server, port and database; real socket.io clients.
import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, type OwnServer } from "./own-server";
import {
  ADVOCATE,
  CHAIR,
  childrenOf,
  MeetingClient,
  prepareMeeting,
  presenceOf,
  PROBATION,
  PSYCHOLOGIST,
  waitFor,
  type Presence,
  type State,
} from "./support/processes";

type Minutes = { itemId: string; text: string; version: number };
type Advanced = { currentItemId: string };

test("a worker killed mid-meeting: clients reconnect to another, nothing is lost, a new worker starts; SIGTERM stops them all", async () => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-cluster-"));
  let server: OwnServer | undefined;
  let primary = 0;
  const clients: MeetingClient[] = [];
  try {
    const { databasePath, fixture } = prepareMeeting(dir);
    const { meetingId, items, people } = fixture;
    const everyone = [CHAIR, ADVOCATE, PROBATION, PSYCHOLOGIST];
    const ids = everyone.map((e) => people[e]!.userId);
    server = await startServer(databasePath, { WORKERS: "2" });
    primary = server.child.pid!;
    const workers = await waitFor(`two workers of ${primary}`, () => {
      const found = childrenOf(primary);
      return found.length === 2 ? found : undefined;
    });

    // The primary hands connections to the workers in turn: the four attendees are spread over both.
    for (const email of everyone) {
      const c = new MeetingClient(email, server.base, people[email]!.cookie, meetingId);
      clients.push(c);
      await c.latest<State>("meeting:state");
    }
    const [chair, advocate, probation, psychologist] = clients as [
      MeetingClient,
      MeetingClient,
      MeetingClient,
      MeetingClient,
    ];
    // Presence counts the sockets of both workers, on every screen.
    for (const c of clients) await c.latest<Presence>("meeting:presence", (p) => presenceOf(p, ids));

    // The chair's move reaches every screen, whichever worker holds it.
    const moved = clients.map((c) => c.next<Advanced>("meeting:advanced", (a) => a.currentItemId === items[0]));
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[0] });
    await Promise.all(moved);

    // Minutes saved before the kill.
    const before = "Agreed before the worker stopped: joint safety plan review.";
    const heard = [chair, probation, psychologist].map((c) =>
      c.next<Minutes>("meeting:minutes", (m) => m.text === before),
    );
    const saved = advocate.next<Minutes>("meeting:minutes-saved");
    advocate.socket.emit("meeting:minutes", { meetingId, itemId: items[0], text: before, baseVersion: 0 });
    expect((await saved).text).toBe(before);
    await Promise.all(heard);

    // One worker dies at once, as on a crash.
    process.kill(workers[0]!, "SIGKILL");
    const dropped = await waitFor("its clients to notice", () => {
      const d = clients.filter((c) => c.disconnects > 0);
      return d.length ? d : undefined;
    });
    // Its clients, and only its, were cut off: the others stayed connected to the other worker.
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length).toBeLessThan(clients.length);
    for (const c of dropped) {
      const state = await waitFor(
        "a reconnection",
        () => (c.connects > 1 && c.socket.connected ? c : undefined),
        45_000,
      ).then(() => c.latest<State>("meeting:state", (s) => s.items.some((i) => i.minutes === before)));
      expect(state.meeting.currentItemId).toBe(items[0]);
      expect(state.items.find((i) => i.id === items[0])!.minutes).toBe(before);
    }
    for (const c of clients) await c.latest<Presence>("meeting:presence", (p) => presenceOf(p, ids));

    // New edits after the kill reach everyone, from a reconnected client and from one that stayed.
    for (const author of [dropped[0]!, clients.find((c) => !dropped.includes(c))!]) {
      const text = `${before}\nAdded after the restart by ${author.email}.`;
      const others = clients
        .filter((c) => c !== author)
        .map((c) => c.next<Minutes>("meeting:minutes", (m) => m.text === text));
      author.socket.emit("meeting:minutes", {
        meetingId,
        itemId: items[0],
        text,
        baseVersion: author.knownVersion(items[0]!),
      });
      await Promise.all(others);
    }
    const moveOn = clients.map((c) => c.next<Advanced>("meeting:advanced", (a) => a.currentItemId === items[1]));
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[1] });
    await Promise.all(moveOn);

    // The primary started a worker in the dead one's place, and still answers.
    const now = await waitFor("a new worker", () => {
      const c = childrenOf(primary);
      return c.length === 2 && !c.includes(workers[0]!) ? c : undefined;
    });
    expect(now).toContain(workers[1]);
    await waitFor("the new worker to be ready", () => (server!.log().match(/"worker ready"/g) ?? []).length >= 3);
    expect((await fetch(`${server.base}/healthz`)).ok).toBe(true);
    expect(server.log()).toContain("a worker stopped; starting another");

    // SIGTERM to the primary: every worker finishes and stops, then the primary, all exiting 0.
    for (const c of clients) c.close();
    const code = await server.stop("SIGTERM");
    expect(code, server.log().slice(-3000)).toBe(0);
    expect((server.log().match(/"msg":"stopped"/g) ?? []).length).toBe(3);
    for (const pid of now) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);

    // Every process's audit entries form one unbroken chain.
    const verify = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      encoding: "utf8",
    });
    expect(verify.status, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- clients ---\n${clients.map((c) => c.describe()).join("\n")}\n--- processes ---\nprimary ${primary}, its children ${JSON.stringify(childrenOf(primary))}\n--- server log ---\n${server?.log().slice(-4000) ?? ""}`,
    );
  } finally {
    for (const c of clients) c.close();
    await server?.stop("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
