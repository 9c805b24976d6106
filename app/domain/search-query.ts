/** The longest search accepted, in characters, and the most words used from it. */
export const SEARCH_MAX_LENGTH = 200;
export const SEARCH_MAX_TERMS = 10;

// Marks around matched words in a snippet: control characters that a query cannot contain (ftsQuery drops them)
// and text rarely does, split out by the page into <mark> elements, never parsed as HTML.
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

// What SQLite's unicode61 tokenizer keeps inside a token: letters, numbers and private-use characters.
// Everything else separates tokens, so a term without one of these would be an empty phrase (which matches nothing).
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const LAST_TOKEN = /[\p{L}\p{N}\p{Co}]+(?=[^\p{L}\p{N}\p{Co}]*$)/u;

// Shorter prefixes would scan most of the index (search_fts indexes prefixes of 2 and 3 characters).
const MIN_PREFIX = 2;

/** One quoted term of the query: FTS5 tokenizes it into a phrase; `prefix` when its last token matches as a prefix. */
export type FtsPhrase = { text: string; prefix: boolean };
/** The last token of a term as the tokenizer would find it, and where it starts (UTF-16 index), or null. */
export function lastToken(term: string): { text: string; at: number } | null {
  const m = LAST_TOKEN.exec(term);
  return m ? { text: m[0], at: m.index } : null;
}

export type FtsQuery = { match: string; terms: string[]; phrases: FtsPhrase[] };

/**
 * Turns what someone typed into an FTS5 query that can only mean "all these words". Each whitespace-separated
 * term becomes a quoted string, so FTS5 syntax (NEAR, AND/OR/NOT, *, ^, column filters, parentheses) is read as
 * plain words; the tokenizer splits a term on punctuation inside the quotes, which makes a reference such as
 * CR/2026/0042 a phrase. The last term matches as a prefix, so results come while a word is half typed.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): FtsQuery | null {
  // Counted in code points so a character outside the BMP is never cut in half.
  const text = Array.from(input).slice(0, SEARCH_MAX_LENGTH).join("");
  const terms = text
    // Quotes would end our strings early; control characters (NUL above all) have no place in a search.
    .replace(/["\p{Cc}]/gu, " ")
    .split(/\s+/u)
    .filter((t) => TOKEN_CHAR.test(t))
    .slice(0, SEARCH_MAX_TERMS);
  if (!terms.length) return null;
  const quoted = terms.map((t) => `"${t}"`);
  const last = terms[terms.length - 1]!;
  const prefix = Array.from(LAST_TOKEN.exec(last)?.[0] ?? "").length >= MIN_PREFIX;
  if (prefix) quoted[quoted.length - 1] += "*";
  return {
    match: quoted.join(" "),
    terms,
    phrases: terms.map((text, i) => ({ text, prefix: prefix && i === terms.length - 1 })),
  };
}
