// A second (third...) process on the same SQLite file, as a worker of the clustered server is: it adds a note to
// a case through the services and then edits it again and again (each edit reads the record, writes a new
// version and appends to the audit chain). Prints one JSON line: {"edits":n,"errors":["..."]}.
// Environment: DATABASE_PATH, WRITER_EMAIL, WRITER_CASE_ID, WRITER_EDITS.
import { eq } from "drizzle-orm";
import { loadActor } from "~/access/actor.server";
import { closeDb, getDb } from "~/db.server";
import { createNote, editNote } from "~/services/case-notes.server";
import { caseRecords, users } from "../../../db/schema";

const email = process.env.WRITER_EMAIL!;
const caseId = process.env.WRITER_CASE_ID!;
const edits = Number(process.env.WRITER_EDITS ?? "50");

const errors: string[] = [];
let done = 0;
const user = getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
if (!user) throw new Error(`no user ${email}`);
const actor = loadActor(user.id, `writer-${process.pid}`)!;
const fields = {
  title: "Writer note",
  summary: "Edited by a second process",
  marking: "OFFICIAL-SENSITIVE",
  category: "investigation",
};
try {
  const created = createNote(actor, caseId, { ...fields, text: "version 1" });
  if (!created.ok) throw new Error(`note not created: ${JSON.stringify(created.errors)}`);
  for (let i = 0; i < edits; i++) {
    try {
      const version = getDb()
        .select({ v: caseRecords.version })
        .from(caseRecords)
        .where(eq(caseRecords.id, created.id))
        .get()!.v;
      const result = editNote(actor, caseId, created.id, {
        ...fields,
        text: `version ${version + 1}`,
        baseVersion: String(version),
      });
      if (result.ok) done++;
      else errors.push(JSON.stringify(result.errors));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
} catch (e) {
  errors.push(e instanceof Error ? e.message : String(e));
}
closeDb();
process.stdout.write(`${JSON.stringify({ edits: done, errors })}\n`);
