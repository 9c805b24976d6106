import type Database from "better-sqlite3";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { recordFileAddresses } from "./record-files-disposal.server";
import { indexPersonCases } from "./search-index.server";

/*
 * Disposal that keeps the audit true (issue 21, decision 0051). The case_records row stays as a tombstone: its
 * envelope (case, kind, category, owning agency, author, marking, caveats, dates) and who disposed of it, when, under
 * which review. Content goes: the free text of the record and of its detail row, its earlier versions, its search
 * documents and its files. The detail rows' codes and dates stay, so the oversight figures still count what was
 * there. Anonymising replaces every identifying field in place, keeping the shape of the body (its dates, numbers
 * and yes/no answers; every other string is replaced); deleting empties the body.
 */

export type Disposal = "anonymised" | "deleted";

// The only strings anonymising keeps are the dates of events (pages format them); a code cannot be told from a
// name typed in lower case, and a date of birth identifies.
const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?$/;
const IDENTIFYING_DATE_KEY = /birth|dob/i;

/** The body with every string that is not an event's date replaced (names, addresses, accounts, narrative, codes). */
export function anonymiseBody(body: unknown, key = ""): unknown {
  if (typeof body === "string") return DATE.test(body) && !IDENTIFYING_DATE_KEY.test(key) ? body : "[anonymised]";
  if (Array.isArray(body)) return body.map((item) => anonymiseBody(item, key));
  if (body && typeof body === "object")
    return Object.fromEntries(Object.entries(body).map(([k, value]) => [k, anonymiseBody(value, k)]));
  return body;
}

/** Free text in detail tables keyed by the record id, and what replaces it (the codes and dates stay). */
const DETAIL_TEXT: readonly string[] = [
  `UPDATE incidents SET crime_reference = NULL WHERE record_id = @id`,
  `UPDATE offences SET crime_reference = NULL WHERE record_id = @id`,
  `UPDATE protective_orders SET prohibitions = '[]', requirements = '[]', refusal_reason = NULL WHERE record_id = @id`,
  `UPDATE spo_considerations SET rationale = '[removed under the retention schedule]' WHERE record_id = @id`,
  `UPDATE risk_assessments SET return_reason = NULL WHERE record_id = @id`,
  `UPDATE pre_sentence_reports SET proposals = '[]', sentence_proposal = NULL, return_reason = NULL WHERE record_id = @id`,
  `UPDATE pre_sentence_statements SET text = '[removed under the retention schedule]', original_text = NULL WHERE report_id = @id`,
];

/**
 * Disposes of one record in the caller's transaction. Returns the addresses of its files, which the caller deletes
 * from the file store once the transaction has committed. The caller has checked the decision, the legal hold and
 * the lead's right, and audits it.
 */
export function disposeRecord(
  sqlite: Database.Database,
  o: { recordId: string; disposal: Disposal; by: string; reviewId: string; now: Date },
): { fileAddresses: string[]; peopleDisposed: string[] } {
  const row = sqlite.prepare(`SELECT body, case_id AS caseId FROM case_records WHERE id = ?`).get(o.recordId) as
    { body: string; caseId: string } | undefined;
  if (!row) throw new Error(`disposeRecord: no record ${o.recordId}`);
  const fileAddresses = recordFileAddresses(sqlite, o.recordId);
  const on = formatDate(o.now);
  const body = o.disposal === "deleted" ? "{}" : JSON.stringify(anonymiseBody(safeJson(row.body)));
  const title =
    o.disposal === "deleted" ? "Deleted under the retention schedule" : "Anonymised under the retention schedule";
  const summary =
    o.disposal === "deleted"
      ? `Content deleted on ${on} under the owning agency's retention schedule`
      : `Identifying details removed on ${on} under the owning agency's retention schedule`;
  sqlite
    .prepare(
      `UPDATE case_records SET title = @title, summary = @summary, body = @body, retraction_reason = CASE WHEN retracted_at IS NULL THEN NULL ELSE '[removed]' END,
              disposal = @disposal, disposed_at = @at, disposed_by = @by, disposal_review_id = @reviewId, retain_until = NULL
        WHERE id = @id`,
    )
    .run({
      id: o.recordId,
      title,
      summary,
      body,
      disposal: o.disposal,
      at: o.now.toISOString(),
      by: o.by,
      reviewId: o.reviewId,
    });
  for (const statement of DETAIL_TEXT) sqlite.prepare(statement).run({ id: o.recordId });
  sqlite.prepare(`DELETE FROM record_versions WHERE record_id = ?`).run(o.recordId);
  // search_fts follows search_documents through its triggers (migration 0004).
  sqlite.prepare(`DELETE FROM search_documents WHERE record_id = ?`).run(o.recordId);
  return { fileAddresses, peopleDisposed: disposePartiesOfGoneCase(sqlite, row.caseId, o.now) };
}

/** What a disposed person's name becomes: the row stays, so cases still count their parties. */
export const DISPOSED_PERSON_NAME = "Person disposed of under the retention schedule";

/**
 * Once none of a case's records is whole (each deleted or anonymised), its parties go too: each person none of
 * whose other cases still holds a whole record loses their name, date of birth, identifiers and aliases, in the
 * caller's transaction (on the process's one connection), and the search documents of their cases are rebuilt. The people row and the case's links stay (tombstones: the figures count what was there).
 * Returns the people disposed of, for the caller to audit. Bounded: one case's records, its parties' cases.
 */
export function disposePartiesOfGoneCase(sqlite: Database.Database, caseId: string, now: Date): string[] {
  const wholeRecord = `SELECT 1 FROM case_records r WHERE r.case_id = @caseId AND r.disposal IS NULL LIMIT 1`;
  if (sqlite.prepare(wholeRecord).get({ caseId })) return [];
  const parties = sqlite
    .prepare(
      `SELECT DISTINCT p.id FROM case_parties cp JOIN people p ON p.id = cp.person_id WHERE cp.case_id = ? AND p.disposed_at IS NULL`,
    )
    .all(caseId) as { id: string }[];
  const stillNeeded = sqlite.prepare(
    `SELECT 1 FROM case_parties cp WHERE cp.person_id = ? AND cp.case_id <> ? AND EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = cp.case_id AND r.disposal IS NULL) LIMIT 1`,
  );
  const dispose = sqlite.prepare(
    `UPDATE people SET full_name = ?, search_name = '', date_of_birth = NULL, identifiers = '{}', aliases = '[]', disposed_at = ? WHERE id = ? AND disposed_at IS NULL`,
  );
  const disposed: string[] = [];
  for (const { id } of parties) {
    if (stillNeeded.get(id, caseId)) continue;
    if (dispose.run(DISPOSED_PERSON_NAME, now.toISOString(), id).changes) disposed.push(id);
  }
  // The cases' search documents carry the parties' names, aliases and identifiers: rebuilt from the tombstones.
  for (const id of disposed) indexPersonCases(getDb(), id);
  return disposed;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
