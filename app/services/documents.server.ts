import { and, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Readable } from "node:stream";
import sharp from "sharp";
import { z } from "zod";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { isAgencySupervisor } from "~/access/agency-supervision";
import { MANDATORY_CAVEATS } from "~/access/baseline-policy";
import { mayAddDocument } from "~/access/case-actions";
import { can, forbidden, notFound, refuse } from "~/access/gate.server";
import { caseRecordColumns, caveatLabelsOf, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { CATEGORIES, CATEGORY_LABELS, CAVEATS, MARKINGS, type Caveat, type Category } from "~/access/vocabulary";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import type { ScanStatus } from "~/domain/document-scan";
import { scanStream } from "~/files/clamd.server";
import { readAll, type StoredFile } from "~/files/file-store.server";
import { fileStore } from "~/files/files.server";
import { readUpload, sizeLabel, UploadRefused, type ParsedUpload } from "~/files/multipart-upload.server";
import {
  ALLOWED_TYPES,
  contentDisposition,
  decideType,
  pdfExpandsSafely,
  PDF_BOMB_REFUSAL,
  ZIP_BOMB_REFUSAL,
  zipExpandsSafely,
  type AllowedType,
} from "~/files/upload-checks.server";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { agencies, auditLog, caseDocuments, caseRecords, cases, users } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord } from "./case-record-store.server";
import { caseHeaderData, categoriesFor } from "./case-records.server";
import { parseBody } from "./cases.server";
import { indexRecord } from "./search-index.server";
import { notify } from "./notifications.server";
import { startSweep, SWEEP_BATCH } from "./sweeps.server";

/*
 * Documents and evidence (issue 20, decision 0052). A document is a case record (kind "document"): the gate decides
 * who lists, counts, searches, opens and shares it exactly as for a note. The file is in the file store (app/files),
 * encrypted, by address; this module is the one way a document is added, listed, opened or downloaded, and every
 * opening is audited ("who has seen this document").
 */

export const DOCUMENT_KIND = "document";
/** What a document can be evidence for: records on the same case of these kinds. */
export const LINKABLE_KINDS = ["incident", "protective_order", "breach", "risk_assessment"] as const;

type FormValues = Record<string, string | string[]>;

const caveatList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
  .pipe(z.array(z.enum(CAVEATS, { errorMap: () => ({ message: "Select caveats from the list" }) })));

export const UploadSchema = z.object({
  category: z.enum(CATEGORIES, { errorMap: () => ({ message: "Select what kind of information this is" }) }),
  title: z
    .string({ required_error: "Enter a title" })
    .trim()
    .min(1, "Enter a title")
    .max(120, "Title must be 120 characters or fewer"),
  description: z.string().trim().max(2000, "Description must be 2,000 characters or fewer").default(""),
  marking: z.enum(MARKINGS, { errorMap: () => ({ message: "Select a security marking" }) }),
  caveats: caveatList,
  status: z.enum(["final", "draft"], { errorMap: () => ({ message: "Select whether this is final or a draft" }) }),
  linkedRecordId: z.string().trim().max(64).default(""),
  redactedFromId: z.string().trim().max(64).default(""),
});

export const HandlingSchema = z.object({
  marking: z.enum(MARKINGS, { errorMap: () => ({ message: "Select a security marking" }) }),
  caveats: caveatList,
});

function typeOf(mediaType: string): AllowedType | undefined {
  return ALLOWED_TYPES.find((t) => t.mediaType === mediaType);
}

function uploadLimits() {
  const files = getConfig().files;
  return { maxFileBytes: files.maxBytes, maxFiles: files.maxPerUpload };
}

/** The upload form: the categories the person may choose, the records a document can be linked to, the limits. */
export function documentUploadForm(actor: Actor, caseId: string, redactedFromId?: string) {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, mayAddDocument(actor, c.id), "document.upload");
  const original = redactedFromId ? requireDocument(actor, c, redactedFromId, "document.upload", "full") : null;
  const limits = uploadLimits();
  return {
    case: caseHeaderData(c),
    categories: categoriesFor(actor),
    linkable: linkableRecords(actor, c),
    original: original ? { id: original.r.id, title: original.r.title, category: original.r.category } : null,
    maxFileSize: sizeLabel(limits.maxFileBytes),
    maxFiles: limits.maxFiles,
    scanner: getConfig().files.clamd !== undefined,
  };
}

/** Incidents, orders, breaches and assessments of the case the person can see, for "evidence for". */
function linkableRecords(actor: Actor, c: CaseRow): { id: string; title: string }[] {
  return getDb()
    .select({ id: caseRecords.id, title: caseRecords.title })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(caseRecords.caseId, c.id),
        inArray(caseRecords.kind, [...LINKABLE_KINDS]),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(caseRecords.createdAt))
    .limit(200)
    .all();
}

const QUARANTINE_NOTICE = (caseId: string, recordId: string) => ({
  kind: "document_quarantined" as const,
  text: "A file you uploaded was held back: malware was found in it",
  href: `/cases/${caseId}/documents/${recordId}`,
  caseId,
});

/**
 * Deletes stored files no document names: after a failed write of the rows that would have named them. The store is
 * content-addressed, so a file another document already holds (the same content uploaded before) is kept.
 */
async function removeUnreferenced(addresses: string[]): Promise<void> {
  for (const address of new Set(addresses)) {
    const named = getDb()
      .select({ id: caseDocuments.recordId })
      .from(caseDocuments)
      .where(eq(caseDocuments.address, address))
      .limit(1)
      .get();
    if (named) continue;
    try {
      await fileStore().delete(address);
    } catch {
      // Left for retention's file disposal to find; the write's own error is the one to report.
    }
  }
}

export type UploadResult =
  { ok: true; ids: string[]; quarantined: number } | { ok: false; errors: FieldErrors; values: FormValues };

async function discardAll(parsed: ParsedUpload): Promise<void> {
  for (const f of parsed.files) if ("staged" in f) await f.staged.discard();
}

/**
 * Uploads one or more files as documents of the case, all or nothing: every file is checked (name, size, type
 * from content, PDF expansion) and scanned where a scanner is set up before any is stored. Infected files are
 * kept but held back (quarantined, never served) and the uploader is told. Audited.
 */
export async function uploadDocuments(
  actor: Actor,
  caseId: string,
  request: Request,
  csrfToken: string,
  now = new Date(),
): Promise<UploadResult> {
  const c = requireCase(actor, caseId, "document.upload");
  requireCaseWrite(actor, c, mayAddDocument(actor, c.id), "document.upload");
  const config = getConfig().files;
  let parsed: ParsedUpload;
  try {
    parsed = await readUpload(request, { csrfToken, store: fileStore(), ...uploadLimits() });
  } catch (error) {
    if (error instanceof UploadRefused) {
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "document.upload",
        subjectType: "Case",
        subjectId: c.id,
        caseId: c.id,
        outcome: "denied",
        detail: { reason: error.status === 403 ? "csrf" : "unreadable" },
      });
      throw error.status === 403 ? forbidden() : new Response("Bad request", { status: 400 });
    }
    throw error;
  }
  const values = parsed.fields;
  const refuse = async (errors: FieldErrors): Promise<UploadResult> => {
    await discardAll(parsed);
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "document.upload",
      subjectType: "Case",
      subjectId: c.id,
      caseId: c.id,
      outcome: "failed",
      detail: { fields: Object.keys(errors).join(",") },
    });
    return { ok: false, errors, values };
  };
  const form = parseValues(values, UploadSchema);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (form.ok && !categoriesFor(actor).includes(form.data.category))
    errors.category = "Select a kind of information your agency records";
  if (parsed.tooMany) errors.files = `Select ${config.maxPerUpload} files or fewer at a time`;
  if (!parsed.files.length) errors.files = "Select a file to upload";
  const problems: string[] = [];
  const types: AllowedType[] = [];
  for (const f of parsed.files) {
    if ("problem" in f) {
      problems.push(f.problem);
      continue;
    }
    const decided = await decideType(f.staged.head, f.name);
    if (!decided.ok) {
      problems.push(`${f.name}: ${decided.message}`);
      continue;
    }
    if (decided.type.extension === "pdf" && !pdfExpandsSafely(await readAll(f.staged.open()))) {
      problems.push(`${f.name}: ${PDF_BOMB_REFUSAL}`);
      continue;
    }
    if (decided.type.extension === "docx" && !zipExpandsSafely(await readAll(f.staged.open()))) {
      problems.push(`${f.name}: ${ZIP_BOMB_REFUSAL}`);
      continue;
    }
    types.push(decided.type);
  }
  if (problems.length && !errors.files) errors.files = problems.join(". ");
  let linkedRecordId: string | null = null;
  let redactedFromId: string | null = null;
  if (form.ok && form.data.linkedRecordId) {
    if (!linkableRecords(actor, c).some((r) => r.id === form.data.linkedRecordId))
      errors.linkedRecordId = "Select an incident, order, breach or assessment of this case";
    else linkedRecordId = form.data.linkedRecordId;
  }
  if (form.ok && form.data.redactedFromId) {
    const original = findDocumentRow(c.id, form.data.redactedFromId);
    if (!original || accessLevel(actor, recordAttributes(original.r, original.chargingReferredAt)) !== "full") {
      await discardAll(parsed);
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "document.upload",
        subjectType: "CaseRecord",
        subjectId: form.data.redactedFromId,
        caseId: c.id,
        outcome: "denied",
        detail: { reason: "redacted_from_not_found" },
      });
      throw notFound();
    }
    redactedFromId = original.r.id;
  }
  if (!form.ok || Object.keys(errors).length) return refuse(errors);
  const input = form.data;
  const staged = parsed.files.flatMap((f) => ("staged" in f ? [{ name: f.name, staged: f.staged }] : []));

  // Scan before anything is stored; a scanner that cannot be reached leaves the file awaiting its scan.
  const scans: ScanStatus[] = [];
  const signatures: (string | null)[] = [];
  for (const f of staged) {
    if (!config.clamd) {
      scans.push("not_scanned");
      signatures.push(null);
      continue;
    }
    const result = await scanStream(config.clamd.address, f.staged.open(), config.clamd.timeoutMs);
    scans.push(result.status === "clean" ? "clean" : result.status === "infected" ? "infected" : "awaiting_scan");
    signatures.push(result.status === "infected" ? result.signature : null);
  }
  const stored: StoredFile[] = [];
  for (const f of staged) stored.push(await f.staged.commit());

  const nowIso = now.toISOString();
  const caveats = new Set<Caveat>([...input.caveats, ...(MANDATORY_CAVEATS[input.category] ?? [])]);
  let tell = () => {};
  let ids: string[];
  try {
    ids = writeDocumentRows();
  } catch (error) {
    // The files are in the store but no record names them: remove them again (decision 0052, addendum).
    await removeUnreferenced(stored.map((f) => f.address));
    throw error;
  }
  function writeDocumentRows(): string[] {
    return getDb().transaction((tx) => {
      const made = staged.map((f, i) => {
        const type = types[i]!;
        const file = stored[i]!;
        const title = staged.length > 1 ? `${input.title} (${i + 1} of ${staged.length})` : input.title;
        const id = insertCaseRecord(
          tx,
          {
            caseId: c.id,
            kind: DOCUMENT_KIND,
            category: input.category,
            ownerAgencyId: actor.agencyId,
            authorUserId: actor.userId,
            marking: input.marking,
            caveats: [...caveats],
            status: input.status === "draft" ? "draft" : "signed_off",
            title,
            summary: `${redactedFromId ? "Redacted copy: " : ""}${type.label}, ${sizeLabel(file.bytes)}`,
            body: { description: input.description, fileName: f.name },
          },
          nowIso,
        );
        tx.insert(caseDocuments)
          .values({
            recordId: id,
            caseId: c.id,
            address: file.address,
            sha256: file.sha256,
            bytes: file.bytes,
            mediaType: type.mediaType,
            extension: type.extension,
            scanStatus: scans[i]!,
            scannedAt: scans[i] === "clean" || scans[i] === "infected" ? nowIso : null,
            linkedRecordId,
            redactedFromId,
          })
          .run();
        return id;
      });
      const infected = made.filter((_, i) => scans[i] === "infected");
      if (infected.length) tell = notify(tx, [actor.userId], QUARANTINE_NOTICE(c.id, infected[0]!), nowIso);
      return made;
    });
  }
  tell();
  ids.forEach((id, i) => {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "document.upload",
      subjectType: "CaseRecord",
      subjectId: id,
      caseId: c.id,
      purpose: actor.purpose,
      outcome: "done",
      detail: {
        category: input.category,
        caveats: [...caveats].join(","),
        type: types[i]!.extension,
        bytes: stored[i]!.bytes,
        scan: scans[i]!,
        ...(redactedFromId ? { redactedFrom: redactedFromId } : {}),
      },
    });
    if (scans[i] === "infected")
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "document.quarantine",
        subjectType: "CaseRecord",
        subjectId: id,
        caseId: c.id,
        outcome: "done",
        detail: { signature: signatures[i] ?? "" },
      });
  });
  return { ok: true, ids, quarantined: scans.filter((s) => s === "infected").length };
}

const author = alias(users, "document_author");

function documentQuery() {
  return getDb()
    .select({
      r: caseRecords,
      d: caseDocuments,
      ownerAgency: agencies.name,
      authorName: author.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(caseRecords)
    .innerJoin(caseDocuments, eq(caseDocuments.recordId, caseRecords.id))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(author, eq(author.id, caseRecords.authorUserId));
}
type DocumentRow = NonNullable<ReturnType<ReturnType<typeof documentQuery>["get"]>>;

function findDocumentRow(caseId: string, recordId: string): DocumentRow | undefined {
  return documentQuery()
    .where(and(eq(caseRecords.id, recordId), eq(caseRecords.caseId, caseId), eq(caseRecords.kind, DOCUMENT_KIND)))
    .get();
}

/** The document at `need` level or better, only if it is a document of this case; otherwise a 404 audited as `action`. */
function requireDocument(
  actor: Actor,
  c: CaseRow,
  recordId: string,
  action: string,
  need: "summary" | "full",
): DocumentRow {
  const row = findDocumentRow(c.id, recordId);
  const level = row ? accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) : "none";
  if (!row || level === "none" || (need === "full" && level !== "full")) {
    refuse(actor, {
      status: 404,
      auditAction: action,
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      reason: row ? "no_access" : "not_found",
    });
  }
  return row;
}

export type DocumentView = {
  id: string;
  level: "full" | "summary";
  title: string;
  summary: string;
  description: string | null;
  fileName: string | null;
  withheld: Withheld | null;
  ownerAgency: string;
  author: string;
  category: string;
  marking: string;
  caveats: string[];
  draft: boolean;
  createdAt: string;
  show: "image" | "pdf" | "download";
  scan: ScanStatus;
  openable: boolean;
  redactedFromId: string | null;
};

function toView(actor: Actor, row: DocumentRow, ability = defineAbilityFor(actor)): DocumentView | null {
  const body = parseBody(row.r.body);
  const redacted = redact(
    actor,
    recordAttributes(row.r, row.chargingReferredAt),
    { title: row.r.title, summary: row.r.summary, body },
    row.ownerAgency,
    ability,
  );
  if (!redacted) return null;
  const full = redacted.level === "full";
  const scan = row.d.scanStatus as ScanStatus;
  return {
    id: row.r.id,
    level: redacted.level,
    title: redacted.title,
    summary: redacted.summary,
    description: full ? String(body.description ?? "") : null,
    fileName: full ? String(body.fileName ?? "") : null,
    withheld: full ? null : withheld(row.ownerAgency),
    ownerAgency: row.ownerAgency,
    author: full ? row.authorName : row.ownerAgency,
    category: CATEGORY_LABELS[row.r.category as Category] ?? row.r.category,
    marking: row.r.marking,
    caveats: caveatLabelsOf(row.r),
    draft: row.r.status === "draft",
    createdAt: row.r.createdAt,
    show: typeOf(row.d.mediaType)?.show ?? "download",
    scan,
    openable: full && (scan === "clean" || scan === "not_scanned") && !row.r.retractedAt,
    redactedFromId: full ? row.d.redactedFromId : null,
  };
}

/** A case's documents the actor may see, newest first: filtered in SQL by the gate, redacted here. Audited. */
export function listDocuments(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  const rows = documentQuery()
    .where(
      and(
        eq(caseRecords.caseId, c.id),
        eq(caseRecords.kind, DOCUMENT_KIND),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(caseRecords.createdAt), desc(caseRecords.id))
    .limit(500)
    .all();
  const ability = defineAbilityFor(actor);
  const documents = rows.map((row) => toView(actor, row, ability)).filter((d): d is DocumentView => d !== null);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "documents.view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { documents: documents.length, records: documents.map((d) => d.id).join(",") },
  });
  return {
    case: caseHeaderData(c),
    documents,
    canAdd: mayAddDocument(actor, c.id),
    scanner: getConfig().files.clamd !== undefined,
  };
}

const VIEW_ACTIONS = ["document.open", "document.download", "document.thumbnail"];

function mayManage(actor: Actor, r: DocumentRow["r"]): boolean {
  return r.authorUserId === actor.userId || isAgencySupervisor(actor, r.ownerAgencyId);
}

/** One document at the actor's level, its redacted copies, and for its uploader or their agency's supervisors who
 *  has opened it. Audited. */
export function documentDetail(actor: Actor, caseId: string, recordId: string) {
  const c = requireCase(actor, caseId);
  const row = requireDocument(actor, c, recordId, "document.view", "summary");
  const ability = defineAbilityFor(actor);
  const document = toView(actor, row, ability);
  if (!document) throw notFound();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "document.view",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { level: document.level },
  });
  const full = document.level === "full";
  const copies = full
    ? documentQuery()
        .where(
          and(
            eq(caseDocuments.redactedFromId, recordId),
            scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
          ),
        )
        .all()
        .map((r) => toView(actor, r, ability))
        .filter((d): d is DocumentView => d !== null)
    : [];
  const manage = full && mayManage(actor, row.r);
  const seenBy = manage
    ? getDb()
        .select({ name: users.name, agency: agencies.name, action: auditLog.action, at: auditLog.at })
        .from(auditLog)
        .innerJoin(users, eq(users.id, auditLog.actorUserId))
        .innerJoin(agencies, eq(agencies.id, users.agencyId))
        .where(
          and(
            eq(auditLog.subjectId, recordId),
            inArray(auditLog.action, VIEW_ACTIONS),
            eq(auditLog.outcome, "allowed"),
          ),
        )
        .orderBy(desc(auditLog.seq))
        .limit(200)
        .all()
    : null;
  return {
    case: caseHeaderData(c),
    document,
    copies,
    seenBy,
    canChangeHandling: manage && !row.r.retractedAt,
    canUploadRedacted: full && mayAddDocument(actor, c.id) && !row.d.redactedFromId,
    canShare:
      full &&
      !row.r.retractedAt &&
      row.d.scanStatus !== "infected" &&
      can(actor, "share_record", recordAttributes(row.r, row.chargingReferredAt)),
  };
}

export type HandlingResult = { ok: true } | { ok: false; errors: FieldErrors; values: FormValues };

/** The uploader (or a supervisor of the owning agency) changes the marking and caveats. Re-indexed, audited. */
export function changeDocumentHandling(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  now = new Date(),
): HandlingResult {
  const c = requireCase(actor, caseId);
  const row = requireDocument(actor, c, recordId, "document.handling", "full");
  if (!mayManage(actor, row.r)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "document.handling",
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: "not_author_or_supervisor" },
    });
    throw forbidden();
  }
  const form = parseValues(values, HandlingSchema);
  if (!form.ok) return form;
  const caveats = new Set<Caveat>([...form.data.caveats, ...(MANDATORY_CAVEATS[row.r.category as Category] ?? [])]);
  getDb().transaction((tx) => {
    tx.update(caseRecords)
      .set({
        marking: form.data.marking,
        cavVictimConfidential: caveats.has("victim_confidential"),
        cavHealthConfidential: caveats.has("health_confidential"),
        cavPoliceIntelligence: caveats.has("police_intelligence"),
        cavNotPerpetratorFacing: caveats.has("not_for_perpetrator_facing"),
        updatedAt: now.toISOString(),
      })
      .where(eq(caseRecords.id, recordId))
      .run();
    indexRecord(tx, recordId);
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "document.handling",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { marking: form.data.marking, caveats: [...caveats].join(",") },
  });
  return { ok: true };
}

export type DocumentFile = { body: Readable | Buffer; contentType: string; disposition: string; bytes?: number };

/**
 * The file, for someone who reads the document in full: inline (images, PDFs), as a download, or a thumbnail of an
 * image. Held-back and unscanned-yet files are never served. Every one is audited with who and how.
 */
export async function openDocumentFile(
  actor: Actor,
  caseId: string,
  recordId: string,
  how: "inline" | "download" | "thumbnail",
): Promise<DocumentFile> {
  const action =
    how === "download" ? "document.download" : how === "thumbnail" ? "document.thumbnail" : "document.open";
  const c = requireCase(actor, caseId);
  const row = requireDocument(actor, c, recordId, action, "full");
  const type = typeOf(row.d.mediaType);
  const scan = row.d.scanStatus as ScanStatus;
  const refusal = !type
    ? "unknown_type"
    : scan === "infected"
      ? "quarantined"
      : scan === "awaiting_scan"
        ? "awaiting_scan"
        : row.r.retractedAt
          ? "retracted"
          : how === "thumbnail" && type.show !== "image"
            ? "not_an_image"
            : null;
  if (refusal || !type) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: refusal ?? "unknown_type" },
    });
    throw notFound();
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { bytes: row.d.bytes },
  });
  const fileName = String(parseBody(row.r.body).fileName ?? "document");
  const stream = await fileStore().get(row.d.address);
  if (how === "thumbnail") {
    // Decoded with a pixel limit, so an image built to expand enormously is refused rather than rendered.
    const thumbnail = await sharp(await readAll(stream), { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(320, 320, { fit: "inside", withoutEnlargement: true })
      .png()
      .toBuffer();
    return {
      body: thumbnail,
      contentType: "image/png",
      disposition: contentDisposition("inline", `${fileName}-thumbnail`, "png"),
    };
  }
  const inline = how === "inline" && type.show !== "download";
  return {
    body: stream,
    contentType: type.mediaType,
    disposition: contentDisposition(inline ? "inline" : "attachment", fileName, type.extension),
    bytes: row.d.bytes,
  };
}

// --- Files left awaiting a scan (decision 0052, addendum 0056).

export type RescanOutcome = { clean: number; infected: number; waiting: number };

/**
 * Scans up to `limit` files left "awaiting scan" (the scanner could not be reached at upload), oldest first, once a
 * scanner is set up and answers: clean ones are served from then on, infected ones are held back and their uploader
 * told, as at upload. The pass stops at the first scanner error (it is still away); the rest wait for the next pass.
 * Each row changes only if it is still awaiting its scan, so two processes passing at once record one verdict.
 */
export async function rescanAwaitingFiles(limit = SWEEP_BATCH, now = new Date()): Promise<RescanOutcome> {
  const outcome: RescanOutcome = { clean: 0, infected: 0, waiting: 0 };
  const clamd = getConfig().files.clamd;
  const db = getDb();
  const awaiting = () =>
    db
      .select({ recordId: caseDocuments.recordId })
      .from(caseDocuments)
      .where(eq(caseDocuments.scanStatus, "awaiting_scan"));
  if (!clamd) return { ...outcome, waiting: awaiting().all().length };
  const rows = db
    .select({
      recordId: caseDocuments.recordId,
      caseId: caseDocuments.caseId,
      address: caseDocuments.address,
      authorUserId: caseRecords.authorUserId,
      ownerAgencyId: caseRecords.ownerAgencyId,
    })
    .from(caseDocuments)
    .innerJoin(caseRecords, eq(caseRecords.id, caseDocuments.recordId))
    .where(eq(caseDocuments.scanStatus, "awaiting_scan"))
    .orderBy(caseRecords.createdAt, caseDocuments.recordId)
    .limit(limit)
    .all();
  for (const row of rows) {
    let content: Readable;
    try {
      content = await fileStore().get(row.address);
    } catch {
      continue; // A file that cannot be read stays awaiting (and unserved); retention's checks report missing files.
    }
    const result = await scanStream(clamd.address, content, clamd.timeoutMs);
    if (result.status === "error") break;
    const status: ScanStatus = result.status === "clean" ? "clean" : "infected";
    const at = now.toISOString();
    let tell = () => {};
    const changed = db.transaction((tx) => {
      const n = tx
        .update(caseDocuments)
        .set({ scanStatus: status, scannedAt: at })
        .where(and(eq(caseDocuments.recordId, row.recordId), eq(caseDocuments.scanStatus, "awaiting_scan")))
        .run().changes;
      if (n && status === "infected")
        tell = notify(tx, [row.authorUserId], QUARANTINE_NOTICE(row.caseId, row.recordId), at);
      return n > 0;
    });
    if (!changed) continue;
    tell();
    outcome[status]++;
    audit({
      actorUserId: null,
      actorAgencyId: row.ownerAgencyId,
      action: status === "infected" ? "document.quarantine" : "document.scan",
      subjectType: "CaseRecord",
      subjectId: row.recordId,
      caseId: row.caseId,
      outcome: "done",
      detail:
        status === "infected" && result.status === "infected"
          ? { signature: result.signature, late: true }
          : { late: true },
    });
  }
  outcome.waiting = awaiting().all().length;
  return outcome;
}

/** Every 5 minutes, in one process at a time: files awaiting a scan get it when the scanner is back. */
export function startDocumentRescans(): () => void {
  return startSweep({ name: "document-rescan", everyMs: 5 * 60_000, firstAfterMs: 30_000 }, () =>
    rescanAwaitingFiles(),
  );
}
