// Property: for random actors and random records in a real SQLite file, scope() in SQL returns exactly the
// records for which the single-record check allows the action. Lists and single checks cannot drift apart.
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordAttributes } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { caseRecordColumns } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { CATEGORIES, PURPOSES } from "~/access/vocabulary";
import { AGENCY_TYPES } from "~/domain/agencies";
import { ROLE_IDS } from "~/domain/roles";
import { agencies, caseRecords, cases, partnerships, users } from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

const AGENCIES = ["ag-police", "ag-isac", "ag-health", "ag-probation"];
const CASES = ["case-a", "case-b", "case-c", "case-d"];
const MEETINGS = ["m-1", "m-2"];

let t: TestDb;

beforeAll(async () => {
  t = await setupTestDb();
  const now = new Date().toISOString();
  t.db.insert(partnerships).values({ id: "p", name: "Property partnership" }).run();
  for (const [i, id] of AGENCIES.entries())
    t.db
      .insert(agencies)
      .values({ id, partnershipId: "p", name: `Agency ${i}`, type: AGENCY_TYPES[i]! })
      .run();
  t.db
    .insert(users)
    .values({ id: "author", agencyId: "ag-police", email: "author@example.test", name: "Author" })
    .run();
  for (const [i, id] of CASES.entries()) {
    t.db
      .insert(cases)
      .values({
        id,
        reference: `REF-${i}`,
        status: "active",
        leadAgencyId: AGENCIES[i % AGENCIES.length]!,
        createdBy: "author",
        createdAt: now,
        updatedAt: now,
        chargingReferredAt: i % 2 ? now : null,
      })
      .run();
  }
});

afterAll(() => t.cleanup());

const subset = <T>(items: T[]) => fc.subarray(items);

const recordArb = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  caseId: fc.constantFrom(...CASES),
  ownerAgencyId: fc.constantFrom(...AGENCIES),
  status: fc.constantFrom("draft" as const, "signed_off" as const),
  meetingId: fc.option(fc.constantFrom(...MEETINGS), { nil: null }),
  cavVictimConfidential: fc.boolean(),
  cavHealthConfidential: fc.boolean(),
  cavPoliceIntelligence: fc.boolean(),
  cavNotPerpetratorFacing: fc.boolean(),
});

const scenarioArb = fc.array(recordArb, { minLength: 1, maxLength: 40 }).chain((records) => {
  const ids = records.map((_, i) => `rec-${i}`);
  const actorArb = fc.record({
    roles: fc.subarray(ROLE_IDS, { minLength: 1, maxLength: 3 }),
    agencyIndex: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
    agencyType: fc.constantFrom(...AGENCY_TYPES),
    purpose: fc.constantFrom(...PURPOSES),
    caseIds: subset(CASES),
    agendaCaseIds: subset(CASES),
    meetingIds: subset(MEETINGS),
    breakGlassCaseIds: subset(CASES),
    sharedRecordIds: subset(ids),
    agreements: fc.array(
      fc.record({
        id: fc.constant("ag"),
        category: fc.constantFrom(...CATEGORIES),
        fromAgencyId: fc.constantFrom(...AGENCIES),
        level: fc.constantFrom("full" as const, "summary" as const),
      }),
      { maxLength: 3 },
    ),
  });
  return fc.tuple(fc.constant(records), actorArb);
});

describe("scope() agrees with the single-record check", () => {
  it("for random actors and records (read and read_summary)", () => {
    fc.assert(
      fc.property(scenarioArb, ([records, a]) => {
        t.db.delete(caseRecords).run();
        const now = new Date().toISOString();
        const attrs: RecordAttributes[] = records.map((r, i) => {
          const id = `rec-${i}`;
          t.db
            .insert(caseRecords)
            .values({
              id,
              ...r,
              kind: "note",
              authorUserId: "author",
              title: "t",
              summary: "s",
              createdAt: now,
              updatedAt: now,
            })
            .run();
          return { id, ...r, chargingReferred: CASES.indexOf(r.caseId) % 2 === 1 };
        });
        const actor: Actor = {
          userId: "u",
          name: "U",
          email: "u@example.test",
          agencyId: AGENCIES[a.agencyIndex]!,
          agencyName: "A",
          agencyType: a.agencyType,
          partnershipId: "p",
          teamId: null,
          roles: a.roles,
          sessionId: "s",
          purpose: a.purpose,
          caseIds: a.caseIds,
          agendaCaseIds: a.agendaCaseIds,
          meetingIds: a.meetingIds,
          breakGlassCaseIds: a.breakGlassCaseIds,
          sharedRecordIds: a.sharedRecordIds,
          agreements: a.agreements,
        };
        for (const action of ["read", "read_summary"] as const) {
          const fromSql = t.db
            .select({ id: caseRecords.id })
            .from(caseRecords)
            .innerJoin(cases, eq(cases.id, caseRecords.caseId))
            .where(and(sql`1`, scope(actor, action, "CaseRecord", caseRecordColumns)))
            .all()
            .map((r) => r.id)
            .sort();
          const fromCheck = attrs
            .filter((r) => {
              const level = accessLevel(actor, r);
              return action === "read" ? level === "full" : level !== "none";
            })
            .map((r) => r.id)
            .sort();
          expect(fromSql).toEqual(fromCheck);
        }
      }),
      { numRuns: 300 },
    );
  });
});
