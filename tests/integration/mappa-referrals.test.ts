import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { currentInstrument } from "~/instruments/index";
import { insertCaseRecord } from "~/services/case-record-store.server";
import {
  caseReferralsPage,
  casesDueForReview,
  createMappaReferral,
  endorseMappaReferral,
  linkableAssessments,
  mappaQueue,
  mappaReferralDetail,
  markReviewed,
  referralsAwaitingMeeting,
  screenMappaReferral,
} from "~/services/mappa-referrals.server";
import {
  agencies,
  cases,
  mappaReferrals,
  meetingItems,
  meetings,
  notifications,
  riskAssessments,
} from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
let caseId: string;
let partnershipId: string;
let samId: string;
let srpId: string;

function assessment(code: "sam" | "srp", ownerEmail: string, caveats: "health_confidential"[]): string {
  const owner = t.actorFor(ownerEmail);
  const instrument = currentInstrument(code);
  const at = new Date(Date.now() - 86_400_000).toISOString();
  return getDb().transaction((tx) => {
    const id = insertCaseRecord(
      tx,
      {
        caseId,
        kind: "risk_assessment",
        category: "risk_assessment",
        ownerAgencyId: owner.agencyId,
        authorUserId: owner.userId,
        status: "signed_off",
        caveats,
        title: instrument.name,
        summary: "High",
        body: {
          instrument: code,
          instrumentVersion: instrument.version,
          answers: {},
        },
      },
      at,
    );
    tx.insert(riskAssessments)
      .values({
        recordId: id,
        caseId,
        seriesId: id,
        versionNumber: 1,
        instrument: code,
        instrumentVersion: instrument.version,
        state: "signed_off",
        riskLevel: "high",
        submittedAt: at,
        submittedBy: owner.userId,
        signedOffAt: at,
        signedOffBy: owner.userId,
        reviewDueOn: "2099-01-01",
      })
      .run();
    return id;
  });
}

const form = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  levelRequested: "3",
  offenderName: "Kieran Voss",
  offenderAddress: "NFA",
  indexOffence: "Stalking involving fear of violence (s4A PHA 1997)",
  sentence: "18 months custody, released on licence",
  "indexOffenceOn-day": "3",
  "indexOffenceOn-month": "1",
  "indexOffenceOn-year": "2025",
  reasonForReferral: "Continued contact from custody; fixated on the victim.",
  oasysRosh: "very_high",
  proposedRiskManagement: "Licence conditions, exclusion zone, GPS tagging.",
  whyNotLevel1: "Needs police and health together; single-agency management failed.",
  victimIssues: "Victim fears release; safety plan with ISAC.",
  diversity: "None known",
  ...over,
});

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const c = getDb()
    .select({ id: cases.id, lead: cases.leadAgencyId })
    .from(cases)
    .where(eq(cases.reference, WORKED_CASE_REFERENCE))
    .get()!;
  caseId = c.id;
  partnershipId = getDb().select({ p: agencies.partnershipId }).from(agencies).where(eq(agencies.id, c.lead)).get()!.p;
  samId = assessment("sam", "psychologist@health.concord.test", ["health_confidential"]);
  srpId = assessment("srp", "practitioner@probation.concord.test", []);
});
afterAll(() => t.cleanup());

const count = () => getDb().select({ id: mappaReferrals.id }).from(mappaReferrals).all().length;
const row = (id: string) => getDb().select().from(mappaReferrals).where(eq(mappaReferrals.id, id)).get()!;

describe("the MAPPA A referral", () => {
  it("offers only signed-off SAM and SRP assessments the referrer may read", () => {
    expect(
      linkableAssessments(t.actorFor("practitioner@probation.concord.test"), caseId).map((a) => a.recordId),
    ).toEqual([srpId]);
    expect(
      linkableAssessments(t.actorFor("psychologist@health.concord.test"), caseId)
        .map((a) => a.recordId)
        .sort(),
    ).toEqual([samId, srpId].sort());
  });

  it("refuses an assessment the referrer may not read, and any bad input, saving nothing", () => {
    const probation = t.actorFor("practitioner@probation.concord.test");
    const before = count();
    const hidden = createMappaReferral(probation, caseId, form({ assessmentIds: [srpId, samId] }));
    expect(hidden.ok ? {} : hidden.errors).toEqual({
      assessmentIds: "Select assessments from the list",
    });
    const bad = createMappaReferral(probation, caseId, {
      levelRequested: "1",
      oasysRosh: "extreme",
      "indexOffenceOn-day": "31",
      "indexOffenceOn-month": "2",
      "indexOffenceOn-year": "2025",
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(Object.keys(bad.errors)).toEqual(
        expect.arrayContaining([
          "levelRequested",
          "offenderName",
          "offenderAddress",
          "indexOffence",
          "sentence",
          "indexOffenceOn",
          "reasonForReferral",
          "oasysRosh",
          "proposedRiskManagement",
          "whyNotLevel1",
          "victimIssues",
          "diversity",
        ]),
      );
    const future = createMappaReferral(probation, caseId, form({ "indexOffenceOn-year": "2999" }));
    expect(future.ok ? {} : future.errors).toHaveProperty("indexOffenceOn");
    expect(count()).toBe(before);
  });

  it("is made only by the case team", () => {
    for (const email of [
      "spo@probation.concord.test",
      "mappa@partnership.concord.test",
      "court@probation.concord.test",
    ])
      expect(statusOf(() => createMappaReferral(t.actorFor(email), caseId, form()))).toBe(404);
  });
});

describe("endorsement, screening and review", () => {
  let id: string;
  beforeAll(() => {
    const r = createMappaReferral(
      t.actorFor("practitioner@probation.concord.test"),
      caseId,
      form({ assessmentIds: srpId }),
    );
    id = r.ok ? r.id : "";
  });

  it("saves a draft with the linked assessment and asks the referrer's manager", () => {
    expect(row(id)).toMatchObject({ status: "draft", levelRequested: 3 });
    expect(JSON.parse(row(id).body).assessments.map((a: { recordId: string }) => a.recordId)).toEqual([srpId]);
    const spo = t.userId("spo@probation.concord.test");
    expect(
      getDb()
        .select()
        .from(notifications)
        .where(eq(notifications.userId, spo))
        .all()
        .some((n) => n.kind === "mappa_referral"),
    ).toBe(true);
  });

  it("is not seen by the coordinator before endorsement, nor by other agencies' supervisors", () => {
    expect(statusOf(() => mappaReferralDetail(t.actorFor("mappa@partnership.concord.test"), id))).toBe(404);
    expect(statusOf(() => mappaReferralDetail(t.actorFor("supervisor@police.concord.test"), id))).toBe(404);
    expect(
      statusOf(() =>
        endorseMappaReferral(t.actorFor("supervisor@police.concord.test"), id, {
          endorse: "yes",
        }),
      ),
    ).toBe(404);
    expect(statusOf(() => mappaQueue(t.actorFor("investigator@police.concord.test")))).toBe(404);
    expect(mappaQueue(t.actorFor("mappa@partnership.concord.test")).toScreen.map((r) => r.id)).not.toContain(id);
  });

  it("is endorsed by a supervisor of the referrer's agency: draft to submitted", () => {
    const spo = t.actorFor("spo@probation.concord.test");
    expect(mappaQueue(spo).toEndorse.map((r) => r.id)).toContain(id);
    expect(mappaReferralDetail(spo, id)).toMatchObject({
      canEndorse: true,
      canScreen: false,
    });
    const missing = endorseMappaReferral(spo, id, {});
    expect(missing.ok ? {} : missing.errors).toHaveProperty("endorse");
    expect(row(id).status).toBe("draft");
    expect(
      endorseMappaReferral(spo, id, {
        endorse: "yes",
        endorsementComment: "Agreed.",
      }).ok,
    ).toBe(true);
    expect(row(id)).toMatchObject({
      status: "submitted",
      endorsedBy: spo.userId,
    });
    expect(endorseMappaReferral(spo, id, { endorse: "yes" }).ok).toBe(false);
  });

  it("is screened by the MAPPA coordinator with reasons; bad decisions change nothing", () => {
    const coordinator = t.actorFor("mappa@partnership.concord.test");
    const detail = mappaReferralDetail(coordinator, id);
    expect(detail.canScreen).toBe(true);
    expect(detail.referral.body.assessments).toEqual([
      expect.objectContaining({ recordId: srpId, riskLevelLabel: "High" }),
    ]);
    expect(
      statusOf(() =>
        screenMappaReferral(t.actorFor("spo@probation.concord.test"), id, {
          meetsCategory3: "yes",
          decision: "accepted",
          levelDecided: "3",
          decisionReason: "x",
        }),
      ),
    ).toBe(404);
    for (const [values, field] of [
      [{}, "meetsCategory3"],
      [
        {
          meetsCategory3: "no",
          decision: "accepted",
          levelDecided: "2",
          decisionReason: "x",
        },
        "decision",
      ],
      [{ meetsCategory3: "yes", decision: "accepted", decisionReason: "x" }, "levelDecided"],
      [{ meetsCategory3: "yes", decision: "accepted", levelDecided: "3" }, "decisionReason"],
    ] as const) {
      const r = screenMappaReferral(coordinator, id, values);
      expect(r.ok ? {} : r.errors).toHaveProperty(field);
    }
    expect(row(id).status).toBe("submitted");
    expect(
      screenMappaReferral(coordinator, id, {
        meetsCategory3: "yes",
        decision: "accepted",
        levelDecided: "2",
        decisionReason: "Meets category 3; level 2 suffices with police and probation.",
      }).ok,
    ).toBe(true);
    expect(row(id)).toMatchObject({
      status: "accepted",
      meetsCategory3: true,
      levelDecided: 2,
      nextReviewOn: null,
    });
    expect(
      t.auditRows().some((a) => a.action === "mappa_referral.screen" && a.outcome === "done" && a.subjectId === id),
    ).toBe(true);
  });

  it("shows the outcome on the case page, with assessments re-checked for each reader", () => {
    const page = caseReferralsPage(t.actorFor("advocate@isac.concord.test"), caseId);
    const r = page.mappa.find((m) => m.id === id)!;
    expect(r).toMatchObject({ status: "accepted", levelDecided: 2 });
    expect(r.assessments).toHaveLength(1);
    const referrer = t.userId("practitioner@probation.concord.test");
    expect(
      getDb()
        .select()
        .from(notifications)
        .where(eq(notifications.userId, referrer))
        .all()
        .some((n) => n.kind === "referral_outcome" && n.text.includes("accepted at level 2")),
    ).toBe(true);
  });

  it("waits for a meeting, then is due for review at the level's interval", () => {
    expect(referralsAwaitingMeeting("mappa", partnershipId)).toContainEqual(
      expect.objectContaining({
        source: "mappa_referral",
        sourceId: id,
        caseId,
        priority: "soon",
      }),
    );
    expect(referralsAwaitingMeeting("mappa", partnershipId, 3).map((r) => r.sourceId)).not.toContain(id);
    const coordinator = t.actorFor("mappa@partnership.concord.test");
    getDb()
      .insert(meetings)
      .values({
        id: "m1",
        partnershipId,
        kind: "mappa_level2",
        title: "MAPPA L2",
        startsAt: "2026-03-02T10:00:00Z",
        chairUserId: coordinator.userId,
        status: "closed",
        confidentialityStatement: "x",
        createdBy: coordinator.userId,
        createdAt: "2026-03-01T10:00:00Z",
      })
      .run();
    getDb()
      .insert(meetingItems)
      .values({
        id: "i1",
        meetingId: "m1",
        caseId,
        source: "mappa_referral",
        sourceId: id,
        position: 1,
        minutesAllowed: 20,
        priority: "soon",
      })
      .run();
    expect(referralsAwaitingMeeting("mappa", partnershipId).map((r) => r.sourceId)).not.toContain(id);
    const next = getDb().transaction((tx) => markReviewed(tx, "mappa_referral", id, "2026-03-02"));
    expect(next).toBe("2026-04-27");
    expect(row(id).nextReviewOn).toBe("2026-04-27");
    expect(casesDueForReview("mappa", partnershipId, "2026-04-26")).toEqual([]);
    expect(casesDueForReview("mappa", partnershipId, "2026-04-27")).toEqual([
      {
        source: "review",
        sourceId: id,
        caseId,
        priority: "soon",
        reason: "MAPPA level 2 review due 2026-04-27",
      },
    ]);
    expect(casesDueForReview("clinic", partnershipId, "2099-01-01")).toEqual([]);
    // Once on a planned meeting's agenda for review, it is not offered again.
    getDb()
      .insert(meetings)
      .values({
        id: "m2",
        partnershipId,
        kind: "mappa_level2",
        title: "MAPPA L2",
        startsAt: "2026-04-27T10:00:00Z",
        chairUserId: coordinator.userId,
        confidentialityStatement: "x",
        createdBy: coordinator.userId,
        createdAt: "2026-04-01T10:00:00Z",
      })
      .run();
    getDb()
      .insert(meetingItems)
      .values({
        id: "i2",
        meetingId: "m2",
        caseId,
        source: "review",
        sourceId: id,
        position: 1,
        minutesAllowed: 20,
        priority: "soon",
      })
      .run();
    expect(casesDueForReview("mappa", partnershipId, "2026-04-27")).toEqual([]);
    // Meeting date given as an instant is its London date; clinic referrals have no interval.
    expect(getDb().transaction((tx) => markReviewed(tx, "review", id, "2026-04-26T23:30:00Z"))).toBe("2026-06-22");
    expect(getDb().transaction((tx) => markReviewed(tx, "clinic_referral", "whatever", "2026-04-27"))).toBeNull();
  });

  it("records a referral that does not meet category 3 as not accepted", () => {
    const r = createMappaReferral(
      t.actorFor("investigator@police.concord.test"),
      caseId,
      form({ levelRequested: "2" }),
    );
    const rid = r.ok ? r.id : "";
    expect(
      endorseMappaReferral(t.actorFor("supervisor@police.concord.test"), rid, {
        endorse: "yes",
      }).ok,
    ).toBe(true);
    expect(
      screenMappaReferral(t.actorFor("mappa@partnership.concord.test"), rid, {
        meetsCategory3: "no",
        decision: "not_accepted",
        decisionReason: "Category 2 offender: managed under category 2.",
      }).ok,
    ).toBe(true);
    expect(row(rid)).toMatchObject({
      status: "not_accepted",
      meetsCategory3: false,
      levelDecided: null,
    });
    expect(referralsAwaitingMeeting("mappa", partnershipId).map((x) => x.sourceId)).not.toContain(rid);
  });
});
