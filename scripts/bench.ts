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
const { users, cases, caseRecords, caseMembers, agencies, userRoles } = await import("../db/schema");
const { seedLarge } = await import("../db/seed/large");
const { listCases, CASES_PAGE_SIZE } = await import("../app/services/cases.server");
const { scope, clearScopeCache } = await import("../app/access/scope.server");
const { caseRecordColumns } = await import("../app/access/record-columns.server");
const { and, count, desc, eq, isNull, sql } = await import("drizzle-orm");

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

  // --- Access at scale: the large synthetic partnership added to the same file (agencies are reused).
  const seedStarted = process.hrtime.bigint();
  const seeded = await seedLarge(db, { cases: 20_000, recordsPerCase: 5, users: 1_000 });
  const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;
  process.stderr.write(`bench: large seed ${JSON.stringify(seeded)} in ${seedSeconds.toFixed(1)} s\n`);
  db.$client.exec("ANALYZE");

  // A typical non-administrator: the synthetic investigator whose caseload is nearest 40 open memberships.
  const typical = db
    .select({ id: users.id, cases: count(caseMembers.caseId) })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "investigator")))
    .innerJoin(caseMembers, and(eq(caseMembers.userId, users.id), isNull(caseMembers.removedAt)))
    .where(eq(users.createdBy, "large-seed"))
    .groupBy(users.id)
    .orderBy(sql`abs(count(${caseMembers.caseId}) - 40)`)
    .limit(1)
    .get()!;
  const actor = loadActor(typical.id, "bench")!;
  process.stderr.write(`bench: actor is an investigator on ${actor.caseIds.length} cases with ${actor.sharedRecordIds.length} records shared with them\n`);

  // The case list exactly as the Cases page runs it (scope() from the actor's rules, first page and count)...
  // A fresh copy each time: a real request builds its Actor (and so its ability) anew. scope() keeps translated
  // conditions keyed by the actor's content (docs/decisions/0011-scope-cache.md), as consecutive requests from
  // one person find them.
  await measure("access.scoped_list", 1000, () => listCases({ ...actor }, 1));
  // ...and the same select, joins, order and limit with no access condition, plus the same count.
  await measure("access.bare_list", 1000, () => {
    db.select({ id: cases.id, reference: cases.reference, status: cases.status, priority: cases.priority, updatedAt: cases.updatedAt, leadAgency: agencies.name })
      .from(cases)
      .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
      .orderBy(desc(cases.updatedAt), desc(cases.id))
      .limit(CASES_PAGE_SIZE)
      .offset(0)
      .all();
    return db.select({ n: count() }).from(cases).get();
  });
  // The scoped list again with the cache emptied first: a first request, or the first after a change.
  await measure("access.scoped_list_cold", 1000, () => {
    clearScopeCache();
    return listCases({ ...actor }, 1);
  });

  // For comparison (no target): a police supervisor sees every case their agency leads (three in four).
  const supervisorId = db.select({ id: users.id }).from(users).innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "police_supervisor"))).where(eq(users.createdBy, "large-seed")).limit(1).get()!.id;
  const supervisor = loadActor(supervisorId, "bench")!;
  await measure("access.scoped_list_supervisor", 200, () => listCases({ ...supervisor }, 1));

  // The records of one of the actor's cases they may see, with the same query the case page runs.
  const busiest = db
    .select({ caseId: caseRecords.caseId, n: count() })
    .from(caseRecords)
    .where(sql`${caseRecords.caseId} IN (SELECT value FROM json_each(${JSON.stringify(actor.caseIds)}))`)
    .groupBy(caseRecords.caseId)
    .orderBy(desc(count()))
    .limit(1)
    .get()!;
  await measure("access.scoped_records", 1000, () =>
    db
      .select({ r: caseRecords, ownerAgency: agencies.name, author: users.name, chargingReferredAt: cases.chargingReferredAt })
      .from(caseRecords)
      .innerJoin(cases, eq(cases.id, caseRecords.caseId))
      .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
      .innerJoin(users, eq(users.id, caseRecords.authorUserId))
      .where(and(eq(caseRecords.caseId, busiest.caseId), scope({ ...actor }, "read_summary", "CaseRecord", caseRecordColumns)))
      .orderBy(caseRecords.category, desc(caseRecords.updatedAt))
      .all(),
  );
} finally {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
