import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Caveat, Category } from "../../app/access/vocabulary";
import type { CaseRole } from "../../app/domain/case-vocabulary";
import { normaliseName } from "../../app/domain/person-names";
import { insertCaseRecord } from "../../app/services/case-record-store.server";
import { indexCase } from "../../app/services/search-index.server";
import type { Db } from "../client";
import { caseMembers, caseParties, cases, people } from "../schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Distinctive synthetic values, so tests can search every channel for them. Never real people or places. */
export const DEMO_SECRETS = {
  victimAddress: "14 Larkspur Close, Northshire NS4 7QT",
  victimPhone: "07700 900123",
  clinicalDetail: "Formulation: fixation linked to loss of relationship; treatment plan agreed",
  intelligence: "Intelligence grade B2: subject seen with associate near victim's workplace",
} as const;

export const WORKED_CASE_REFERENCE = "NS-2026-00001";

type Ctx = { agencyIds: Map<string, string>; userIds: Map<string, string> };

/** A demo record, written through the record store like any other (envelope and search documents). */
function record(
  tx: Tx,
  o: {
    caseId: string;
    category: Category;
    owner: string;
    author: string;
    title: string;
    summary: string;
    text: string;
    caveats?: Caveat[];
    status?: "draft" | "signed_off";
    at: string;
  },
) {
  insertCaseRecord(
    tx,
    {
      caseId: o.caseId,
      kind: "note",
      category: o.category,
      ownerAgencyId: o.owner,
      authorUserId: o.author,
      caveats: o.caveats,
      status: o.status,
      title: o.title,
      summary: o.summary,
      body: { text: o.text },
    },
    o.at,
  );
}

// The same normalisation the person search compares with.
const normalise = normaliseName;

/**
 * The worked example: a police-led case with an advocate, a probation practitioner and a psychologist on the
 * team, and a record in most categories (some caveated), so the gate's decisions can be seen and tested.
 */
export function seedDemoCases(tx: Tx, { agencyIds, userIds }: Ctx): void {
  const a = (key: string) => agencyIds.get(key)!;
  const u = (email: string) => userIds.get(email)!;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

  const caseId = randomUUID();
  tx.insert(cases)
    .values({
      id: caseId,
      reference: WORKED_CASE_REFERENCE,
      status: "active",
      leadAgencyId: a("police"),
      createdBy: u("investigator@police.concord.test"),
      createdAt: at(30),
      updatedAt: at(1),
    })
    .run();
  const team: [string, CaseRole][] = [
    ["investigator@police.concord.test", "officer_in_case"],
    ["advocate@isac.concord.test", "advocate"],
    ["practitioner@probation.concord.test", "offender_manager"],
    ["psychologist@health.concord.test", "psychologist"],
  ];
  for (const [email, roleInCase] of team) {
    tx.insert(caseMembers)
      .values({ caseId, userId: u(email), roleInCase, addedBy: u("investigator@police.concord.test"), addedAt: at(30) })
      .run();
  }

  const victimId = randomUUID();
  const perpetratorId = randomUUID();
  tx.insert(people)
    .values({
      id: victimId,
      fullName: "Jordan Ashby",
      searchName: normalise("Jordan Ashby"),
      dateOfBirth: "1991-04-12",
      identifiers: "{}",
      createdAt: at(30),
    })
    .run();
  tx.insert(people)
    .values({
      id: perpetratorId,
      fullName: "Kieran Voss",
      searchName: normalise("Kieran Voss"),
      dateOfBirth: "1987-09-03",
      identifiers: JSON.stringify({ pnc: "87/123456X" }),
      createdAt: at(30),
    })
    .run();
  tx.insert(caseParties)
    .values({ caseId, personId: victimId, partyRole: "victim", addedAt: at(30) })
    .run();
  tx.insert(caseParties)
    .values({ caseId, personId: perpetratorId, partyRole: "perpetrator", addedAt: at(30) })
    .run();

  const investigator = u("investigator@police.concord.test");
  const advocate = u("advocate@isac.concord.test");
  const psychologist = u("psychologist@health.concord.test");
  record(tx, {
    caseId,
    category: "case_core",
    owner: a("police"),
    author: investigator,
    title: "Course of conduct",
    summary: "Ex-partner; repeated messages and turning up at work since January",
    text: "Victim Jordan Ashby reports messages, calls and visits to her workplace by Kieran Voss since January. Five incidents across three crime reports.",
    at: at(29),
  });
  record(tx, {
    caseId,
    category: "victim_contact",
    owner: a("isac"),
    author: advocate,
    title: "Safe contact details",
    summary: "Safe contact arrangements agreed with the victim",
    text: `Safe address: ${DEMO_SECRETS.victimAddress}. Phone ${DEMO_SECRETS.victimPhone}. Safe to call 10:00 to 12:00.`,
    caveats: ["victim_confidential"],
    at: at(20),
  });
  record(tx, {
    caseId,
    category: "victim_care",
    owner: a("isac"),
    author: advocate,
    title: "Safety plan",
    summary: "Safety plan in place; reviewed weekly",
    text: "Personal alarm issued; route to work varied; online safety advice given without asking her to leave social media.",
    at: at(18),
  });
  record(tx, {
    caseId,
    category: "perpetrator",
    owner: a("police"),
    author: investigator,
    title: "Perpetrator background",
    summary: "Previous harassment of a former partner (2019)",
    text: "Kieran Voss, PNC 87/123456X. Harassment conviction 2019 (different victim). Employed as a delivery driver.",
    at: at(25),
  });
  record(tx, {
    caseId,
    category: "police_intelligence",
    owner: a("police"),
    author: investigator,
    title: "Intelligence report",
    summary: "Intelligence held by police",
    text: DEMO_SECRETS.intelligence,
    caveats: ["police_intelligence"],
    at: at(15),
  });
  record(tx, {
    caseId,
    category: "clinical",
    owner: a("health"),
    author: psychologist,
    title: "Clinical formulation",
    summary: "Assessed by the stalking clinic psychologist",
    text: DEMO_SECRETS.clinicalDetail,
    caveats: ["health_confidential"],
    at: at(10),
  });
  record(tx, {
    caseId,
    category: "risk_assessment",
    owner: a("health"),
    author: psychologist,
    title: "SAM formulation (draft)",
    summary: "Draft structured assessment in progress",
    text: "Draft ratings: persistent, escalating; imminence under review.",
    status: "draft",
    at: at(5),
  });
  record(tx, {
    caseId,
    category: "investigation",
    owner: a("police"),
    author: investigator,
    title: "Evidence log",
    summary: "Phone download and CCTV requested",
    text: "Exhibit JA/1 phone download; CCTV from workplace car park requested.",
    at: at(12),
  });

  // A second case led by police with a different team, so lists are not all one case.
  const second = randomUUID();
  tx.insert(cases)
    .values({
      id: second,
      reference: "NS-2026-00002",
      status: "triage",
      leadAgencyId: a("police"),
      createdBy: u("spoc@police.concord.test"),
      createdAt: at(8),
      updatedAt: at(2),
    })
    .run();
  tx.insert(caseMembers)
    .values({
      caseId: second,
      userId: u("spoc@police.concord.test"),
      roleInCase: "officer_in_case",
      addedBy: u("spoc@police.concord.test"),
      addedAt: at(8),
    })
    .run();
  record(tx, {
    caseId: second,
    category: "case_core",
    owner: a("police"),
    author: u("spoc@police.concord.test"),
    title: "Initial report",
    summary: "Neighbour dispute escalating to following and loitering",
    text: "Reported following and loitering outside the victim's home on four occasions.",
    at: at(8),
  });

  // Search documents for the cases themselves; the store moved each case's last activity to its records' times.
  for (const [id, updatedAt] of [
    [caseId, at(1)],
    [second, at(2)],
  ] as const) {
    indexCase(tx, id);
    tx.update(cases).set({ updatedAt }).where(eq(cases.id, id)).run();
  }
}
