// Two server processes against one Redis and one database (decision 0022: socket.io's Redis adapter, REDIS_URL),
// as several servers would run: a live meeting whose attendees are split across the two sees every edit, presence
// and chair move, each built for its recipient by the process that holds their socket. Starts Debian's
// redis-server on a free loopback port; skipped only when redis-server is not installed (.ci/run installs it).
import { expect, test } from "@playwright/test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startServer, type OwnServer } from "./own-server";
import {
  ADVOCATE,
  CHAIR,
  MeetingClient,
  prepareMeeting,
  presenceOf,
  PROBATION,
  PSYCHOLOGIST,
  type Presence,
  type State,
} from "./support/processes";

const redisServer =
  ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => fs.existsSync(p)) ??
  (spawnSync("which", ["redis-server"], { encoding: "utf8" }).stdout.trim() || undefined);

// Synthetic details from db/seed/demo-cases.ts that must never reach probation's socket.
const VICTIM_SECRETS = ["14 Larkspur Close", "07700 900123", "Safe contact details"];

type Advanced = { currentItemId: string; papers: { notes: { title: string; level: string }[] } | null };
type Minutes = { itemId: string; text: string; version: number; byUserId: string };

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    redisServer!,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 15_000);
    redis.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    redis.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return redis;
}

test("two servers, one Redis, one database: a meeting split across them sees every edit, presence and chair move", async () => {
  // Required, not skipped: a missing server would otherwise pass silently (.ci/run installs it).
  if (!redisServer)
    throw new Error("redis-server is not installed: apt-get install redis-server (.ci/run installs it)");
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-redis-"));
  let redis: ChildProcess | undefined;
  const servers: OwnServer[] = [];
  const clients: MeetingClient[] = [];
  try {
    const { databasePath, fixture } = prepareMeeting(dir);
    const { meetingId, items, people } = fixture;
    const redisPort = await freePort();
    redis = await startRedis(redisPort);
    const env = { WORKERS: "1", REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    const [one, two] = await Promise.all([startServer(databasePath, env), startServer(databasePath, env)]);
    servers.push(one!, two!);

    // The chair and the advocate on one server; probation and the psychologist on the other.
    const placed: [string, OwnServer][] = [
      [CHAIR, one!],
      [ADVOCATE, one!],
      [PROBATION, two!],
      [PSYCHOLOGIST, two!],
    ];
    for (const [email, server] of placed) {
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
    const ids = (emails: string[]) => emails.map((e) => people[e]!.userId);

    // Presence: everyone is seen on both servers.
    for (const c of clients)
      await c.latest<Presence>("meeting:presence", (p) =>
        presenceOf(p, ids([CHAIR, ADVOCATE, PROBATION, PSYCHOLOGIST])),
      );
    const editing = chair.next<Presence>("meeting:presence", (p) =>
      p.presence.some((e) => e.userId === people[PROBATION]!.userId && e.editing === items[0]),
    );
    probation.socket.emit("meeting:editing", { meetingId, itemId: items[0] });
    await editing;

    // The chair's move: every screen follows, each with its own papers, built by the server that holds it.
    const moved = clients.map((c) => c.next<Advanced>("meeting:advanced", (a) => a.currentItemId === items[0]));
    chair.socket.emit("meeting:advance", { meetingId, itemId: items[0] });
    const [, , toProbation, toPsychologist] = await Promise.all(moved);
    const clinical = (a: Advanced) => a.papers?.notes.find((n) => n.title === "Clinical formulation")?.level ?? "none";
    expect(toProbation!.papers).not.toBeNull();
    expect(clinical(toPsychologist!)).toBe("full");
    expect(clinical(toProbation!)).not.toBe("full");

    // Edits both ways: saved on one server, merged on the other, seen by everyone.
    const first = "Risk discussed: contact escalating after the breach.";
    const heard = [chair, probation, psychologist].map((c) =>
      c.next<Minutes>("meeting:minutes", (m) => m.text === first),
    );
    advocate.socket.emit("meeting:minutes", { meetingId, itemId: items[0], text: first, baseVersion: 0 });
    await Promise.all(heard);
    const second = `${first}\nClinic to review the formulation.`;
    const heardBack = [chair, advocate, probation].map((c) =>
      c.next<Minutes>("meeting:minutes", (m) => m.text === second && m.byUserId === people[PSYCHOLOGIST]!.userId),
    );
    psychologist.socket.emit("meeting:minutes", {
      meetingId,
      itemId: items[0],
      text: second,
      baseVersion: psychologist.knownVersion(items[0]!),
    });
    await Promise.all(heardBack);

    // A decision recorded on the second server reaches the first.
    const decided = [chair, advocate].map((c) =>
      c.next<{ itemId: string; decision: { text: string } }>(
        "meeting:decision",
        (d) => d.decision.text === "Refer to the MAPPA coordinator",
      ),
    );
    psychologist.socket.emit("meeting:decision", {
      meetingId,
      itemId: items[0],
      text: "Refer to the MAPPA coordinator",
    });
    await Promise.all(decided);

    // Someone leaving the second server leaves everyone's presence list.
    const gone = [chair, advocate].map((c) =>
      c.next<Presence>("meeting:presence", (p) => presenceOf(p, ids([CHAIR, ADVOCATE, PSYCHOLOGIST]))),
    );
    probation.close();
    await Promise.all(gone);

    // Built per recipient all along: nothing of the victim's contact details reached probation.
    const wire = probation.raw.join("\n");
    expect(wire).toContain("meeting:advanced");
    for (const secret of VICTIM_SECRETS) expect(wire).not.toContain(secret);

    for (const c of clients) c.close();
    for (const server of servers) expect(await server.stop("SIGTERM"), server.log().slice(-2000)).toBe(0);
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- clients ---\n${clients.map((c) => c.describe()).join("\n")}\n--- servers ---\n${servers.map((s) => s.log().slice(-2000)).join("\n---\n")}`,
    );
  } finally {
    for (const c of clients) c.close();
    for (const server of servers) await server.stop("SIGKILL");
    redis?.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
