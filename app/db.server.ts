import { getConfig } from "~/config.server";
import { migrateDatabase, openDatabase, type Db } from "../db/client";

let instance: Db | undefined;

/** The process's one connection (better-sqlite3 is synchronous; one connection serves all requests). */
export function getDb(): Db {
  if (!instance) {
    instance = openDatabase(getConfig().databasePath);
    migrateDatabase(instance);
  }
  return instance;
}

export function closeDb(): void {
  instance?.$client.close();
  instance = undefined;
}

export type { Db };
