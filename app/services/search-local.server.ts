import type Database from "better-sqlite3";
import type { FtsPhrase } from "~/domain/search-query";

/**
 * Full-text matching and ranking within a small set of search documents, equal to what search_fts gives for
 * them: the documents are copied into a temporary FTS5 table with search_fts's own tokenizer (so tokens, phrase
 * and prefix matching, document lengths and snippets are SQLite's, not a copy of them), and each match is ranked
 * with FTS5's bm25() formula fed with search_fts's statistics for the whole partnership (row count, average
 * length and, for queries of several words, how many documents hold each one). Decision 0029.
 *
 * Why: a word found in most documents ("victim") makes search_fts read over a million entries per query (and a
 * prefix query merges them all before the first row); a person's own cases hold a thousand documents or so.
 */

const K1 = 1.2;
const B = 0.75;

/** search_fts's statistics, as bm25() reads them (the averages record of the FTS5 index). */
export type CorpusStats = { rows: number; tokens: number };

type Conn = Database.Database;

/** The temporary tables, created once per connection with search_fts's tokenizer. */
const prepared = new WeakMap<Conn, { tokenize: string }>();

function tokenizerOf(db: Conn): string {
  const sql =
    (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'search_fts'`).get() as { sql: string } | undefined)?.sql ??
    "";
  const m = /tokenize\s*=\s*'([^']*)'/.exec(sql);
  if (!m) throw new Error("search: search_fts's tokenizer could not be read");
  return m[1]!;
}

function ensureTables(db: Conn): void {
  if (prepared.has(db)) return;
  const tokenize = tokenizerOf(db).replaceAll("'", "''");
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS search_local_docs (rowid INTEGER PRIMARY KEY, label TEXT NOT NULL, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_local USING fts5(label, text, content='search_local_docs', content_rowid='rowid', tokenize='${tokenize}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_local_terms USING fts5vocab(temp, search_local, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_local_query USING fts5(text, content='', tokenize='${tokenize}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_local_query_terms USING fts5vocab(temp, search_local_query, instance);
    CREATE TEMP TABLE IF NOT EXISTS search_local_hits (rowid INTEGER PRIMARY KEY, rank REAL NOT NULL, key TEXT NOT NULL, caseId TEXT NOT NULL, reference TEXT, label TEXT NOT NULL, level TEXT NOT NULL, recordId TEXT, category TEXT NOT NULL);
  `);
  prepared.set(db, { tokenize });
}

/**
 * Replaces the local index's documents with these rows of search_documents (copied by SQLite, not through
 * JavaScript). Call inside a transaction (one commit for all the inserts).
 */
export function loadLocalIndex(db: Conn, rowids: number[]): void {
  ensureTables(db);
  db.exec(`INSERT INTO search_local(search_local) VALUES ('delete-all'); DELETE FROM search_local_docs;`);
  db.prepare(
    `INSERT INTO search_local_docs (rowid, label, text) SELECT rowid, label, text FROM main.search_documents WHERE rowid IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(rowids));
  db.exec(`INSERT INTO search_local(search_local) VALUES ('rebuild')`);
}

/**
 * Empties the local index and the hits table (temp.search_local_hits: what the search's paging query reads,
 * filled by the caller). Their contents are only ever needed within one search.
 */
export function clearLocalIndex(db: Conn): void {
  if (!prepared.has(db)) return;
  db.exec(
    `INSERT INTO search_local(search_local) VALUES ('delete-all'); DELETE FROM search_local_docs; DELETE FROM search_local_hits;`,
  );
}

/** The loaded documents that match, by FTS5 itself. */
export function localMatches(db: Conn, match: string): number[] {
  return (
    db.prepare(`SELECT rowid FROM search_local WHERE search_local MATCH ?`).all(match) as { rowid: number }[]
  ).map((r) => r.rowid);
}

/** Snippets from the loaded documents, exactly as snippet() on search_fts makes them (it reads only the document). */
export function localSnippets(
  db: Conn,
  match: string,
  rowids: number[],
  start: string,
  end: string,
): Map<number, string> {
  if (!rowids.length) return new Map();
  const rows = db
    .prepare(
      `SELECT rowid, snippet(search_local, -1, ?, ?, '…', 16) AS snippet FROM search_local WHERE search_local MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(start, end, match, JSON.stringify(rowids)) as { rowid: number; snippet: string }[];
  return new Map(rows.map((r) => [r.rowid, r.snippet]));
}

/** The tokens of each phrase, by the same tokenizer (so case folding and diacritics are SQLite's). */
function phraseTokens(db: Conn, phrases: FtsPhrase[]): string[][] {
  db.exec(`INSERT INTO search_local_query(search_local_query) VALUES ('delete-all')`);
  const insert = db.prepare(`INSERT INTO search_local_query (rowid, text) VALUES (?, ?)`);
  phrases.forEach((p, i) => insert.run(i + 1, p.text));
  const tokens: string[][] = phrases.map(() => []);
  for (const r of db.prepare(`SELECT term, doc, offset FROM search_local_query_terms ORDER BY doc, offset`).all() as {
    term: string;
    doc: number;
    offset: number;
  }[]) {
    tokens[r.doc - 1]![r.offset] = r.term;
  }
  db.exec(`INSERT INTO search_local_query(search_local_query) VALUES ('delete-all')`);
  return tokens;
}

/** SQLite's varint (as FTS5 stores sizes): big-endian groups of 7 bits, a ninth byte of 8. */
function readVarint(buf: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buf[at + i]!;
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return [v, at + i + 1];
  }
  return [v * 256 + buf[at + 8]!, at + 9];
}

function sumOfVarints(buf: Uint8Array): number {
  let total = 0;
  for (let at = 0; at < buf.length;) {
    const [v, next] = readVarint(buf, at);
    total += v;
    at = next;
  }
  return total;
}

/** search_fts's row count and total tokens (all columns), from its averages record, as bm25() reads them. */
export function corpusStats(db: Conn): CorpusStats {
  const row = db.prepare(`SELECT block FROM search_fts_data WHERE id = 1`).get() as { block: Uint8Array } | undefined;
  if (!row) return { rows: 0, tokens: 0 };
  const [rows, at] = readVarint(row.block, 0);
  return { rows, tokens: sumOfVarints(row.block.subarray(at)) };
}

// How many documents of search_fts hold a phrase, for the inverse document frequency of queries of several words.
// Kept until search_fts changes (its structure record changes with every write).
const documentCounts = new WeakMap<Conn, { structure: Buffer; counts: Map<string, number> }>();

function documentsHolding(db: Conn, phraseMatch: string): number {
  const structure = Buffer.from(
    (db.prepare(`SELECT block FROM search_fts_data WHERE id = 10`).get() as { block: Uint8Array } | undefined)?.block ??
      new Uint8Array(),
  );
  let cache = documentCounts.get(db);
  if (!cache || !cache.structure.equals(structure)) documentCounts.set(db, (cache = { structure, counts: new Map() }));
  let n = cache.counts.get(phraseMatch);
  if (n === undefined) {
    n = (db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?`).get(phraseMatch) as { n: number })
      .n;
    cache.counts.set(phraseMatch, n);
  }
  return n;
}

/**
 * bm25()'s inverse document frequency, worked out by SQLite's own ln() (the C library's log(), which FTS5 calls):
 * JavaScript's Math.log can differ from it in the last bit, and a rank must equal search_fts's to the bit.
 */
export function inverseDocumentFrequency(db: Conn, rows: number, hits: number): number {
  const idf =
    (db.prepare(`SELECT ln((? - ? + 0.5) / (? + 0.5)) AS idf`).get(rows, hits, hits) as { idf: number | null }).idf ??
    0;
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * The rank search_fts would give each of these loaded documents for the query (FTS5's bm25(): lower is better),
 * computed as fts5_aux.c computes it. For one phrase the inverse document frequency multiplies every document's
 * score alike, so it is left at 1 (the order, and equal ranks, are the same) and search_fts is not read at all.
 */
export function localRanks(db: Conn, phrases: FtsPhrase[], rowids: number[], stats: CorpusStats): Map<number, number> {
  const ranks = new Map<number, number>();
  if (!rowids.length) return ranks;
  const wanted = new Set(rowids);
  const tokens = phraseTokens(db, phrases);
  const idf = phrases.map((p) =>
    phrases.length === 1
      ? 1
      : inverseDocumentFrequency(db, stats.rows, documentsHolding(db, `"${p.text}"${p.prefix ? "*" : ""}`)),
  );

  // Where each token of the query occurs in the loaded documents; for the last token of a prefix phrase, every
  // term that starts with it (as FTS5 compares terms: byte by byte, which for whole characters is startsWith).
  const exact = db.prepare(`SELECT doc, col, offset FROM search_local_terms WHERE term = ?`);
  const from = db.prepare(`SELECT term, doc, col, offset FROM search_local_terms WHERE term >= ?`);
  type Instance = { doc: number; col: string; offset: number };
  const instancesOf = (token: string, prefix: boolean): Instance[] => {
    if (!prefix) return (exact.all(token) as Instance[]).filter((r) => wanted.has(r.doc));
    const out: Instance[] = [];
    for (const r of from.iterate(token) as IterableIterator<Instance & { term: string }>) {
      if (!r.term.startsWith(token)) break;
      if (wanted.has(r.doc)) out.push(r);
    }
    return out;
  };

  // Instances of each phrase per document: places where its tokens follow one another in one column.
  const freq = phrases.map(() => new Map<number, number>());
  phrases.forEach((p, i) => {
    const phrase = tokens[i]!;
    const counts = freq[i]!;
    const lists = phrase.map((t, k) => instancesOf(t, p.prefix && k === phrase.length - 1));
    if (lists.length === 1) {
      for (const r of lists[0]!) counts.set(r.doc, (counts.get(r.doc) ?? 0) + 1);
      return;
    }
    const later = lists.slice(1).map((list) => new Set(list.map((r) => `${r.doc}:${r.col}:${r.offset}`)));
    for (const r of lists[0]!) {
      if (later.every((set, k) => set.has(`${r.doc}:${r.col}:${r.offset + k + 1}`)))
        counts.set(r.doc, (counts.get(r.doc) ?? 0) + 1);
    }
  });

  // Each document's length in tokens (all columns), from the local index's own record of it.
  const sizes = db
    .prepare(`SELECT id, sz FROM search_local_docsize WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(rowids)) as { id: number; sz: Uint8Array }[];
  const avgdl = stats.tokens / stats.rows;
  for (const { id, sz } of sizes) {
    const D = sumOfVarints(sz);
    let score = 0;
    for (let i = 0; i < phrases.length; i++) {
      const f = freq[i]!.get(id) ?? 0;
      const num = f * (K1 + 1.0);
      const denom = f + K1 * (1 - B + (B * D) / avgdl);
      score += idf[i]! * (num / denom);
    }
    ranks.set(id, -1.0 * score);
  }
  return ranks;
}
