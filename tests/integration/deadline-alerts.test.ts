// "Deadline approaching" notifications on a real SQLite file with the demo partnership: who is told, once per
// band (28, 14, 7 days), never twice for the same band however often the sweep runs, afresh when the last day
// moves, and never about offences that are charged, retracted or not theirs to read.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDeadlineAlerts } from "~/services/deadline-alerts.server";
import { drainInBatches } from "~/services/sweeps.server";
import { editIncident, recordIncident } from "~/services/incidents.server";
import { recordOffence } from "~/services/offences.server";
import { caseRecords, notifications } from "../../db/schema";
import { incidentForm, makeCase, offenceForm, type TestCase } from "./course-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const INVESTIGATOR = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
// Noon BST on 20 August 2026 and days after it.
const day = (n: number) => new Date(Date.UTC(2026, 7, 20 + n, 11, 0, 0));

function ok<T extends { ok: boolean }>(r: T): T & { ok: true; id: string } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true; id: string };
}
const told = (email: string, c: TestCase) =>
  t.db
    .select({ text: notifications.text, href: notifications.href })
    .from(notifications)
    .where(and(eq(notifications.userId, t.userId(email)), eq(notifications.kind, "deadline")))
    .all()
    .filter((n) => n.text.includes(c.reference))
    .map((n) => n.text);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("deadline approaching notifications", () => {
  let soon: TestCase;
  let incidentId: string;
  beforeAll(() => {
    // Latest incident 3 March: last day to charge 3 September, 14 days after 20 August.
    soon = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
        [ADVOCATE, "advocate"],
      ],
    });
    incidentId = ok(recordIncident(t.actorFor(INVESTIGATOR), soon.id, incidentForm({ date: "2026-03-03" }), day(0))).id;
    ok(recordOffence(t.actorFor(INVESTIGATOR), soon.id, offenceForm()));
    // Charged: no deadline, nobody told.
    ok(recordOffence(t.actorFor(INVESTIGATOR), soon.id, offenceForm({ status: "charged", chargedOn: "2026-08-01" })));
  });

  it("tells the officer in the case and the lead agency's supervisors, not the other agencies on the team", () => {
    sendDeadlineAlerts(day(0));
    const text =
      "Last day to charge on case " +
      soon.reference +
      " is in 14 days (3 September 2026): Stalking (Protection from Harassment Act 1997, s2A)";
    expect(told(INVESTIGATOR, soon)).toEqual([text]);
    expect(told(SUPERVISOR, soon)).toEqual([text]);
    expect(told(PRACTITIONER, soon)).toEqual([]);
    expect(told(ADVOCATE, soon)).toEqual([]);
    expect(told(SPOC, soon)).toEqual([]);
  });

  it("tells nobody twice for the same band, however often it runs", () => {
    sendDeadlineAlerts(day(0));
    sendDeadlineAlerts(day(1));
    sendDeadlineAlerts(day(6));
    expect(told(INVESTIGATOR, soon)).toHaveLength(1);
  });

  it("tells again when the deadline enters the 7-day band, and on the last day nothing more", () => {
    sendDeadlineAlerts(day(7)); // 7 days left
    expect(told(INVESTIGATOR, soon).at(-1)).toContain("is in 7 days (3 September 2026)");
    sendDeadlineAlerts(day(14)); // the last day itself: still the 7-day band, already told
    sendDeadlineAlerts(day(15)); // passed: the home page says so; no notification
    expect(told(INVESTIGATOR, soon)).toHaveLength(2);
  });

  it("treats a last day that moves as a new deadline", () => {
    // The latest incident moves to 10 March: last day 10 September, 13 days after 28 August.
    ok(editIncident(t.actorFor(INVESTIGATOR), soon.id, incidentId, incidentForm({ date: "2026-03-10" }), day(8)));
    sendDeadlineAlerts(day(8));
    expect(told(INVESTIGATOR, soon).at(-1)).toContain("is in 13 days (10 September 2026)");
    expect(told(INVESTIGATOR, soon)).toHaveLength(3);
  });

  it("sends only the tightest band for a deadline first seen close, and links to the case's offences", () => {
    const late = makeCase(t, { team: [[SPOC, "officer_in_case"]] });
    ok(recordIncident(t.actorFor(SPOC), late.id, incidentForm({ date: "2026-03-01" }), day(8))); // 1 September: 4 days
    ok(recordOffence(t.actorFor(SPOC), late.id, offenceForm()));
    expect(sendDeadlineAlerts(day(8))).toEqual({ alerts: 1, notified: 2, examined: 1 }); // the SPOC and the supervisor
    expect(told(SPOC, late)).toEqual([expect.stringContaining("is in 4 days (1 September 2026)")]);
    expect(told(SUPERVISOR, late)).toHaveLength(1);
    const href = t.db
      .select({ href: notifications.href })
      .from(notifications)
      .where(and(eq(notifications.userId, t.userId(SPOC)), eq(notifications.kind, "deadline")))
      .all()
      .at(-1)!.href;
    expect(href).toBe(`/cases/${late.id}/offences`);
  });

  it("says nothing of a retracted offence", () => {
    const gone = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    ok(recordIncident(t.actorFor(INVESTIGATOR), gone.id, incidentForm({ date: "2026-03-01" }), day(8)));
    const offenceId = ok(recordOffence(t.actorFor(INVESTIGATOR), gone.id, offenceForm())).id;
    t.db
      .update(caseRecords)
      .set({
        retractedAt: day(8).toISOString(),
        retractedBy: t.userId(INVESTIGATOR),
        retractionReason: "Recorded on the wrong case",
      })
      .where(eq(caseRecords.id, offenceId))
      .run();
    expect(sendDeadlineAlerts(day(8))).toEqual({ alerts: 0, notified: 0, examined: 0 });
    expect(told(INVESTIGATOR, gone)).toEqual([]);
  });

  it("drains a backlog in batches, each offence told once, and then reads nothing it has already told of", async () => {
    const backlog = makeCase(t, { team: [[SPOC, "officer_in_case"]] });
    ok(recordIncident(t.actorFor(SPOC), backlog.id, incidentForm({ date: "2026-03-02" }), day(8)));
    for (let i = 0; i < 3; i++) ok(recordOffence(t.actorFor(SPOC), backlog.id, offenceForm()));
    const batches: number[] = [];
    const taken = await drainInBatches((limit) => {
      const batch = sendDeadlineAlerts(day(8), limit);
      batches.push(batch.examined);
      return batch.examined;
    }, 2);
    expect(batches).toEqual([2, 1]);
    expect(taken).toBe(3);
    expect(told(SPOC, backlog)).toHaveLength(3);
    expect(sendDeadlineAlerts(day(8))).toEqual({ alerts: 0, notified: 0, examined: 0 });
  });
});
