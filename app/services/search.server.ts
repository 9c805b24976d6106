import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can, forbidden } from "~/access/gate.server";
import { caseAsRecordColumns, searchDocumentColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { CASEWORK_ROLES, SUPERVISOR_ROLES } from "~/access/baseline-policy";
import { getDb } from "~/db.server";
import { hasRole } from "~/domain/roles";
import { ftsQuery, MATCH_END, MATCH_START, SEARCH_MAX_LENGTH } from "~/domain/search-query";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { cases, searchDocuments } from "../../db/schema";

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
      return { text: q, match: fts.match, terms: fts.terms.length };
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
  return hasRole(actor.roles, ...CASEWORK_ROLES);
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
 * Above this many matching documents (before access), a word is common: an actor whose access is bounded by their
 * cases starts from what they may see; a supervisor (who oversees every record their agency holds) is asked for
 * more words. Tests set it to 0 or Infinity to run everything through one plan.
 */
export const searchPlanning = { commonMatches: 10_000 };

type Plan = "text_first" | "access_first";

/**
 * `hits`: every matching document the actor may see, with what results are grouped and shown by, as common table
 * expressions. Two plans with one meaning: the text match first with the gate's condition checked on each match,
 * or (for common words) the documents the actor may see first, then the text match on those.
 */
function visibleHits(actor: Actor, match: string, plan: Plan): SQL {
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

type Row = { key: string; caseId: string; reference: string | null; total: number; rowid: number; label: string; level: "summary" | "full"; recordId: string | null; category: string; matches: number };

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
function snippetsOf(actor: Actor, match: string, rowids: number[]): Map<number, string> {
  if (!rowids.length) return new Map();
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
  const { match, terms } = form.data.q;
  const db = getDb();

  const limit = searchPlanning.commonMatches;
  const common = limit < Infinity && db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match} LIMIT ${limit + 1})`).n > limit;
  const bounded = !hasRole(actor.roles, ...SUPERVISOR_ROLES);
  if (common && !bounded) {
    audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "search", subjectType: "Case", purpose: actor.purpose, outcome: "allowed", detail: { results: 0, page: 1, terms, tooCommon: true } });
    return { ok: true, results: [], total: 0, page: 1, pages: 1, tooCommon: true };
  }
  const plan: Plan = common ? "access_first" : "text_first";

  let page = Math.max(1, Math.trunc(input.page ?? 1));
  let rows = pageOfResults(actor, match, plan, page);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && page > 1) {
    // Past the end: count, and show the last page.
    total = db.get<{ n: number }>(sql`WITH ${visibleHits(actor, match, plan)} SELECT count(DISTINCT key) AS n FROM hits`).n;
    page = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
    rows = total ? pageOfResults(actor, match, plan, page) : [];
  }
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const snippets = snippetsOf(actor, match, rows.map((r) => r.rowid));

  const results: SearchResult[] = [];
  for (const r of rows) {
    let result = results.at(-1);
    if (result?.key !== r.key) {
      result = { key: r.key, case: r.reference !== null ? { id: r.caseId, reference: r.reference } : null, hits: [], more: r.matches };
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

  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "search", subjectType: "Case", purpose: actor.purpose, outcome: "allowed", detail: { results: total, page, terms } });
  return { ok: true, results, total, page, pages, tooCommon: false };
}
