// Case notes through the gate, on a real SQLite file with the demo partnership: the author's 24 hours, history
// kept, concurrent edits surfaced, retraction (never deletion), bad input saving nothing, and the audit trail.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNote, editNote, listNotes, noteDetail, retractNote } from "~/services/case-notes.server";
import { caseRecords, recordVersions, searchDocuments } from "../../db/schema";
import { makeCase } from "./order-fixtures";
import { caught, setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let worked: string;
let second: string;
const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";

const T0 = new Date("2026-03-10T09:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const noteCount = () =>
  t.db.select({ id: caseRecords.id }).from(caseRecords).where(eq(caseRecords.kind, "note")).all().length;
const TEAM: [string, string][] = [
  [INVESTIGATOR, "officer_in_case"],
  [ADVOCATE, "advocate"],
  [PRACTITIONER, "offender_manager"],
  ["psychologist@health.concord.test", "psychologist"],
];
const rowOf = (id: string) => t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()!;
const versionsOf = (id: string) => t.db.select().from(recordVersions).where(eq(recordVersions.recordId, id)).all();

function add(email: string, values: Record<string, string | string[]>, now = T0): string {
  const result = createNote(
    t.actorFor(email),
    worked,
    {
      title: "Call with victim",
      summary: "Victim updated by phone",
      text: "Original text",
      marking: "OFFICIAL-SENSITIVE",
      ...values,
    },
    now,
  );
  if (!result.ok) throw new Error(`note not saved: ${JSON.stringify(result.errors)}`);
  return result.id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  // Fresh cases, so the demo seed's own notes cannot change the results.
  worked = makeCase(t, { team: TEAM }).id;
  second = makeCase(t, { team: [["spoc@police.concord.test", "officer_in_case"]] }).id;
});
afterAll(() => t.cleanup());

describe("adding a note", () => {
  it("saves it owned by the author's agency, with the category's mandatory caveats, audited", () => {
    const id = add(ADVOCATE, { category: "victim_contact" });
    expect(rowOf(id)).toMatchObject({
      kind: "note",
      category: "victim_contact",
      ownerAgencyId: t.actorFor(ADVOCATE).agencyId,
      cavVictimConfidential: true,
      version: 1,
      retractedAt: null,
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.create", outcome: "done", subjectId: id });
  });

  it("refuses bad input with a message per field and saves nothing", () => {
    const before = noteCount();
    const result = createNote(t.actorFor(INVESTIGATOR), worked, {
      category: "investigation",
      title: "",
      summary: "x".repeat(201),
      text: "y".repeat(10_001),
      marking: "SECRET",
      caveats: ["made_up"],
    });
    expect(result).toMatchObject({
      ok: false,
      errors: {
        title: "Enter a title",
        summary: "Summary line must be 200 characters or fewer",
        text: "Note must be 10,000 characters or fewer",
        marking: "Select a security marking",
        caveats: "Select caveats from the list",
      },
    });
    expect(
      createNote(t.actorFor(INVESTIGATOR), worked, { title: "A", summary: "B", text: "C", marking: "OFFICIAL" }),
    ).toMatchObject({ ok: false, errors: { category: "Select what kind of information this is" } });
    expect(noteCount()).toBe(before);
  });

  it("accepts exactly 10,000 characters", () => {
    const id = add(INVESTIGATOR, { category: "investigation", text: "z".repeat(10_000) });
    expect(rowOf(id).body).toBe(JSON.stringify({ text: "z".repeat(10_000) }));
  });
});

describe("the notes list", () => {
  it("lists newest first, redacted per person, filtered in SQL", () => {
    const older = add(INVESTIGATOR, { category: "case_core", title: "Older core note" }, later(-2 * HOUR));
    const newer = add(INVESTIGATOR, { category: "case_core", title: "Newer core note" }, later(-1 * HOUR));
    const investigation = add(INVESTIGATOR, {
      category: "investigation",
      title: "Police-only evidence note",
      text: "Exhibit DW/7 found",
    });
    const mine = listNotes(t.actorFor(INVESTIGATOR), worked).notes;
    const order = mine.map((n) => n.id);
    expect(order.indexOf(newer)).toBeLessThan(order.indexOf(older));
    expect(mine.find((n) => n.id === investigation)).toMatchObject({ level: "full", text: "Exhibit DW/7 found" });

    const probation = listNotes(t.actorFor(PRACTITIONER), worked);
    expect(probation.notes.map((n) => n.id)).not.toContain(investigation);
    expect(probation.notes.find((n) => n.id === newer)).toMatchObject({ level: "full" });
    expect(JSON.stringify(probation)).not.toContain("Exhibit DW/7");
    expect(probation.total).toBe(probation.notes.length);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "notes.view", outcome: "allowed" });
  });

  it("shows a victim-care note to probation as its summary line only, with the text withheld", () => {
    const id = add(ADVOCATE, {
      category: "victim_care",
      title: "Support session",
      summary: "Support session held",
      text: "Discussed her fear of going to work",
    });
    const view = listNotes(t.actorFor(PRACTITIONER), worked).notes.find((n) => n.id === id)!;
    expect(view).toMatchObject({
      level: "summary",
      title: "Support session",
      summary: "Support session held",
      text: null,
      withheld: { withheld: true },
    });
    const detail = noteDetail(t.actorFor(PRACTITIONER), worked, id);
    expect(detail).toMatchObject({ canEdit: false, canRetract: false, history: [] });
    expect(JSON.stringify(detail)).not.toContain("fear of going to work");
  });

  it("refuses people off the team with a 404, audited", () => {
    expect(statusOf(() => listNotes(t.actorFor("prosecutor@cps.concord.test"), worked))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "case.view", outcome: "denied" });
  });
});

describe("editing a note", () => {
  it("lets the author change it within 24 hours, keeping the earlier version, audited", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "First words" });
    const result = editNote(
      t.actorFor(INVESTIGATOR),
      worked,
      id,
      { title: "Call with victim", summary: "Victim updated by phone", text: "Second words", baseVersion: "1" },
      later(23 * HOUR),
    );
    expect(result).toEqual({ ok: true });
    expect(rowOf(id)).toMatchObject({ version: 2, body: JSON.stringify({ text: "Second words" }) });
    expect(versionsOf(id)).toEqual([
      expect.objectContaining({
        version: 1,
        body: JSON.stringify({ text: "First words" }),
        authorUserId: t.userId(INVESTIGATOR),
      }),
    ]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.edit", outcome: "done", subjectId: id });
    const detail = noteDetail(t.actorFor(INVESTIGATOR), worked, id, later(23 * HOUR));
    expect(detail.note).toMatchObject({ text: "Second words", version: 2 });
    expect(detail.history).toEqual([
      expect.objectContaining({ version: 1, text: "First words", author: "Dana Whitlock" }),
    ]);
    expect(detail.canEdit).toBe(true);
  });

  it("refuses an edit at 24 hours, audited, nothing changed", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Stands as written" });
    expect(noteDetail(t.actorFor(INVESTIGATOR), worked, id, later(24 * HOUR)).canEdit).toBe(false);
    const result = editNote(
      t.actorFor(INVESTIGATOR),
      worked,
      id,
      { title: "T", summary: "S", text: "Changed", baseVersion: "1" },
      later(24 * HOUR),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { form: "This note can no longer be changed: notes can be changed for 24 hours after they are written" },
    });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "note.edit",
      outcome: "denied",
      detail: JSON.stringify({ reason: "window_closed" }),
    });
    expect(rowOf(id)).toMatchObject({ version: 1, body: JSON.stringify({ text: "Stands as written" }) });
    expect(versionsOf(id)).toEqual([]);
  });

  it("refuses anyone but the author with a 403 even if they can read it, audited, nothing changed", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "The investigator's words" });
    // The advocate reads case core notes in full, but did not write this one.
    expect(noteDetail(t.actorFor(ADVOCATE), worked, id).canEdit).toBe(false);
    expect(
      statusOf(() =>
        editNote(
          t.actorFor(ADVOCATE),
          worked,
          id,
          { title: "T", summary: "S", text: "Hijacked", baseVersion: "1" },
          T0,
        ),
      ),
    ).toBe(403);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "note.edit",
      outcome: "denied",
      detail: JSON.stringify({ reason: "not_author" }),
    });
    expect(rowOf(id)).toMatchObject({ version: 1, body: JSON.stringify({ text: "The investigator's words" }) });
  });

  it("answers 404 to someone who cannot read the note, and for a note id used under another case", () => {
    const id = add(INVESTIGATOR, { category: "investigation", text: "Police only" });
    expect(
      statusOf(() =>
        editNote(t.actorFor(PRACTITIONER), worked, id, { title: "T", summary: "S", text: "x", baseVersion: "1" }, T0),
      ),
    ).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "note.edit",
      outcome: "denied",
      detail: JSON.stringify({ reason: "no_access" }),
    });
    expect(statusOf(() => noteDetail(t.actorFor(PRACTITIONER), worked, id))).toBe(404);
    // The supervisor can open both cases; the note is not on the second one.
    expect(statusOf(() => noteDetail(t.actorFor(SUPERVISOR), second, id))).toBe(404);
  });

  it("never saves over a newer version: shows both texts instead", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Version one" });
    expect(
      editNote(
        t.actorFor(INVESTIGATOR),
        worked,
        id,
        {
          title: "Call with victim",
          summary: "Victim updated by phone",
          text: "Version two, from another tab",
          baseVersion: "1",
        },
        later(HOUR),
      ),
    ).toEqual({ ok: true });
    const stale = editNote(
      t.actorFor(INVESTIGATOR),
      worked,
      id,
      {
        title: "Call with victim",
        summary: "Victim updated by phone",
        text: "Version two, from the first tab",
        baseVersion: "1",
      },
      later(2 * HOUR),
    );
    expect(stale).toMatchObject({
      ok: false,
      errors: { form: "Someone changed this note since you opened it" },
      conflict: {
        current: { text: "Version two, from another tab", version: 2 },
        yours: { text: "Version two, from the first tab" },
      },
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.edit", outcome: "failed" });
    expect(rowOf(id)).toMatchObject({ version: 2, body: JSON.stringify({ text: "Version two, from another tab" }) });
    // Saving again on the version now shown is a deliberate replacement, and keeps what it replaces.
    expect(
      editNote(
        t.actorFor(INVESTIGATOR),
        worked,
        id,
        { title: "Call with victim", summary: "Victim updated by phone", text: "Version three", baseVersion: "2" },
        later(3 * HOUR),
      ),
    ).toEqual({ ok: true });
    expect(
      versionsOf(id)
        .map((v) => v.version)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("refuses bad input in an edit and changes nothing", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Keep me" });
    const result = editNote(
      t.actorFor(INVESTIGATOR),
      worked,
      id,
      { title: "", summary: "S", text: "x".repeat(10_001), baseVersion: "1" },
      T0,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { title: "Enter a title", text: "Note must be 10,000 characters or fewer" },
    });
    expect(rowOf(id)).toMatchObject({ version: 1, title: "Call with victim" });
  });
});

describe("retracting a note", () => {
  it("needs a reason, and only the author or a supervisor of the owning agency may", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Recorded on the wrong case" });
    expect(retractNote(t.actorFor(INVESTIGATOR), worked, id, { reason: "" }, T0)).toMatchObject({
      ok: false,
      errors: { reason: "Enter why you are retracting this note" },
    });
    const before = t.auditRows().length;
    expect(
      statusOf(() =>
        retractNote(t.actorFor(ADVOCATE), worked, id, { reason: "I would like this note gone from the case" }, T0),
      ),
    ).toBe(403);
    // One refusal path (the gate's refuse): audited once, with why.
    const denied = t
      .auditRows()
      .slice(before)
      .filter((r) => r.action === "note.retract");
    expect(denied).toEqual([
      expect.objectContaining({ outcome: "denied", detail: JSON.stringify({ reason: "not_author_or_supervisor" }) }),
    ]);
    expect(rowOf(id).retractedAt).toBeNull();
  });

  it("keeps the note, listed as retracted with the reason, its full text out of search; audited", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Recorded on the wrong case by mistake" });
    expect(
      retractNote(
        t.actorFor(INVESTIGATOR),
        worked,
        id,
        { reason: "This belongs to a different case entirely" },
        later(30 * HOUR),
      ),
    ).toEqual({ ok: true });
    expect(rowOf(id)).toMatchObject({
      retractedBy: t.userId(INVESTIGATOR),
      retractionReason: "This belongs to a different case entirely",
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "note.retract", outcome: "done", subjectId: id });
    const listed = listNotes(t.actorFor(INVESTIGATOR), worked).notes.find((n) => n.id === id);
    expect(listed?.retracted).toMatchObject({
      by: "Dana Whitlock",
      reason: "This belongs to a different case entirely",
    });
    // Others who may read it see it is retracted; the reason is part of the note, so they see it too.
    expect(listNotes(t.actorFor(PRACTITIONER), worked).notes.find((n) => n.id === id)?.retracted).toMatchObject({
      reason: "This belongs to a different case entirely",
    });
    const docs = t.db
      .select({ key: searchDocuments.docKey })
      .from(searchDocuments)
      .where(eq(searchDocuments.recordId, id))
      .all()
      .map((d) => d.key);
    expect(docs).toEqual([`record:${id}:summary`]);
    // Nothing more can be done with it.
    expect(
      retractNote(
        t.actorFor(INVESTIGATOR),
        worked,
        id,
        { reason: "This belongs to a different case entirely" },
        later(31 * HOUR),
      ),
    ).toMatchObject({ ok: false, errors: { form: "This note has already been retracted" } });
    expect(
      editNote(
        t.actorFor(INVESTIGATOR),
        worked,
        id,
        { title: "T", summary: "S", text: "x", baseVersion: "1" },
        later(HOUR),
      ),
    ).toMatchObject({ ok: false, errors: { form: "This note has been retracted and can no longer be changed" } });
    expect(
      t.db
        .select()
        .from(caseRecords)
        .where(and(eq(caseRecords.id, id)))
        .all(),
    ).toHaveLength(1);
  });

  it("lets a supervisor of the owning agency retract a note they did not write", () => {
    const id = add(INVESTIGATOR, { category: "case_core", text: "Contains an error" });
    const supervisor = t.actorFor(SUPERVISOR);
    expect(noteDetail(supervisor, worked, id).canRetract).toBe(true);
    expect(noteDetail(supervisor, worked, id).canEdit).toBe(false);
    expect(retractNote(supervisor, worked, id, { reason: "Supervisor review: recorded in error" }, T0)).toEqual({
      ok: true,
    });
    expect(rowOf(id).retractedBy).toBe(t.userId(SUPERVISOR));
  });
});

describe("markup in a note", () => {
  it("is stored and returned as text", () => {
    const id = add(INVESTIGATOR, { category: "case_core", title: "<b>bold</b>", text: "<script>alert(1)</script>" });
    const detail = noteDetail(t.actorFor(INVESTIGATOR), worked, id);
    expect(detail.note).toMatchObject({ title: "<b>bold</b>", text: "<script>alert(1)</script>" });
    expect(caught(() => noteDetail(t.actorFor("auditor@partnership.concord.test"), worked, id))).toBeInstanceOf(
      Response,
    );
  });
});
