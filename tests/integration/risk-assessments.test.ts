// Issue 5 risk assessments on a real SQLite file: the workflow (draft → submitted → countersigned and signed off →
// amended), who sees what at each stage, refusals of bad input that change nothing, home-page lists and the
// escalation triggers that open a risk review.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import { reviewDueOn } from "~/domain/risk-review";
import { answersToFormValues } from "~/instruments/answers";
import { dash } from "~/instruments/dash";
import { sam } from "~/instruments/sam";
import { sampleAnswers } from "~/instruments/sample-answers";
import type { Answer, Instrument } from "~/instruments/types";
import { recordIncident } from "~/services/incidents.server";
import { createOrder } from "~/services/protective-orders.server";
import {
  assessmentDetail,
  assessmentForm,
  awaitingCountersignForHome,
  compareVersions,
  reviewsDueForHome,
  riskPage,
} from "~/services/risk-assessment-views.server";
import {
  amendAssessment,
  countersignAssessment,
  OWN_COUNTERSIGN,
  returnAssessment,
  saveAssessment,
  startAssessment,
  VERSION_MISMATCH,
} from "~/services/risk-assessments.server";
import { openOrderExpiryReviews, recordReleaseFromCustody } from "~/services/risk-review-triggers.server";
import { acknowledgeShare, shareRecord } from "~/services/shares.server";
import { caseRecords, notifications, riskAssessments, tasks } from "../../db/schema";
import { incidentForm, makeCase, type TestCase } from "./course-fixtures";
import { count, dateFields, londonDay } from "./order-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const LEAD = "lead@health.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";

let t: TestDb;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

/** The usual team, with the ISAC manager and the clinical lead on it as supervisors (who countersign). */
function teamCase(o: { supervisors?: boolean } = {}): TestCase {
  const supervisors: [string, string][] =
    o.supervisors === false
      ? []
      : [
          [MANAGER, "supervisor"],
          [LEAD, "supervisor"],
        ];
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [PSYCHOLOGIST, "psychologist"],
      ...supervisors,
    ],
  });
}

/** The form fields for a set of answers, as the page sends them. */
function form(instrument: Instrument, answers: Record<string, Answer>): Record<string, string | string[]> {
  return {
    instrument: instrument.code,
    instrumentVersion: instrument.version,
    ...answersToFormValues(instrument, answers),
  };
}

const highDash = () =>
  sampleAnswers(dash, {
    dash_stalking: "yes",
    sdash_threats: "yes",
    dash_threat_to_kill: "yes",
    risk_level: "high",
    rationale: "Threats to kill and escalating stalking.",
  });

function start(email: string, c: TestCase, instrument: Instrument): string {
  const result = startAssessment(t.actorFor(email), c.id, { instrument: instrument.code });
  if (!result.ok) throw new Error(`start refused: ${JSON.stringify(result.errors)}`);
  return result.id;
}

function submit(email: string, c: TestCase, id: string, instrument: Instrument, answers: Record<string, Answer>): void {
  const result = saveAssessment(t.actorFor(email), c.id, id, form(instrument, answers), true);
  if (!result.ok) throw new Error(`submit refused: ${JSON.stringify(result.errors)}`);
}

function countersign(email: string, c: TestCase, id: string, now = new Date()): void {
  const result = countersignAssessment(t.actorFor(email), c.id, id, now);
  if (!result.ok) throw new Error(`countersign refused: ${JSON.stringify(result.errors)}`);
}

/** A signed-off assessment: started and submitted by `author`, countersigned by `supervisor`. */
function signedOff(
  c: TestCase,
  author: string,
  supervisor: string,
  instrument: Instrument,
  answers: Record<string, Answer>,
  now = new Date(),
): string {
  const id = start(author, c, instrument);
  submit(author, c, id, instrument, answers);
  countersign(supervisor, c, id, now);
  return id;
}

/** The stored rows of an assessment, to show that a refusal changed nothing. */
function snapshot(id: string) {
  return {
    record: t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get(),
    assessment: t.db.select().from(riskAssessments).where(eq(riskAssessments.recordId, id)).get(),
  };
}

function lastAudit(action: string) {
  return t
    .auditRows()
    .filter((r) => r.action === action)
    .at(-1);
}

const toInvestigator = {
  recipientKind: "user",
  userEmail: INVESTIGATOR,
  purpose: "case_work",
  lawfulBasis: "cda_1998_s115",
};

describe("DASH with S-DASH by the advocate", () => {
  it("runs draft → submitted → countersigned, and shares only the summary with the team until an explicit share", () => {
    const c = teamCase();
    const id = start(ADVOCATE, c, dash);
    expect(snapshot(id).assessment).toMatchObject({
      state: "draft",
      versionNumber: 1,
      instrument: "dash",
      instrumentVersion: dash.version,
    });

    // A partial draft saves.
    const partial = { dash_injury: "no", dash_frightened: "yes", dash_stalking: "yes" } as const;
    expect(saveAssessment(t.actorFor(ADVOCATE), c.id, id, form(dash, partial), false)).toEqual({
      ok: true,
      submitted: false,
    });
    const draft = snapshot(id);
    expect(draft.assessment!.state).toBe("draft");
    expect(JSON.parse(draft.record!.body).answers).toEqual(partial);

    // Submitting it incomplete: errors keyed by field, nothing changed.
    const incomplete = saveAssessment(
      t.actorFor(ADVOCATE),
      c.id,
      id,
      form(dash, { ...partial, risk_level: "high" }),
      true,
    );
    expect(incomplete.ok).toBe(false);
    if (!incomplete.ok) {
      expect(incomplete.errors["item.dash_isolated"]).toBeTruthy();
      expect(incomplete.errors["item.sdash_threats"]).toBeTruthy();
      expect(incomplete.errors["item.rationale"] ?? incomplete.errors.rationale).toBeTruthy();
    }
    expect(snapshot(id)).toEqual(draft);

    // Complete (high): submitted, the manager asked to countersign.
    submit(ADVOCATE, c, id, dash, highDash());
    expect(snapshot(id).assessment).toMatchObject({
      state: "submitted",
      riskLevel: "high",
      submittedBy: t.userId(ADVOCATE),
    });
    expect(snapshot(id).record!.status).toBe("draft");
    expect(
      count(
        t,
        "notifications",
        "user_id = ? AND kind = 'countersign_requested' AND case_id = ?",
        t.userId(MANAGER),
        c.id,
      ),
    ).toBe(1);

    // The advocate cannot countersign (not a supervisor, and the author).
    const before = snapshot(id);
    expect(countersignAssessment(t.actorFor(ADVOCATE), c.id, id)).toEqual({
      ok: false,
      errors: { form: OWN_COUNTERSIGN },
      values: {},
    });
    expect(snapshot(id)).toEqual(before);
    expect(lastAudit("risk_assessment.countersign")).toMatchObject({
      outcome: "denied",
      actorUserId: t.userId(ADVOCATE),
    });

    // Submitted is still the author's agency's only.
    expect(riskPage(t.actorFor(INVESTIGATOR), c.id).assessments).toEqual([]);

    // The manager countersigns: signed off, review in 28 days.
    const now = new Date();
    countersign(MANAGER, c, id, now);
    const signed = snapshot(id);
    expect(signed.assessment).toMatchObject({
      state: "signed_off",
      signedOffBy: t.userId(MANAGER),
      reviewDueOn: reviewDueOn("high", londonToday(now)),
    });
    expect(signed.assessment!.reviewDueOn).toBe(addDays(londonToday(now), 28));
    expect(signed.record!.status).toBe("signed_off");
    expect(signed.record!.summary).toContain("high risk");
    expect(
      count(t, "notifications", "user_id = ? AND kind = 'countersigned'", t.userId(ADVOCATE)),
    ).toBeGreaterThanOrEqual(1);

    // The investigator on the team: summary only before a share.
    const summaryView = assessmentDetail(t.actorFor(INVESTIGATOR), c.id, id);
    expect(summaryView.assessment.level).toBe("summary");
    expect(summaryView.sections).toBeNull();
    expect(summaryView.judgements).toBeNull();
    expect(summaryView.withheld).toMatchObject({ withheld: true });
    expect(JSON.stringify(summaryView)).not.toContain("Threats to kill and escalating stalking");
    const policePicture = riskPage(t.actorFor(INVESTIGATOR), c.id).picture.entries;
    expect(policePicture).toHaveLength(1);
    expect(policePicture[0]).toMatchObject({
      recordId: id,
      level: "summary",
      riskLevel: "high",
      judgements: { withheld: true },
    });

    // The probation practitioner on the team: summary only.
    const probation = assessmentDetail(t.actorFor(PRACTITIONER), c.id, id);
    expect(probation.assessment.level).toBe("summary");
    expect(probation.sections).toBeNull();
    expect(probation.withheld).toMatchObject({ withheld: true });

    // The advocate shares it with the investigator, who then reads it in full and acknowledges it.
    const shared = shareRecord(t.actorFor(ADVOCATE), id, toInvestigator);
    if (!shared.ok) throw new Error(JSON.stringify(shared.errors));
    const fullView = assessmentDetail(t.actorFor(INVESTIGATOR), c.id, id);
    expect(fullView.assessment.level).toBe("full");
    expect(fullView.sections).not.toBeNull();
    expect(fullView.withheld).toBeNull();
    expect(fullView.judgements).toEqual([{ label: "Risk level", value: "High" }]);
    expect(acknowledgeShare(t.actorFor(INVESTIGATOR), shared.shareId).acknowledgedAt).toBeTruthy();
    const sharedPicture = riskPage(t.actorFor(INVESTIGATOR), c.id).picture;
    expect(sharedPicture.entries[0]).toMatchObject({
      recordId: id,
      level: "full",
      riskLevel: "high",
      judgements: [{ label: "Risk level", value: "High" }],
    });
    expect(sharedPicture.points).toEqual([expect.objectContaining({ level: "high", instrument: dash.shortName })]);

    // Probation still has only the summary.
    expect(assessmentDetail(t.actorFor(PRACTITIONER), c.id, id).sections).toBeNull();
    expect(riskPage(t.actorFor(PRACTITIONER), c.id).picture.entries[0]).toMatchObject({
      level: "summary",
      judgements: { withheld: true },
    });
  });
});

describe("SAM by the psychologist", () => {
  it("is invisible to the police while a draft or submitted, and seen in full once the clinical lead countersigns", () => {
    const c = teamCase();
    const id = start(PSYCHOLOGIST, c, sam);
    expect(saveAssessment(t.actorFor(PSYCHOLOGIST), c.id, id, form(sam, sampleAnswers(sam)), false).ok).toBe(true);

    for (const stage of ["draft", "submitted"]) {
      if (stage === "submitted") submit(PSYCHOLOGIST, c, id, sam, sampleAnswers(sam));
      const page = riskPage(t.actorFor(INVESTIGATOR), c.id);
      expect(page.assessments).toEqual([]);
      expect(page.picture.entries).toEqual([]);
      expect(statusOf(() => assessmentDetail(t.actorFor(INVESTIGATOR), c.id, id))).toBe(404);
      expect(lastAudit("risk_assessment.view")).toMatchObject({
        outcome: "denied",
        actorUserId: t.userId(INVESTIGATOR),
        subjectId: id,
      });
    }
    expect(awaitingCountersignForHome(t.actorFor(LEAD)).map((a) => a.recordId)).toContain(id);

    countersign(LEAD, c, id);
    const view = assessmentDetail(t.actorFor(INVESTIGATOR), c.id, id);
    expect(view.assessment.level).toBe("full");
    expect(view.sections).not.toBeNull();
    expect(view.judgements!.length).toBeGreaterThan(0);
    expect(riskPage(t.actorFor(INVESTIGATOR), c.id).assessments.map((a) => a.id)).toEqual([id]);
    expect(awaitingCountersignForHome(t.actorFor(LEAD)).map((a) => a.recordId)).not.toContain(id);
  });
});

describe("bad input", () => {
  it("refuses a rating outside the scale, a tampered instrument version or code, and over-long text, changing nothing", () => {
    const c = teamCase();
    const id = start(PSYCHOLOGIST, c, sam);
    expect(
      saveAssessment(
        t.actorFor(PSYCHOLOGIST),
        c.id,
        id,
        form(sam, { sam_ns_threatens: { presence_recent: "Y" } }),
        false,
      ).ok,
    ).toBe(true);
    const before = snapshot(id);
    const psychologist = t.actorFor(PSYCHOLOGIST);

    const outOfScale = saveAssessment(
      psychologist,
      c.id,
      id,
      { ...form(sam, sampleAnswers(sam)), "item.sam_ns_threatens.presence_recent": "Z" },
      true,
    );
    expect(outOfScale).toMatchObject({
      ok: false,
      errors: { "item.sam_ns_threatens.presence_recent": expect.any(String) },
    });
    expect(snapshot(id)).toEqual(before);
    // A draft save with a bad value is refused too.
    expect(
      saveAssessment(psychologist, c.id, id, { ...form(sam, {}), "item.sam_ns_threatens.presence_recent": "Z" }, false)
        .ok,
    ).toBe(false);
    expect(snapshot(id)).toEqual(before);

    const version = saveAssessment(
      psychologist,
      c.id,
      id,
      { ...form(sam, sampleAnswers(sam)), instrumentVersion: "1999.1" },
      true,
    );
    expect(version).toMatchObject({ ok: false, errors: { form: VERSION_MISMATCH } });
    expect(lastAudit("risk_assessment.submit")).toMatchObject({
      outcome: "denied",
      subjectId: id,
      detail: expect.stringContaining("instrument_version"),
    });
    expect(snapshot(id)).toEqual(before);

    const code = saveAssessment(psychologist, c.id, id, { ...form(sam, sampleAnswers(sam)), instrument: "srp" }, false);
    expect(code).toMatchObject({ ok: false, errors: { form: VERSION_MISMATCH } });
    expect(lastAudit("risk_assessment.save")).toMatchObject({
      outcome: "denied",
      subjectId: id,
      detail: expect.stringContaining("instrument_version"),
    });
    expect(snapshot(id)).toEqual(before);

    const long = saveAssessment(
      psychologist,
      c.id,
      id,
      form(sam, sampleAnswers(sam, { sam_scenario_worst: "x".repeat(20_000) })),
      false,
    );
    expect(long.ok).toBe(false);
    if (!long.ok) expect(Object.values(long.errors).join(" ")).toMatch(/characters or fewer/);
    expect(snapshot(id)).toEqual(before);

    // Someone else's draft cannot be saved (another agency: not found; same agency, not the author: refused).
    expect(
      statusOf(() => saveAssessment(t.actorFor(INVESTIGATOR), c.id, id, form(sam, sampleAnswers(sam)), false)),
    ).toBe(404);
    expect(snapshot(id)).toEqual(before);
  });

  it("refuses a supervisor countersigning their own assessment, with the refusal audited", () => {
    const c = teamCase();
    const id = start(MANAGER, c, dash);
    submit(MANAGER, c, id, dash, highDash());
    const before = snapshot(id);
    expect(countersignAssessment(t.actorFor(MANAGER), c.id, id)).toEqual({
      ok: false,
      errors: { form: OWN_COUNTERSIGN },
      values: {},
    });
    expect(returnAssessment(t.actorFor(MANAGER), c.id, id, { reason: "Mine" })).toMatchObject({
      ok: false,
      errors: { form: OWN_COUNTERSIGN },
    });
    expect(snapshot(id)).toEqual(before);
    expect(lastAudit("risk_assessment.countersign")).toMatchObject({
      outcome: "denied",
      actorUserId: t.userId(MANAGER),
      subjectId: id,
      detail: expect.stringContaining("own_assessment"),
    });
    expect(awaitingCountersignForHome(t.actorFor(MANAGER)).map((a) => a.recordId)).not.toContain(id);
    // A supervisor of another agency cannot countersign it either (and cannot see it).
    expect(statusOf(() => countersignAssessment(t.actorFor(POLICE_SUPERVISOR), c.id, id))).toBe(404);
    expect(snapshot(id)).toEqual(before);
  });

  it("refuses editing a signed-off version (403), and audits it", () => {
    const c = teamCase();
    const id = signedOff(c, ADVOCATE, MANAGER, dash, highDash());
    const before = snapshot(id);
    expect(
      statusOf(() =>
        saveAssessment(
          t.actorFor(ADVOCATE),
          c.id,
          id,
          form(dash, sampleAnswers(dash, { risk_level: "standard" })),
          false,
        ),
      ),
    ).toBe(403);
    expect(statusOf(() => saveAssessment(t.actorFor(ADVOCATE), c.id, id, form(dash, highDash()), true))).toBe(403);
    expect(statusOf(() => assessmentForm(t.actorFor(ADVOCATE), c.id, id))).toBe(403);
    expect(snapshot(id)).toEqual(before);
    expect(lastAudit("risk_assessment.save")).toMatchObject({
      outcome: "denied",
      subjectId: id,
      detail: expect.stringContaining("state_signed_off"),
    });
    // Countersigning again is refused too.
    expect(countersignAssessment(t.actorFor(MANAGER), c.id, id).ok).toBe(false);
    expect(snapshot(id)).toEqual(before);
  });
});

describe("amending", () => {
  it("makes version 2 as a draft with the answers carried over; countersigning it supersedes version 1", () => {
    const c = teamCase();
    const v1 = signedOff(c, ADVOCATE, MANAGER, dash, highDash());
    const amended = amendAssessment(t.actorFor(ADVOCATE), c.id, v1);
    if (!amended.ok) throw new Error(JSON.stringify(amended.errors));
    const v2 = amended.id;
    expect(snapshot(v2).assessment).toMatchObject({ state: "draft", versionNumber: 2, seriesId: v1 });
    expect(JSON.parse(snapshot(v2).record!.body).answers).toEqual(JSON.parse(snapshot(v1).record!.body).answers);
    expect(assessmentForm(t.actorFor(ADVOCATE), c.id, v2).answers).toEqual(highDash());
    // One open version per series.
    expect(amendAssessment(t.actorFor(ADVOCATE), c.id, v1)).toMatchObject({ ok: false });

    const changed = {
      ...highDash(),
      dash_weapons: "yes",
      risk_level: "medium",
      rationale: "Moved away; no contact for a month.",
    };
    submit(ADVOCATE, c, v2, dash, changed);
    countersign(MANAGER, c, v2);
    expect(snapshot(v1).assessment!.state).toBe("superseded");
    expect(snapshot(v2).assessment).toMatchObject({ state: "signed_off", riskLevel: "medium" });
    // The old version is read-only.
    expect(statusOf(() => saveAssessment(t.actorFor(ADVOCATE), c.id, v1, form(dash, changed), false))).toBe(403);

    const comparison = compareVersions(t.actorFor(ADVOCATE), c.id, [v2, v1]);
    expect(comparison.older.id).toBe(v1);
    expect(comparison.newer.id).toBe(v2);
    const changedItems = comparison.rows.filter((r) => r.changed).map((r) => r.itemId);
    expect(changedItems).toEqual(expect.arrayContaining(["dash_weapons", "risk_level", "rationale"]));
    expect(comparison.changed).toBe(changedItems.length);
    expect(changedItems).not.toContain("dash_injury");
    // The team sees a DASH only as its summary line: nobody else may compare its answers (404, audited).
    for (const email of [INVESTIGATOR, PRACTITIONER])
      expect(statusOf(() => compareVersions(t.actorFor(email), c.id, [v2, v1]))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "risk_assessment.compare", outcome: "denied" });

    // Amending the superseded version is refused, nothing made.
    const series = count(t, "risk_assessments", "series_id = ?", v1);
    expect(amendAssessment(t.actorFor(ADVOCATE), c.id, v1)).toMatchObject({
      ok: false,
      errors: { form: expect.stringMatching(/old version/) },
    });
    expect(count(t, "risk_assessments", "series_id = ?", v1)).toBe(series);

    // The risk picture shows the latest only; the chart both.
    const picture = riskPage(t.actorFor(ADVOCATE), c.id).picture;
    expect(picture.entries).toHaveLength(1);
    expect(picture.entries[0]).toMatchObject({ recordId: v2, riskLevel: "medium" });
    expect(picture.points.map((p) => p.level)).toEqual(["high", "medium"]);
  });
});

describe("home pages", () => {
  it("lists overdue reviews and reviews due within 7 days for the owning agency's team member, not the police; and what waits for the manager", () => {
    const c = teamCase();
    const signedAt = new Date("2026-01-10T12:00:00.000Z");
    const id = signedOff(c, ADVOCATE, MANAGER, dash, highDash(), signedAt);
    expect(snapshot(id).assessment!.reviewDueOn).toBe("2026-02-07");
    const later = new Date("2026-03-01T12:00:00.000Z");
    expect(reviewsDueForHome(t.actorFor(ADVOCATE), later).map((r) => r.recordId)).toContain(id);
    expect(reviewsDueForHome(t.actorFor(INVESTIGATOR), later).map((r) => r.recordId)).not.toContain(id);
    expect(riskPage(t.actorFor(ADVOCATE), c.id, later).assessments.find((a) => a.id === id)).toMatchObject({
      reviewOverdue: true,
    });
    // Due soon (within 7 days, on the day included) is listed too, with its date; further ahead is not.
    const soon = reviewsDueForHome(t.actorFor(ADVOCATE), new Date("2026-02-01T12:00:00.000Z")).find(
      (r) => r.recordId === id,
    );
    expect(soon).toMatchObject({ dueOn: "2026-02-07", dueText: "7 February 2026" });
    expect(
      reviewsDueForHome(t.actorFor(ADVOCATE), new Date("2026-01-30T12:00:00.000Z")).map((r) => r.recordId),
    ).not.toContain(id);

    // Waiting for the manager: the advocate's submission, not the manager's own.
    const c2 = teamCase();
    const theirs = start(ADVOCATE, c2, dash);
    submit(ADVOCATE, c2, theirs, dash, highDash());
    const mine = start(MANAGER, c2, dash);
    submit(MANAGER, c2, mine, dash, highDash());
    const waiting = awaitingCountersignForHome(t.actorFor(MANAGER)).map((r) => r.recordId);
    expect(waiting).toContain(theirs);
    expect(waiting).not.toContain(mine);
    expect(awaitingCountersignForHome(t.actorFor(ADVOCATE))).toEqual([]);
  });

  it("asks and lists a supervisor who is not on the team, linking to the submission rather than the case (issue 16)", () => {
    // The case is led by the police; the ISAC manager is not on its team, so the case pages stay a 404 to her.
    const c = teamCase({ supervisors: false });
    const id = start(ADVOCATE, c, dash);
    submit(ADVOCATE, c, id, dash, highDash());
    expect(statusOf(() => assessmentDetail(t.actorFor(MANAGER), c.id, id))).toBe(404);
    expect(awaitingCountersignForHome(t.actorFor(MANAGER)).find((r) => r.recordId === id)).toMatchObject({
      href: `/countersign/${id}`,
      caseReference: c.reference,
    });
    expect(
      count(
        t,
        "notifications",
        "user_id = ? AND case_id = ? AND kind = 'countersign_requested'",
        t.userId(MANAGER),
        c.id,
      ),
    ).toBe(1);
  });
});

describe("escalation", () => {
  it("release from custody opens one review owned by the officer in the case and tells the team", () => {
    const c = teamCase();
    const result = recordReleaseFromCustody(t.actorFor(PRACTITIONER), c.id, dateFields("releasedOn", londonDay(-1)));
    expect(result).toEqual({ ok: true });
    const opened = t.db.select().from(tasks).where(eq(tasks.caseId, c.id)).all();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      title: "Review risk: perpetrator released from custody",
      ownerUserId: t.userId(INVESTIGATOR),
    });
    const told = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.caseId, c.id))
      .all()
      .filter((n) => n.kind === "risk_review");
    expect(told.map((n) => n.userId).sort()).toEqual(
      [INVESTIGATOR, ADVOCATE, PSYCHOLOGIST, MANAGER, LEAD].map((e) => t.userId(e)).sort(),
    );
    expect(lastAudit("risk.release_from_custody")).toMatchObject({ outcome: "done", subjectId: c.id });
  });

  it("refuses a bad release date, saving nothing", () => {
    const c = teamCase();
    const tasksBefore = count(t, "tasks", "case_id = ?", c.id);
    for (const values of [
      { "releasedOn-day": "31", "releasedOn-month": "2", "releasedOn-year": "2026" },
      dateFields("releasedOn", londonDay(5)),
      { "releasedOn-day": "", "releasedOn-month": "", "releasedOn-year": "" },
    ]) {
      const result = recordReleaseFromCustody(t.actorFor(INVESTIGATOR), c.id, values);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.errors)).toContain("releasedOn");
    }
    expect(count(t, "tasks", "case_id = ?", c.id)).toBe(tasksBefore);
    expect(count(t, "notifications", "case_id = ? AND kind = 'risk_review'", c.id)).toBe(0);
  });

  it("an order ending within 14 days opens a review once", () => {
    const c = teamCase();
    const order = createOrder(t.actorFor(INVESTIGATOR), c.id, {
      orderType: "spo_full",
      status: "granted",
      ...dateFields("appliedOn", londonDay(-30)),
      ...dateFields("decidedOn", londonDay(-20)),
      ...dateFields("expiresOn", londonDay(10)),
      prohibitions: "No contact with the victim by any means",
      requirements: "",
    });
    if (!order.ok) throw new Error(JSON.stringify(order.errors));
    const far = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    const later = createOrder(t.actorFor(INVESTIGATOR), far.id, {
      orderType: "spo_full",
      status: "granted",
      ...dateFields("appliedOn", londonDay(-30)),
      ...dateFields("decidedOn", londonDay(-20)),
      ...dateFields("expiresOn", londonDay(60)),
      prohibitions: "No contact with the victim by any means",
      requirements: "",
    });
    if (!later.ok) throw new Error(JSON.stringify(later.errors));

    expect(openOrderExpiryReviews().opened).toBeGreaterThanOrEqual(1);
    const reviews = t.db
      .select()
      .from(tasks)
      .where(eq(tasks.caseId, c.id))
      .all()
      .filter((k) => k.source === "order_expiry");
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ sourceRecordId: order.id, ownerUserId: t.userId(INVESTIGATOR) });
    expect(count(t, "notifications", "case_id = ? AND kind = 'risk_review'", c.id)).toBeGreaterThan(0);
    expect(count(t, "tasks", "case_id = ? AND source = 'order_expiry'", far.id)).toBe(0);

    // Orders that have their review are not even read again.
    expect(openOrderExpiryReviews()).toEqual({ opened: 0, examined: 0 });
    expect(count(t, "tasks", "case_id = ? AND source = 'order_expiry'", c.id)).toBe(1);
  });

  it("a backlog of ending orders is drained batch by batch, soonest first, each order's review opened once", () => {
    openOrderExpiryReviews(); // Orders other tests left ending: their reviews first, so only ours remain.
    const ending = [9, 3, 12, 5, 7].map((days) => {
      const c = teamCase();
      const order = createOrder(t.actorFor(INVESTIGATOR), c.id, {
        orderType: "spo_full",
        status: "granted",
        ...dateFields("appliedOn", londonDay(-30)),
        ...dateFields("decidedOn", londonDay(-20)),
        ...dateFields("expiresOn", londonDay(days)),
        prohibitions: "No contact with the victim by any means",
        requirements: "",
      });
      if (!order.ok) throw new Error(JSON.stringify(order.errors));
      return { caseId: c.id, recordId: order.id, days };
    });
    const opened: string[] = [];
    for (const expected of [2, 2, 1, 0]) {
      const before = t.db
        .select({ id: tasks.sourceRecordId })
        .from(tasks)
        .where(eq(tasks.source, "order_expiry"))
        .all()
        .map((r) => r.id);
      expect(openOrderExpiryReviews(new Date(), 2).opened).toBe(expected);
      const after = t.db
        .select({ id: tasks.sourceRecordId })
        .from(tasks)
        .where(eq(tasks.source, "order_expiry"))
        .all()
        .map((r) => r.id);
      opened.push(...after.filter((id) => !before.includes(id)).map(String));
    }
    const soonestFirst = [...ending].sort((a, b) => a.days - b.days).map((o) => o.recordId);
    expect(opened.slice(0, 2).sort()).toEqual(soonestFirst.slice(0, 2).sort());
    expect(opened.sort()).toEqual(soonestFirst.sort());
    for (const o of ending) expect(count(t, "tasks", "case_id = ? AND source = 'order_expiry'", o.caseId)).toBe(1);
  });
});

describe("an incident with threats or violence", () => {
  it("opens one review task for the officer in the case; other behaviours open none", () => {
    const c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [ADVOCATE, "advocate"],
      ],
    });
    const reviews = () =>
      t.db.select({ title: tasks.title, owner: tasks.ownerUserId }).from(tasks).where(eq(tasks.caseId, c.id)).all();
    const messages = recordIncident(
      t.actorFor(INVESTIGATOR),
      c.id,
      incidentForm({ date: "2026-03-01", behaviours: ["messages"] }),
    );
    expect(messages.ok).toBe(true);
    expect(reviews()).toEqual([]);
    const threats = recordIncident(
      t.actorFor(INVESTIGATOR),
      c.id,
      incidentForm({ date: "2026-03-02", behaviours: ["threats", "turning_up"] }),
    );
    expect(threats.ok).toBe(true);
    expect(reviews()).toEqual([
      { title: "Review risk: new incident with threats recorded", owner: t.userId(INVESTIGATOR) },
    ]);
    expect(
      t.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, t.userId(ADVOCATE)))
        .all()
        .some((n) => n.kind === "risk_review" && n.text.includes(c.reference)),
    ).toBe(true);
  });
});
