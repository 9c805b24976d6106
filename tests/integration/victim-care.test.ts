// Victim care through the gate, on a real SQLite file with the demo partnership: contact details withheld
// uniformly, summary-only victim care for the rest of the team, versions kept, stale saves refused, bad input
// saving nothing, the officer's "victim updates due", and the audit trail.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "~/domain/expiry-date";
import { addCalendarDays } from "~/domain/victim-care";
import {
  addReferral,
  recordUpdateGiven,
  respondToReferral,
  saveContact,
  saveNeeds,
  saveSafetyPlan,
  saveUpdatePlan,
  saveVictimsCode,
  victimCareForm,
  victimCarePage,
  victimUpdatesDue,
  readContact,
} from "~/services/victim-care.server";
import { caseRecords, recordVersions, supportReferrals, victimUpdatePlans } from "../../db/schema";
import { dateFields as date, makeCase, type TestCase } from "./order-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
// A fresh case with the worked case's kind of team, so the demo seed's own victim care cannot change the results.
let kase: TestCase;
let worked: string;
const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";

const NOW = new Date();
const TODAY = londonToday(NOW);
const PHONE = "07700 900456";
const ADDRESS = "3 Quillon Row, Northshire NS9 2ZZ";

const recordCount = () => t.db.select({ id: caseRecords.id }).from(caseRecords).all().length;
const plansOf = (caseId: string) =>
  t.db.select().from(victimUpdatePlans).where(eq(victimUpdatePlans.caseId, caseId)).all();
const mine = <T extends { caseId: string }>(rows: T[]) => rows.filter((r) => r.caseId === worked);
const contact = (over: Record<string, string | string[]> = {}) => ({
  baseVersion: "0",
  address: ADDRESS,
  phone: PHONE,
  email: "",
  workplace: "Northshire Library",
  safeTimes: "Weekdays 10am to 12pm",
  safeMethod: "phone_call",
  avoidMethods: ["letter"],
  leaveMessages: "no",
  notes: "",
  ...over,
});

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  kase = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [PSYCHOLOGIST, "psychologist"],
    ],
  });
  worked = kase.id;
});
afterAll(() => t.cleanup());

describe("victim contact details", () => {
  it("are withheld from probation with the same marker before and after any are recorded", () => {
    const before = victimCarePage(t.actorFor(PRACTITIONER), worked, NOW);
    expect(before.contact).toEqual({ state: "withheld", heldBy: "the victim's advocate and the police case team" });
    expect(victimCarePage(t.actorFor(ADVOCATE), worked, NOW).contact).toEqual({ state: "none" });

    const saved = saveContact(t.actorFor(ADVOCATE), worked, contact(), NOW);
    expect(saved.ok).toBe(true);
    const id = (saved as { id: string }).id;
    expect(t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()).toMatchObject({
      kind: "victim_contact",
      category: "victim_contact",
      cavVictimConfidential: true,
      ownerAgencyId: t.actorFor(ADVOCATE).agencyId,
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "victim_contact.record", outcome: "done", subjectId: id });

    // Exactly what probation saw before: nothing on the page says the details now exist.
    const after = victimCarePage(t.actorFor(PRACTITIONER), worked, NOW);
    expect(after).toEqual(before);
    for (const email of [PRACTITIONER, PSYCHOLOGIST]) {
      const page = JSON.stringify(victimCarePage(t.actorFor(email), worked, NOW));
      expect(page).not.toContain(PHONE);
      expect(page).not.toContain("Quillon");
    }
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "victim_care.view",
      outcome: "allowed",
      detail: expect.stringContaining('"contact":"withheld"'),
    });
  });

  it("are shown to the advocate and the police case team, and their reading is audited", () => {
    for (const email of [ADVOCATE, INVESTIGATOR]) {
      const page = victimCarePage(t.actorFor(email), worked, NOW);
      expect(page.contact).toMatchObject({
        state: "shown",
        item: {
          level: "full",
          body: {
            phone: PHONE,
            address: ADDRESS,
            safeMethod: "phone_call",
            avoidMethods: ["letter"],
            leaveMessages: false,
          },
        },
      });
      expect(t.auditRows().at(-1)).toMatchObject({ action: "victim_contact.view", outcome: "allowed" });
    }
  });

  it("refuse recording by probation (404, audited), and the form is refused too", () => {
    const before = recordCount();
    expect(statusOf(() => saveContact(t.actorFor(PRACTITIONER), worked, contact(), NOW))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "victim_contact.record", outcome: "denied" });
    expect(statusOf(() => victimCareForm(t.actorFor(PRACTITIONER), worked, "victim_contact", readContact))).toBe(404);
    expect(recordCount()).toBe(before);
  });

  it("keep earlier versions; a save based on an older version is refused and changes nothing", () => {
    const advocate = t.actorFor(ADVOCATE);
    expect(saveContact(advocate, worked, contact({ baseVersion: "1", phone: "07700 900789" }), NOW).ok).toBe(true);
    const page = victimCarePage(advocate, worked, NOW);
    expect(page.contact).toMatchObject({ state: "shown", item: { version: 2, body: { phone: "07700 900789" } } });
    const id = (page.contact as { item: { id: string } }).item.id;
    expect(t.db.select().from(recordVersions).where(eq(recordVersions.recordId, id)).all()).toEqual([
      expect.objectContaining({ version: 1, authorUserId: advocate.userId, body: expect.stringContaining(PHONE) }),
    ]);

    const stale = saveContact(
      t.actorFor(INVESTIGATOR),
      worked,
      contact({ baseVersion: "1", phone: "07700 900000" }),
      NOW,
    );
    expect(stale).toMatchObject({
      ok: false,
      stale: true,
      errors: { form: expect.stringContaining("Someone changed this since you opened it") },
    });
    expect(t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()).toMatchObject({ version: 2 });

    // The police case team revise the same record (one picture for the victim), which the advocate then sees.
    expect(
      saveContact(t.actorFor(INVESTIGATOR), worked, contact({ baseVersion: "2", safeTimes: "Evenings after 6pm" }), NOW)
        .ok,
    ).toBe(true);
    expect(victimCarePage(advocate, worked, NOW).contact).toMatchObject({
      state: "shown",
      item: { version: 3, recordedBy: "Dana Whitlock", body: { safeTimes: "Evenings after 6pm" } },
    });
    expect(
      t.db
        .select()
        .from(recordVersions)
        .where(eq(recordVersions.recordId, id))
        .all()
        .find((v) => v.version === 2)?.authorUserId,
    ).toBe(advocate.userId);
  });

  it("refuse bad input with a message per field, saving nothing", () => {
    const before = JSON.stringify(t.db.select().from(caseRecords).all());
    const result = saveContact(
      t.actorFor(ADVOCATE),
      worked,
      contact({
        baseVersion: "3",
        phone: "call me maybe",
        email: "not-an-email",
        safeMethod: "",
        avoidMethods: ["carrier_pigeon"],
        leaveMessages: "",
        notes: "n".repeat(2001),
      }),
      NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        phone: "Enter a phone number, like 07700 900 982 or +44 808 157 0192",
        email: "Enter an email address in the correct format, like name@example.org",
        safeMethod: "Select the safest way to contact the victim",
        avoidMethods: "Select ways not to contact the victim from the list",
        leaveMessages: "Select whether it is safe to leave messages",
        notes: "Notes must be 2,000 characters or fewer",
      },
    });
    expect(
      saveContact(t.actorFor(ADVOCATE), worked, contact({ baseVersion: "3", avoidMethods: ["phone_call"] }), NOW),
    ).toMatchObject({
      ok: false,
      errors: { avoidMethods: "The safest way to contact the victim cannot also be a way not to use" },
    });
    expect(JSON.stringify(t.db.select().from(caseRecords).all())).toBe(before);
  });
});

describe("the safety plan", () => {
  const plan = {
    baseVersion: "0",
    measures: "Personal alarm issued\nRoute to work varied",
    advice: ["privacy_settings", "keep_evidence"],
    otherAdvice: "",
    ...date("reviewOn", addCalendarDays(TODAY, 28)),
  };

  it("is recorded by the advocate and seen in full by the police, as a summary line only by probation", () => {
    const saved = saveSafetyPlan(t.actorFor(ADVOCATE), worked, plan, NOW);
    expect(saved.ok).toBe(true);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "safety_plan.record", outcome: "done" });

    expect(victimCarePage(t.actorFor(INVESTIGATOR), worked, NOW).safetyPlan).toMatchObject({
      level: "full",
      body: {
        measures: ["Personal alarm issued", "Route to work varied"],
        advice: ["privacy_settings", "keep_evidence"],
      },
    });
    const probation = victimCarePage(t.actorFor(PRACTITIONER), worked, NOW);
    expect(probation.safetyPlan).toMatchObject({
      level: "summary",
      title: "Safety plan",
      body: null,
      recordedBy: "Northshire Stalking Advocacy Service",
    });
    expect(probation.safetyPlan?.summary).toMatch(/^Safety plan in place, next review \d{1,2} \w+ \d{4}$/);
    expect(probation.careVisible).toBe(true);
    expect(probation.canRecordCare).toBe(false);
    expect(JSON.stringify(probation)).not.toContain("Personal alarm");
    expect(JSON.stringify(probation)).not.toContain("privacy_settings");
  });

  it("refuses bad input and advice that is not on the list, saving nothing", () => {
    const before = recordCount();
    const result = saveSafetyPlan(
      t.actorFor(ADVOCATE),
      worked,
      {
        baseVersion: "1",
        measures: "",
        advice: ["come_off_social_media"],
        ...date("reviewOn", addCalendarDays(TODAY, -1)),
      },
      NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        advice: "Select online safety advice from the list",
        reviewOn: "The review date must be today or in the future",
      },
    });
    expect(
      saveSafetyPlan(t.actorFor(ADVOCATE), worked, { baseVersion: "1", measures: "", ...date("reviewOn", TODAY) }, NOW),
    ).toMatchObject({
      ok: false,
      errors: { measures: "Enter at least one safety measure or select the online safety advice given" },
    });
    expect(
      saveSafetyPlan(
        t.actorFor(ADVOCATE),
        worked,
        {
          baseVersion: "1",
          measures: "x".repeat(301),
          "reviewOn-day": "31",
          "reviewOn-month": "2",
          "reviewOn-year": "2027",
        },
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      errors: {
        measures: "Safety measures: line 1 must be 300 characters or fewer",
        reviewOn: "The review date must be a real date",
      },
    });
    expect(recordCount()).toBe(before);
    expect(statusOf(() => saveSafetyPlan(t.actorFor(PRACTITIONER), worked, plan, NOW))).toBe(404);
    expect(recordCount()).toBe(before);
  });
});

describe("agreed updates", () => {
  it("puts the next update on the officer in the case's home page and moves it on when an update is given", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const agreedOn = addCalendarDays(TODAY, -10);
    expect(
      saveUpdatePlan(
        investigator,
        worked,
        { baseVersion: "0", frequency: "14", method: "phone", ...date("agreedOn", agreedOn) },
        NOW,
      ).ok,
    ).toBe(true);
    const row = plansOf(worked);
    expect(row).toEqual([
      expect.objectContaining({
        frequencyDays: 14,
        method: "phone",
        nextDueOn: addCalendarDays(agreedOn, 14),
        lastUpdateOn: null,
      }),
    ]);

    expect(mine(victimUpdatesDue(investigator, NOW))).toEqual([
      { caseId: worked, reference: kase.reference, nextDueOn: addCalendarDays(TODAY, 4), overdue: false },
    ]);
    // Only the officer in the case is reminded.
    expect(mine(victimUpdatesDue(t.actorFor(ADVOCATE), NOW))).toEqual([]);
    expect(mine(victimUpdatesDue(t.actorFor("supervisor@police.concord.test"), NOW))).toEqual([]);
    // Overdue once the day has passed.
    expect(mine(victimUpdatesDue(investigator, new Date(NOW.getTime() + 6 * 86_400_000)))[0]).toMatchObject({
      overdue: true,
    });

    expect(recordUpdateGiven(investigator, worked, date("givenOn", TODAY), NOW).ok).toBe(true);
    expect(plansOf(worked)[0]).toMatchObject({ lastUpdateOn: TODAY, nextDueOn: addCalendarDays(TODAY, 14) });
    expect(mine(victimUpdatesDue(investigator, NOW))).toEqual([]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "victim_update.given", outcome: "done" });

    const probation = victimCarePage(t.actorFor(PRACTITIONER), worked, NOW).plan;
    expect(probation).toMatchObject({ level: "summary", body: null, plan: null });
    expect(probation?.summary).toMatch(/^Updates agreed every 14 days; next update due /);
  });

  it("changing the agreement keeps the last update and the history", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const before = victimCarePage(investigator, worked, NOW).plan!;
    expect(
      saveUpdatePlan(
        investigator,
        worked,
        {
          baseVersion: String(before.version),
          frequency: "custom",
          customDays: "3",
          method: "via_advocate",
          ...date("agreedOn", TODAY),
        },
        NOW,
      ).ok,
    ).toBe(true);
    expect(plansOf(worked)[0]).toMatchObject({
      frequencyDays: 3,
      method: "via_advocate",
      lastUpdateOn: TODAY,
      nextDueOn: addCalendarDays(TODAY, 3),
    });
    const after = victimCarePage(investigator, worked, NOW).plan!;
    expect(after.body?.updatesGiven).toEqual([{ on: TODAY, by: investigator.userId }]);
    expect(after.version).toBe(before.version + 1);
  });

  it("refuses bad input: a custom frequency out of range, an update in the future", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const before = JSON.stringify(plansOf(worked));
    expect(
      saveUpdatePlan(
        investigator,
        worked,
        {
          baseVersion: "3",
          frequency: "custom",
          customDays: "91",
          method: "",
          ...date("agreedOn", addCalendarDays(TODAY, 1)),
        },
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      errors: {
        customDays: "Enter a number of days between 1 and 90",
        method: "Select how the victim will be updated",
        agreedOn: "The date the updates were agreed must be today or in the past",
      },
    });
    expect(recordUpdateGiven(investigator, worked, date("givenOn", addCalendarDays(TODAY, 1)), NOW)).toMatchObject({
      ok: false,
      errors: { givenOn: "The date of the update must be today or in the past" },
    });
    expect(JSON.stringify(plansOf(worked))).toBe(before);
  });
});

describe("referrals, rights and needs", () => {
  it("records a referral and the victim's response, with its detail row", () => {
    const advocate = t.actorFor(ADVOCATE);
    const offeredOn = addCalendarDays(TODAY, -5);
    const added = addReferral(
      advocate,
      worked,
      { service: "mental_health", ...date("offeredOn", offeredOn), response: "pending" },
      NOW,
    );
    expect(added.ok).toBe(true);
    const id = (added as { id: string }).id;
    expect(t.db.select().from(supportReferrals).where(eq(supportReferrals.recordId, id)).get()).toMatchObject({
      service: "mental_health",
      offeredOn,
      response: "pending",
      respondedOn: null,
    });

    expect(
      respondToReferral(
        advocate,
        worked,
        id,
        { baseVersion: "1", response: "accepted", ...date("respondedOn", addCalendarDays(offeredOn, -1)) },
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      errors: { respondedOn: "The date of the response must be on or after the date support was offered" },
    });
    expect(
      respondToReferral(
        advocate,
        worked,
        id,
        { baseVersion: "1", response: "accepted", ...date("respondedOn", TODAY) },
        NOW,
      ).ok,
    ).toBe(true);
    expect(t.db.select().from(supportReferrals).where(eq(supportReferrals.recordId, id)).get()).toMatchObject({
      response: "accepted",
      respondedOn: TODAY,
    });

    // Probation learns support was offered and accepted, never which service (itself health information).
    const probation = victimCarePage(t.actorFor(PRACTITIONER), worked, NOW);
    expect(probation.referrals).toEqual([
      expect.objectContaining({
        level: "summary",
        body: null,
        summary: expect.stringMatching(/^Specialist support offered on .+: accepted$/),
      }),
    ]);
    expect(JSON.stringify(probation)).not.toMatch(/mental/i);
    expect(
      statusOf(() =>
        respondToReferral(t.actorFor(PRACTITIONER), worked, id, { baseVersion: "2", response: "declined" }, NOW),
      ),
    ).toBe(404);
  });

  it("records enhanced rights and a needs assessment, checking the answers that depend on others", () => {
    const advocate = t.actorFor(ADVOCATE);
    expect(
      saveVictimsCode(advocate, worked, { baseVersion: "0", entitled: "yes", explained: "yes" }, NOW),
    ).toMatchObject({
      ok: false,
      errors: {
        reasons: "Select why the victim is entitled to enhanced rights",
        explainedOn: "Enter the date the rights were explained",
        explainedBy: "Enter who explained the rights",
        explainedHow: "Select how the rights were explained",
      },
    });
    expect(
      saveVictimsCode(
        advocate,
        worked,
        {
          baseVersion: "0",
          entitled: "yes",
          reasons: ["persistently_targeted"],
          explained: "yes",
          ...date("explainedOn", TODAY),
          explainedBy: "Jess Marlowe",
          explainedHow: "in_person",
        },
        NOW,
      ).ok,
    ).toBe(true);
    expect(victimCarePage(t.actorFor(PRACTITIONER), worked, NOW).victimsCode?.summary).toMatch(
      /^Entitled to enhanced rights under the Victims' Code; rights explained on /,
    );

    const levels = {
      level_safety: "high",
      level_health_wellbeing: "some",
      level_housing: "none",
      level_finances: "none",
      level_children_dependants: "none",
      level_work_education: "some",
      level_online_safety: "high",
    };
    expect(
      saveNeeds(advocate, worked, { baseVersion: "0", ...levels, ...date("completedOn", TODAY) }, NOW),
    ).toMatchObject({ ok: false, errors: { level_communication: "Select the level of need for communication needs" } });
    expect(
      saveNeeds(
        advocate,
        worked,
        {
          baseVersion: "0",
          ...levels,
          level_communication: "none",
          notes_safety: "Perpetrator knows her address",
          ...date("completedOn", TODAY),
        },
        NOW,
      ).ok,
    ).toBe(true);
    expect(victimCarePage(t.actorFor(INVESTIGATOR), worked, NOW).needs?.body?.areas.safety).toEqual({
      level: "high",
      notes: "Perpetrator knows her address",
    });
    const probation = JSON.stringify(victimCarePage(t.actorFor(PRACTITIONER), worked, NOW));
    expect(probation).toContain("Needs assessment completed on");
    expect(probation).not.toContain("knows her address");
  });
});

describe("people off the team", () => {
  it("get a 404 for the page and every write, audited", () => {
    const prosecutor = t.actorFor("prosecutor@cps.concord.test");
    expect(statusOf(() => victimCarePage(prosecutor, worked, NOW))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "case.view", outcome: "denied" });
    expect(statusOf(() => saveSafetyPlan(t.actorFor("spoc@police.concord.test"), worked, {}, NOW))).toBe(404);
  });

  it("a police supervisor off the team sees the case, police-owned victim care, and the rest only as withheld", () => {
    const page = victimCarePage(t.actorFor("supervisor@police.concord.test"), worked, NOW);
    expect(page.contact).toEqual({ state: "withheld", heldBy: "the victim's advocate and the police case team" });
    expect(JSON.stringify(page)).not.toContain("07700");
    // The investigator's update plan is their own agency's; the advocate's safety plan is not theirs to see, and
    // the page must not claim there is none.
    expect(page.plan).toMatchObject({ level: "full" });
    expect(page.safetyPlan).toBeNull();
    expect(page.careVisible).toBe(false);
  });
});
