import { and, count, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { mayAddNote } from "~/access/case-actions";
import { MANDATORY_CAVEATS } from "~/access/baseline-policy";
import { can, forbidden, notFound, refuse, requireCan } from "~/access/gate.server";
import { caseRecordColumns, caveatLabelsOf, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { CATEGORIES, CATEGORY_LABELS, CAVEATS, MARKINGS, type Caveat, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { noteDefaults } from "~/domain/note-defaults";
import { NOTE_EDIT_REFUSALS, noteEditableUntil, noteEditDecision } from "~/domain/note-edit-window";
import { reasonField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { agencies, caseRecords, cases, recordVersions, users } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord } from "./case-record-store.server";
import { caseHeaderData, categoriesFor, retractCaseRecord, reviseCaseRecord } from "./case-records.server";
import { parseBody } from "./cases.server";

/*
 * Case notes (issue 4 item 7): free text filed under a category, marking and caveats the author chooses (defaults
 * by their agency), editable by the author for 24 hours with every earlier version kept, never deleted: retracted
 * with a reason by the author or a supervisor of the owning agency, and still listed. This is the one way a note
 * is added to a case.
 */

export const NOTES_PAGE_SIZE = 25;
export const NOTE_TEXT_MAX = 10_000;

type FormValues = Record<string, string | string[]>;

const textField = (name: string, label: string, max: number) =>
  z
    .string({ required_error: `Enter ${name}` })
    .trim()
    .min(1, `Enter ${name}`)
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);

const content = {
  title: textField("a title", "Title", 120),
  summary: textField("a summary line", "Summary line", 200),
  text: textField("the note", "Note", NOTE_TEXT_MAX),
};

export const NewNoteSchema = z.object({
  category: z.enum(CATEGORIES, { errorMap: () => ({ message: "Select what kind of information this is" }) }),
  ...content,
  marking: z.enum(MARKINGS, { errorMap: () => ({ message: "Select a security marking" }) }),
  caveats: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
    .pipe(z.array(z.enum(CAVEATS, { errorMap: () => ({ message: "Select caveats from the list" }) }))),
});

export const EditNoteSchema = z.object({
  ...content,
  baseVersion: z.coerce
    .number({ invalid_type_error: "Open the note again and make your change" })
    .int()
    .min(1, "Open the note again and make your change"),
});

export const RetractNoteSchema = z.object({ reason: reasonField("Enter why you are retracting this note") });

export const NOTE_CONFLICT_MESSAGE = "Someone changed this note since you opened it";

/** The one predicate for the "Add a note" links and the note form and action (app/access/case-actions.ts). */
const canAddNote = mayAddNote;

/** The new-note form: the categories the author may choose and their agency's defaults. */
export function newNoteForm(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canAddNote(actor, c.id), "note.create");
  return { case: caseHeaderData(c), categories: categoriesFor(actor), defaults: noteDefaults(actor.agencyType) };
}

export type CreateNoteResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues };

/** Adds a note owned by the author's agency; the category's mandatory caveats are added whatever was ticked. */
export function createNote(actor: Actor, caseId: string, values: FormValues, now = new Date()): CreateNoteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canAddNote(actor, c.id), "note.create");
  const form = parseValues(values, NewNoteSchema);
  if (!form.ok) return form;
  const input = form.data;
  if (!categoriesFor(actor).includes(input.category))
    return { ok: false, errors: { category: "Select a kind of information your agency records" }, values };
  const id = getDb().transaction((tx) =>
    insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "note",
        category: input.category,
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        marking: input.marking,
        caveats: input.caveats,
        title: input.title,
        summary: input.summary,
        body: { text: input.text },
      },
      now.toISOString(),
    ),
  );
  const caveats = new Set<Caveat>([...input.caveats, ...(MANDATORY_CAVEATS[input.category] ?? [])]);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "note.create",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { category: input.category, caveats: [...caveats].join(",") },
  });
  return { ok: true, id };
}

const author = alias(users, "note_author");
const retractor = alias(users, "note_retractor");

function noteQuery() {
  return getDb()
    .select({
      r: caseRecords,
      ownerAgency: agencies.name,
      authorName: author.name,
      retractorName: retractor.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(author, eq(author.id, caseRecords.authorUserId))
    .leftJoin(retractor, eq(retractor.id, caseRecords.retractedBy));
}
type NoteRow = NonNullable<ReturnType<ReturnType<typeof noteQuery>["get"]>>;

export type NoteView = {
  id: string;
  level: "full" | "summary";
  title: string;
  summary: string;
  /** The note's text (full access), or the withheld marker (summary access): never blank. */
  text: string | null;
  withheld: Withheld | null;
  ownerAgencyId: string;
  ownerAgency: string;
  /** The author's name (full access), else the owning agency. */
  author: string;
  category: string;
  marking: string;
  caveats: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Retraction; who and why only with full access. */
  retracted: { at: string; by: string | null; reason: string | null } | null;
};

function toView(actor: Actor, row: NoteRow, ability = defineAbilityFor(actor)): NoteView | null {
  const body = parseBody(row.r.body);
  const redacted = redact(
    actor,
    recordAttributes(row.r, row.chargingReferredAt),
    { title: row.r.title, summary: row.r.summary, body },
    row.ownerAgency,
    ability,
  );
  // The SQL filter already excluded what the actor may not see; this is the single-record check agreeing.
  if (!redacted) return null;
  const full = redacted.level === "full";
  return {
    id: row.r.id,
    level: redacted.level,
    title: redacted.title,
    summary: redacted.summary,
    text: full ? String(body.text ?? "") : null,
    withheld: full ? null : withheld(row.ownerAgency),
    ownerAgencyId: row.r.ownerAgencyId,
    ownerAgency: row.ownerAgency,
    author: full ? row.authorName : row.ownerAgency,
    category: CATEGORY_LABELS[row.r.category as Category] ?? row.r.category,
    marking: row.r.marking,
    caveats: caveatLabelsOf(row.r),
    createdAt: row.r.createdAt,
    updatedAt: row.r.updatedAt,
    version: row.r.version,
    retracted: row.r.retractedAt
      ? {
          at: row.r.retractedAt,
          by: full ? (row.retractorName ?? null) : null,
          reason: full ? row.r.retractionReason : null,
        }
      : null,
  };
}

/** A case's notes the actor may see, newest first, filtered in SQL and redacted here. Retracted notes stay listed. */
export function listNotes(actor: Actor, caseId: string, page = 1) {
  const c = requireCase(actor, caseId);
  const where = and(
    eq(caseRecords.caseId, c.id),
    eq(caseRecords.kind, "note"),
    scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
  );
  const total =
    getDb()
      .select({ n: count() })
      .from(caseRecords)
      .innerJoin(cases, eq(cases.id, caseRecords.caseId))
      .where(where)
      .get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / NOTES_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = noteQuery()
    .where(where)
    .orderBy(desc(caseRecords.createdAt), desc(caseRecords.id))
    .limit(NOTES_PAGE_SIZE)
    .offset((current - 1) * NOTES_PAGE_SIZE)
    .all();
  const ability = defineAbilityFor(actor);
  const notes = rows.map((row) => toView(actor, row, ability)).filter((n): n is NoteView => n !== null);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "notes.view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: {
      notes: notes.length,
      full: notes.filter((n) => n.level === "full").length,
      page: current,
      records: notes.map((n) => n.id).join(","),
    },
  });
  return { case: caseHeaderData(c), notes, page: current, pages, total, canAdd: canAddNote(actor, c.id) };
}

/** The note, only if it is a note on this case; otherwise a 404 (audited) that says nothing about what exists. */
function requireNoteRow(actor: Actor, c: CaseRow, recordId: string, action: string): NoteRow {
  const row = noteQuery()
    .where(and(eq(caseRecords.id, recordId), eq(caseRecords.caseId, c.id), eq(caseRecords.kind, "note")))
    .get();
  if (!row) {
    refuse(actor, {
      status: 404,
      auditAction: action,
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      reason: "not_found",
    });
  }
  return row;
}

/** Full access to the note, or a 404 audited as `action` denied (so a note someone may not see is not confirmed). */
function requireFullNote(actor: Actor, c: CaseRow, recordId: string, action: string): NoteRow {
  const row = requireNoteRow(actor, c, recordId, action);
  if (accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) !== "full") {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: "no_access" },
    });
    throw notFound();
  }
  return row;
}

export type NoteVersion = {
  version: number;
  title: string;
  summary: string;
  text: string;
  author: string;
  replacedAt: string;
};

/** One note at the actor's level, its earlier versions (full access only) and what they may do with it. Audited. */
export function noteDetail(actor: Actor, caseId: string, recordId: string, now = new Date()) {
  const c = requireCase(actor, caseId);
  const row = requireNoteRow(actor, c, recordId, "note.view");
  const ability = defineAbilityFor(actor);
  const level = accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt), ability);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "note.view",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: level === "none" ? "denied" : "allowed",
    detail: { level },
  });
  const note = toView(actor, row, ability);
  if (!note) throw notFound();
  const full = note.level === "full";
  const history: NoteVersion[] = full
    ? getDb()
        .select({
          version: recordVersions.version,
          title: recordVersions.title,
          summary: recordVersions.summary,
          body: recordVersions.body,
          author: users.name,
          replacedAt: recordVersions.replacedAt,
        })
        .from(recordVersions)
        .innerJoin(users, eq(users.id, recordVersions.authorUserId))
        .where(eq(recordVersions.recordId, recordId))
        .orderBy(desc(recordVersions.version))
        .all()
        .map((v) => ({
          version: v.version,
          title: v.title,
          summary: v.summary,
          text: String(parseBody(v.body).text ?? ""),
          author: v.author,
          replacedAt: v.replacedAt,
        }))
    : [];
  return {
    case: caseHeaderData(c),
    note,
    history,
    canEdit: full && noteEditDecision(row.r, actor.userId, now).ok,
    editableUntil: noteEditableUntil(row.r.createdAt).toISOString(),
    canRetract: full && !row.r.retractedAt && can(actor, "retract_note", row.r),
    // Shared from here as from the case overview (which lists only the most recent records).
    canShare: full && !row.r.retractedAt && can(actor, "share_record", recordAttributes(row.r, row.chargingReferredAt)),
  };
}

export type NoteConflict = {
  current: { title: string; summary: string; text: string; version: number; updatedAt: string };
  yours: { title: string; summary: string; text: string };
};
export type EditNoteResult =
  | { ok: true }
  | { ok: false; errors: FieldErrors; values: FormValues; conflict?: undefined }
  | { ok: false; errors: FieldErrors; values: FormValues; conflict: NoteConflict };

/**
 * The author changes their note within 24 hours. The form carries the version it was based on: saving over a
 * newer version is refused with both texts shown, never silently overwritten. Every edit keeps the version it
 * replaces. Someone else's note: 403. Audited either way.
 */
export function editNote(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  now = new Date(),
): EditNoteResult {
  const c = requireCase(actor, caseId);
  const row = requireFullNote(actor, c, recordId, "note.edit");
  const decision = noteEditDecision(row.r, actor.userId, now);
  if (!decision.ok) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "note.edit",
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: decision.reason },
    });
    if (decision.reason === "not_author") throw forbidden();
    return { ok: false, errors: { form: NOTE_EDIT_REFUSALS[decision.reason] }, values };
  }
  const form = parseValues(values, EditNoteSchema);
  if (!form.ok) return form;
  const { baseVersion, title, summary, text } = form.data;
  const conflict = (): EditNoteResult => {
    const latest = requireNoteRow(actor, c, recordId, "note.edit").r;
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "note.edit",
      subjectType: "CaseRecord",
      subjectId: recordId,
      caseId: c.id,
      outcome: "failed",
      detail: { reason: "stale", baseVersion, version: latest.version },
    });
    return {
      ok: false,
      errors: { form: NOTE_CONFLICT_MESSAGE },
      values,
      conflict: {
        current: {
          title: latest.title,
          summary: latest.summary,
          text: String(parseBody(latest.body).text ?? ""),
          version: latest.version,
          updatedAt: latest.updatedAt,
        },
        yours: { title, summary, text },
      },
    };
  };
  if (baseVersion !== row.r.version) return conflict();
  const saved = getDb().transaction((tx) =>
    reviseCaseRecord(tx, recordId, baseVersion, { title, summary, body: { text } }, now.toISOString()),
  );
  if (saved === "stale") return conflict();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "note.edit",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { version: baseVersion + 1 },
  });
  return { ok: true };
}

export type RetractNoteResult = { ok: true } | { ok: false; errors: FieldErrors; values: FormValues };

/** Retracts a note with a reason (its author, or a supervisor of the owning agency). It stays listed, marked. Audited. */
export function retractNote(
  actor: Actor,
  caseId: string,
  recordId: string,
  values: FormValues,
  now = new Date(),
): RetractNoteResult {
  const c = requireCase(actor, caseId);
  const row = requireFullNote(actor, c, recordId, "note.retract");
  requireCan(actor, "retract_note", row.r, {
    auditAction: "note.retract",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    reason: "not_author_or_supervisor",
    status: 403,
  });
  const already = { ok: false as const, errors: { form: "This note has already been retracted" }, values };
  if (row.r.retractedAt) return already;
  const form = parseValues(values, RetractNoteSchema);
  if (!form.ok) return form;
  const done = getDb().transaction((tx) =>
    retractCaseRecord(tx, recordId, actor.userId, form.data.reason, now.toISOString()),
  );
  if (!done) return already;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "note.retract",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { byAuthor: row.r.authorUserId === actor.userId },
  });
  return { ok: true };
}
