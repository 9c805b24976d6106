import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, verifyAuditChain } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { setupTestDb, type TestDb } from "./test-db";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
let t: TestDb;

function runVerify(databasePath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/audit-verify.ts"], { cwd: root, env: { ...process.env, DATABASE_PATH: databasePath, NODE_ENV: "test" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function writeEvents(n: number): void {
  for (let i = 0; i < n; i++) {
    audit({ actorUserId: `user-${i}`, actorAgencyId: "agency-1", action: "test.event", outcome: i % 2 ? "done" : "denied", subjectType: "User", subjectId: `subject-${i}`, detail: { i } });
  }
}

beforeAll(async () => {
  t = await setupTestDb();
  writeEvents(5);
});
afterAll(() => t.cleanup());

describe("audit log", () => {
  it("chains entries from the genesis hash", () => {
    const rows = getDb().$client.prepare("SELECT seq, prev_hash AS prev, hash FROM audit_log ORDER BY seq").all() as { seq: number; prev: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain()).toEqual({ entries: 5, problem: null });
  });

  it("refuses UPDATE and DELETE through the normal connection (triggers)", () => {
    const client = getDb().$client;
    expect(() => client.prepare("UPDATE audit_log SET outcome = 'done' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => client.prepare("DELETE FROM audit_log WHERE seq = 5").run()).toThrow(/append-only/);
    expect(() => client.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(verifyAuditChain()).toEqual({ entries: 5, problem: null });
  });

  it("audit:verify passes on an intact log", async () => {
    const result = await runVerify(t.databasePath);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ entries: 5, ok: true });
  });

  describe("after tampering through a raw connection with the triggers dropped", () => {
    let raw: Database.Database;
    beforeAll(() => {
      raw = new Database(t.databasePath);
      raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    });
    afterAll(() => raw.close());

    it("reports an altered entry by its sequence number", async () => {
      raw.prepare("UPDATE audit_log SET outcome = 'allowed' WHERE seq = 3").run();
      expect(verifyAuditChain()).toEqual({ entries: 5, problem: { seq: 3, problem: "hash-mismatch" } });

      const result = await runVerify(t.databasePath);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout.trim())).toEqual({ entries: 5, ok: false, firstBroken: { seq: 3, problem: "hash-mismatch" } });
      expect(result.stderr).toContain("seq 3");
      raw.prepare("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3").run(); // put it back
      expect(verifyAuditChain().problem).toBeNull();
    });

    it("reports a deleted last entry (through the highest sequence number issued)", () => {
      raw.prepare("DELETE FROM audit_log WHERE seq = 5").run();
      expect(verifyAuditChain()).toEqual({ entries: 4, problem: { seq: 5, problem: "gap" } });
    });

    it("reports a deleted middle entry as a gap", () => {
      raw.prepare("DELETE FROM audit_log WHERE seq = 2").run();
      expect(verifyAuditChain()).toEqual({ entries: 3, problem: { seq: 2, problem: "gap" } });
    });
  });

  it("audit:verify exits 2 when the database file does not exist", async () => {
    const result = await runVerify(path.join(t.dir, "missing.db"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No database");
  });
});
