import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import {
  answerClinicInformationRequest,
  clinicQueue,
  clinicReferralForTriage,
  createClinicReferral,
  referralsAwaitingMeeting,
  triageClinicReferral,
} from "~/services/clinic-referrals.server";
import { caseReferralsPage } from "~/services/mappa-referrals.server";
import { agencies, cases, clinicReferrals, meetingItems, meetings, notifications } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
let partnershipId: string;
const good = {
  reason: "Escalating contact after the interim order.",
  currentRisk: "high",
  ask: "Advice on risk management and a psychological assessment.",
};

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const c = getDb()
    .select({ id: cases.id, lead: cases.leadAgencyId })
    .from(cases)
    .where(eq(cases.reference, WORKED_CASE_REFERENCE))
    .get()!;
  caseId = c.id;
  partnershipId = getDb().select({ p: agencies.partnershipId }).from(agencies).where(eq(agencies.id, c.lead)).get()!.p;
});
afterAll(() => t.cleanup());

const count = () => getDb().select({ id: clinicReferrals.id }).from(clinicReferrals).all().length;
const notesFor = (email: string) =>
  getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.userId, t.userId(email)))
    .all();

describe("making a clinic referral", () => {
  it("lets any agency on the case team refer, and tells the clinic coordinator", () => {
    const advocate = t.actorFor("advocate@isac.concord.test");
    const result = createClinicReferral(advocate, caseId, good);
    expect(result.ok).toBe(true);
    const row = getDb()
      .select()
      .from(clinicReferrals)
      .where(eq(clinicReferrals.id, result.ok ? result.id : ""))
      .get()!;
    expect(row).toMatchObject({
      status: "pending",
      currentRisk: "high",
      referrerAgencyId: advocate.agencyId,
    });
    expect(
      notesFor("clinic@partnership.concord.test").some(
        (n) => n.kind === "clinic_referral" && n.href === `/clinic/referrals/${row.id}`,
      ),
    ).toBe(true);
    expect(
      t
        .auditRows()
        .some((a) => a.action === "clinic_referral.create" && a.outcome === "done" && a.subjectId === row.id),
    ).toBe(true);
  });

  it("refuses people not on the case team (404, audited, nothing saved)", () => {
    const before = count();
    for (const email of [
      "spoc@police.concord.test",
      "clinic@partnership.concord.test",
      "court@probation.concord.test",
    ]) {
      expect(statusOf(() => createClinicReferral(t.actorFor(email), caseId, good))).toBe(404);
    }
    expect(count()).toBe(before);
    expect(t.auditRows().some((a) => a.action === "clinic_referral.create" && a.outcome === "denied")).toBe(true);
  });

  it("returns every problem on bad input and saves nothing", () => {
    const before = count();
    const probation = t.actorFor("practitioner@probation.concord.test");
    const r = createClinicReferral(probation, caseId, {
      reason: " ",
      currentRisk: "extreme",
      ask: "",
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["ask", "currentRisk", "reason"]);
    const long = createClinicReferral(probation, caseId, {
      ...good,
      ask: "x".repeat(2001),
    });
    expect(long.ok ? {} : long.errors).toEqual({
      ask: "What you are asking must be 2,000 characters or fewer",
    });
    expect(count()).toBe(before);
  });
});

describe("triage", () => {
  let id: string;
  beforeAll(() => {
    const r = createClinicReferral(t.actorFor("investigator@police.concord.test"), caseId, good);
    id = r.ok ? r.id : "";
  });

  it("is the clinic coordinator's only: others get 404", () => {
    for (const email of [
      "investigator@police.concord.test",
      "mappa@partnership.concord.test",
      "supervisor@police.concord.test",
    ]) {
      const a = t.actorFor(email);
      expect(statusOf(() => clinicQueue(a, null))).toBe(404);
      expect(statusOf(() => clinicReferralForTriage(a, id))).toBe(404);
      expect(
        statusOf(() =>
          triageClinicReferral(a, id, {
            decision: "accepted",
            priority: "urgent",
          }),
        ),
      ).toBe(404);
    }
  });

  it("shows the coordinator referral fields and the case reference, not the case itself", () => {
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    const queue = clinicQueue(coordinator, "pending");
    const item = queue.referrals.find((r) => r.id === id)!;
    expect(item.caseReference).toBe(WORKED_CASE_REFERENCE);
    expect(item.reason).toBe(good.reason);
    // The coordinator is not on the team: opening the case stays under the gate.
    expect(statusOf(() => caseReferralsPage(coordinator, caseId))).toBe(404);
    expect(t.auditRows().some((a) => a.action === "clinic_referral.queue" && a.outcome === "allowed")).toBe(true);
  });

  it("rejects bad decisions without changing anything", () => {
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    for (const [values, field] of [
      [{}, "decision"],
      [{ decision: "accepted" }, "priority"],
      [{ decision: "accepted", priority: "yesterday" }, "priority"],
      [{ decision: "declined" }, "decisionReason"],
      [{ decision: "more_information", informationRequest: "" }, "informationRequest"],
    ] as const) {
      const r = triageClinicReferral(coordinator, id, values);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.errors)).toContain(field);
    }
    expect(getDb().select().from(clinicReferrals).where(eq(clinicReferrals.id, id)).get()!.status).toBe("pending");
  });

  it("asks for more information; the referrer answers on the case page; it returns to the queue", () => {
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    expect(
      triageClinicReferral(coordinator, id, {
        decision: "more_information",
        informationRequest: "Has the SPO application been made?",
      }).ok,
    ).toBe(true);
    expect(notesFor("investigator@police.concord.test").some((n) => n.kind === "referral_outcome")).toBe(true);
    const investigator = t.actorFor("investigator@police.concord.test");
    const page = caseReferralsPage(investigator, caseId);
    expect(page.clinic.find((r) => r.id === id)).toMatchObject({
      status: "more_information",
      canAnswer: true,
    });
    // Another agency on the team may not answer for the police.
    expect(
      statusOf(() =>
        answerClinicInformationRequest(t.actorFor("advocate@isac.concord.test"), caseId, id, {
          informationResponse: "x",
        }),
      ),
    ).toBe(404);
    const empty = answerClinicInformationRequest(investigator, caseId, id, {
      informationResponse: "  ",
    });
    expect(empty.ok).toBe(false);
    expect(
      answerClinicInformationRequest(investigator, caseId, id, {
        informationResponse: "Yes, heard on 3 March.",
      }).ok,
    ).toBe(true);
    expect(getDb().select().from(clinicReferrals).where(eq(clinicReferrals.id, id)).get()).toMatchObject({
      status: "pending",
      informationResponse: "Yes, heard on 3 March.",
    });
    // Not asked again: a second answer is refused.
    expect(
      answerClinicInformationRequest(investigator, caseId, id, {
        informationResponse: "More",
      }).ok,
    ).toBe(false);
  });

  it("accepts with a priority; the referrer sees the outcome; it waits for a meeting", () => {
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    expect(
      triageClinicReferral(coordinator, id, {
        decision: "accepted",
        priority: "urgent",
      }).ok,
    ).toBe(true);
    expect(
      triageClinicReferral(coordinator, id, {
        decision: "declined",
        decisionReason: "Changed my mind",
      }).ok,
    ).toBe(false);
    const page = caseReferralsPage(t.actorFor("investigator@police.concord.test"), caseId);
    expect(page.clinic.find((r) => r.id === id)).toMatchObject({
      status: "accepted",
      priority: "urgent",
      decidedBy: "Carys Wendle",
    });
    const waiting = referralsAwaitingMeeting("clinic", partnershipId);
    expect(waiting).toContainEqual({
      source: "clinic_referral",
      sourceId: id,
      caseId,
      priority: "urgent",
      reason: good.reason,
    });
    expect(referralsAwaitingMeeting("clinic", "another-partnership")).toEqual([]);
  });

  it("drops a referral from the waiting list once it is on a meeting's agenda", () => {
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    const at = new Date().toISOString();
    getDb()
      .insert(meetings)
      .values({
        id: "m-clinic",
        partnershipId,
        kind: "clinic_triage",
        title: "Clinic",
        startsAt: at,
        chairUserId: coordinator.userId,
        confidentialityStatement: "x",
        createdBy: coordinator.userId,
        createdAt: at,
      })
      .run();
    getDb()
      .insert(meetingItems)
      .values({
        id: "i-clinic",
        meetingId: "m-clinic",
        caseId,
        source: "clinic_referral",
        sourceId: id,
        position: 1,
        minutesAllowed: 15,
        priority: "urgent",
      })
      .run();
    expect(referralsAwaitingMeeting("clinic", partnershipId).map((r) => r.sourceId)).not.toContain(id);
  });

  it("declines with a reason", () => {
    const r = createClinicReferral(t.actorFor("psychologist@health.concord.test"), caseId, {
      ...good,
      currentRisk: "standard",
    });
    const rid = r.ok ? r.id : "";
    const coordinator = t.actorFor("clinic@partnership.concord.test");
    expect(
      triageClinicReferral(coordinator, rid, {
        decision: "declined",
        decisionReason: "Standard risk: advice given by phone.",
      }).ok,
    ).toBe(true);
    expect(clinicQueue(coordinator, "declined").referrals.map((x) => x.id)).toContain(rid);
    const mine = caseReferralsPage(t.actorFor("psychologist@health.concord.test"), caseId).clinic.find(
      (x) => x.id === rid,
    )!;
    expect(mine).toMatchObject({
      status: "declined",
      decisionReason: "Standard risk: advice given by phone.",
    });
  });
});
