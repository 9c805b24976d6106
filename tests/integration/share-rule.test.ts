// The share rule (decision 0023) through the real services and a real SQLite file: the share page and its action
// show and do nothing for a record the actor does not read in full, and a share can never reach its own sharer.
// Issue 23's leaks 1 and 2, as an outside probe found them.
import { and, eq, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { shareOptions, shareRecord, sharesOfRecord } from "~/services/shares.server";
import { caseMembers, caseRecords, cases } from "../../db/schema";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const MANAGER = "manager@isac.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  // The probe's record: police's own victim-contact record on NS-2026-00002, kept by the SPOC on that case.
  const second = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00002")).get()!.id;
  const spoc = t.actorFor("spoc@police.concord.test");
  t.db.transaction((tx) =>
    insertCaseRecord(tx, {
      caseId: second,
      kind: "victim_contact",
      category: "victim_contact",
      ownerAgencyId: spoc.agencyId,
      authorUserId: spoc.userId,
      title: "Victim contact details",
      summary: "Held by the police case team",
      body: { address: "12 Probe Street" },
    }),
  );
});
afterAll(() => t.cleanup());

function shareCount(): number {
  return (t.db.$client.prepare("SELECT count(*) AS n FROM record_shares").get() as { n: number }).n;
}

/** A victim-contact record owned by an agency, on a case the given person is not on. */
function contactRecordOffTeam(ownerAgencyId: string, email: string) {
  const theirCases = t.db
    .select({ id: caseMembers.caseId })
    .from(caseMembers)
    .where(eq(caseMembers.userId, t.userId(email)));
  const row = t.db
    .select({ r: caseRecords, at: cases.chargingReferredAt, reference: cases.reference })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(caseRecords.category, "victim_contact"),
        eq(caseRecords.ownerAgencyId, ownerAgencyId),
        eq(caseRecords.status, "signed_off"),
        notInArray(caseRecords.caseId, theirCases),
      ),
    )
    .get();
  if (!row) throw new Error("the demo data has no such record");
  return { id: row.r.id, title: row.r.title, reference: row.reference, attrs: recordAttributes(row.r, row.at) };
}

const toPractitioner = {
  recipientKind: "user",
  userEmail: PRACTITIONER,
  purpose: "case_work",
  lawfulBasis: "cda_1998_s115",
};

describe("the share page needs the record read in full", () => {
  it("a supervisor is refused (404, audited, nothing of the record) the share page of a record the policy keeps from them", () => {
    for (const [email, agency] of [
      [MANAGER, "isac"],
      [SUPERVISOR, "police"],
    ] as const) {
      const actor = t.actorFor(email);
      const record = contactRecordOffTeam(
        t.actorFor(email === MANAGER ? ADVOCATE : "investigator@police.concord.test").agencyId,
        email,
      );
      expect(accessLevel(actor, record.attrs), `${agency} supervisor reads the contact record`).toBe("none");
      const before = t.auditRows().length;
      expect(statusOf(() => sharesOfRecord(actor, record.id))).toBe(404);
      const denial = t.auditRows().slice(before);
      expect(denial).toHaveLength(1);
      expect(denial[0]).toMatchObject({
        action: "record.shares_view",
        outcome: "denied",
        subjectId: record.id,
        actorUserId: actor.userId,
      });
      // The action refuses the same way and stores nothing.
      const shares = shareCount();
      expect(statusOf(() => shareRecord(actor, record.id, toPractitioner))).toBe(404);
      expect(shareCount()).toBe(shares);
    }
  });

  it("sharing with your own role or agency is refused and grants yourself nothing (the probe's police supervisor)", () => {
    const supervisor = t.actorFor(SUPERVISOR);
    const record = contactRecordOffTeam(supervisor.agencyId, SUPERVISOR);
    const shares = shareCount();
    expect(
      statusOf(() =>
        shareRecord(supervisor, record.id, {
          recipientKind: "role",
          role: "police_supervisor",
          purpose: "case_work",
          lawfulBasis: "cda_1998_s115",
        }),
      ),
    ).toBe(404);
    expect(
      statusOf(() =>
        shareRecord(supervisor, record.id, {
          recipientKind: "agency",
          agencyId: supervisor.agencyId,
          purpose: "case_work",
          lawfulBasis: "cda_1998_s115",
        }),
      ),
    ).toBe(404);
    expect(shareCount()).toBe(shares);
    expect(accessLevel(t.actorFor(SUPERVISOR), record.attrs)).toBe("none");
  });

  it("someone who may share is still refused a share that reaches themselves, with a clear message, and the form does not offer it", () => {
    const advocate = t.actorFor(ADVOCATE);
    const safetyPlan = t.db
      .select({ id: caseRecords.id })
      .from(caseRecords)
      .where(eq(caseRecords.title, "Safety plan"))
      .get()!.id;
    const shares = shareCount();
    const byRole = shareRecord(advocate, safetyPlan, {
      recipientKind: "role",
      role: "advocate",
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(byRole).toMatchObject({
      ok: false,
      errors: { role: "You have that role: choose another role, or share with a person" },
    });
    const byAgency = shareRecord(advocate, safetyPlan, {
      recipientKind: "agency",
      agencyId: advocate.agencyId,
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(byAgency).toMatchObject({
      ok: false,
      errors: { agencyId: "You work in that agency: choose another agency, or share with a person" },
    });
    const bySelf = shareRecord(advocate, safetyPlan, {
      recipientKind: "user",
      userEmail: ADVOCATE,
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(bySelf).toMatchObject({
      ok: false,
      errors: { userEmail: "Enter the email address of someone other than yourself" },
    });
    expect(shareCount()).toBe(shares);

    const options = shareOptions(advocate, safetyPlan);
    expect(options.members.map((m) => m.value)).not.toContain(advocate.userId);
    expect(options.members.length).toBeGreaterThan(0);
    const byMember = shareRecord(advocate, safetyPlan, {
      recipientKind: "member",
      memberId: advocate.userId,
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(byMember).toMatchObject({ ok: false, errors: { memberId: "Select a person from the list" } });
    expect(shareCount()).toBe(shares);
    expect(options.roles.map((r) => r.value)).not.toContain("advocate");
    expect(options.agencies.map((a) => a.value)).not.toContain(advocate.agencyId);
    expect(options.agencies.length).toBeGreaterThan(0);
  });

  it("a share received is not passed on: the recipient's agency supervisor cannot share it onward by standing access alone", () => {
    // The advocate shares the victim-confidential contact record with the police supervisor in person.
    const contact = t.db
      .select({ id: caseRecords.id })
      .from(caseRecords)
      .where(eq(caseRecords.title, "Safe contact details"))
      .get()!.id;
    const shared = shareRecord(t.actorFor(ADVOCATE), contact, {
      recipientKind: "user",
      userEmail: SUPERVISOR,
      purpose: "case_work",
      lawfulBasis: "vital_interests",
    });
    expect(shared.ok).toBe(true);
    const supervisor = t.actorFor(SUPERVISOR);
    // She reads it in full now, but it is another agency's record: she may not share it (share is the owner's).
    expect(statusOf(() => sharesOfRecord(supervisor, contact))).toBe(404);
  });
});
