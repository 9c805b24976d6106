import { getConfig } from "~/config.server";
import { migrateDatabase, openDatabase, optimizeDatabase, type Db } from "../db/client";

let instance: Db | undefined;

/** The process's one connection (better-sqlite3 is synchronous; one connection serves all requests). */
export function getDb(): Db {
  if (!instance) {
    instance = openDatabase(getConfig().databasePath);
    migrateDatabase(instance);
    optimizeDatabase(instance);
  }
  return instance;
}

export function closeDb(): void {
  if (instance?.$client.open) instance.$client.pragma("optimize");
  instance?.$client.close();
  instance = undefined;
}

/**
 * A statement prepared once per connection (drizzle's `.prepare()` with placeholders), for queries on hot paths
 * such as every socket event: building a query with drizzle costs more than running it.
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let statement = cache.get(db);
    if (statement === undefined) cache.set(db, (statement = build(db)));
    return statement;
  };
}

export type { Db };
