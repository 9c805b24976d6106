import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { toCsv } from "~/domain/csv";
import { londonToday } from "~/domain/expiry-date";
import { periodParts, type OversightFilters } from "~/domain/oversight-filters";
import type { FieldErrors } from "~/forms/parse-form";
import {
  oversightTables,
  referralAlertFromEnv,
  type Cell,
  type MetricKey,
  type MetricTable,
  type OversightInput,
} from "~/domain/oversight-metrics";
import { refreshOversightSums, type SumMetric } from "./oversight-sums.server";

/*
 * The oversight dashboard (issue 8): the partnership's figures for performance leads and supervisors, grouped
 * in SQL (never one row per case) and turned into suppressed tables by the pure app/domain/oversight-metrics.ts.
 * The cohort is the cases opened in the period, in the actor's partnership, optionally led by one agency and
 * worked by one team (a current case-team member from it); every figure counts those cases and what is
 * recorded on them. Retracted records are left out. The grouped rows are kept summed per day and month the
 * cases were opened (oversight-sums.server.ts, decision 0019) and brought up to date before each read.
 */

/** Refuses (403, audited) anyone who may not see the dashboard. */
export function assertCanReadDashboard(actor: Actor): void {
  authorize(actor, "read", "Dashboard");
}

export type FilterOptions = {
  agencies: { value: string; text: string }[];
  teams: { value: string; text: string; agencyId: string }[];
};

/** The agencies and teams the filters offer: the actor's partnership only. */
export function filterOptions(actor: Actor): FilterOptions {
  const sqlite = getDb().$client;
  const partnershipId = actor.partnershipId;
  const agencies = sqlite
    .prepare(`SELECT id AS value, name AS text FROM agencies WHERE partnership_id = ? ORDER BY name`)
    .all(partnershipId) as FilterOptions["agencies"];
  const teams = sqlite
    .prepare(
      `SELECT t.id AS value, a.name || ': ' || t.name AS text, a.id AS agencyId FROM teams t JOIN agencies a ON a.id = t.agency_id WHERE a.partnership_id = ? ORDER BY a.name, t.name`,
    )
    .all(partnershipId) as FilterOptions["teams"];
  return { agencies, teams };
}

/** Filters naming an agency or team outside the actor's partnership (or a team of another agency) are refused. */
export function checkFilters(actor: Actor, filters: OversightFilters): FieldErrors | null {
  const options = filterOptions(actor);
  const errors: FieldErrors = {};
  if (filters.agency && !options.agencies.some((a) => a.value === filters.agency))
    errors.agency = "Select a lead agency from the list";
  const team = filters.team ? options.teams.find((t) => t.value === filters.team) : undefined;
  if (filters.team && !team) errors.team = "Select a team from the list";
  else if (team && filters.agency && team.agencyId !== filters.agency)
    errors.team = "Select a team in the lead agency chosen, or choose all agencies";
  return Object.keys(errors).length ? errors : null;
}

const bool = (v: unknown) => v === 1 || v === true;

/**
 * The grouped rows every metric is computed from, read from the sums (after bringing them up to date): the whole
 * London months of the period from oversight_monthly, the days either side from oversight_daily, for the lead
 * agencies of the actor's partnership (or the one chosen) and all teams or the one chosen. A row's due date is
 * compared with today here, as the figures always did.
 */
export function loadOversightInput(actor: Actor, filters: OversightFilters, today: string): OversightInput {
  const sqlite = getDb().$client;
  refreshOversightSums(sqlite);
  const parts = periodParts(filters.from, filters.to);
  const none = { from: "9", to: "0" };
  const [before, after] = [parts.days[0] ?? none, parts.days[1] ?? none];
  const agencies = `lead_agency_id IN (SELECT id FROM agencies WHERE partnership_id = @partnership)${filters.agency ? " AND lead_agency_id = @agency" : ""}`;
  const rows = sqlite
    .prepare(
      `SELECT metric, key, (due_on <> '' AND due_on < @today) AS past, sum(n) AS n FROM (
         SELECT metric, key, due_on, n FROM oversight_monthly WHERE team_id = @team AND month >= @m1 AND month <= @m2 AND ${agencies}
         UNION ALL
         SELECT metric, key, due_on, n FROM oversight_daily WHERE team_id = @team AND day >= @d1 AND day <= @d2 AND ${agencies}
         UNION ALL
         SELECT metric, key, due_on, n FROM oversight_daily WHERE team_id = @team AND day >= @d3 AND day <= @d4 AND ${agencies}
       ) GROUP BY metric, key, past HAVING sum(n) <> 0`,
    )
    .all({
      partnership: actor.partnershipId,
      ...(filters.agency ? { agency: filters.agency } : {}),
      team: filters.team ?? "",
      m1: parts.months?.from ?? none.from,
      m2: parts.months?.to ?? none.to,
      d1: before.from,
      d2: before.to,
      d3: after.from,
      d4: after.to,
      today,
    }) as { metric: SumMetric; key: string; past: number; n: number }[];

  const input: OversightInput = {
    cases: [],
    offences: [],
    spoCases: [],
    spoDecisions: [],
    referralCases: [],
    firstAssessments: [],
    reviews: [],
    breaches: [],
    clinicReferrals: [],
    meetingActions: [],
    mappaReferrals: [],
  };
  for (const { metric, key, past, n } of rows) {
    const k = JSON.parse(key) as (string | number | null)[];
    const s = (i: number) => k[i] as string;
    const num = (i: number) => k[i] as number;
    switch (metric) {
      case "cases":
        input.cases.push({ month: s(0), status: s(1), relationship: k[2] as string | null, online: bool(k[3]), n });
        break;
      case "offences":
        input.offences.push({
          offenceType: s(0),
          summaryOnly: bool(k[1]),
          status: s(2),
          outcomeCode: k[3] as string | null,
          marginDays: k[4] as number | null,
          deadlinePassed: bool(past),
          n,
        });
        break;
      case "spoCases":
        input.spoCases.push({
          considered: bool(k[0]),
          applied: bool(k[1]),
          granted: bool(k[2]),
          refused: bool(k[3]),
          refusedWithReason: bool(k[4]),
          breached: bool(k[5]),
          n,
        });
        break;
      case "spoDecisions":
        input.spoDecisions.push({ decision: s(0), n });
        break;
      case "referralCases":
        input.referralCases.push({ accepted: bool(k[0]), declined: bool(k[1]), n });
        break;
      case "firstAssessments":
        input.firstAssessments.push({ days: num(0), n });
        break;
      case "reviews":
        input.reviews.push({ instrument: s(0), overdue: bool(past), n });
        break;
      case "breaches":
        input.breaches.push({ policeAction: k[0] as string | null, days: k[1] as number | null, n });
        break;
      case "clinicReferrals":
        input.clinicReferrals.push({ status: s(0), discussed: bool(k[1]), n });
        break;
      case "meetingActions":
        // Overdue: not done and its due date has passed.
        input.meetingActions.push({
          meeting: s(0) as "clinic" | "mappa",
          done: bool(k[1]),
          overdue: !bool(k[1]) && bool(past),
          onTime: bool(k[2]),
          n,
        });
        break;
      case "mappaReferrals":
        input.mappaReferrals.push({ status: s(0), levelRequested: num(1), levelDecided: k[2] as number | null, n });
        break;
    }
  }
  return input;
}

export type Dashboard = {
  filters: OversightFilters;
  tables: MetricTable[];
  referralAlertPer100: number;
  computedAt: string;
};

function computeTables(actor: Actor, filters: OversightFilters, now: Date): MetricTable[] {
  return oversightTables(loadOversightInput(actor, filters, londonToday(now)), {
    referralAlertPer100: referralAlertFromEnv(process.env.OVERSIGHT_REFERRAL_ALERT_PER_100),
  });
}

/** The dashboard for these (already checked) filters. Audited with the filters, never with figures. */
export function oversightDashboard(actor: Actor, filters: OversightFilters, now = new Date()): Dashboard {
  assertCanReadDashboard(actor);
  const tables = computeTables(actor, filters, now);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "oversight.dashboard.view",
    outcome: "allowed",
    purpose: "oversight",
    detail: auditDetail(filters),
  });
  return {
    filters,
    tables,
    referralAlertPer100: referralAlertFromEnv(process.env.OVERSIGHT_REFERRAL_ALERT_PER_100),
    computedAt: now.toISOString(),
  };
}

function auditDetail(filters: OversightFilters, extra: Record<string, string> = {}) {
  return { from: filters.from, to: filters.to, agency: filters.agency ?? null, team: filters.team ?? null, ...extra };
}

/** A cell in a CSV file: plain digits (no thousands separators), "fewer than 5" when suppressed, empty for none. */
function csvValue(cell: Cell): string | number {
  return cell === null ? "" : cell;
}

/** One table as CSV, suppressed exactly as on the page. Null when there is no such table. */
export function oversightCsv(
  actor: Actor,
  filters: OversightFilters,
  key: MetricKey,
  now = new Date(),
): { filename: string; csv: string } {
  assertCanReadDashboard(actor);
  const table = computeTables(actor, filters, now).find((t) => t.key === key)!;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "oversight.csv",
    outcome: "allowed",
    purpose: "oversight",
    detail: auditDetail(filters, { table: key }),
  });
  const csv = toCsv(
    [table.title, ...table.columns],
    table.rows.map((r) => [r.label, ...r.cells.map(csvValue)]),
  );
  return { filename: `oversight-${key}-${filters.from}-to-${filters.to}.csv`, csv };
}

/** The headline figure of one metric for these filters, as evidence for the action plan. */
export function headlineFigure(
  actor: Actor,
  filters: OversightFilters,
  key: MetricKey,
  now = new Date(),
): { label: string; value: Cell; title: string } {
  assertCanReadDashboard(actor);
  const table = computeTables(actor, filters, now).find((t) => t.key === key)!;
  return { label: table.headline.label, value: table.headline.value, title: table.title };
}
