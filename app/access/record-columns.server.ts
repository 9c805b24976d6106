import { sql } from "drizzle-orm";
import { caseRecords, cases, searchDocuments } from "../../db/schema";
import type { RecordAttributes } from "./ability";
import type { ColumnMap } from "./scope.server";
import { CAVEAT_LABELS } from "./vocabulary";

/**
 * How the gate's record attributes map to SQL. Queries that use these must join `cases` on the record's case
 * (for chargingReferred).
 */
export const caseRecordColumns: ColumnMap = {
  id: caseRecords.id,
  caseId: caseRecords.caseId,
  category: caseRecords.category,
  ownerAgencyId: caseRecords.ownerAgencyId,
  status: caseRecords.status,
  meetingId: caseRecords.meetingId,
  cavVictimConfidential: caseRecords.cavVictimConfidential,
  cavHealthConfidential: caseRecords.cavHealthConfidential,
  cavPoliceIntelligence: caseRecords.cavPoliceIntelligence,
  cavNotPerpetratorFacing: caseRecords.cavNotPerpetratorFacing,
  chargingReferred: { sql: sql`(${cases.chargingReferredAt} IS NOT NULL)`, notNull: true },
};

/** A case itself is a record of category case_core, owned by its lead agency, with no caveats. */
export const caseAsRecordColumns: ColumnMap = {
  id: cases.id,
  caseId: cases.id,
  category: { value: "case_core" },
  ownerAgencyId: cases.leadAgencyId,
  status: { value: "signed_off" },
  meetingId: { value: null },
  cavVictimConfidential: { value: false },
  cavHealthConfidential: { value: false },
  cavPoliceIntelligence: { value: false },
  cavNotPerpetratorFacing: { value: false },
  chargingReferred: { sql: sql`(${cases.chargingReferredAt} IS NOT NULL)`, notNull: true },
};

export function caseAsRecord(c: {
  id: string;
  leadAgencyId: string;
  chargingReferredAt: string | null;
}): RecordAttributes {
  return {
    id: c.id,
    caseId: c.id,
    category: "case_core",
    ownerAgencyId: c.leadAgencyId,
    status: "signed_off",
    meetingId: null,
    cavVictimConfidential: false,
    cavHealthConfidential: false,
    cavPoliceIntelligence: false,
    cavNotPerpetratorFacing: false,
    chargingReferred: c.chargingReferredAt !== null,
  };
}

export function recordAttributes(
  r: Omit<RecordAttributes, "chargingReferred"> & { status: string },
  chargingReferredAt: string | null,
): RecordAttributes {
  return {
    id: r.id,
    caseId: r.caseId,
    category: r.category,
    ownerAgencyId: r.ownerAgencyId,
    status: r.status === "draft" ? "draft" : "signed_off",
    meetingId: r.meetingId,
    cavVictimConfidential: r.cavVictimConfidential,
    cavHealthConfidential: r.cavHealthConfidential,
    cavPoliceIntelligence: r.cavPoliceIntelligence,
    cavNotPerpetratorFacing: r.cavNotPerpetratorFacing,
    chargingReferred: chargingReferredAt !== null,
  };
}

/** Search documents carry their source's envelope (app/services/search-index.server.ts); join `cases` on case_id. */
export const searchDocumentColumns: ColumnMap = {
  id: { sql: sql`coalesce(${searchDocuments.recordId}, ${searchDocuments.caseId})`, notNull: true },
  caseId: searchDocuments.caseId,
  category: searchDocuments.category,
  ownerAgencyId: searchDocuments.ownerAgencyId,
  status: searchDocuments.status,
  meetingId: searchDocuments.meetingId,
  cavVictimConfidential: searchDocuments.cavVictimConfidential,
  cavHealthConfidential: searchDocuments.cavHealthConfidential,
  cavPoliceIntelligence: searchDocuments.cavPoliceIntelligence,
  cavNotPerpetratorFacing: searchDocuments.cavNotPerpetratorFacing,
  chargingReferred: { sql: sql`(${cases.chargingReferredAt} IS NOT NULL)`, notNull: true },
};

const CAVEAT_FLAGS = [
  ["cavVictimConfidential", "victim_confidential"],
  ["cavHealthConfidential", "health_confidential"],
  ["cavPoliceIntelligence", "police_intelligence"],
  ["cavNotPerpetratorFacing", "not_for_perpetrator_facing"],
] as const;

/** The labels of a case_records row's caveats ("Victim-confidential", ...), in the vocabulary's order. */
export function caveatLabelsOf(r: Record<(typeof CAVEAT_FLAGS)[number][0], boolean>): string[] {
  return CAVEAT_FLAGS.filter(([flag]) => r[flag]).map(([, caveat]) => CAVEAT_LABELS[caveat]);
}
