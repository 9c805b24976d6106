// The demo's casework: the worked case NS-2026-00001 filled out into a full example (README walkthrough), the
// sentencing case NS-2026-00003 (demo-sentencing.ts), and 44 more synthetic cases worked by the demo accounts,
// planned by casework-plan.ts from a fixed seed. Every record goes through the record store (envelope and search
// documents); every case gets its case document.
import { eq } from "drizzle-orm";
import { seedWorkedCaseRisk } from "./demo-risk";
import { randomUUID } from "node:crypto";
import type { CaseRole, CaseStatus } from "../../app/domain/case-vocabulary";
import { formatDate, formatDateTime } from "../../app/domain/dates";
import { addDays, londonDate, londonWallClockToUtc } from "../../app/domain/limitation-deadline";
import { normaliseName } from "../../app/domain/person-names";
import { SPO_DECISION_LABELS } from "../../app/domain/protective-orders";
import {
  contactSummary,
  needsAssessmentSummary,
  referralSummary,
  safetyPlanSummary,
  updatePlanSummary,
  victimsCodeSummary,
  VICTIM_CARE_TITLES,
} from "../../app/domain/victim-care";
import { insertCaseRecord } from "../../app/services/case-record-store.server";
import { indexCase } from "../../app/services/search-index.server";
import type { Db } from "../client";
import {
  breaches,
  caseMembers,
  caseParties,
  cases,
  incidents,
  notifications,
  offences,
  people,
  protectiveOrders,
  spoConsiderations,
  supportReferrals,
  tasks,
  users,
  victimUpdatePlans,
} from "../schema";
import {
  AUTHOR,
  AUTHOR_NAME,
  behavioursPhrase,
  offenceItem,
  orderInSentence,
  orderLabel,
  orderSummary,
  planCasework,
  prohibitionsFor,
  recordRef,
  requirementsFor,
  resolveBody,
  SOURCE_PHRASES,
  type AgencyKey,
  type CasePlan,
  type Detail,
  type OrderState,
  type PlannedItem,
  type PlanOptions,
  type Who,
} from "./casework-plan";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "./demo-cases";
import { SENTENCING_CASE, seedDemoSentencing } from "./demo-sentencing";
import {
  crimeReferences,
  ndeliusCrn,
  perpetratorAliases,
  pncNumber,
  prng,
  syntheticPerson,
  testNhsNumber,
  type Rng,
  type SyntheticPerson,
} from "./synthetic";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Member = { id: string; name: string; agencyId: string };

const DAY = 86_400_000;
export const DEMO_CASEWORK_CASES = 44;

const AGENCY_OF_EMAIL = (email: string) => email.split("@")[1]!.split(".")[0]!;

/**
 * Writes a planned case's records (through the record store), their detail rows, its tasks and case fields.
 * `team` says who writes for each agency; anything unmatched is written by the lead.
 */
export function writePlan(
  tx: Tx,
  caseId: string,
  reference: string,
  plan: CasePlan,
  team: Partial<Record<Who, Member>>,
  everyone: readonly Member[],
  now: number,
): void {
  const lead = team.lead!;
  const who = (w: Who) => team[w] ?? lead;
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`demo seed: ${key} is referred to before it is written`);
    return id;
  };
  for (const item of plan.items) {
    const author = who(item.by);
    const id = insertCaseRecord(
      tx,
      {
        caseId,
        kind: item.kind,
        category: item.category,
        ownerAgencyId: author.agencyId,
        authorUserId: author.id,
        caveats: item.caveats,
        status: item.status,
        title: item.title,
        summary: item.summary,
        body: resolveBody(item.body, author, idOf),
      },
      new Date(item.at).toISOString(),
    );
    ids.set(item.key, id);
  }
  for (const item of plan.items)
    if (item.detail) writeDetail(tx, caseId, idOf(item.key), item.detail, who(item.by), idOf);
  for (const t of plan.tasks) {
    const owner = who(t.owner);
    tx.insert(tasks)
      .values({
        id: randomUUID(),
        caseId,
        title: t.title,
        ownerUserId: owner.id,
        dueOn: t.dueOn,
        status: t.status,
        source: t.source,
        sourceRecordId: t.sourceKey ? idOf(t.sourceKey) : null,
        createdBy: t.source === "manual" ? lead.id : who("police").id,
        createdAt: new Date(t.createdAt).toISOString(),
        completedAt: t.completedAt ? new Date(t.completedAt).toISOString() : null,
        completedBy: t.completedAt ? owner.id : null,
      })
      .run();
  }
  // A breach reaches the rest of the team (as breaches.server.ts notifies them); older ones have been read.
  for (const b of plan.breaches) {
    const item = plan.items.find((i) => i.key === b.key)!;
    const recorder = who(item.by);
    for (const m of everyone) {
      if (m.id === recorder.id) continue;
      tx.insert(notifications)
        .values({
          id: randomUUID(),
          userId: m.id,
          kind: "breach",
          text: `Breach recorded on case ${reference}`,
          href: `/cases/${caseId}/orders`,
          caseId,
          createdAt: new Date(item.at).toISOString(),
          readAt: item.at < now - 7 * DAY ? new Date(item.at + DAY).toISOString() : null,
        })
        .run();
    }
  }
  const f = plan.fields;
  tx.update(cases)
    .set({
      relationship: f.relationship,
      motivation: f.motivation,
      flagDomesticAbuse: f.flagDomesticAbuse,
      flagOnline: f.flagOnline,
      flagPolicePerpetrated: f.flagPolicePerpetrated,
      priority: f.priority,
      priorityReason: f.priorityReason,
      courseLinkedAt: f.courseLinkedAt,
      courseLinkedBy: f.courseLinkedBy ? who(f.courseLinkedBy).id : null,
      closingReason: f.closingReason,
      closedAt: f.closedAt,
      chargingReferredAt: f.chargingReferredAt,
      updatedAt: new Date(plan.updatedAt).toISOString(),
    })
    .where(eq(cases.id, caseId))
    .run();
}

function writeDetail(
  tx: Tx,
  caseId: string,
  recordId: string,
  d: Detail,
  author: Member,
  idOf: (key: string) => string,
): void {
  switch (d.table) {
    case "incident":
      tx.insert(incidents)
        .values({
          recordId,
          caseId,
          occurredAt: d.occurredAt,
          occurredOn: d.occurredOn,
          behaviours: JSON.stringify(d.behaviours),
          fixated: d.fixated,
          obsessive: d.obsessive,
          unwanted: d.unwanted,
          repeated: d.repeated,
          source: d.source,
          crimeReference: d.crimeReference,
          offenceIds: JSON.stringify(d.offenceKeys.map(idOf)),
          linkedAt: d.linkedAt,
        })
        .run();
      return;
    case "offence":
      tx.insert(offences)
        .values({
          recordId,
          caseId,
          offenceType: d.offenceType,
          summaryOnly: d.summaryOnly,
          crimeReference: d.crimeReference,
          status: d.status,
          outcomeCode: d.outcomeCode,
          chargedOn: d.chargedOn,
          lastDayToCharge: d.lastDayToCharge,
        })
        .run();
      return;
    case "order":
      tx.insert(protectiveOrders)
        .values({
          recordId,
          caseId,
          orderType: d.orderType,
          status: d.status,
          appliedOn: d.appliedOn,
          hearingOn: d.hearingOn,
          decidedOn: d.decidedOn,
          refusalReason: d.refusalReason,
          prohibitions: JSON.stringify(d.prohibitions),
          requirements: JSON.stringify(d.requirements),
          expiresOn: d.expiresOn,
        })
        .run();
      return;
    case "spo":
      tx.insert(spoConsiderations)
        .values({
          recordId,
          caseId,
          consideredBy: author.id,
          consideredOn: d.consideredOn,
          decision: d.decision,
          rationale: d.rationale,
        })
        .run();
      return;
    case "breach":
      tx.insert(breaches)
        .values({
          recordId,
          caseId,
          orderRecordId: idOf(d.orderKey),
          occurredOn: d.occurredOn,
          reportedAt: d.reportedAt,
          policeAction: d.policeAction,
          policeActionOn: d.policeActionOn,
        })
        .run();
      return;
    case "update_plan":
      tx.insert(victimUpdatePlans)
        .values({
          recordId,
          caseId,
          frequencyDays: d.frequencyDays,
          method: d.method,
          nextDueOn: d.nextDueOn,
          lastUpdateOn: d.lastUpdateOn,
        })
        .run();
      return;
    case "referral":
      tx.insert(supportReferrals)
        .values({
          recordId,
          caseId,
          service: d.service,
          offeredOn: d.offeredOn,
          response: d.response,
          respondedOn: d.respondedOn,
        })
        .run();
      return;
  }
}

// --- The demo accounts as case workers.

type Staff = Member & { email: string; agencyKey: string };

/** Which demo account writes for an agency on a team, in order of preference. */
const WRITER_PREFERENCE: Record<AgencyKey, string[]> = {
  police: ["investigator@police.concord.test", "spoc@police.concord.test", "supervisor@police.concord.test"],
  isac: ["advocate@isac.concord.test", "manager@isac.concord.test"],
  probation: ["practitioner@probation.concord.test", "court@probation.concord.test", "spo@probation.concord.test"],
  health: ["psychologist@health.concord.test", "psychiatrist@health.concord.test", "clinician@health.concord.test"],
  cps: ["prosecutor@cps.concord.test"],
  prison: ["pom@prison.concord.test"],
};

type TeamMember = { email: string; role: CaseRole };

function teamMap(
  members: readonly TeamMember[],
  staff: Map<string, Staff>,
): { team: Partial<Record<Who, Member>>; agencies: Set<AgencyKey>; everyone: Member[] } {
  const emails = members.map((m) => m.email);
  const team: Partial<Record<Who, Member>> = { lead: staff.get(members[0]!.email)! };
  const agencies = new Set<AgencyKey>();
  for (const [agency, preference] of Object.entries(WRITER_PREFERENCE) as [AgencyKey, string[]][]) {
    const email = preference.find((e) => emails.includes(e));
    if (email) {
      team[agency] = staff.get(email)!;
      agencies.add(agency);
    }
  }
  return { team, agencies, everyone: emails.map((e) => staff.get(e)!) };
}

// --- The generated cases.

type Profile = {
  status: CaseStatus;
  daysAgo: number;
  lead: "police" | "isac" | "probation";
  officer: "investigator@police.concord.test" | "spoc@police.concord.test";
  perpetrator?: "serial" | "voss";
  options: Partial<
    Pick<
      PlanOptions,
      | "relationship"
      | "online"
      | "stalkingOffence"
      | "deadlineInDays"
      | "spoConsideration"
      | "breach"
      | "updateDueInDays"
      | "tasks"
    >
  >;
};

// The fixed profiles are mostly open, so the rest lean towards closed cases.
const STATUS_WEIGHTS: Record<CaseStatus, number> = { active: 30, monitoring: 12, closed: 45, triage: 7, referred: 6 };

function daysAgoFor(rng: Rng, status: CaseStatus): number {
  return {
    referred: rng.between(1, 6),
    triage: rng.between(5, 20),
    active: rng.between(15, 200),
    monitoring: rng.between(60, 300),
    closed: rng.between(150, 520),
  }[status];
}

/** The demo's cases: most by the distributions, some shaped so every home-page list has something in it. */
function profiles(rng: Rng): Profile[] {
  const dana = "investigator@police.concord.test" as const;
  const sam = "spoc@police.concord.test" as const;
  const fixed: Profile[] = [
    // Charging deadlines within 7, 14 and 28 days on the investigator's home page.
    { status: "active", daysAgo: 140, lead: "police", officer: dana, options: { deadlineInDays: 5 } },
    { status: "active", daysAgo: 120, lead: "police", officer: dana, options: { deadlineInDays: 12 } },
    { status: "active", daysAgo: 150, lead: "police", officer: sam, options: { deadlineInDays: 24 } },
    // No SPO consideration: outstanding after 7 days (supervisors' home page), and two not yet due.
    { status: "triage", daysAgo: 9, lead: "police", officer: dana, options: { spoConsideration: false } },
    { status: "active", daysAgo: 12, lead: "police", officer: sam, options: { spoConsideration: false } },
    { status: "active", daysAgo: 20, lead: "police", officer: dana, options: { spoConsideration: false } },
    { status: "referred", daysAgo: 2, lead: "police", officer: sam, options: { spoConsideration: false } },
    { status: "referred", daysAgo: 4, lead: "police", officer: dana, options: { spoConsideration: false } },
    // Recent breaches: priority raised, a risk review task, the team notified.
    { status: "active", daysAgo: 70, lead: "police", officer: dana, options: { breach: true } },
    { status: "active", daysAgo: 95, lead: "police", officer: sam, options: { breach: true } },
    { status: "monitoring", daysAgo: 160, lead: "police", officer: dana, options: { breach: true } },
    // Victim updates overdue and due soon.
    { status: "active", daysAgo: 45, lead: "police", officer: dana, options: { updateDueInDays: -2 } },
    { status: "active", daysAgo: 60, lead: "police", officer: dana, options: { updateDueInDays: 1 } },
    { status: "active", daysAgo: 33, lead: "police", officer: sam, options: { updateDueInDays: 3 } },
    // One perpetrator across three cases (serial stalking), and the worked case's perpetrator's earlier case.
    {
      status: "closed",
      daysAgo: 480,
      lead: "police",
      officer: sam,
      perpetrator: "serial",
      options: { relationship: "online_only", online: true },
    },
    {
      status: "monitoring",
      daysAgo: 210,
      lead: "police",
      officer: dana,
      perpetrator: "serial",
      options: { relationship: "stranger", online: true },
    },
    {
      status: "active",
      daysAgo: 26,
      lead: "police",
      officer: sam,
      perpetrator: "serial",
      options: { relationship: "online_only", online: true },
    },
    {
      status: "closed",
      daysAgo: 430,
      lead: "police",
      officer: sam,
      perpetrator: "voss",
      options: { relationship: "ex_intimate_partner", stalkingOffence: "stalking_s4a" },
    },
    // Led by the advocacy service and by probation.
    { status: "active", daysAgo: 40, lead: "isac", officer: sam, options: {} },
    { status: "monitoring", daysAgo: 130, lead: "isac", officer: dana, options: {} },
    {
      status: "monitoring",
      daysAgo: 250,
      lead: "probation",
      officer: sam,
      options: { stalkingOffence: "stalking_s4a" },
    },
  ];
  const rest: Profile[] = [];
  while (fixed.length + rest.length < DEMO_CASEWORK_CASES) {
    const status = rng.weighted(STATUS_WEIGHTS);
    rest.push({
      status,
      daysAgo: daysAgoFor(rng, status),
      lead: "police",
      officer: rng.chance(0.55) ? dana : sam,
      options: {},
    });
  }
  return [...fixed, ...rest];
}

function teamFor(rng: Rng, p: Profile): TeamMember[] {
  const members: TeamMember[] = [];
  const add = (email: string, role: CaseRole) => {
    if (!members.some((m) => m.email === email)) members.push({ email, role });
  };
  const late = p.status === "monitoring" || p.status === "closed";
  if (p.lead === "isac") add("advocate@isac.concord.test", "advocate");
  if (p.lead === "probation") add("practitioner@probation.concord.test", "offender_manager");
  if (p.lead === "police" || rng.chance(0.7)) add(p.officer, "officer_in_case");
  if (rng.chance(0.65) || p.options.updateDueInDays !== undefined)
    add(rng.chance(0.85) ? "advocate@isac.concord.test" : "manager@isac.concord.test", "advocate");
  if (rng.chance(late ? 0.45 : 0.2))
    add(rng.chance(0.8) ? "practitioner@probation.concord.test" : "court@probation.concord.test", "offender_manager");
  if (rng.chance(0.2)) add("psychologist@health.concord.test", "psychologist");
  if (rng.chance(0.08))
    add(rng.chance(0.5) ? "psychiatrist@health.concord.test" : "clinician@health.concord.test", "clinician");
  if (rng.chance(late ? 0.35 : p.status === "active" ? 0.15 : 0)) add("prosecutor@cps.concord.test", "prosecutor");
  if (rng.chance(0.04)) add("pom@prison.concord.test", "offender_manager");
  if (rng.chance(0.08)) add("supervisor@police.concord.test", "supervisor");
  if (rng.chance(0.15))
    add(rng.chance(0.75) ? "clinic@partnership.concord.test" : "mappa@partnership.concord.test", "coordinator");
  return members;
}

function newPerson(tx: Tx, p: SyntheticPerson, at: string, createdBy: string): string {
  const id = randomUUID();
  tx.insert(people)
    .values({
      id,
      fullName: p.fullName,
      searchName: p.searchName,
      dateOfBirth: p.dateOfBirth,
      identifiers: JSON.stringify(p.identifiers),
      aliases: JSON.stringify(p.aliases),
      createdBy,
      createdAt: at,
    })
    .run();
  return id;
}

/**
 * Adds the demo casework to a database that has the demo accounts and the two demo cases. Returns how many
 * cases were added.
 */
export function seedDemoCasework(tx: Tx, now = Date.now()): { cases: number } {
  const rng = prng(20260401);
  const staff = new Map<string, Staff>();
  const rows = tx
    .select({ id: users.id, name: users.name, agencyId: users.agencyId, email: users.email })
    .from(users)
    .all();
  for (const r of rows) staff.set(r.email, { ...r, agencyKey: AGENCY_OF_EMAIL(r.email) });
  const crimeRef = crimeReferences();
  const usedNames = new Set<string>(
    ["Jordan Ashby", "Kieran Voss", SENTENCING_CASE.victim, SENTENCING_CASE.perpetrator].map(normaliseName),
  );
  const person = (sex: "female" | "male") => {
    for (;;) {
      const p = syntheticPerson(rng, sex, now);
      if (!usedNames.has(p.searchName)) {
        usedNames.add(p.searchName);
        return p;
      }
    }
  };

  enrichWorkedCase(tx, staff, crimeRef, now);
  enrichSecondCase(tx, staff, rng, crimeRef, now);
  const account = (email: string) => staff.get(email)!;
  seedWorkedCaseRisk(
    tx,
    WORKED_CASE_REFERENCE,
    {
      investigator: account("investigator@police.concord.test"),
      supervisor: account("supervisor@police.concord.test"),
      advocate: account("advocate@isac.concord.test"),
      manager: account("manager@isac.concord.test"),
    },
    now,
  );
  // NS-2026-00003, the sentencing case (demo-sentencing.ts); the generated cases number on from it.
  const sentencing = seedDemoSentencing(tx, { now, crimeRef, writePlan });

  // References count up within each London year, in the order the cases were opened.
  const planned = profiles(rng)
    .map((p) => ({ p, createdAt: now - p.daysAgo * DAY - rng.int(8 * 3_600_000) }))
    .sort((a, b) => a.createdAt - b.createdAt);
  const nextNumber = new Map<number, number>([[2026, 4]]);
  const serial = { person: null as SyntheticPerson | null, id: "", crimeRefs: [] as string[] };
  const voss = tx.select({ id: people.id }).from(people).where(eq(people.fullName, "Kieran Voss")).get()?.id;

  for (const { p, createdAt } of planned) {
    const year = Number(londonDate(new Date(createdAt)).slice(0, 4));
    const n = nextNumber.get(year) ?? 1;
    nextNumber.set(year, n + 1);
    const reference = `NS-${year}-${String(n).padStart(5, "0")}`;
    const members = teamFor(rng, p);
    const { team, agencies, everyone } = teamMap(members, staff);
    const lead = team.lead!;
    const caseId = randomUUID();
    const at = new Date(createdAt).toISOString();
    const victim = person(rng.chance(0.8) ? "female" : "male");
    if (rng.chance(0.08)) victim.aliases.push(`${victim.first} ${syntheticPerson(rng, "female", now).last}`);
    if (agencies.has("health") && rng.chance(0.3)) victim.identifiers.nhs = testNhsNumber(rng);
    const plan = planCasework(rng, {
      now,
      createdAt,
      status: p.status,
      lead: p.lead,
      agencies,
      victimName: victim.fullName,
      crimeRef,
      ...p.options,
    });

    tx.insert(cases)
      .values({
        id: caseId,
        reference,
        status: p.status,
        leadAgencyId: lead.agencyId,
        createdBy: lead.id,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    members.forEach((m, i) => {
      const addedAt = i === 0 ? createdAt : Math.min(now - 60_000, createdAt + rng.between(0, 10) * DAY);
      tx.insert(caseMembers)
        .values({
          caseId,
          userId: staff.get(m.email)!.id,
          roleInCase: m.role,
          addedBy: lead.id,
          addedAt: new Date(addedAt).toISOString(),
        })
        .run();
    });
    tx.insert(caseParties)
      .values({ caseId, personId: newPerson(tx, victim, at, lead.id), partyRole: "victim", addedAt: at })
      .run();
    let perpetratorId: string;
    if (p.perpetrator === "voss" && voss) perpetratorId = voss;
    else if (p.perpetrator === "serial" && serial.person) {
      perpetratorId = serial.id;
      serial.crimeRefs.push(...plan.crimeRefs);
    } else {
      const perp = person(rng.chance(0.85) ? "male" : "female");
      perp.aliases = perpetratorAliases(rng, perp, plan.fields.flagOnline);
      if (agencies.has("police") || rng.chance(0.5)) perp.identifiers.pnc = pncNumber(rng);
      if (agencies.has("probation")) perp.identifiers.ndelius = ndeliusCrn(rng);
      if (agencies.has("health")) perp.identifiers.nhs = testNhsNumber(rng);
      perp.identifiers.crimeRefs = plan.crimeRefs;
      perpetratorId = newPerson(tx, perp, at, lead.id);
      if (p.perpetrator === "serial")
        Object.assign(serial, { person: perp, id: perpetratorId, crimeRefs: [...plan.crimeRefs] });
    }
    tx.insert(caseParties).values({ caseId, personId: perpetratorId, partyRole: "perpetrator", addedAt: at }).run();
    writePlan(tx, caseId, reference, plan, team, everyone, now);
    indexCase(tx, caseId);
  }
  // The serial perpetrator's crime references from all three cases, on the one person record.
  if (serial.person)
    tx.update(people)
      .set({ identifiers: JSON.stringify({ ...serial.person.identifiers, crimeRefs: serial.crimeRefs }) })
      .where(eq(people.id, serial.id))
      .run();
  return { cases: planned.length + (sentencing ? 1 : 0) };
}

/**
 * NS-2026-00002 (a neighbour following and loitering, in triage) gets its parties and four incidents, and is
 * left without an SPO consideration: eight days old, it is outstanding on the police supervisor's home page.
 */
function enrichSecondCase(
  tx: Tx,
  staff: Map<string, Staff>,
  rng: Rng,
  crimeRef: (year: number) => string,
  now: number,
): void {
  const c = tx
    .select({ id: cases.id, createdAt: cases.createdAt })
    .from(cases)
    .where(eq(cases.reference, "NS-2026-00002"))
    .get();
  if (!c) return;
  const spoc = staff.get("spoc@police.concord.test")!;
  const victim = syntheticPerson(rng, "female", now);
  const neighbour = syntheticPerson(rng, "male", now);
  const plan = planCasework(rng, {
    now,
    createdAt: Date.parse(c.createdAt),
    status: "triage",
    lead: "police",
    agencies: new Set(["police"]),
    victimName: victim.fullName,
    crimeRef,
    relationship: "neighbour",
    online: false,
    incidents: 4,
    spoConsideration: false,
    tasks: 1,
  });
  neighbour.identifiers = { pnc: pncNumber(rng), crimeRefs: plan.crimeRefs };
  for (const [person, role] of [
    [victim, "victim"],
    [neighbour, "perpetrator"],
  ] as const)
    tx.insert(caseParties)
      .values({
        caseId: c.id,
        personId: newPerson(tx, person, c.createdAt, spoc.id),
        partyRole: role,
        addedAt: c.createdAt,
      })
      .run();
  writePlan(tx, c.id, "NS-2026-00002", plan, { lead: spoc, police: spoc }, [spoc], now);
  indexCase(tx, c.id);
}

// --- The worked example (README: "A walkthrough of the worked case").

/**
 * NS-2026-00001 as a full example: five incidents from three crime reports linked into one course of conduct,
 * an s2A offence whose last day to charge is three weeks away, an SPO considered and an interim order granted
 * with a full hearing listed, a breach of it two days ago (priority raised, review task, team told), and victim
 * care recorded by the advocate and the officer. Times are relative to now, so the deadlines stay live.
 */
function enrichWorkedCase(tx: Tx, staff: Map<string, Staff>, crimeRef: (year: number) => string, now: number): void {
  const c = tx
    .select({ id: cases.id, createdAt: cases.createdAt })
    .from(cases)
    .where(eq(cases.reference, WORKED_CASE_REFERENCE))
    .get();
  if (!c) return;
  const member = (email: string) => staff.get(email)!;
  const team: Partial<Record<Who, Member>> = {
    lead: member("investigator@police.concord.test"),
    police: member("investigator@police.concord.test"),
    isac: member("advocate@isac.concord.test"),
    probation: member("practitioner@probation.concord.test"),
    health: member("psychologist@health.concord.test"),
  };
  const everyone = [team.police!, team.isac!, team.probation!, team.health!];
  const today = londonDate(new Date(now));
  /** A London wall-clock time `days` ago (or ahead, when negative), as ms. */
  const at = (days: number, time: string) =>
    Date.parse(londonWallClockToUtc(addDays(today, -days), time) ?? `${addDays(today, -days)}T12:00:00Z`);
  const on = (days: number) => addDays(today, -days);
  const opened = Date.parse(c.createdAt);
  const victim = "Jordan Ashby";
  const refA = crimeRef(Number(on(315).slice(0, 4)));
  const refB = crimeRef(Number(on(230).slice(0, 4)));
  const refC = crimeRef(Number(on(163).slice(0, 4)));

  const items: PlannedItem[] = [];
  const incident = (
    k: string,
    days: number,
    time: string,
    behaviours: Parameters<typeof behavioursPhrase>[0],
    source: keyof typeof SOURCE_PHRASES,
    ref: string,
    text: string,
  ) => {
    const occurredAt = new Date(at(days, time)).toISOString();
    const phrase = behavioursPhrase(behaviours);
    items.push({
      key: k,
      kind: "incident",
      category: "case_core",
      by: "police",
      title: `${phrase} on ${formatDate(occurredAt)}`,
      summary: `${phrase} on ${formatDateTime(occurredAt)}, reported by ${SOURCE_PHRASES[source]}`,
      body: { text, crimeReference: ref },
      // Entered on the case when it was opened from the three crime reports.
      at: opened + items.length * 60_000,
      detail: {
        table: "incident",
        occurredAt,
        occurredOn: londonDate(occurredAt),
        behaviours: [...behaviours],
        fixated: true,
        obsessive: days < 300,
        unwanted: true,
        repeated: days < 315,
        source,
        crimeReference: ref,
        offenceKeys: ["offence:s2a"],
        linkedAt: new Date(at(29, "10:15")).toISOString(),
      },
    });
  };
  incident(
    "incident:1",
    315,
    "21:40",
    ["messages"],
    "victim",
    refA,
    "Over forty messages in one evening after Jordan ended the relationship, asking to meet and saying he would never give up.",
  );
  incident(
    "incident:2",
    280,
    "23:15",
    ["calls", "messages"],
    "victim",
    refA,
    "Calls from withheld numbers between 11pm and 2am, and voicemails begging Jordan to reply.",
  );
  incident(
    "incident:3",
    230,
    "17:30",
    ["turning_up", "following"],
    "witness",
    refB,
    "Waited outside Jordan's workplace at the end of her shift and followed her to the car park. A colleague saw him and has given a statement.",
  );
  incident(
    "incident:4",
    190,
    "07:50",
    ["loitering"],
    "victim",
    refB,
    "Seen sitting in his van opposite Jordan's home before she left for work.",
  );
  incident(
    "incident:5",
    163,
    "19:05",
    ["social_media_contact", "fake_or_alias_accounts"],
    "victim",
    refC,
    "Friend requests to Jordan's sister from a new account under an alias, then messages to Jordan from the same account after she had blocked his own.",
  );
  const instants = items.map((i) => (i.detail as { occurredAt: string }).occurredAt);

  // The limit runs from the latest incident (163 days ago): the last day to charge is about three weeks away.
  items.push(
    offenceItem("offence:s2a", "stalking_s2a", refA, "under_investigation", null, null, instants, at(29, "11:00")),
  );
  const decision = "apply_interim" as const;
  const rationale =
    "Five incidents across three crime reports, now linked as one course of conduct. Contact has moved online through an alias account after Jordan blocked him. An interim SPO is needed now to prohibit contact by any means while the s2A investigation continues; full order to follow with a requirement to attend the perpetrator programme.";
  items.push({
    key: "spo",
    kind: "spo_consideration",
    category: "case_core",
    by: "police",
    title: "Stalking protection order considered",
    summary: `${SPO_DECISION_LABELS[decision]} (considered on ${formatDate(on(28))})`,
    body: { consideredOn: on(28), decision, rationale, consideredByName: AUTHOR_NAME },
    at: at(28, "16:20"),
    detail: { table: "spo", consideredOn: on(28), decision, rationale },
  });

  const order = (k: string, s: OrderState, when: number) =>
    items.push({
      key: k,
      kind: "protective_order",
      category: "case_core",
      by: "police",
      title: orderLabel(s.orderType),
      summary: orderSummary(s),
      body: {
        ...s,
        change: "created",
        changedBy: AUTHOR,
        changedByName: AUTHOR_NAME,
        changedAt: new Date(when).toISOString(),
      },
      at: when,
      detail: {
        table: "order",
        orderType: s.orderType,
        status: s.status,
        appliedOn: s.appliedOn,
        hearingOn: s.hearingOn,
        decidedOn: s.decidedOn,
        refusalReason: null,
        prohibitions: s.prohibitions,
        requirements: s.requirements,
        expiresOn: s.expiresOn,
      },
    });
  const base = { refusalReason: null, endedOn: null, variedOn: null, renewedOn: null };
  order(
    "order:interim",
    {
      ...base,
      orderType: "spo_interim",
      status: "granted",
      appliedOn: on(27),
      hearingOn: null,
      decidedOn: on(25),
      prohibitions: prohibitionsFor("spo_interim", victim, true),
      requirements: requirementsFor("spo_interim", true),
      expiresOn: on(-17),
    },
    at(25, "15:45"),
  );
  order(
    "order:full",
    {
      ...base,
      orderType: "spo_full",
      status: "hearing_listed",
      appliedOn: on(27),
      hearingOn: on(-17),
      decidedOn: null,
      prohibitions: prohibitionsFor("spo_full", victim, true),
      requirements: requirementsFor("spo_full", true),
      expiresOn: null,
    },
    at(27, "12:10"),
  );

  const breachAt = at(2, "20:10");
  const inSentence = orderInSentence("spo_interim");
  items.push({
    key: "breach",
    kind: "breach",
    category: "case_core",
    by: "police",
    title: `Breach of ${inSentence}`,
    summary: `Breach of ${inSentence} on ${formatDate(on(2))}; arrested`,
    body: {
      orderRecordId: recordRef("order:interim"),
      orderType: "spo_interim",
      orderLabel: orderLabel("spo_interim"),
      occurredOn: on(2),
      description: "Sent Jordan a message through another new alias account asking her to drop the order.",
      policeAction: "arrested",
      policeActionOn: on(1),
    },
    at: breachAt,
    detail: {
      table: "breach",
      orderKey: "order:interim",
      occurredOn: on(2),
      reportedAt: new Date(breachAt).toISOString(),
      policeAction: "arrested",
      policeActionOn: on(1),
    },
  });
  const refD = crimeRef(Number(on(2).slice(0, 4)));
  items.push(
    offenceItem("offence:breach", "breach_spo", refD, "under_investigation", null, null, instants, at(1, "09:30")),
  );

  // Victim care: the advocate and the officer keep one picture, so Jordan tells her story once.
  items.push({
    key: "contact",
    kind: "victim_contact",
    category: "victim_contact",
    by: "isac",
    caveats: ["victim_confidential"],
    title: VICTIM_CARE_TITLES.victim_contact,
    summary: contactSummary(),
    body: {
      address: DEMO_SECRETS.victimAddress,
      phone: DEMO_SECRETS.victimPhone,
      email: "",
      workplace: "Northshire Business Park, Unit 7",
      safeTimes: "Weekdays 10:00 to 12:00",
      safeMethod: "phone_call",
      avoidMethods: ["letter"],
      leaveMessages: false,
      notes: "Never leave a voicemail; he has had access to her phone before.",
      recordedBy: AUTHOR,
    },
    at: at(20, "11:05"),
  });
  items.push({
    key: "code",
    kind: "victims_code",
    category: "victim_care",
    by: "police",
    title: VICTIM_CARE_TITLES.victims_code,
    summary: victimsCodeSummary({ entitled: true, explainedOn: on(29) }),
    body: {
      entitled: true,
      reasons: ["persistently_targeted", "intimidated"],
      explained: { on: on(29), by: AUTHOR, how: "in_person" },
      recordedBy: AUTHOR,
    },
    at: at(29, "14:00"),
  });
  const area = (level: string, notes = "") => ({ level, notes });
  items.push({
    key: "needs",
    kind: "needs_assessment",
    category: "victim_care",
    by: "isac",
    title: VICTIM_CARE_TITLES.needs_assessment,
    summary: needsAssessmentSummary(on(21)),
    body: {
      areas: {
        safety: area("high", "Frightened to walk to her car after work."),
        health_wellbeing: area("some", "Not sleeping; her GP knows."),
        housing: area("none"),
        finances: area("none"),
        children_dependants: area("none"),
        work_education: area("some", "Her employer has agreed to vary her shifts."),
        online_safety: area("high", "Wants to keep her social media for work; help to lock it down."),
        communication: area("none"),
      },
      completedOn: on(21),
      recordedBy: AUTHOR,
    },
    at: at(21, "13:30"),
  });
  const updates = [21, 14, 5].map((d) => ({ on: on(d), by: AUTHOR }));
  items.push({
    key: "plan",
    kind: "victim_update_plan",
    category: "victim_care",
    by: "police",
    title: VICTIM_CARE_TITLES.victim_update_plan,
    summary: updatePlanSummary(7, on(-2)),
    body: { frequencyDays: 7, method: "phone", agreedOn: on(28), updatesGiven: updates, recordedBy: AUTHOR },
    at: at(5, "11:20"),
    detail: { table: "update_plan", frequencyDays: 7, method: "phone", nextDueOn: on(-2), lastUpdateOn: on(5) },
  });
  items.push({
    key: "referral:isac",
    kind: "support_referral",
    category: "victim_care",
    by: "police",
    title: VICTIM_CARE_TITLES.support_referral,
    summary: referralSummary(on(29), "accepted"),
    body: {
      service: "isac",
      otherService: "",
      offeredOn: on(29),
      response: "accepted",
      respondedOn: on(28),
      recordedBy: AUTHOR,
    },
    at: at(28, "09:40"),
    detail: { table: "referral", service: "isac", offeredOn: on(29), response: "accepted", respondedOn: on(28) },
  });
  items.push({
    key: "referral:mh",
    kind: "support_referral",
    category: "victim_care",
    by: "isac",
    title: VICTIM_CARE_TITLES.support_referral,
    summary: referralSummary(on(14), "pending"),
    body: {
      service: "mental_health",
      otherService: "",
      offeredOn: on(14),
      response: "pending",
      respondedOn: null,
      recordedBy: AUTHOR,
    },
    at: at(14, "15:00"),
    detail: { table: "referral", service: "mental_health", offeredOn: on(14), response: "pending", respondedOn: null },
  });
  items.push({
    key: "safety",
    kind: "safety_plan",
    category: "victim_care",
    by: "isac",
    title: VICTIM_CARE_TITLES.safety_plan,
    summary: safetyPlanSummary(on(-6)),
    body: {
      measures: [
        "Personal alarm issued and tested",
        "Route to work varied; a colleague walks her to the car park",
        "Doorbell camera fitted through the sanctuary scheme",
        "Marker on her address for a priority police response",
        "Screenshots of every message kept with dates",
      ],
      advice: ["keep_evidence", "check_tracking", "privacy_settings", "safe_social_media"],
      otherAdvice: "Reviewed after the breach: new accounts are reported to the officer the same day.",
      reviewOn: on(-6),
      recordedBy: AUTHOR,
    },
    at: at(1, "16:00"),
  });
  items.push({
    key: "note:strategy",
    kind: "note",
    category: "case_core",
    by: "police",
    title: "Strategy discussion",
    summary: "Three crime reports linked as one course of conduct",
    body: {
      text: `Crime reports ${refA}, ${refB} and ${refC} were recorded as separate crimes. Brought into this case and linked as one course of conduct. SPO to be considered at once; the advocate leads on safety planning.`,
    },
    at: at(29, "10:20"),
  });
  items.push({
    key: "note:probation",
    kind: "note",
    category: "perpetrator",
    by: "probation",
    title: "Probation history",
    summary: "Known to probation from 2019",
    body: {
      text: "Known to probation from the 2019 harassment conviction (a different former partner). Not under supervision now. The earlier risk management plan has been shared with the officer in the case.",
    },
    at: at(10, "12:00"),
  });
  items.sort((x, y) => x.at - y.at);

  const task = (
    title: string,
    owner: Who,
    due: number,
    status: "open" | "done",
    source = "manual",
    sourceKey: string | null = null,
    created = 20,
  ) => ({
    title,
    owner,
    dueOn: on(due),
    status,
    source,
    sourceKey,
    createdAt: at(created, "09:00"),
    completedAt: status === "done" ? at(due + 1, "15:00") : null,
  });
  const plan: CasePlan = {
    fields: {
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flagDomesticAbuse: true,
      flagOnline: true,
      flagPolicePerpetrated: false,
      priority: "raised",
      priorityReason: `Breach of ${inSentence} on ${formatDate(on(2))}`,
      courseLinkedAt: new Date(at(29, "10:15")).toISOString(),
      courseLinkedBy: "police",
      closingReason: null,
      closedAt: null,
      chargingReferredAt: null,
    },
    items,
    tasks: [
      {
        ...task(`Review risk after a breach of ${inSentence}`, "police", 0, "open", "breach", "breach"),
        createdAt: breachAt,
      },
      task("Obtain CCTV from the workplace car park", "police", 3, "open", "manual", null, 28),
      task("Submit the file to the CPS for charging advice", "police", -10, "open", "manual", null, 28),
      task("Review the safety plan with the victim", "isac", -6, "open", "manual", null, 1),
      task("Take a statement from the colleague who saw him waiting", "police", 20, "done", "manual", null, 29),
    ],
    crimeRefs: [refA, refB, refC, refD],
    breaches: [{ key: "breach", occurredOn: on(2) }],
    updatedAt: at(1, "16:00"),
  };
  writePlan(tx, c.id, WORKED_CASE_REFERENCE, plan, team, everyone, now);
}
