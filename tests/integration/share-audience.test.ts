// Who a share's notification tells (app/access/share-audience.server.ts, one query) against the gate itself
// (loadActor + accessLevel, one whole Actor per person), on a real SQLite file with the demo partnership and the
// states that give a case to someone off its team: a supervisor of the lead agency, a meeting panel, a break-glass
// grant, a removed member, a suspended account.
import { and, eq, notInArray } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/access/actor.server";
import { caseAsRecord } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { shareAudience } from "~/access/share-audience.server";
import { shareRecord } from "~/services/shares.server";
import {
  agencies,
  breakGlassGrants,
  caseMembers,
  caseRecords,
  cases,
  meetingInvitees,
  meetingItems,
  meetings,
  notifications,
  users,
} from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const NOW = new Date().toISOString();
const LATER = new Date(Date.now() + 3_600_000).toISOString();

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const [first, second] = t.db.select({ id: cases.id }).from(cases).orderBy(cases.reference).limit(2).all();
  const partnershipId = t.db.select({ id: agencies.partnershipId }).from(agencies).limit(1).get()!.id;
  // A clinic panel with the second case on its agenda (the psychiatrist is invited; the prosecutor was removed).
  const meetingId = randomUUID();
  t.db
    .insert(meetings)
    .values({
      id: meetingId,
      partnershipId,
      kind: "clinic_triage",
      title: "Clinic",
      startsAt: LATER,
      chairUserId: t.userId("clinic@partnership.concord.test"),
      status: "planned",
      confidentialityStatement: "x",
      createdBy: t.userId("clinic@partnership.concord.test"),
      createdAt: NOW,
    })
    .run();
  t.db
    .insert(meetingItems)
    .values({
      id: randomUUID(),
      meetingId,
      caseId: second!.id,
      source: "review",
      position: 1,
      minutesAllowed: 10,
      priority: "routine",
    })
    .run();
  for (const [email, removed] of [
    ["psychiatrist@health.concord.test", null],
    ["prosecutor@cps.concord.test", NOW],
  ] as const)
    t.db
      .insert(meetingInvitees)
      .values({
        meetingId,
        userId: t.userId(email),
        invitedBy: t.userId("clinic@partnership.concord.test"),
        invitedAt: NOW,
        removedAt: removed,
      })
      .run();
  // A break-glass grant in force (the prison offender manager) and one expired (the court team), on the first case.
  const grant = (email: string, expiresAt: string) => ({
    id: randomUUID(),
    userId: t.userId(email),
    agencyId: t.actorFor(email).agencyId,
    caseId: first!.id,
    reason: "test",
    grantedAt: NOW,
    expiresAt,
  });
  t.db
    .insert(breakGlassGrants)
    .values([grant("pom@prison.concord.test", LATER), grant("court@probation.concord.test", NOW)])
    .run();
  // A member removed from the first case's team: neither the advocate nor the police investigator, whom the
  // agency-share test below expects on the team of the case with the safety plan (which can be this case: the ids
  // are random).
  const member = t.db
    .select()
    .from(caseMembers)
    .where(
      and(
        eq(caseMembers.caseId, first!.id),
        notInArray(caseMembers.userId, [
          t.userId("investigator@police.concord.test"),
          t.userId("advocate@isac.concord.test"),
        ]),
      ),
    )
    .orderBy(caseMembers.userId)
    .limit(1)
    .get()!;
  t.db
    .update(caseMembers)
    .set({ removedAt: NOW })
    .where(and(eq(caseMembers.caseId, first!.id), eq(caseMembers.userId, member.userId)))
    .run();
  // A suspended account.
  t.db
    .update(users)
    .set({ status: "suspended" })
    .where(eq(users.id, t.userId("spo@probation.concord.test")))
    .run();
});
afterAll(() => t.cleanup());

describe("shareAudience", () => {
  it("tells exactly whom the gate would: every active case worker of the demo partnership, with the case reference only if they may open the case, on every demo case", () => {
    const everyone = t.db
      .select({ id: users.id })
      .from(users)
      .all()
      .map((u) => u.id);
    const allCases = t.db
      .select({ id: cases.id, leadAgencyId: cases.leadAgencyId, chargingReferredAt: cases.chargingReferredAt })
      .from(cases)
      .all();
    expect(allCases.length).toBeGreaterThan(1);
    // A signed-off record carrying every caveat: a share reaches past them all, so whoever may read it is told.
    const caveated = (caseId: string) => ({
      ...caseAsRecord({ id: caseId, leadAgencyId: "agency-elsewhere", chargingReferredAt: null }),
      id: "shared-record",
      category: "clinical",
      cavVictimConfidential: true,
      cavHealthConfidential: true,
      cavPoliceIntelligence: true,
      cavNotPerpetratorFacing: true,
    });
    let seeCaseSomewhere = 0;
    let recordOnlySomewhere = 0;
    for (const c of allCases) {
      const expected = { seeCase: [] as string[], seeRecordOnly: [] as string[] };
      for (const userId of [...everyone].sort()) {
        const actor = loadActor(userId, "test");
        if (!actor) continue;
        const recipient = { ...actor, sharedRecordIds: [...actor.sharedRecordIds, "shared-record"] };
        if (accessLevel(recipient, caveated(c.id)) === "none") continue;
        (accessLevel(recipient, caseAsRecord(c)) === "full" ? expected.seeCase : expected.seeRecordOnly).push(userId);
      }
      const actual = shareAudience(everyone, {
        caseId: c.id,
        leadAgencyId: c.leadAgencyId,
        chargingReferred: c.chargingReferredAt !== null,
      });
      expect(actual, c.id).toEqual(expected);
      seeCaseSomewhere += actual.seeCase.length;
      recordOnlySomewhere += actual.seeRecordOnly.length;
    }
    expect(seeCaseSomewhere).toBeGreaterThan(0);
    expect(recordOnlySomewhere).toBeGreaterThan(0);
  });

  it("a share with an agency tells its case workers only: its administrator and data protection lead are not told", () => {
    const record = t.db
      .select({ id: caseRecords.id, caseId: caseRecords.caseId })
      .from(caseRecords)
      .where(and(eq(caseRecords.title, "Safety plan")))
      .get()!;
    const police = t.actorFor("investigator@police.concord.test").agencyId;
    const result = shareRecord(t.actorFor("advocate@isac.concord.test"), record.id, {
      recipientKind: "agency",
      agencyId: police,
      purpose: "case_work",
      lawfulBasis: "vital_interests",
    });
    expect(result.ok).toBe(true);
    const told = (email: string) =>
      t.db
        .select({ text: notifications.text })
        .from(notifications)
        .where(and(eq(notifications.userId, t.userId(email)), eq(notifications.kind, "shared_with_you")))
        .all();
    expect(told("admin@police.concord.test")).toEqual([]);
    expect(told("dpo@police.concord.test")).toEqual([]);
    expect(told("investigator@police.concord.test")).toHaveLength(1);
    expect(told("investigator@police.concord.test")[0]!.text).toMatch(
      /^A case note on case NS-\d{4}-\d{5} was shared with you$/,
    );
  });
});
