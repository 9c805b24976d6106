// A large synthetic partnership for benchmarks and load checks: up to hundreds of thousands of cases with case
// teams, victims and perpetrators (some perpetrators on several cases), the casework of casework-plan.ts
// (incidents across crime reports, offences and deadlines, SPO considerations, orders, breaches, victim care,
// notes, tasks), further notes in every category with caveats, a few shares, break-glass grants and access
// requests, and the search documents of all of it. Everything is generated (large-generate.ts): names from
// invented lists, text from templates.
//
// Speed (the target is 100,000 cases in under two minutes on two cores), each step measured to help: rows are
// generated in a worker thread while this thread writes them with prepared statements, 2,000 cases to a
// transaction; ids sort in the order they are made (large-generate.ts), so they go on the end of each index;
// records' search documents are made in SQL from the rows written; secondary indexes, the full-text triggers
// and the oversight triggers are set aside during the load, then each index is built once, the full-text index
// rebuilt once and the oversight sums worked out once.
import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { AgencyType } from "../../app/domain/agencies";
import type { Role } from "../../app/domain/roles";
import type { Db } from "../client";
import { DEMO_AGENCIES, DEMO_PARTNERSHIP, DEMO_PASSWORD } from "./demo-accounts";
import {
  BUSY_CASE_INCIDENTS,
  generate,
  iso,
  leadShortfall,
  RECORD_DOCUMENTS,
  ROLE_WEIGHTS,
  STATEMENTS,
  USER_AGENCY_WEIGHTS,
  type Batch,
  type GenerateContext,
  type Generated,
  type Statement,
  type UserRow,
} from "./large-generate";
import { FIRST_NAMES, LAST_NAMES, prng } from "./synthetic";
import { rebuildOversightSums } from "../../app/services/oversight-sums.server";

export { BUSY_CASE_INCIDENTS };

export class LargeSeedRefused extends Error {}

export type LargeSeedOptions = {
  cases: number;
  /**
   * Notes beyond the casework (in every category an agency keeps), on average per case; the total is exactly
   * cases × recordsPerCase, spread unevenly (active cases have more). May be 0.
   */
  recordsPerCase: number;
  users: number;
  /** One case in this many (and at least one) has 200 incidents, for the case page benchmark. Default 20,000. */
  busyCaseEvery?: number;
  /** Generate in a worker thread (default: from 5,000 cases, where it pays for starting one). */
  worker?: boolean;
  /** Seed for the pseudo-random choices (ids are generated whatever the seed). */
  seed?: number;
  env?: NodeJS.ProcessEnv;
  /** Called after every batch: what is being written and how far through the whole job. */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
};

export type LargeSeedResult = Generated & { users: number };

/** Cases (with all their casework) written per transaction. */
export const BATCH_CASES = 2_000;
const WORKER_FROM_CASES = 5_000;

/** The tables the load fills, whose indexes are built once at the end. */
const BULK_TABLES = [
  "cases",
  "case_members",
  "people",
  "case_parties",
  "case_records",
  "search_documents",
  "incidents",
  "offences",
  "protective_orders",
  "spo_considerations",
  "breaches",
  "victim_update_plans",
  "support_referrals",
  "tasks",
  "record_shares",
  "break_glass_grants",
  "access_requests",
];

/**
 * Adds the large synthetic data set to `db` (migrated). The demo partnership's agencies are created when
 * missing and reused when present, so it can follow the demo seed. Refuses when NODE_ENV=production.
 */
export async function seedLarge(db: Db, o: LargeSeedOptions): Promise<LargeSeedResult> {
  const env = o.env ?? process.env;
  if (env.NODE_ENV === "production")
    throw new LargeSeedRefused("Refusing to create synthetic data when NODE_ENV=production");
  for (const [name, v, min] of [
    ["cases", o.cases, 1],
    ["recordsPerCase", o.recordsPerCase, 0],
    ["users", o.users, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be a whole number of at least ${min}`);
  }
  const sqlite = db.$client;
  const seed = o.seed ?? 20260101;
  const rng = prng(seed);
  const now = Date.now();
  const DAY = 86_400_000;
  // One hash for everyone: synthetic people can sign in with the demo password in demo mode.
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });

  // Progress: people, then cases (each with its casework), then the indexes, the full-text index and the
  // oversight sums (each counted as a fifth of the cases, about what they take).
  const indexUnits = Math.ceil(o.cases / 5);
  const jobTotal = o.users + o.cases + 3 * indexUnits;
  let jobDone = 0;
  const progress = (phase: string, n: number) => {
    jobDone += n;
    o.onProgress?.({ phase, done: jobDone, total: jobTotal });
  };

  // A bulk load: a big page cache, no waiting for the disk (a crash mid-load loses only synthetic data), no
  // foreign-key lookups (every reference is to a row just generated), and the secondary indexes and full-text
  // triggers set aside until the end.
  const pragmas = ["cache_size", "synchronous", "temp_store", "foreign_keys"].map(
    (p) => [p, sqlite.pragma(p, { simple: true })] as const,
  );
  sqlite.pragma("cache_size = -524288");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("foreign_keys = OFF");
  const setAside = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'trigger' AND (tbl_name = 'search_documents' OR substr(name, 1, 10) = 'oversight_')) OR (type = 'index' AND tbl_name IN (${BULK_TABLES.map(() => "?").join(", ")})))`,
    )
    .all(...BULK_TABLES) as { type: "index" | "trigger"; name: string; sql: string }[];
  for (const x of setAside) sqlite.exec(`DROP ${x.type.toUpperCase()} ${x.name}`);
  try {
    // --- Partnership, agencies and teams (reused by name when the demo seed has run).
    const agencyIds = new Map<string, string>();
    const agencyTypes = new Map<string, AgencyType>();
    const teamIds = new Map<string, string[]>();
    sqlite.transaction(() => {
      let partnershipId = (
        sqlite.prepare(`SELECT id FROM partnerships WHERE name = ?`).get(DEMO_PARTNERSHIP) as { id: string } | undefined
      )?.id;
      if (!partnershipId) {
        partnershipId = randomUUID();
        sqlite.prepare(`INSERT INTO partnerships (id, name) VALUES (?, ?)`).run(partnershipId, DEMO_PARTNERSHIP);
      }
      const findAgency = sqlite.prepare(`SELECT id FROM agencies WHERE partnership_id = ? AND name = ?`);
      const addAgency = sqlite.prepare(`INSERT INTO agencies (id, partnership_id, name, type) VALUES (?, ?, ?, ?)`);
      const findTeam = sqlite.prepare(`SELECT id FROM teams WHERE agency_id = ? AND name = ?`);
      const addTeam = sqlite.prepare(`INSERT INTO teams (id, agency_id, name) VALUES (?, ?, ?)`);
      for (const a of DEMO_AGENCIES) {
        let id = (findAgency.get(partnershipId, a.name) as { id: string } | undefined)?.id;
        if (!id) {
          id = randomUUID();
          addAgency.run(id, partnershipId, a.name, a.type);
        }
        agencyIds.set(a.key, id);
        agencyTypes.set(a.key, a.type);
        const ids: string[] = [];
        for (const name of a.teams) {
          let teamId = (findTeam.get(id, name) as { id: string } | undefined)?.id;
          if (!teamId) {
            teamId = randomUUID();
            addTeam.run(teamId, id, name);
          }
          ids.push(teamId);
        }
        teamIds.set(a.key, ids);
      }
    })();
    const domainOf = new Map(DEMO_AGENCIES.map((a) => [a.key, a.domain]));

    // Numbering continues after what is there, so references, emails and crime references stay unique on a second run.
    const existingUsers = (sqlite.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n;
    const existingCases = (sqlite.prepare(`SELECT count(*) AS n FROM cases`).get() as { n: number }).n;
    const documentsBefore = (sqlite.prepare(`SELECT count(*) AS n FROM search_documents`).get() as { n: number }).n;
    const existingRefs = (
      sqlite.prepare(`SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM offences) AS n`).get() as {
        n: number;
      }
    ).n;

    // --- People who work here: one agency administrator per agency, the rest by weight.
    const insertUser = sqlite.prepare(
      `INSERT INTO users (id, agency_id, team_id, email, name, password_hash, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
    );
    const insertRole = sqlite.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`);
    const agencyKeys = DEMO_AGENCIES.map((a) => a.key);
    const users: UserRow[] = [];
    sqlite.transaction(() => {
      for (let i = 0; i < o.users; i++) {
        const agencyKey = i < agencyKeys.length ? agencyKeys[i]! : rng.weighted(USER_AGENCY_WEIGHTS);
        const role: Role = i < agencyKeys.length ? "agency_admin" : rng.weighted(ROLE_WEIGHTS[agencyKey]!);
        const first = rng.pick(FIRST_NAMES);
        const last = rng.pick(LAST_NAMES);
        const n = existingUsers + i + 1;
        const id = randomUUID();
        const agencyId = agencyIds.get(agencyKey)!;
        const teams = teamIds.get(agencyKey)!;
        insertUser.run(
          id,
          agencyId,
          teams.length ? rng.pick(teams) : null,
          `${first}.${last}.${n}@${domainOf.get(agencyKey)}`.toLowerCase(),
          `${first} ${last}`,
          passwordHash,
          "large-seed",
          iso(now - (400 + rng.int(700)) * DAY),
        );
        insertRole.run(id, role);
        // Caseloads differ: part-time staff and specialists carry fewer cases than full-time officers.
        users.push({ id, name: `${first} ${last}`, agencyKey, agencyId, role, weight: 0.3 + rng.next() * 1.4 });
      }
    })();
    progress("people", o.users);
    const shortfall = leadShortfall(users);
    if (shortfall) throw new RangeError(`Too few people for ${shortfall} to lead cases: raise --users`);

    // --- Everything else, generated (in a worker for big loads) and written here a batch at a time.
    const ctx: GenerateContext = {
      seed: seed + 1,
      now,
      cases: o.cases,
      recordsPerCase: o.recordsPerCase,
      busyCaseEvery: o.busyCaseEvery ?? 20_000,
      batchCases: BATCH_CASES,
      existingCases,
      crimeRefStart: 1_000_000 + existingRefs,
      users,
      agencyIds: Object.fromEntries(agencyIds),
      agencyTypes: Object.fromEntries(agencyTypes),
    };
    const statements = new Map(
      (Object.keys(STATEMENTS) as Statement[]).map((name) => [name, sqlite.prepare(STATEMENTS[name])]),
    );
    const lastRecord = sqlite.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM case_records`).pluck();
    const recordDocuments = RECORD_DOCUMENTS.map((sql) => sqlite.prepare(sql));
    const write = sqlite.transaction((batch: Batch) => {
      const after = lastRecord.get() as number;
      for (const [name, rows] of Object.entries(batch.rows) as [Statement, unknown[][]][]) {
        const statement = statements.get(name)!;
        for (const values of rows) statement.run(values);
      }
      for (const statement of recordDocuments) statement.run(after);
    });
    const onBatch = (batch: Batch) => {
      write(batch);
      progress("cases", batch.cases);
    };
    o.onProgress?.({ phase: "cases", done: jobDone, total: jobTotal });
    const generated =
      (o.worker ?? o.cases >= WORKER_FROM_CASES) ? await generateInWorker(ctx, onBatch) : generate(ctx, onBatch);
    const documents = sqlite.prepare(`SELECT count(*) FROM search_documents`).pluck();
    return { ...generated, searchDocuments: (documents.get() as number) - documentsBefore, users: o.users };
  } finally {
    // Indexes and triggers go back even if the load failed part-way (what was committed stays, and is found).
    o.onProgress?.({ phase: "indexes", done: jobDone, total: jobTotal });
    for (const x of setAside) if (x.type === "index") sqlite.exec(x.sql);
    progress("indexes", indexUnits);
    for (const x of setAside) if (x.type === "trigger") sqlite.exec(x.sql);
    // Room for the whole vocabulary in memory while rebuilding: one pass, few segments to merge (a quarter less
    // time than the 1 MB default, measured), then the default again for everyday writes.
    o.onProgress?.({ phase: "search index", done: jobDone, total: jobTotal });
    sqlite.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', ${256 * 1024 * 1024})`);
    sqlite.exec(`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`);
    sqlite.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', ${1024 * 1024})`);
    progress("search index", indexUnits);
    // The oversight sums' triggers were set aside too: every case's figures are worked out once instead.
    o.onProgress?.({ phase: "oversight figures", done: jobDone, total: jobTotal });
    rebuildOversightSums(sqlite);
    progress("oversight figures", indexUnits);
    for (const [p, v] of pragmas) sqlite.pragma(`${p} = ${v}`);
  }
}

/**
 * Runs the generator in a worker thread (large-worker.ts, started through large-worker.mjs) and writes each
 * batch it posts, telling it when one is written so it never gets far ahead.
 */
function generateInWorker(ctx: GenerateContext, onBatch: (batch: Batch) => void): Promise<Generated> {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL("./large-worker.mjs", import.meta.url), { workerData: { ctx, inFlight } });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on("message", (m: { type: "batch"; batch: Batch } | { type: "done"; result: Generated }) => {
      if (m.type === "done") {
        settled = true;
        resolve(m.result);
        return;
      }
      try {
        onBatch(m.batch);
      } catch (error) {
        fail(error);
        return;
      }
      Atomics.sub(inFlight, 0, 1);
      Atomics.notify(inFlight, 0);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (!settled) fail(new Error(`The generator stopped (exit code ${code}) before finishing`));
    });
  });
}
