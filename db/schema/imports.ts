import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { agencies, users } from "./people";

/**
 * Import of a partnership's existing cases from a CSV file or Excel workbook (issue 22, decision 0055).
 * A mapping says which column of a source's export holds each Concord field; one per agency and source.
 */
export const importMappings = sqliteTable(
  "import_mappings",
  {
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    source: text("source").notNull(),
    /** JSON object: Concord field name -> the file's column heading. */
    mapping: text("mapping").notNull(),
    updatedBy: text("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.source] })],
);

/**
 * One uploaded file: checked (the dry run), then imported in batches. The file itself is in the file store
 * (encrypted) until the import ends; its SHA-256 stays here and in the audit log.
 */
export const importRuns = sqliteTable(
  "import_runs",
  {
    id: text("id").primaryKey(),
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    source: text("source").notNull(),
    format: text("format", { enum: ["csv", "xlsx"] }).notNull(),
    sha256: text("sha256").notNull(),
    /** The file store's address while the file is kept; null once the import has ended. */
    address: text("address"),
    bytes: integer("bytes").notNull(),
    // checked: uploaded and dry-run; running: batches being written; done; failed (a batch refused, rolled back).
    status: text("status", { enum: ["checked", "running", "done", "failed"] }).notNull(),
    rowsTotal: integer("rows_total").notNull().default(0),
    rowsDone: integer("rows_done").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    /** Why the import stopped (row and field), when it failed. No content of the file. */
    problem: text("problem"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("import_runs_agency").on(t.agencyId, t.createdAt)],
);

/**
 * What each source row became, by the source's own key: re-importing a row with the same key and the same content
 * changes nothing; with changed content it updates what that row made. Keys are per agency and source.
 */
export const importKeys = sqliteTable(
  "import_keys",
  {
    agencyId: text("agency_id")
      .notNull()
      .references(() => agencies.id),
    source: text("source").notNull(),
    sourceKey: text("source_key").notNull(),
    kind: text("kind", { enum: ["case", "victim", "perpetrator", "incident", "offence", "order"] }).notNull(),
    /** The case, the person, or the case record the row made. */
    entityId: text("entity_id").notNull(),
    caseId: text("case_id").notNull(),
    /** SHA-256 of the row's mapped values: what decides "unchanged". */
    rowHash: text("row_hash").notNull(),
    importId: text("import_id").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.source, t.sourceKey] })],
);
