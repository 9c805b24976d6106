import { worksOnCases } from "~/access/case-work.server";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { defineAbilityFor } from "~/access/ability";
import { can, forbidden } from "~/access/gate.server";
import { caseAsRecordColumns, searchDocumentColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { supervisesAgencyWork } from "~/access/agency-supervision";
import { getDb } from "~/db.server";
import { ftsQuery, lastToken, MATCH_END, MATCH_START, SEARCH_MAX_LENGTH, type FtsPhrase } from "~/domain/search-query";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { cases, searchDocuments } from "../../db/schema";
import {
  clearLocalIndex,
  corpusStats,
  loadLocalIndex,
  localMatches,
  localRanks,
  localSnippets,
} from "./search-local.server";

export const SEARCH_PAGE_SIZE = 20;
/** Hits shown under each result; the rest are counted. */
export const HITS_PER_RESULT = 3;

const EMPTY = "Enter a name, a reference or words to search for";

export const CaseSearchSchema = z.object({
  q: z
    .string({ required_error: EMPTY })
    .trim()
    .min(1, EMPTY)
    .max(SEARCH_MAX_LENGTH, `Search for ${SEARCH_MAX_LENGTH} characters or fewer`)
    .transform((q, ctx) => {
      const fts = ftsQuery(q);
      if (!fts) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter letters or numbers to search for" });
        return z.NEVER;
      }
      return { text: q, match: fts.match, terms: fts.terms.length, phrases: fts.phrases };
    }),
});

export type SearchHit = {
  /** What matched: a record's title, or the case's reference and names. */
  label: string;
  /** Which part of it: the case's core, a record's title and summary line, or a record's details. */
  part: "case" | "summary" | "details";
  categoryLabel: string;
  /** From the matching document only (so only from what the actor may see), with MATCH_START/MATCH_END marks. */
  snippet: string;
};

export type SearchResult = {
  key: string;
  /** The case, when the actor may open it; otherwise the hits are from records shared with them or their agency's. */
  case: { id: string; reference: string } | null;
  hits: SearchHit[];
  /** Matches in this result beyond those shown. */
  more: number;
};

export type CaseSearch =
  /** tooCommon: the words are in too many records to rank for this actor (nothing is listed; add words). */
  | { ok: true; results: SearchResult[]; total: number; page: number; pages: number; tooCommon: boolean }
  | { ok: false; errors: FieldErrors };

/** Search is for people who work on cases; anyone else sees no case content, so is refused outright. */
export function mayUseCaseSearch(actor: Actor): boolean {
  return worksOnCases(actor.roles);
}

function requireSearcher(actor: Actor): void {
  if (mayUseCaseSearch(actor)) return;
  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "search", outcome: "denied" });
  throw forbidden();
}

/** The empty search page (403, audited, for roles that do not work on cases). */
export function caseSearchForm(actor: Actor): { canFindPeople: boolean } {
  requireSearcher(actor);
  return { canFindPeople: can(actor, "discover", "Person") };
}

/**
 * The gate's condition on one search document: the actor may see it at its level (summary documents need
 * read_summary, full documents read), decided by scope() in SQL on the envelope each document carries. Needs
 * search_documents and cases in the query.
 */
function mayRead(actor: Actor): SQL {
  const summary = scope(actor, "read_summary", "CaseRecord", searchDocumentColumns);
  const full = scope(actor, "read", "CaseRecord", searchDocumentColumns);
  return sql`((${searchDocuments.level} = 'summary' AND ${summary}) OR (${searchDocuments.level} = 'full' AND ${full}))`;
}

/**
 * What results are grouped by: the case when the actor may open it; otherwise each record on its own, so results
 * do not reveal that two records shared with them belong to one case they cannot see.
 */
function groupKey(actor: Actor): SQL {
  const caseVisible = scope(actor, "read", "CaseRecord", caseAsRecordColumns);
  return sql`CASE WHEN ${caseVisible} THEN 'c:' || ${cases.id} ELSE 'r:' || coalesce(${searchDocuments.recordId}, ${searchDocuments.caseId}) END`;
}

const JOINED = sql`JOIN ${searchDocuments} ON ${searchDocuments.rowid} = search_fts.rowid JOIN ${cases} ON ${cases.id} = ${searchDocuments.caseId}`;

/**
 * Above `commonMatches` matching documents (before access), a word is common: a supervisor (who oversees every
 * record their agency holds) is asked for more words. Unless the words are rare (at most `rareMatches` documents),
 * an actor whose access is bounded by lists (their cases, agendas, grants, shares, meetings) with at most
 * `scopeFirstMaxDocuments` documents in reach is searched within those documents (scope_first). Tests change them
 * to run everything through one plan.
 */
export const searchPlanning = { commonMatches: 10_000, scopeFirstMaxDocuments: 20_000, rareMatches: 300 };

/**
 * Three plans with one meaning. text_first: the text match first, the gate's condition checked on each match.
 * access_first: the documents the actor may see first, then the text match on those (for common words when the
 * actor's reach is too large for scope_first). scope_first: the documents in the actor's reach, filtered by the
 * gate, matched and ranked in a local index exactly as search_fts would (search-local.server.ts, decision 0022).
 */
type Plan = "text_first" | "access_first" | "scope_first";

/**
 * What bounds the actor's access to case information: the case, record and meeting lists every rule that lets
 * them read is tied to. null when a rule reaches further (a supervisor's rule on everything their agency holds),
 * or reaches everything. Only ever narrows where search looks: the gate's condition still decides each document.
 */
function searchReach(actor: Actor): { caseIds: string[]; recordIds: string[]; meetingIds: string[] } | null {
  const ability = defineAbilityFor(actor);
  const caseIds = new Set<string>();
  const recordIds = new Set<string>();
  const meetingIds = new Set<string>();
  for (const action of ["read", "read_summary"] as const) {
    for (const rule of ability.rulesFor(action, "CaseRecord")) {
      if (rule.inverted) continue;
      const conditions = (rule.conditions ?? {}) as Record<string, unknown>;
      const list = (field: string): string[] | undefined => {
        const c = conditions[field] as { $in?: unknown } | undefined;
        return c && typeof c === "object" && Array.isArray(c.$in) ? (c.$in as string[]) : undefined;
      };
      const cases = list("caseId");
      const ids = list("id");
      const meetings = list("meetingId");
      if (cases) cases.forEach((id) => caseIds.add(id));
      // A search document's id is its record's, or its case's for a case's own documents.
      else if (ids) ids.forEach((id) => (recordIds.add(id), caseIds.add(id)));
      else if (meetings) meetings.forEach((id) => meetingIds.add(id));
      else return null;
    }
  }
  return { caseIds: [...caseIds], recordIds: [...recordIds], meetingIds: [...meetingIds] };
}

/** The rowids of the documents in reach (by index: cases, record keys, meetings), or null when there are too many. */
function documentsInReach(reach: NonNullable<ReturnType<typeof searchReach>>, max: number): number[] | null {
  const parts: SQL[] = [];
  if (reach.caseIds.length)
    parts.push(
      sql`SELECT rowid FROM ${searchDocuments} WHERE ${searchDocuments.caseId} IN (SELECT value FROM json_each(${JSON.stringify(reach.caseIds)}))`,
    );
  // A record's documents are keyed record:<id>:<part> (search-index.server.ts): found by key, checked by record id.
  if (reach.recordIds.length) {
    // CROSS JOIN keeps the list outside, so each record's keys are a range of search_documents_key.
    parts.push(sql`SELECT d.rowid FROM json_each(${JSON.stringify(reach.recordIds)}) r CROSS JOIN ${searchDocuments} d
        ON d.doc_key >= 'record:' || r.value || ':' AND d.doc_key < 'record:' || r.value || ';' AND d.record_id = r.value`);
  }
  if (reach.meetingIds.length)
    parts.push(
      sql`SELECT rowid FROM ${searchDocuments} WHERE ${searchDocuments.meetingId} IN (SELECT value FROM json_each(${JSON.stringify(reach.meetingIds)}))`,
    );
  if (!parts.length) return [];
  const rows = getDb().all<{ rowid: number }>(sql`${sql.join(parts, sql` UNION `)} LIMIT ${max + 1}`);
  return rows.length > max ? null : rows.map((r) => r.rowid);
}

/**
 * scope_first: the documents in reach the gate lets the actor see (at their level), matched and ranked in the
 * local index, written to temp.search_local_hits for the paging query. Returns false when nothing was done.
 */
function prepareScopeFirst(actor: Actor, query: { match: string; phrases: FtsPhrase[] }): boolean {
  const reach = searchReach(actor);
  if (!reach) return false;
  const inReach = documentsInReach(reach, searchPlanning.scopeFirstMaxDocuments);
  if (!inReach) return false;
  const db = getDb();
  const key = groupKey(actor);
  const reference = sql`CASE WHEN ${scope(actor, "read", "CaseRecord", caseAsRecordColumns)} THEN ${cases.reference} END`;
  const docs = db.all<Omit<Row, "total" | "matches">>(sql`
    SELECT ${searchDocuments.rowid} AS rowid, ${searchDocuments.label} AS label, ${key} AS key, ${cases.id} AS caseId,
           ${reference} AS reference, ${searchDocuments.level} AS level, ${searchDocuments.recordId} AS recordId, ${searchDocuments.category} AS category
      FROM ${searchDocuments} JOIN ${cases} ON ${cases.id} = ${searchDocuments.caseId}
     WHERE ${searchDocuments.rowid} IN (SELECT value FROM json_each(${JSON.stringify(inReach)})) AND ${mayRead(actor)}`);
  const conn = db.$client;
  loadLocalIndex(
    conn,
    docs.map((d) => d.rowid),
  );
  const matched = localMatches(conn, query.match);
  const ranks = localRanks(conn, query.phrases, matched, corpusStats(conn));
  const byRowid = new Map(docs.map((d) => [d.rowid, d]));
  const insert = conn.prepare(
    `INSERT INTO search_local_hits (rowid, rank, key, caseId, reference, label, level, recordId, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const rowid of matched) {
    const d = byRowid.get(rowid)!;
    insert.run(rowid, ranks.get(rowid)!, d.key, d.caseId, d.reference, d.label, d.level, d.recordId, d.category);
  }
  return true;
}

/**
 * At most searchPlanning.rareMatches matching documents (before access), known cheaply? Then the text first is
 * quickest for everyone (a name, a reference). Counted lazily: the whole words, and for a last word that is a
 * prefix longer than the indexed prefixes, the same words with that prefix cut to three characters (read from the
 * prefix index, and matching everything the longer prefix matches). Unsure means not rare.
 */
function isRare(query: { match: string; phrases: FtsPhrase[] }): boolean {
  const limit = searchPlanning.rareMatches;
  const count = (match: string) =>
    getDb().get<{ n: number }>(
      sql`SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match} LIMIT ${limit + 1})`,
    ).n;
  const quoted = query.phrases.map((p) => `"${p.text}"`);
  if (count(quoted.join(" ")) > limit) return false;
  const last = query.phrases.at(-1);
  if (!last?.prefix) return true;
  const token = lastToken(last.text);
  if (!token) return false;
  const chars = Array.from(token.text);
  const bound =
    chars.length <= 3
      ? query.match
      : [...quoted.slice(0, -1), `"${last.text.slice(0, token.at)}${chars.slice(0, 3).join("")}"*`].join(" ");
  return count(bound) <= limit;
}

/**
 * More than searchPlanning.commonMatches matching documents (before access)? Counted first without the last word's
 * prefix (FTS5 reads an exact word's list lazily, so the count stops at the limit), since every document that
 * has the whole word also has the prefix: a common whole word is answered at once. Only otherwise is the query
 * itself counted (a prefix longer than the indexed ones is merged in full before the first row).
 */
function isCommon(query: { match: string; phrases: FtsPhrase[] }): boolean {
  const limit = searchPlanning.commonMatches;
  if (limit === Infinity) return false;
  const count = (match: string) =>
    getDb().get<{ n: number }>(
      sql`SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match} LIMIT ${limit + 1})`,
    ).n;
  const whole = query.phrases.map((p) => `"${p.text}"`).join(" ");
  if (whole !== query.match && count(whole) > limit) return true;
  return count(query.match) > limit;
}

/**
 * `hits`: every matching document the actor may see, with what results are grouped and shown by, as common table
 * expressions, by the plan chosen (scope_first's hits were written to a temporary table before).
 */
function visibleHits(actor: Actor, match: string, plan: Plan): SQL {
  if (plan === "scope_first")
    return sql`hits AS MATERIALIZED (SELECT rowid, rank, key, caseId, reference, label, level, recordId, category FROM temp.search_local_hits)`;
  const key = groupKey(actor);
  const reference = sql`CASE WHEN ${scope(actor, "read", "CaseRecord", caseAsRecordColumns)} THEN ${cases.reference} END`;
  const shown = sql`${key} AS key, ${cases.id} AS caseId, ${reference} AS reference,
    ${searchDocuments.label} AS label, ${searchDocuments.level} AS level, ${searchDocuments.recordId} AS recordId, ${searchDocuments.category} AS category`;
  if (plan === "access_first") {
    // Each step materialised, so the planner cannot turn it back into "every match joined to its document".
    return sql`visible AS MATERIALIZED (SELECT ${searchDocuments.rowid} AS rowid FROM ${searchDocuments} JOIN ${cases} ON ${cases.id} = ${searchDocuments.caseId} WHERE ${mayRead(actor)}),
      matched AS MATERIALIZED (SELECT search_fts.rowid AS rowid, search_fts.rank AS rank FROM visible JOIN search_fts ON search_fts.rowid = visible.rowid WHERE search_fts MATCH ${match}),
      hits AS MATERIALIZED (
        SELECT matched.rowid AS rowid, matched.rank AS rank, ${shown}
          FROM matched JOIN ${searchDocuments} ON ${searchDocuments.rowid} = matched.rowid JOIN ${cases} ON ${cases.id} = ${searchDocuments.caseId}
      )`;
  }
  return sql`hits AS MATERIALIZED (SELECT search_fts.rowid AS rowid, search_fts.rank AS rank, ${shown} FROM search_fts ${JOINED} WHERE search_fts MATCH ${match} AND ${mayRead(actor)})`;
}

type Row = {
  key: string;
  caseId: string;
  reference: string | null;
  total: number;
  rowid: number;
  label: string;
  level: "summary" | "full";
  recordId: string | null;
  category: string;
  matches: number;
};

/** One page of results (best first; search_fts.rank is bm25(), lower is better), each with its best hits. */
function pageOfResults(actor: Actor, match: string, plan: Plan, page: number): Row[] {
  return getDb().all<Row>(sql`
    WITH ${visibleHits(actor, match, plan)},
    groups AS (SELECT key, min(caseId) AS caseId, max(reference) AS reference, min(rank) AS best FROM hits GROUP BY key),
    paged AS (SELECT key, caseId, reference, best, count(*) OVER () AS total FROM groups ORDER BY best, key LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${(page - 1) * SEARCH_PAGE_SIZE}),
    ranked AS (
      SELECT rowid, key, label, level, recordId, category,
             row_number() OVER (PARTITION BY key ORDER BY rank, rowid) AS n, count(*) OVER (PARTITION BY key) AS matches
        FROM hits WHERE key IN (SELECT key FROM paged)
    )
    SELECT paged.key AS key, paged.caseId AS caseId, paged.reference AS reference, paged.total AS total,
           ranked.rowid AS rowid, ranked.label AS label, ranked.level AS level, ranked.recordId AS recordId, ranked.category AS category, ranked.matches AS matches
      FROM paged JOIN ranked ON ranked.key = paged.key
     WHERE ranked.n <= ${HITS_PER_RESULT}
     ORDER BY paged.best, paged.key, ranked.n`);
}

/**
 * Snippets of these documents (FTS5 cannot make them in a window query). Each comes from its own document only,
 * which the gate's condition lets through again; `+rowid` keeps FTS5 scanning the match rather than probing it
 * once per document, which is far slower for a prefix.
 */
function snippetsOf(actor: Actor, match: string, plan: Plan, rowids: number[]): Map<number, string> {
  if (!rowids.length) return new Map();
  // The local index holds only documents the gate let through, with their own text.
  if (plan === "scope_first") return localSnippets(getDb().$client, match, rowids, MATCH_START, MATCH_END);
  const rows = getDb().all<{ rowid: number; snippet: string }>(sql`
    SELECT search_fts.rowid AS rowid, snippet(search_fts, -1, ${MATCH_START}, ${MATCH_END}, '…', 16) AS snippet
      FROM search_fts ${JOINED}
     WHERE search_fts MATCH ${match} AND +search_fts.rowid IN (SELECT value FROM json_each(${JSON.stringify(rowids)})) AND ${mayRead(actor)}`);
  return new Map(rows.map((r) => [r.rowid, r.snippet]));
}

/**
 * Full-text search over case references, names, identifiers, notes and incidents (ADR 0012). The user's words
 * become a quoted FTS5 query (app/domain/search-query.ts); matches are filtered by the gate in SQL and ranked by
 * bm25; one result per case with its best hits, 20 to a page. Audited with the number of results, never the words.
 */
export function searchCases(actor: Actor, input: { q: string; page?: number }): CaseSearch {
  requireSearcher(actor);
  const form = parseValues({ q: input.q }, CaseSearchSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const { match, terms, phrases } = form.data.q;
  const db = getDb();
  // One read of the database for the whole search (and one commit for the local index's temporary rows); the
  // audit row is written after it, so this never holds or waits for the write lock.
  const found = db.transaction(() => {
    try {
      return runSearch(actor, { match, terms, phrases }, input.page);
    } finally {
      // What was copied for this search does not outlive it.
      clearLocalIndex(db.$client);
    }
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "search",
    subjectType: "Case",
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { results: found.total, page: found.page, terms, ...(found.tooCommon ? { tooCommon: true } : {}) },
  });
  return found;
}

function runSearch(
  actor: Actor,
  query: { match: string; terms: number; phrases: FtsPhrase[] },
  requestedPage: number | undefined,
): Extract<CaseSearch, { ok: true }> {
  const { match } = query;
  const db = getDb();
  let plan: Plan;
  if (searchPlanning.scopeFirstMaxDocuments > 0 && !isRare(query) && prepareScopeFirst(actor, query)) {
    plan = "scope_first";
  } else {
    const common = isCommon(query);
    const bounded = !supervisesAgencyWork(actor);
    if (common && !bounded) return { ok: true, results: [], total: 0, page: 1, pages: 1, tooCommon: true };
    plan = common ? "access_first" : "text_first";
  }

  let page = Math.max(1, Math.trunc(requestedPage ?? 1));
  let rows = pageOfResults(actor, match, plan, page);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && page > 1) {
    // Past the end: count, and show the last page.
    total = db.get<{ n: number }>(
      sql`WITH ${visibleHits(actor, match, plan)} SELECT count(DISTINCT key) AS n FROM hits`,
    ).n;
    page = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
    rows = total ? pageOfResults(actor, match, plan, page) : [];
  }
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const snippets = snippetsOf(
    actor,
    match,
    plan,
    rows.map((r) => r.rowid),
  );

  const results: SearchResult[] = [];
  for (const r of rows) {
    let result = results.at(-1);
    if (result?.key !== r.key) {
      result = {
        key: r.key,
        case: r.reference !== null ? { id: r.caseId, reference: r.reference } : null,
        hits: [],
        more: r.matches,
      };
      results.push(result);
    }
    result.hits.push({
      label: r.label,
      // Documents without a record are a case's core or a party's identifiers (which carry their own category and label).
      part: r.recordId === null && r.category === "case_core" ? "case" : r.level === "summary" ? "summary" : "details",
      categoryLabel: CATEGORY_LABELS[r.category as Category] ?? r.category,
      snippet: snippets.get(r.rowid) ?? "",
    });
    result.more = r.matches - result.hits.length;
  }

  return { ok: true, results, total, page, pages, tooCommon: false };
}
