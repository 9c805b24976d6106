// The Cases list pages by keyset (the first or last case of a neighbouring page), on a real SQLite file: walking
// Next and then Previous shows every case the actor may see exactly once, in the list's order, with ties in
// the time of change broken by id, and the page numbers and totals a reader expects.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES_PAGE_SIZE, listCases, parseCaseListCursor, type CaseListPosition } from "~/services/cases.server";
import { caseMembers, cases } from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const SUPERVISOR = "supervisor@police.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const police = t.actorFor(SUPERVISOR).agencyId;
  const isac = t.actorFor("advocate@isac.concord.test").agencyId;
  const creator = t.userId(INVESTIGATOR);
  // 70 cases: police lead most, the ISAC some (which the police supervisor does not see unless on the team);
  // times repeat, so the order within one time comes from the id.
  for (let i = 0; i < 70; i++) {
    const id = randomUUID();
    const at = new Date(Date.UTC(2026, 0, 1 + (i % 9), 12)).toISOString();
    t.db
      .insert(cases)
      .values({
        id,
        reference: `PG-${String(i).padStart(3, "0")}`,
        status: "active",
        leadAgencyId: i % 5 === 0 ? isac : police,
        createdBy: creator,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    if (i % 10 === 0)
      t.db
        .insert(caseMembers)
        .values({ caseId: id, userId: t.userId(SUPERVISOR), roleInCase: "supervisor", addedBy: creator, addedAt: at })
        .run();
  }
});
afterAll(() => t.cleanup());

/** Every case the actor may see, in the list's order, read without paging (the same filter, no limit). */
function everything(email: string): string[] {
  const all: string[] = [];
  let position: CaseListPosition = {};
  for (;;) {
    const page = listCases(t.actorFor(email), position);
    all.push(...page.rows.map((r) => r.id));
    if (!page.next) return all;
    position = { after: parseCaseListCursor(page.next), page: page.page + 1 };
  }
}

describe("the Cases list pages by keyset", () => {
  it("walks forward through every visible case once, in order, then back again", () => {
    const actor = t.actorFor(SUPERVISOR);
    const first = listCases(actor);
    expect(first.page).toBe(1);
    expect(first.previous).toBeNull();
    expect(first.pages).toBe(Math.ceil(first.total / CASES_PAGE_SIZE));
    expect(first.pages).toBeGreaterThanOrEqual(3);

    const forward: { page: number; ids: string[]; previous: string | null; next: string | null }[] = [];
    let position: CaseListPosition = {};
    for (;;) {
      const page = listCases(actor, position);
      expect(page.total).toBe(first.total);
      forward.push({ page: page.page, ids: page.rows.map((r) => r.id), previous: page.previous, next: page.next });
      if (!page.next) break;
      position = { after: parseCaseListCursor(page.next), page: page.page + 1 };
    }
    expect(forward.map((p) => p.page)).toEqual(Array.from({ length: first.pages }, (_, i) => i + 1));
    const seen = forward.flatMap((p) => p.ids);
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen).size).toBe(first.total);
    // Newest first; within one time, the greater id first.
    const rows = forward.flatMap((p) => listCasesRows(p.ids));
    const sorted = [...rows].sort((a, b) =>
      a.updatedAt === b.updatedAt ? (a.id < b.id ? 1 : -1) : a.updatedAt < b.updatedAt ? 1 : -1,
    );
    expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));

    // Previous from the last page shows the pages before it, the same cases in the same order.
    for (let i = forward.length - 1; i > 0; i--) {
      const back = listCases(actor, { before: parseCaseListCursor(forward[i]!.previous), page: forward[i]!.page - 1 });
      expect(back.rows.map((r) => r.id)).toEqual(forward[i - 1]!.ids);
      expect(back.page).toBe(forward[i - 1]!.page);
      expect(back.previous === null).toBe(i - 1 === 0);
    }
  });

  it("lists exactly the cases the actor may see: the supervisor's agency's and their teams', not another agency's", () => {
    const supervisor = everything(SUPERVISOR);
    const police = t.actorFor(SUPERVISOR).agencyId;
    const visible = t.db
      .select({ id: cases.id, lead: cases.leadAgencyId })
      .from(cases)
      .all()
      .filter((c) => c.lead === police || t.actorFor(SUPERVISOR).caseIds.includes(c.id))
      .map((c) => c.id);
    expect([...supervisor].sort()).toEqual([...visible].sort());
  });

  it("starts again at the beginning for a cursor that is malformed or leads nowhere", () => {
    const actor = t.actorFor(SUPERVISOR);
    const first = listCases(actor);
    expect(parseCaseListCursor("not a cursor")).toBeUndefined();
    expect(parseCaseListCursor("2026-01-01T00:00:00.000Z~x'; DROP TABLE cases")).toBeUndefined();
    const nowhere = listCases(actor, { after: { key: "1900-01-01T00:00:00.000Z", id: "a" }, page: 7 });
    expect(nowhere.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(nowhere.page).toBe(1);
  });
});

function listCasesRows(ids: string[]) {
  const byId = new Map(
    t.db
      .select({ id: cases.id, updatedAt: cases.updatedAt })
      .from(cases)
      .all()
      .map((c) => [c.id, c]),
  );
  return ids.map((id) => byId.get(id)!);
}
