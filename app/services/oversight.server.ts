import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { toCsv } from "~/domain/csv";
import { endOfLondonDay, londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import type { OversightFilters } from "~/domain/oversight-filters";
import type { FieldErrors } from "~/forms/parse-form";
import {
  oversightTables,
  referralAlertFromEnv,
  type Cell,
  type MetricKey,
  type MetricTable,
  type OversightInput,
} from "~/domain/oversight-metrics";

/*
 * The oversight dashboard (issue 8): the partnership's figures for performance leads and supervisors, grouped
 * in SQL (one small result per metric, never one row per case) and turned into suppressed tables by the pure
 * app/domain/oversight-metrics.ts. The cohort is the cases opened in the period, in the actor's partnership,
 * optionally led by one agency and worked by one team (a current case-team member from it); every figure
 * counts those cases and what is recorded on them. Retracted records are left out.
 */

type Cohort = { where: string; params: Record<string, string> };

/** Refuses (403, audited) anyone who may not see the dashboard. */
export function assertCanReadDashboard(actor: Actor): void {
  authorize(actor, "read", "Dashboard");
}

function partnershipOf(agencyId: string): string {
  const row = getDb().$client.prepare(`SELECT partnership_id AS id FROM agencies WHERE id = ?`).get(agencyId) as { id: string } | undefined;
  if (!row) throw new Error("oversight: the actor's agency has no partnership");
  return row.id;
}

export type FilterOptions = { agencies: { value: string; text: string }[]; teams: { value: string; text: string; agencyId: string }[] };

/** The agencies and teams the filters offer: the actor's partnership only. */
export function filterOptions(actor: Actor): FilterOptions {
  const sqlite = getDb().$client;
  const partnershipId = partnershipOf(actor.agencyId);
  const agencies = sqlite.prepare(`SELECT id AS value, name AS text FROM agencies WHERE partnership_id = ? ORDER BY name`).all(partnershipId) as FilterOptions["agencies"];
  const teams = sqlite
    .prepare(`SELECT t.id AS value, a.name || ': ' || t.name AS text, a.id AS agencyId FROM teams t JOIN agencies a ON a.id = t.agency_id WHERE a.partnership_id = ? ORDER BY a.name, t.name`)
    .all(partnershipId) as FilterOptions["teams"];
  return { agencies, teams };
}

/** Filters naming an agency or team outside the actor's partnership (or a team of another agency) are refused. */
export function checkFilters(actor: Actor, filters: OversightFilters): FieldErrors | null {
  const options = filterOptions(actor);
  const errors: FieldErrors = {};
  if (filters.agency && !options.agencies.some((a) => a.value === filters.agency)) errors.agency = "Select a lead agency from the list";
  const team = filters.team ? options.teams.find((t) => t.value === filters.team) : undefined;
  if (filters.team && !team) errors.team = "Select a team from the list";
  else if (team && filters.agency && team.agencyId !== filters.agency) errors.team = "Select a team in the lead agency chosen, or choose all agencies";
  return Object.keys(errors).length ? errors : null;
}

function cohortFor(actor: Actor, filters: OversightFilters): Cohort {
  // London days to UTC instants: from the start of `from` to the end of `to`.
  const params: Record<string, string> = {
    partnership: partnershipOf(actor.agencyId),
    start: endOfLondonDay(addDays(filters.from, -1)).toISOString(),
    end: endOfLondonDay(filters.to).toISOString(),
  };
  const parts = [`c.lead_agency_id IN (SELECT id FROM agencies WHERE partnership_id = @partnership)`, `c.created_at >= @start`, `c.created_at < @end`];
  if (filters.agency) {
    parts.push(`c.lead_agency_id = @agency`);
    params.agency = filters.agency;
  }
  if (filters.team) {
    parts.push(`c.id IN (SELECT m.case_id FROM users u JOIN case_members m ON m.user_id = u.id AND m.removed_at IS NULL WHERE u.team_id = @team)`);
    params.team = filters.team;
  }
  return { where: parts.join(" AND "), params };
}

// Detail rows first, then their case (to apply the cohort), and only then the record's envelope (a lookup in the
// largest table, to leave retracted records out): CROSS JOIN fixes that order in SQLite.
const inCohort = (alias: string) => `CROSS JOIN cases c ON c.id = ${alias}.case_id CROSS JOIN case_records rr_${alias} ON rr_${alias}.id = ${alias}.record_id AND rr_${alias}.retracted_at IS NULL`;
const SPO_TYPES = `('spo_interim', 'spo_full')`;

/** The grouped rows every metric is computed from: one SQL query each. */
export function loadOversightInput(actor: Actor, filters: OversightFilters, today: string): OversightInput {
  const sqlite = getDb().$client;
  const { where, params } = cohortFor(actor, filters);
  const p = { ...params, today };
  const all = <T>(sql: string) => sqlite.prepare(sql).all(p) as T[];
  const bool = (v: unknown) => v === 1 || v === true;

  const cases = all<{ month: string; status: string; relationship: string | null; online: number; n: number }>(
    `SELECT substr(c.created_at, 1, 7) AS month, c.status, c.relationship, c.flag_online AS online, count(*) AS n FROM cases c WHERE ${where} GROUP BY 1, 2, 3, 4`,
  );
  const offences = all<{ offenceType: string; summaryOnly: number; status: string; outcomeCode: string | null; marginDays: number | null; deadlinePassed: number; n: number }>(
    `SELECT o.offence_type AS offenceType, o.summary_only AS summaryOnly, o.status, o.outcome_code AS outcomeCode,
            CASE WHEN o.charged_on IS NOT NULL AND o.last_day_to_charge IS NOT NULL THEN CAST(julianday(o.last_day_to_charge) - julianday(o.charged_on) AS INTEGER) END AS marginDays,
            (o.last_day_to_charge IS NOT NULL AND o.last_day_to_charge < @today) AS deadlinePassed, count(*) AS n
       FROM offences o ${inCohort("o")} WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  // One row per case with any SPO activity, then grouped by what happened. An order later varied, expired or
  // discharged was granted first.
  const spoCases = all<{ considered: number; applied: number; granted: number; refused: number; refusedWithReason: number; breached: number; n: number }>(
    `SELECT considered, applied, granted, refused, refusedWithReason, breached, count(*) AS n FROM (
       SELECT max(x.considered) AS considered, max(x.applied) AS applied, max(x.granted) AS granted, max(x.refused) AS refused, max(x.reasoned) AS refusedWithReason, max(x.breached) AS breached
         FROM (
           SELECT s.case_id, 1 AS considered, 0 AS applied, 0 AS granted, 0 AS refused, 0 AS reasoned, 0 AS breached FROM spo_considerations s ${inCohort("s")} WHERE ${where}
           UNION ALL
           SELECT o.case_id, 0, 1, o.status IN ('granted', 'varied', 'expired', 'discharged'), o.status = 'refused', o.status = 'refused' AND trim(coalesce(o.refusal_reason, '')) <> '', 0
             FROM protective_orders o ${inCohort("o")} WHERE ${where} AND o.order_type IN ${SPO_TYPES}
           UNION ALL
           SELECT b.case_id, 0, 0, 0, 0, 0, 1 FROM breaches b CROSS JOIN protective_orders o ON o.record_id = b.order_record_id ${inCohort("b")} WHERE ${where} AND o.order_type IN ${SPO_TYPES}
         ) x GROUP BY x.case_id
     ) GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  const spoDecisions = all<{ decision: string; n: number }>(`SELECT s.decision, count(*) AS n FROM spo_considerations s ${inCohort("s")} WHERE ${where} GROUP BY 1`);
  const referralCases = all<{ accepted: number; declined: number; n: number }>(
    `SELECT accepted, declined, count(*) AS n FROM (
       SELECT max(sr.response = 'accepted') AS accepted, max(sr.response = 'declined') AS declined
         FROM support_referrals sr ${inCohort("sr")} WHERE ${where} GROUP BY sr.case_id
     ) GROUP BY 1, 2`,
  );
  const firstAssessments = all<{ days: number; n: number }>(
    `SELECT days, count(*) AS n FROM (
       SELECT CAST(max(0, julianday(min(ra.signed_off_at)) - julianday(c.created_at)) AS INTEGER) AS days
         FROM risk_assessments ra CROSS JOIN cases c ON c.id = ra.case_id
        WHERE ${where} AND ra.signed_off_at IS NOT NULL AND ra.state IN ('signed_off', 'superseded') GROUP BY ra.case_id
     ) GROUP BY 1`,
  );
  const reviews = all<{ instrument: string; overdue: number; n: number }>(
    `SELECT ra.instrument, (ra.review_due_on < @today) AS overdue, count(*) AS n FROM risk_assessments ra CROSS JOIN cases c ON c.id = ra.case_id
      WHERE ${where} AND c.status <> 'closed' AND ra.state = 'signed_off' AND ra.review_due_on IS NOT NULL GROUP BY 1, 2`,
  );
  const breaches = all<{ policeAction: string | null; days: number | null; n: number }>(
    `SELECT b.police_action AS policeAction,
            CASE WHEN b.police_action_on IS NOT NULL THEN CAST(julianday(b.police_action_on) - julianday(substr(b.reported_at, 1, 10)) AS INTEGER) END AS days, count(*) AS n
       FROM breaches b ${inCohort("b")} WHERE ${where} GROUP BY 1, 2`,
  );
  const clinicReferrals = all<{ status: string; discussed: number; n: number }>(
    `SELECT cr.status,
            EXISTS (SELECT 1 FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
                     WHERE mi.case_id = cr.case_id AND mi.source = 'clinic_referral' AND mi.source_id = cr.id AND m.status IN ('closed', 'finalised')) AS discussed,
            count(*) AS n
       FROM clinic_referrals cr CROSS JOIN cases c ON c.id = cr.case_id WHERE ${where} GROUP BY 1, 2`,
  );
  const meetingActions = all<{ meeting: "clinic" | "mappa"; done: number; overdue: number; onTime: number; n: number }>(
    `SELECT CASE WHEN m.kind LIKE 'mappa%' THEN 'mappa' ELSE 'clinic' END AS meeting, a.status = 'done' AS done,
            (a.status <> 'done' AND a.due_on < @today) AS overdue,
            (a.status = 'done' AND a.completed_at IS NOT NULL AND substr(a.completed_at, 1, 10) <= a.due_on) AS onTime, count(*) AS n
       FROM meeting_actions a CROSS JOIN meetings m ON m.id = a.meeting_id CROSS JOIN cases c ON c.id = a.case_id WHERE ${where} GROUP BY 1, 2, 3, 4`,
  );
  const mappaReferrals = all<{ status: string; levelRequested: number; levelDecided: number | null; n: number }>(
    `SELECT mr.status, mr.level_requested AS levelRequested, mr.level_decided AS levelDecided, count(*) AS n
       FROM mappa_referrals mr CROSS JOIN cases c ON c.id = mr.case_id WHERE ${where} AND mr.status <> 'draft' GROUP BY 1, 2, 3`,
  );

  return {
    cases: cases.map((r) => ({ ...r, online: bool(r.online) })),
    offences: offences.map((r) => ({ ...r, summaryOnly: bool(r.summaryOnly), deadlinePassed: bool(r.deadlinePassed) })),
    spoCases: spoCases.map((r) => ({ considered: bool(r.considered), applied: bool(r.applied), granted: bool(r.granted), refused: bool(r.refused), refusedWithReason: bool(r.refusedWithReason), breached: bool(r.breached), n: r.n })),
    spoDecisions,
    referralCases: referralCases.map((r) => ({ accepted: bool(r.accepted), declined: bool(r.declined), n: r.n })),
    firstAssessments,
    reviews: reviews.map((r) => ({ ...r, overdue: bool(r.overdue) })),
    breaches,
    clinicReferrals: clinicReferrals.map((r) => ({ ...r, discussed: bool(r.discussed) })),
    meetingActions: meetingActions.map((r) => ({ ...r, done: bool(r.done), overdue: bool(r.overdue), onTime: bool(r.onTime) })),
    mappaReferrals,
  };
}

export type Dashboard = { filters: OversightFilters; tables: MetricTable[]; referralAlertPer100: number; computedAt: string };

function computeTables(actor: Actor, filters: OversightFilters, now: Date): MetricTable[] {
  return oversightTables(loadOversightInput(actor, filters, londonToday(now)), { referralAlertPer100: referralAlertFromEnv(process.env.OVERSIGHT_REFERRAL_ALERT_PER_100) });
}

/*
 * Working the figures out reads every case opened in the period and what is recorded on them (a few seconds at
 * 100,000 cases on a busy machine), so they are kept for a while per partnership, filters and day, and the page
 * says when they were worked out. Oversight figures need not be to the second; OVERSIGHT_CACHE_SECONDS (default
 * 300, 0 to turn off) says how long. The tables hold suppressed aggregates only.
 */
const cache = new Map<string, { at: number; tables: MetricTable[] }>();
const CACHE_ENTRIES = 200;

function cacheSeconds(): number {
  const n = Number(process.env.OVERSIGHT_CACHE_SECONDS ?? 300);
  return Number.isFinite(n) && n >= 0 ? n : 300;
}

/** Empties the figures kept (tests and the benchmark's cold measurement). */
export function clearOversightCache(): void {
  cache.clear();
}

function cachedTables(actor: Actor, filters: OversightFilters, now: Date): { tables: MetricTable[]; at: number } {
  const key = JSON.stringify([partnershipOf(actor.agencyId), filters.from, filters.to, filters.agency ?? "", filters.team ?? "", londonToday(now), referralAlertFromEnv(process.env.OVERSIGHT_REFERRAL_ALERT_PER_100)]);
  const kept = cache.get(key);
  if (kept && now.getTime() - kept.at < cacheSeconds() * 1000) return kept;
  const fresh = { at: now.getTime(), tables: computeTables(actor, filters, now) };
  cache.delete(key);
  if (cacheSeconds() > 0) cache.set(key, fresh);
  // Oldest first: Map keeps insertion order.
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return fresh;
}

/** The dashboard for these (already checked) filters. Audited with the filters, never with figures. */
export function oversightDashboard(actor: Actor, filters: OversightFilters, now = new Date()): Dashboard {
  assertCanReadDashboard(actor);
  const { tables, at } = cachedTables(actor, filters, now);
  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "oversight.dashboard.view", outcome: "allowed", purpose: "oversight", detail: auditDetail(filters) });
  return { filters, tables, referralAlertPer100: referralAlertFromEnv(process.env.OVERSIGHT_REFERRAL_ALERT_PER_100), computedAt: new Date(at).toISOString() };
}

function auditDetail(filters: OversightFilters, extra: Record<string, string> = {}) {
  return { from: filters.from, to: filters.to, agency: filters.agency ?? null, team: filters.team ?? null, ...extra };
}

/** A cell in a CSV file: plain digits (no thousands separators), "fewer than 5" when suppressed, empty for none. */
function csvValue(cell: Cell): string | number {
  return cell === null ? "" : cell;
}

/** One table as CSV, suppressed exactly as on the page. Null when there is no such table. */
export function oversightCsv(actor: Actor, filters: OversightFilters, key: MetricKey, now = new Date()): { filename: string; csv: string } {
  assertCanReadDashboard(actor);
  const table = cachedTables(actor, filters, now).tables.find((t) => t.key === key)!;
  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "oversight.csv", outcome: "allowed", purpose: "oversight", detail: auditDetail(filters, { table: key }) });
  const csv = toCsv(
    [table.title, ...table.columns],
    table.rows.map((r) => [r.label, ...r.cells.map(csvValue)]),
  );
  return { filename: `oversight-${key}-${filters.from}-to-${filters.to}.csv`, csv };
}

/** The headline figure of one metric for these filters, as evidence for the action plan (computed afresh). */
export function headlineFigure(actor: Actor, filters: OversightFilters, key: MetricKey, now = new Date()): { label: string; value: Cell; title: string } {
  assertCanReadDashboard(actor);
  const table = computeTables(actor, filters, now).find((t) => t.key === key)!;
  return { label: table.headline.label, value: table.headline.value, title: table.title };
}
