// Shared set-up for integration tests: a real SQLite file in a fresh temp directory, opened through the app's own
// getDb() singleton (never a mock). Test files run one after another in a few worker processes that keep their
// loaded modules (isolate: false, decision 0049), so setupTestDb() closes whatever connection an earlier file left
// and re-reads the configuration; one database per file is the normal pattern: call setupTestDb() in beforeAll and
// cleanup() in afterAll, which puts the environment back.
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { resetConfigForTests } from "~/config.server";
import { closeDb, getDb, type Db } from "~/db.server";
import { users } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";

export { DEMO_PASSWORD } from "../../db/seed/demo-accounts";

export type TestDbOptions = {
  /** Seed the demonstration partnership (21 accounts sharing DEMO_PASSWORD). */
  seed?: boolean;
  /** CONCORD_DEMO: true turns off the second-factor requirement. Default false (production behaviour). */
  demo?: boolean;
  /** Further environment variables for this test file (undefined deletes one). */
  env?: Record<string, string | undefined>;
};

export type TestDb = {
  dir: string;
  databasePath: string;
  db: Db;
  /** The user's id, by email. Throws when there is no such user. */
  userId(email: string): string;
  /** The Actor for a user as loadActor builds it for a request, with a made-up session id. */
  actorFor(email: string, sessionId?: string): Actor;
  /** Audit rows in order (for assertions). */
  auditRows(): {
    seq: number;
    action: string;
    outcome: string;
    actorUserId: string | null;
    subjectId: string | null;
    detail: string | null;
  }[];
  /** Sets environment variables and re-reads the configuration. */
  setEnv(vars: Record<string, string | undefined>): void;
  cleanup(): void;
};

function applyEnv(vars: Record<string, string | undefined>, saved: Map<string, string | undefined>): void {
  for (const [key, value] of Object.entries(vars)) {
    if (!saved.has(key)) saved.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
}

export function makeTempDir(prefix = "concord-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function setupTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const dir = makeTempDir();
  const databasePath = path.join(dir, "concord.db");
  const saved = new Map<string, string | undefined>();
  applyEnv({ DATABASE_PATH: databasePath, CONCORD_DEMO: options.demo ? "1" : undefined, ...options.env }, saved);
  // Drop any connection a previous set-up in this process left open, so getDb() opens (and migrates) the new file.
  closeDb();
  const db = getDb();
  if (options.seed) await seedDemo(db, { NODE_ENV: "test" });

  const userId = (email: string): string => {
    const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (!row) throw new Error(`test-db: no user ${email}`);
    return row.id;
  };

  return {
    dir,
    databasePath,
    db,
    userId,
    actorFor(email, sessionId = `test-session-${randomUUID()}`) {
      const actor = loadActor(userId(email), sessionId);
      if (!actor) throw new Error(`test-db: ${email} is not an active user`);
      return actor;
    },
    auditRows() {
      return getDb()
        .$client.prepare(
          `SELECT seq, action, outcome, actor_user_id AS actorUserId, subject_id AS subjectId, detail FROM audit_log ORDER BY seq`,
        )
        .all() as ReturnType<TestDb["auditRows"]>;
    },
    setEnv(vars) {
      applyEnv(vars, saved);
    },
    cleanup() {
      closeDb();
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetConfigForTests();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a call threw (fails the test if it threw nothing). */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** The HTTP status of the Response a service threw (403, 404...). */
export function statusOf(fn: () => unknown): number {
  const e = caught(fn);
  if (!(e instanceof Response)) throw new Error(`expected a thrown Response, got ${String(e)}`);
  return e.status;
}
