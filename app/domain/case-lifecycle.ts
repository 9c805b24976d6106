import type { CaseStatus } from "./case-vocabulary";

/**
 * Where a case may go from each status. The usual path is referred → triage → active → monitoring → closed;
 * triage may be skipped, a case may close from any open status (with a reason), monitoring may return to
 * active when risk rises, and a closed case reopens as active.
 */
export const STATUS_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  referred: ["triage", "active", "closed"],
  triage: ["active", "closed"],
  active: ["monitoring", "closed"],
  monitoring: ["active", "closed"],
  closed: ["active"],
};

/** The statuses a new case may start in. */
export const INITIAL_STATUSES = ["referred", "triage", "active"] as const satisfies readonly CaseStatus[];

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return STATUS_TRANSITIONS[from];
}

export function canMoveTo(from: CaseStatus, to: CaseStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** The London calendar date (YYYY-MM-DD) of an instant: what "today" and "the year" mean to the partnership. */
// One formatter: building an Intl.DateTimeFormat costs far more than formatting with it (an import checks thousands of dates).
const LONDON_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
export function londonDate(at: Date = new Date()): string {
  return LONDON_DATE.format(at);
}

/** References are NS-YYYY-NNNNN: the London year the case was opened and a number counting up within that year. */
export function caseReference(year: number, n: number): string {
  return `NS-${year}-${String(n).padStart(5, "0")}`;
}

/** The prefix every reference of a year starts with. */
export function referencePrefix(year: number): string {
  return `NS-${year}-`;
}

/** Flags on a case (issue 4): each is a column on `cases`. */
export const CASE_FLAGS = ["domestic_abuse", "online", "police_perpetrated"] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];
export const CASE_FLAG_LABELS: Record<CaseFlag, string> = {
  domestic_abuse: "Domestic abuse",
  online: "Online element",
  police_perpetrated: "Police-perpetrated",
};
