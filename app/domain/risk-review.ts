import type { RiskLevel } from "~/instruments/types";
import { addCalendarMonths, addDays } from "./limitation-deadline";

// When a signed-off risk assessment is due for review, from its risk level (issue 5). Risk is dynamic: high risk
// within 28 days, medium within 3 calendar months, standard within 6; configurable. Dates are London dates.

export type ReviewInterval = { days: number } | { months: number };
export type ReviewIntervals = Readonly<Record<RiskLevel, ReviewInterval>>;

export const REVIEW_INTERVALS: ReviewIntervals = { high: { days: 28 }, medium: { months: 3 }, standard: { months: 6 } };

const LEVELS: readonly RiskLevel[] = ["high", "medium", "standard"];
/** Long enough for any sensible policy; a longer one is a typing mistake. */
const MAX_DAYS = 366;
const MAX_MONTHS = 12;

/** The London date a review is due: calendar months keep the day of the month, clamped to the month's end. */
export function reviewDueOn(
  level: RiskLevel,
  signedOffOn: string,
  intervals: ReviewIntervals = REVIEW_INTERVALS,
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOffOn)) throw new Error(`Not a date: ${signedOffOn}`);
  const interval = intervals[level];
  return "days" in interval ? addDays(signedOffOn, interval.days) : addCalendarMonths(signedOffOn, interval.months);
}

/** Overdue from the day after the due date: a review done on its due date is on time. */
export function isReviewOverdue(dueOn: string, today: string): boolean {
  return today > dueOn;
}

/** Longest the interval can be in days, to check that higher risk is never reviewed later than lower risk. */
function longestDays(interval: ReviewInterval): number {
  return "days" in interval ? interval.days : interval.months * 31;
}
function shortestDays(interval: ReviewInterval): number {
  return "days" in interval ? interval.days : interval.months * 28;
}

export type ReviewIntervalsResult = { ok: true; intervals: ReviewIntervals } | { ok: false; message: string };

/**
 * Reads review intervals from configuration, e.g. "high=28d,medium=3m,standard=6m" (d days, m calendar months).
 * Blank means the defaults; levels left out keep their default. Higher risk may never be reviewed later than lower.
 */
export function parseReviewIntervals(env: string | undefined): ReviewIntervalsResult {
  const intervals: Record<RiskLevel, ReviewInterval> = { ...REVIEW_INTERVALS };
  const source = (env ?? "").trim();
  if (source === "") return { ok: true, intervals };
  const seen = new Set<string>();
  for (const part of source.split(",")) {
    const match = /^\s*([a-z]+)\s*=\s*(\d{1,4})\s*([dm])\s*$/i.exec(part);
    if (!match) return { ok: false, message: `Review interval ‘${part.trim()}’ must look like high=28d or medium=3m` };
    const [, rawLevel, rawCount, unit] = match as unknown as [string, string, string, string];
    const level = rawLevel.toLowerCase() as RiskLevel;
    if (!LEVELS.includes(level))
      return { ok: false, message: `Review interval level ‘${rawLevel}’ must be high, medium or standard` };
    if (seen.has(level)) return { ok: false, message: `Review interval for ${level} is given more than once` };
    seen.add(level);
    const count = Number(rawCount);
    const days = unit.toLowerCase() === "d";
    if (count < 1)
      return { ok: false, message: `Review interval for ${level} must be at least 1 ${days ? "day" : "month"}` };
    if (days ? count > MAX_DAYS : count > MAX_MONTHS)
      return {
        ok: false,
        message: `Review interval for ${level} must be at most ${days ? `${MAX_DAYS} days` : `${MAX_MONTHS} months`}`,
      };
    intervals[level] = days ? { days: count } : { months: count };
  }
  for (const [higher, lower] of [
    ["high", "medium"],
    ["medium", "standard"],
  ] as const) {
    if (
      longestDays(intervals[higher]) > shortestDays(intervals[lower]) &&
      !sameUnitNotLonger(intervals[higher], intervals[lower])
    )
      return { ok: false, message: `Review interval for ${higher} risk must not be longer than for ${lower} risk` };
  }
  return { ok: true, intervals };
}

function sameUnitNotLonger(a: ReviewInterval, b: ReviewInterval): boolean {
  if ("days" in a && "days" in b) return a.days <= b.days;
  if ("months" in a && "months" in b) return a.months <= b.months;
  return false;
}

/**
 * The configured intervals (RISK_REVIEW_INTERVALS, e.g. "high=28d,medium=3m,standard=6m"; unset means the
 * defaults). A bad value throws with a clear message rather than silently using the defaults.
 */
export function reviewIntervalsFromEnv(
  env: string | undefined = typeof process === "undefined" ? undefined : process.env.RISK_REVIEW_INTERVALS,
): ReviewIntervals {
  const parsed = parseReviewIntervals(env);
  if (!parsed.ok) throw new Error(`Invalid configuration: RISK_REVIEW_INTERVALS: ${parsed.message}`);
  return parsed.intervals;
}
