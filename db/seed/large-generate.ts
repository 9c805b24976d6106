// The large seed's rows, generated apart from the database: the cases with their teams, parties and casework
// (casework-plan.ts, lean), further notes, shares, break-glass grants and access requests, and every record's
// search documents, as batches of statement parameters. db/seed/large.ts runs them; for big loads this runs
// in a worker thread (large-worker.ts), so generating and writing use both cores.
import { randomUUID as randomUuid } from "node:crypto";
import { CATEGORIES_BY_AGENCY, MANDATORY_CAVEATS } from "../../app/access/baseline-policy";
import type { Caveat, Category, LawfulBasis, Purpose } from "../../app/access/vocabulary";
import type { AgencyType } from "../../app/domain/agencies";
import type { CaseRole, CaseStatus } from "../../app/domain/case-vocabulary";
import type { Role } from "../../app/domain/roles";
import { isoInstant, planCasework, resolveJson, type AgencyKey, type Detail, type Who } from "./casework-plan";
import {
  crimeReferences,
  ndeliusCrn,
  perpetratorAliases,
  pncNumber,
  prng,
  syntheticPerson,
  testNhsNumber,
  type Rng,
} from "./synthetic";

/** Every insert the generator asks for; search documents carry the envelope and text indexRecord and indexCase write. */
export const STATEMENTS = {
  case: `INSERT INTO cases (id, reference, status, lead_agency_id, charging_referred_at, closing_reason, closed_at, priority, priority_reason, relationship, motivation, flag_domestic_abuse, flag_online, flag_police_perpetrated, course_linked_at, course_linked_by, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  member: `INSERT INTO case_members (case_id, user_id, role_in_case, added_by, added_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)`,
  person: `INSERT INTO people (id, full_name, search_name, date_of_birth, identifiers, aliases, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  party: `INSERT INTO case_parties (case_id, person_id, party_role, added_at) VALUES (?, ?, ?, ?)`,
  record: `INSERT INTO case_records (id, case_id, kind, category, owner_agency_id, author_user_id, marking, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, status, summary, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  doc: `INSERT INTO search_documents (doc_key, case_id, record_id, level, category, owner_agency_id, status, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, label, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  incident: `INSERT INTO incidents (record_id, case_id, occurred_at, occurred_on, behaviours, fixated, obsessive, unwanted, repeated, source, crime_reference, offence_ids, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  offence: `INSERT INTO offences (record_id, case_id, offence_type, summary_only, crime_reference, status, outcome_code, charged_on, last_day_to_charge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  order: `INSERT INTO protective_orders (record_id, case_id, order_type, status, applied_on, hearing_on, decided_on, refusal_reason, prohibitions, requirements, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  spo: `INSERT INTO spo_considerations (record_id, case_id, considered_by, considered_on, decision, rationale) VALUES (?, ?, ?, ?, ?, ?)`,
  breach: `INSERT INTO breaches (record_id, case_id, order_record_id, occurred_on, reported_at, police_action, police_action_on) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  plan: `INSERT INTO victim_update_plans (record_id, case_id, frequency_days, method, next_due_on, last_update_on) VALUES (?, ?, ?, ?, ?, ?)`,
  referral: `INSERT INTO support_referrals (record_id, case_id, service, offered_on, response, responded_on) VALUES (?, ?, ?, ?, ?, ?)`,
  task: `INSERT INTO tasks (id, case_id, title, owner_user_id, due_on, status, source, source_record_id, created_by, created_at, completed_at, completed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  share: `INSERT INTO record_shares (id, record_id, shared_by_user_id, shared_by_agency_id, to_agency_id, to_role, to_user_id, purpose, lawful_basis, expires_at, created_at, revoked_at, revoked_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  grant: `INSERT INTO break_glass_grants (id, user_id, agency_id, case_id, reason, granted_at, expires_at, reviewed_at, reviewed_by, review_outcome, review_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  request: `INSERT INTO access_requests (id, requester_user_id, requester_agency_id, case_id, owning_agency_id, reason, status, decided_by, decided_at, decision_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};
export type Statement = keyof typeof STATEMENTS;

/**
 * Each record's search documents, made in SQL from the rows just written (those after a rowid) rather than in
 * JavaScript: the summary document is the title and summary line; the full document is every string in the
 * body, in order, one a line, which is what bodyText() in app/services/search-index.server.ts makes (json_tree
 * walks the JSON in document order, the order JSON.stringify wrote and Object.values reads). Retracted records
 * keep only their summary document. tests/integration/large-seed.test.ts checks them against indexRecord().
 */
export const RECORD_DOCUMENTS = [
  `INSERT INTO search_documents (doc_key, case_id, record_id, level, category, owner_agency_id, status, meeting_id, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, label, text)
   SELECT 'record:' || id || ':summary', case_id, id, 'summary', category, owner_agency_id, status, meeting_id, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, title, title || char(10) || summary
   FROM case_records WHERE rowid > ?`,
  `INSERT INTO search_documents (doc_key, case_id, record_id, level, category, owner_agency_id, status, meeting_id, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, label, text)
   SELECT 'record:' || id || ':full', case_id, id, 'full', category, owner_agency_id, status, meeting_id, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, title, text
   FROM (SELECT r.*, (SELECT group_concat(value, char(10) ORDER BY id) FROM json_tree(r.body) WHERE type = 'text') AS text FROM case_records r WHERE r.rowid > ? AND r.retracted_at IS NULL)
   WHERE text <> ''`,
];

/** Rows to insert, by statement, and how many cases they complete. */
export type Batch = { rows: Partial<Record<Statement, unknown[][]>>; cases: number };

export type UserRow = { id: string; name: string; agencyKey: string; agencyId: string; role: Role; weight: number };

export type GenerateContext = {
  seed: number;
  now: number;
  cases: number;
  recordsPerCase: number;
  busyCaseEvery: number;
  batchCases: number;
  existingCases: number;
  crimeRefStart: number;
  users: UserRow[];
  agencyIds: Record<string, string>;
  agencyTypes: Record<string, AgencyType>;
};

export type Generated = {
  cases: number;
  records: number;
  notes: number;
  incidents: number;
  offences: number;
  orders: number;
  breaches: number;
  tasks: number;
  searchDocuments: number;
  memberships: number;
  people: number;
  shares: number;
  breakGlassGrants: number;
  accessRequests: number;
  busyCaseIds: string[];
};

export const BUSY_CASE_INCIDENTS = 200;

// --- Distributions (DOMAIN.md: police lead most cases; ISACs, probation and health join the teams).
export const USER_AGENCY_WEIGHTS: Record<string, number> = {
  police: 34,
  isac: 18,
  probation: 19,
  health: 12,
  cps: 6,
  prison: 6,
  partnership: 5,
};

export const ROLE_WEIGHTS: Record<string, Partial<Record<Role, number>>> = {
  police: { investigator: 62, spoc: 16, police_supervisor: 12, clinic_coordinator: 2, mappa_coordinator: 1 },
  isac: { advocate: 82, advocate_manager: 14 },
  probation: { probation_practitioner: 60, court_team: 20, senior_probation_officer: 14 },
  health: { forensic_psychologist: 40, psychiatrist: 20, clinician: 36 },
  cps: { prosecutor: 1 },
  prison: { prison_offender_manager: 1 },
  partnership: { clinic_coordinator: 20, mappa_coordinator: 20, performance_lead: 25, auditor: 35 },
};

/** Roles that sit on case teams, and their role in the case (CASE_ROLES codes). */
const CASE_TEAM_ROLES: Partial<Record<Role, CaseRole>> = {
  investigator: "officer_in_case",
  spoc: "officer_in_case",
  advocate: "advocate",
  probation_practitioner: "offender_manager",
  court_team: "offender_manager",
  forensic_psychologist: "psychologist",
  psychiatrist: "clinician",
  clinician: "clinician",
  prosecutor: "prosecutor",
  prison_offender_manager: "offender_manager",
};

const LEAD_AGENCY_WEIGHTS = { police: 76, isac: 10, probation: 9, health: 5 };
const STATUS_WEIGHTS = { referred: 8, triage: 9, active: 38, monitoring: 15, closed: 30 };
/** Who else joins a team, by agency; the lead agency's member is always first. */
const MEMBER_AGENCY_WEIGHTS = { isac: 34, police: 14, probation: 22, health: 16, cps: 9, prison: 5 };
const TEAM_SIZE_WEIGHTS = { "2": 25, "3": 35, "4": 25, "5": 15 };

const CATEGORY_WEIGHTS: Partial<Record<Category, number>> = {
  case_core: 4,
  victim_contact: 6,
  victim_care: 14,
  perpetrator: 12,
  clinical: 10,
  police_intelligence: 7,
  risk_assessment: 16,
  investigation: 12,
  pre_sentence: 5,
};

const TEXT: Record<string, { title: string; summary: readonly string[]; text: readonly string[] }> = {
  case_core: {
    title: "Course of conduct",
    summary: [
      "Ex-partner; repeated messages and unwanted visits",
      "Former colleague; following and online contact",
      "Neighbour; loitering and notes left at the door",
      "Online-only contact; repeated messages from new accounts",
    ],
    text: [
      "Reported contact on several occasions over recent weeks; pattern consistent with fixated, obsessive, unwanted and repeated behaviour.",
      "Course of conduct across more than one crime report, linked for this case.",
    ],
  },
  victim_contact: {
    title: "Safe contact details",
    summary: ["Safe contact arrangements agreed with the victim"],
    text: [
      "Safe address and phone number recorded; agreed times to call.",
      "Contact only through the advocate; no voicemail.",
    ],
  },
  victim_care: {
    title: "Safety plan",
    summary: [
      "Safety plan in place; reviewed weekly",
      "Needs assessment completed",
      "Support notes updated after contact",
    ],
    text: [
      "Personal alarm issued; online safety advice given without asking the victim to leave social media.",
      "Victim informed of their rights under the Victims' Code; updates agreed fortnightly by phone.",
    ],
  },
  perpetrator: {
    title: "Perpetrator background",
    summary: [
      "Previous harassment of a former partner",
      "No previous convictions recorded",
      "Subject to bail conditions",
    ],
    text: [
      "Background checks completed; previous related behaviour noted.",
      "Employment and address confirmed; no known weapons.",
    ],
  },
  clinical: {
    title: "Clinical formulation",
    summary: ["Assessed by the stalking clinic", "Treatment recommendations agreed"],
    text: [
      "Formulation completed with treatment recommendations; review in three months.",
      "Engagement with the intervention is partial; adjustments recommended.",
    ],
  },
  police_intelligence: {
    title: "Intelligence report",
    summary: ["Intelligence held by police"],
    text: [
      "Intelligence graded and recorded; sanitised summary available for the panel.",
      "Sighting reported near the victim's workplace; source protected.",
    ],
  },
  risk_assessment: {
    title: "Risk assessment",
    summary: [
      "Risk assessed as high; review in two weeks",
      "Risk assessed as medium; review in four weeks",
      "Risk assessed as standard; review at next contact",
    ],
    text: [
      "Structured professional judgement: persistence and escalation rated; imminence under review.",
      "S-DASH completed; several risk factors present; referral to the clinic recommended.",
    ],
  },
  investigation: {
    title: "Evidence log",
    summary: ["Phone download and CCTV requested", "Statements taken; file in preparation"],
    text: [
      "Exhibits recorded; digital evidence requested from providers.",
      "Witness statements taken; charging advice to be sought.",
    ],
  },
  pre_sentence: {
    title: "Pre-sentence input",
    summary: ["Pre-sentence report in preparation"],
    text: ["Proposal under consideration: community order with a stalking intervention requirement."],
  },
};

const LAWFUL_BASIS_WEIGHTS: Partial<Record<LawfulBasis, number>> = {
  cda_1998_s115: 40,
  dpa_2018_part3: 25,
  dpa_2018_s8_public_task: 15,
  cja_2003_s325: 10,
  consent: 8,
  vital_interests: 2,
};
const SHARE_PURPOSE_WEIGHTS: Partial<Record<Purpose, number>> = {
  case_work: 75,
  pre_sentence_report: 8,
  prosecution: 10,
  oversight: 7,
};

type CaseRow = { id: string; members: UserRow[] };

export const iso = isoInstant;

/** Cumulative weights for fast weighted picks among many people (caseloads differ between people). */
function weightedPool<T extends { weight: number }>(users: readonly T[]) {
  const cumulative: number[] = [];
  let sum = 0;
  for (const u of users) cumulative.push((sum += u.weight));
  return (rng: Rng): T | undefined => {
    if (!users.length) return undefined;
    const r = rng.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return users[lo];
  };
}

/** The lead agency's member is its case-holder: an investigator in the police, an advocate, a practitioner, a psychologist. */
function holdsCases(agencyKey: string, role: Role): boolean {
  const leadRoles: Partial<Record<string, Role[]>> = {
    police: ["investigator", "spoc"],
    probation: ["probation_practitioner"],
    health: ["forensic_psychologist", "psychiatrist"],
  };
  const roles = leadRoles[agencyKey];
  return roles ? roles.includes(role) : CASE_TEAM_ROLES[role] !== undefined;
}

/** The first agency that leads cases but has nobody among `users` to hold them, if any. */
export function leadShortfall(users: readonly UserRow[]): string | null {
  return (
    Object.keys(LEAD_AGENCY_WEIGHTS).find((k) => !users.some((u) => u.agencyKey === k && holdsCases(k, u.role))) ?? null
  );
}

const CASEWORK_AGENCIES: ReadonlySet<string> = new Set<AgencyKey>([
  "police",
  "isac",
  "probation",
  "health",
  "cps",
  "prison",
]);

/**
 * Ids in the UUID version 7 layout (time first, then a counter), so each one sorts after the last: rows go on
 * the end of every id index instead of anywhere in it (a sixth less time for the whole load, measured).
 */
function orderedUuids(): () => string {
  const time = Date.now().toString(16).padStart(12, "0");
  const head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  const tail = randomUuid().slice(-3);
  let n = 0;
  return () => {
    const c = (n++).toString(16).padStart(15, "0");
    return `${head}${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6)}${tail}`;
  };
}

/** Generates every row, handing them over a batch at a time (every `batchCases` cases, and the rest at the end). */
export function generate(ctx: GenerateContext, emit: (batch: Batch) => void): Generated {
  const rng = prng(ctx.seed);
  const randomUUID = orderedUuids();
  const now = ctx.now;
  const DAY = 86_400_000;
  const users = ctx.users;
  const agencyIds = new Map(Object.entries(ctx.agencyIds));
  const agencyTypes = new Map(Object.entries(ctx.agencyTypes));
  const agencyKeys = [...agencyIds.keys()];
  const existingCases = ctx.existingCases;
  const crimeRef = crimeReferences(ctx.crimeRefStart);
  let batch: Batch = { rows: {}, cases: 0 };
  const row = (name: Statement, values: unknown[]) => (batch.rows[name] ??= []).push(values);
  const flush = () => {
    if (batch.cases || Object.keys(batch.rows).length) emit(batch);
    batch = { rows: {}, cases: 0 };
  };
  const each = (n: number, f: (k: number) => void) => {
    for (let k = 0; k < n; k++) f(k);
  };

  // Case-team candidates by agency, each a weighted pool.
  const poolByAgency = new Map<string, (r: Rng) => UserRow | undefined>();
  for (const key of agencyKeys)
    poolByAgency.set(key, weightedPool(users.filter((u) => u.agencyKey === key && CASE_TEAM_ROLES[u.role])));
  const leadPools = new Map(
    Object.keys(LEAD_AGENCY_WEIGHTS).map((k) => [
      k,
      weightedPool(users.filter((u) => u.agencyKey === k && holdsCases(k, u.role))),
    ]),
  );

  // --- Each case's status and lead first, so the extra notes can go to the busier cases (total exact).
  const busyEvery = Math.max(1, ctx.busyCaseEvery);
  const isBusy = (i: number) => i % busyEvery === 0;
  const statuses: CaseStatus[] = [];
  const leads: string[] = [];
  for (let i = 0; i < ctx.cases; i++) {
    statuses.push(isBusy(i) ? "active" : rng.weighted(STATUS_WEIGHTS));
    leads.push(isBusy(i) ? "police" : rng.weighted(LEAD_AGENCY_WEIGHTS));
  }
  const totalNotes = ctx.cases * ctx.recordsPerCase;
  const noteCounts = new Uint32Array(ctx.cases);
  const busyness = (s: CaseStatus) => (s === "active" ? 3 : s === "monitoring" ? 2 : s === "closed" ? 1.5 : 0.6);
  const notePool = weightedPool(statuses.map((s, k) => ({ k, weight: busyness(s) })));
  for (let n = 0; n < totalNotes; n++) noteCounts[notePool(rng)!.k]!++;

  const count = {
    records: 0,
    notes: 0,
    incidents: 0,
    offences: 0,
    orders: 0,
    breaches: 0,
    tasks: 0,
    docs: 0,
    memberships: 0,
    people: 0,
  };
  /** A record's envelope (mandatory caveats added, as the store does). */
  const writeRecord = (
    caseId: string,
    kind: string,
    category: Category,
    author: UserRow,
    caveats: readonly Caveat[] | undefined,
    status: string,
    marking: string,
    title: string,
    summary: string,
    body: string,
    at: string,
  ): string => {
    const id = randomUUID();
    const mandatory = MANDATORY_CAVEATS[category];
    const has = (c: Caveat) => ((caveats?.includes(c) ?? false) || (mandatory?.includes(c) ?? false) ? 1 : 0);
    const vc = has("victim_confidential");
    const hc = has("health_confidential");
    const pi = has("police_intelligence");
    const npf = has("not_for_perpetrator_facing");
    // Its search documents are made from the written row (RECORD_DOCUMENTS), in the database.
    row("record", [
      id,
      caseId,
      kind,
      category,
      author.agencyId,
      author.id,
      marking,
      vc,
      hc,
      pi,
      npf,
      status,
      summary,
      title,
      body,
      at,
      at,
    ]);
    count.records++;
    return id;
  };

  // What each kind of agency records in its notes, weighted; only the police add further case-core notes.
  const categoryWeights = new Map<AgencyType, Partial<Record<Category, number>>>();
  for (const [type, cats] of Object.entries(CATEGORIES_BY_AGENCY) as [AgencyType, readonly Category[]][]) {
    const allowed = cats.filter((cat) => cat !== "case_core" || type === "police");
    if (allowed.length)
      categoryWeights.set(type, Object.fromEntries(allowed.map((cat) => [cat, CATEGORY_WEIGHTS[cat] ?? 1])));
  }

  type Shareable = { id: string; caseRow: CaseRow; author: UserRow; at: number };
  const shareable: Shareable[] = [];
  const cases: (CaseRow & { leadAgencyId: string })[] = [];
  const perpetrators: { id: string; fullName: string; aliases: string[] }[] = [];
  const busyCaseIds: string[] = [];

  // --- Cases: team, parties, the planned casework, further notes, and the case's search document.
  const writeCase = (i: number) => {
    const id = randomUUID();
    const status = statuses[i]!;
    const leadKey = leads[i]!;
    const busy = isBusy(i);
    // Opened in the last three years; closed cases are older, new referrals recent.
    const days = busy
      ? 300
      : status === "closed"
        ? 120 + rng.int(975)
        : status === "referred"
          ? rng.int(14)
          : status === "triage"
            ? rng.int(30)
            : rng.int(720);
    const createdAt = now - days * DAY - rng.int(DAY);
    const year = new Date(createdAt).getUTCFullYear();
    const reference = `NS-${year}-${String(existingCases + i + 1).padStart(6, "0")}`;
    const lead = leadPools.get(leadKey)!(rng)!;
    const members: UserRow[] = [lead];
    const size = Number(rng.weighted(TEAM_SIZE_WEIGHTS));
    for (let tries = 0; members.length < size && tries < 20; tries++) {
      const candidate = poolByAgency.get(rng.weighted(MEMBER_AGENCY_WEIGHTS))!(rng);
      if (candidate && !members.some((m) => m.id === candidate.id)) members.push(candidate);
    }
    // A few people have left the team (removal is a timestamp, never a delete); they wrote nothing here.
    const removed = members.map((_, k) => k > 0 && rng.chance(0.04));
    const current = members.filter((_, k) => !removed[k]);
    const team: Partial<Record<Who, UserRow>> = { lead };
    for (const m of current) if (CASEWORK_AGENCIES.has(m.agencyKey)) team[m.agencyKey as AgencyKey] ??= m;
    const agencies = new Set(Object.keys(team).filter((k): k is AgencyKey => k !== "lead"));

    const victim = syntheticPerson(rng, rng.chance(0.8) ? "female" : "male", now);
    const plan = planCasework(rng, {
      now,
      createdAt,
      status,
      lead: leadKey as AgencyKey,
      agencies,
      victimName: victim.fullName,
      crimeRef,
      lean: true,
      ...(busy ? { incidents: BUSY_CASE_INCIDENTS } : {}),
    });
    const f = plan.fields;
    const who = (w: Who) => team[w] ?? lead;
    const updatedAt = plan.updatedAt;
    const referred =
      f.chargingReferredAt ??
      (leadKey === "police" && status !== "referred" && status !== "triage" && rng.chance(0.15)
        ? iso(createdAt + Math.floor((updatedAt - createdAt) * rng.next()))
        : null);
    row("case", [
      id,
      reference,
      status,
      agencyIds.get(leadKey)!,
      referred,
      f.closingReason,
      f.closedAt,
      f.priority,
      f.priorityReason,
      f.relationship,
      f.motivation,
      f.flagDomesticAbuse ? 1 : 0,
      f.flagOnline ? 1 : 0,
      f.flagPolicePerpetrated ? 1 : 0,
      f.courseLinkedAt,
      f.courseLinkedBy ? who(f.courseLinkedBy).id : null,
      lead.id,
      iso(createdAt),
      iso(updatedAt),
    ]);
    for (const [k, m] of members.entries()) {
      const addedAt = createdAt + (k === 0 ? 0 : Math.floor((updatedAt - createdAt) * 0.3 * rng.next()));
      row("member", [
        id,
        m.id,
        CASE_TEAM_ROLES[m.role] ?? "officer_in_case",
        lead.id,
        iso(addedAt),
        removed[k] ? iso(addedAt + Math.floor((updatedAt - addedAt) * rng.next()) + 1) : null,
      ]);
      count.memberships++;
    }

    const at = iso(createdAt);
    const victimId = randomUUID();
    row("person", [victimId, victim.fullName, victim.searchName, victim.dateOfBirth, "{}", "[]", lead.id, at]);
    row("party", [id, victimId, "victim", at]);
    // About one perpetrator in twenty is already known to the partnership (serial stalking).
    let perpetrator = perpetrators.length > 50 && rng.chance(0.05) ? rng.pick(perpetrators) : undefined;
    if (!perpetrator) {
      const p = syntheticPerson(rng, rng.chance(0.85) ? "male" : "female", now);
      const aliases = perpetratorAliases(rng, p, f.flagOnline);
      const identifiers: Record<string, unknown> = { pnc: pncNumber(rng), crimeRefs: plan.crimeRefs };
      if (agencies.has("probation")) identifiers.ndelius = ndeliusCrn(rng);
      if (agencies.has("health") && rng.chance(0.5)) identifiers.nhs = testNhsNumber(rng);
      perpetrator = { id: randomUUID(), fullName: p.fullName, aliases };
      row("person", [
        perpetrator.id,
        p.fullName,
        p.searchName,
        p.dateOfBirth,
        JSON.stringify(identifiers),
        JSON.stringify(aliases),
        lead.id,
        at,
      ]);
      perpetrators.push(perpetrator);
      count.people++;
    }
    count.people++;
    row("party", [id, perpetrator.id, "perpetrator", at]);
    const caseText = [reference, victim.fullName, perpetrator.fullName, ...perpetrator.aliases].join("\n");
    row("doc", [
      `case:${id}`,
      id,
      null,
      "full",
      "case_core",
      agencyIds.get(leadKey)!,
      "signed_off",
      0,
      0,
      0,
      0,
      reference,
      caseText,
    ]);
    count.docs++;

    // The planned casework: records first, then the detail rows that point at one another.
    const ids = new Map<string, string>();
    const idOf = (key: string) => ids.get(key)!;
    for (const item of plan.items) {
      const author = who(item.by);
      const body = resolveJson(JSON.stringify(item.body), author, idOf);
      ids.set(
        item.key,
        writeRecord(
          id,
          item.kind,
          item.category,
          author,
          item.caveats,
          item.status ?? "signed_off",
          "OFFICIAL-SENSITIVE",
          item.title,
          item.summary,
          body,
          iso(item.at),
        ),
      );
    }
    for (const item of plan.items) if (item.detail) writeDetail(id, idOf(item.key), item.detail, who(item.by), idOf);
    for (const t of plan.tasks) {
      const owner = who(t.owner);
      row("task", [
        randomUUID(),
        id,
        t.title,
        owner.id,
        t.dueOn,
        t.status,
        t.source,
        t.sourceKey ? idOf(t.sourceKey) : null,
        lead.id,
        iso(t.createdAt),
        t.completedAt ? iso(t.completedAt) : null,
        t.completedAt ? owner.id : null,
      ]);
      count.tasks++;
    }

    // Further notes in the categories each member's agency keeps.
    const caseRow = { id, leadAgencyId: agencyIds.get(leadKey)!, members };
    for (let k = 0; k < noteCounts[i]!; k++) {
      const author = rng.pick(current);
      const agencyType = agencyTypes.get(author.agencyKey)!;
      const weights = categoryWeights.get(agencyType);
      const category: Category = weights ? rng.weighted(weights) : "case_core";
      const draft =
        category === "risk_assessment"
          ? rng.chance(0.2)
          : category === "pre_sentence"
            ? rng.chance(0.3)
            : rng.chance(0.03);
      const caveats: Caveat[] = [];
      if (category === "risk_assessment" && agencyType === "isac" && rng.chance(0.25))
        caveats.push("victim_confidential");
      if (category === "clinical" && rng.chance(0.85)) caveats.push("health_confidential");
      if ((category === "victim_care" && rng.chance(0.12)) || (category === "victim_contact" && rng.chance(0.3)))
        caveats.push("not_for_perpetrator_facing");
      const noteAt = createdAt + Math.floor((updatedAt - createdAt) * rng.next());
      const t = TEXT[category] ?? TEXT.case_core!;
      const noteId = writeRecord(
        id,
        "note",
        category,
        author,
        caveats,
        draft ? "draft" : "signed_off",
        rng.chance(0.2) ? "OFFICIAL" : "OFFICIAL-SENSITIVE",
        t.title,
        rng.pick(t.summary),
        JSON.stringify({ text: rng.pick(t.text) }),
        iso(noteAt),
      );
      count.notes++;
      if (!draft && rng.chance(0.012)) shareable.push({ id: noteId, caseRow, author, at: noteAt });
    }
    cases.push(caseRow);
    if (busy) busyCaseIds.push(id);
  };
  for (let i = 0; i < ctx.cases; i++) {
    writeCase(i);
    batch.cases++;
    if (batch.cases === ctx.batchCases) flush();
  }

  function writeDetail(
    caseId: string,
    recordId: string,
    d: Detail,
    author: UserRow,
    idOf: (key: string) => string,
  ): void {
    const b = (v: boolean) => (v ? 1 : 0);
    switch (d.table) {
      case "incident":
        row("incident", [
          recordId,
          caseId,
          d.occurredAt,
          d.occurredOn,
          JSON.stringify(d.behaviours),
          b(d.fixated),
          b(d.obsessive),
          b(d.unwanted),
          b(d.repeated),
          d.source,
          d.crimeReference,
          JSON.stringify(d.offenceKeys.map(idOf)),
          d.linkedAt,
        ]);
        count.incidents++;
        return;
      case "offence":
        row("offence", [
          recordId,
          caseId,
          d.offenceType,
          b(d.summaryOnly),
          d.crimeReference,
          d.status,
          d.outcomeCode,
          d.chargedOn,
          d.lastDayToCharge,
        ]);
        count.offences++;
        return;
      case "order":
        row("order", [
          recordId,
          caseId,
          d.orderType,
          d.status,
          d.appliedOn,
          d.hearingOn,
          d.decidedOn,
          d.refusalReason,
          JSON.stringify(d.prohibitions),
          JSON.stringify(d.requirements),
          d.expiresOn,
        ]);
        count.orders++;
        return;
      case "spo":
        row("spo", [recordId, caseId, author.id, d.consideredOn, d.decision, d.rationale]);
        return;
      case "breach":
        row("breach", [
          recordId,
          caseId,
          idOf(d.orderKey),
          d.occurredOn,
          d.reportedAt,
          d.policeAction,
          d.policeActionOn,
        ]);
        count.breaches++;
        return;
      case "update_plan":
        row("plan", [recordId, caseId, d.frequencyDays, d.method, d.nextDueOn, d.lastUpdateOn]);
        return;
      case "referral":
        row("referral", [recordId, caseId, d.service, d.offeredOn, d.response, d.respondedOn]);
        return;
    }
  }

  // --- Explicit shares (about 1% of notes), break-glass grants and access requests.
  const roleOf = (key: string): Role => rng.weighted(ROLE_WEIGHTS[key]!);
  each(shareable.length, (k) => {
    const s = shareable[k]!;
    const others = s.caseRow.members.filter((m) => m.agencyKey !== s.author.agencyKey);
    const kind = others.length && rng.chance(0.6) ? "user" : rng.chance(0.6) ? "agency" : "role";
    const otherKey = rng.pick(agencyKeys.filter((key) => key !== s.author.agencyKey && key !== "partnership"));
    const createdAt = s.at + rng.int(10 * DAY);
    const expires = rng.chance(0.3) ? iso(createdAt + (30 + rng.int(150)) * DAY) : null;
    const revoked = rng.chance(0.05) ? iso(createdAt + rng.int(20 * DAY)) : null;
    row("share", [
      randomUUID(),
      s.id,
      s.author.id,
      s.author.agencyId,
      kind === "agency" ? agencyIds.get(otherKey)! : null,
      kind === "role" ? roleOf(otherKey) : null,
      kind === "user" ? rng.pick(others).id : null,
      rng.weighted(SHARE_PURPOSE_WEIGHTS),
      rng.weighted(LAWFUL_BASIS_WEIGHTS),
      expires,
      iso(createdAt),
      revoked,
      revoked ? s.author.id : null,
    ]);
  });

  const grants = Math.max(1, Math.round(ctx.cases * 0.002));
  const supervisors = users.filter((u) => u.role === "police_supervisor" || u.role === "advocate_manager");
  const emergencyPool = weightedPool(
    users.filter((u) => u.role === "investigator" || u.role === "spoc" || u.role === "advocate"),
  );
  const REASONS = [
    "Victim called out of hours reporting the perpetrator outside; case officer off duty",
    "Report of a breach of order overnight; needed the safety plan to respond",
    "Welfare concern raised by a neighbour; case team unavailable",
  ];
  each(grants, () => {
    const c = rng.pick(cases);
    const who = emergencyPool(rng)!;
    const grantedAt = now - rng.int(300) * DAY - rng.int(DAY);
    const reviewed = grantedAt < now - 14 * DAY && supervisors.length && rng.chance(0.8);
    row("grant", [
      randomUUID(),
      who.id,
      who.agencyId,
      c.id,
      rng.pick(REASONS),
      iso(grantedAt),
      iso(grantedAt + 4 * 3_600_000),
      reviewed ? iso(grantedAt + (2 + rng.int(10)) * DAY) : null,
      reviewed ? rng.pick(supervisors).id : null,
      reviewed ? (rng.chance(0.9) ? "justified" : "not_justified") : null,
      null,
    ]);
  });

  const requests = Math.max(1, Math.round(ctx.cases * 0.01));
  const requesterPool = weightedPool(users.filter((u) => CASE_TEAM_ROLES[u.role]));
  each(requests, () => {
    const c = rng.pick(cases);
    const who = requesterPool(rng)!;
    const status = rng.weighted({ pending: 25, approved: 55, refused: 20 });
    const createdAt = now - rng.int(365) * DAY - rng.int(DAY);
    const decider = status === "pending" ? undefined : c.members[0]!;
    row("request", [
      randomUUID(),
      who.id,
      who.agencyId,
      c.id,
      c.leadAgencyId,
      "Perpetrator known to our service in another case; need the risk picture",
      status,
      decider?.id ?? null,
      decider ? iso(createdAt + rng.int(5 * DAY)) : null,
      decider ? (status === "approved" ? "Approved for case work" : "Not necessary for the stated purpose") : null,
      iso(createdAt),
    ]);
  });

  flush();
  return {
    cases: ctx.cases,
    records: count.records,
    notes: count.notes,
    incidents: count.incidents,
    offences: count.offences,
    orders: count.orders,
    breaches: count.breaches,
    tasks: count.tasks,
    searchDocuments: count.docs,
    memberships: count.memberships,
    people: count.people,
    shares: shareable.length,
    breakGlassGrants: grants,
    accessRequests: requests,
    busyCaseIds,
  };
}
