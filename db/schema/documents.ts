import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { caseRecords } from "./records";

/*
 * Documents and evidence (issue 20, decision 0052). Each document is a case_records row (kind "document"), which
 * carries the access envelope; its description and shown file name are in the record's body (searched like any
 * record's). This table holds the stored file's facts, keyed by that record's id. The file itself is in the file
 * store (app/files) under `address`; never a path or a name the uploader chose.
 */
export const caseDocuments = sqliteTable(
  "case_documents",
  {
    recordId: text("record_id")
      .primaryKey()
      .references(() => caseRecords.id),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    /** The file store's address (keyed hash of the content). */
    address: text("address").notNull(),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    /** Decided from the content against the allow-list (app/files/upload-checks.server.ts), never from the name. */
    mediaType: text("media_type").notNull(),
    extension: text("extension").notNull(),
    /** not_scanned (no scanner configured) | awaiting_scan | clean | infected (quarantined: never served). */
    scanStatus: text("scan_status").notNull(),
    scannedAt: text("scanned_at"),
    /** The incident, order, breach or assessment it is evidence for, on the same case. */
    linkedRecordId: text("linked_record_id").references(() => caseRecords.id),
    /** Set on a redacted copy: the original it was made from. */
    redactedFromId: text("redacted_from_id").references(() => caseRecords.id),
  },
  (t) => [
    index("case_documents_case").on(t.caseId),
    index("case_documents_address").on(t.address),
    index("case_documents_linked").on(t.linkedRecordId),
    index("case_documents_redacted_from").on(t.redactedFromId),
  ],
);
