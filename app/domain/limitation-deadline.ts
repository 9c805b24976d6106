// The six-month time limit for summary-only offences (Magistrates' Courts Act 1980, s127): the information must be
// laid within six months of the offence. For a course of conduct the time runs from the latest incident in it.
// Pure: incidents are UTC instants; the law counts London calendar dates.

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The London calendar date (yyyy-mm-dd) and 24-hour time (HH:MM) an instant shows on a clock in London. */
export function londonWallClock(instant: string | Date): { date: string; time: string } {
  return wallClock(typeof instant === "string" ? new Date(instant) : instant);
}

function wallClock(instant: Date): { date: string; time: string } {
  const p = Object.fromEntries(londonParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The London calendar date (yyyy-mm-dd) of an instant: 23:30 UTC on 31 March in BST is 1 April. */
export function londonDate(instant: string | Date): string {
  return wallClock(typeof instant === "string" ? new Date(instant) : instant).date;
}

/**
 * The UTC instant (ISO) of a London wall-clock date (yyyy-mm-dd) and time (HH:MM, 24-hour). London is UTC or
 * UTC+1, so at most two instants can show that wall clock. Null when none does (the hour the clocks go forward
 * skips); when two do (the hour repeated when the clocks go back) the earlier, British Summer Time, is taken.
 */
export function londonWallClockToUtc(date: string, time: string): string | null {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const shown = wallClock(candidate);
    if (shown.date === date && shown.time === time) return candidate.toISOString();
  }
  return null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * The same calendar date `months` later; when that month has no such day, its last day (31 August plus six
 * months is 28 February, or 29 February in a leap year).
 */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastOfMonth))}`;
}

/** The London date of the latest incident, whatever order the incidents were entered in; null when there are none. */
export function latestIncidentDate(incidentInstants: readonly string[]): string | null {
  let latest: string | null = null;
  for (const instant of incidentInstants) {
    const date = londonDate(instant);
    if (latest === null || date > latest) latest = date;
  }
  return latest;
}

export const TIME_LIMIT_MONTHS = 6;

/** The last day to charge a summary-only offence in this course of conduct; null when no incident is recorded. */
export function lastDayToCharge(incidentInstants: readonly string[]): string | null {
  const latest = latestIncidentDate(incidentInstants);
  return latest === null ? null : addCalendarMonths(latest, TIME_LIMIT_MONTHS);
}

/** Whole days from `today` to `lastDay` (both London dates): 0 on the last day itself, negative once it has passed. */
export function daysUntil(lastDay: string, today: string): number {
  const toUtc = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toUtc(lastDay) - toUtc(today)) / 86_400_000);
}

/** How soon a deadline is, in the bands officers and supervisors see: within 7, 14 or 28 days, or passed. */
export const DEADLINE_BANDS = [7, 14, 28] as const;
export type DeadlineBand = "passed" | "within_7" | "within_14" | "within_28" | "later";

export function deadlineBand(days: number): DeadlineBand {
  if (days < 0) return "passed";
  if (days <= 7) return "within_7";
  if (days <= 14) return "within_14";
  if (days <= 28) return "within_28";
  return "later";
}

/**
 * The "deadline approaching" notice a deadline `days` away is due: the tightest of 28, 14 and 7 days it falls
 * within (so a deadline first seen 5 days out gets the 7-day notice only), or null when it is further off or
 * has passed.
 */
export function alertBand(days: number): (typeof DEADLINE_BANDS)[number] | null {
  if (days < 0) return null;
  return DEADLINE_BANDS.find((band) => days <= band) ?? null;
}

export const DEADLINE_BAND_LABELS: Record<DeadlineBand, string> = {
  passed: "Time limit passed",
  within_7: "Within 7 days",
  within_14: "Within 14 days",
  within_28: "Within 28 days",
  later: "More than 28 days",
};

/** "14 days", "1 day", "today", or "Time limit passed": the wording beside a last day to charge. */
export function daysLeftText(days: number): string {
  if (days < 0) return "Time limit passed";
  if (days === 0) return "today";
  return days === 1 ? "1 day" : `${days} days`;
}

/** A London date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
