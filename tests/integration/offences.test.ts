// Offences and the six-month limit through the gate, on a real SQLite file with the demo partnership: who may
// record and read offences, bad input (nothing saved), the last day to charge kept up to date as incidents change,
// and the home page's charging deadlines for the officer in the case and their supervisor.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editIncident, recordIncident } from "~/services/incidents.server";
import {
  caseChargingDeadlines,
  caseOffences,
  homeChargingDeadlines,
  newOffencePage,
  offenceForEdit,
  recordOffence,
  updateOffence,
} from "~/services/offences.server";
import { caseRecords, cases, offences } from "../../db/schema";
import { count, incidentForm, makeCase, offenceForm, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
// A fixed "now" (13:00 BST on 20 August 2026), so deadlines are worked by hand.
const NOW = new Date("2026-08-20T12:00:00Z");
const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PROSECUTOR = "prosecutor@cps.concord.test";
const SPOC = "spoc@police.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const S2A = "Stalking (Protection from Harassment Act 1997, s2A)";

function ok<T extends { ok: boolean }>(r: T): T & { ok: true; id: string } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true; id: string };
}
const incident = (email: string, caseId: string, o: Parameters<typeof incidentForm>[0]) =>
  ok(recordIncident(t.actorFor(email), caseId, incidentForm(o), NOW)).id;
const offence = (email: string, caseId: string, o: Parameters<typeof offenceForm>[0] = {}) =>
  ok(recordOffence(t.actorFor(email), caseId, offenceForm(o))).id;
const lastDay = (id: string) =>
  t.db.select({ d: offences.lastDayToCharge }).from(offences).where(eq(offences.recordId, id)).get()?.d;
const writes = () => [count(t, "case_records"), count(t, "offences"), count(t, "search_documents")];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("recording offences", () => {
  let c: TestCase;
  beforeAll(() => {
    c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
        [PROSECUTOR, "prosecutor"],
      ],
    });
    // Entered out of order; the latest is 3 March 2026.
    incident(INVESTIGATOR, c.id, { date: "2026-03-03", crimeReference: "NS/700/26" });
    incident(INVESTIGATOR, c.id, { date: "2026-01-20", crimeReference: "NS/701/26" });
  });

  it("gives a summary-only offence its last day to charge: six months from the latest incident", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const id = offence(INVESTIGATOR, c.id, { crimeReference: "ns/700/26" });
    expect(t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()).toMatchObject({
      kind: "offence",
      category: "investigation",
      ownerAgencyId: investigator.agencyId,
      title: S2A,
      summary: `${S2A}: under investigation`,
    });
    expect(t.db.select().from(offences).where(eq(offences.recordId, id)).get()).toMatchObject({
      offenceType: "stalking_s2a",
      summaryOnly: true,
      crimeReference: "NS/700/26",
      status: "under_investigation",
      lastDayToCharge: "2026-09-03",
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "offence.create", outcome: "done", subjectId: id });
    expect(caseChargingDeadlines(investigator, c.id, NOW)).toEqual([
      {
        recordId: id,
        caseId: c.id,
        caseReference: c.reference,
        offence: S2A,
        lastDay: "2026-09-03",
        lastDayText: "3 September 2026",
        days: 14,
        daysText: "14 days",
        band: "within_14",
      },
    ]);
  });

  it("gives an either-way offence no time limit; asks whether an 'other' offence is summary only", () => {
    expect(lastDay(offence(INVESTIGATOR, c.id, { offenceType: "stalking_s4a" }))).toBeNull();
    const other = offence(INVESTIGATOR, c.id, {
      offenceType: "other",
      otherDescription: "Criminal damage under £5,000",
      summaryOnly: "yes",
    });
    expect(t.db.select().from(offences).where(eq(offences.recordId, other)).get()).toMatchObject({
      summaryOnly: true,
      lastDayToCharge: "2026-09-03",
    });
    expect(
      t.db.select({ title: caseRecords.title }).from(caseRecords).where(eq(caseRecords.id, other)).get()?.title,
    ).toBe("Criminal damage under £5,000");
  });

  it("shows offences to police and, once referred for charging, the CPS; never to probation", () => {
    const practitioner = t.actorFor(PRACTITIONER);
    expect(caseOffences(practitioner, c.id, NOW)).toMatchObject({ offences: [], canRecord: false });
    expect(caseChargingDeadlines(practitioner, c.id, NOW)).toEqual([]);
    expect(caseChargingDeadlines(t.actorFor(PROSECUTOR), c.id, NOW)).toEqual([]);
    expect(caseOffences(t.actorFor(INVESTIGATOR), c.id, NOW).offences.length).toBe(3);

    t.db.update(cases).set({ chargingReferredAt: "2026-08-01T09:00:00.000Z" }).where(eq(cases.id, c.id)).run();
    const prosecutor = t.actorFor(PROSECUTOR);
    expect(caseChargingDeadlines(prosecutor, c.id, NOW).map((d) => d.lastDayText)).toEqual([
      "3 September 2026",
      "3 September 2026",
    ]);
    expect(caseOffences(prosecutor, c.id, NOW)).toMatchObject({ canRecord: false });
    expect(caseOffences(prosecutor, c.id, NOW).offences.every((o) => !o.canEdit)).toBe(true);
    t.db.update(cases).set({ chargingReferredAt: null }).where(eq(cases.id, c.id)).run();
  });

  it("refuses probation, the CPS, people off the team and made-up cases with a 404, audited, nothing saved", () => {
    const before = writes();
    for (const email of [PRACTITIONER, PROSECUTOR, SPOC, "admin@police.concord.test"]) {
      expect(statusOf(() => recordOffence(t.actorFor(email), c.id, offenceForm()))).toBe(404);
      expect(t.auditRows().at(-1)).toMatchObject({ outcome: "denied" });
      expect(statusOf(() => newOffencePage(t.actorFor(email), c.id))).toBe(404);
    }
    expect(statusOf(() => caseOffences(t.actorFor(SPOC), c.id))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "offences.view", outcome: "denied" });
    expect(statusOf(() => recordOffence(t.actorFor(INVESTIGATOR), "made-up-case", offenceForm()))).toBe(404);
    const [id] = caseOffences(t.actorFor(INVESTIGATOR), c.id).offences.map((o) => o.id);
    expect(statusOf(() => offenceForEdit(t.actorFor(PRACTITIONER), c.id, id!))).toBe(404);
    expect(
      statusOf(() => updateOffence(t.actorFor(PROSECUTOR), c.id, id!, offenceForm({ status: "no_further_action" }))),
    ).toBe(404);
    expect(writes()).toEqual(before);
  });

  it("refuses bad input with clear messages and saves nothing", () => {
    const other = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    incident(INVESTIGATOR, other.id, { crimeReference: "NS/800/26" });
    offence(INVESTIGATOR, other.id, { crimeReference: "NS/801/26" });
    const before = writes();
    const refused = (values: Record<string, string>) => {
      const r = recordOffence(t.actorFor(INVESTIGATOR), c.id, values);
      if (r.ok) throw new Error("expected a refusal");
      return r.errors;
    };
    expect(refused({})).toEqual({ offenceType: "Select the offence", status: "Select the status of the offence" });
    expect(refused(offenceForm({ offenceType: "other" }))).toEqual({
      otherDescription: "Enter the offence",
      summaryOnly: "Select whether the offence is summary only",
    });
    expect(
      refused(offenceForm({ offenceType: "other", otherDescription: "x".repeat(201), summaryOnly: "yes" })),
    ).toEqual({ otherDescription: "The offence must be 200 characters or fewer" });
    expect(refused(offenceForm({ offenceType: "burglary" }))).toEqual({ offenceType: "Select the offence" });
    expect(refused(offenceForm({ status: "charged" }))).toEqual({ chargedOn: "Enter the date of charge" });
    expect(refused(offenceForm({ status: "charged", chargedOn: "2099-01-01" }))).toEqual({
      chargedOn: "Date of charge must be today or in the past",
    });
    expect(refused(offenceForm({ chargedOn: "2026-08-01" }))).toEqual({
      chargedOn: "Only give a date of charge when the offence has been charged",
    });
    expect(refused(offenceForm({ outcomeCode: "99" }))).toEqual({ outcomeCode: "Select an outcome from the list" });
    // A crime reference another case holds, on an incident or on an offence, without naming the case.
    expect(refused(offenceForm({ crimeReference: "ns/800/26" }))).toEqual({
      crimeReference: "This crime reference is already recorded on another case",
    });
    expect(refused(offenceForm({ crimeReference: "NS/801/26" }))).toEqual({
      crimeReference: "This crime reference is already recorded on another case",
    });
    expect(writes()).toEqual(before);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "offence.create", outcome: "failed" });
  });
});

describe("the last day to charge follows the course of conduct", () => {
  it("moves when an edit moves the latest incident later or earlier, and when a later incident is recorded", () => {
    const c = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    const march = incident(INVESTIGATOR, c.id, { date: "2026-03-03" });
    incident(INVESTIGATOR, c.id, { date: "2026-01-20" });
    const s2a = offence(INVESTIGATOR, c.id);
    const s4a = offence(INVESTIGATOR, c.id, { offenceType: "stalking_s4a" });
    expect(lastDay(s2a)).toBe("2026-09-03");

    const edit = (date: string) => ok(editIncident(t.actorFor(INVESTIGATOR), c.id, march, incidentForm({ date }), NOW));
    edit("2026-05-10");
    expect(lastDay(s2a)).toBe("2026-11-10");
    // Moved back before 20 January's neighbour: the latest is now 1 February, so 1 August (passed by "now").
    edit("2026-02-01");
    expect(lastDay(s2a)).toBe("2026-08-01");
    expect(caseChargingDeadlines(t.actorFor(INVESTIGATOR), c.id, NOW)[0]).toMatchObject({
      days: -19,
      daysText: "Time limit passed",
      band: "passed",
    });
    incident(INVESTIGATOR, c.id, { date: "2026-07-15" });
    expect(lastDay(s2a)).toBe("2027-01-15");
    expect(lastDay(s4a)).toBeNull();
  });

  it("starts when the first incident is recorded after the offence, and stops once charged", () => {
    const c = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    const s2a = offence(INVESTIGATOR, c.id);
    expect(lastDay(s2a)).toBeNull();
    incident(INVESTIGATOR, c.id, { date: "2025-08-31" });
    expect(lastDay(s2a)).toBe("2026-02-28");

    ok(
      updateOffence(
        t.actorFor(INVESTIGATOR),
        c.id,
        s2a,
        offenceForm({ status: "charged", chargedOn: "2026-02-20", outcomeCode: "charged" }),
      ),
    );
    expect(t.db.select().from(offences).where(eq(offences.recordId, s2a)).get()).toMatchObject({
      status: "charged",
      chargedOn: "2026-02-20",
      outcomeCode: "charged",
      lastDayToCharge: null,
    });
    expect(t.db.select({ s: caseRecords.summary }).from(caseRecords).where(eq(caseRecords.id, s2a)).get()?.s).toBe(
      `${S2A}: charged`,
    );
    expect(t.auditRows().at(-1)).toMatchObject({ action: "offence.update", outcome: "done" });
    expect(offenceForEdit(t.actorFor(INVESTIGATOR), c.id, s2a).values).toMatchObject({
      status: "charged",
      "chargedOn-day": "20",
      "chargedOn-month": "2",
      "chargedOn-year": "2026",
    });

    ok(updateOffence(t.actorFor(INVESTIGATOR), c.id, s2a, offenceForm({ status: "under_investigation" })));
    expect(lastDay(s2a)).toBe("2026-02-28");
  });
});

describe("charging deadlines on the home page", () => {
  const mine = (email: string, ids: string[]) =>
    homeChargingDeadlines(t.actorFor(email), NOW).filter((d) => ids.includes(d.caseId));
  let soon: TestCase;
  let spocs: TestCase;
  let passed: TestCase;
  let later: TestCase;
  let notOfficer: TestCase;
  let ids: string[];
  beforeAll(() => {
    soon = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
      ],
    });
    incident(INVESTIGATOR, soon.id, { date: "2026-03-03" }); // last day 3 September: 14 days
    offence(INVESTIGATOR, soon.id);
    offence(INVESTIGATOR, soon.id, { status: "charged", chargedOn: "2026-08-01" }); // charged: no deadline
    spocs = makeCase(t, { team: [[SPOC, "officer_in_case"]] });
    incident(SPOC, spocs.id, { date: "2026-02-25" }); // 25 August: 5 days
    offence(SPOC, spocs.id);
    passed = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    incident(INVESTIGATOR, passed.id, { date: "2026-01-10" }); // 10 July: passed
    offence(INVESTIGATOR, passed.id);
    later = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    incident(INVESTIGATOR, later.id, { date: "2026-06-01" }); // 1 December: more than 28 days away
    offence(INVESTIGATOR, later.id);
    notOfficer = makeCase(t, {
      team: [
        [SPOC, "officer_in_case"],
        [INVESTIGATOR, "coordinator"],
      ],
    });
    incident(SPOC, notOfficer.id, { date: "2026-03-01" }); // 1 September: 12 days
    offence(SPOC, notOfficer.id);
    ids = [soon.id, spocs.id, passed.id, later.id, notOfficer.id];
  });

  it("lists the officer in the case's own deadlines within 28 days and those passed, soonest first", () => {
    expect(mine(INVESTIGATOR, ids).map((d) => [d.caseReference, d.lastDayText, d.daysText, d.band])).toEqual([
      [passed.reference, "10 July 2026", "Time limit passed", "passed"],
      [soon.reference, "3 September 2026", "14 days", "within_14"],
    ]);
    expect(mine(SPOC, ids).map((d) => [d.caseReference, d.daysText, d.band])).toEqual([
      [spocs.reference, "5 days", "within_7"],
      [notOfficer.reference, "12 days", "within_14"],
    ]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "charging_deadlines.view", outcome: "allowed" });
  });

  it("lists a police supervisor every case their agency leads", () => {
    expect(mine(SUPERVISOR, ids).map((d) => d.caseReference)).toEqual([
      passed.reference,
      spocs.reference,
      notOfficer.reference,
      soon.reference,
    ]);
  });

  it("lists nothing for other agencies on the team", () => {
    expect(mine(PRACTITIONER, ids)).toEqual([]);
    expect(mine("advocate@isac.concord.test", ids)).toEqual([]);
  });
});
