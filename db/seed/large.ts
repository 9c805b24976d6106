// A large synthetic partnership for benchmarks and load checks: thousands of cases, ~1,000 people across the
// demo agencies, case teams, records in every category with caveats, a few shares, break-glass grants and
// access requests. Everything is generated: names come from small invented lists, text from templates.
// Rows go in through prepared statements, ~5,000 to a transaction, so 100,000 records take seconds.
import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { CATEGORIES_BY_AGENCY } from "../../app/access/baseline-policy";
import type { Category, LawfulBasis, Purpose } from "../../app/access/vocabulary";
import type { AgencyType } from "../../app/domain/agencies";
import { normaliseName } from "../../app/domain/person-names";
import type { Role } from "../../app/domain/roles";
import type { Db } from "../client";
import { DEMO_AGENCIES, DEMO_PARTNERSHIP, DEMO_PASSWORD } from "./demo-accounts";

export class LargeSeedRefused extends Error {}

export type LargeSeedOptions = {
  cases: number;
  /** The average; the total is exactly cases × recordsPerCase, spread unevenly (active cases have more). */
  recordsPerCase: number;
  users: number;
  /** Seed for the pseudo-random choices (ids are random UUIDs whatever the seed). */
  seed?: number;
  env?: NodeJS.ProcessEnv;
  /** Called after every batch: what is being written and how far through the whole job. */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
};

export type LargeSeedResult = { cases: number; records: number; users: number; memberships: number; people: number; shares: number; breakGlassGrants: number; accessRequests: number };

export const BATCH_ROWS = 5_000;

// --- Pseudo-random choices (mulberry32: small, fast, repeatable for a given seed).
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  // Weight tables are constants, so their entries and totals are worked out once.
  const tables = new WeakMap<object, { entries: [string, number][]; sum: number }>();
  /** Picks a key by weight. */
  const weighted = <K extends string>(w: Readonly<Partial<Record<K, number>>>): K => {
    let t = tables.get(w);
    if (!t) {
      const entries = Object.entries(w) as [string, number][];
      t = { entries, sum: entries.reduce((s, [, x]) => s + x, 0) };
      tables.set(w, t);
    }
    let r = next() * t.sum;
    for (const [k, x] of t.entries) {
      r -= x;
      if (r < 0) return k as K;
    }
    return t.entries[t.entries.length - 1]![0] as K;
  };
  return { next, int, pick, chance, weighted };
}
type Rng = ReturnType<typeof prng>;

// --- Invented names: plausible combinations, no real person intended.
const FIRST_NAMES = ["Alex", "Bailey", "Casey", "Dana", "Eden", "Farah", "Gale", "Harper", "Ira", "Jude", "Kai", "Lane", "Morgan", "Nico", "Oakley", "Parker", "Quinn", "Rowan", "Sasha", "Tatum", "Umi", "Vale", "Wren", "Xan", "Yael", "Zuri", "Arlo", "Briar", "Cael", "Dex", "Ember", "Finch"] as const;
const LAST_NAMES = ["Ashdown", "Brackley", "Corrin", "Dunmore", "Elsworth", "Fenwick", "Garrow", "Hollin", "Ingleby", "Jessop", "Kettering", "Lowther", "Marchbank", "Nettleford", "Ormsby", "Pendry", "Quarrell", "Rushworth", "Stainforth", "Thornby", "Upwood", "Varley", "Wexcombe", "Yarrow", "Aldwick", "Bramhope", "Cleave", "Draycott"] as const;

// --- Distributions (DOMAIN.md: police lead most cases; ISACs, probation and health join the teams).
const USER_AGENCY_WEIGHTS: Record<string, number> = { police: 34, isac: 18, probation: 19, health: 12, cps: 6, prison: 6, partnership: 5 };

const ROLE_WEIGHTS: Record<string, Partial<Record<Role, number>>> = {
  police: { investigator: 62, spoc: 16, police_supervisor: 12, clinic_coordinator: 2, mappa_coordinator: 1 },
  isac: { advocate: 82, advocate_manager: 14 },
  probation: { probation_practitioner: 60, court_team: 20, senior_probation_officer: 14 },
  health: { forensic_psychologist: 40, psychiatrist: 20, clinician: 36 },
  cps: { prosecutor: 1 },
  prison: { prison_offender_manager: 1 },
  partnership: { clinic_coordinator: 20, mappa_coordinator: 20, performance_lead: 25, auditor: 35 },
};

/** Roles that sit on case teams, and what they are called there. */
const CASE_TEAM_ROLES: Partial<Record<Role, string>> = {
  investigator: "Officer in the case",
  spoc: "Single point of contact",
  advocate: "Advocate",
  probation_practitioner: "Offender manager",
  court_team: "Pre-sentence report author",
  forensic_psychologist: "Psychologist",
  psychiatrist: "Psychiatrist",
  clinician: "Clinician",
  prosecutor: "Prosecutor",
  prison_offender_manager: "Prison offender manager",
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
  case_core: { title: "Course of conduct", summary: ["Ex-partner; repeated messages and unwanted visits", "Former colleague; following and online contact", "Neighbour; loitering and notes left at the door", "Online-only contact; repeated messages from new accounts"], text: ["Reported contact on several occasions over recent weeks; pattern consistent with fixated, obsessive, unwanted and repeated behaviour.", "Course of conduct across more than one crime report, linked for this case."] },
  victim_contact: { title: "Safe contact details", summary: ["Safe contact arrangements agreed with the victim"], text: ["Safe address and phone number recorded; agreed times to call.", "Contact only through the advocate; no voicemail."] },
  victim_care: { title: "Safety plan", summary: ["Safety plan in place; reviewed weekly", "Needs assessment completed", "Support notes updated after contact"], text: ["Personal alarm issued; online safety advice given without asking the victim to leave social media.", "Victim informed of their rights under the Victims' Code; updates agreed fortnightly by phone."] },
  perpetrator: { title: "Perpetrator background", summary: ["Previous harassment of a former partner", "No previous convictions recorded", "Subject to bail conditions"], text: ["Background checks completed; previous related behaviour noted.", "Employment and address confirmed; no known weapons."] },
  clinical: { title: "Clinical formulation", summary: ["Assessed by the stalking clinic", "Treatment recommendations agreed"], text: ["Formulation completed with treatment recommendations; review in three months.", "Engagement with the intervention is partial; adjustments recommended."] },
  police_intelligence: { title: "Intelligence report", summary: ["Intelligence held by police"], text: ["Intelligence graded and recorded; sanitised summary available for the panel.", "Sighting reported near the victim's workplace; source protected."] },
  risk_assessment: { title: "Risk assessment", summary: ["Risk assessed as high; review in two weeks", "Risk assessed as medium; review in four weeks", "Risk assessed as standard; review at next contact"], text: ["Structured professional judgement: persistence and escalation rated; imminence under review.", "S-DASH completed; several risk factors present; referral to the clinic recommended."] },
  investigation: { title: "Evidence log", summary: ["Phone download and CCTV requested", "Statements taken; file in preparation"], text: ["Exhibits recorded; digital evidence requested from providers.", "Witness statements taken; charging advice to be sought."] },
  pre_sentence: { title: "Pre-sentence input", summary: ["Pre-sentence report in preparation"], text: ["Proposal under consideration: community order with a stalking intervention requirement."] },
};

const LAWFUL_BASIS_WEIGHTS: Partial<Record<LawfulBasis, number>> = { cda_1998_s115: 40, dpa_2018_part3: 25, dpa_2018_s8_public_task: 15, cja_2003_s325: 10, consent: 8, vital_interests: 2 };
const SHARE_PURPOSE_WEIGHTS: Partial<Record<Purpose, number>> = { case_work: 75, pre_sentence_report: 8, prosecution: 10, oversight: 7 };

type UserRow = { id: string; agencyKey: string; agencyId: string; role: Role; weight: number };
type CaseRow = { id: string; leadKey: string; leadAgencyId: string; status: string; createdAt: number; updatedAt: number; members: UserRow[] };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

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

/**
 * Adds the large synthetic data set to `db` (migrated). The demo partnership's agencies are created when
 * missing and reused when present, so it can follow the demo seed. Refuses when NODE_ENV=production.
 */
export async function seedLarge(db: Db, o: LargeSeedOptions): Promise<LargeSeedResult> {
  const env = o.env ?? process.env;
  if (env.NODE_ENV === "production") throw new LargeSeedRefused("Refusing to create synthetic data when NODE_ENV=production");
  for (const [name, v] of [["cases", o.cases], ["recordsPerCase", o.recordsPerCase], ["users", o.users]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a whole number of at least 1`);
  }
  const sqlite = db.$client;
  const rng = prng(o.seed ?? 20260101);
  const now = Date.now();
  const DAY = 86_400_000;
  // One hash for everyone: synthetic people can sign in with the demo password in demo mode.
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });

  const totalRecords = o.cases * o.recordsPerCase;
  const jobTotal = o.users + o.cases + totalRecords;
  let jobDone = 0;
  const progress = (phase: string, n: number) => {
    jobDone += n;
    o.onProgress?.({ phase, done: jobDone, total: jobTotal });
  };

  /** Runs `write(i)` for i in [0, n) in transactions of BATCH_ROWS, reporting progress after each. */
  const inBatches = (phase: string, n: number, write: (i: number) => void, counts = true) => {
    const run = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) write(i);
    });
    for (let from = 0; from < n; from += BATCH_ROWS) {
      const to = Math.min(n, from + BATCH_ROWS);
      run(from, to);
      if (counts) progress(phase, to - from);
    }
  };

  // --- Partnership, agencies and teams (reused by name when the demo seed has run).
  const agencyIds = new Map<string, string>();
  const agencyTypes = new Map<string, AgencyType>();
  const teamIds = new Map<string, string[]>();
  sqlite.transaction(() => {
    let partnershipId = (sqlite.prepare(`SELECT id FROM partnerships WHERE name = ?`).get(DEMO_PARTNERSHIP) as { id: string } | undefined)?.id;
    if (!partnershipId) {
      partnershipId = randomUUID();
      sqlite.prepare(`INSERT INTO partnerships (id, name) VALUES (?, ?)`).run(partnershipId, DEMO_PARTNERSHIP);
    }
    const findAgency = sqlite.prepare(`SELECT id FROM agencies WHERE partnership_id = ? AND name = ?`);
    const addAgency = sqlite.prepare(`INSERT INTO agencies (id, partnership_id, name, type) VALUES (?, ?, ?, ?)`);
    const findTeam = sqlite.prepare(`SELECT id FROM teams WHERE agency_id = ? AND name = ?`);
    const addTeam = sqlite.prepare(`INSERT INTO teams (id, agency_id, name) VALUES (?, ?, ?)`);
    for (const a of DEMO_AGENCIES) {
      let id = (findAgency.get(partnershipId, a.name) as { id: string } | undefined)?.id;
      if (!id) {
        id = randomUUID();
        addAgency.run(id, partnershipId, a.name, a.type);
      }
      agencyIds.set(a.key, id);
      agencyTypes.set(a.key, a.type);
      const ids: string[] = [];
      for (const name of a.teams) {
        let teamId = (findTeam.get(id, name) as { id: string } | undefined)?.id;
        if (!teamId) {
          teamId = randomUUID();
          addTeam.run(teamId, id, name);
        }
        ids.push(teamId);
      }
      teamIds.set(a.key, ids);
    }
  })();
  const domainOf = new Map(DEMO_AGENCIES.map((a) => [a.key, a.domain]));

  // Numbering continues after what is there, so references and emails stay unique on a second run.
  const existingUsers = (sqlite.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n;
  const existingCases = (sqlite.prepare(`SELECT count(*) AS n FROM cases`).get() as { n: number }).n;
  const createdBy = "large-seed";

  // --- People who work here: one agency administrator per agency, the rest by weight.
  const insertUser = sqlite.prepare(`INSERT INTO users (id, agency_id, team_id, email, name, password_hash, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`);
  const insertRole = sqlite.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`);
  const agencyKeys = DEMO_AGENCIES.map((a) => a.key);
  const users: UserRow[] = [];
  inBatches("people", o.users, (i) => {
    const agencyKey = i < agencyKeys.length ? agencyKeys[i]! : rng.weighted(USER_AGENCY_WEIGHTS);
    const role: Role = i < agencyKeys.length ? "agency_admin" : rng.weighted(ROLE_WEIGHTS[agencyKey]!);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const n = existingUsers + i + 1;
    const id = randomUUID();
    const agencyId = agencyIds.get(agencyKey)!;
    const teams = teamIds.get(agencyKey)!;
    insertUser.run(id, agencyId, teams.length ? rng.pick(teams) : null, `${first}.${last}.${n}@${domainOf.get(agencyKey)}`.toLowerCase(), `${first} ${last}`, passwordHash, createdBy, iso(now - (400 + rng.int(700)) * DAY));
    insertRole.run(id, role);
    // Caseloads differ: part-time staff and specialists carry fewer cases than full-time officers.
    users.push({ id, agencyKey, agencyId, role, weight: 0.3 + rng.next() * 1.4 });
  });

  // Case-team candidates by agency, each a weighted pool.
  const poolByAgency = new Map<string, (r: Rng) => UserRow | undefined>();
  for (const key of agencyKeys) poolByAgency.set(key, weightedPool(users.filter((u) => u.agencyKey === key && CASE_TEAM_ROLES[u.role])));
  const leadPool = (key: string) => {
    // The lead agency's member is its case-holder: an investigator in the police, an advocate, a practitioner, a psychologist.
    const leadRoles: Partial<Record<string, Role[]>> = { police: ["investigator", "spoc"], probation: ["probation_practitioner"], health: ["forensic_psychologist", "psychiatrist"] };
    const roles = leadRoles[key];
    return weightedPool(users.filter((u) => u.agencyKey === key && (roles ? roles.includes(u.role) : CASE_TEAM_ROLES[u.role])));
  };
  const leadPools = new Map(Object.keys(LEAD_AGENCY_WEIGHTS).map((k) => [k, leadPool(k)]));
  for (const [key, pool] of leadPools) if (!pool(rng)) throw new RangeError(`Too few people for ${key} to lead cases: raise --users`);

  // --- Cases, teams and parties.
  const insertCase = sqlite.prepare(`INSERT INTO cases (id, reference, status, lead_agency_id, charging_referred_at, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMember = sqlite.prepare(`INSERT INTO case_members (case_id, user_id, role_in_case, added_by, added_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertPerson = sqlite.prepare(`INSERT INTO people (id, full_name, search_name, date_of_birth, identifiers, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertParty = sqlite.prepare(`INSERT INTO case_parties (case_id, person_id, party_role, added_at) VALUES (?, ?, ?, ?)`);
  const cases: CaseRow[] = [];
  const perpetrators: string[] = [];
  let memberships = 0;
  let peopleCount = 0;
  const newPerson = (at: string, perpetrator: boolean): string => {
    const id = randomUUID();
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const dob = `${1955 + rng.int(50)}-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`;
    const identifiers = perpetrator ? JSON.stringify({ pnc: `${String(rng.int(100)).padStart(2, "0")}/${String(rng.int(1_000_000)).padStart(6, "0")}${String.fromCharCode(65 + rng.int(26))}` }) : "{}";
    insertPerson.run(id, name, normaliseName(name), dob, identifiers, at);
    peopleCount++;
    return id;
  };
  inBatches("cases", o.cases, (i) => {
    const id = randomUUID();
    const leadKey = rng.weighted(LEAD_AGENCY_WEIGHTS);
    const status = rng.weighted(STATUS_WEIGHTS);
    // Opened in the last three years; closed cases are older and quieter, open ones recently active.
    const createdAt = now - (status === "closed" ? 120 + rng.int(975) : rng.int(720)) * DAY - rng.int(DAY);
    const span = now - createdAt;
    const updatedAt = status === "closed" ? createdAt + Math.floor(span * (0.2 + 0.6 * rng.next())) : now - Math.floor(Math.min(span, 60 * DAY) * rng.next() * rng.next());
    const year = new Date(createdAt).getUTCFullYear();
    const reference = `NS-${year}-${String(existingCases + i + 1).padStart(6, "0")}`;
    const lead = leadPools.get(leadKey)!(rng)!;
    const members: UserRow[] = [lead];
    const size = Number(rng.weighted(TEAM_SIZE_WEIGHTS));
    for (let tries = 0; members.length < size && tries < 20; tries++) {
      const candidate = poolByAgency.get(rng.weighted(MEMBER_AGENCY_WEIGHTS))!(rng);
      if (candidate && !members.some((m) => m.id === candidate.id)) members.push(candidate);
    }
    const referred = leadKey === "police" && status !== "referred" && status !== "triage" && rng.chance(0.22) ? iso(createdAt + Math.floor((updatedAt - createdAt) * rng.next())) : null;
    insertCase.run(id, reference, status, agencyIds.get(leadKey)!, referred, lead.id, iso(createdAt), iso(updatedAt));
    for (const [k, m] of members.entries()) {
      const addedAt = createdAt + (k === 0 ? 0 : Math.floor((updatedAt - createdAt) * 0.3 * rng.next()));
      // A few people have left the team (removal is a timestamp, never a delete).
      const removedAt = k > 0 && rng.chance(0.04) ? iso(addedAt + Math.floor((updatedAt - addedAt) * rng.next()) + 1) : null;
      insertMember.run(id, m.id, CASE_TEAM_ROLES[m.role] ?? "Member", lead.id, iso(addedAt), removedAt);
      memberships++;
    }
    const at = iso(createdAt);
    insertParty.run(id, newPerson(at, false), "victim", at);
    // About one perpetrator in twenty is already known to the partnership (serial stalking).
    const known = perpetrators.length > 50 && rng.chance(0.05);
    const perpetratorId = known ? rng.pick(perpetrators) : newPerson(at, true);
    if (!known) perpetrators.push(perpetratorId);
    insertParty.run(id, perpetratorId, "perpetrator", at);
    cases.push({ id, leadKey, leadAgencyId: agencyIds.get(leadKey)!, status, createdAt, updatedAt, members });
  });

  // --- How many records each case has: at least its case core, busier cases more (total exact).
  const counts = new Uint32Array(o.cases).fill(1);
  const busy = (c: CaseRow) => (c.status === "active" ? 3 : c.status === "monitoring" ? 2 : c.status === "closed" ? 1.5 : 0.6);
  const busyPool = weightedPool(cases.map((c, k) => ({ k, weight: busy(c) })));
  for (let extra = totalRecords - o.cases; extra > 0; extra--) counts[busyPool(rng)!.k]!++;

  // --- Records (the access envelope plus short templated text).
  const insertRecord = sqlite.prepare(
    `INSERT INTO case_records (id, case_id, kind, category, owner_agency_id, author_user_id, marking, cav_victim_confidential, cav_health_confidential, cav_police_intelligence, cav_not_perpetrator_facing, status, summary, title, body, created_at, updated_at)
     VALUES (?, ?, 'note', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // What each kind of agency records, weighted; only the police add further case-core notes.
  const categoryWeights = new Map<AgencyType, Partial<Record<Category, number>>>();
  for (const [type, cats] of Object.entries(CATEGORIES_BY_AGENCY) as [AgencyType, readonly Category[]][]) {
    const allowed = cats.filter((cat) => cat !== "case_core" || type === "police");
    if (allowed.length) categoryWeights.set(type, Object.fromEntries(allowed.map((cat) => [cat, CATEGORY_WEIGHTS[cat] ?? 1])));
  }
  type Shareable = { id: string; caseRow: CaseRow; author: UserRow; at: number };
  const shareable: Shareable[] = [];
  let caseIndex = 0;
  let withinCase = 0;
  inBatches("records", totalRecords, () => {
    const c = cases[caseIndex]!;
    const first = withinCase === 0;
    const author = first ? c.members[0]! : rng.pick(c.members);
    const agencyType = agencyTypes.get(author.agencyKey)!;
    const weights = categoryWeights.get(agencyType);
    const category: Category = first || !weights ? "case_core" : rng.weighted(weights);
    const draft = !first && (category === "risk_assessment" ? rng.chance(0.2) : category === "pre_sentence" ? rng.chance(0.3) : rng.chance(0.03));
    const vc = category === "victim_contact" || (category === "risk_assessment" && agencyType === "isac" && rng.chance(0.25));
    const hc = category === "clinical" ? rng.chance(0.85) : false;
    const pi = category === "police_intelligence";
    const npf = category === "victim_care" ? rng.chance(0.12) : category === "victim_contact" ? rng.chance(0.3) : false;
    const at = c.createdAt + Math.floor((c.updatedAt - c.createdAt) * (first ? 0 : rng.next()));
    const t = TEXT[category] ?? TEXT.case_core!;
    const id = randomUUID();
    insertRecord.run(id, c.id, category, author.agencyId, author.id, rng.chance(0.2) ? "OFFICIAL" : "OFFICIAL-SENSITIVE", vc ? 1 : 0, hc ? 1 : 0, pi ? 1 : 0, npf ? 1 : 0, draft ? "draft" : "signed_off", rng.pick(t.summary), t.title, JSON.stringify({ text: rng.pick(t.text) }), iso(at), iso(at));
    if (!draft && !first && rng.chance(0.012)) shareable.push({ id, caseRow: c, author, at });
    if (++withinCase >= counts[caseIndex]!) {
      caseIndex++;
      withinCase = 0;
    }
  });

  // --- Explicit shares (about 1% of records), break-glass grants and access requests.
  const insertShare = sqlite.prepare(
    `INSERT INTO record_shares (id, record_id, shared_by_user_id, shared_by_agency_id, to_agency_id, to_role, to_user_id, purpose, lawful_basis, expires_at, created_at, revoked_at, revoked_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const roleOf = (key: string): Role => rng.weighted(ROLE_WEIGHTS[key]!);
  inBatches("shares", shareable.length, (k) => {
    const s = shareable[k]!;
    const others = s.caseRow.members.filter((m) => m.agencyKey !== s.author.agencyKey);
    const kind = others.length && rng.chance(0.6) ? "user" : rng.chance(0.6) ? "agency" : "role";
    const otherKey = rng.pick(agencyKeys.filter((key) => key !== s.author.agencyKey && key !== "partnership"));
    const createdAt = s.at + rng.int(10 * DAY);
    const expires = rng.chance(0.3) ? iso(createdAt + (30 + rng.int(150)) * DAY) : null;
    const revoked = rng.chance(0.05) ? iso(createdAt + rng.int(20 * DAY)) : null;
    insertShare.run(
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
    );
  }, false);

  const insertGrant = sqlite.prepare(
    `INSERT INTO break_glass_grants (id, user_id, agency_id, case_id, reason, granted_at, expires_at, reviewed_at, reviewed_by, review_outcome, review_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const grants = Math.max(1, Math.round(o.cases * 0.002));
  const supervisors = users.filter((u) => u.role === "police_supervisor" || u.role === "advocate_manager");
  const emergencyPool = weightedPool(users.filter((u) => u.role === "investigator" || u.role === "spoc" || u.role === "advocate"));
  const REASONS = ["Victim called out of hours reporting the perpetrator outside; case officer off duty", "Report of a breach of order overnight; needed the safety plan to respond", "Welfare concern raised by a neighbour; case team unavailable"];
  inBatches("break-glass", grants, () => {
    const c = rng.pick(cases);
    const who = emergencyPool(rng)!;
    const grantedAt = now - rng.int(300) * DAY - rng.int(DAY);
    const reviewed = grantedAt < now - 14 * DAY && supervisors.length && rng.chance(0.8);
    insertGrant.run(randomUUID(), who.id, who.agencyId, c.id, rng.pick(REASONS), iso(grantedAt), iso(grantedAt + 4 * 3_600_000), reviewed ? iso(grantedAt + (2 + rng.int(10)) * DAY) : null, reviewed ? rng.pick(supervisors).id : null, reviewed ? (rng.chance(0.9) ? "justified" : "not_justified") : null, null);
  }, false);

  const insertRequest = sqlite.prepare(
    `INSERT INTO access_requests (id, requester_user_id, requester_agency_id, case_id, owning_agency_id, reason, status, decided_by, decided_at, decision_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const requests = Math.max(1, Math.round(o.cases * 0.01));
  const requesterPool = weightedPool(users.filter((u) => CASE_TEAM_ROLES[u.role]));
  inBatches("access requests", requests, () => {
    const c = rng.pick(cases);
    const who = requesterPool(rng)!;
    const status = rng.weighted({ pending: 25, approved: 55, refused: 20 });
    const createdAt = now - rng.int(365) * DAY - rng.int(DAY);
    const decider = status === "pending" ? undefined : c.members[0]!;
    insertRequest.run(randomUUID(), who.id, who.agencyId, c.id, c.leadAgencyId, "Perpetrator known to our service in another case; need the risk picture", status, decider?.id ?? null, decider ? iso(createdAt + rng.int(5 * DAY)) : null, decider ? (status === "approved" ? "Approved for case work" : "Not necessary for the stated purpose") : null, iso(createdAt));
  }, false);

  return { cases: o.cases, records: totalRecords, users: o.users, memberships, people: peopleCount, shares: shareable.length, breakGlassGrants: grants, accessRequests: requests };
}
