// `npm run bench`: prints one JSON object per line, {"name","n","p50_ms","p95_ms"}, measured on a temporary
// SQLite file. Figures, not assertions: tests never time things.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureProductionBuild, serverBuildPath } from "./production-build";
import type { SQL } from "drizzle-orm";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.CONCORD_DEMO = "1";
process.env.LOG_LEVEL = "silent";

const { getDb, closeDb } = await import("../app/db.server");
const { seedDemo } = await import("../db/seed/demo");
const { audit } = await import("../app/access/audit.server");
const { startSession, getSession } = await import("../app/services/sessions.server");
const { loadActor } = await import("../app/access/actor.server");
const { users, cases, caseRecords, caseMembers, agencies, userRoles, caseParties, people } =
  await import("../db/schema");
const { seedLarge, BUSY_CASE_INCIDENTS } = await import("../db/seed/large");
const { listCases, CASES_PAGE_SIZE, caseListDetails } = await import("../app/services/cases.server");
const { scope, clearScopeCache } = await import("../app/access/scope.server");
const { caseRecordColumns } = await import("../app/access/record-columns.server");
const { and, count, desc, eq, inArray, isNull, sql } = await import("drizzle-orm");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// BENCH_ONLY=dashboard,cases measures only the lines of those groups (the part of the name before the dot);
// the data is set up as for a full run.
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((g) => g.trim())
  .filter(Boolean);
const selected = (name: string) => only.length === 0 || only.includes(name.split(".")[0]!);

/** Times fn n times (after up to 50 runs to warm up); `before` runs ahead of each, untimed. */
async function measure(
  name: string,
  n: number,
  fn: () => unknown | Promise<unknown>,
  before?: () => void,
): Promise<void> {
  if (!selected(name)) return;
  for (let i = 0; i < Math.min(50, n); i++) {
    before?.();
    await fn();
  }
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  report(name, times);
}

/** One JSON line: the median and 95th percentile of the times, in milliseconds. */
function report(name: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({ name, n: times.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)) })}\n`,
  );
}

/** Times each function n times, one call of each in turn, and prints a line for each as measure() does. */
async function measureAlternately(n: number, ...pairs: [string, () => unknown][]): Promise<void> {
  const measured = pairs.filter(([name]) => selected(name));
  const times = measured.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [j, [, fn]] of measured.entries()) {
      const t = process.hrtime.bigint();
      await fn();
      times[j]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  for (const [j, [name]] of measured.entries()) report(name, times[j]!);
}

/**
 * The production build's Remix request handler (build/server/index.js), built first when it is missing or older
 * than any source it is built from, so the figures are for the code in the tree.
 */
async function productionHandler() {
  const stale = ensureProductionBuild("bench");
  const { createRequestHandler } = await import("@remix-run/node");
  // React picks its production or development build from NODE_ENV when first loaded: pages are measured as
  // production serves them. Only the build's loading sees "production" (the demo seed before refuses it).
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  const build = (await import(pathToFileURL(serverBuildPath).href)) as import("@remix-run/node").ServerBuild;
  if (previous === undefined) Reflect.deleteProperty(process.env, "NODE_ENV");
  else process.env.NODE_ENV = previous;
  // As the server does: each request in the app's request scope (the session and Actor read once per page).
  const handler = createRequestHandler(build, "production");
  const { runtime } = build.entry.module as unknown as { runtime: import("../app/runtime.server").Runtime };
  const handle: typeof handler = (request, context) =>
    runtime.inRequestScope(request.method, () => handler(request, context));
  return { handle, built: stale };
}

try {
  const db = getDb();
  await seedDemo(db);
  const user = db.select().from(users).get()!;
  const cookie = await startSession(user.id, { mfaVerified: true, device: "bench" });
  const request = new Request("http://local/", { headers: { cookie: cookie.split(";")[0]! } });

  await measure("auth.session_validate", 2000, () => getSession(request));
  await measure("auth.actor_load", 2000, () => loadActor(user.id, "bench"));
  // A page's fixed cost (issue 18): the sign-in check, the Actor and the root data (navigation, notification count)
  // for a signed-in investigator, as the root and route loaders ask for them within one request (each read once).
  {
    const { inRequestScope } = await import("../app/request-scope.server");
    const { rootData } = await import("../app/services/root-data.server");
    const { requireActor } = await import("../app/services/current-user.server");
    const investigator = db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, "investigator@police.concord.test"))
      .get()!;
    const signedIn = await startSession(investigator.id, { mfaVerified: true, device: "bench" });
    const page = new Request("http://local/cases", { headers: { cookie: signedIn.split(";")[0]! } });
    await measure("page.overhead", 2000, () =>
      inRequestScope("GET", async () => {
        await rootData(page, "csrf");
        await requireActor(page);
      }),
    );
  }
  await measure("audit.append", 2000, () =>
    audit({ actorUserId: user.id, actorAgencyId: user.agencyId, action: "bench.event", outcome: "done" }),
  );

  // --- Durability (decision 0028): the same writes with synchronous=NORMAL and FULL in WAL mode. FULL syncs the
  // WAL at every commit; NORMAL only at checkpoints. One audit entry is one committed transaction; a case note
  // is two (the record, its audit entry) and the reads around them, as a request makes them.
  const { createNote } = await import("../app/services/case-notes.server");
  const noteCase = db.select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00001")).get()!.id;
  const noteAuthor = loadActor(
    db.select({ id: users.id }).from(users).where(eq(users.email, "investigator@police.concord.test")).get()!.id,
    "bench",
  )!;
  const addNote = () =>
    createNote(noteAuthor, noteCase, {
      title: "Bench note",
      summary: "Bench",
      text: "Synthetic bench note",
      marking: "OFFICIAL-SENSITIVE",
      category: "case_core",
    });
  const configured = db.$client.pragma("synchronous", { simple: true });
  for (const [mode, level] of [
    ["normal", 1],
    ["full", 2],
  ] as const) {
    db.$client.pragma(`synchronous = ${level}`);
    await measure(`durability.audit_append_${mode}`, 1000, () =>
      audit({ actorUserId: user.id, actorAgencyId: user.agencyId, action: "bench.event", outcome: "done" }),
    );
    await measure(`durability.note_create_${mode}`, 300, addNote);
  }
  db.$client.pragma(`synchronous = ${configured}`);

  // --- Documents (issue 20): a 5 MB file uploaded through the streaming parser, checks, encryption and the store
  // (FILES_PATH beside the bench database, no scanner), and downloaded back through the gate and decryption.
  {
    const { uploadDocuments, openDocumentFile } = await import("../app/services/documents.server");
    const { randomBytes } = await import("node:crypto");
    const advocate = loadActor(
      db.select({ id: users.id }).from(users).where(eq(users.email, "advocate@isac.concord.test")).get()!.id,
      "bench",
    )!;
    // A 1x1 PNG with random bytes after it: typed as PNG from its content, 5 MB in all.
    const pngHeader = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    let body: FormData = new FormData();
    const fresh = () => {
      // New content each time (the store keeps one copy of identical content), made outside the timing.
      body = new FormData();
      for (const [k, v] of Object.entries({
        csrf: "bench-csrf-token-0123456789abcdef",
        category: "victim_care",
        title: "Bench screenshot",
        marking: "OFFICIAL-SENSITIVE",
        status: "final",
      }))
        body.append(k, v);
      body.append(
        "files",
        new Blob([new Uint8Array(Buffer.concat([pngHeader, randomBytes(5 * 1024 * 1024 - pngHeader.length)]))]),
        "bench.png",
      );
    };
    let lastId = "";
    await measure(
      "documents.upload_5mb",
      20,
      async () => {
        const result = await uploadDocuments(
          advocate,
          noteCase,
          new Request("http://local/upload", { method: "POST", body }),
          "bench-csrf-token-0123456789abcdef",
        );
        if (!result.ok) throw new Error(`bench upload refused: ${JSON.stringify(result.errors)}`);
        lastId = result.ids[0]!;
      },
      fresh,
    );
    if (lastId) {
      await measure("documents.download_5mb", 20, async () => {
        const file = await openDocumentFile(advocate, noteCase, lastId, "download");
        let bytes = 0;
        for await (const part of file.body as AsyncIterable<Buffer>) bytes += part.length;
        if (bytes !== 5 * 1024 * 1024) throw new Error("bench download: wrong size");
      });
    }
  }

  // --- Import of existing cases (issue 22, decision 0055): a synthetic file of BENCH_IMPORT_ROWS rows (default 10,000:
  // 2,000 cases of five rows) uploaded, checked and imported through the pages' services, then imported again
  // unchanged. One run each (a run is seconds to minutes): rows per second, with the load average beside it.
  if (selected("import.rows")) {
    const { uploadImport, importCheck, startImport, runImport } = await import("../app/services/case-import.server");
    const { sampleImportRows, sampleCsv } = await import("../db/seed/import-sample");
    const admin = loadActor(
      db.select({ id: users.id }).from(users).where(eq(users.email, "admin@police.concord.test")).get()!.id,
      "bench",
    )!;
    const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
    const file = sampleCsv(sampleImportRows(Math.ceil(rows / 5), "investigator@police.concord.test", "BEN"));
    for (const name of ["import.rows", "import.rows_unchanged"]) {
      const started = process.hrtime.bigint();
      const body = new FormData();
      body.append("csrf", "bench-csrf-token-0123456789abcdef");
      body.append("source", "Bench records export");
      body.append("file", new Blob([new Uint8Array(file)]), "bench.csv");
      const uploaded = await uploadImport(
        admin,
        new Request("http://local/admin/imports", { method: "POST", body }),
        "bench-csrf-token-0123456789abcdef",
      );
      if (!uploaded.ok) throw new Error(`bench import refused: ${JSON.stringify(uploaded.errors)}`);
      const checked = process.hrtime.bigint();
      await importCheck(admin, uploaded.id);
      startImport(admin, uploaded.id);
      const outcome = await runImport(admin, uploaded.id);
      if (!outcome.ok) throw new Error(`bench import failed: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const importMs = Number(process.hrtime.bigint() - checked) / 1e6;
      const n = Math.ceil(rows / 5) * 5;
      process.stdout.write(
        `${JSON.stringify({ name: `${name}_${n}`, n, ms: Math.round(ms), rows_per_second: Math.round((n / ms) * 1000), check_and_import_ms: Math.round(importMs), created: outcome.created, unchanged: outcome.unchanged, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) })}\n`,
      );
    }
  }

  // --- Access at scale: the large synthetic partnership added to the same file (agencies are reused).
  const seedStarted = process.hrtime.bigint();
  // 100,000 cases with their casework (issue 4), one further note each on average, and enough staff for
  // caseloads of a few dozen cases each: about two minutes.
  // BENCH_CASES makes a quick, smaller run for trying the bench itself; the figures that count are at 100,000.
  const benchCases = Number(process.env.BENCH_CASES ?? 100_000);
  const seeded = await seedLarge(db, {
    cases: benchCases,
    recordsPerCase: 1,
    users: Math.max(100, Math.round(benchCases / 20)),
    busyCaseEvery: Math.min(20_000, benchCases),
  });
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
  process.stderr.write(
    `bench: actor is an investigator on ${actor.caseIds.length} cases with ${actor.sharedRecordIds.length} records shared with them\n`,
  );

  // The case list exactly as the Cases page runs it (scope() from the actor's rules, first page and count)...
  // A fresh copy each time: a real request builds its Actor (and so its ability) anew. scope() keeps translated
  // conditions keyed by the actor's content (docs/decisions/0011-scope-cache.md), as consecutive requests from
  // one person find them.
  // ...and the same select (party names and next deadline included, issue 16), joins, order and limit with no
  // access condition, plus the same count.
  const bareList = (where?: SQL) => {
    const page = db
      .select({
        id: cases.id,
        reference: cases.reference,
        status: cases.status,
        priority: cases.priority,
        updatedAt: cases.updatedAt,
        leadAgency: agencies.name,
      })
      .from(cases)
      .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
      .where(where)
      .orderBy(desc(cases.updatedAt), desc(cases.id))
      .limit(CASES_PAGE_SIZE + 1)
      .all();
    caseListDetails(page.slice(0, CASES_PAGE_SIZE).map((r) => r.id));
    return db.select({ n: count() }).from(cases).where(where).get();
  };
  // Both lists are run unmeasured first: whichever is measured first after the large seed otherwise pays for the
  // seed's garbage collection and the compiler's warm-up, which a server that has been up a while has long paid.
  for (let i = 0; i < 500; i++) {
    listCases({ ...actor });
    bareList();
  }
  // Measured alternately, call by call, so both meet the same heap and the same collections (one measured after
  // the other had the second inherit the first's garbage, and the ratio changed with the order).
  await measureAlternately(
    1000,
    ["access.scoped_list", () => listCases({ ...actor })],
    ["access.bare_list", () => bareList()],
  );
  // The scoped list again with the cache emptied first: a first request, or the first after a change.
  await measure("access.scoped_list_cold", 1000, () => {
    clearScopeCache();
    return listCases({ ...actor });
  });

  // For comparison (no target): a police supervisor sees every case their agency leads (three in four).
  const supervisorId = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "police_supervisor")))
    .where(eq(users.createdBy, "large-seed"))
    .limit(1)
    .get()!.id;
  const supervisor = loadActor(supervisorId, "bench")!;
  await measure("access.scoped_list_supervisor", 200, () => listCases({ ...supervisor }));
  // Filtered (issue 16): active cases with raised priority, through the gate and bare.
  const raisedActive = {
    status: "active" as const,
    priority: "raised" as const,
    mine: false,
    flags: [],
    sort: "recent" as const,
  };
  await measure("cases.list_filtered", 300, () => listCases({ ...actor }, {}, raisedActive));
  await measure("cases.list_filtered_supervisor", 200, () => listCases({ ...supervisor }, {}, raisedActive));
  await measure("cases.bare_list_filtered", 300, () =>
    bareList(and(eq(cases.status, "active"), eq(cases.priority, "raised"))),
  );

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
      .select({
        r: caseRecords,
        ownerAgency: agencies.name,
        author: users.name,
        chargingReferredAt: cases.chargingReferredAt,
      })
      .from(caseRecords)
      .innerJoin(cases, eq(cases.id, caseRecords.caseId))
      .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
      .innerJoin(users, eq(users.id, caseRecords.authorUserId))
      .where(
        and(
          eq(caseRecords.caseId, busiest.caseId),
          scope({ ...actor }, "read_summary", "CaseRecord", caseRecordColumns),
        ),
      )
      .orderBy(caseRecords.category, desc(caseRecords.updatedAt))
      .all(),
  );

  // --- Casework at 100,000 cases (issue 4). The Cases page's list and count for the same investigator.
  await measure("cases.list", 1000, () => listCases({ ...actor }));

  // A case page with 200 incidents, server render included: the production build's request handler, a real
  // session cookie, the whole body read. The case's officer in the case asks for it.
  const { handle, built } = await productionHandler();
  if (built) process.stderr.write("bench: built the app first (build/server was missing or older than the sources)\n");
  const busyCase = seeded.busyCaseIds[0]!;
  const officer = db
    .select({ id: caseMembers.userId })
    .from(caseMembers)
    .where(and(eq(caseMembers.caseId, busyCase), eq(caseMembers.roleInCase, "officer_in_case")))
    .get()!.id;
  const officerCookie = (await startSession(officer, { mfaVerified: true, device: "bench" })).split(";")[0]!;
  const getPage = async (pathname: string) => {
    const response = await handle(new Request(`http://localhost${pathname}`, { headers: { cookie: officerCookie } }), {
      cspNonce: "bench",
      csrfToken: "bench",
      requestId: "bench",
      clientIp: "127.0.0.1",
    });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
    return html;
  };
  const incidentsShown = ((await getPage(`/cases/${busyCase}/incidents`)).match(/data-testid="incident"/g) ?? [])
    .length;
  process.stderr.write(
    `bench: case page for a case with ${BUSY_CASE_INCIDENTS} incidents (${incidentsShown} marked data-testid="incident" on its incidents page)\n`,
  );
  await measure("cases.page", 300, () => getPage(`/cases/${busyCase}`));
  await measure("cases.page_incidents", 300, () => getPage(`/cases/${busyCase}/incidents`));

  // A typical search by the investigator: the full name of a victim or perpetrator on one of their cases.
  const { searchCases } = await import("../app/services/search.server");
  const names = [
    ...new Set(
      db
        .select({ name: people.fullName })
        .from(caseParties)
        .innerJoin(people, eq(people.id, caseParties.personId))
        .where(sql`${caseParties.caseId} IN (SELECT value FROM json_each(${JSON.stringify(actor.caseIds)}))`)
        .all()
        .map((p) => p.name),
    ),
  ];
  let nextName = 0;
  await measure("search.fts", 300, () => {
    const result = searchCases({ ...actor }, { q: names[nextName++ % names.length]!, page: 1 });
    if (!result.ok) throw new Error("search.fts: the search was refused");
    return result;
  });

  // --- The risk picture of a case with 30 signed-off assessments (issue 5): 10 each of screening, DASH and SAM
  // by the demo investigator on NS-2026-00001, countersigned by the demo police supervisor, through the services.
  const { riskPage } = await import("../app/services/risk-assessment-views.server");
  const { startAssessment, saveAssessment, countersignAssessment } =
    await import("../app/services/risk-assessments.server");
  const { currentInstrument } = await import("../app/instruments/index");
  const { answersToFormValues } = await import("../app/instruments/answers");
  const { sampleAnswers } = await import("../app/instruments/sample-answers");
  const demoUser = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
  const worked = db.select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00001")).get()!.id;
  const author = () => loadActor(demoUser("investigator@police.concord.test"), "bench")!;
  const signer = () => loadActor(demoUser("supervisor@police.concord.test"), "bench")!;
  for (let i = 0; i < 30; i++) {
    const instrument = currentInstrument((["screening", "dash", "sam"] as const)[i % 3]!);
    const started = startAssessment(author(), worked, { instrument: instrument.code });
    if (!started.ok)
      throw new Error(`risk.picture: could not start ${instrument.code}: ${JSON.stringify(started.errors)}`);
    const values = {
      ...answersToFormValues(instrument, sampleAnswers(instrument)),
      instrument: instrument.code,
      instrumentVersion: instrument.version,
    };
    const saved = saveAssessment(author(), worked, started.id, values, true);
    if (!saved.ok)
      throw new Error(`risk.picture: could not submit ${instrument.code}: ${JSON.stringify(saved.errors)}`);
    const signed = countersignAssessment(signer(), worked, started.id);
    if (!signed.ok) throw new Error(`risk.picture: could not countersign ${instrument.code}`);
  }
  const investigator = author();
  const shown = riskPage(investigator, worked);
  process.stderr.write(
    `bench: risk picture of a case with ${shown.assessments.length} assessments (${shown.picture.entries.length} latest judgements, ${shown.picture.points.length} points)\n`,
  );
  await measure("risk.picture", 500, () => riskPage(investigator, worked));

  // --- The JSON API (issue 22): the same case read by a partner system's service account (police supervisor's role),
  // through the production build's handler with its bearer token: token check, rate limit, gate, risk picture of 30
  // assessments, orders, response schema, ETag and the audit entry. The limit is per minute, so each call uses the
  // next of enough accounts.
  const { createServiceAccount } = await import("../app/services/service-accounts.server");
  const apiAdmin = loadActor(demoUser("admin@police.concord.test"), "bench")!;
  const apiTokens = Array.from({ length: 8 }, (_, i) => {
    const made = createServiceAccount(apiAdmin, {
      name: `Bench system ${i}`,
      role: "police_supervisor",
      scopes: ["cases:read"],
      expiresInDays: "30",
    });
    if (!made.ok) throw new Error("api.case_read: the service account was refused");
    return made.token;
  });
  let apiCall = 0;
  await measure("api.case_read", 500, async () => {
    const response = await handle(
      new Request(`http://localhost/api/v1/cases/${worked}`, {
        headers: { authorization: `Bearer ${apiTokens[apiCall++ % apiTokens.length]}` },
      }),
      { cspNonce: "bench", csrfToken: "bench", requestId: "bench", clientIp: "127.0.0.1" },
    );
    if (response.status !== 200) throw new Error(`api.case_read answered ${response.status}`);
    return response.text();
  });

  // --- Pre-sentence input (issue 7): a full, signed-off draft on NS-2026-00001 built through the services (the
  // court author and a senior probation officer join the team as rows): 20 incidents pulled with their accounts,
  // the assessments' summaries, the author's text in every section, a partner's contribution. Measured: the Word
  // export as the author downloads it (gate checks, view, document model, rendering, audit).
  const { recordIncident } = await import("../app/services/incidents.server");
  const psr = await import("../app/services/pre-sentence.server");
  const { askForInput, answerInputRequest } = await import("../app/services/pre-sentence-requests.server");
  const { exportReport } = await import("../app/services/pre-sentence-export.server");
  const { setSentenceProposal } = await import("../app/services/pre-sentence-proposal.server");
  const addedAt = new Date().toISOString();
  for (const email of ["court@probation.concord.test", "spo@probation.concord.test"]) {
    db.insert(caseMembers)
      .values({
        caseId: worked,
        userId: demoUser(email),
        roleInCase: email.startsWith("spo") ? "supervisor" : "offender_manager",
        addedBy: demoUser("investigator@police.concord.test"),
        addedAt,
      })
      .run();
  }
  for (let i = 0; i < 20; i++) {
    const day = new Date(Date.now() - (200 - i * 9) * 86_400_000);
    const recorded = recordIncident(author(), worked, {
      "occurred-day": String(day.getUTCDate()),
      "occurred-month": String(day.getUTCMonth() + 1),
      "occurred-year": String(day.getUTCFullYear()),
      time: "19:30",
      behaviours: ["messages", "turning_up"],
      four: ["fixated", "repeated"],
      source: "victim",
      crimeReference: "",
      description:
        `Incident ${i + 1}: messages through the evening, then waited outside her workplace and followed her to the station. `.repeat(
          3,
        ),
      caveats: [],
    });
    if (!recorded.ok) throw new Error(`psr.export: could not record an incident: ${JSON.stringify(recorded.errors)}`);
  }
  const court = () => loadActor(demoUser("court@probation.concord.test"), "bench")!;
  const must = <T extends { ok: boolean }>(what: string, r: T) => {
    if (!r.ok)
      throw new Error(`psr.export: ${what} refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
    return r as T & { ok: true };
  };
  const hearing = new Date(Date.now() + 21 * 86_400_000);
  const convicted = new Date(Date.now() - 21 * 86_400_000);
  const convictedParts = {
    "convicted-day": String(convicted.getUTCDate()),
    "convicted-month": String(convicted.getUTCMonth() + 1),
    "convicted-year": String(convicted.getUTCFullYear()),
  };
  const reportId = must(
    "start",
    psr.startReport(court(), worked, {
      court: "Northshire Magistrates' Court",
      "hearing-day": String(hearing.getUTCDate()),
      "hearing-month": String(hearing.getUTCMonth() + 1),
      "hearing-year": String(hearing.getUTCFullYear()),
      ...convictedParts,
      reportType: "standard",
      offences: ["stalking_s2a"],
    }),
  ).id;
  const keysFor = (section: string) =>
    psr.sectionSourcesFor(court(), worked, reportId, section).sources.flatMap((s) => s.parts.map((p) => p.key));
  for (const section of [
    "offence_analysis",
    "pattern_motivation",
    "risk_of_harm",
    "victim_impact",
    "orders_compliance",
    "multi_agency",
  ]) {
    const keys = keysFor(section);
    if (keys.length) must(`pull ${section}`, psr.pullStatements(court(), worked, reportId, { section, sources: keys }));
  }
  for (const section of [
    "offence_analysis",
    "pattern_motivation",
    "risk_of_harm",
    "victim_impact",
    "orders_compliance",
    "multi_agency",
    "proposal",
  ]) {
    must(
      "own text",
      psr.addOwnText(court(), worked, reportId, {
        section,
        text: `My assessment for this section, drawing the statements above together. `.repeat(12),
      }),
    );
  }
  must(
    "proposal",
    setSentenceProposal(court(), worked, reportId, {
      sentence: "community_order",
      orderMonths: "24",
      sentenceRationale: "A community order lets the programme address the fixation while he stays in work.",
      requirements: ["accredited_programme", "rehabilitation_activity", "prohibited_activity"],
      "accredited_programme-amount": "30",
      "accredited_programme-detail": "Stalking perpetrator programme",
      "accredited_programme-rationale": "He accepts he needs help to stop.",
      "rehabilitation_activity-amount": "20",
      "rehabilitation_activity-rationale": "Work on his thinking and on employment.",
      "prohibited_activity-amount": "24",
      "prohibited_activity-detail": "No contact with the victim by any means",
      "prohibited_activity-rationale": "The victim fears further contact.",
      ancillary: ["restraining_order"],
      "restraining_order-terms":
        "Not to contact the victim directly or indirectly\nNot to enter the area shown on the map held by the court",
      "restraining_order-until": "further_order",
      "restraining_order-rationale": "Protection beyond the order's end.",
    }),
  );
  const advocateId = demoUser("advocate@isac.concord.test");
  const due = new Date(Date.now() + 7 * 86_400_000);
  const requestId = must(
    "ask",
    askForInput(court(), worked, reportId, {
      section: "victim_impact",
      to: advocateId,
      question: "What should the court know about the impact on the victim?",
      "due-day": String(due.getUTCDate()),
      "due-month": String(due.getUTCMonth() + 1),
      "due-year": String(due.getUTCFullYear()),
    }),
  ).id;
  must(
    "answer",
    answerInputRequest(loadActor(advocateId, "bench")!, worked, requestId, {
      answer: "She has changed her route to work and no longer goes out alone in the evening. ".repeat(4),
    }),
  );
  must("submit", psr.submitReport(court(), worked, reportId));
  must("sign off", psr.signOffReport(loadActor(demoUser("spo@probation.concord.test"), "bench")!, worked, reportId));
  const fullDraft = psr.reportView(court(), worked, reportId);
  const statements = fullDraft.sections.reduce((n, s) => n + s.statements.length, 0);
  const sample = await exportReport(court(), worked, reportId, "docx");
  process.stderr.write(
    `bench: pre-sentence input with ${statements} statements in ${fullDraft.sections.length} sections; Word file ${sample.body.length} bytes\n`,
  );
  await measure("psr.export", 100, () => exportReport(court(), worked, reportId, "docx"));

  // --- The oversight dashboard (issue 8) for a synthetic performance lead: the page through the production
  // handler, server render included, with nothing kept in memory between requests: the figures are read from
  // sums kept in the database and brought up to date within the request (decision 0019).
  const leadId = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "performance_lead")))
    .where(eq(users.createdBy, "large-seed"))
    .limit(1)
    .get()!.id;
  const leadCookie = (await startSession(leadId, { mfaVerified: true, device: "bench" })).split(";")[0]!;
  const dashboardPage = async (query = "") => {
    const response = await handle(
      new Request(`http://localhost/oversight${query}`, { headers: { cookie: leadCookie } }),
      { cspNonce: "bench", csrfToken: "bench", requestId: "bench", clientIp: "127.0.0.1" },
    );
    const html = await response.text();
    if (response.status !== 200 || !html.includes('data-testid="chart-cases_by_status"'))
      throw new Error(`GET /oversight${query} answered ${response.status} without its charts`);
  };
  // Default filters: the last twelve months of the 100,000 cases, every agency and team.
  await measure("dashboard.render", 300, () => dashboardPage());
  // The same page when others have changed 20 cases since it was last read (their online flag, which moves
  // figures): each request first works those cases out again. The changes are made before the timing starts.
  const changing = db
    .select({ id: cases.id })
    .from(cases)
    .where(sql`${cases.createdAt} >= ${new Date(Date.now() - 330 * 86_400_000).toISOString()}`)
    .orderBy(cases.id)
    .limit(20 * 100)
    .all()
    .map((c) => c.id);
  const toggleOnline = db.$client.prepare(
    `UPDATE cases SET flag_online = 1 - flag_online WHERE id IN (SELECT value FROM json_each(?))`,
  );
  let changed = 0;
  await measure(
    "dashboard.render_cold",
    100,
    () => dashboardPage(),
    () => {
      const from = (changed++ % 100) * 20;
      toggleOnline.run(JSON.stringify(changing.slice(from, from + 20)));
    },
  );
  // Filtered by the police and the team on most of its cases (the largest team).
  const police = db.select({ id: agencies.id }).from(agencies).where(eq(agencies.type, "police")).get()!.id;
  const team = db.$client
    .prepare(
      `SELECT u.team_id AS id FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.removed_at IS NULL AND u.agency_id = ? AND u.team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    )
    .get(police) as { id: string };
  await measure("dashboard.render_filtered", 300, () => dashboardPage(`?agency=${police}&team=${team.id}`));

  // Without "meeting" in BENCH_ONLY, the sockets are not set up at all.
  if (selected("meeting")) {
    // --- Live meetings (issue 6) over real sockets on loopback: the app's socket.io on a real HTTP server, each
    // attendee a socket.io client with their own session cookie. Meetings are set up with rows (setup, not what
    // is measured): open, one agenda item, every invitee has acknowledged the confidentiality statement.
    const http = await import("node:http");
    const { io: connectSocket } = await import("socket.io-client");
    const { attachRealtime } = await import("../app/realtime/socket-server.server");
    const { meetings, meetingInvitees, meetingItems, partnerships } = await import("../db/schema");
    const { randomUUID } = await import("node:crypto");
    const httpServer = http.createServer();
    const { io: realtime } = await attachRealtime(httpServer);
    httpServer.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => httpServer.once("listening", () => resolve()));
    const url = `http://127.0.0.1:${(httpServer.address() as import("node:net").AddressInfo).port}`;
    const partnershipId = db.select({ id: partnerships.id }).from(partnerships).get()!.id;
    const caseworkers = db
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(
        and(
          eq(users.createdBy, "large-seed"),
          eq(users.status, "active"),
          inArray(userRoles.role, ["investigator", "advocate", "probation_practitioner", "forensic_psychologist"]),
        ),
      )
      .limit(400)
      .all()
      .map((u) => u.id);
    const someCase = db.select({ id: cases.id }).from(cases).limit(1).get()!.id;
    const openMeetingWith = (attendees: string[]) => {
      const id = randomUUID();
      const at = new Date().toISOString();
      db.insert(meetings)
        .values({
          id,
          partnershipId,
          kind: "clinic_review",
          title: "Bench clinic",
          startsAt: at,
          chairUserId: attendees[0]!,
          status: "open",
          confidentialityStatement: "Bench",
          createdBy: attendees[0]!,
          createdAt: at,
          openedAt: at,
        })
        .run();
      for (const userId of attendees)
        db.insert(meetingInvitees)
          .values({
            meetingId: id,
            userId,
            invitedBy: attendees[0]!,
            invitedAt: at,
            attendance: "present",
            acknowledgedAt: at,
          })
          .run();
      const itemId = randomUUID();
      db.insert(meetingItems)
        .values({
          id: itemId,
          meetingId: id,
          caseId: someCase,
          source: "review",
          position: 1,
          minutesAllowed: 15,
          priority: "routine",
        })
        .run();
      return { id, itemId };
    };
    /**
     * An attendee's socket, with the newest version of the minutes it has received: as `meeting:minutes` from
     * someone else's save, or as `meeting:minutes-saved` for its own (saves that arrive together are written
     * together, so a fellow sender has the merged text in its own confirmation).
     */
    type Attendee = {
      socket: import("socket.io-client").Socket;
      userId: string;
      known: number;
      changed: Set<() => void>;
    };
    const join = async (userId: string, meetingId: string): Promise<Attendee> => {
      const cookie = (await startSession(userId, { mfaVerified: true, device: "bench" })).split(";")[0]!;
      const socket = connectSocket(url, {
        extraHeaders: { origin: url, cookie },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once("meeting:state", () => resolve());
        socket.once("meeting:error", (e: unknown) => reject(new Error(`join refused: ${JSON.stringify(e)}`)));
        socket.once("connect_error", reject);
        socket.emit("meeting:join", { meetingId });
      });
      const a: Attendee = { socket, userId, known: 0, changed: new Set() };
      const seen = (p: { version: number }) => {
        a.known = Math.max(a.known, p.version);
        for (const f of [...a.changed]) f();
      };
      socket.on("meeting:minutes", seen);
      socket.on("meeting:minutes-saved", seen);
      return a;
    };
    /** One attendee saves; resolves with the time until every other attendee has the new minutes, and whether it was refused. */
    const edit = (
      sender: Attendee,
      others: Attendee[],
      meeting: { id: string; itemId: string },
      text: string,
      baseVersion: number,
    ) =>
      new Promise<{ ms: number; version: number; text: string; error: boolean }>((resolve) => {
        const started = process.hrtime.bigint();
        let version: number | null = null;
        let saved = text;
        const finish = (error: boolean) => {
          sender.socket.off("meeting:minutes-saved", onSaved);
          sender.socket.off("meeting:error", onRefused);
          sender.socket.off("meeting:minutes-conflict", onRefused);
          for (const o of others) o.changed.delete(check);
          resolve({
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            version: version ?? baseVersion,
            text: saved,
            error,
          });
        };
        const check = () => {
          if (version !== null && others.every((o) => o.known >= version!)) finish(false);
        };
        const onSaved = (p: { itemId: string; version: number; text: string }) => {
          if (p.itemId !== meeting.itemId) return;
          version = p.version;
          saved = p.text;
          check();
        };
        const onRefused = () => finish(true);
        for (const o of others) o.changed.add(check);
        sender.socket.on("meeting:minutes-saved", onSaved);
        sender.socket.once("meeting:error", onRefused);
        sender.socket.once("meeting:minutes-conflict", onRefused);
        sender.socket.emit("meeting:minutes", { meetingId: meeting.id, itemId: meeting.itemId, text, baseVersion });
      });

    // 40 attendees: one edits, the time until all 39 others have it (and the editor its confirmation).
    const big = openMeetingWith(caseworkers.slice(0, 40));
    const forty: Attendee[] = [];
    for (const userId of caseworkers.slice(0, 40)) forty.push(await join(userId, big.id));
    let bigVersion = 0;
    const lines: string[] = [];
    await measure("meeting.fanout", 200, async () => {
      const sender = forty[lines.length % forty.length]!;
      lines.push(`Line ${lines.length + 1} of the minutes.`);
      const r = await edit(
        sender,
        forty.filter((a) => a !== sender),
        big,
        lines.join("\n"),
        bigVersion,
      );
      if (r.error) throw new Error("meeting.fanout: an edit was refused");
      bigVersion = r.version;
    });
    for (const a of forty) a.socket.close();

    // 20 meetings of 10 attendees, every attendee editing at once (each adds their own line to what they last
    // saw, so concurrent edits merge): each edit's time to reach the other nine, and how many were refused.
    const rooms = [];
    for (let m = 0; m < 20; m++) {
      // Distinct people in each meeting; a small BENCH_CASES run has fewer staff, so meetings may share some.
      const people = Array.from({ length: 10 }, (_, k) => caseworkers[(40 + m * 10 + k) % caseworkers.length]!);
      const meeting = openMeetingWith(people);
      const attendees: Attendee[] = [];
      for (const userId of people) attendees.push(await join(userId, meeting.id));
      rooms.push({ meeting, attendees });
    }
    const times: number[] = [];
    let errors = 0;
    let edits = 0;
    const latest = rooms.map(() => ({ text: "", version: 0 }));
    for (let round = 0; round < 5; round++) {
      const perRoom = await Promise.all(
        rooms.map(({ meeting, attendees }, m) =>
          Promise.all(
            attendees.map((a, i) =>
              edit(
                a,
                attendees.filter((o) => o !== a),
                meeting,
                [latest[m]!.text, `Round ${round + 1}, attendee ${i + 1}.`].filter(Boolean).join("\n"),
                latest[m]!.version,
              ),
            ),
          ),
        ),
      );
      perRoom.forEach((results, m) => {
        for (const r of results) {
          edits += 1;
          if (r.error) errors += 1;
          else times.push(r.ms);
          if (!r.error && r.version > latest[m]!.version) latest[m] = { text: r.text, version: r.version };
        }
      });
    }
    times.sort((a, b) => a - b);
    const pct = (q: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]! * 1000) / 1000;
    process.stdout.write(
      `${JSON.stringify({ name: "meeting.concurrent", n: edits, p50_ms: pct(50), p95_ms: pct(95), errors })}\n`,
    );
    for (const r of rooms) for (const a of r.attendees) a.socket.close();
    await new Promise<void>((resolve) => realtime.close(() => resolve()));
  }

  // --- Sharing (issue 18): an advocate shares a signed-off note with the police agency, whose case workers (the
  // demo's and 200 synthetic investigators) are told in the share's transaction. Who of them may read the record and
  // open its case is one query (app/access/share-audience.server.ts), not a whole Actor each. Last: it adds people.
  if (selected("share")) {
    const { randomUUID } = await import("node:crypto");
    const { shareRecord } = await import("../app/services/shares.server");
    const police = db
      .select({ agencyId: users.agencyId })
      .from(users)
      .where(eq(users.email, "investigator@police.concord.test"))
      .get()!.agencyId;
    db.transaction((tx) => {
      for (let i = 0; i < 200; i++) {
        const id = randomUUID();
        tx.insert(users)
          .values({
            id,
            agencyId: police,
            email: `bench-investigator-${i}@police.concord.test`,
            name: `Bench investigator ${i}`,
          })
          .run();
        tx.insert(userRoles).values({ userId: id, role: "investigator" }).run();
      }
    });
    const advocate = loadActor(
      db.select({ id: users.id }).from(users).where(eq(users.email, "advocate@isac.concord.test")).get()!.id,
      "bench",
    )!;
    const note = db.select({ id: caseRecords.id }).from(caseRecords).where(eq(caseRecords.title, "Safety plan")).get()!
      .id;
    await measure("share.agency_200", 60, () => {
      const done = shareRecord(advocate, note, {
        recipientKind: "agency",
        agencyId: police,
        purpose: "case_work",
        lawfulBasis: "vital_interests",
      });
      if (!done.ok) throw new Error("bench share refused");
    });
  }
} finally {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
