// Property: searching within the documents in an actor's reach (scope_first: a local FTS5 index with search_fts's
// tokenizer, ranked by bm25 with search_fts's statistics) gives exactly what the text-first plan gives (the text
// matched in search_fts, the gate's condition on each match, FTS5's own ranking): the same results in the same
// order, the same hits, snippets and counts, on every page. Random documents, envelopes, actors and queries on a
// real SQLite file; words repeat and share prefixes so ranks tie and prefixes reach several words.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { CASEWORK_ROLES } from "~/access/baseline-policy";
import { CATEGORIES, PURPOSES } from "~/access/vocabulary";
import { AGENCY_TYPES } from "~/domain/agencies";
import { ftsQuery } from "~/domain/search-query";
import {
  corpusStats,
  inverseDocumentFrequency,
  loadLocalIndex,
  localMatches,
  localRanks,
} from "~/services/search-local.server";
import { searchCases, searchPlanning } from "~/services/search.server";
import { agencies, cases, partnerships, searchDocuments, users } from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

const AGENCIES = ["ag-police", "ag-isac", "ag-health", "ag-probation"];
const CASES = ["case-a", "case-b", "case-c", "case-d", "case-e", "case-f"];
const MEETINGS = ["m-1", "m-2"];
const RECORDS = Array.from({ length: 30 }, (_, i) => `rec-${i}`);
const WORDS = [
  "victim",
  "victims",
  "victimised",
  "safety",
  "safe",
  "plan",
  "café",
  "cafe",
  "contact",
  "messages",
  "message",
  "alarm",
  "zephyr",
  "kieran",
  "voss",
  "CR/2026/0042",
  "2026",
  "Ünal",
];

let t: TestDb;

beforeAll(async () => {
  t = await setupTestDb();
  const now = new Date().toISOString();
  t.db.insert(partnerships).values({ id: "p", name: "Search partnership" }).run();
  for (const [i, id] of AGENCIES.entries())
    t.db
      .insert(agencies)
      .values({ id, partnershipId: "p", name: `Agency ${i}`, type: AGENCY_TYPES[i]! })
      .run();
  t.db
    .insert(users)
    .values({ id: "author", agencyId: "ag-police", email: "author@example.test", name: "Author" })
    .run();
  for (const [i, id] of CASES.entries()) {
    t.db
      .insert(cases)
      .values({
        id,
        reference: `REF-${i}`,
        status: "active",
        leadAgencyId: AGENCIES[i % AGENCIES.length]!,
        createdBy: "author",
        createdAt: now,
        updatedAt: now,
        chargingReferredAt: i % 2 ? now : null,
      })
      .run();
  }
});
afterAll(() => t.cleanup());

// Words repeat within a text (a word two or three times in a row now and then), so how often a word occurs and
// how long the text is both move the rank.
const words = (min: number, max: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(1, 1, 1, 2, 3)), { minLength: min, maxLength: max })
    .map((ws) => ws.flatMap(([w, n]) => Array<string>(n).fill(w)).join(" "));

const rarely = fc.integer({ min: 0, max: 7 }).map((n) => n === 0);

const documentArb = fc.record({
  caseId: fc.constantFrom(...CASES),
  recordId: fc.option(fc.constantFrom(...RECORDS), { nil: null }),
  level: fc.constantFrom("summary" as const, "full" as const),
  category: fc.constantFrom(...CATEGORIES),
  ownerAgencyId: fc.constantFrom(...AGENCIES),
  status: fc.constantFrom("draft", "signed_off", "signed_off", "signed_off"),
  meetingId: fc.option(fc.constantFrom(...MEETINGS), { nil: null, freq: 2 }),
  // Caveats now and then, so most documents are visible to someone and ranks are compared, not only absences.
  cavVictimConfidential: rarely,
  cavHealthConfidential: rarely,
  cavPoliceIntelligence: rarely,
  cavNotPerpetratorFacing: rarely,
  label: words(1, 3),
  text: words(0, 14),
});

const actorArb = fc.record({
  roles: fc.subarray([...CASEWORK_ROLES], { minLength: 1, maxLength: 2 }),
  agencyIndex: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
  agencyType: fc.option(fc.constantFrom(...AGENCY_TYPES), { nil: null, freq: 1 }),
  purpose: fc.constantFrom(...PURPOSES),
  caseIds: fc.subarray(CASES, { minLength: 2 }),
  agendaCaseIds: fc.subarray(CASES),
  meetingIds: fc.subarray(MEETINGS),
  breakGlassCaseIds: fc.subarray(CASES, { maxLength: 2 }),
  sharedRecordIds: fc.subarray([...RECORDS, ...CASES], { maxLength: 4 }),
  agreements: fc.array(
    fc.record({
      id: fc.constant("ag"),
      category: fc.constantFrom(...CATEGORIES),
      fromAgencyId: fc.constantFrom(...AGENCIES),
      level: fc.constantFrom("full" as const, "summary" as const),
    }),
    { maxLength: 2 },
  ),
});

// One to three words; the last one often cut short (a prefix), sometimes a word with punctuation inside (a phrase).
const queryArb = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 5 }))
  .map(([ws, cut]) => {
    const last = ws[ws.length - 1]!;
    if (cut > 0 && last.length > 3) ws[ws.length - 1] = last.slice(0, Math.max(2, last.length - cut));
    return ws.join(" ");
  });

function run<T>(plan: "text_first" | "scope_first", fn: () => T): T {
  searchPlanning.commonMatches = Infinity;
  searchPlanning.scopeFirstMaxDocuments = plan === "scope_first" ? 1_000_000 : 0;
  searchPlanning.rareMatches = -1;
  try {
    return fn();
  } finally {
    searchPlanning.commonMatches = 10_000;
    searchPlanning.scopeFirstMaxDocuments = 20_000;
    searchPlanning.rareMatches = 300;
  }
}

describe("scope_first gives exactly what text_first gives", () => {
  it("for random documents, actors and queries, on every page", () => {
    fc.assert(
      fc.property(
        fc.array(documentArb, { minLength: 20, maxLength: 90 }),
        actorArb,
        fc.array(queryArb, { minLength: 1, maxLength: 3 }),
        (docs, a, queries) => {
          t.db.delete(searchDocuments).run();
          docs.forEach((d, i) =>
            t.db
              .insert(searchDocuments)
              .values({ ...d, docKey: d.recordId ? `record:${d.recordId}:${d.level}:${i}` : `case:${d.caseId}:${i}` })
              .run(),
          );
          const actor: Actor = {
            userId: "u",
            name: "U",
            email: "u@example.test",
            agencyId: AGENCIES[a.agencyIndex]!,
            agencyName: "A",
            // Mostly the type of the agency the actor belongs to, as in life; sometimes not, as the gate must not care.
            agencyType: a.agencyType ?? AGENCY_TYPES[a.agencyIndex]!,
            partnershipId: "p",
            teamId: null,
            roles: a.roles,
            sessionId: "s",
            purpose: a.purpose,
            caseIds: a.caseIds,
            agendaCaseIds: a.agendaCaseIds,
            meetingIds: a.meetingIds,
            breakGlassCaseIds: a.breakGlassCaseIds,
            sharedRecordIds: a.sharedRecordIds,
            agreements: a.agreements,
          };
          for (const q of queries) {
            for (const page of [1, 2]) {
              const expected = run("text_first", () => searchCases(actor, { q, page }));
              const actual = run("scope_first", () => searchCases(actor, { q, page }));
              expect(actual).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 180_000);
});

describe("the local index's ranks", () => {
  it("are search_fts's bm25() ranks: equal for several words, the same up to the one shared factor for one word", () => {
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 1, maxLength: 60 }), queryArb, (docs, q) => {
        t.db.delete(searchDocuments).run();
        docs.forEach((d, i) =>
          t.db
            .insert(searchDocuments)
            .values({ ...d, docKey: `case:${d.caseId}:${i}` })
            .run(),
        );
        const query = ftsQuery(q)!;
        const sqlite = t.db.$client;
        const fromFts = new Map(
          (
            sqlite.prepare(`SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?`).all(query.match) as {
              rowid: number;
              rank: number;
            }[]
          ).map((r) => [r.rowid, r.rank]),
        );
        const all = (sqlite.prepare(`SELECT rowid FROM search_documents`).all() as { rowid: number }[]).map(
          (r) => r.rowid,
        );
        const local = sqlite.transaction(() => {
          loadLocalIndex(sqlite, all);
          const matched = localMatches(sqlite, query.match);
          return { matched, ranks: localRanks(sqlite, query.phrases, matched, corpusStats(sqlite)) };
        })();
        expect([...local.matched].sort((a, b) => a - b)).toEqual([...fromFts.keys()].sort((a, b) => a - b));
        if (query.phrases.length > 1) {
          for (const [rowid, rank] of fromFts) expect(local.ranks.get(rowid)).toBe(rank);
        } else {
          // One word: FTS5 multiplies every score by the word's inverse document frequency (at least 1e-6).
          const hits = fromFts.size;
          const rows = corpusStats(sqlite).rows;
          const idf = inverseDocumentFrequency(sqlite, rows, hits);
          for (const [rowid, rank] of fromFts) expect(idf * local.ranks.get(rowid)!).toBe(rank);
        }
      }),
      { numRuns: 150 },
    );
  }, 180_000);
});
