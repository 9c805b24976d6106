// Issue 16 item 2: a supervisor of the author's agency countersigns (or returns) the agency's submitted assessment
// without joining the case team. Real SQLite file, real gate; the rule is app/access/agency-supervision.ts.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersToFormValues } from "~/instruments/answers";
import { dash } from "~/instruments/dash";
import { sampleAnswers } from "~/instruments/sample-answers";
import { requireCase } from "~/services/case-access.server";
import { countersignPage, submissionsToCountersign } from "~/services/countersign.server";
import { assessmentDetail } from "~/services/risk-assessment-views.server";
import {
  countersignAssessment,
  returnAssessment,
  saveAssessment,
  startAssessment,
} from "~/services/risk-assessments.server";
import { auditLog, caseMembers, caseRecords, notifications, riskAssessments } from "../../db/schema";
import { makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

/** A police-led case with the advocate on the team and her manager not on it. */
function caseWithoutManager(): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
    ],
  });
}

const answers = () =>
  sampleAnswers(dash, {
    dash_stalking: "yes",
    sdash_threats: "yes",
    risk_level: "high",
    rationale: "He follows her to work.",
  });
const form = () => ({
  instrument: dash.code,
  instrumentVersion: dash.version,
  ...answersToFormValues(dash, answers()),
});

function submitted(c: TestCase): string {
  const started = startAssessment(t.actorFor(ADVOCATE), c.id, { instrument: "dash" });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const saved = saveAssessment(t.actorFor(ADVOCATE), c.id, started.id, form(), true);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return started.id;
}

function snapshot(id: string) {
  return {
    r: t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get(),
    a: t.db.select().from(riskAssessments).where(eq(riskAssessments.recordId, id)).get(),
  };
}

function lastAudit(action: string) {
  return t.db.select().from(auditLog).where(eq(auditLog.action, action)).all().at(-1);
}

describe("countersigning without being on the case team", () => {
  it("asks the agency's supervisors on submit, lists it for the manager, who opens it for countersigning only and countersigns it", () => {
    const c = caseWithoutManager();
    const id = submitted(c);
    const manager = t.actorFor(MANAGER);
    expect(manager.caseIds).not.toContain(c.id);

    // Asked, and named to the author.
    const asked = t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, t.userId(MANAGER)), eq(notifications.kind, "countersign_requested")))
      .all()
      .filter((n) => n.caseId === c.id);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.href).toBe(`/countersign/${id}`);
    expect(assessmentDetail(t.actorFor(ADVOCATE), c.id, id).askedToCountersign).toEqual(["Ruth Kessler"]);

    // Listed for her (bounded by her agency), not for the police supervisor or the advocate.
    expect(submissionsToCountersign(manager).map((s) => s.recordId)).toContain(id);
    expect(submissionsToCountersign(manager).find((s) => s.recordId === id)).toMatchObject({
      caseReference: c.reference,
      instrument: dash.shortName,
      versionNumber: 1,
      author: "Jess Marlowe",
    });
    expect(submissionsToCountersign(t.actorFor(POLICE_SUPERVISOR)).map((s) => s.recordId)).not.toContain(id);
    expect(submissionsToCountersign(t.actorFor(ADVOCATE))).toEqual([]);

    // She opens that one record for countersigning, audited with that purpose; still not the case itself.
    const page = countersignPage(manager, id);
    expect(page).toMatchObject({ caseReference: c.reference, canDecide: true });
    expect(JSON.stringify(page.sections)).toContain("He follows her to work.");
    expect(lastAudit("risk_assessment.view")).toMatchObject({
      outcome: "allowed",
      subjectId: id,
      purpose: "countersign",
      actorUserId: manager.userId,
    });
    expect(statusOf(() => requireCase(manager, c.id))).toBe(404);

    // Others cannot open it: a supervisor of another agency, the investigator on the team.
    for (const email of [POLICE_SUPERVISOR, INVESTIGATOR]) {
      expect(statusOf(() => countersignPage(t.actorFor(email), id))).toBe(404);
      expect(lastAudit("risk_assessment.view")).toMatchObject({ outcome: "denied", subjectId: id });
    }
    const before = snapshot(id);
    expect(statusOf(() => countersignAssessment(t.actorFor(POLICE_SUPERVISOR), c.id, id))).toBe(404);
    expect(snapshot(id)).toEqual(before);

    // She countersigns it: signed off, audited as countersigning, the author told.
    expect(countersignAssessment(manager, c.id, id)).toEqual({ ok: true });
    expect(snapshot(id).a).toMatchObject({ state: "signed_off", signedOffBy: manager.userId });
    expect(lastAudit("risk_assessment.countersign")).toMatchObject({
      outcome: "done",
      subjectId: id,
      purpose: "countersign",
    });

    // The grant ends once it is no longer submitted.
    expect(statusOf(() => countersignPage(t.actorFor(MANAGER), id))).toBe(404);
    expect(submissionsToCountersign(t.actorFor(MANAGER)).map((s) => s.recordId)).not.toContain(id);
  });

  it("returns with a reason; an empty reason is refused and changes nothing", () => {
    const c = caseWithoutManager();
    const id = submitted(c);
    const before = snapshot(id);
    expect(returnAssessment(t.actorFor(MANAGER), c.id, id, { reason: "  " })).toMatchObject({
      ok: false,
      errors: { reason: "Enter what needs to change" },
    });
    expect(snapshot(id)).toEqual(before);
    expect(returnAssessment(t.actorFor(MANAGER), c.id, id, { reason: "Add the dates of the incidents." })).toEqual({
      ok: true,
    });
    expect(snapshot(id).a).toMatchObject({ state: "draft", returnReason: "Add the dates of the incidents." });
    expect(lastAudit("risk_assessment.return")).toMatchObject({ outcome: "done", purpose: "countersign" });
  });

  it("is not granted on a case where the agency no longer has anyone on the team", () => {
    const c = caseWithoutManager();
    const id = submitted(c);
    t.db
      .update(caseMembers)
      .set({ removedAt: new Date().toISOString() })
      .where(
        and(eq(caseMembers.caseId, c.id), eq(caseMembers.userId, t.userId(ADVOCATE)), isNull(caseMembers.removedAt)),
      )
      .run();
    expect(submissionsToCountersign(t.actorFor(MANAGER)).map((s) => s.recordId)).not.toContain(id);
    expect(statusOf(() => countersignPage(t.actorFor(MANAGER), id))).toBe(404);
    const before = snapshot(id);
    expect(statusOf(() => countersignAssessment(t.actorFor(MANAGER), c.id, id))).toBe(404);
    expect(snapshot(id)).toEqual(before);
  });

  it("refuses made-up and over-long ids as not found, naming nothing", () => {
    expect(statusOf(() => countersignPage(t.actorFor(MANAGER), "no-such-record"))).toBe(404);
    expect(statusOf(() => countersignPage(t.actorFor(MANAGER), "x".repeat(500)))).toBe(404);
    expect(lastAudit("risk_assessment.view")).toMatchObject({ outcome: "denied", subjectId: null });
  });
});
