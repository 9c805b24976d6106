// A separate process that keeps writing to DATABASE_PATH through the app's services, for the backup test: case
// notes on a demo case as its officer in the case, each audited. After each write has returned (committed, so
// acknowledged) it prints one JSON line: {"note": id, "auditSeq": n, "at": ISO}. Stops on SIGTERM or after
// WRITER_LIMIT notes. Synthetic text only.
import { eq } from "drizzle-orm";
import { loadActor } from "~/access/actor.server";
import { getDb } from "~/db.server";
import { createNote } from "~/services/case-notes.server";
import { cases, users } from "../../../db/schema";

const limit = Number(process.env.WRITER_LIMIT ?? 100_000);
const db = getDb();
const officer = db
  .select({ id: users.id })
  .from(users)
  .where(eq(users.email, "investigator@police.concord.test"))
  .get();
const worked = db.select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00001")).get();
if (!officer || !worked) throw new Error("writer: the demo data is missing");
const actor = loadActor(officer.id, "concurrent-writer");
if (!actor) throw new Error("writer: the officer is not active");
const lastAudit = db.$client
  .prepare("SELECT max(seq) FROM audit_log WHERE actor_user_id = ? AND action = 'note.create'")
  .pluck();

let stopping = false;
process.on("SIGTERM", () => (stopping = true));

for (let i = 1; i <= limit && !stopping; i++) {
  const result = createNote(actor, worked.id, {
    title: `Writer note ${i}`,
    summary: "Written during a backup",
    text: `Synthetic note ${i}`,
    marking: "OFFICIAL-SENSITIVE",
    category: "case_core",
  });
  if (!result.ok) throw new Error(`writer: note refused: ${JSON.stringify(result.errors)}`);
  process.stdout.write(
    `${JSON.stringify({ note: result.id, auditSeq: lastAudit.get(officer.id), at: new Date().toISOString() })}\n`,
  );
  // Let the SIGTERM handler run between writes.
  await new Promise((resolve) => setImmediate(resolve));
}
db.$client.close();
