import { verify } from "@node-rs/argon2";
import path from "node:path";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_IDS } from "~/domain/roles";
import { migrateDatabase, openDatabase, type Db } from "../../db/client";
import { DemoSeedRefused, isDatabaseEmpty, seedDemo } from "../../db/seed/demo";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo-accounts";
import { makeTempDir } from "./test-db";

let dir: string;
const open: Db[] = [];

function freshDb(name: string): Db {
  const db = openDatabase(path.join(dir, name));
  migrateDatabase(db);
  open.push(db);
  return db;
}

beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => {
  for (const db of open) db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("seedDemo", () => {
  it("refuses when NODE_ENV=production and adds nothing", async () => {
    const db = freshDb("prod.db");
    await expect(seedDemo(db, { NODE_ENV: "production" })).rejects.toBeInstanceOf(DemoSeedRefused);
    await expect(seedDemo(db, { NODE_ENV: "production" })).rejects.toThrow(/production/);
    expect(isDatabaseEmpty(db)).toBe(true);
    expect(db.$client.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
  });

  describe("on an empty database", () => {
    let db: Db;
    beforeAll(async () => {
      db = freshDb("demo.db");
      expect(await seedDemo(db, { NODE_ENV: "test" })).toMatchObject({ accounts: 19 });
    });

    it("creates 19 accounts, one for every role", () => {
      const users = db.$client.prepare("SELECT id, email, agency_id AS agencyId, status FROM users").all() as { id: string; email: string; agencyId: string; status: string }[];
      expect(users).toHaveLength(19);
      expect(DEMO_ACCOUNTS).toHaveLength(19);
      expect(users.every((u) => u.status === "active")).toBe(true);
      const roles = (db.$client.prepare("SELECT role FROM user_roles").all() as { role: string }[]).map((r) => r.role);
      expect(roles).toHaveLength(ROLE_IDS.length);
      expect([...roles].sort()).toEqual([...ROLE_IDS].sort());
    });

    it("puts every account in an agency whose type may hold its role", () => {
      const rows = db.$client
        .prepare("SELECT r.role, a.type FROM user_roles r JOIN users u ON u.id = r.user_id JOIN agencies a ON a.id = u.agency_id")
        .all() as { role: string; type: string }[];
      expect(rows.find((r) => r.role === "investigator")?.type).toBe("police");
      expect(rows.find((r) => r.role === "system_admin")?.type).toBe("other");
      expect(rows.find((r) => r.role === "prosecutor")?.type).toBe("cps");
      expect((db.$client.prepare("SELECT count(*) AS n FROM agencies").get() as { n: number }).n).toBe(7);
    });

    it("gives every account the demo password (hashed with argon2id)", async () => {
      const hashes = db.$client.prepare("SELECT DISTINCT password_hash AS h FROM users").all() as { h: string }[];
      expect(hashes).toHaveLength(1);
      expect(hashes[0]!.h).toMatch(/^\$argon2id\$/);
      expect(await verify(hashes[0]!.h, DEMO_PASSWORD)).toBe(true);
    });

    it("refuses a database that already has data", async () => {
      await expect(seedDemo(db, { NODE_ENV: "test" })).rejects.toThrow(/empty database/);
      expect((db.$client.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(19);
    });
  });
});
