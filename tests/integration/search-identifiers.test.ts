import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchCases } from "~/services/search.server";
import { setupTestDb, type TestDb } from "./test-db";

// A party's identifiers are searchable under the category the People page shows them under: a perpetrator's
// PNC is perpetrator details, which the police team may read and the victim's advocate may not.
let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
});
afterAll(() => t.cleanup());

function identifierHits(email: string, q: string) {
  const found = searchCases(t.actorFor(email), { q });
  if (!found.ok) throw new Error("search refused");
  return found.results.flatMap((r) => r.hits).filter((h) => h.label === "Perpetrator's identifiers");
}

describe("identifier search", () => {
  it("finds the worked case's perpetrator by PNC for the police case team, as perpetrator details", () => {
    const hits = identifierHits("investigator@police.concord.test", "87/123456X");
    expect(hits).toHaveLength(1);
    expect(hits[0]!.part).toBe("details");
    expect(hits[0]!.snippet).toContain("87/123456X");
  });

  it("does not find it for the advocate on the same team, who may not read perpetrator details", () => {
    expect(identifierHits("advocate@isac.concord.test", "87/123456X")).toHaveLength(0);
  });
});
