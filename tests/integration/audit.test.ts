// The audit log: append-only, keyed hash chain, signed checkpoints outside the database (decision 0026).
// The tamper tests work on copies of one real database file, changed through a raw connection with the
// append-only triggers dropped (as someone holding the file could), and run the real `npm run audit:verify`.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryHash, GENESIS_HASH, type AuditFields } from "~/access/audit-chain";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { audit, verifyAuditChain } from "~/access/audit.server";
import { closeDb, getDb } from "~/db.server";
import { setupTestDb, type TestDb } from "./test-db";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const KEY = "a".repeat(64); // CONCORD_SECRET_KEY for this file (hex)
const OTHER_KEY = "b".repeat(64);
const LEGACY = 3; // entries written before the chain was keyed
const KEYED = 8;
const TOTAL = LEGACY + KEYED;
let t: TestDb;
let template: { db: string; checkpoints: string };

type Verify = { code: number | null; json: Record<string, unknown> & { ok: boolean }; stderr: string };

function runVerify(databasePath: string, env: Record<string, string> = {}, args: string[] = []): Promise<Verify> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_PATH: databasePath,
        NODE_ENV: "test",
        CONCORD_SECRET_KEY: KEY,
        AUDIT_CHECKPOINT_PATH: `${databasePath}.audit-checkpoints`,
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, json: stdout.trim() ? JSON.parse(stdout.trim()) : { ok: false }, stderr }),
    );
  });
}

function writeEvents(n: number): void {
  for (let i = 0; i < n; i++) {
    audit({
      actorUserId: `user-${i}`,
      actorAgencyId: "agency-1",
      action: "test.event",
      outcome: i % 2 ? "done" : "denied",
      subjectType: "User",
      subjectId: `subject-${i}`,
      detail: { i },
    });
  }
}

type Row = AuditFields & { prevHash: string; hash: string; chainVersion: number };
const rowSql = `SELECT seq, at, actor_user_id AS actorUserId, actor_agency_id AS actorAgencyId, action, subject_type AS subjectType,
  subject_id AS subjectId, case_id AS caseId, purpose, outcome, detail, prev_hash AS prevHash, hash, chain_version AS chainVersion FROM audit_log`;

/**
 * A copy of the template database and its checkpoint file, opened raw with the append-only triggers dropped.
 * `tamper` changes it; the copy is closed before audit:verify runs.
 */
function tamperedCopy(name: string, tamper: (raw: Database.Database) => void): string {
  const dir = path.join(t.dir, name);
  fs.mkdirSync(dir);
  const db = path.join(dir, "concord.db");
  fs.copyFileSync(template.db, db);
  fs.copyFileSync(template.checkpoints, `${db}.audit-checkpoints`);
  const raw = new Database(db);
  raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  tamper(raw);
  raw.close();
  return db;
}

/** Re-hashes entries from `from` on the only way someone without the key can: unkeyed SHA-256. */
function rehashWithoutKey(raw: Database.Database, from: number, asVersion: number): void {
  const rows = raw.prepare(`${rowSql} WHERE seq >= ? ORDER BY seq`).all(from) as Row[];
  let prev =
    (raw
      .prepare(`SELECT hash FROM audit_log WHERE seq = ?`)
      .pluck()
      .get(from - 1) as string | undefined) ?? GENESIS_HASH;
  for (const r of rows) {
    const hash = entryHash(prev, r);
    raw
      .prepare(`UPDATE audit_log SET prev_hash = ?, hash = ?, chain_version = ? WHERE seq = ?`)
      .run(prev, hash, asVersion, r.seq);
    prev = hash;
  }
}

beforeAll(async () => {
  t = await setupTestDb({ env: { CONCORD_SECRET_KEY: KEY } });
  // Entries from before decision 0026, as the previous release wrote them: hashed the old way, inserted without a
  // chain version, so they take the column's default, as the migration gives every existing row.
  closeDb();
  const old = new Database(t.databasePath);
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= LEGACY; seq++) {
    const fields: AuditFields = {
      seq,
      at: new Date(Date.UTC(2026, 0, seq)).toISOString(),
      actorUserId: `old-${seq}`,
      actorAgencyId: "agency-1",
      action: "auth.sign_in",
      subjectType: "User",
      subjectId: `old-${seq}`,
      caseId: null,
      purpose: null,
      outcome: "done",
      detail: null,
    };
    const hash = entryHash(prev, fields);
    old
      .prepare(
        `INSERT INTO audit_log (seq, at, actor_user_id, actor_agency_id, action, subject_type, subject_id, case_id, purpose, outcome, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(
        seq,
        fields.at,
        fields.actorUserId,
        fields.actorAgencyId,
        fields.action,
        fields.subjectType,
        fields.subjectId,
        null,
        null,
        "done",
        null,
        prev,
        hash,
      );
    prev = hash;
  }
  old.close();
  writeEvents(KEYED);
  writeAuditCheckpoint();
  closeDb(); // folds the WAL into the file, so a file copy is the whole database
  template = { db: path.join(t.dir, "template.db"), checkpoints: path.join(t.dir, "template.db.audit-checkpoints") };
  fs.copyFileSync(t.databasePath, template.db);
  fs.copyFileSync(`${t.databasePath}.audit-checkpoints`, template.checkpoints);
});
afterAll(() => t.cleanup());

describe("audit log", () => {
  it("keeps entries hashed the old way and signs new ones with the key, all in one chain", () => {
    const rows = getDb()
      .$client.prepare("SELECT seq, prev_hash AS prev, hash, chain_version AS v FROM audit_log ORDER BY seq")
      .all() as { seq: number; prev: string; hash: string; v: number }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(rows.map((r) => r.v)).toEqual([...Array(LEGACY).fill(1), ...Array(KEYED).fill(2)]);
    expect(rows[0]!.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain()).toMatchObject({ entries: TOTAL, problem: null, legacy: LEGACY });
  });

  it("refuses UPDATE and DELETE through the normal connection (triggers)", () => {
    const client = getDb().$client;
    expect(() => client.prepare("UPDATE audit_log SET outcome = 'done' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => client.prepare("DELETE FROM audit_log WHERE seq = 5").run()).toThrow(/append-only/);
    expect(() => client.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
  });

  it("audit:verify passes on an intact log and says what it checked", async () => {
    const result = await runVerify(tamperedCopy("intact", () => {}));
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      ok: true,
      entries: TOTAL,
      legacyEntries: LEGACY,
      firstBroken: null,
      checkpoints: { status: "matches", compared: 1, latest: { seq: TOTAL } },
    });
    expect(result.stderr).toContain(
      `The chain verifies: ${TOTAL} entries, 1 to ${TOTAL} (${LEGACY} from before the chain was keyed)`,
    );
    expect(result.stderr).toContain(`records entry ${TOTAL}`);
  });

  it("audit:verify exits 2 when the database file does not exist", async () => {
    const result = await runVerify(path.join(t.dir, "missing.db"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No database");
  });
});

// Each test runs the command (a process start, seconds on a loaded machine) up to three times.
describe(
  "audit:verify detects every tampering by someone with the database file but not the key",
  { timeout: 90_000 },
  () => {
    it("1. an altered entry", async () => {
      const db = tamperedCopy("altered", (raw) =>
        raw.prepare("UPDATE audit_log SET outcome = 'allowed' WHERE seq = 6").run(),
      );
      const result = await runVerify(db);
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({ ok: false, firstBroken: { seq: 6, problem: "hash-mismatch" } });
      expect(result.stderr).toContain("The chain is broken at entry 6");
    });

    it("2. an altered entry with its own hash recomputed (the newest, so no later entry links to it)", async () => {
      const db = tamperedCopy("recomputed", (raw) => {
        const row = raw.prepare(`${rowSql} WHERE seq = ?`).get(TOTAL) as Row;
        const altered = { ...row, outcome: "allowed", detail: null };
        raw
          .prepare("UPDATE audit_log SET outcome = ?, detail = ?, hash = ? WHERE seq = ?")
          .run(altered.outcome, null, entryHash(row.prevHash, altered), TOTAL);
      });
      const result = await runVerify(db);
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({
        firstBroken: { seq: TOTAL, problem: "hash-mismatch" },
        checkpoints: { status: "mismatch", mismatches: [{ problem: "entry-differs", seq: TOTAL }] },
      });
    });

    it("3. a middle entry deleted", async () => {
      const result = await runVerify(
        tamperedCopy("middle", (raw) => raw.prepare("DELETE FROM audit_log WHERE seq = 5").run()),
      );
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({ firstBroken: { seq: 5, problem: "gap" } });
      expect(result.stderr).toContain("entry 5: an entry with this sequence number is missing");
    });

    it("4. the newest entries deleted", async () => {
      const result = await runVerify(
        tamperedCopy("newest", (raw) => raw.prepare("DELETE FROM audit_log WHERE seq > ?").run(TOTAL - 3)),
      );
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({
        firstBroken: { seq: TOTAL - 2, problem: "gap" },
        checkpoints: { status: "mismatch", mismatches: [{ problem: "log-shorter", seq: TOTAL }] },
      });
      expect(result.stderr).toContain(`The log ends at entry ${TOTAL - 3}, but the checkpoint of`);
    });

    it("5. the newest entries deleted and SQLite's sequence lowered to match", async () => {
      const db = tamperedCopy("newest-sequence", (raw) => {
        raw.prepare("DELETE FROM audit_log WHERE seq > ?").run(TOTAL - 3);
        raw.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(TOTAL - 3);
      });
      const result = await runVerify(db);
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({
        firstBroken: null,
        checkpoints: { status: "mismatch", mismatches: [{ problem: "log-shorter", seq: TOTAL }] },
      });
      expect(result.stderr).toContain(
        `at least 3 of the newest entries were removed, and SQLite's record of the highest number issued was lowered to hide it`,
      );
    });

    it("6. every entry deleted and the sequence reset", async () => {
      const db = tamperedCopy("all", (raw) => {
        raw.prepare("DELETE FROM audit_log").run();
        raw.prepare("DELETE FROM sqlite_sequence WHERE name = 'audit_log'").run();
      });
      const result = await runVerify(db);
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({
        entries: 0,
        firstBroken: null,
        checkpoints: { status: "mismatch", mismatches: [{ problem: "log-shorter", seq: TOTAL }] },
      });
      expect(result.stderr).toContain(`The log ends at entry 0, but the checkpoint of`);
    });

    it("7. two entries swapped", async () => {
      const db = tamperedCopy("swapped", (raw) => {
        raw.prepare("UPDATE audit_log SET seq = -1 WHERE seq = 6").run();
        raw.prepare("UPDATE audit_log SET seq = 6 WHERE seq = 7").run();
        raw.prepare("UPDATE audit_log SET seq = 7 WHERE seq = -1").run();
      });
      const result = await runVerify(db);
      expect(result.code).toBe(1);
      expect(result.json).toMatchObject({ ok: false, firstBroken: { seq: 6 } });
    });

    it("8. the chain re-hashed from a point: as keyed entries, or passed off as entries from before the key", async () => {
      const keyed = await runVerify(tamperedCopy("rehash-keyed", (raw) => rehashWithoutKey(raw, 6, 2)));
      expect(keyed.code).toBe(1);
      expect(keyed.json).toMatchObject({ firstBroken: { seq: 6, problem: "hash-mismatch" } });

      const legacy = await runVerify(tamperedCopy("rehash-legacy", (raw) => rehashWithoutKey(raw, 6, 1)));
      expect(legacy.code).toBe(1);
      expect(legacy.json).toMatchObject({ firstBroken: { seq: 6, problem: "legacy-after-keyed" } });

      // From inside the unkeyed part, every entry passed off as unkeyed: consistent in itself, so only the
      // checkpoint outside the database shows it.
      const whole = await runVerify(
        tamperedCopy("rehash-whole", (raw) => {
          raw.prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = 2").run();
          rehashWithoutKey(raw, 2, 1);
        }),
      );
      expect(whole.code).toBe(1);
      expect(whole.json).toMatchObject({
        firstBroken: null,
        legacyEntries: TOTAL,
        checkpoints: { status: "mismatch", mismatches: [{ problem: "entry-differs", seq: TOTAL }] },
      });
      expect(whole.stderr).toContain(`Entry ${TOTAL} is missing or has another hash than the checkpoint`);
    });

    it("9. a forged entry appended, keyed with a guessed key or unkeyed", async () => {
      const forge = (raw: Database.Database, hashOf: (prev: string, f: AuditFields) => string, version: number) => {
        const prev = raw.prepare("SELECT hash FROM audit_log WHERE seq = ?").pluck().get(TOTAL) as string;
        const f: AuditFields = {
          seq: TOTAL + 1,
          at: new Date().toISOString(),
          actorUserId: "someone",
          actorAgencyId: "agency-1",
          action: "case.view",
          subjectType: "Case",
          subjectId: "c-1",
          caseId: "c-1",
          purpose: null,
          outcome: "allowed",
          detail: null,
        };
        raw
          .prepare(
            `INSERT INTO audit_log (seq, at, actor_user_id, actor_agency_id, action, subject_type, subject_id, case_id, purpose, outcome, detail, prev_hash, hash, chain_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
          )
          .run(
            f.seq,
            f.at,
            f.actorUserId,
            f.actorAgencyId,
            f.action,
            f.subjectType,
            f.subjectId,
            f.caseId,
            null,
            f.outcome,
            null,
            prev,
            hashOf(prev, f),
            version,
          );
      };
      const unkeyed = await runVerify(tamperedCopy("forged-unkeyed", (raw) => forge(raw, entryHash, 1)));
      expect(unkeyed.code).toBe(1);
      expect(unkeyed.json).toMatchObject({ firstBroken: { seq: TOTAL + 1, problem: "legacy-after-keyed" } });
      const { auditChainKey, keyedEntryHash } = await import("~/access/audit-chain");
      const { parseSecretKey } = await import("~/services/secret-box.server");
      const guessed = auditChainKey(parseSecretKey(OTHER_KEY)!);
      const keyed = await runVerify(
        tamperedCopy("forged-keyed", (raw) => forge(raw, (p, f) => keyedEntryHash(guessed, p, f), 2)),
      );
      expect(keyed.code).toBe(1);
      expect(keyed.json).toMatchObject({ firstBroken: { seq: TOTAL + 1, problem: "hash-mismatch" } });
    });
  },
);

describe("the checkpoint file", { timeout: 90_000 }, () => {
  it("missing: audit:verify says removal of the newest entries cannot be ruled out, and fails", async () => {
    const db = tamperedCopy("no-checkpoints", () => {});
    fs.rmSync(`${db}.audit-checkpoints`);
    const result = await runVerify(db);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ firstBroken: null, checkpoints: { status: "missing" } });
    expect(result.stderr).toContain("There is no checkpoint file at");
    // Checking the chain alone is a choice the caller makes explicitly.
    expect((await runVerify(db, {}, ["--without-checkpoints"])).code).toBe(0);
  });

  it("edited (a checkpoint lowered to hide deleted entries): the line is not signed", async () => {
    const db = tamperedCopy("edited-checkpoints", (raw) =>
      raw.prepare("DELETE FROM audit_log WHERE seq > ?").run(TOTAL - 2),
    );
    const file = `${db}.audit-checkpoints`;
    const line = JSON.parse(fs.readFileSync(file, "utf8").trim()) as { seq: number; head: string };
    fs.writeFileSync(file, `${JSON.stringify({ ...line, seq: TOTAL - 2 })}\n`);
    const result = await runVerify(db);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({
      checkpoints: { status: "mismatch", fileProblems: [{ line: 1, problem: "unsigned" }] },
    });
  });

  it("checked with another key: says the key is not the server's rather than calling every entry altered", async () => {
    const result = await runVerify(
      tamperedCopy("other-key", () => {}),
      { CONCORD_SECRET_KEY: OTHER_KEY },
    );
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ firstBroken: { seq: LEGACY + 1, problem: "hash-mismatch" } });
    expect(result.stderr).toContain("either CONCORD_SECRET_KEY is not the key the server used");
    // The old key given as a previous key: everything verifies.
    const rotated = await runVerify(
      tamperedCopy("rotated", () => {}),
      { CONCORD_SECRET_KEY: OTHER_KEY, AUDIT_PREVIOUS_KEYS: KEY },
    );
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json).toMatchObject({ ok: true, previousKeyEntries: KEYED });
  });
});
