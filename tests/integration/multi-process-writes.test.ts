// Several processes writing one SQLite file at once, as the clustered server's workers do (decision 0022): every
// write transaction takes the write lock when it begins (IMMEDIATE), so one that reads and then writes never finds
// its snapshot overtaken by another process (SQLITE_BUSY, which waiting cannot cure), and the audit chain, whose
// last hash is read and the next entry written under that lock, never forks. Proved with `npm run audit:verify`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { makeCase } from "./order-fixtures";
import { lastJson, runProcess } from "./processes/run";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

const EDITS = 60;

describe("two processes writing at once", () => {
  // Four processes start and write; on a loaded machine that takes longer than the default 20 s.
  it("every read-then-write transaction succeeds, and the audit chain verifies", { timeout: 90_000 }, async () => {
    const writers = ["investigator@police.concord.test", "spoc@police.concord.test", "supervisor@police.concord.test"];
    const c = makeCase(t, { team: writers.map((email) => [email, "officer_in_case"] as [string, string]) });
    const before = t.auditRows().length;
    const results = await Promise.all(
      writers.map((email) =>
        runProcess("tests/integration/processes/note-editor.ts", {
          DATABASE_PATH: t.databasePath,
          WRITER_EMAIL: email,
          WRITER_CASE_ID: c.id,
          WRITER_EDITS: String(EDITS),
        }),
      ),
    );
    for (const r of results)
      expect(lastJson<{ edits: number; errors: string[] }>(r)).toEqual({ edits: EDITS, errors: [] });

    const written = t.auditRows().slice(before);
    expect(written.filter((r) => r.action === "note.edit" && r.outcome === "done")).toHaveLength(
      writers.length * EDITS,
    );
    expect(written.filter((r) => r.action === "note.create")).toHaveLength(writers.length);

    writeAuditCheckpoint(); // as the server does every minute: audit:verify compares the log with it
    const verify = await runProcess("scripts/audit-verify.ts", { DATABASE_PATH: t.databasePath });
    expect(verify.code, verify.stderr).toBe(0);
    expect(lastJson(verify)).toMatchObject({
      entries: t.auditRows().length,
      ok: true,
      firstBroken: null,
      checkpoints: { status: "matches" },
    });
  });
});
