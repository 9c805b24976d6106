import { and, desc, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { audit } from "~/access/audit.server";
import { authorize, can, notFound } from "~/access/gate.server";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";
import { getDb } from "~/db.server";
import {
  defaultMapping,
  IMPORT_FIELD_NAMES,
  IMPORT_FIELDS,
  templateRows,
  importFieldOf,
  isImportKind,
  mapRow,
  rowHash,
  rowValues,
  type ImportKind,
  type ImportMapping,
} from "~/domain/case-import";
import { londonToday } from "~/domain/expiry-date";
import { IDENTIFIER_LABELS, type IdentifierKey } from "~/domain/person-identifiers";
import { readAll } from "~/files/file-store.server";
import { fileStore } from "~/files/files.server";
import { readUpload, sizeLabel, UploadRefused, type ParsedUpload } from "~/files/multipart-upload.server";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { readTable, xlsxOf, type Table } from "~/imports/read-table.server";
import type { ExportedFile } from "~/exports/download.server";
import { toCsv } from "~/domain/csv";
import { caseDocuments, cases, importKeys, importMappings, importRuns, users } from "../../db/schema";
import { changeStatus, createCase, mayCreateCase, NewCaseSchema, updateCaseDetails } from "./case-lifecycle.server";
import { editIncident, incidentSchema, recordIncident } from "./incidents.server";
import { OffenceSchema, recordOffence, updateOffence } from "./offences.server";
import { addParty, NewPartySchema, peopleWithIdentifier, updateParty } from "./people.server";
import { createOrder, newOrderSchema } from "./protective-orders.server";
import { parseSubmitted } from "./orders-common.server";

/*
 * Import of an agency's existing cases from a CSV file or Excel workbook (issue 22, decision 0055). The agency
 * administrator uploads and checks the file (the dry run: every row's outcome and every error, nothing written),
 * then imports it in batches of whole cases, one transaction each. Every row is written through the service the
 * page uses, as the case's owner (a person of the administrator's agency), so the gate, categories, caveats and
 * the services' own audit entries are the pages'. Rows are keyed by the source's own key: unchanged rows are left
 * alone, changed rows update what they made.
 */

/** Whole cases per transaction: small enough to leave the write lock to others between batches. */
export const BATCH_CASES = 50;

type Values = Record<string, string | string[]>;
export type RowError = { row: number; field: string; column: string | null; message: string };
export type RowOutcome = "create" | "update" | "unchanged";
export type PlannedRow = {
  row: number;
  kind: ImportKind;
  sourceKey: string;
  caseKey: string;
  outcome: RowOutcome;
  matched: string | null;
  mapped: Record<string, string>;
  values: Values;
  hash: string;
};
export type ImportPlan = {
  rows: PlannedRow[];
  errors: RowError[];
  counts: Record<RowOutcome, number> & { matched: number };
};

type RunRow = typeof importRuns.$inferSelect;

function requireImporter(actor: Actor): void {
  authorize(actor, "manage", "CaseImport", { agencyId: actor.agencyId });
}

/**
 * One of the actor's agency's imports, or 404 (audited) for anyone who may not manage it: like any page named by an id,
 * it is not there for them (another agency's administrator, or a person who imports nothing).
 */
function requireRun(actor: Actor, runId: string, action: string): RunRow {
  const run = runId.length <= 64 ? getDb().select().from(importRuns).where(eq(importRuns.id, runId)).get() : undefined;
  if (!run || !can(actor, "manage", "CaseImport", { agencyId: run.agencyId })) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseImport",
      subjectId: runId.slice(0, 64),
      outcome: "denied",
      detail: { reason: "not_found" },
    });
    throw notFound();
  }
  return run;
}

const SourceSchema = z.object({
  source: z
    .string({ required_error: "Enter where the file comes from, like Police records export" })
    .trim()
    .min(1, "Enter where the file comes from, like Police records export")
    .max(60, "The source must be 60 characters or fewer"),
});

function savedMapping(agencyId: string, source: string): ImportMapping | null {
  const row = getDb()
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.agencyId, agencyId), eq(importMappings.source, source)))
    .get();
  if (!row) return null;
  try {
    const parsed: unknown = JSON.parse(row.mapping);
    return parsed && typeof parsed === "object" ? (parsed as ImportMapping) : null;
  } catch {
    return null;
  }
}

/** The template to fill in: every field's heading and one example case with a row of each kind (synthetic). */
export async function importTemplate(actor: Actor, format: "csv" | "xlsx"): Promise<ExportedFile> {
  requireImporter(actor);
  const [header = [], ...rows] = templateRows();
  if (format === "csv")
    return {
      filename: "concord-import-template.csv",
      contentType: "text/csv; charset=utf-8",
      body: Buffer.from(toCsv(header, rows), "utf8"),
    };
  return {
    filename: "concord-import-template.xlsx",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    body: await xlsxOf([header, ...rows]),
  };
}

/** The fields, with what each holds, for the page that explains the file. */
export function importFieldGuide() {
  return IMPORT_FIELDS.map((f) => ({ name: f.name, label: f.label }));
}

/** The import page: the agency's imports, newest first, and its saved sources. */
export function importsPage(actor: Actor) {
  requireImporter(actor);
  const db = getDb();
  const runs = db
    .select()
    .from(importRuns)
    .where(eq(importRuns.agencyId, actor.agencyId))
    .orderBy(desc(importRuns.createdAt))
    .limit(50)
    .all();
  const sources = db
    .select({ source: importMappings.source })
    .from(importMappings)
    .where(eq(importMappings.agencyId, actor.agencyId))
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "import.list",
    subjectType: "CaseImport",
    outcome: "allowed",
    detail: { imports: runs.length },
  });
  return {
    agencyName: actor.agencyName,
    maxFileSize: sizeLabel(getConfig().files.maxBytes),
    fields: importFieldGuide(),
    sources: sources.map((s) => s.source),
    runs: runs.map((r) => ({
      id: r.id,
      source: r.source,
      format: r.format,
      status: r.status,
      rowsTotal: r.rowsTotal,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      createdAt: r.createdAt,
    })),
  };
}

export type UploadResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: Values };

/**
 * Takes an uploaded file through the documents' streamed upload (decision 0052: busboy, CSRF token first, staged
 * encrypted under FILES_MAX_BYTES), reads it as a table, and keeps it in the file store for the dry run and the
 * import. A file that cannot be read is refused and discarded.
 */
export async function uploadImport(actor: Actor, request: Request, csrfToken: string): Promise<UploadResult> {
  requireImporter(actor);
  let parsed: ParsedUpload;
  try {
    parsed = await readUpload(request, {
      csrfToken,
      store: fileStore(),
      maxFileBytes: getConfig().files.maxBytes,
      maxFiles: 1,
    });
  } catch (error) {
    if (error instanceof UploadRefused) {
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "import.upload",
        subjectType: "CaseImport",
        outcome: "denied",
        detail: { reason: error.status === 403 ? "csrf" : "unreadable" },
      });
      throw new Response(error.status === 403 ? "Forbidden" : "Bad request", { status: error.status });
    }
    throw error;
  }
  const values = parsed.fields;
  const staged = parsed.files.flatMap((f) => ("staged" in f ? [f.staged] : []));
  const refuse = async (errors: FieldErrors): Promise<UploadResult> => {
    for (const s of staged) await s.discard();
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "import.upload",
      subjectType: "CaseImport",
      outcome: "failed",
      detail: { fields: Object.keys(errors).join(",") },
    });
    return { ok: false, errors, values };
  };
  const form = parseValues(values, SourceSchema);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const problem = parsed.files.find((f) => "problem" in f);
  if (problem && "problem" in problem) errors.file = problem.problem;
  else if (parsed.tooMany || staged.length > 1) errors.file = "Select one file";
  else if (!staged.length) errors.file = "Select a CSV file or an Excel workbook (.xlsx)";
  const file = staged[0];
  let table: { format: "csv" | "xlsx"; result: Awaited<ReturnType<typeof readTable>>["result"] } | null = null;
  if (file && !errors.file) {
    table = await readTable(await readAll(file.open()));
    if (!table.result.ok) errors.file = table.result.message;
  }
  if (Object.keys(errors).length || !form.ok || !file || !table?.result.ok) return refuse(errors);
  const stored = await file.commit();
  const id = randomUUID();
  getDb()
    .insert(importRuns)
    .values({
      id,
      agencyId: actor.agencyId,
      source: form.data.source,
      format: table.format,
      sha256: stored.sha256,
      address: stored.address,
      bytes: stored.bytes,
      status: "checked",
      rowsTotal: table.result.table.rows.length,
      createdBy: actor.userId,
      createdAt: new Date().toISOString(),
    })
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "import.upload",
    subjectType: "CaseImport",
    subjectId: id,
    outcome: "done",
    detail: { sha256: stored.sha256, format: table.format, rows: table.result.table.rows.length },
  });
  return { ok: true, id };
}

async function tableOfRun(run: RunRow): Promise<Table> {
  if (!run.address) throw new Error("the import's file is no longer kept");
  const read = await readTable(await readAll(await fileStore().get(run.address)));
  if (!read.result.ok) throw new Error("the import's file no longer reads as a table");
  return read.result.table;
}

/** The page schema each kind's values go through: the same one its page uses. */
function pageCheck(kind: ImportKind, values: Values, today: string): FieldErrors {
  const check = (() => {
    switch (kind) {
      case "case":
        return parseValues(values, NewCaseSchema);
      case "victim":
      case "perpetrator":
        return parseValues(values, NewPartySchema);
      case "incident":
        return parseValues(values, incidentSchema([]));
      case "offence":
        return parseValues(values, OffenceSchema);
      case "order":
        return parseSubmitted(values, newOrderSchema(today));
    }
  })();
  return check.ok ? {} : check.errors;
}

type Owner = { userId: string } | { error: string };

/** The owner named by email: an active person of the importer's agency who may open a case (the gate decides). */
function ownerOf(actor: Actor, email: string | undefined, cache: Map<string, Owner>, runId: string): Owner {
  if (!email) return { error: "Enter the email of the person in your agency who owns the case" };
  const key = email.toLowerCase();
  const known = cache.get(key);
  if (known) return known;
  const user = getDb()
    .select({ id: users.id, agencyId: users.agencyId })
    .from(users)
    .where(sql`lower(${users.email}) = ${key}`)
    .get();
  const owner = user && user.agencyId === actor.agencyId ? loadActor(user.id, `import:${runId}`) : null;
  const result: Owner = !owner
    ? { error: `${email} is not an active person in ${actor.agencyName}: the owner must be in your agency` }
    : !mayCreateCase(owner)
      ? { error: `${email} may not open cases: name an officer who does` }
      : { userId: owner.userId };
  cache.set(key, result);
  return result;
}

/** Which existing person a row's identifiers point to, for the dry run's "matched" (addParty links the same one). */
function matchedBy(values: Values): string | null {
  const form = parseValues(values, NewPartySchema);
  if (!form.ok) return null;
  for (const key of ["pnc", "ndelius", "nhs"] as IdentifierKey[]) {
    const v = (form.data as Record<string, unknown>)[key];
    if (typeof v === "string" && v && peopleWithIdentifier(getDb(), key, v).length) return IDENTIFIER_LABELS[key];
  }
  return null;
}

/**
 * The dry run: every row's outcome (create, update or unchanged; a person matched by identifiers) and every error
 * with its row, field and column. Reads only. Row numbers are the file's lines (the headings are row 1).
 */
export function planImport(
  actor: Actor,
  run: Pick<RunRow, "id" | "source">,
  table: Table,
  mapping: ImportMapping,
  today = londonToday(new Date()),
): ImportPlan {
  const errors: RowError[] = [];
  const rows: PlannedRow[] = [];
  const counts = { create: 0, update: 0, unchanged: 0, matched: 0 };
  const column = (field: string) => mapping[field] ?? null;
  const fail = (row: number, field: string, message: string) =>
    errors.push({ row, field, column: column(field), message });
  const missing = ["record", "source_key", "case_key"].filter((f) => !mapping[f]);
  for (const f of missing)
    errors.push({ row: 1, field: f, column: null, message: `Choose the column that holds ${f}` });
  if (missing.length) return { rows, errors, counts };

  const seen = new Map<string, number>();
  const caseRows = new Set<string>();
  for (const raw of table.rows) {
    const m = mapRow(raw, mapping);
    if (m.record?.toLowerCase() === "case" && m.source_key) caseRows.add(m.source_key);
  }
  const db = getDb();
  const owners = new Map<string, Owner>();
  for (const [i, raw] of table.rows.entries()) {
    const row = i + 2;
    const mapped = mapRow(raw, mapping);
    const kindText = (mapped.record ?? "").toLowerCase();
    if (!isImportKind(kindText)) {
      fail(row, "record", "Enter the record as case, victim, perpetrator, incident, offence or order");
      continue;
    }
    const kind = kindText;
    const before = errors.length;
    const sourceKey = mapped.source_key ?? "";
    const caseKey = mapped.case_key ?? "";
    if (!sourceKey) fail(row, "source_key", "Enter the row's key in your system");
    else if (sourceKey.length > 100) fail(row, "source_key", "The key must be 100 characters or fewer");
    else if (seen.has(sourceKey))
      fail(row, "source_key", `This key is already used on row ${seen.get(sourceKey)}: each row needs its own`);
    else seen.set(sourceKey, row);
    if (kind === "case" && caseKey !== sourceKey) fail(row, "case_key", "A case row's case key is its own key");
    else if (kind !== "case" && !caseRows.has(caseKey))
      fail(row, "case_key", "No case row in this file has this key: put the case's row in the same file");
    if (mapped.agency && mapped.agency.toLowerCase() !== actor.agencyName.toLowerCase())
      fail(row, "agency", `These are ${mapped.agency}'s records: ${actor.agencyName} imports only its own`);
    if (kind === "case") {
      const owner = ownerOf(actor, mapped.owner, owners, run.id);
      if ("error" in owner) fail(row, "owner", owner.error);
    }
    const { values, errors: shapeErrors } = rowValues(kind, mapped);
    for (const [field, message] of Object.entries(shapeErrors)) fail(row, field, message);
    for (const [field, message] of Object.entries(pageCheck(kind, values, today))) {
      const f = importFieldOf(kind, field);
      if (!shapeErrors[f]) fail(row, f, message);
    }
    const hash = rowHash(mapped);
    const existing = sourceKey
      ? db
          .select({ kind: importKeys.kind, hash: importKeys.rowHash })
          .from(importKeys)
          .where(
            and(
              eq(importKeys.agencyId, actor.agencyId),
              eq(importKeys.source, run.source),
              eq(importKeys.sourceKey, sourceKey),
            ),
          )
          .get()
      : undefined;
    if (existing && existing.kind !== kind)
      fail(row, "record", `This key was imported as a ${existing.kind}: a key keeps its kind`);
    const outcome: RowOutcome = !existing ? "create" : existing.hash === hash ? "unchanged" : "update";
    if (outcome === "update" && kind === "order")
      fail(
        row,
        "order_status",
        "An imported order changes on its own page (status, variation, renewal), not by import",
      );
    if (errors.length > before) continue;
    const matched = outcome === "create" && (kind === "victim" || kind === "perpetrator") ? matchedBy(values) : null;
    counts[outcome] += 1;
    if (matched) counts.matched += 1;
    rows.push({ row, kind, sourceKey, caseKey, outcome, matched, mapped, values, hash });
  }
  return { rows, errors, counts };
}

/** The dry run page: the mapping in use, the headings to choose from, the outcome of each row and every error. */
export async function importCheck(actor: Actor, runId: string) {
  const run = requireRun(actor, runId, "import.check");
  const base = {
    id: run.id,
    source: run.source,
    format: run.format,
    status: run.status,
    sha256: run.sha256,
    rowsTotal: run.rowsTotal,
    rowsDone: run.rowsDone,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    problem: run.problem,
  };
  if (run.status !== "checked" || !run.address) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "import.view",
      subjectType: "CaseImport",
      subjectId: run.id,
      outcome: "allowed",
      detail: { status: run.status },
    });
    return { run: base, fields: IMPORT_FIELD_NAMES, headers: [] as string[], mapping: {} as ImportMapping, plan: null };
  }
  const table = await tableOfRun(run);
  const mapping = defaultMapping(table.headers, savedMapping(actor.agencyId, run.source));
  const plan = planImport(actor, run, table, mapping);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "import.check",
    subjectType: "CaseImport",
    subjectId: run.id,
    outcome: "allowed",
    detail: { errors: plan.errors.length, ...plan.counts },
  });
  return {
    run: base,
    fields: IMPORT_FIELD_NAMES,
    headers: table.headers,
    mapping,
    plan: {
      counts: plan.counts,
      errors: plan.errors.slice(0, 500),
      moreErrors: Math.max(0, plan.errors.length - 500),
      rows: plan.rows
        .slice(0, 100)
        .map((r) => ({ row: r.row, kind: r.kind, sourceKey: r.sourceKey, outcome: r.outcome, matched: r.matched })),
      moreRows: Math.max(0, plan.rows.length - 100),
    },
  };
}

/** Saves the column mapping of the run's source (the next file from the same source starts from it). */
export function saveMapping(
  actor: Actor,
  runId: string,
  values: Values,
): { ok: true } | { ok: false; errors: FieldErrors } {
  const run = requireRun(actor, runId, "import.mapping");
  const mapping: ImportMapping = {};
  for (const field of IMPORT_FIELD_NAMES) {
    const v = values[`map-${field}`];
    const header = typeof v === "string" ? v.trim() : "";
    if (header.length > 200) return { ok: false, errors: { [`map-${field}`]: "Choose a column from the file" } };
    if (header) mapping[field] = header;
  }
  const now = new Date().toISOString();
  getDb()
    .insert(importMappings)
    .values({
      agencyId: actor.agencyId,
      source: run.source,
      mapping: JSON.stringify(mapping),
      updatedBy: actor.userId,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [importMappings.agencyId, importMappings.source],
      set: { mapping: JSON.stringify(mapping), updatedBy: actor.userId, updatedAt: now },
    })
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "import.mapping",
    subjectType: "CaseImport",
    subjectId: run.id,
    outcome: "done",
    detail: { fields: Object.keys(mapping).length },
  });
  return { ok: true };
}

/** A row the service refused: the batch is rolled back and the import stops here. */
class RowRefused extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`row ${row}: ${field}`);
  }
}

type ServiceResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Calls a page's service as the owner; a refusal by the gate (a thrown 403/404) or by the service stops the batch. */
function through(row: PlannedRow, call: () => ServiceResult & Record<string, unknown>): Record<string, unknown> {
  let result: ServiceResult & Record<string, unknown>;
  try {
    result = call();
  } catch (error) {
    if (error instanceof Response)
      throw new RowRefused(
        row.row,
        "record",
        `The case's owner may not ${row.outcome === "create" ? "record" : "change"} this ${row.kind}`,
      );
    throw error;
  }
  if (!result.ok) {
    const [field, message] = Object.entries(result.errors)[0] ?? ["record", "The row was refused"];
    throw new RowRefused(row.row, importFieldOf(row.kind, field), message);
  }
  return result;
}

type KeyRow = typeof importKeys.$inferSelect;

/** Writes one row through its page's service, as the owner; returns what it made (or updated). */
function writeRow(
  owner: Actor,
  row: PlannedRow,
  caseId: string | null,
  existing: KeyRow | undefined,
): { entityId: string; caseId: string } {
  if (row.kind === "case") {
    if (existing) {
      through(row, () => updateCaseDetails(owner, existing.entityId, row.values));
      const status = row.values.status;
      const current = getDb()
        .select({ status: cases.status })
        .from(cases)
        .where(eq(cases.id, existing.entityId))
        .get()?.status;
      // The status moves only when the file says something else (changeStatus checks the move is allowed).
      if (typeof status === "string" && current !== status)
        through(row, () => changeStatus(owner, existing.entityId, { status }));
      return { entityId: existing.entityId, caseId: existing.entityId };
    }
    const made = through(row, () => createCase(owner, row.values)) as { id: string };
    return { entityId: made.id, caseId: made.id };
  }
  if (!caseId) throw new RowRefused(row.row, "case_key", "The row's case was not imported");
  switch (row.kind) {
    case "victim":
    case "perpetrator": {
      if (existing) {
        through(row, () => updateParty(owner, caseId, existing.entityId, row.values));
        return { entityId: existing.entityId, caseId };
      }
      const made = through(row, () => addParty(owner, caseId, row.values)) as { personId: string };
      return { entityId: made.personId, caseId };
    }
    case "incident": {
      if (existing) {
        through(row, () => editIncident(owner, caseId, existing.entityId, row.values));
        return { entityId: existing.entityId, caseId };
      }
      const made = through(row, () => recordIncident(owner, caseId, row.values)) as { id: string };
      return { entityId: made.id, caseId };
    }
    case "offence": {
      if (existing) {
        through(row, () => updateOffence(owner, caseId, existing.entityId, row.values));
        return { entityId: existing.entityId, caseId };
      }
      const made = through(row, () => recordOffence(owner, caseId, row.values)) as { id: string };
      return { entityId: made.id, caseId };
    }
    case "order": {
      const made = through(row, () => createOrder(owner, caseId, row.values)) as { id: string };
      return { entityId: made.id, caseId };
    }
  }
}

/** Groups rows by their case, in the file's order: a batch is whole cases, so a case never spans two transactions. */
function byCase(rows: PlannedRow[]): PlannedRow[][] {
  const groups = new Map<string, PlannedRow[]>();
  for (const r of rows) {
    const g = groups.get(r.caseKey) ?? [];
    g.push(r);
    groups.set(r.caseKey, g);
  }
  // The case row first, so the others have their case.
  return [...groups.values()].map((g) => [
    ...g.filter((r) => r.kind === "case"),
    ...g.filter((r) => r.kind !== "case"),
  ]);
}

export type ImportOutcome =
  { ok: true; created: number; updated: number; unchanged: number } | { ok: false; errors: RowError[] };

/** Marks the run as running, or refuses (a run imports once; another agency's is 404). */
export function startImport(actor: Actor, runId: string): { ok: true } | { ok: false; message: string } {
  const run = requireRun(actor, runId, "import.run");
  if (run.status !== "checked")
    return { ok: false, message: "This file has already been imported: upload it again to import it again" };
  const changed = getDb()
    .update(importRuns)
    .set({ status: "running", rowsDone: 0 })
    .where(and(eq(importRuns.id, run.id), eq(importRuns.status, "checked")))
    .run().changes;
  return changed ? { ok: true } : { ok: false, message: "This file is already being imported" };
}

/**
 * Imports a started run: re-checks the file (a file with any error is refused whole and nothing is written), then
 * writes whole cases in batches of BATCH_CASES, one IMMEDIATE transaction each, yielding between batches so pages
 * keep being served, with the progress in the run's row. A row the services refuse rolls its batch back and stops
 * the import (earlier batches stay; importing the corrected file again carries on, since imported rows are keyed).
 * Audited as import.run with the file's SHA-256.
 */
export async function runImport(actor: Actor, runId: string): Promise<ImportOutcome> {
  const run = requireRun(actor, runId, "import.run");
  const db = getDb();
  // The problem's text is for the page (it may name an owner's email); the audit entry keeps only where it was.
  const finish = async (
    status: "done" | "failed",
    counts: { created: number; updated: number; unchanged: number },
    problem: string | null,
    where: Record<string, string | number> = {},
  ) => {
    db.update(importRuns)
      .set({ status, ...counts, problem, address: null, finishedAt: new Date().toISOString() })
      .where(eq(importRuns.id, run.id))
      .run();
    await forgetFile(run);
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "import.run",
      subjectType: "CaseImport",
      subjectId: run.id,
      outcome: status === "done" ? "done" : "failed",
      detail: { sha256: run.sha256, source: run.source, format: run.format, ...counts, ...where },
    });
  };
  const counts = { created: 0, updated: 0, unchanged: 0 };
  if (run.status !== "running")
    return { ok: false, errors: [{ row: 1, field: "file", column: null, message: "Start the import first" }] };
  const table = await tableOfRun(run);
  const plan = planImport(actor, run, table, defaultMapping(table.headers, savedMapping(actor.agencyId, run.source)));
  if (plan.errors.length) {
    await finish("failed", counts, `${plan.errors.length} problems in the file`, { errors: plan.errors.length });
    return { ok: false, errors: plan.errors };
  }
  const groups = byCase(plan.rows);
  const owners = new Map<string, Owner>();
  let done = 0;
  for (let start = 0; start < groups.length; start += BATCH_CASES) {
    const batch = groups.slice(start, start + BATCH_CASES);
    try {
      const batchCounts = db.transaction(
        (tx) => {
          const c = { created: 0, updated: 0, unchanged: 0 };
          for (const group of batch) {
            const caseRow = group[0]!;
            const owner = ownerOf(actor, caseRow.mapped.owner, owners, run.id);
            if ("error" in owner) throw new RowRefused(caseRow.row, "owner", owner.error);
            // Built by the gate for the owner, and again once they are on a new case's team.
            let ownerActor = loadActor(owner.userId, `import:${run.id}`);
            let caseId: string | null = null;
            for (const row of group) {
              if (!ownerActor)
                throw new RowRefused(row.row, "owner", "The owner is no longer an active person in your agency");
              const existing = tx
                .select()
                .from(importKeys)
                .where(
                  and(
                    eq(importKeys.agencyId, actor.agencyId),
                    eq(importKeys.source, run.source),
                    eq(importKeys.sourceKey, row.sourceKey),
                  ),
                )
                .get();
              if (existing && existing.rowHash === row.hash) {
                c.unchanged += 1;
                if (row.kind === "case") caseId = existing.entityId;
                continue;
              }
              const made = writeRow(ownerActor, row, caseId, existing);
              if (row.kind === "case") {
                caseId = made.caseId;
                if (!existing) ownerActor = loadActor(owner.userId, `import:${run.id}`);
              }
              const at = new Date().toISOString();
              tx.insert(importKeys)
                .values({
                  agencyId: actor.agencyId,
                  source: run.source,
                  sourceKey: row.sourceKey,
                  kind: row.kind,
                  entityId: made.entityId,
                  caseId: made.caseId,
                  rowHash: row.hash,
                  importId: run.id,
                  updatedAt: at,
                })
                .onConflictDoUpdate({
                  target: [importKeys.agencyId, importKeys.source, importKeys.sourceKey],
                  set: { rowHash: row.hash, importId: run.id, updatedAt: at },
                })
                .run();
              if (existing) c.updated += 1;
              else c.created += 1;
            }
          }
          const rowsInBatch = batch.reduce((n, g) => n + g.length, 0);
          tx.update(importRuns)
            .set({ rowsDone: done + rowsInBatch })
            .where(eq(importRuns.id, run.id))
            .run();
          return { ...c, rows: rowsInBatch };
        },
        { behavior: "immediate" },
      );
      done += batchCounts.rows;
      counts.created += batchCounts.created;
      counts.updated += batchCounts.updated;
      counts.unchanged += batchCounts.unchanged;
    } catch (error) {
      if (!(error instanceof RowRefused)) {
        await finish("failed", counts, "The import stopped unexpectedly", { stopped: "error" });
        throw error;
      }
      const rowError: RowError = { row: error.row, field: error.field, column: null, message: error.reason };
      await finish("failed", counts, `Row ${error.row}, ${error.field}: ${error.reason}`, {
        row: error.row,
        field: error.field,
      });
      return { ok: false, errors: [rowError] };
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await finish("done", counts, null);
  return { ok: true, ...counts };
}

/**
 * Starts the import and lets it run after the answer is sent (the page shows its progress). A failure that is not a
 * row's is logged without content and leaves the run failed.
 */
export function importInBackground(actor: Actor, runId: string): { ok: true } | { ok: false; message: string } {
  const started = startImport(actor, runId);
  if (started.ok)
    void runImport(actor, runId).catch((error: unknown) =>
      logger.error({ err: error instanceof Error ? error.name : "unknown", importId: runId }, "import stopped"),
    );
  return started;
}

/** The file is not kept after its import: removed from the store unless a document or another import holds the same content. */
async function forgetFile(run: RunRow): Promise<void> {
  if (!run.address) return;
  const db = getDb();
  const other = db
    .select({ id: importRuns.id })
    .from(importRuns)
    .where(and(eq(importRuns.address, run.address), sql`${importRuns.id} <> ${run.id}`))
    .get();
  const document = db
    .select({ id: caseDocuments.recordId })
    .from(caseDocuments)
    .where(eq(caseDocuments.address, run.address))
    .get();
  if (!other && !document) await fileStore().delete(run.address);
}
