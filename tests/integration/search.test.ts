// Full-text search through the real gate on a real SQLite file: every actor finds exactly what the single-record
// check lets them see, at the level it lets them see it, and snippets never come from a withheld field.
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { caseAsRecord, recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import type { Caveat, Category } from "~/access/vocabulary";
import { normaliseName } from "~/domain/person-names";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { indexCase } from "~/services/search-index.server";
import { MATCH_END, MATCH_START } from "~/domain/search-query";
import { searchCases, SEARCH_PAGE_SIZE, searchPlanning, type SearchResult } from "~/services/search.server";
import { shareRecord } from "~/services/shares.server";
import { caseMembers, caseParties, caseRecords, cases, people } from "../../db/schema";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const ACTORS = [
  INVESTIGATOR,
  ADVOCATE,
  PRACTITIONER,
  PSYCHOLOGIST,
  "supervisor@police.concord.test",
  "manager@isac.concord.test",
  "spo@probation.concord.test",
  "prosecutor@cps.concord.test",
  "pom@prison.concord.test",
  "clinician@health.concord.test",
  "spoc@police.concord.test",
];

const REFERENCE = "NS-2026-09001";

/** One record per category that matters, each with its own words in the title, the summary and the body. */
type Fixture = {
  key: string;
  category: Category;
  owner: string;
  author: string;
  caveats?: Caveat[];
  status?: "draft" | "signed_off";
  title: string;
  summary: string;
  body: string;
};
const FIXTURES: Fixture[] = [
  {
    key: "note",
    category: "case_core",
    owner: "police",
    author: INVESTIGATOR,
    title: "Course note zephyrtitle",
    summary: "Summary line zephyrsummary",
    body: "Written zephyrbody; crime reference CR/2026/0042 linked",
  },
  {
    key: "contact",
    category: "victim_contact",
    owner: "isac",
    author: ADVOCATE,
    caveats: ["victim_confidential"],
    title: "Safe contact marigoldtitle",
    summary: "Arrangements marigoldsummary",
    body: "Safe address 3 Larkspur Row marigoldbody",
  },
  {
    key: "care",
    category: "victim_care",
    owner: "isac",
    author: ADVOCATE,
    title: "Safety plan tangerinetitle",
    summary: "Plan in place tangerinesummary",
    body: "Personal alarm issued tangerinebody",
  },
  {
    key: "clinical",
    category: "clinical",
    owner: "health",
    author: PSYCHOLOGIST,
    caveats: ["health_confidential"],
    title: "Clinical formulation cobalttitle",
    summary: "Assessed cobaltsummary",
    body: "Formulation and treatment cobaltbody",
  },
  {
    key: "intel",
    category: "police_intelligence",
    owner: "police",
    author: INVESTIGATOR,
    title: "Intelligence report obsidiantitle",
    summary: "Intelligence held obsidiansummary",
    body: "Grade B2 obsidianbody",
  },
  {
    key: "draft",
    category: "risk_assessment",
    owner: "health",
    author: PSYCHOLOGIST,
    status: "draft",
    title: "Draft assessment ambertitle",
    summary: "Draft amberummary",
    body: "Draft ratings amberbody",
  },
];
// Every record also carries this word in every field, for counting.
const COMMON = "commonword";

let caseId: string;
const recordIds = new Map<string, string>();

const AGENCY_USER: Record<string, string> = { police: INVESTIGATOR, isac: ADVOCATE, health: PSYCHOLOGIST };
function agencyId(key: string): string {
  return t.actorFor(AGENCY_USER[key]!).agencyId;
}

function makeCase(
  reference: string,
  members: string[],
  parties: { name: string; role: "victim" | "perpetrator"; aliases?: string[] }[] = [],
): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  t.db.transaction((tx) => {
    tx.insert(cases)
      .values({
        id,
        reference,
        status: "active",
        leadAgencyId: agencyId("police"),
        createdBy: t.userId(INVESTIGATOR),
        createdAt: now,
        updatedAt: now,
      })
      .run();
    for (const email of members)
      tx.insert(caseMembers)
        .values({
          caseId: id,
          userId: t.userId(email),
          roleInCase: "Member",
          addedBy: t.userId(INVESTIGATOR),
          addedAt: now,
        })
        .run();
    for (const p of parties) {
      const personId = randomUUID();
      tx.insert(people)
        .values({
          id: personId,
          fullName: p.name,
          searchName: normaliseName(p.name),
          aliases: JSON.stringify(p.aliases ?? []),
          createdAt: now,
        })
        .run();
      tx.insert(caseParties).values({ caseId: id, personId, partyRole: p.role, addedAt: now }).run();
    }
    indexCase(tx, id);
  });
  return id;
}

function addRecord(caseId: string, f: Omit<Fixture, "key">): string {
  return t.db.transaction((tx) =>
    insertCaseRecord(tx, {
      caseId,
      kind: "note",
      category: f.category,
      ownerAgencyId: agencyId(f.owner),
      authorUserId: t.userId(f.author),
      caveats: f.caveats,
      status: f.status,
      title: f.title,
      summary: `${f.summary} ${COMMON}`,
      body: { text: `${f.body} ${COMMON}` },
    }),
  );
}

function levelOf(actor: Actor, recordId: string) {
  const row = t.db
    .select({ r: caseRecords, at: cases.chargingReferredAt })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(eq(caseRecords.id, recordId))
    .get()!;
  return accessLevel(actor, recordAttributes(row.r, row.at));
}

function caseLevel(actor: Actor, id: string) {
  const c = t.db.select().from(cases).where(eq(cases.id, id)).get()!;
  return accessLevel(actor, caseAsRecord(c));
}

function search(actor: Actor, q: string, page = 1) {
  const r = searchCases(actor, { q, page });
  if (!r.ok) throw new Error(`search failed: ${JSON.stringify(r.errors)}`);
  return r;
}

/** Everything a search result shows, as one string (for "never contains" checks). */
function shown(results: SearchResult[]): string {
  return JSON.stringify(results);
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  caseId = makeCase(
    REFERENCE,
    [INVESTIGATOR, ADVOCATE, PRACTITIONER, PSYCHOLOGIST],
    [
      { name: "Jordan Quenby", role: "victim" },
      { name: "Kieran Vellacott", role: "perpetrator", aliases: ["Kez Ravensworth"] },
    ],
  );
  for (const f of FIXTURES) recordIds.set(f.key, addRecord(caseId, f));
});
afterAll(() => t.cleanup());

// Two query plans with one meaning (text first, or what the actor may see first for very common words): every
// assertion runs through each.
const SUPERVISORS = ["supervisor@police.concord.test", "manager@isac.concord.test", "spo@probation.concord.test"];

describe.each([
  ["text first", Infinity, 0, ACTORS],
  // Supervisors are asked for more words instead (tested below).
  ["access first for bounded actors", 0, 0, ACTORS.filter((e) => !SUPERVISORS.includes(e))],
  // Within the documents in each actor's reach (supervisors' reach is their whole agency: text first for them).
  ["scope first", Infinity, 20_000, ACTORS],
])("search finds exactly what the gate allows (%s)", (_plan, commonMatches, scopeFirstMaxDocuments, actors) => {
  beforeAll(() => {
    searchPlanning.commonMatches = commonMatches;
    searchPlanning.scopeFirstMaxDocuments = scopeFirstMaxDocuments;
    // Nothing counts as rare here, so the plan named is the plan taken.
    searchPlanning.rareMatches = -1;
  });
  afterAll(() => {
    searchPlanning.commonMatches = 10_000;
    searchPlanning.scopeFirstMaxDocuments = 20_000;
    searchPlanning.rareMatches = 300;
  });

  for (const email of actors) {
    it(`for ${email}`, () => {
      const actor = t.actorFor(email);
      for (const f of FIXTURES) {
        const level = levelOf(actor, recordIds.get(f.key)!);
        const titleWord = f.title.split(" ").pop()!;
        const summaryWord = f.summary.split(" ").pop()!;
        const bodyWord = /\w+body\b/.exec(f.body)![0];
        const canSummary = level !== "none";
        const canFull = level === "full";

        for (const [word, expected] of [
          [titleWord, canSummary],
          [summaryWord, canSummary],
          [bodyWord, canFull],
        ] as const) {
          const r = search(actor, word);
          expect({ record: f.key, word, total: r.total }).toEqual({ record: f.key, word, total: expected ? 1 : 0 });
          expect(r.results).toHaveLength(expected ? 1 : 0);
          if (expected) {
            const [hit] = r.results[0]!.hits;
            expect(hit!.label).toBe(f.title);
            expect(hit!.snippet).toContain(`${MATCH_START}${word}${MATCH_END}`);
            expect(r.results[0]!.case).toEqual(
              caseLevel(actor, caseId) === "full" ? { id: caseId, reference: REFERENCE } : null,
            );
          }
        }

        // Whatever else is searched, nothing from a field the actor may not see is shown.
        const everything = shown(search(actor, COMMON).results);
        if (!canFull) expect(everything).not.toContain(bodyWord);
        if (!canSummary) {
          expect(everything).not.toContain(titleWord);
          expect(everything).not.toContain(summaryWord);
        }
      }
    });
  }

  it("counts every visible document once, shows the best three and says how many more", () => {
    for (const email of actors) {
      const actor = t.actorFor(email);
      // COMMON is in each record's summary and body: one summary and one full document per record.
      const visibleDocs = FIXTURES.reduce((n, f) => {
        const level = levelOf(actor, recordIds.get(f.key)!);
        return n + (level === "full" ? 2 : level === "summary" ? 1 : 0);
      }, 0);
      const r = search(actor, COMMON);
      const caseVisible = caseLevel(actor, caseId) === "full";
      const shownDocs = r.results.reduce((n, x) => n + x.hits.length + x.more, 0);
      expect({ email, docs: shownDocs }).toEqual({ email, docs: visibleDocs });
      // One result for the case when they may open it; otherwise one per record, never naming the case.
      if (caseVisible && visibleDocs) expect(r.results).toHaveLength(1);
      if (!caseVisible) {
        expect(shown(r.results)).not.toContain(REFERENCE);
        expect(r.results.every((x) => x.case === null)).toBe(true);
      }
      expect(r.total).toBe(r.results.length);
      for (const x of r.results) expect(x.hits.length).toBeLessThanOrEqual(3);
    }
  });

  it("a summary-only reader finds the title word but not the body word", () => {
    const practitioner = t.actorFor(PRACTITIONER);
    expect(levelOf(practitioner, recordIds.get("care")!)).toBe("summary");
    expect(search(practitioner, "tangerinetitle").total).toBe(1);
    expect(search(practitioner, "tangerinebody").total).toBe(0);
    expect(search(t.actorFor(ADVOCATE), "tangerinebody").total).toBe(1);
  });

  it("finds the case by reference, names and aliases for the team, and not for anyone else", () => {
    for (const email of actors) {
      const actor = t.actorFor(email);
      const visible = caseLevel(actor, caseId) === "full";
      for (const q of [REFERENCE, "Quenby", "kieran vell", "Ravensworth"]) {
        const r = search(actor, q);
        expect({ email, q, found: r.total }).toEqual({ email, q, found: visible ? 1 : 0 });
        if (visible) expect(r.results[0]!.hits[0]!.part).toBe("case");
      }
    }
  });

  it("finds a crime reference as one phrase, prefix included", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(search(investigator, "CR/2026/0042").total).toBe(1);
    expect(search(investigator, "cr/2026/00").total).toBe(1);
    expect(search(investigator, "CR/2026/0043").total).toBe(0);
    expect(search(investigator, "0042/2026/CR").total).toBe(0);
    // Not for someone who cannot read the note's body.
    expect(search(t.actorFor("prosecutor@cps.concord.test"), "CR/2026/0042").total).toBe(0);
  });

  it("treats FTS5 syntax as words and never fails on it", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    for (const q of [
      `"zephyrbody`,
      `zephyrbody"`,
      "NEAR(zephyrbody obsidianbody)",
      "label:zephyrtitle",
      "text:zephyrbody",
      "^zephyrbody",
      "zephyr*",
      "zephyrbody OR marigoldbody",
      "NOT zephyrbody",
      "(zephyrbody",
      "{label}:x",
      "-zephyrbody",
      "zephyrbody AND",
    ]) {
      const r = searchCases(investigator, { q });
      expect(r.ok).toBe(true);
    }
    // Column filters are words: "text" does not occur next to the body word.
    expect(search(investigator, "text:zephyrbody").total).toBe(0);
    // OR is a word that must also be there, so this finds nothing.
    expect(search(investigator, "zephyrbody OR marigoldbody").total).toBe(0);
    expect(search(investigator, "^zephyrbody").total).toBe(1);
  });

  it("refuses empty, punctuation-only and over-long searches with a message", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(searchCases(investigator, { q: "   " })).toEqual({
      ok: false,
      errors: { q: "Enter a name, a reference or words to search for" },
    });
    expect(searchCases(investigator, { q: `"*^:()` })).toEqual({
      ok: false,
      errors: { q: "Enter letters or numbers to search for" },
    });
    expect(searchCases(investigator, { q: "a".repeat(201) })).toEqual({
      ok: false,
      errors: { q: "Search for 200 characters or fewer" },
    });
  });

  it("keeps a shared record's case hidden from a recipient who is not on it", () => {
    const advocate = t.actorFor(ADVOCATE);
    const share = shareRecord(advocate, recordIds.get("care")!, {
      recipientKind: "user",
      userEmail: "prosecutor@cps.concord.test",
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(share.ok).toBe(true);
    const prosecutor = t.actorFor("prosecutor@cps.concord.test");
    const r = search(prosecutor, "tangerinebody");
    expect(r.total).toBe(1);
    expect(r.results[0]!.case).toBeNull();
    expect(shown(r.results)).not.toContain(REFERENCE);
    expect(shown(r.results)).not.toContain(caseId);
    expect(search(prosecutor, REFERENCE).total).toBe(0);
  });

  it("is refused, audited, for roles that do not work on cases", () => {
    for (const email of [
      "auditor@partnership.concord.test",
      "admin@police.concord.test",
      "sysadmin@partnership.concord.test",
      "performance@partnership.concord.test",
    ]) {
      expect(statusOf(() => searchCases(t.actorFor(email), { q: COMMON }))).toBe(403);
      expect(t.auditRows().at(-1)).toMatchObject({ action: "search", outcome: "denied", actorUserId: t.userId(email) });
    }
  });

  it("audits each search with the number of results, never the words", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    search(investigator, "Quenby zephyr");
    const row = t.auditRows().at(-1)!;
    expect(row).toMatchObject({ action: "search", outcome: "allowed", actorUserId: investigator.userId });
    expect(JSON.parse(row.detail!)).toEqual({ results: 0, page: 1, terms: 2 });
    expect(row.detail).not.toMatch(/quenby|zephyr/i);
  });
});

describe("very common words", () => {
  it("ask a supervisor for more words, listing nothing; bounded actors still get their results", () => {
    searchPlanning.commonMatches = 3;
    try {
      for (const email of SUPERVISORS) {
        const r = search(t.actorFor(email), COMMON);
        expect(r).toMatchObject({ tooCommon: true, total: 0, results: [] });
        expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toMatchObject({ results: 0, tooCommon: true });
      }
      const investigator = search(t.actorFor(INVESTIGATOR), COMMON);
      expect(investigator.tooCommon).toBe(false);
      expect(investigator.total).toBe(1);
    } finally {
      searchPlanning.commonMatches = 10_000;
    }
  });
});

describe("pages of results", () => {
  it("returns 20 cases a page, each once, ranked, and the same total on every page", () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = makeCase(`NS-2026-08${String(i).padStart(3, "0")}`, [INVESTIGATOR]);
      ids.push(id);
      addRecord(id, {
        category: "case_core",
        owner: "police",
        author: INVESTIGATOR,
        title: `Pagination test ${i}`,
        summary: "pagewordsummary",
        body: "pageword ".repeat(1 + (i % 5)),
      });
    }
    const investigator = t.actorFor(INVESTIGATOR);
    const first = search(investigator, "pageword");
    const second = search(investigator, "pageword", 2);
    expect(first.total).toBe(25);
    expect(second.total).toBe(25);
    expect(first.pages).toBe(2);
    expect(first.results).toHaveLength(SEARCH_PAGE_SIZE);
    expect(second.results).toHaveLength(5);
    const found = [...first.results, ...second.results].map((r) => r.case!.id);
    expect(new Set(found)).toEqual(new Set(ids));
    // A page past the end shows the last page.
    expect(search(investigator, "pageword", 9).page).toBe(2);
    // Another actor on none of these cases finds none of them.
    expect(search(t.actorFor(PRACTITIONER), "pageword").total).toBe(0);
    // The access-first and scope-first plans page identically.
    for (const [commonMatches, scopeFirstMaxDocuments] of [
      [0, 0],
      [Infinity, 20_000],
    ]) {
      searchPlanning.commonMatches = commonMatches!;
      searchPlanning.scopeFirstMaxDocuments = scopeFirstMaxDocuments!;
      searchPlanning.rareMatches = -1;
      try {
        expect(search(investigator, "pageword")).toEqual(first);
        expect(search(investigator, "pageword", 2)).toEqual(second);
        expect(search(investigator, "pageword", 9)).toEqual(second);
      } finally {
        searchPlanning.commonMatches = 10_000;
        searchPlanning.scopeFirstMaxDocuments = 20_000;
        searchPlanning.rareMatches = 300;
      }
    }
  });
});
