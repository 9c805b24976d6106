// The per-process cache of scope() conditions (docs/decisions/0011-scope-cache.md): the key holds everything the
// rules can read, so a changed attribute always gets its own, freshly translated condition; and on a real SQLite
// file, a grant that expires, a share that is revoked or a team change applies at the next request.
import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AGENCY_TYPES } from "~/domain/agencies";
import { ROLE_IDS } from "~/domain/roles";
import { listCases } from "~/services/cases.server";
import {
  agencies,
  breakGlassGrants,
  caseMembers,
  caseRecords,
  cases,
  partnerships,
  recordShares,
  userRoles,
  users,
} from "../../db/schema";
import { setupTestDb, type TestDb } from "../../tests/integration/test-db";
import { buildAbility, defineAbilityFor, type Action } from "./ability";
import type { Actor } from "./actor";
import { loadActor } from "./actor.server";
import { caseAsRecordColumns, caseRecordColumns } from "./record-columns.server";
import { actorFingerprint, BoundedCache, KEYED_FIELDS, UNKEYED_FIELDS } from "./scope-cache";
import { clearScopeCache, scope, scopeCacheSize, scopeUncached, type ColumnMap } from "./scope.server";
import { CATEGORIES, PURPOSES } from "./vocabulary";

const dialect = new SQLiteSyncDialect();
const text = (condition: SQL) => JSON.stringify(dialect.sqlToQuery(condition));

const BASE: Actor = {
  userId: "u-1",
  name: "Alex Ashdown",
  email: "alex@example.test",
  agencyId: "ag-police",
  agencyName: "Northshire Police",
  agencyType: "police",
  partnershipId: "p-1",
  teamId: "team-1",
  roles: ["investigator"],
  sessionId: "session-1",
  purpose: "case_work",
  caseIds: ["case-a", "case-b"],
  agendaCaseIds: ["case-c"],
  meetingIds: ["m-1"],
  breakGlassCaseIds: ["case-d"],
  sharedRecordIds: ["rec-1"],
  agreements: [{ id: "agr-1", category: "victim_care", fromAgencyId: "ag-isac", level: "summary" }],
};

/** A copy with nothing shared with the original (scope() must not depend on which arrays are which). */
function copy(a: Actor, patch: Partial<Actor> = {}): Actor {
  return structuredClone({ ...a, ...patch });
}

/** Some other value of the same shape, for every kind of Actor field. */
function changed(value: unknown): unknown[] {
  if (value === null) return ["team-2"];
  if (typeof value === "string") return [`${value}-2`];
  if (Array.isArray(value)) {
    if (value.length && typeof value[0] === "object") {
      const [first, ...rest] = value as Record<string, unknown>[];
      return [
        ...Object.keys(first!).map((k) => [{ ...first, [k]: `${String(first![k])}-2` }, ...rest]),
        [],
        [...value, { ...first, id: "agr-2" }],
      ];
    }
    return [[], [...value, "extra"], value.slice(1)];
  }
  throw new Error(`no change written for ${JSON.stringify(value)}`);
}

const ACTIONS: Action[] = ["read", "read_summary", "share", "create"];
const COLUMN_MAPS: [string, ColumnMap][] = [
  ["records", caseRecordColumns],
  ["cases", caseAsRecordColumns],
];

afterEach(() => clearScopeCache());

describe("the cache key", () => {
  it("classifies every Actor field", () => {
    expect([...KEYED_FIELDS, ...UNKEYED_FIELDS].sort()).toEqual(Object.keys(BASE).sort());
    expect(UNKEYED_FIELDS.sort()).toEqual(["agencyName", "email", "name", "sessionId"]);
  });

  it("changes whenever a keyed field changes", () => {
    for (const field of KEYED_FIELDS) {
      for (const value of changed(BASE[field])) {
        expect(actorFingerprint(copy(BASE, { [field]: value })), `${field} = ${JSON.stringify(value)}`).not.toBe(
          actorFingerprint(BASE),
        );
      }
    }
    expect(actorFingerprint(copy(BASE))).toBe(actorFingerprint(BASE));
  });

  it("leaves out only fields no rule reads: changing them changes no rule, for any role, agency type or purpose", () => {
    for (const role of ROLE_IDS) {
      for (const agencyType of AGENCY_TYPES) {
        for (const purpose of PURPOSES) {
          const actor = copy(BASE, { roles: [role], agencyType, purpose });
          const rules = JSON.stringify(buildAbility(actor).rules);
          for (const field of UNKEYED_FIELDS) {
            for (const value of changed(actor[field])) {
              const other = copy(actor, { [field]: value });
              expect(JSON.stringify(buildAbility(other).rules), `${role} ${agencyType} ${purpose}: ${field}`).toBe(
                rules,
              );
              expect(actorFingerprint(other)).toBe(actorFingerprint(actor));
            }
          }
        }
      }
    }
  });
});

describe("scope() with the cache", () => {
  // Each of these changes what an investigator may read of case records.
  const VARIANTS: [string, Partial<Actor>][] = [
    ["a case added to the team", { caseIds: ["case-a", "case-b", "case-e"] }],
    ["a case left", { caseIds: ["case-a"] }],
    ["no cases", { caseIds: [] }],
    ["a case put on a meeting agenda", { agendaCaseIds: ["case-c", "case-e"] }],
    ["no meetings", { meetingIds: [] }],
    ["another meeting", { meetingIds: ["m-1", "m-2"] }],
    ["a break-glass grant expired", { breakGlassCaseIds: [] }],
    ["a break-glass grant made", { breakGlassCaseIds: ["case-d", "case-e"] }],
    ["a share revoked", { sharedRecordIds: [] }],
    ["a record shared", { sharedRecordIds: ["rec-1", "rec-2"] }],
    ["an agreement retired", { agreements: [] }],
    ["an agreement raised to full", { agreements: [{ ...BASE.agreements[0]!, level: "full" }] }],
    ["an agreement for another category", { agreements: [{ ...BASE.agreements[0]!, category: "perpetrator" }] }],
    ["an agreement from another agency", { agreements: [{ ...BASE.agreements[0]!, fromAgencyId: "ag-health" }] }],
    ["promoted to supervisor", { roles: ["investigator", "police_supervisor"] }],
    ["moved agency", { agencyId: "ag-police-2" }],
    ["another agency type", { agencyType: "isac" }],
    ["in a clinic meeting", { purpose: "clinic_meeting" }],
  ];

  it("gives a changed attribute a different condition, the same as one translated afresh", () => {
    // Full and summary access together, since some changes (an agreement's level) move a record between them.
    const both = (f: typeof scope, actor: Actor) =>
      (["read", "read_summary"] as const)
        .map((action) => text(f(actor, action, "CaseRecord", caseRecordColumns)))
        .join("\n");
    const base = both(scope, copy(BASE));
    expect(base).toBe(both(scopeUncached, BASE));
    for (const [label, patch] of VARIANTS) {
      const actor = copy(BASE, patch);
      const cached = both(scope, actor);
      expect(cached, label).not.toBe(base);
      expect(cached, label).toBe(both(scopeUncached, actor));
      // The original is still served its own condition.
      expect(both(scope, copy(BASE)), label).toBe(base);
    }
    expect(scopeCacheSize()).toBe(2 * (VARIANTS.length + 1));
  });

  it("reuses a condition for an equal actor (a new object each request), per action, subject and columns", () => {
    scope(copy(BASE), "read", "CaseRecord", caseRecordColumns);
    scope(copy(BASE, { sessionId: "session-2", name: "Renamed" }), "read", "CaseRecord", caseRecordColumns);
    // A column map written out afresh with the same columns is the same map.
    scope(copy(BASE), "read", "CaseRecord", { ...caseRecordColumns });
    expect(scopeCacheSize()).toBe(1);
    scope(copy(BASE), "read_summary", "CaseRecord", caseRecordColumns);
    scope(copy(BASE), "read", "CaseRecord", caseAsRecordColumns);
    scope(copy(BASE), "read", "CaseRecord", { ...caseRecordColumns, ownerAgencyId: caseRecords.authorUserId });
    scope(copy(BASE), "read", "CaseRecord", { ...caseRecordColumns, status: { value: "draft" } });
    scope(copy(BASE), "read", "Agency", { id: agencies.id, partnershipId: agencies.partnershipId });
    expect(scopeCacheSize()).toBe(6);
  });

  it("hands each caller its own SQL object, so changing one in place cannot reach the next request", () => {
    const first = scope(copy(BASE), "read", "CaseRecord", caseRecordColumns);
    const before = text(first);
    first.inlineParams();
    expect(text(first)).not.toBe(before);
    expect(text(scope(copy(BASE), "read", "CaseRecord", caseRecordColumns))).toBe(before);
  });

  it("always returns what a fresh translation would, for random sequences of similar actors", () => {
    const pick = <T>(xs: readonly T[]) => fc.subarray([...xs]);
    const VARYING = [
      "roles",
      "agencyId",
      "agencyType",
      "purpose",
      "caseIds",
      "agendaCaseIds",
      "meetingIds",
      "breakGlassCaseIds",
      "sharedRecordIds",
      "agreements",
    ] as const;
    const actorArb = fc.record({
      roles: fc.subarray(ROLE_IDS, { minLength: 1, maxLength: 2 }),
      agencyId: fc.constantFrom("ag-police", "ag-isac"),
      agencyType: fc.constantFrom(...AGENCY_TYPES),
      purpose: fc.constantFrom(...PURPOSES),
      caseIds: pick(["case-a", "case-b"]),
      agendaCaseIds: pick(["case-b", "case-c"]),
      meetingIds: pick(["m-1"]),
      breakGlassCaseIds: pick(["case-a", "case-d"]),
      sharedRecordIds: pick(["rec-1", "rec-2"]),
      agreements: fc.array(
        fc.record({
          id: fc.constant("agr-1"),
          category: fc.constantFrom(...CATEGORIES),
          fromAgencyId: fc.constantFrom("ag-police", "ag-isac"),
          level: fc.constantFrom("full" as const, "summary" as const),
        }),
        { maxLength: 1 },
      ),
    });
    // Each step changes one attribute of the last actor (as a request after one change would), so an attribute
    // missing from the key would be served the previous actor's condition.
    const stepArb = fc.tuple(fc.constantFrom(...VARYING), actorArb);
    fc.assert(
      fc.property(actorArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), (start, steps) => {
        let actor = copy(BASE, start);
        for (const [field, other] of [["roles", start] as const, ...steps]) {
          actor = copy(actor, { [field]: other[field] });
          for (const [, columns] of COLUMN_MAPS) {
            for (const action of ACTIONS) {
              expect(text(scope(actor, action, "CaseRecord", columns))).toBe(
                text(scopeUncached(copy(actor), action, "CaseRecord", columns)),
              );
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("abilities kept by the same key", () => {
  const rules = (actor: Actor) => JSON.stringify(defineAbilityFor(actor).rules);

  it("serves an equal actor (a new object each request) the ability already built, and a changed one its own", () => {
    const first = defineAbilityFor(copy(BASE));
    expect(defineAbilityFor(copy(BASE, { sessionId: "session-2", name: "Renamed" }))).toBe(first);
    for (const [label, patch] of VARIANTS_FOR_ABILITIES) {
      const actor = copy(BASE, patch);
      expect(rules(actor), label).toBe(JSON.stringify(buildAbility(copy(actor)).rules));
      expect(rules(actor), label).not.toBe(JSON.stringify(first.rules));
    }
  });

  it("starts afresh when the caches are emptied", () => {
    const first = defineAbilityFor(copy(BASE));
    clearScopeCache();
    expect(defineAbilityFor(copy(BASE))).not.toBe(first);
  });
});

// The same changes as above, each of which changes the investigator's rules.
const VARIANTS_FOR_ABILITIES: [string, Partial<Actor>][] = [
  ["a case added to the team", { caseIds: ["case-a", "case-b", "case-e"] }],
  ["a share revoked", { sharedRecordIds: [] }],
  ["a break-glass grant expired", { breakGlassCaseIds: [] }],
  ["an agreement raised to full", { agreements: [{ ...BASE.agreements[0]!, level: "full" }] }],
  ["promoted to supervisor", { roles: ["investigator", "police_supervisor"] }],
  ["moved agency", { agencyId: "ag-police-2" }],
  ["in a clinic meeting", { purpose: "clinic_meeting" }],
];

describe("BoundedCache", () => {
  it("drops the least recently used entry beyond its size", () => {
    const c = new BoundedCache<number>(2, 1_000);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1);
    c.set("c", 3);
    expect([c.get("a"), c.get("b"), c.get("c"), c.size]).toEqual([1, undefined, 3, 2]);
  });

  it("keeps the characters of its keys within budget and never keeps a key over an eighth of it", () => {
    const c = new BoundedCache<number>(100, 80);
    c.set("x".repeat(11), 0);
    expect(c.size).toBe(0);
    for (let i = 0; i < 10; i++) c.set(`${i}`.repeat(10), i);
    expect(c.size).toBe(8);
    expect(c.get("0".repeat(10))).toBeUndefined();
    expect(c.get("9".repeat(10))).toBe(9);
    c.clear();
    expect(c.size).toBe(0);
  });

  it("counts an entry's weight, not its key, against the budget, and counts a re-set entry once", () => {
    const c = new BoundedCache<number>(100, 80);
    c.set("a", 1, 30);
    c.set("b", 2, 30);
    c.set("a", 1, 40); // a grown entry replaces its old weight: 70 in all, both kept
    expect([c.get("a"), c.get("b")]).toEqual([1, 2]);
    c.set("c", 3, 20); // 90: the least recently used ("a" was read first) goes
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual([undefined, 2, 3]);
  });
});

describe("scope() keeps conditions per actor", () => {
  it("keeps one condition per action, type and columns for an actor, and reuses them for an equal actor", () => {
    clearScopeCache();
    const first = text(scope(copy(BASE), "read", "CaseRecord", caseRecordColumns));
    scope(copy(BASE), "read", "CaseRecord", caseAsRecordColumns);
    scope(copy(BASE), "read", "CaseRecord", { ...caseRecordColumns });
    expect(scopeCacheSize()).toBe(2);
    expect(text(scope(copy(BASE), "read", "CaseRecord", caseRecordColumns))).toBe(first);
    scope(copy(BASE, { caseIds: ["case-z"] }), "read", "CaseRecord", caseRecordColumns);
    expect(scopeCacheSize()).toBe(3);
  });
});

describe("on a real SQLite file: the next request sees every change", () => {
  let t: TestDb;
  const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();
  const visibleCases = () =>
    listCases(loadActor("inv", "s")!)
      .rows.map((r) => r.id)
      .sort();
  const visibleRecords = () =>
    t.db
      .select({ id: caseRecords.id })
      .from(caseRecords)
      .innerJoin(cases, sql`${cases.id} = ${caseRecords.caseId}`)
      .where(scope(loadActor("inv", "s")!, "read", "CaseRecord", caseRecordColumns))
      .all()
      .map((r) => r.id)
      .sort();

  beforeAll(async () => {
    t = await setupTestDb();
    const now = new Date().toISOString();
    t.db.insert(partnerships).values({ id: "p", name: "Cache partnership" }).run();
    t.db
      .insert(agencies)
      .values([
        { id: "ag-police", partnershipId: "p", name: "Police", type: "police" },
        { id: "ag-isac", partnershipId: "p", name: "ISAC", type: "isac" },
      ])
      .run();
    t.db
      .insert(users)
      .values([
        { id: "inv", agencyId: "ag-police", email: "inv@example.test", name: "Investigator" },
        { id: "adv", agencyId: "ag-isac", email: "adv@example.test", name: "Advocate" },
      ])
      .run();
    t.db
      .insert(userRoles)
      .values([
        { userId: "inv", role: "investigator" },
        { userId: "adv", role: "advocate" },
      ])
      .run();
    const CASES: [string, string][] = [
      ["case-member", "ag-police"],
      ["case-glass", "ag-isac"],
      ["case-other", "ag-isac"],
    ];
    for (const [i, [id, leadAgencyId]] of CASES.entries()) {
      t.db
        .insert(cases)
        .values({
          id,
          reference: `REF-${i}`,
          status: "active",
          leadAgencyId,
          createdBy: "adv",
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    t.db
      .insert(caseMembers)
      .values({ caseId: "case-member", userId: "inv", roleInCase: "Officer in the case", addedBy: "adv", addedAt: now })
      .run();
    t.db
      .insert(breakGlassGrants)
      .values({
        id: "bg-1",
        userId: "inv",
        agencyId: "ag-police",
        caseId: "case-glass",
        reason: "r".repeat(30),
        grantedAt: now,
        expiresAt: at(4),
      })
      .run();
    for (const id of ["rec-shared", "rec-expiring"]) {
      t.db
        .insert(caseRecords)
        .values({
          id,
          caseId: "case-other",
          kind: "note",
          category: "victim_care",
          ownerAgencyId: "ag-isac",
          authorUserId: "adv",
          title: "t",
          summary: "s",
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    const share = {
      sharedByUserId: "adv",
      sharedByAgencyId: "ag-isac",
      toUserId: "inv",
      purpose: "case_work",
      lawfulBasis: "Crime and Disorder Act 1998 s.115",
      createdAt: now,
    };
    t.db
      .insert(recordShares)
      .values([
        { id: "sh-1", recordId: "rec-shared", ...share },
        { id: "sh-2", recordId: "rec-expiring", ...share, expiresAt: at(1) },
      ])
      .run();
    clearScopeCache();
  });
  afterAll(() => t.cleanup());
  afterEach(() => {
    vi.useRealTimers();
  });

  it("consecutive requests by the same person reuse one condition", () => {
    expect(actorFingerprint(loadActor("inv", "s-1")!)).toBe(actorFingerprint(loadActor("inv", "s-2")!));
    expect(visibleCases()).toEqual(["case-glass", "case-member"]);
    expect(visibleCases()).toEqual(["case-glass", "case-member"]);
    expect(scopeCacheSize()).toBe(1);
    expect(visibleRecords()).toEqual(["rec-expiring", "rec-shared"]);
  });

  it("a share that expires or is revoked stops at the next request", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2 * 3_600_000 });
    expect(visibleRecords()).toEqual(["rec-shared"]);
    t.db
      .update(recordShares)
      .set({ revokedAt: new Date().toISOString(), revokedBy: "adv" })
      .where(sql`${recordShares.id} = 'sh-1'`)
      .run();
    expect(visibleRecords()).toEqual([]);
  });

  it("a break-glass grant that expires stops at the next request", () => {
    expect(visibleCases()).toEqual(["case-glass", "case-member"]);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5 * 3_600_000 });
    expect(visibleCases()).toEqual(["case-member"]);
  });

  it("leaving the case team takes the case off the list at the next request", () => {
    t.db
      .update(caseMembers)
      .set({ removedAt: new Date().toISOString() })
      .where(sql`${caseMembers.userId} = 'inv'`)
      .run();
    expect(visibleCases()).toEqual(["case-glass"]);
  });
});
