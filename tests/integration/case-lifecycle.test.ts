// Opening a case, moving it through its statuses and changing its details, through the gate, on a real SQLite
// file with the demo partnership.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonDate } from "~/domain/case-lifecycle";
import {
  changeStatus,
  createCase,
  detailsForm,
  mayCreateCase,
  newCaseForm,
  statusForm,
  updateCaseDetails,
} from "~/services/case-lifecycle.server";
import { caseOverview, listCases } from "~/services/cases.server";
import { caseMembers, cases, searchDocuments } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const GOOD = {
  status: "active",
  relationship: "ex_intimate_partner",
  motivation: "rejected",
  flags: ["domestic_abuse", "online"],
};

let t: TestDb;
let worked: string;
const caseCount = () => t.db.select({ id: cases.id }).from(cases).all().length;
const lastAudit = () => t.auditRows().at(-1)!;
const caseRow = (id: string) => t.db.select().from(cases).where(eq(cases.id, id)).get()!;

/** The highest number issued for this London year, read straight from the table. */
function highestNumberThisYear(): number {
  const prefix = `NS-${londonDate().slice(0, 4)}-`;
  return t.db
    .select({ reference: cases.reference })
    .from(cases)
    .all()
    .filter((c) => c.reference.startsWith(prefix))
    .reduce((max, c) => Math.max(max, Number(c.reference.slice(prefix.length))), 0);
}

function created(values: Record<string, string | string[]> = GOOD, email = INVESTIGATOR): string {
  const result = createCase(t.actorFor(email), values);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  worked = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
});
afterAll(() => t.cleanup());

describe("creating a case", () => {
  it("gives the next reference of the year, leads it from the creator's agency and puts the creator on the team as officer in the case", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const expected = highestNumberThisYear() + 1;
    const result = createCase(investigator, GOOD);
    expect(result.ok).toBe(true);
    const { id, reference } = result as { id: string; reference: string };
    expect(reference).toBe(`NS-${londonDate().slice(0, 4)}-${String(expected).padStart(5, "0")}`);
    expect(caseRow(id)).toMatchObject({
      reference,
      status: "active",
      leadAgencyId: investigator.agencyId,
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flagDomesticAbuse: true,
      flagOnline: true,
      flagPolicePerpetrated: false,
      priority: "standard",
      createdBy: investigator.userId,
    });
    expect(t.db.select().from(caseMembers).where(eq(caseMembers.caseId, id)).all()).toEqual([
      expect.objectContaining({ userId: investigator.userId, roleInCase: "officer_in_case", removedAt: null }),
    ]);
    // Its case-core search document exists from the start.
    expect(
      t.db
        .select()
        .from(searchDocuments)
        .where(eq(searchDocuments.docKey, `case:${id}`))
        .get(),
    ).toMatchObject({ category: "case_core", ownerAgencyId: investigator.agencyId, text: reference });
    expect(lastAudit()).toMatchObject({
      action: "case.create",
      outcome: "done",
      actorUserId: investigator.userId,
      subjectId: id,
    });

    // The next one counts on; the creator sees the case at once (the actor is rebuilt per request), others do not.
    const second = createCase(t.actorFor("spoc@police.concord.test"), { ...GOOD, status: "referred", flags: [] });
    expect(second).toMatchObject({
      ok: true,
      reference: `NS-${londonDate().slice(0, 4)}-${String(expected + 1).padStart(5, "0")}`,
    });
    expect(caseOverview(t.actorFor(INVESTIGATOR), id).case).toMatchObject({
      reference,
      officers: ["Dana Whitlock"],
      flags: { domesticAbuse: true, online: true, policePerpetrated: false },
    });
    expect(listCases(t.actorFor(INVESTIGATOR)).rows.map((r) => r.id)).toContain(id);
    expect(listCases(t.actorFor("practitioner@probation.concord.test")).rows.map((r) => r.id)).not.toContain(id);
  });

  it("the motivation defaults to not yet known when the form sends it so; one flag alone is a list of one", () => {
    const id = created({
      status: "triage",
      relationship: "stranger",
      motivation: "not_known",
      flags: "police_perpetrated",
    });
    expect(caseRow(id)).toMatchObject({
      status: "triage",
      motivation: "not_known",
      flagPolicePerpetrated: true,
      flagDomesticAbuse: false,
    });
  });

  it("is offered and allowed only to police case-working roles; anyone else gets 403, audited, and nothing is created", () => {
    expect(mayCreateCase(t.actorFor(INVESTIGATOR))).toBe(true);
    expect(mayCreateCase(t.actorFor("supervisor@police.concord.test"))).toBe(true);
    const before = caseCount();
    for (const email of [
      "advocate@isac.concord.test",
      "practitioner@probation.concord.test",
      "admin@police.concord.test",
      "auditor@partnership.concord.test",
      "sysadmin@partnership.concord.test",
    ]) {
      const actor = t.actorFor(email);
      expect(mayCreateCase(actor)).toBe(false);
      expect(statusOf(() => newCaseForm(actor))).toBe(403);
      expect(statusOf(() => createCase(actor, GOOD))).toBe(403);
      expect(lastAudit()).toMatchObject({ action: "case.create", outcome: "denied", actorUserId: actor.userId });
    }
    expect(caseCount()).toBe(before);
  });

  it("bad input: GOV.UK messages for each field, nothing saved", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const before = caseCount();
    expect(createCase(investigator, {})).toEqual({
      ok: false,
      errors: {
        relationship: "Select the relationship of the perpetrator to the victim",
        motivation: "Select the perpetrator's motivation, or Not yet known",
        status: "Select the status the case starts in",
      },
      values: {},
    });
    // A status a new case cannot start in, a made-up relationship and a forged flag.
    const forged = createCase(investigator, {
      status: "closed",
      relationship: "enemy",
      motivation: "rejected",
      flags: ["online", "<script>"],
    });
    expect(forged).toMatchObject({
      ok: false,
      errors: {
        status: "Select the status the case starts in",
        relationship: "Select the relationship of the perpetrator to the victim",
        flags: "Select flags from the list",
      },
    });
    expect(caseCount()).toBe(before);
  });
});

describe("the case lifecycle", () => {
  let id: string;
  beforeAll(() => {
    id = created({ ...GOOD, status: "referred" });
  });

  it("moves referred → triage → active → monitoring, each change audited with where it came from", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(statusForm(investigator, id).next).toEqual(["triage", "active", "closed"]);
    for (const [from, to] of [
      ["referred", "triage"],
      ["triage", "active"],
      ["active", "monitoring"],
    ] as const) {
      expect(changeStatus(investigator, id, { status: to })).toEqual({ ok: true, status: to });
      expect(caseRow(id).status).toBe(to);
      expect(lastAudit()).toMatchObject({ action: "case.status", outcome: "done", subjectId: id });
      expect(JSON.parse(lastAudit().detail!)).toEqual({ from, to });
    }
  });

  it("refuses a move the lifecycle does not allow, and changes nothing", () => {
    const before = caseRow(id);
    expect(changeStatus(t.actorFor(INVESTIGATOR), id, { status: "triage" })).toMatchObject({
      ok: false,
      errors: { status: "Select one of the statuses this case can move to" },
    });
    expect(changeStatus(t.actorFor(INVESTIGATOR), id, { status: "archived" })).toMatchObject({
      ok: false,
      errors: { status: "Select the new status" },
    });
    expect(caseRow(id)).toEqual(before);
  });

  it("closing needs a reason from the list; closed cases record when and why, and reopen as active", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const before = caseRow(id);
    expect(changeStatus(investigator, id, { status: "closed" })).toMatchObject({
      ok: false,
      errors: { closingReason: "Select the reason for closing the case" },
    });
    expect(changeStatus(investigator, id, { status: "closed", closingReason: "because" })).toMatchObject({
      ok: false,
      errors: { closingReason: "Select the reason for closing the case" },
    });
    expect(caseRow(id)).toEqual(before);

    expect(changeStatus(investigator, id, { status: "closed", closingReason: "risk_reduced" })).toEqual({
      ok: true,
      status: "closed",
    });
    expect(caseRow(id)).toMatchObject({
      status: "closed",
      closingReason: "risk_reduced",
      closedAt: expect.any(String),
    });
    expect(JSON.parse(lastAudit().detail!)).toEqual({
      from: "monitoring",
      to: "closed",
      closingReason: "risk_reduced",
    });
    expect(caseOverview(investigator, id).case).toMatchObject({ status: "closed", closingReason: "risk_reduced" });

    expect(statusForm(investigator, id).next).toEqual(["active"]);
    expect(changeStatus(investigator, id, { status: "monitoring" })).toMatchObject({ ok: false });
    expect(changeStatus(investigator, id, { status: "active", closingReason: "other" })).toEqual({
      ok: true,
      status: "active",
    });
    expect(caseRow(id)).toMatchObject({ status: "active", closingReason: null, closedAt: null });
  });

  it("only the lead agency's team and its supervisors may change it: others get 404, audited", () => {
    // The lead agency's supervisor, not on the team.
    expect(changeStatus(t.actorFor("supervisor@police.concord.test"), id, { status: "monitoring" })).toEqual({
      ok: true,
      status: "monitoring",
    });
    const before = caseRow(id);
    // A probation practitioner on the worked case sees it but does not run it.
    const practitioner = t.actorFor("practitioner@probation.concord.test");
    expect(statusOf(() => changeStatus(practitioner, worked, { status: "monitoring" }))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case.status", outcome: "denied", actorUserId: practitioner.userId });
    expect(statusOf(() => statusForm(practitioner, worked))).toBe(404);
    // Police off the team (not a supervisor) are not told the case exists.
    const spoc = t.actorFor("spoc@police.concord.test");
    expect(statusOf(() => changeStatus(spoc, id, { status: "active" }))).toBe(404);
    expect(lastAudit()).toMatchObject({
      action: "case.view",
      outcome: "denied",
      actorUserId: spoc.userId,
      subjectId: id,
    });
    expect(statusOf(() => changeStatus(t.actorFor(INVESTIGATOR), "no-such-case", { status: "active" }))).toBe(404);
    expect(caseRow(id)).toEqual(before);
  });
});

describe("changing a case's details", () => {
  it("changes relationship, motivation and flags; the audit entry names the fields, not their values", () => {
    const id = created();
    // Built after the case was created, as the next request would be.
    const investigator = t.actorFor(INVESTIGATOR);
    expect(detailsForm(investigator, id).values).toEqual({
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flags: ["domestic_abuse", "online"],
    });
    expect(
      updateCaseDetails(investigator, id, {
        relationship: "ex_intimate_partner",
        motivation: "intimacy_seeking",
        flags: ["online", "police_perpetrated"],
      }),
    ).toEqual({
      ok: true,
      changed: ["motivation", "flagDomesticAbuse", "flagPolicePerpetrated"],
    });
    expect(caseRow(id)).toMatchObject({
      motivation: "intimacy_seeking",
      flagDomesticAbuse: false,
      flagOnline: true,
      flagPolicePerpetrated: true,
    });
    expect(lastAudit()).toMatchObject({ action: "case.update", outcome: "done", subjectId: id });
    expect(JSON.parse(lastAudit().detail!)).toEqual({ fields: "motivation,flagDomesticAbuse,flagPolicePerpetrated" });
  });

  it("bad input and people who may not change it: nothing changes", () => {
    const id = created();
    const before = caseRow(id);
    expect(updateCaseDetails(t.actorFor(INVESTIGATOR), id, { relationship: "", motivation: "angry" })).toMatchObject({
      ok: false,
      errors: {
        relationship: "Select the relationship of the perpetrator to the victim",
        motivation: "Select the perpetrator's motivation, or Not yet known",
      },
    });
    const advocate = t.actorFor("advocate@isac.concord.test");
    expect(
      statusOf(() => updateCaseDetails(advocate, worked, { relationship: "stranger", motivation: "not_known" })),
    ).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case.update", outcome: "denied", actorUserId: advocate.userId });
    expect(caseRow(id)).toEqual(before);
  });
});
