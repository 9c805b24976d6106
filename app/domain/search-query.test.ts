import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ftsQuery, SEARCH_MAX_LENGTH, SEARCH_MAX_TERMS } from "./search-query";

// A real FTS5 table with the same tokenizer as search_fts, to prove every query is valid and means what it says.
const db = new Database(":memory:");
db.exec(`CREATE VIRTUAL TABLE t USING fts5(label, text, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`);
const insert = db.prepare("INSERT INTO t(rowid, label, text) VALUES (?, ?, ?)");
insert.run(1, "Course of conduct", "Crime reference CR/2026/0042; messages near the workplace");
insert.run(2, "Safe contact details", "Larkspur Close; phone 07700 900123");
insert.run(3, "Note", "label: secret NEAR(this that) ^start and* OR NOT x");
insert.run(4, "Café visit", "Kieran Voss seen at the café");
afterAll(() => db.close());

function matches(input: string): number[] {
  const q = ftsQuery(input);
  if (!q) return [];
  return (db.prepare("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid").all(q.match) as { rowid: number }[]).map(
    (r) => r.rowid,
  );
}

describe("ftsQuery", () => {
  it("quotes each term and matches the last as a prefix", () => {
    expect(ftsQuery("kieran vo")).toEqual({
      match: `"kieran" "vo"*`,
      terms: ["kieran", "vo"],
      phrases: [
        { text: "kieran", prefix: false },
        { text: "vo", prefix: true },
      ],
    });
    expect(matches("kieran vo")).toEqual([4]);
    expect(matches("lark")).toEqual([2]);
  });

  it("finds a crime reference as a phrase, whatever separates its parts", () => {
    expect(ftsQuery("CR/2026/0042")?.match).toBe(`"CR/2026/0042"*`);
    expect(matches("CR/2026/0042")).toEqual([1]);
    expect(matches("cr 2026 0042")).toEqual([1]);
    // A phrase, not three loose words: the parts in another order find nothing.
    expect(matches("0042/2026/CR")).toEqual([]);
  });

  it("reads FTS5 operators and column filters as plain words", () => {
    expect(ftsQuery("NEAR(kieran voss)")?.match).toBe(`"NEAR(kieran" "voss)"*`);
    expect(matches("label:secret")).toEqual([3]); // the words "label" and "secret" next to each other, not a column filter
    expect(matches("text:Larkspur")).toEqual([]); // no column filter: "text" is just a word that is not there
    expect(matches("kieran OR larkspur")).toEqual([]); // OR is a word, every word must match
    expect(matches("NOT larkspur")).toEqual([]);
    expect(matches("^start")).toEqual([3]);
    expect(matches("*")).toEqual([]);
    expect(ftsQuery("* ^ : ( ) - +")).toBeNull();
  });

  it("copes with quotes, balanced or not", () => {
    expect(ftsQuery(`"kieran voss`)?.match).toBe(`"kieran" "voss"*`);
    expect(ftsQuery(`kieran" "voss"`)?.match).toBe(`"kieran" "voss"*`);
    expect(matches(`"safe" contact"`)).toEqual([2]);
    expect(ftsQuery(`"""`)).toBeNull();
  });

  it("does not prefix-match a one-letter last word", () => {
    expect(ftsQuery("kieran v")?.match).toBe(`"kieran" "v"`);
    expect(ftsQuery("kieran v")?.phrases.map((p) => p.prefix)).toEqual([false, false]);
  });

  it("matches accented and unaccented spellings alike", () => {
    expect(matches("cafe")).toEqual([4]);
    expect(matches("CAFÉ")).toEqual([4]);
  });

  it("uses at most ten terms and the first 200 characters", () => {
    const many = Array.from({ length: 15 }, (_, i) => `w${i}`).join(" ");
    expect(ftsQuery(many)?.terms).toHaveLength(SEARCH_MAX_TERMS);
    const long = `${"a".repeat(SEARCH_MAX_LENGTH - 1)} tail`;
    expect(ftsQuery(long)?.terms).toEqual(["a".repeat(SEARCH_MAX_LENGTH - 1)]);
  });

  it("returns null when nothing searchable is left", () => {
    expect(ftsQuery("")).toBeNull();
    expect(ftsQuery("   ")).toBeNull();
    expect(ftsQuery("\u0000\u0001")).toBeNull();
  });

  it("always produces a valid FTS5 query made only of quoted strings, for any input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({
            unit: fc.constantFrom(
              '"',
              "*",
              "^",
              ":",
              "(",
              ")",
              "-",
              "+",
              "N",
              "E",
              "A",
              "R",
              " ",
              "a",
              "/",
              "\u0000",
              "{",
              "}",
            ),
            maxLength: 60,
          }),
        ),
        (input) => {
          const q = ftsQuery(input);
          if (!q) return;
          expect(q.terms.length).toBeLessThanOrEqual(SEARCH_MAX_TERMS);
          expect(q.match).toMatch(/^"[^"]+"(?: "[^"]+")*\*?$/u);
          expect(() => db.prepare("SELECT rowid FROM t WHERE t MATCH ?").all(q.match)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
