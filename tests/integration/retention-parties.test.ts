// Disposing of a case's parties (issue 21, decision 0057) on a real SQLite file with the demo partnership: once every
// record of the worked case has been deleted or anonymised by its owning agency's lead, the victim (on no other case)
// loses name, date of birth, identifiers and aliases, while the perpetrator, also a party to a case whose records are
// still whole, keeps them; the people rows and the case's links stay as tombstones; each person's disposal is audited
// and the real `npm run audit:verify` passes.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { addCalendarMonths, londonDate } from "~/domain/limitation-deadline";
import { changeStatus } from "~/services/case-lifecycle.server";
import { DISPOSED_PERSON_NAME } from "~/services/record-disposal.server";
import { runRetentionSchedules } from "~/services/retention-run.server";
import { decideReview } from "~/services/retention-reviews.server";
import { findSubjects } from "~/services/subject-access.server";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, type TestDb } from "./test-db";

const root = path.resolve(__dirname, "../..");
let t: TestDb;
let worked: string;
let kieran: string;
let jordan: string;
const leadOf = new Map<string, string>();

const one = <T>(sql: string, ...p: unknown[]) => t.db.$client.prepare(sql).get(...p) as T;
const all = <T>(sql: string, ...p: unknown[]) => t.db.$client.prepare(sql).all(...p) as T[];
const person = (id: string) =>
  one<Record<string, unknown>>(
    `SELECT full_name, search_name, date_of_birth, identifiers, aliases, disposed_at IS NOT NULL AS disposed FROM people WHERE id = ?`,
    id,
  );

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  worked = one<{ id: string }>(`SELECT id FROM cases WHERE reference = ?`, WORKED_CASE_REFERENCE).id;
  const parties = all<{ id: string; role: string }>(
    `SELECT person_id AS id, party_role AS role FROM case_parties WHERE case_id = ?`,
    worked,
  );
  kieran = parties.find((p) => p.role === "perpetrator")!.id;
  jordan = parties.find((p) => p.role === "victim")!.id;
  // Kieran is also the perpetrator on another case, whose records stay whole (serial stalking).
  const other = one<{ id: string }>(
    `SELECT id FROM cases WHERE id <> ? AND EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = cases.id) ORDER BY reference LIMIT 1`,
    worked,
  ).id;
  t.db.$client
    .prepare(`INSERT INTO case_parties (case_id, person_id, party_role, added_at) VALUES (?, ?, 'perpetrator', ?)`)
    .run(other, kieran, new Date().toISOString());
  // A data protection lead in every agency that owns a record on the worked case.
  for (const { agencyId } of all<{ agencyId: string }>(
    `SELECT DISTINCT owner_agency_id AS agencyId FROM case_records WHERE case_id = ?`,
    worked,
  )) {
    const existing = one<{ email: string } | undefined>(
      `SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.agency_id = ? AND r.role = 'data_protection_lead'`,
      agencyId,
    );
    if (existing) {
      leadOf.set(agencyId, existing.email);
      continue;
    }
    const id = randomUUID();
    const email = `dpo-${id.slice(0, 8)}@concord.test`;
    t.db.$client
      .prepare(
        `INSERT INTO users (id, agency_id, email, name, status, created_at) VALUES (?, ?, ?, 'Test lead', 'active', ?)`,
      )
      .run(id, agencyId, email, new Date().toISOString());
    t.db.$client.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'data_protection_lead')`).run(id);
    leadOf.set(agencyId, email);
  }
  expect(
    changeStatus(t.actorFor("investigator@police.concord.test"), worked, {
      status: "closed",
      closingReason: "risk_reduced",
    }),
  ).toMatchObject({ ok: true });
});
afterAll(() => t.cleanup());

describe("a case's parties once all its records are gone", () => {
  it("keeps everyone while any record of the case is whole; then disposes of the parties no whole case still needs", async () => {
    const closedOn = londonDate(
      one<{ closedAt: string }>(`SELECT closed_at AS closedAt FROM cases WHERE id = ?`, worked).closedAt,
    );
    const later = new Date(`${addCalendarMonths(closedOn, 300)}T12:00:00.000Z`);
    await runRetentionSchedules(later);
    const reviews = all<{ id: string; ownerAgencyId: string }>(
      `SELECT id, owner_agency_id AS ownerAgencyId FROM retention_reviews WHERE case_id = ? AND status = 'pending' ORDER BY id`,
      worked,
    );
    expect(reviews.length).toBe(
      one<{ n: number }>(`SELECT count(*) AS n FROM case_records WHERE case_id = ?`, worked).n,
    );
    const kieranBefore = person(kieran);
    const jordanBefore = person(jordan);
    expect(jordanBefore).toMatchObject({ full_name: "Jordan Ashby", disposed: 0 });
    for (const [i, review] of reviews.entries()) {
      const lead = t.actorFor(leadOf.get(review.ownerAgencyId)!);
      const decision = i % 2 ? "anonymise" : "delete";
      expect(await decideReview(lead, review.id, { decision, reason: "Period has run" }, later)).toMatchObject({
        ok: true,
      });
      if (i < reviews.length - 1) expect(person(jordan)).toEqual(jordanBefore);
    }
    // The last record gone: Jordan, on no other case, is a tombstone; Kieran, still a party to a whole case, is not.
    expect(person(jordan)).toEqual({
      full_name: DISPOSED_PERSON_NAME,
      search_name: "",
      date_of_birth: null,
      identifiers: "{}",
      aliases: "[]",
      disposed: 1,
    });
    expect(person(kieran)).toEqual(kieranBefore);
    expect(all(`SELECT person_id FROM case_parties WHERE case_id = ?`, worked)).toHaveLength(2);
    expect(
      t
        .auditRows()
        .filter((r) => r.action === "retention.person.dispose")
        .map((r) => r.subjectId),
    ).toEqual([jordan]);
    // Nobody finds her any more, by name or otherwise: the case's search documents no longer carry her name or identifiers.
    expect(
      all<{ text: string }>(`SELECT text FROM search_documents WHERE case_id = ?`, worked)
        .map((d) => d.text)
        .join(" "),
    ).not.toMatch(/Jordan|Ashby/);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'ashby'`).n).toBe(0);
    expect(findSubjects(t.actorFor("dpo@police.concord.test"), "Jordan Ashby")).toMatchObject({ ok: true, people: [] });
    expect(findSubjects(t.actorFor("dpo@police.concord.test"), "Kieran Voss")).toMatchObject({
      ok: true,
      people: [{ name: "Kieran Voss" }],
    });

    writeAuditCheckpoint({ force: true });
    const verify = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: t.databasePath, NODE_ENV: "test" },
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(verify.code, verify.stderr).toBe(0);
  }, 60_000);
});
