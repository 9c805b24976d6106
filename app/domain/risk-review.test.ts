import { describe, expect, it } from "vitest";
import {
  isReviewOverdue,
  parseReviewIntervals,
  REVIEW_INTERVALS,
  reviewDueOn,
  reviewIntervalsFromEnv,
} from "./risk-review";

describe("reviewDueOn", () => {
  it("high risk: 28 days", () => {
    expect(reviewDueOn("high", "2026-03-10")).toBe("2026-04-07");
    expect(reviewDueOn("high", "2026-12-20")).toBe("2027-01-17");
  });
  it("medium risk: 3 calendar months", () => {
    expect(reviewDueOn("medium", "2026-03-10")).toBe("2026-06-10");
    expect(reviewDueOn("medium", "2026-11-15")).toBe("2027-02-15");
  });
  it("standard risk: 6 calendar months", () => {
    expect(reviewDueOn("standard", "2026-03-10")).toBe("2026-09-10");
  });
  it("clamps to the end of a shorter month", () => {
    expect(reviewDueOn("medium", "2026-05-31")).toBe("2026-08-31");
    expect(reviewDueOn("medium", "2026-03-31")).toBe("2026-06-30");
    expect(reviewDueOn("standard", "2026-08-31")).toBe("2027-02-28");
  });
  it("knows leap years", () => {
    expect(reviewDueOn("standard", "2027-08-31")).toBe("2028-02-29");
    expect(reviewDueOn("medium", "2027-11-30")).toBe("2028-02-29");
    expect(reviewDueOn("high", "2028-02-10")).toBe("2028-03-09");
    expect(reviewDueOn("high", "2027-02-10")).toBe("2027-03-10");
  });
  it("uses configured intervals", () => {
    const intervals = { high: { days: 14 }, medium: { days: 60 }, standard: { months: 4 } };
    expect(reviewDueOn("high", "2026-03-10", intervals)).toBe("2026-03-24");
    expect(reviewDueOn("medium", "2026-03-10", intervals)).toBe("2026-05-09");
    expect(reviewDueOn("standard", "2026-10-31", intervals)).toBe("2027-02-28");
  });
  it("refuses something that is not a date", () => {
    expect(() => reviewDueOn("high", "10/03/2026")).toThrow(/Not a date/);
  });
});

describe("isReviewOverdue", () => {
  it("is overdue from the day after the due date", () => {
    expect(isReviewOverdue("2026-04-07", "2026-04-06")).toBe(false);
    expect(isReviewOverdue("2026-04-07", "2026-04-07")).toBe(false);
    expect(isReviewOverdue("2026-04-07", "2026-04-08")).toBe(true);
    expect(isReviewOverdue("2026-12-31", "2027-01-01")).toBe(true);
  });
});

describe("parseReviewIntervals", () => {
  it("blank or unset means the defaults", () => {
    expect(parseReviewIntervals(undefined)).toEqual({ ok: true, intervals: REVIEW_INTERVALS });
    expect(parseReviewIntervals("  ")).toEqual({ ok: true, intervals: REVIEW_INTERVALS });
  });
  it("reads days and months, case and spaces aside", () => {
    expect(parseReviewIntervals("high=28d,medium=3m,standard=6m")).toEqual({ ok: true, intervals: REVIEW_INTERVALS });
    expect(parseReviewIntervals(" HIGH = 14D , medium=2M ")).toEqual({
      ok: true,
      intervals: { high: { days: 14 }, medium: { months: 2 }, standard: { months: 6 } },
    });
  });
  it("keeps the default for a level left out", () => {
    expect(parseReviewIntervals("standard=4m")).toEqual({
      ok: true,
      intervals: { ...REVIEW_INTERVALS, standard: { months: 4 } },
    });
  });
  it("refuses bad configuration with a clear message", () => {
    const message = (env: string) => {
      const r = parseReviewIntervals(env);
      return r.ok ? null : r.message;
    };
    expect(message("high=28")).toBe("Review interval ‘high=28’ must look like high=28d or medium=3m");
    expect(message("high=28w")).toBe("Review interval ‘high=28w’ must look like high=28d or medium=3m");
    expect(message("high=28d,,")).toBe("Review interval ‘’ must look like high=28d or medium=3m");
    expect(message("severe=7d")).toBe("Review interval level ‘severe’ must be high, medium or standard");
    expect(message("high=7d,high=14d")).toBe("Review interval for high is given more than once");
    expect(message("high=0d")).toBe("Review interval for high must be at least 1 day");
    expect(message("standard=13m")).toBe("Review interval for standard must be at most 12 months");
    expect(message("medium=400d")).toBe("Review interval for medium must be at most 366 days");
    expect(message("high=-5d")).toBe("Review interval ‘high=-5d’ must look like high=28d or medium=3m");
  });
  it("refuses a higher risk reviewed later than a lower one", () => {
    expect(parseReviewIntervals("high=4m")).toEqual({
      ok: false,
      message: "Review interval for high risk must not be longer than for medium risk",
    });
    expect(parseReviewIntervals("medium=7m")).toEqual({
      ok: false,
      message: "Review interval for medium risk must not be longer than for standard risk",
    });
    expect(parseReviewIntervals("high=29d,medium=1m")).toEqual({
      ok: false,
      message: "Review interval for high risk must not be longer than for medium risk",
    });
    expect(parseReviewIntervals("high=28d,medium=1m")).toMatchObject({ ok: true });
    expect(parseReviewIntervals("high=3m,medium=3m,standard=3m")).toMatchObject({ ok: true });
  });
});

describe("reviewIntervalsFromEnv", () => {
  it("gives the configured intervals, or throws on bad configuration", () => {
    expect(reviewIntervalsFromEnv(undefined)).toEqual(REVIEW_INTERVALS);
    expect(reviewIntervalsFromEnv("high=14d")).toEqual({ ...REVIEW_INTERVALS, high: { days: 14 } });
    expect(() => reviewIntervalsFromEnv("high=soon")).toThrow(
      "Invalid configuration: RISK_REVIEW_INTERVALS: Review interval ‘high=soon’ must look like high=28d or medium=3m",
    );
  });
});
