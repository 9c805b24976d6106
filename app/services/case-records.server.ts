import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { CATEGORIES_BY_AGENCY } from "~/access/baseline-policy";
import type { Category } from "~/access/vocabulary";
import type { CaseHeaderData } from "~/components/case-header";
import { caseRecords, recordVersions } from "../../db/schema";
import { canAddRecord, type CaseRow } from "./case-access.server";
import { updateCaseRecordContent, type Tx } from "./case-record-store.server";

/** The categories the actor's agency records (what a new note may be filed under). */
export function categoriesFor(actor: Actor): Category[] {
  return [...CATEGORIES_BY_AGENCY[actor.agencyType]];
}

/** What a case page's header (reference, status, lead agency, sub-navigation) needs: case core only. */
export function caseHeaderData(c: CaseRow): CaseHeaderData {
  return { id: c.id, reference: c.reference, status: c.status, leadAgency: c.leadAgency, priority: c.priority };
}

/** May the actor add a record of this category to the case: on its team, and their agency records the category? */
export function mayRecord(actor: Actor, caseId: string, category: Category): boolean {
  return categoriesFor(actor).includes(category) && canAddRecord(actor, caseId, category);
}

export type RecordContent = { title: string; summary: string; body: Record<string, unknown> };

/**
 * Replaces a record's content, keeping the version it replaces in record_versions and bumping the version, in
 * the caller's transaction. Returns "stale" (and changes nothing) when the record is no longer at
 * `expectedVersion`, so an edit based on an older version is never saved over a newer one. Who wrote the
 * replaced version is the body's `recordedBy` where a kind keeps one (items several people maintain), else the
 * record's author.
 */
export function reviseCaseRecord(
  tx: Tx,
  id: string,
  expectedVersion: number,
  content: RecordContent,
  now = new Date().toISOString(),
): "ok" | "stale" {
  const row = tx.select().from(caseRecords).where(eq(caseRecords.id, id)).get();
  if (!row || row.version !== expectedVersion || row.retractedAt) return "stale";
  const bumped = tx
    .update(caseRecords)
    .set({ version: row.version + 1 })
    .where(and(eq(caseRecords.id, id), eq(caseRecords.version, expectedVersion)))
    .run();
  if (bumped.changes !== 1) return "stale";
  tx.insert(recordVersions)
    .values({
      recordId: id,
      version: row.version,
      title: row.title,
      summary: row.summary,
      body: row.body,
      authorUserId: previousAuthor(row.body, row.authorUserId),
      replacedAt: now,
    })
    .run();
  updateCaseRecordContent(tx, id, content, now);
  return "ok";
}

/**
 * Retracts a record: it stays (listed, audited, its summary still searchable) but is marked with who retracted
 * it, when and why. Nothing is ever deleted. Returns false if it was already retracted.
 */
export function retractCaseRecord(
  tx: Tx,
  id: string,
  by: string,
  reason: string,
  now = new Date().toISOString(),
): boolean {
  const done = tx
    .update(caseRecords)
    .set({ retractedAt: now, retractedBy: by, retractionReason: reason })
    .where(and(eq(caseRecords.id, id), isNull(caseRecords.retractedAt)))
    .run();
  if (done.changes !== 1) return false;
  // Re-indexes (a retracted record keeps only its summary document) and records the case's activity.
  updateCaseRecordContent(tx, id, {}, now);
  return true;
}

function previousAuthor(body: string, authorUserId: string): string {
  try {
    const parsed = JSON.parse(body) as { recordedBy?: unknown };
    return typeof parsed.recordedBy === "string" && parsed.recordedBy ? parsed.recordedBy : authorUserId;
  } catch {
    return authorUserId;
  }
}
