// Migration 0012 ends every session stored before session ids were hashed: such a row holds a live token.
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { makeTempDir } from "./test-db";

const dir = makeTempDir("concord-migration-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("deletes the sessions written before the migration (their ids were the tokens themselves)", () => {
  const source = path.resolve("db/migrations");
  const before = path.join(dir, "before");
  fs.cpSync(source, before, { recursive: true });
  const journalPath = path.join(before, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === "0012_session_ids_hashed");
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalPath, JSON.stringify(journal));

  const db = openDatabase(path.join(dir, "concord.db"));
  migrate(db, { migrationsFolder: before });
  db.$client.pragma("foreign_keys = OFF");
  db.$client
    .prepare(
      `INSERT INTO sessions (id, user_id, expires_at, created_at, last_seen_at, mfa_verified, device) VALUES ('legacytokenlegacytokenlegacytoken1234', 'u1', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, 'test')`,
    )
    .run();
  db.$client.pragma("foreign_keys = ON");
  migrate(db, { migrationsFolder: source });
  expect(db.$client.prepare(`SELECT count(*) AS n FROM sessions`).get()).toEqual({ n: 0 });
  db.$client.close();
});
