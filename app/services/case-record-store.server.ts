import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Caveat, Category, Marking } from "~/access/vocabulary";
import { MANDATORY_CAVEATS } from "~/access/baseline-policy";
import type { Db } from "~/db.server";
import { caseRecords, cases } from "../../db/schema";
import { indexRecord } from "./search-index.server";

/** A transaction or the database: every write here runs inside the caller's transaction. */
export type Tx = Pick<Db, "insert" | "update" | "select" | "delete" | "run" | "all" | "get">;

export type NewCaseRecord = {
  caseId: string;
  kind: string;
  category: Category;
  ownerAgencyId: string;
  authorUserId: string;
  marking?: Marking;
  caveats?: readonly Caveat[];
  status?: "draft" | "signed_off";
  meetingId?: string | null;
  title: string;
  /** Shown to people with summary access: never detail that only full access may see. */
  summary: string;
  body: Record<string, unknown>;
};

/**
 * THE way a piece of case information is written: the access envelope (with the category's mandatory caveats
 * whatever was chosen), its search documents, and the case's last activity, in the caller's transaction.
 * Kind-specific detail tables are written by the caller with the returned id.
 */
export function insertCaseRecord(tx: Tx, input: NewCaseRecord, now = new Date().toISOString()): string {
  const id = randomUUID();
  const caveats = new Set<Caveat>([...(input.caveats ?? []), ...(MANDATORY_CAVEATS[input.category] ?? [])]);
  tx.insert(caseRecords)
    .values({
      id,
      caseId: input.caseId,
      kind: input.kind,
      category: input.category,
      ownerAgencyId: input.ownerAgencyId,
      authorUserId: input.authorUserId,
      marking: input.marking ?? "OFFICIAL-SENSITIVE",
      cavVictimConfidential: caveats.has("victim_confidential"),
      cavHealthConfidential: caveats.has("health_confidential"),
      cavPoliceIntelligence: caveats.has("police_intelligence"),
      cavNotPerpetratorFacing: caveats.has("not_for_perpetrator_facing"),
      status: input.status ?? "signed_off",
      meetingId: input.meetingId ?? null,
      title: input.title,
      summary: input.summary,
      body: JSON.stringify(input.body),
      createdAt: now,
      updatedAt: now,
    })
    .run();
  indexRecord(tx, id);
  touchCase(tx, input.caseId, now);
  return id;
}

/** Changes a record's content (title, summary, body) and re-indexes it; callers keep history where the kind needs it. */
export function updateCaseRecordContent(
  tx: Tx,
  id: string,
  content: { title?: string; summary?: string; body?: Record<string, unknown> },
  now = new Date().toISOString(),
): void {
  const row = tx.select({ caseId: caseRecords.caseId }).from(caseRecords).where(eq(caseRecords.id, id)).get();
  if (!row) throw new Error("updateCaseRecordContent: no such record");
  tx.update(caseRecords)
    .set({
      ...(content.title !== undefined ? { title: content.title } : {}),
      ...(content.summary !== undefined ? { summary: content.summary } : {}),
      ...(content.body !== undefined ? { body: JSON.stringify(content.body) } : {}),
      updatedAt: now,
    })
    .where(eq(caseRecords.id, id))
    .run();
  indexRecord(tx, id);
  touchCase(tx, row.caseId, now);
}

/** A case's last activity, which orders the case list. */
export function touchCase(tx: Tx, caseId: string, now = new Date().toISOString()): void {
  tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId)).run();
}

/** A draft becomes signed off (countersigned): the gate's status changes, so its search documents are written again. */
export function signOffCaseRecord(tx: Tx, id: string, now = new Date().toISOString()): void {
  const row = tx.select({ caseId: caseRecords.caseId }).from(caseRecords).where(eq(caseRecords.id, id)).get();
  if (!row) throw new Error("signOffCaseRecord: no such record");
  tx.update(caseRecords).set({ status: "signed_off", updatedAt: now }).where(eq(caseRecords.id, id)).run();
  indexRecord(tx, id);
  touchCase(tx, row.caseId, now);
}
