// `npm run bench:flood`: one member floods a live meeting's minutes through the real server (the production
// build, its own process, its own temporary demo database) while nine others are joined and /healthz is polled.
// Prints JSON lines: what the flood sent, what was stored, what was refused, and /healthz before and during.
// Figures, not assertions. Needs `npm run build` first. FLOOD_SECONDS (default 20), FLOOD_RATE events/s (60, the rate the flood in issue 14 stored).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  process.stderr.write("socket-flood: run `npm run build` first (it measures the production build)\n");
  process.exit(1);
}
const seconds = Number(process.env.FLOOD_SECONDS ?? 20);
const rate = Number(process.env.FLOOD_RATE ?? 60);
const port = Number(process.env.FLOOD_PORT ?? 3299);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-flood-"));
const databasePath = path.join(dir, "concord.db");
process.env.DATABASE_PATH = databasePath;
process.env.CONCORD_DEMO = "1";
process.env.LOG_LEVEL = "silent";

const { getDb, closeDb } = await import("../app/db.server");
const { seedDemo } = await import("../db/seed/demo");
const { startSession } = await import("../app/services/sessions.server");
const { caseWorkingUserIds } = await import("../app/access/case-work.server");
const { users, cases, meetings, meetingInvitees, meetingItems, partnerships } = await import("../db/schema");
const { and, eq, inArray } = await import("drizzle-orm");

const db = getDb();
await seedDemo(db, { NODE_ENV: "test" });
// Ten case-working members of one open meeting with one item, all having acknowledged the statement (setup
// rows, as the bench does: the flood is what is measured).
const people = db
  .select({ id: users.id })
  .from(users)
  .where(and(eq(users.status, "active"), inArray(users.id, caseWorkingUserIds())))
  .limit(10)
  .all()
  .map((u) => u.id);
const meetingId = randomUUID();
const itemId = randomUUID();
const at = new Date().toISOString();
db.insert(meetings)
  .values({
    id: meetingId,
    partnershipId: db.select({ id: partnerships.id }).from(partnerships).get()!.id,
    kind: "clinic_review",
    title: "Flood",
    startsAt: at,
    chairUserId: people[0]!,
    status: "open",
    confidentialityStatement: "Flood",
    createdBy: people[0]!,
    createdAt: at,
    openedAt: at,
  })
  .run();
for (const userId of people)
  db.insert(meetingInvitees)
    .values({ meetingId, userId, invitedBy: people[0]!, invitedAt: at, attendance: "present", acknowledgedAt: at })
    .run();
db.insert(meetingItems)
  .values({
    id: itemId,
    meetingId,
    caseId: db.select({ id: cases.id }).from(cases).get()!.id,
    source: "review",
    position: 1,
    minutesAllowed: 15,
    priority: "routine",
  })
  .run();
const cookies: string[] = [];
for (const userId of people)
  cookies.push((await startSession(userId, { mfaVerified: true, device: "flood" })).split(";")[0]!);
const counts = () => {
  const c = getDb().$client;
  const n = (q: string) => (c.prepare(q).get() as { n: number }).n;
  return {
    versions: n(`SELECT count(*) AS n FROM meeting_minutes_versions`),
    versionBytes: n(`SELECT coalesce(sum(length(text)), 0) AS n FROM meeting_minutes_versions`),
    audit: n(`SELECT count(*) AS n FROM audit_log`),
  };
};

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  cwd: root,
  stdio: ["ignore", "ignore", 2],
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
});
const url = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error("the server stopped");
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 600) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }

  const open = (cookie: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        extraHeaders: { origin: url, cookie },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      socket.once("meeting:state", () => resolve(socket));
      socket.once("connect_error", reject);
      socket.once("connect", () => socket.emit("meeting:join", { meetingId }));
    });
  const sockets = [];
  for (const cookie of cookies) sockets.push(await open(cookie));
  const [flooder, ...others] = sockets as [Socket, ...Socket[]];
  let received = 0;
  for (const o of others) o.on("meeting:minutes", () => (received += 1));

  /** /healthz round trips every 50 ms while `running()`. */
  const sampleHealth = async (running: () => boolean) => {
    const times: number[] = [];
    while (running()) {
      const t = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0) * 10) / 10;
    return { n: times.length, p50_ms: pct(50), p95_ms: pct(95), max_ms: Math.round((times.at(-1) ?? 0) * 10) / 10 };
  };

  const quietUntil = Date.now() + 3000;
  const quiet = await sampleHealth(() => Date.now() < quietUntil);
  process.stdout.write(`${JSON.stringify({ name: "flood.healthz_quiet", ...quiet })}\n`);

  const before = counts();
  let sent = 0;
  let saved = 0;
  let version = 0;
  let limitedNotices = 0;
  const errors = new Map<string, number>();
  flooder.on("meeting:minutes-saved", (p: { version: number }) => {
    saved += 1;
    version = Math.max(version, p.version);
  });
  flooder.on("meeting:error", (e: { code: string }) => errors.set(e.code, (errors.get(e.code) ?? 0) + 1));
  flooder.on("meeting:minutes-conflict", () => errors.set("conflict", (errors.get("conflict") ?? 0) + 1));
  flooder.on("rate-limited", () => (limitedNotices += 1));
  // About 12 KB of minutes, one line different every time, so that saves made from an older version still merge
  // and are stored (as the flood in issue 14 was: 2,907 versions in 51 s).
  const lines = Array.from({ length: 2000 }, (_, i) => `L${i + 1}`.padEnd(6, "."));
  const floodUntil = Date.now() + seconds * 1000;
  const flooding = (async () => {
    const interval = 1000 / rate;
    let next = performance.now();
    while (Date.now() < floodUntil) {
      lines[sent % lines.length] = `F${sent}`.padEnd(6, ".");
      flooder.emit("meeting:minutes", { meetingId, itemId, text: lines.join("\n"), baseVersion: version });
      sent += 1;
      next += interval;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  })();
  const during = await sampleHealth(() => Date.now() < floodUntil);
  await flooding;
  await new Promise((r) => setTimeout(r, 2000)); // what was accepted is answered
  const after = counts();
  process.stdout.write(`${JSON.stringify({ name: "flood.healthz_during", ...during })}\n`);
  process.stdout.write(
    `${JSON.stringify({
      name: "flood.minutes",
      seconds,
      sent,
      saved,
      refused: sent - saved - [...errors.values()].reduce((a, b) => a + b, 0),
      errors: Object.fromEntries(errors),
      rateLimitedNotices: limitedNotices,
      versionsStored: after.versions - before.versions,
      versionBytes: after.versionBytes - before.versionBytes,
      auditRows: after.audit - before.audit,
      minutesReceivedByOthers: received,
    })}\n`,
  );
  for (const s of sockets) s.close();
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
