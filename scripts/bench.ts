// `npm run bench`: prints one JSON object per line, {"name","n","p50_ms","p95_ms"}, measured on a temporary
// SQLite file. Figures, not assertions: tests never time things.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.CONCORD_DEMO = "1";
process.env.LOG_LEVEL = "silent";

const { getDb, closeDb } = await import("../app/db.server");
const { seedDemo } = await import("../db/seed/demo");
const { audit } = await import("../app/access/audit.server");
const { startSession, getSession } = await import("../app/services/sessions.server");
const { loadActor } = await import("../app/access/actor.server");
const { users } = await import("../db/schema");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(name: string, n: number, fn: () => unknown | Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  process.stdout.write(`${JSON.stringify({ name, n, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) })}\n`);
}

try {
  const db = getDb();
  await seedDemo(db);
  const user = db.select().from(users).get()!;
  const cookie = await startSession(user.id, { mfaVerified: true, device: "bench" });
  const request = new Request("http://local/", { headers: { cookie: cookie.split(";")[0]! } });

  await measure("auth.session_validate", 2000, () => getSession(request));
  await measure("auth.actor_load", 2000, () => loadActor(user.id, "bench"));
  await measure("audit.append", 2000, () => audit({ actorUserId: user.id, actorAgencyId: user.agencyId, action: "bench.event", outcome: "done" }));
} finally {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
