// Issue 16, item 5: the Cases list people can scan. Victim and suspect names, lead agency, status, priority, last
// activity and next deadline; filters (status, priority, my cases, flags) and sorts, all in SQL through the gate,
// on a real SQLite file with the demo cases: a filter narrows what the reader may see and never counts the rest.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASE_LIST_SORTS, parseCaseListQuery, type CaseListFilters } from "~/domain/case-list-query";
import { listCases, parseCaseListCursor, type CaseListPosition } from "~/services/cases.server";
import { insertTask } from "~/services/tasks.server";
import { cases } from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const PRACTITIONER = "practitioner@probation.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const SPOC = "spoc@police.concord.test";
const f = (o: Partial<CaseListFilters> = {}): CaseListFilters => ({ mine: false, flags: [], sort: "recent", ...o });
const refs = (r: ReturnType<typeof listCases>) => r.rows.map((c) => c.reference);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("the Cases list", () => {
  it("shows each case's victim and suspect as the reader may see them, lead agency and next deadline", () => {
    const worked = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00001")).get()!.id;
    t.db.transaction((tx) => {
      insertTask(tx, {
        caseId: worked,
        title: "Later",
        ownerUserId: t.userId("investigator@police.concord.test"),
        dueOn: "2027-03-01",
        createdBy: t.userId("investigator@police.concord.test"),
      });
      insertTask(tx, {
        caseId: worked,
        title: "Sooner",
        ownerUserId: t.userId("investigator@police.concord.test"),
        dueOn: "2027-01-15",
        createdBy: t.userId("investigator@police.concord.test"),
      });
    });
    const list = listCases(t.actorFor(PRACTITIONER));
    expect(list.rows).toEqual([
      expect.objectContaining({
        reference: "NS-2026-00001",
        victim: "Jordan Ashby",
        perpetrator: "Kieran Voss",
        leadAgency: "Northshire Police",
        status: "active",
        priority: "standard",
        nextDeadline: "2027-01-15",
      }),
    ]);
    // A case with no parties recorded says so (null), not a blank that reads as withheld.
    const second = listCases(t.actorFor(SPOC)).rows.find((r) => r.reference === "NS-2026-00002")!;
    expect(second).toMatchObject({ victim: null, perpetrator: null, nextDeadline: null });
  });

  it("filters by status, priority, flags and my cases within what the reader may see, counting only that", () => {
    const supervisor = t.actorFor(SUPERVISOR);
    expect(refs(listCases(supervisor, {}, f({ status: "triage" })))).toEqual(["NS-2026-00002"]);
    expect(listCases(supervisor, {}, f({ status: "triage" })).total).toBe(1);
    // The practitioner is not on NS-2026-00002: filtering on its status finds nothing and counts nothing.
    expect(listCases(t.actorFor(PRACTITIONER), {}, f({ status: "triage" }))).toMatchObject({ total: 0, rows: [] });
    // The supervisor is on no team: "my cases" is empty, though their agency leads both cases.
    expect(listCases(supervisor, {}, f({ mine: true })).total).toBe(0);
    expect(refs(listCases(t.actorFor(SPOC), {}, f({ mine: true })))).toEqual(["NS-2026-00002"]);
    t.db.update(cases).set({ priority: "raised", flagOnline: true }).where(eq(cases.reference, "NS-2026-00002")).run();
    expect(refs(listCases(supervisor, {}, f({ priority: "raised" })))).toEqual(["NS-2026-00002"]);
    expect(refs(listCases(supervisor, {}, f({ priority: "standard" })))).toEqual(["NS-2026-00001"]);
    expect(refs(listCases(supervisor, {}, f({ flags: ["online"] })))).toEqual(["NS-2026-00002"]);
    expect(listCases(supervisor, {}, f({ flags: ["online", "domestic_abuse"] })).total).toBe(0);
    expect(listCases(supervisor, {}, f({ flags: ["online"] })).rows[0]!.flags).toEqual(["online"]);
  });

  it("sorts by last activity either way or by reference, and pages by keyset in each order", () => {
    const supervisor = t.actorFor(SUPERVISOR);
    expect(refs(listCases(supervisor, {}, f({ sort: "reference" })))).toEqual(["NS-2026-00001", "NS-2026-00002"]);
    const recent = refs(listCases(supervisor, {}, f({ sort: "recent" })));
    expect(refs(listCases(supervisor, {}, f({ sort: "oldest" })))).toEqual([...recent].reverse());
    // Enough cases for three pages; each sort walks them all exactly once, forward.
    const creator = t.userId("investigator@police.concord.test");
    for (let i = 0; i < 55; i++) {
      const at = new Date(Date.UTC(2026, 2, 1 + (i % 4), 9)).toISOString();
      t.db
        .insert(cases)
        .values({
          id: `list-view-${String(i).padStart(2, "0")}`,
          reference: `LV-${String(54 - i).padStart(3, "0")}`,
          status: "active",
          leadAgencyId: supervisor.agencyId,
          createdBy: creator,
          createdAt: at,
          updatedAt: at,
        })
        .run();
    }
    for (const sort of CASE_LIST_SORTS) {
      const seen: string[] = [];
      let position: CaseListPosition = {};
      for (;;) {
        const page = listCases(t.actorFor(SUPERVISOR), position, f({ sort }));
        seen.push(...refs(page));
        if (!page.next) break;
        position = { after: parseCaseListCursor(page.next), page: page.page + 1 };
      }
      expect(seen, sort).toHaveLength(57);
      expect(new Set(seen).size, sort).toBe(57);
      if (sort === "reference") expect(seen).toEqual([...seen].sort());
    }
  });

  it("ignores anything in the address that is not a choice offered", () => {
    const params = new URLSearchParams([
      ["status", "deleted"],
      ["priority", "'; DROP TABLE cases"],
      ["mine", "yes"],
      ["flag", "online"],
      ["flag", "secret"],
      ["sort", "victim"],
    ]);
    expect(parseCaseListQuery(params)).toEqual({ mine: false, flags: ["online"], sort: "recent" });
    expect(parseCaseListQuery(new URLSearchParams("status=closed&priority=raised&mine=1&sort=reference"))).toEqual({
      status: "closed",
      priority: "raised",
      mine: true,
      flags: [],
      sort: "reference",
    });
    expect(parseCaseListCursor("NS-2026-00001~abc")).toEqual({ key: "NS-2026-00001", id: "abc" });
  });
});

describe("the Cases list's two plans (issue 24: a wide reach walks cases_updated in order)", () => {
  /** Every page of the list, following "next" to the end. */
  function allPages(email: string, filters: CaseListFilters, plan: "walk" | "gather") {
    const actor = t.actorFor(email);
    const pages: ReturnType<typeof listCases>[] = [];
    let position: CaseListPosition = {};
    for (;;) {
      const list = listCases(actor, position, filters, plan);
      pages.push(list);
      if (!list.next) return pages;
      position = { after: parseCaseListCursor(list.next)!, page: list.page + 1 };
    }
  }

  it("give the same rows, pages, counts and cursors for every reader, sort and filter", () => {
    const readers = [SUPERVISOR, SPOC, PRACTITIONER, "investigator@police.concord.test", "advocate@isac.concord.test"];
    const filterSets = [f(), f({ status: "active" }), f({ priority: "raised" }), f({ flags: ["domestic_abuse"] })];
    let compared = 0;
    for (const email of readers)
      for (const sort of CASE_LIST_SORTS)
        for (const filters of filterSets) {
          const walked = allPages(email, { ...filters, sort }, "walk");
          expect(walked, `${email} ${sort} ${JSON.stringify(filters)}`).toEqual(
            allPages(email, { ...filters, sort }, "gather"),
          );
          compared += walked.reduce((n, p) => n + p.rows.length, 0);
        }
    expect(compared).toBeGreaterThan(0);
  });
});
