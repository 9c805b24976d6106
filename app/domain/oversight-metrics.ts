// The oversight dashboard's figures (issue 8), computed from plain rows: each row is a combination of values
// with the number of cases or records that have it (`n`). The service groups in SQL and passes one row per
// combination; a unit test can pass one row per case with n = 1. Aggregates only: small numbers are suppressed
// (1 to 4 shown as "fewer than 5") and so is every rate or time worked out from a suppressed count.
import { CASE_STATUS_LABELS, CASE_STATUSES, RELATIONSHIP_LABELS, RELATIONSHIPS } from "./case-vocabulary";
import { POLICE_ACTION_LABELS, POLICE_ACTIONS, SPO_DECISION_LABELS, SPO_DECISIONS } from "./protective-orders";

export const SUPPRESSION_LIMIT = 5;
export const SUPPRESSED = "fewer than 5" as const;

/** A table cell: a figure, "fewer than 5", or null when there is nothing to work out (no cases, no values). */
export type Cell = number | typeof SUPPRESSED | null;

export type MetricRow = { label: string; cells: Cell[] };

export type MetricTable = {
  key: MetricKey;
  title: string;
  /** What is counted, in a sentence (shown under the heading and used as the chart's description). */
  description: string;
  columns: string[];
  rows: MetricRow[];
  /** Which column the chart draws, and what one unit is. */
  chartColumn: number;
  unit: "cases" | "per 100 cases" | "%" | "days" | "records";
  /** The figure that stands for the table, as linked to action-plan evidence. */
  headline: { label: string; value: Cell };
  /** Set when the figure needs action (the referral rate below its threshold). */
  alert?: string;
};

export const METRIC_KEYS = [
  "cases_by_status",
  "relationship_mix",
  "online_share",
  "s2a_s4a",
  "spo_use",
  "spo_decisions",
  "support_referrals",
  "first_risk_assessment",
  "overdue_reviews",
  "breaches",
  "six_month_deadlines",
  "clinic_throughput",
  "meeting_actions",
  "mappa_referrals",
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export function isMetricKey(value: string): value is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(value);
}

// --- Suppression and arithmetic.

const isSmall = (n: number) => n > 0 && n < SUPPRESSION_LIMIT;

/** A count as shown: 1 to 4 suppressed; 0 is shown (it identifies nobody). */
export function countCell(n: number): Cell {
  return isSmall(n) ? SUPPRESSED : n;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** part / whole × scale, to one decimal place; suppressed when either count is; null when whole is 0. */
export function rateCell(part: number, whole: number, scale = 100): Cell {
  if (whole === 0) return null;
  if (isSmall(part) || isSmall(whole)) return SUPPRESSED;
  return round1((part / whole) * scale);
}

/** Weighted values (value, how many have it). */
export type Weighted = { value: number; n: number };

/**
 * The nearest-rank percentile of weighted values: the smallest value with at least p% of all values at or
 * below it (so the median of 1, 2, 3, 4 is 2). Null when there are no values.
 */
export function percentile(values: readonly Weighted[], p: number): number | null {
  const total = values.reduce((s, v) => s + v.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const v of [...values].sort((a, b) => a.value - b.value)) {
    seen += v.n;
    if (seen >= rank) return v.value;
  }
  return null;
}

/** A percentile as shown: suppressed when it rests on fewer than 5 values. */
export function percentileCell(values: readonly Weighted[], p: number): Cell {
  const total = values.reduce((s, v) => s + v.n, 0);
  if (isSmall(total)) return SUPPRESSED;
  return percentile(values, p);
}

const sum = <T extends { n: number }>(rows: readonly T[], where: (r: T) => boolean = () => true) =>
  rows.reduce((s, r) => (where(r) ? s + r.n : s), 0);

// --- Inputs (one row per combination, with how many have it).

/** Cases in the cohort: the month they were opened (yyyy-mm), status, relationship and online flag. */
export type CaseRow = { month: string; status: string; relationship: string | null; online: boolean; n: number };
/** Offences on those cases; `marginDays` is the last day to charge minus the day charged (when both exist). */
export type OffenceRow = {
  offenceType: string;
  summaryOnly: boolean;
  status: string;
  outcomeCode: string | null;
  marginDays: number | null;
  deadlinePassed: boolean;
  n: number;
};
/** Cases with any SPO activity, by what happened on them. */
export type SpoCaseRow = {
  considered: boolean;
  applied: boolean;
  granted: boolean;
  refused: boolean;
  refusedWithReason: boolean;
  breached: boolean;
  n: number;
};
export type SpoDecisionRow = { decision: string; n: number };
/** Cases with a referral to specialist support offered, by whether one was accepted or declined. */
export type ReferralCaseRow = { accepted: boolean; declined: boolean; n: number };
/** Cases with a signed-off assessment: days from the case being opened to the first sign-off. */
export type FirstAssessmentRow = { days: number; n: number };
/** Current signed-off assessments on open cases, by instrument and whether the review date has passed. */
export type ReviewRow = { instrument: string; overdue: boolean; n: number };
/** Breaches, by the police action recorded and the days from the report to that action. */
export type BreachRow = { policeAction: string | null; days: number | null; n: number };
export type ClinicReferralRow = { status: string; discussed: boolean; n: number };
export type MeetingActionRow = {
  meeting: "clinic" | "mappa";
  done: boolean;
  overdue: boolean;
  onTime: boolean;
  n: number;
};
export type MappaReferralRow = { status: string; levelRequested: number; levelDecided: number | null; n: number };

export type OversightInput = {
  cases: CaseRow[];
  offences: OffenceRow[];
  spoCases: SpoCaseRow[];
  spoDecisions: SpoDecisionRow[];
  referralCases: ReferralCaseRow[];
  firstAssessments: FirstAssessmentRow[];
  reviews: ReviewRow[];
  breaches: BreachRow[];
  clinicReferrals: ClinicReferralRow[];
  meetingActions: MeetingActionRow[];
  mappaReferrals: MappaReferralRow[];
};

export type OversightSettings = { referralAlertPer100: number };

// --- The metrics.

export function casesByStatus(rows: readonly CaseRow[]): MetricTable {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const total = sum(rows);
  return {
    key: "cases_by_status",
    title: "Cases by status and month opened",
    description: "Cases opened in each month of the period, by their status now.",
    columns: [...CASE_STATUSES.map((s) => CASE_STATUS_LABELS[s]), "All cases"],
    rows: months.map((month) => ({
      label: month,
      cells: [
        ...CASE_STATUSES.map((s) => countCell(sum(rows, (r) => r.month === month && r.status === s))),
        countCell(sum(rows, (r) => r.month === month)),
      ],
    })),
    chartColumn: CASE_STATUSES.length,
    unit: "cases",
    headline: { label: "Cases opened", value: countCell(total) },
  };
}

export function relationshipMix(rows: readonly CaseRow[]): MetricTable {
  const total = sum(rows);
  const known = new Set<string>(RELATIONSHIPS);
  const line = (label: string, n: number): MetricRow => ({ label, cells: [countCell(n), rateCell(n, total)] });
  const nonIntimate = sum(rows, (r) => r.relationship !== null && r.relationship !== "ex_intimate_partner");
  return {
    key: "relationship_mix",
    title: "Relationship of perpetrator to victim",
    description:
      "Cases by the perpetrator's relationship to the victim, including those that are not ex-intimate partners.",
    columns: ["Cases", "% of cases"],
    rows: [
      ...RELATIONSHIPS.map((rel) =>
        line(
          RELATIONSHIP_LABELS[rel],
          sum(rows, (r) => r.relationship === rel),
        ),
      ),
      line(
        "Not recorded",
        sum(rows, (r) => r.relationship === null || !known.has(r.relationship)),
      ),
      line("All except ex-intimate partners", nonIntimate),
    ],
    chartColumn: 0,
    unit: "cases",
    headline: { label: "Cases not involving an ex-intimate partner (%)", value: rateCell(nonIntimate, total) },
  };
}

export function onlineShare(rows: readonly CaseRow[]): MetricTable {
  const total = sum(rows);
  const online = sum(rows, (r) => r.online);
  return {
    key: "online_share",
    title: "Online element",
    description: "Cases flagged as having an online element (online stalking behaviours), as a share of all cases.",
    columns: ["Cases", "% of cases"],
    rows: [
      { label: "With an online element", cells: [countCell(online), rateCell(online, total)] },
      { label: "Without an online element", cells: [countCell(total - online), rateCell(total - online, total)] },
    ],
    chartColumn: 0,
    unit: "cases",
    headline: { label: "Cases with an online element (%)", value: rateCell(online, total) },
  };
}

export function s2aVersusS4a(rows: readonly OffenceRow[]): MetricTable {
  const s2a = sum(rows, (r) => r.offenceType === "stalking_s2a");
  const s4a = sum(rows, (r) => r.offenceType === "stalking_s4a");
  return {
    key: "s2a_s4a",
    title: "Stalking offences: s2A and s4A",
    description:
      "Stalking offences recorded, section 2A (summary only) against section 4A (fear of violence, serious alarm or distress).",
    columns: ["Offences", "% of stalking offences"],
    rows: [
      { label: "Section 2A", cells: [countCell(s2a), rateCell(s2a, s2a + s4a)] },
      { label: "Section 4A", cells: [countCell(s4a), rateCell(s4a, s2a + s4a)] },
    ],
    chartColumn: 0,
    unit: "records",
    headline: { label: "Stalking offences recorded as s4A (%)", value: rateCell(s4a, s2a + s4a) },
  };
}

export function spoUse(rows: readonly SpoCaseRow[], cases: number): MetricTable {
  const line = (label: string, where: (r: SpoCaseRow) => boolean): MetricRow => {
    const n = sum(rows, where);
    return { label, cells: [countCell(n), rateCell(n, cases)] };
  };
  const considered = sum(rows, (r) => r.considered);
  return {
    key: "spo_use",
    title: "Stalking protection orders",
    description:
      "Cases where an SPO was considered, applied for, granted, refused (and whether the court's reasons were recorded) and breached, per 100 cases.",
    columns: ["Cases", "Per 100 cases"],
    rows: [
      line("Considered", (r) => r.considered),
      line("Applied for", (r) => r.applied),
      line("Granted", (r) => r.granted),
      line("Refused", (r) => r.refused),
      line("Refused, reasons recorded", (r) => r.refusedWithReason),
      line("Breached", (r) => r.breached),
    ],
    chartColumn: 1,
    unit: "per 100 cases",
    headline: { label: "Cases with an SPO considered, per 100 cases", value: rateCell(considered, cases) },
  };
}

export function spoDecisions(rows: readonly SpoDecisionRow[]): MetricTable {
  const total = sum(rows);
  return {
    key: "spo_decisions",
    title: "SPO considerations: decisions and reasons",
    description: "What each SPO consideration decided, including the recorded reason for not applying.",
    columns: ["Considerations", "% of considerations"],
    rows: SPO_DECISIONS.map((d) => {
      const n = sum(rows, (r) => r.decision === d);
      return { label: SPO_DECISION_LABELS[d], cells: [countCell(n), rateCell(n, total)] };
    }),
    chartColumn: 0,
    unit: "records",
    headline: { label: "SPO considerations recorded", value: countCell(total) },
  };
}

export function supportReferrals(
  rows: readonly ReferralCaseRow[],
  cases: number,
  settings: OversightSettings,
): MetricTable {
  const offered = sum(rows);
  const accepted = sum(rows, (r) => r.accepted);
  const declined = sum(rows, (r) => r.declined && !r.accepted);
  const offeredRate = rateCell(offered, cases);
  const low = typeof offeredRate === "number" && offeredRate < settings.referralAlertPer100;
  return {
    key: "support_referrals",
    title: "Referrals to specialist support",
    description: `Cases where the victim was offered a referral to a specialist support service, and where one was accepted. An alert shows when offers fall below ${settings.referralAlertPer100} per 100 cases.`,
    columns: ["Cases", "Per 100 cases"],
    rows: [
      { label: "Referral offered", cells: [countCell(offered), offeredRate] },
      { label: "Referral accepted", cells: [countCell(accepted), rateCell(accepted, cases)] },
      { label: "Declined (none accepted)", cells: [countCell(declined), rateCell(declined, cases)] },
    ],
    chartColumn: 1,
    unit: "per 100 cases",
    headline: { label: "Cases offered a referral, per 100 cases", value: offeredRate },
    ...(low
      ? {
          alert: `Referrals offered are below the threshold: ${offeredRate} per 100 cases against ${settings.referralAlertPer100}. Take action when referral numbers are low.`,
        }
      : {}),
  };
}

export function firstRiskAssessment(rows: readonly FirstAssessmentRow[], cases: number): MetricTable {
  const values = rows.map((r) => ({ value: r.days, n: r.n }));
  const assessed = sum(rows);
  const median = percentileCell(values, 50);
  return {
    key: "first_risk_assessment",
    title: "Time to first risk assessment",
    description:
      "Days from a case being opened to its first signed-off risk assessment: the median and the 90th percentile (nearest rank).",
    columns: ["Value"],
    rows: [
      { label: "Median (days)", cells: [median] },
      { label: "90th percentile (days)", cells: [percentileCell(values, 90)] },
      { label: "Cases with a signed-off assessment", cells: [countCell(assessed)] },
      { label: "Cases with none yet", cells: [countCell(Math.max(0, cases - assessed))] },
    ],
    chartColumn: 0,
    unit: "days",
    headline: { label: "Median days to first signed-off risk assessment", value: median },
  };
}

export function overdueReviews(rows: readonly ReviewRow[]): MetricTable {
  const instruments = [...new Set(rows.map((r) => r.instrument))].sort();
  const line = (label: string, where: (r: ReviewRow) => boolean): MetricRow => {
    const all = sum(rows, where);
    const overdue = sum(rows, (r) => where(r) && r.overdue);
    return { label, cells: [countCell(all), countCell(overdue), rateCell(overdue, all)] };
  };
  const overdue = sum(rows, (r) => r.overdue);
  return {
    key: "overdue_reviews",
    title: "Overdue risk reviews",
    description: "Current signed-off risk assessments on open cases whose review date has passed, by instrument.",
    columns: ["Current assessments", "Review overdue", "% overdue"],
    rows: [
      ...instruments.map((i) => line(INSTRUMENT_NAMES[i] ?? i, (r) => r.instrument === i)),
      line("All instruments", () => true),
    ],
    chartColumn: 1,
    unit: "records",
    headline: { label: "Risk reviews overdue", value: countCell(overdue) },
  };
}

const INSTRUMENT_NAMES: Record<string, string> = {
  screening: "Stalking screening tool",
  dash: "DASH with S-DASH",
  sam: "SAM",
  srp: "SRP",
};

export function breachResponse(rows: readonly BreachRow[], cases: number): MetricTable {
  const total = sum(rows);
  const timed = rows
    .filter((r) => r.days !== null && r.policeAction !== null && r.policeAction !== "no_action")
    .map((r) => ({ value: Math.max(0, r.days!), n: r.n }));
  const median = percentileCell(timed, 50);
  return {
    key: "breaches",
    title: "Breaches and the police response",
    description:
      "Breaches of orders recorded, the police action taken, and days from the breach being reported to police action (median and 90th percentile).",
    columns: ["Value"],
    rows: [
      { label: "Breaches recorded", cells: [countCell(total)] },
      { label: "Breaches per 100 cases", cells: [rateCell(total, cases)] },
      ...POLICE_ACTIONS.map((a) => ({
        label: `Action: ${POLICE_ACTION_LABELS[a]}`,
        cells: [countCell(sum(rows, (r) => r.policeAction === a))],
      })),
      { label: "No police action recorded yet", cells: [countCell(sum(rows, (r) => r.policeAction === null))] },
      { label: "Median days to police action", cells: [median] },
      { label: "90th percentile days to police action", cells: [percentileCell(timed, 90)] },
    ],
    chartColumn: 0,
    unit: "records",
    headline: { label: "Median days from a breach report to police action", value: median },
  };
}

/** Nearly missed: charged with this many days or fewer to spare before the last day. */
export const NEARLY_MISSED_DAYS = 7;

export function sixMonthDeadlines(rows: readonly OffenceRow[]): MetricTable {
  const limited = rows.filter((r) => r.summaryOnly);
  const total = sum(limited);
  const missed = sum(
    limited,
    (r) => r.outcomeCode === "17" || (r.status === "under_investigation" && r.deadlinePassed),
  );
  const nearly = sum(
    limited,
    (r) => r.outcomeCode !== "17" && r.marginDays !== null && r.marginDays >= 0 && r.marginDays <= NEARLY_MISSED_DAYS,
  );
  return {
    key: "six_month_deadlines",
    title: "Six-month charging deadlines",
    description: `Summary-only offences whose six-month limit was missed (outcome 17, or passed while under investigation) or nearly missed (charged ${NEARLY_MISSED_DAYS} days or fewer before the last day).`,
    columns: ["Offences", "% of summary-only offences"],
    rows: [
      { label: "Summary-only offences", cells: [countCell(total), rateCell(total, total)] },
      { label: "Deadline missed", cells: [countCell(missed), rateCell(missed, total)] },
      { label: "Deadline nearly missed", cells: [countCell(nearly), rateCell(nearly, total)] },
    ],
    chartColumn: 0,
    unit: "records",
    headline: { label: "Six-month deadlines missed", value: countCell(missed) },
  };
}

export function clinicThroughput(rows: readonly ClinicReferralRow[]): MetricTable {
  const received = sum(rows);
  const accepted = sum(rows, (r) => r.status === "accepted");
  const discussed = sum(rows, (r) => r.status === "accepted" && r.discussed);
  return {
    key: "clinic_throughput",
    title: "Stalking clinic throughput",
    description:
      "Referrals to the stalking clinic received, accepted, and discussed at a clinic meeting that has taken place.",
    columns: ["Referrals", "% of received"],
    rows: [
      { label: "Received", cells: [countCell(received), rateCell(received, received)] },
      { label: "Accepted", cells: [countCell(accepted), rateCell(accepted, received)] },
      {
        label: "Declined",
        cells: [
          countCell(sum(rows, (r) => r.status === "declined")),
          rateCell(
            sum(rows, (r) => r.status === "declined"),
            received,
          ),
        ],
      },
      {
        label: "Waiting for a decision or information",
        cells: [
          countCell(sum(rows, (r) => r.status === "pending" || r.status === "more_information")),
          rateCell(
            sum(rows, (r) => r.status === "pending" || r.status === "more_information"),
            received,
          ),
        ],
      },
      { label: "Discussed at a meeting", cells: [countCell(discussed), rateCell(discussed, received)] },
    ],
    chartColumn: 0,
    unit: "records",
    headline: { label: "Clinic referrals received", value: countCell(received) },
  };
}

export function meetingActions(rows: readonly MeetingActionRow[]): MetricTable {
  const line = (label: string, meeting?: "clinic" | "mappa"): MetricRow => {
    const these = rows.filter((r) => !meeting || r.meeting === meeting);
    const all = sum(these);
    const done = sum(these, (r) => r.done);
    return {
      label,
      cells: [
        countCell(all),
        countCell(done),
        rateCell(done, all),
        countCell(sum(these, (r) => r.done && r.onTime)),
        countCell(sum(these, (r) => !r.done && r.overdue)),
      ],
    };
  };
  const all = sum(rows);
  return {
    key: "meeting_actions",
    title: "Meeting actions completed",
    description:
      "Actions from clinic and MAPPA meetings: how many are done, done by their due date, and open past their due date.",
    columns: ["Actions", "Done", "% done", "Done on time", "Open and overdue"],
    rows: [line("Clinic meetings", "clinic"), line("MAPPA meetings", "mappa"), line("All meetings")],
    chartColumn: 2,
    unit: "%",
    headline: {
      label: "Meeting actions done (%)",
      value: rateCell(
        sum(rows, (r) => r.done),
        all,
      ),
    },
  };
}

export function mappaReferrals(rows: readonly MappaReferralRow[]): MetricTable {
  const total = sum(rows);
  const line = (label: string, where: (r: MappaReferralRow) => boolean): MetricRow => {
    const n = sum(rows, where);
    return { label, cells: [countCell(n), rateCell(n, total)] };
  };
  return {
    key: "mappa_referrals",
    title: "MAPPA category 3 referrals",
    description: "Referrals to MAPPA under category 3, the level asked for and the level the screening decided.",
    columns: ["Referrals", "% of referrals"],
    rows: [
      line("Referrals made", () => true),
      line("Level 2 asked for", (r) => r.levelRequested === 2),
      line("Level 3 asked for", (r) => r.levelRequested === 3),
      line("Accepted", (r) => r.status === "accepted"),
      line("Not accepted", (r) => r.status === "not_accepted"),
      line("Managed at level 1", (r) => r.status === "accepted" && r.levelDecided === 1),
      line("Managed at level 2", (r) => r.status === "accepted" && r.levelDecided === 2),
      line("Managed at level 3", (r) => r.status === "accepted" && r.levelDecided === 3),
    ],
    chartColumn: 0,
    unit: "records",
    headline: { label: "MAPPA category 3 referrals", value: countCell(total) },
  };
}

/** Every table of the dashboard, in the order the page shows them. */
export function oversightTables(input: OversightInput, settings: OversightSettings): MetricTable[] {
  const cases = sum(input.cases);
  return [
    casesByStatus(input.cases),
    relationshipMix(input.cases),
    onlineShare(input.cases),
    s2aVersusS4a(input.offences),
    spoUse(input.spoCases, cases),
    spoDecisions(input.spoDecisions),
    supportReferrals(input.referralCases, cases, settings),
    firstRiskAssessment(input.firstAssessments, cases),
    overdueReviews(input.reviews),
    breachResponse(input.breaches, cases),
    sixMonthDeadlines(input.offences),
    clinicThroughput(input.clinicReferrals),
    meetingActions(input.meetingActions),
    mappaReferrals(input.mappaReferrals),
  ];
}

/** A cell as text, on the page and in CSV: "fewer than 5" for suppressed, empty for nothing to show. */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  return Number.isInteger(cell)
    ? cell.toLocaleString("en-GB")
    : cell.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** The referral alert threshold (offers per 100 cases) from OVERSIGHT_REFERRAL_ALERT_PER_100; 50 when unset or not a number from 0 to 100. */
export function referralAlertFromEnv(value: string | undefined): number {
  const n = value === undefined || value.trim() === "" ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : DEFAULT_REFERRAL_ALERT_PER_100;
}
export const DEFAULT_REFERRAL_ALERT_PER_100 = 50;
