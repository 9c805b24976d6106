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

export type { Db };
