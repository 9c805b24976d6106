import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index";
import { cachePreparedStatements } from "./statement-cache";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Beside this file when run from source; two levels up when bundled into build/server/index.js.
const migrationsFolder = [new URL("./migrations", import.meta.url), new URL("../../db/migrations", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => fs.existsSync(path.join(dir, "meta/_journal.json")));

/**
 * Opens a SQLite file with the settings every connection needs (WAL, foreign keys, busy timeout), with
 * transactions that begin IMMEDIATE (below).
 */
export function openDatabase(filePath: string): Db {
  if (filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(filePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Another process holding the write lock is waited for, up to 5 seconds, rather than refused.
  sqlite.pragma("busy_timeout = 5000");
  // FULL: a commit is on disk before it is acknowledged, power cut included (decision 0028).
  sqlite.pragma("synchronous = FULL");
  cachePreparedStatements(sqlite);
  return writeLockFirst(drizzle(sqlite, { schema }) as Db);
}

/**
 * One writer at a time, across processes (decision 0022): a transaction takes the write lock when it begins
 * (BEGIN IMMEDIATE), waiting for it under busy_timeout. A deferred transaction that reads first and then writes
 * fails with SQLITE_BUSY when another process (a worker of the same server) wrote in between, and waiting cannot
 * cure that; an immediate one reads only what no one else can change before it commits. A caller may still ask
 * for { behavior: "deferred" } explicitly for a read-only snapshot.
 */
function writeLockFirst(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = ((fn, config) => begin(fn, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
}

/** Opens a SQLite file read-only, changing nothing in it (for checking copies: backups, files to restore). */
export function openDatabaseReadOnly(filePath: string): Db {
  const sqlite = new Database(filePath, { readonly: true, fileMustExist: true });
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  if (!migrationsFolder) throw new Error("Database migrations not found (expected db/migrations)");
  migrate(db, { migrationsFolder });
}

/**
 * Gives the query planner statistics for tables that have none or have grown a lot since (SQLite's advice for
 * long-lived connections). Without them the planner guesses, and at 100,000 cases a guess that starts from the
 * wrong index turned a 0.2 ms query on one case into 34 ms. Approximate analysis (analysis_limit) keeps it quick:
 * under two seconds the first time on a 100,000-case file, nothing measurable after.
 */
export function optimizeDatabase(db: Db): void {
  db.$client.pragma("analysis_limit = 1000");
  db.$client.pragma("optimize = 0x10002");
}

export { schema };
