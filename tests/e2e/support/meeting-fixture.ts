// Prepares a database for the multi-process tests (cluster.spec.ts, redis.spec.ts), run as its own process through
// tsx before the servers start: the demo partnership, a clinic meeting opened by its chair with two cases on the
// agenda, every attendee's confidentiality statement acknowledged, and a signed-in session for each attendee.
// Prints one JSON line: {"meetingId","items":[...],"people":{"<email>":{"userId","cookie"}}}.
// Environment: DATABASE_PATH (a new file).
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "~/db.server";
import { loadActor } from "~/access/actor.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import { acknowledgeConfidentiality, createMeeting, meetingView, openMeeting } from "~/services/meetings.server";
import { startSession } from "~/services/sessions.server";
import { cases, clinicReferrals, users } from "../../../db/schema";
import { seedDemo } from "../../../db/seed/demo";

const CHAIR = "investigator@police.concord.test";
const ATTENDEES = [
  "advocate@isac.concord.test",
  "practitioner@probation.concord.test",
  "psychologist@health.concord.test",
];
const CLINIC = "clinic@partnership.concord.test";

const db = getDb();
await seedDemo(db, { NODE_ENV: "test" });
const userId = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
const actor = (email: string) => loadActor(userId(email), "fixture")!;

const at = new Date().toISOString();
// The worked case first on the agenda (urgent), the second after it (routine).
for (const [reference, priority] of [
  ["NS-2026-00001", "urgent"],
  ["NS-2026-00002", "routine"],
] as const) {
  const caseId = db.select({ id: cases.id }).from(cases).where(eq(cases.reference, reference)).get()!.id;
  db.insert(clinicReferrals)
    .values({
      id: randomUUID(),
      caseId,
      referrerUserId: userId(CHAIR),
      referrerAgencyId: actor(CHAIR).agencyId,
      reason: "Escalating contact",
      currentRisk: "high",
      ask: "Review risk",
      status: "accepted",
      priority,
      decidedBy: userId(CLINIC),
      decidedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .run();
}
const [year, month, day] = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).split("-");
const created = createMeeting(actor(CLINIC), {
  kind: "clinic_review",
  title: "Clinic across processes",
  "date-day": day!,
  "date-month": month!,
  "date-year": year!,
  time: "10:00",
  chair: userId(CHAIR),
  invitees: ATTENDEES.map(userId),
  statement: "",
});
if (!created.ok) throw new Error(JSON.stringify(created.errors));
const meetingId = created.id;
addAgendaItems(
  actor(CLINIC),
  meetingId,
  db
    .select({ id: clinicReferrals.id })
    .from(clinicReferrals)
    .all()
    .map((r) => `clinic_referral:${r.id}`),
);
for (const email of [CHAIR, ...ATTENDEES]) acknowledgeConfidentiality(actor(email), meetingId);
openMeeting(actor(CHAIR), meetingId);
const items = meetingView(actor(CHAIR), meetingId, { papers: false }).items.map((i) => i.id);

const people: Record<string, { userId: string; cookie: string }> = {};
for (const email of [CHAIR, ...ATTENDEES])
  people[email] = {
    userId: userId(email),
    cookie: (await startSession(userId(email), { mfaVerified: true, device: "test" })).split(";")[0]!,
  };
closeDb();
process.stdout.write(`${JSON.stringify({ meetingId, items, people })}\n`);
