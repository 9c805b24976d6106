// Re-applying disposals after a restore (issue 21, decision 0057), with the real commands on real SQLite files: a
// backup taken (`npm run backup`) before a record was deleted and another anonymised is restored (`npm run restore`),
// which replays the signed disposal log kept outside the database: both records are disposed of again, their review
// rows are back as decided, each replay is audited and `npm run audit:verify` passes. A second replay
// (`npm run retention:replay`) finds nothing to do; a line not signed with the key is never replayed; the log catches up
// from the database with a disposal it lacks.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { getConfig } from "~/config.server";
import { closeDb, getDb } from "~/db.server";
import { addCalendarMonths, londonDate } from "~/domain/limitation-deadline";
import { changeStatus } from "~/services/case-lifecycle.server";
import { catchUpDisposalLog, disposalLine, readDisposalLog } from "~/services/disposal-log.server";
import { runRetentionSchedules } from "~/services/retention-run.server";
import { decideReview } from "~/services/retention-reviews.server";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, type TestDb } from "./test-db";

const root = path.resolve(__dirname, "../..");
const LEAD = "dpo@police.concord.test";
let t: TestDb;
let deleted: string;
let anonymised: string;
let untouched: string;
let backupFile: string;

const one = <T>(sql: string, ...p: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .get(...p) as T;
const reviewOf = (recordId: string) =>
  one<{ id: string }>(`SELECT id FROM retention_reviews WHERE record_id = ? AND status = 'pending'`, recordId).id;

function run(script: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}`, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, env: { BACKUP_DIR: undefined } });
  const worked = one<{ id: string }>(`SELECT id FROM cases WHERE reference = ?`, WORKED_CASE_REFERENCE).id;
  expect(
    changeStatus(t.actorFor("investigator@police.concord.test"), worked, {
      status: "closed",
      closingReason: "risk_reduced",
    }),
  ).toMatchObject({ ok: true });
  const closedOn = londonDate(
    one<{ closedAt: string }>(`SELECT closed_at AS closedAt FROM cases WHERE id = ?`, worked).closedAt,
  );
  await runRetentionSchedules(new Date(`${addCalendarMonths(closedOn, 72)}T12:00:00.000Z`));
  const police = getDb()
    .$client.prepare(
      `SELECT r.id FROM case_records r JOIN agencies a ON a.id = r.owner_agency_id WHERE r.case_id = ? AND a.type = 'police' AND r.category IN ('police_intelligence', 'case_core', 'investigation') ORDER BY r.category`,
    )
    .all(worked) as { id: string }[];
  [anonymised, deleted, untouched] = [police[0]!.id, police[1]!.id, police[2]!.id];
}, 60_000);
afterAll(() => t.cleanup());

describe("disposals replayed after a restore", () => {
  it("logs each disposal, signed, outside the database", async () => {
    const backup = await run("backup.ts");
    expect(backup.code, backup.stderr).toBe(0);
    backupFile = path.resolve(
      getConfig().backupDir,
      (JSON.parse(backup.stdout.trim().split("\n").at(-1)!) as { file: string }).file,
    );
    const lead = t.actorFor(LEAD);
    expect(
      await decideReview(lead, reviewOf(deleted), {
        decision: "delete",
        reason: "No longer needed for a policing purpose",
      }),
    ).toMatchObject({ ok: true });
    expect(
      await decideReview(lead, reviewOf(anonymised), { decision: "anonymise", reason: "Keep for figures only" }),
    ).toMatchObject({ ok: true });
    const log = readDisposalLog();
    expect(log).toMatchObject({
      unsigned: 0,
      entries: [
        { recordId: deleted, disposal: "deleted" },
        { recordId: anonymised, disposal: "anonymised" },
      ],
    });
    expect(fs.readFileSync(getConfig().disposalLogPath, "utf8")).not.toMatch(/policing purpose|figures only/);
  });

  it("npm run restore brings the older backup back and disposes of both records again; audit:verify passes", async () => {
    // A forged line for the record left alone: whoever can write the file without the key cannot have it destroyed.
    const forged = JSON.parse(disposalLine({ ...readDisposalLog().entries[0]!, recordId: untouched })) as Record<
      string,
      unknown
    >;
    fs.appendFileSync(getConfig().disposalLogPath, `${JSON.stringify({ ...forged, mac: "0".repeat(64) })}\n`);
    const bodyBefore = one<{ body: string }>(`SELECT body FROM case_records WHERE id = ?`, untouched).body;
    writeAuditCheckpoint({ force: true });
    closeDb();
    const restore = await run("restore.ts", [backupFile]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout.trim().split("\n").at(-1)!)).toMatchObject({ ok: true, disposalsReplayed: 2 });
    expect(restore.stderr).toContain("1 lines were not signed with the key and were not replayed");

    expect(one(`SELECT disposal, body, title FROM case_records WHERE id = ?`, deleted)).toEqual({
      disposal: "deleted",
      body: "{}",
      title: "Deleted under the retention schedule",
    });
    expect(one<{ disposal: string }>(`SELECT disposal FROM case_records WHERE id = ?`, anonymised).disposal).toBe(
      "anonymised",
    );
    expect(one(`SELECT disposal, body FROM case_records WHERE id = ?`, untouched)).toEqual({
      disposal: null,
      body: bodyBefore,
    });
    expect(
      one<{ n: number }>(`SELECT count(*) AS n FROM search_documents WHERE record_id IN (?, ?)`, deleted, anonymised).n,
    ).toBe(0);
    expect(
      one(
        `SELECT status, decided_by AS decidedBy FROM retention_reviews WHERE record_id = ? AND status <> 'pending'`,
        deleted,
      ),
    ).toEqual({ status: "deleted", decidedBy: t.userId(LEAD) });
    expect(
      one<{ n: number }>(
        `SELECT count(*) AS n FROM retention_reviews WHERE record_id = ? AND status = 'pending'`,
        deleted,
      ).n,
    ).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'retention.replay'`).n).toBe(2);
    closeDb();
    const verify = await run("audit-verify.ts");
    expect(verify.code, verify.stderr).toBe(0);
  }, 120_000);

  it("npm run retention:replay again finds nothing to do", async () => {
    const again = await run("retention-replay.ts");
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ ok: true, entries: 2, unsigned: 1, replayed: 0 });
  }, 60_000);

  it("catches the log up from the database with a disposal it lacks", () => {
    fs.rmSync(getConfig().disposalLogPath);
    expect(catchUpDisposalLog()).toBe(2);
    expect(
      readDisposalLog()
        .entries.map((e) => e.recordId)
        .sort(),
    ).toEqual([deleted, anonymised].sort());
    expect(catchUpDisposalLog()).toBe(0);
  });
});
