// The case team, on a real SQLite file with the demo partnership: adding and removing members changes what
// they can see at their next request, notifies the new member, never deletes, and refuses bad input (audited).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "~/services/case-lifecycle.server";
import { addMember, caseTeam, removeMember } from "~/services/case-team.server";
import { caseOverview, listCases } from "~/services/cases.server";
import { casePeople } from "~/services/people.server";
import { caseMembers, cases, notifications, users } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

let t: TestDb;
let worked: string;
let caseId: string;
let reference: string;
const members = () => t.db.select().from(caseMembers).where(eq(caseMembers.caseId, caseId)).all();
const noticesFor = (email: string) =>
  t.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, t.userId(email)))
    .all();
const lastAudit = () => t.auditRows().at(-1)!;
const add = (email: string, roleInCase: string, as = INVESTIGATOR) =>
  addMember(t.actorFor(as), caseId, { userId: t.userId(email), roleInCase });

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  worked = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
  const result = createCase(t.actorFor(INVESTIGATOR), {
    status: "active",
    relationship: "neighbour",
    motivation: "resentful",
  });
  if (!result.ok) throw new Error("case not created");
  ({ id: caseId, reference } = result);
});
afterAll(() => t.cleanup());

describe("adding someone to the team", () => {
  it("lists the team and, for the lead agency's team, the case-working people who could join, by agency", () => {
    const team = caseTeam(t.actorFor(INVESTIGATOR), caseId);
    expect(team.canManage).toBe(true);
    expect(team.members.map((m) => [m.name, m.roleLabel, m.agency])).toEqual([
      ["Dana Whitlock", "Officer in the case", "Northshire Police"],
    ]);
    const offered = team.candidates.flatMap((g) => g.people.map((p) => p.email));
    expect(offered).toEqual(
      expect.arrayContaining([
        ADVOCATE,
        PRACTITIONER,
        "psychologist@health.concord.test",
        "prosecutor@cps.concord.test",
      ]),
    );
    // Not people already on it, nor people whose role does not work on cases.
    for (const email of [
      INVESTIGATOR,
      "admin@police.concord.test",
      "auditor@partnership.concord.test",
      "performance@partnership.concord.test",
      "sysadmin@partnership.concord.test",
    ]) {
      expect(offered).not.toContain(email);
    }
    expect(team.candidates.map((g) => g.agency)).toContain("Northshire Stalking Advocacy Service");
  });

  it("adds the advocate: they see the case at their next request, are notified, and it is audited", () => {
    const before = t.actorFor(ADVOCATE);
    expect(statusOf(() => caseOverview(before, caseId))).toBe(404);
    expect(add(ADVOCATE, "advocate")).toEqual({ ok: true, userId: t.userId(ADVOCATE), name: "Jess Marlowe" });
    expect(lastAudit()).toMatchObject({ action: "case_team.add", outcome: "done", subjectId: t.userId(ADVOCATE) });
    expect(JSON.parse(lastAudit().detail!)).toEqual({ roleInCase: "advocate" });

    const advocate = t.actorFor(ADVOCATE);
    expect(advocate.caseIds).toContain(caseId);
    expect(caseOverview(advocate, caseId).team.map((m) => `${m.name}, ${m.roleLabel}`)).toEqual([
      "Dana Whitlock, Officer in the case",
      "Jess Marlowe, Advocate",
    ]);
    expect(listCases(advocate).rows.map((r) => r.id)).toContain(caseId);
    expect(noticesFor(ADVOCATE)).toEqual([
      expect.objectContaining({
        kind: "added_to_team",
        text: `You were added to the team for case ${reference}`,
        href: `/cases/${caseId}`,
        caseId,
        readAt: null,
      }),
    ]);
    // The advocate sees the team but does not run it.
    expect(caseTeam(advocate, caseId)).toMatchObject({ canManage: false, candidates: [] });
  });

  it("adds the probation practitioner as offender manager", () => {
    expect(add(PRACTITIONER, "offender_manager")).toMatchObject({ ok: true });
    expect(casePeople(t.actorFor(PRACTITIONER), caseId).case.id).toBe(caseId);
  });

  it("refuses bad input with a clear message, changes nothing and audits the refusal", () => {
    t.db.update(users).set({ status: "suspended" }).where(eq(users.email, "court@probation.concord.test")).run();
    const before = { members: members(), notices: t.db.select().from(notifications).all().length };
    const investigator = t.actorFor(INVESTIGATOR);
    const refusals: [Record<string, string>, string, string | null][] = [
      [{ userId: "forged-user-id", roleInCase: "advocate" }, "Select a person from the list", "unknown_user"],
      [
        { userId: t.userId("court@probation.concord.test"), roleInCase: "offender_manager" },
        "Noor Baptiste's account is suspended, so they cannot be added",
        "suspended",
      ],
      [
        { userId: t.userId("admin@police.concord.test"), roleInCase: "coordinator" },
        "Morgan Teale's role does not work on cases, so they would see nothing of it",
        "not_caseworker",
      ],
      [
        { userId: t.userId("auditor@partnership.concord.test"), roleInCase: "coordinator" },
        "Idris Penhale's role does not work on cases, so they would see nothing of it",
        "not_caseworker",
      ],
      [
        { userId: t.userId(ADVOCATE), roleInCase: "advocate" },
        "Jess Marlowe is already on the case team",
        "already_member",
      ],
    ];
    for (const [values, message, reason] of refusals) {
      expect(addMember(investigator, caseId, values)).toEqual({ ok: false, errors: { userId: message }, values });
      expect(lastAudit()).toMatchObject({ action: "case_team.add", outcome: "denied" });
      expect(JSON.parse(lastAudit().detail!)).toEqual({ reason });
    }
    expect(addMember(investigator, caseId, { userId: "", roleInCase: "" })).toMatchObject({
      ok: false,
      errors: { userId: "Select the person to add", roleInCase: "Select their role in the case" },
    });
    expect(
      addMember(investigator, caseId, { userId: t.userId("psychologist@health.concord.test"), roleInCase: "boss" }),
    ).toMatchObject({ ok: false, errors: { roleInCase: "Select their role in the case" } });
    expect(members()).toEqual(before.members);
    expect(t.db.select().from(notifications).all().length).toBe(before.notices);
    t.db.update(users).set({ status: "active" }).where(eq(users.email, "court@probation.concord.test")).run();
  });

  it("only the lead agency's team and supervisors may change it: others get 404, audited, nothing changed", () => {
    const before = members();
    // The practitioner is on the team now but does not run it; on the worked case likewise.
    const practitioner = t.actorFor(PRACTITIONER);
    expect(
      statusOf(() =>
        addMember(practitioner, caseId, {
          userId: t.userId("spo@probation.concord.test"),
          roleInCase: "offender_manager",
        }),
      ),
    ).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case_team.add", outcome: "denied", actorUserId: practitioner.userId });
    expect(statusOf(() => removeMember(practitioner, worked, { intent: "remove", userId: t.userId(ADVOCATE) }))).toBe(
      404,
    );
    expect(lastAudit()).toMatchObject({
      action: "case_team.remove",
      outcome: "denied",
      actorUserId: practitioner.userId,
    });
    // Police off the team are not told the case exists.
    expect(
      statusOf(() =>
        addMember(t.actorFor("spoc@police.concord.test"), caseId, {
          userId: t.userId("spoc@police.concord.test"),
          roleInCase: "officer_in_case",
        }),
      ),
    ).toBe(404);
    expect(statusOf(() => caseTeam(t.actorFor("prosecutor@cps.concord.test"), caseId))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case.view", outcome: "denied" });
    expect(members()).toEqual(before);
    // The lead agency's supervisor may, without being on the team.
    expect(
      addMember(t.actorFor("supervisor@police.concord.test"), caseId, {
        userId: t.userId("spoc@police.concord.test"),
        roleInCase: "officer_in_case",
      }),
    ).toMatchObject({ ok: true });
  });
});

describe("removing someone from the team", () => {
  it("ends their membership (kept, never deleted) and they stop seeing the case at their next request", () => {
    const advocate = t.actorFor(ADVOCATE);
    expect(caseOverview(advocate, caseId).case.id).toBe(caseId);
    expect(removeMember(t.actorFor(INVESTIGATOR), caseId, { intent: "remove", userId: t.userId(ADVOCATE) })).toEqual({
      ok: true,
      userId: t.userId(ADVOCATE),
      name: "Jess Marlowe",
    });
    expect(lastAudit()).toMatchObject({ action: "case_team.remove", outcome: "done", subjectId: t.userId(ADVOCATE) });
    const rows = members().filter((m) => m.userId === t.userId(ADVOCATE));
    expect(rows).toEqual([expect.objectContaining({ roleInCase: "advocate", removedAt: expect.any(String) })]);

    const after = t.actorFor(ADVOCATE);
    expect(after.caseIds).not.toContain(caseId);
    expect(statusOf(() => caseOverview(after, caseId))).toBe(404);
    expect(listCases(after).rows.map((r) => r.id)).not.toContain(caseId);
    const team = caseTeam(t.actorFor(INVESTIGATOR), caseId);
    expect(team.members.map((m) => m.name)).not.toContain("Jess Marlowe");
    expect(team.past.map((m) => m.name)).toEqual(["Jess Marlowe"]);
    // They can be added again later: a new membership row, the old one kept.
    expect(add(ADVOCATE, "advocate")).toMatchObject({ ok: true });
    expect(members().filter((m) => m.userId === t.userId(ADVOCATE))).toHaveLength(2);
  });

  it("refuses someone not on the team, and the lead agency's last member, changing nothing", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(
      removeMember(investigator, caseId, { intent: "remove", userId: t.userId("psychologist@health.concord.test") }),
    ).toMatchObject({ ok: false, errors: { form: "That person is not on the case team" } });
    expect(lastAudit()).toMatchObject({ action: "case_team.remove", outcome: "denied" });
    // Two police members now (Dana and Sam): Sam may go, then Dana may not.
    expect(
      removeMember(investigator, caseId, { intent: "remove", userId: t.userId("spoc@police.concord.test") }),
    ).toMatchObject({ ok: true });
    const before = members();
    expect(
      removeMember(t.actorFor(INVESTIGATOR), caseId, { intent: "remove", userId: t.userId(INVESTIGATOR) }),
    ).toMatchObject({
      ok: false,
      errors: {
        form: "Dana Whitlock is the only person from Northshire Police on the team. Add someone else from Northshire Police before removing them",
      },
    });
    expect(JSON.parse(lastAudit().detail!)).toEqual({ reason: "last_of_lead_agency" });
    expect(members()).toEqual(before);
    expect(
      t.db
        .select()
        .from(caseMembers)
        .where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, t.userId(INVESTIGATOR))))
        .get()!.removedAt,
    ).toBeNull();
  });
});
