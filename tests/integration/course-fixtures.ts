// Cases for the course-of-conduct tests (incidents and offences), written straight into the real test database:
// the demo seed's cases may gain incidents of their own, so these tests make fresh ones they control.
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { caseMembers, caseParties, cases, people, users } from "../../db/schema";
import type { TestDb } from "./test-db";

let n = 0;

export type TestCase = { id: string; reference: string };

/** A case led by `lead`'s agency with a current team of [email, roleInCase] and, optionally, parties with dates of birth. */
export function makeCase(
  t: TestDb,
  o: {
    team: [string, string][];
    lead?: string;
    parties?: { name: string; dateOfBirth: string | null; role: "victim" | "perpetrator" }[];
  },
): TestCase {
  const leadEmail = o.lead ?? "investigator@police.concord.test";
  const agencyId = t.db
    .select({ agencyId: users.agencyId })
    .from(users)
    .where(eq(users.id, t.userId(leadEmail)))
    .get()!.agencyId;
  const at = "2026-01-05T09:00:00.000Z";
  const id = randomUUID();
  const reference = `CC-2098-${String(++n).padStart(5, "0")}`;
  t.db
    .insert(cases)
    .values({
      id,
      reference,
      status: "active",
      leadAgencyId: agencyId,
      createdBy: t.userId(leadEmail),
      createdAt: at,
      updatedAt: at,
    })
    .run();
  for (const [email, roleInCase] of o.team) {
    t.db
      .insert(caseMembers)
      .values({ caseId: id, userId: t.userId(email), roleInCase, addedBy: t.userId(leadEmail), addedAt: at })
      .run();
  }
  for (const p of o.parties ?? []) {
    const personId = randomUUID();
    t.db
      .insert(people)
      .values({
        id: personId,
        fullName: p.name,
        searchName: p.name.toLowerCase(),
        dateOfBirth: p.dateOfBirth,
        createdAt: at,
      })
      .run();
    t.db.insert(caseParties).values({ caseId: id, personId, partyRole: p.role, addedAt: at }).run();
  }
  return { id, reference };
}

export function count(t: TestDb, table: string, where = "1 = 1", ...params: unknown[]): number {
  return (t.db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** The form fields of an incident, as the page sends them. `date` is a London date, `time` as typed. */
export function incidentForm(
  o: {
    date?: string;
    time?: string;
    behaviours?: string[];
    four?: string[];
    source?: string;
    crimeReference?: string;
    description?: string;
    caveats?: string[];
  } = {},
): Record<string, string | string[]> {
  const [y, m, d] = (o.date ?? "2026-03-03").split("-");
  return {
    "occurred-day": String(Number(d)),
    "occurred-month": String(Number(m)),
    "occurred-year": y!,
    time: o.time ?? "14:30",
    behaviours: o.behaviours ?? ["turning_up", "threats"],
    four: o.four ?? ["fixated", "repeated"],
    source: o.source ?? "victim",
    crimeReference: o.crimeReference ?? "",
    description: o.description ?? "He waited outside her workplace and said he would not let her go.",
    caveats: o.caveats ?? [],
  };
}

/** The form fields of an offence. */
export function offenceForm(
  o: Partial<
    Record<
      "offenceType" | "otherDescription" | "summaryOnly" | "crimeReference" | "status" | "outcomeCode" | "chargedOn",
      string
    >
  > = {},
): Record<string, string> {
  const [y = "", m = "", d = ""] = (o.chargedOn ?? "").split("-");
  return {
    offenceType: o.offenceType ?? "stalking_s2a",
    otherDescription: o.otherDescription ?? "",
    summaryOnly: o.summaryOnly ?? "",
    crimeReference: o.crimeReference ?? "",
    status: o.status ?? "under_investigation",
    outcomeCode: o.outcomeCode ?? "",
    "chargedOn-day": d ? String(Number(d)) : "",
    "chargedOn-month": m ? String(Number(m)) : "",
    "chargedOn-year": y,
  };
}
