import { describe, expect, it } from "vitest";
import {
  breachResponse,
  casesByStatus,
  cellText,
  clinicThroughput,
  countCell,
  firstRiskAssessment,
  meetingActions,
  mappaReferrals,
  onlineShare,
  overdueReviews,
  oversightTables,
  percentile,
  rateCell,
  referralAlertFromEnv,
  relationshipMix,
  s2aVersusS4a,
  sixMonthDeadlines,
  spoDecisions,
  spoUse,
  supportReferrals,
  SUPPRESSED,
  METRIC_KEYS,
  type CaseRow,
  type MetricTable,
  type OffenceRow,
  type OversightInput,
} from "./oversight-metrics";

const F = SUPPRESSED;
/** A table as label → cells, for comparing with the figures worked out by hand. */
const cells = (t: MetricTable) => Object.fromEntries(t.rows.map((r) => [r.label, r.cells]));

// A fixed partnership of 20 cases opened in January and February 2026 (each row: how many cases have it).
const CASES: CaseRow[] = [
  { month: "2026-01", status: "active", relationship: "ex_intimate_partner", online: false, n: 6 },
  { month: "2026-01", status: "closed", relationship: "colleague", online: true, n: 3 },
  { month: "2026-02", status: "active", relationship: "ex_intimate_partner", online: true, n: 5 },
  { month: "2026-02", status: "referred", relationship: "stranger", online: false, n: 4 },
  { month: "2026-02", status: "active", relationship: null, online: false, n: 2 },
];

const OFFENCES: OffenceRow[] = [
  {
    offenceType: "stalking_s2a",
    summaryOnly: true,
    status: "under_investigation",
    outcomeCode: null,
    marginDays: null,
    deadlinePassed: true,
    n: 2,
  },
  {
    offenceType: "stalking_s2a",
    summaryOnly: true,
    status: "charged",
    outcomeCode: "charged",
    marginDays: 3,
    deadlinePassed: true,
    n: 5,
  },
  {
    offenceType: "stalking_s2a",
    summaryOnly: true,
    status: "no_further_action",
    outcomeCode: "17",
    marginDays: null,
    deadlinePassed: true,
    n: 1,
  },
  {
    offenceType: "stalking_s2a",
    summaryOnly: true,
    status: "charged",
    outcomeCode: "charged",
    marginDays: 40,
    deadlinePassed: false,
    n: 4,
  },
  {
    offenceType: "stalking_s2a",
    summaryOnly: true,
    status: "charged",
    outcomeCode: "charged",
    marginDays: 8,
    deadlinePassed: false,
    n: 1,
  },
  {
    offenceType: "stalking_s4a",
    summaryOnly: false,
    status: "under_investigation",
    outcomeCode: null,
    marginDays: null,
    deadlinePassed: false,
    n: 9,
  },
  {
    offenceType: "harassment_s2",
    summaryOnly: true,
    status: "under_investigation",
    outcomeCode: null,
    marginDays: null,
    deadlinePassed: false,
    n: 3,
  },
];

describe("suppression", () => {
  it("shows 0 and 5 or more, and counts from 1 to 4 as 'fewer than 5'", () => {
    expect([0, 1, 4, 5, 120].map(countCell)).toEqual([0, F, F, 5, 120]);
  });

  it("suppresses a rate worked out from a suppressed count, and has none for no cases", () => {
    expect(rateCell(7, 20)).toBe(35);
    expect(rateCell(3, 20)).toBe(F);
    expect(rateCell(0, 4)).toBe(F);
    expect(rateCell(0, 20)).toBe(0);
    expect(rateCell(0, 0)).toBeNull();
    expect(rateCell(1, 3, 100)).toBe(F);
  });

  it("writes cells as text for the page and CSV", () => {
    expect([cellText(1234), cellText(38.5), cellText(40), cellText(F), cellText(null)]).toEqual([
      "1,234",
      "38.5",
      "40",
      "fewer than 5",
      "",
    ]);
  });
});

describe("percentile (nearest rank)", () => {
  it("takes the smallest value with at least p% at or below it", () => {
    const v = [1, 2, 3, 4].map((value) => ({ value, n: 1 }));
    expect(percentile(v, 50)).toBe(2);
    expect(percentile(v, 90)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("cases", () => {
  it("counts cases by status and month opened", () => {
    const t = casesByStatus(CASES);
    expect(t.columns).toEqual(["Referred", "Triage", "Active", "Monitoring", "Closed", "All cases"]);
    expect(cells(t)).toEqual({ "2026-01": [0, 0, 6, 0, F, 9], "2026-02": [F, 0, 7, 0, 0, 11] });
    expect(t.headline.value).toBe(20);
  });

  it("gives the relationship mix, with all but ex-intimate partners together", () => {
    const t = relationshipMix(CASES);
    const c = cells(t);
    expect(c["Ex-intimate partner"]).toEqual([11, 55]);
    expect(c["Family member"]).toEqual([0, 0]);
    expect(c["Colleague or professional contact"]).toEqual([F, F]);
    expect(c["Stranger"]).toEqual([F, F]);
    expect(c["Not recorded"]).toEqual([F, F]);
    // colleague 3 + stranger 4 = 7 of 20 (not recorded is not counted as either).
    expect(c["All except ex-intimate partners"]).toEqual([7, 35]);
    expect(t.headline.value).toBe(35);
  });

  it("gives the share with an online element", () => {
    const t = onlineShare(CASES);
    expect(cells(t)).toEqual({ "With an online element": [8, 40], "Without an online element": [12, 60] });
  });
});

describe("offences", () => {
  it("splits stalking offences into s2A and s4A", () => {
    // 13 s2A and 9 s4A: 13/22 = 59.09%, 9/22 = 40.91%.
    const t = s2aVersusS4a(OFFENCES);
    expect(cells(t)).toEqual({ "Section 2A": [13, 59.1], "Section 4A": [9, 40.9] });
  });

  it("finds six-month deadlines missed (outcome 17 or passed under investigation) and nearly missed (charged within 7 days)", () => {
    // Summary-only: 13 s2A + 3 s2 harassment = 16. Missed: 2 passed under investigation + 1 outcome 17 = 3.
    // Nearly missed: the 5 charged 3 days before the last day (not the one charged 8 days before).
    const t = sixMonthDeadlines(OFFENCES);
    expect(cells(t)).toEqual({
      "Summary-only offences": [16, 100],
      "Deadline missed": [F, F],
      "Deadline nearly missed": [5, 31.3],
    });
    expect(t.headline.value).toBe(F);
  });
});

describe("stalking protection orders", () => {
  it("counts cases considered, applied, granted, refused and breached per 100 cases", () => {
    const t = spoUse(
      [
        {
          considered: true,
          applied: true,
          granted: true,
          refused: false,
          refusedWithReason: false,
          breached: true,
          n: 2,
        },
        {
          considered: true,
          applied: true,
          granted: false,
          refused: true,
          refusedWithReason: true,
          breached: false,
          n: 3,
        },
        {
          considered: true,
          applied: false,
          granted: false,
          refused: false,
          refusedWithReason: false,
          breached: false,
          n: 6,
        },
        {
          considered: false,
          applied: true,
          granted: true,
          refused: false,
          refusedWithReason: false,
          breached: false,
          n: 1,
        },
      ],
      20,
    );
    expect(cells(t)).toEqual({
      Considered: [11, 55],
      "Applied for": [6, 30],
      Granted: [F, F],
      Refused: [F, F],
      "Refused, reasons recorded": [F, F],
      Breached: [F, F],
    });
  });

  it("gives the decisions (and reasons for not applying) of SPO considerations", () => {
    const t = spoDecisions([
      { decision: "apply_full", n: 5 },
      { decision: "apply_interim", n: 1 },
      { decision: "not_appropriate", n: 7 },
    ]);
    expect(cells(t)).toEqual({
      "Apply for an interim SPO": [F, F],
      "Apply for a full SPO": [5, 38.5],
      "An SPO is not appropriate": [7, 53.8],
      "Another order already protects the victim": [0, 0],
    });
    expect(t.headline.value).toBe(13);
  });
});

describe("referrals to specialist support", () => {
  const rows = [
    { accepted: true, declined: false, n: 5 },
    { accepted: false, declined: true, n: 3 },
    { accepted: false, declined: false, n: 1 },
  ];

  it("counts offers and acceptances per 100 cases, and alerts below the threshold", () => {
    const t = supportReferrals(rows, 20, { referralAlertPer100: 50 });
    expect(cells(t)).toEqual({
      "Referral offered": [9, 45],
      "Referral accepted": [5, 25],
      "Declined (none accepted)": [F, F],
    });
    expect(t.alert).toContain("45 per 100 cases against 50");
  });

  it("gives no alert at or above the threshold, nor when the rate is suppressed", () => {
    expect(supportReferrals(rows, 20, { referralAlertPer100: 45 }).alert).toBeUndefined();
    expect(
      supportReferrals([{ accepted: true, declined: false, n: 2 }], 20, { referralAlertPer100: 50 }).alert,
    ).toBeUndefined();
  });

  it("reads the threshold from the environment, 50 when unset or not a percentage", () => {
    expect([
      referralAlertFromEnv("35"),
      referralAlertFromEnv(undefined),
      referralAlertFromEnv(""),
      referralAlertFromEnv("abc"),
      referralAlertFromEnv("140"),
    ]).toEqual([35, 50, 50, 50, 50]);
  });
});

describe("risk assessment", () => {
  it("gives the median and 90th percentile days to the first signed-off assessment", () => {
    // 10 cases: 1,1,3,5,5,5,20,20,20,20 days. Median rank 5 → 5 days; 90th percentile rank 9 → 20 days.
    const t = firstRiskAssessment(
      [
        { days: 1, n: 2 },
        { days: 3, n: 1 },
        { days: 5, n: 3 },
        { days: 20, n: 4 },
      ],
      20,
    );
    expect(cells(t)).toEqual({
      "Median (days)": [5],
      "90th percentile (days)": [20],
      "Cases with a signed-off assessment": [10],
      "Cases with none yet": [10],
    });
  });

  it("suppresses times resting on fewer than 5 cases", () => {
    const t = firstRiskAssessment([{ days: 2, n: 3 }], 20);
    expect(cells(t)).toEqual({
      "Median (days)": [F],
      "90th percentile (days)": [F],
      "Cases with a signed-off assessment": [F],
      "Cases with none yet": [17],
    });
    expect(firstRiskAssessment([], 0).rows[0]!.cells).toEqual([null]);
  });

  it("counts overdue reviews by instrument", () => {
    const t = overdueReviews([
      { instrument: "dash", overdue: true, n: 2 },
      { instrument: "dash", overdue: false, n: 6 },
      { instrument: "sam", overdue: true, n: 5 },
      { instrument: "sam", overdue: false, n: 5 },
    ]);
    expect(cells(t)).toEqual({ "DASH with S-DASH": [8, F, F], SAM: [10, 5, 50], "All instruments": [18, 7, 38.9] });
    expect(t.headline.value).toBe(7);
  });
});

describe("breaches", () => {
  it("counts breaches by police action and the days to action (no action left out of the times)", () => {
    // Timed: 0,0,0,2,2,10,10,10,10 (9 breaches). Median rank 5 → 2 days; 90th percentile rank 9 → 10 days.
    const t = breachResponse(
      [
        { policeAction: "arrested", days: 0, n: 3 },
        { policeAction: "arrested", days: 2, n: 2 },
        { policeAction: "charged", days: 10, n: 4 },
        { policeAction: "no_action", days: 1, n: 1 },
        { policeAction: null, days: null, n: 2 },
      ],
      20,
    );
    expect(cells(t)).toEqual({
      "Breaches recorded": [12],
      "Breaches per 100 cases": [60],
      "Action: Arrested": [5],
      "Action: Charged": [F],
      "Action: Summonsed": [0],
      "Action: Warning given": [0],
      "Action: Under investigation": [0],
      "Action: No action": [F],
      "No police action recorded yet": [F],
      "Median days to police action": [2],
      "90th percentile days to police action": [10],
    });
  });
});

describe("clinic and MAPPA", () => {
  it("gives clinic throughput: received, accepted, discussed", () => {
    const t = clinicThroughput([
      { status: "accepted", discussed: true, n: 4 },
      { status: "accepted", discussed: false, n: 3 },
      { status: "declined", discussed: false, n: 2 },
      { status: "pending", discussed: false, n: 5 },
      { status: "more_information", discussed: false, n: 1 },
    ]);
    expect(cells(t)).toEqual({
      Received: [15, 100],
      Accepted: [7, 46.7],
      Declined: [F, F],
      "Waiting for a decision or information": [6, 40],
      "Discussed at a meeting": [F, F],
    });
  });

  it("gives meeting action completion by kind of meeting", () => {
    const t = meetingActions([
      { meeting: "clinic", done: true, onTime: true, overdue: false, n: 6 },
      { meeting: "clinic", done: true, onTime: false, overdue: false, n: 2 },
      { meeting: "clinic", done: false, onTime: false, overdue: true, n: 3 },
      { meeting: "clinic", done: false, onTime: false, overdue: false, n: 1 },
      { meeting: "mappa", done: true, onTime: true, overdue: false, n: 1 },
      { meeting: "mappa", done: false, onTime: false, overdue: true, n: 1 },
    ]);
    expect(cells(t)).toEqual({
      "Clinic meetings": [12, 8, 66.7, 6, F],
      "MAPPA meetings": [F, F, F, F, F],
      "All meetings": [14, 9, 64.3, 7, F],
    });
    expect(t.headline.value).toBe(64.3);
  });

  it("gives MAPPA category 3 referrals and the levels asked for and decided", () => {
    const t = mappaReferrals([
      { status: "accepted", levelRequested: 3, levelDecided: 3, n: 2 },
      { status: "accepted", levelRequested: 2, levelDecided: 2, n: 4 },
      { status: "not_accepted", levelRequested: 3, levelDecided: null, n: 1 },
      { status: "submitted", levelRequested: 2, levelDecided: null, n: 3 },
    ]);
    expect(cells(t)).toEqual({
      "Referrals made": [10, 100],
      "Level 2 asked for": [7, 70],
      "Level 3 asked for": [F, F],
      Accepted: [6, 60],
      "Not accepted": [F, F],
      "Managed at level 1": [0, 0],
      "Managed at level 2": [F, F],
      "Managed at level 3": [F, F],
    });
  });
});

describe("oversightTables", () => {
  it("makes every table, in order, with rates per 100 of all cases in the cohort", () => {
    const empty: OversightInput = {
      cases: CASES,
      offences: [],
      spoCases: [
        {
          considered: true,
          applied: false,
          granted: false,
          refused: false,
          refusedWithReason: false,
          breached: false,
          n: 10,
        },
      ],
      spoDecisions: [],
      referralCases: [],
      firstAssessments: [],
      reviews: [],
      breaches: [],
      clinicReferrals: [],
      meetingActions: [],
      mappaReferrals: [],
    };
    const tables = oversightTables(empty, { referralAlertPer100: 50 });
    expect(tables.map((t) => t.key)).toEqual([...METRIC_KEYS]);
    expect(cells(tables.find((t) => t.key === "spo_use")!).Considered).toEqual([10, 50]);
    // No referrals at all is 0 per 100 cases: below the threshold.
    expect(tables.find((t) => t.key === "support_referrals")!.alert).toBeDefined();
  });

  it("shows nothing to work out for an empty period", () => {
    const none: OversightInput = {
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
    const tables = oversightTables(none, { referralAlertPer100: 50 });
    expect(tables.find((t) => t.key === "cases_by_status")!.rows).toEqual([]);
    expect(cells(tables.find((t) => t.key === "online_share")!)["With an online element"]).toEqual([0, null]);
    expect(tables.find((t) => t.key === "support_referrals")!.alert).toBeUndefined();
  });
});
