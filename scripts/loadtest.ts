// `npm run loadtest`: many signed-in people at once, through the production server over real HTTP.
// Prints one JSON object per line, {"name","connections","rps","p50_ms","p95_ms","errors",...}, like the bench.
//
// The server is `server/index.ts` on the production build (built first when stale) against a seeded database of
// LOADTEST_CASES cases (default 100,000; seeded once and cached, scripts/loadtest-data.ts). Sessions of several
// roles are started with the app's own startSession (as the bench does) for synthetic staff of the large seed,
// so nobody's sign-in or second factor is part of the figures. Each scenario runs LOADTEST_CONNECTIONS closed
// loops (default 50: send, wait for the whole body, send again) for LOADTEST_SECONDS (default 15) after two
// seconds of warming up; the soak is LOADTEST_SOAK_USERS people (default 200) each with the notification socket
// every page opens, browsing with 1–3 s of thinking between pages for LOADTEST_SOAK_SECONDS (default 60), while
// /healthz is asked every 100 ms (healthz_p95_ms).
//
// Searches run at LOADTEST_SEARCH_CONNECTIONS (default 10). Other settings: LOADTEST_ONLY=load.home,load.soak runs only those; LOADTEST_PORT (default 3240); WORKERS is
// passed to the server; LOADTEST_PROFILE=dir starts the server with `node --cpu-prof --cpu-prof-dir=dir` (the
// profile is written when the server stops); LOADTEST_COMMON_WORD chooses the common word (default "victim").
// Figures, not assertions. The machine's load average is printed with every line: other work skews them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { seededDatabase } from "./loadtest-data";
import { ensureProductionBuild, repositoryRoot } from "./production-build";

const env = process.env;
const number = (name: string, fallback: number) => {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return Number(v);
};
const CASES = number("LOADTEST_CASES", 100_000);
const SECONDS = number("LOADTEST_SECONDS", 15);
const CONNECTIONS = number("LOADTEST_CONNECTIONS", 50);
// Searches are measured at fewer connections (as issue 24 first measured them): at 50 a search that holds the
// event loop for seconds would make the scenario last many minutes.
const SEARCH_CONNECTIONS = number("LOADTEST_SEARCH_CONNECTIONS", Math.min(CONNECTIONS, 10));
const SOAK_USERS = number("LOADTEST_SOAK_USERS", 200);
const SOAK_SECONDS = number("LOADTEST_SOAK_SECONDS", 60);
const PORT = number("LOADTEST_PORT", 3240);
const WARMUP_MS = 2_000;
const ONLY = (env.LOADTEST_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const COMMON_WORD = env.LOADTEST_COMMON_WORD ?? "victim";
const log = (line: string) => process.stderr.write(`${line}\n`);
const selected = (name: string) => ONLY.length === 0 || ONLY.includes(name);

// --- The database and the people.
ensureProductionBuild("loadtest");
const databasePath = await seededDatabase(CASES, log);
const secretKey = randomBytes(32).toString("hex");
// The sessions are started by the app's own code, with the server's settings (the cookie's name follows them).
Object.assign(env, {
  DATABASE_PATH: databasePath,
  NODE_ENV: "production",
  CONCORD_SECRET_KEY: secretKey,
  LOG_LEVEL: "silent",
});
const { getDb, closeDb } = await import("../app/db.server");
const { startSession } = await import("../app/services/sessions.server");
const db = getDb().$client;

type Person = { id: string; cookie: string; cases: string[] };
const rows = <T>(query: string, ...params: unknown[]) => db.prepare(query).all(...params) as T[];

/** Synthetic staff with a role, those whose caseload is nearest `typical` first, each with their open cases. */
function staff(role: string, limit: number, typical: number): Omit<Person, "cookie">[] {
  const people = rows<{ id: string; n: number }>(
    `SELECT u.id, count(m.case_id) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ?
       LEFT JOIN case_members m ON m.user_id = u.id AND m.removed_at IS NULL
      WHERE u.created_by = 'large-seed' AND u.status = 'active' GROUP BY u.id ORDER BY abs(count(m.case_id) - ?), u.id LIMIT ?`,
    role,
    typical,
    limit,
  );
  const casesOf = db.prepare(`SELECT case_id AS id FROM case_members WHERE user_id = ? AND removed_at IS NULL`);
  return people.map((p) => ({ id: p.id, cases: (casesOf.all(p.id) as { id: string }[]).map((c) => c.id) }));
}
async function signIn(people: Omit<Person, "cookie">[]): Promise<Person[]> {
  const out: Person[] = [];
  for (const p of people)
    out.push({ ...p, cookie: (await startSession(p.id, { mfaVerified: true, device: "loadtest" })).split(";")[0]! });
  return out;
}

const investigators = await signIn(
  staff("investigator", Math.max(CONNECTIONS, 50), 40).filter((p) => p.cases.length > 0),
);
const supervisors = await signIn(staff("police_supervisor", 20, 0));
const soakPeople = await signIn(
  [
    ...staff("investigator", Math.round(SOAK_USERS * 0.45), 40),
    ...staff("advocate", Math.round(SOAK_USERS * 0.2), 30),
    ...staff("probation_practitioner", Math.round(SOAK_USERS * 0.2), 30),
    ...staff("police_supervisor", SOAK_USERS, 0),
  ]
    .filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i)
    .slice(0, SOAK_USERS),
);
const partyNames = db.prepare(
  `SELECT p.full_name AS name FROM case_parties cp JOIN people p ON p.id = cp.person_id WHERE cp.case_id = ? LIMIT 4`,
);
const namesOf = (p: Person) =>
  p.cases.slice(0, 10).flatMap((c) => (partyNames.all(c) as { name: string }[]).map((r) => r.name));
const busy = db
  .prepare(
    `SELECT i.case_id AS caseId, m.user_id AS officer FROM incidents i JOIN case_members m ON m.case_id = i.case_id AND m.role_in_case = 'officer_in_case' AND m.removed_at IS NULL
      GROUP BY i.case_id, m.user_id ORDER BY count(*) DESC LIMIT 1`,
  )
  .get() as { caseId: string; officer: string };
const [officer] = await signIn([{ id: busy.officer, cases: [busy.caseId] }]);
const partyNamesCache = new Map(soakPeople.map((p) => [p.id, namesOf(p)]));
const investigatorNames = investigators.map(namesOf);
const commonMatches = (
  db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?`).get(`"${COMMON_WORD}"*`) as { n: number }
).n;
closeDb();
log(
  `loadtest: ${CASES.toLocaleString("en-GB")} cases; ${investigators.length} investigators (median caseload ${investigators[investigators.length >> 1]?.cases.length}), ${supervisors.length} police supervisors, ${soakPeople.length} soak users; busy case ${busy.caseId}; "${COMMON_WORD}" in ${commonMatches.toLocaleString("en-GB")} search documents`,
);

// --- The server.
const profileDir = env.LOADTEST_PROFILE ? path.resolve(env.LOADTEST_PROFILE) : undefined;
const server: ChildProcess = spawn(
  process.execPath,
  [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", "tsx", "server/index.ts"],
  {
    cwd: repositoryRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      LOG_LEVEL: env.LOADTEST_LOG_LEVEL ?? "info",
      ...(env.WORKERS ? { WORKERS: env.WORKERS } : {}),
    },
  },
);
const stopServer = () =>
  new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    server.once("exit", () => resolve());
    server.kill("SIGTERM");
  });
process.on("exit", () => server.kill("SIGKILL"));

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const origin = `http://127.0.0.1:${PORT}`;

type Outcome = { ms: number; ok: boolean };
const TIMEOUT_MS = number("LOADTEST_TIMEOUT_MS", 30_000);
const inFlight = new Set<http.ClientRequest>();

/**
 * One GET, timed to the last byte of the body. 200 is success; anything else (a redirect to sign in too), a
 * failure or no answer within LOADTEST_TIMEOUT_MS is an error. `marker`, when given, must be in the body.
 */
function get(pathname: string, cookie?: string, marker?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      inFlight.delete(req);
      resolve({ ms: performance.now() - started, ok });
    };
    const req = http.request(
      `${origin}${pathname}`,
      {
        agent,
        timeout: TIMEOUT_MS,
        headers: {
          ...(cookie ? { cookie } : {}),
          "accept-encoding": marker ? "identity" : "gzip",
          accept: "text/html",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => marker && chunks.push(c));
        res.on("end", () => done(res.statusCode === 200 && (!marker || Buffer.concat(chunks).includes(marker))));
        res.on("error", () => done(false));
      },
    );
    inFlight.add(req);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => done(false));
    req.on("close", () => done(false));
    req.end();
  });
}

/** Ends what is still waiting when a scenario's time is up (not counted), then waits for the server to catch up. */
async function settle(): Promise<number> {
  const unfinished = inFlight.size;
  for (const req of inFlight) req.destroy();
  inFlight.clear();
  // The server finishes what it had started whether or not anyone waits; the next scenario starts when /healthz
  // answers quickly three times running (or after two minutes).
  const deadline = Date.now() + 120_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const h = await get("/healthz");
    quick = h.ok && h.ms < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  return unfinished;
}

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`loadtest: the server exited (${server.exitCode})`);
    if ((await get("/healthz")).ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("loadtest: the server did not answer /healthz within two minutes");
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;
const load = () => Math.round(os.loadavg()[0]! * 100) / 100;

function report(
  name: string,
  connections: number,
  outcomes: Outcome[],
  seconds: number,
  extra: Record<string, unknown> = {},
) {
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const line = {
    name,
    connections,
    rps: round(outcomes.length / seconds),
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    errors: outcomes.filter((o) => !o.ok).length,
    n: outcomes.length,
    ...extra,
    cases: CASES,
    workers: env.WORKERS ?? "default",
    load_avg: load(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * `connections` closed loops asking `next(i)` for what to get. Counted: the requests that finish within the
 * measured window (after the warm-up), as a throughput figure counts them. Requests still waiting when the time
 * is up are ended and reported as `unfinished`.
 */
async function closedLoop(
  name: string,
  next: (connection: number) => { path: string; cookie?: string },
  connections = CONNECTIONS,
): Promise<void> {
  if (!selected(name)) return;
  const outcomes: Outcome[] = [];
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + SECONDS * 1000;
  let stopped = false;
  const loops = Array.from({ length: connections }, async (_, c) => {
    while (!stopped && performance.now() < end) {
      const { path: p, cookie } = next(c);
      const o = await get(p, cookie);
      if (!stopped && performance.now() >= measureFrom) outcomes.push(o);
    }
  });
  await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, end - performance.now()))]);
  stopped = true;
  const unfinished = await settle();
  await Promise.all(loops);
  report(name, connections, outcomes, SECONDS, { unfinished });
}

let turn = 0;
const pick = <T>(list: readonly T[]) => list[turn++ % list.length]!;
const personFor = (list: Person[], c: number) => list[c % list.length]!;

try {
  await waitForServer();
  log(
    `loadtest: server up on ${origin} (WORKERS=${env.WORKERS ?? "default"}); load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  await closedLoop("load.healthz", () => ({ path: "/healthz" }));
  await closedLoop("load.home", (c) => ({ path: "/", cookie: personFor(investigators, c).cookie }));
  await closedLoop("load.case_list", (c) => ({ path: "/cases", cookie: personFor(investigators, c).cookie }));
  await closedLoop("load.case_list_supervisor", (c) => ({ path: "/cases", cookie: personFor(supervisors, c).cookie }));
  await closedLoop("load.case_overview", (c) => {
    const p = personFor(investigators, c);
    return { path: `/cases/${pick(p.cases)}`, cookie: p.cookie };
  });
  await closedLoop(
    "load.search_name",
    (c) => ({
      path: `/search?q=${encodeURIComponent(pick(investigatorNames[c % investigatorNames.length]!))}`,
      cookie: personFor(investigators, c).cookie,
    }),
    SEARCH_CONNECTIONS,
  );
  await closedLoop(
    "load.search_common",
    (c) => ({ path: `/search?q=${encodeURIComponent(COMMON_WORD)}`, cookie: personFor(investigators, c).cookie }),
    SEARCH_CONNECTIONS,
  );
  await closedLoop(
    "load.search_common_supervisor",
    (c) => ({ path: `/search?q=${encodeURIComponent(COMMON_WORD)}`, cookie: personFor(supervisors, c).cookie }),
    SEARCH_CONNECTIONS,
  );
  await closedLoop("load.course_of_conduct", () => ({
    path: `/cases/${busy.caseId}/incidents`,
    cookie: officer!.cookie,
  }));
  if (selected("load.soak")) await soak();
} finally {
  await stopServer();
  agent.destroy();
}

/**
 * SOAK_USERS people browse as people do: a page, then 1–3 s of reading, with the notification socket every
 * signed-in page opens. /healthz is asked every 100 ms meanwhile: it is the floor, and stalls when the event
 * loop is held.
 */
async function soak(): Promise<void> {
  const { io } = await import("socket.io-client");
  const sockets = soakPeople.map((p) =>
    io(origin, {
      transports: ["websocket"],
      extraHeaders: { cookie: p.cookie, origin },
      reconnection: true,
      forceNew: true,
    }),
  );
  const outcomes: Outcome[] = [];
  const health: Outcome[] = [];
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + SOAK_SECONDS * 1000;
  let stopped = false;
  const think = () => new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
  const pages = (p: Person): string[] => {
    const someCase = p.cases.length ? p.cases[Math.floor(Math.random() * p.cases.length)]! : null;
    const names = someCase ? (partyNamesCache.get(p.id) ?? []) : [];
    return [
      "/",
      "/cases",
      ...(someCase
        ? [`/cases/${someCase}`, `/cases/${someCase}`, `/cases/${someCase}/incidents`, `/cases/${someCase}/people`]
        : []),
      ...(names.length ? [`/search?q=${encodeURIComponent(names[Math.floor(Math.random() * names.length)]!)}`] : []),
    ];
  };
  const users = soakPeople.map(async (p, i) => {
    // Arrivals spread over the warm-up rather than all at once.
    await new Promise((r) => setTimeout(r, (i / soakPeople.length) * WARMUP_MS));
    while (!stopped && performance.now() < end) {
      const choices = pages(p);
      const o = await get(choices[Math.floor(Math.random() * choices.length)]!, p.cookie);
      if (!stopped && performance.now() >= measureFrom) outcomes.push(o);
      await think();
    }
  });
  const probe = (async () => {
    while (!stopped && performance.now() < end) {
      const o = await get("/healthz");
      if (!stopped && performance.now() >= measureFrom) health.push(o);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await Promise.race([Promise.all([...users, probe]), new Promise((r) => setTimeout(r, end - performance.now()))]);
  stopped = true;
  const unfinished = await settle();
  const connected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.close();
  const healthTimes = health.map((h) => h.ms).sort((a, b) => a - b);
  report("load.soak", soakPeople.length, outcomes, SOAK_SECONDS, {
    healthz_p95_ms: round(percentile(healthTimes, 95)),
    healthz_max_ms: round(healthTimes.at(-1) ?? 0),
    healthz_errors: health.filter((h) => !h.ok).length,
    unfinished,
    sockets_connected: connected,
  });
}
