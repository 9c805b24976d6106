import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./limitation-deadline";
import { periodParts, withDefaultPeriod } from "./oversight-filters";

describe("periodParts", () => {
  it("reads the default twelve months as eleven whole months and this month's days so far", () => {
    const f = withDefaultPeriod({}, "2026-11-23");
    expect(periodParts(f.from, f.to)).toEqual({
      months: { from: "2025-12", to: "2026-10" },
      days: [{ from: "2026-11-01", to: "2026-11-23" }],
    });
  });

  it("takes whole months alone, including February in a leap year", () => {
    expect(periodParts("2024-01-01", "2024-12-31")).toEqual({ months: { from: "2024-01", to: "2024-12" }, days: [] });
    expect(periodParts("2024-02-01", "2024-02-29")).toEqual({ months: { from: "2024-02", to: "2024-02" }, days: [] });
    expect(periodParts("2023-02-01", "2023-02-28")).toEqual({ months: { from: "2023-02", to: "2023-02" }, days: [] });
  });

  it("keeps days before and after the whole months, and a period inside one month as days", () => {
    expect(periodParts("2024-01-31", "2024-03-01")).toEqual({
      months: { from: "2024-02", to: "2024-02" },
      days: [
        { from: "2024-01-31", to: "2024-01-31" },
        { from: "2024-03-01", to: "2024-03-01" },
      ],
    });
    expect(periodParts("2024-03-12", "2024-03-15")).toEqual({
      months: null,
      days: [{ from: "2024-03-12", to: "2024-03-15" }],
    });
    expect(periodParts("2024-03-01", "2024-03-30")).toEqual({
      months: null,
      days: [{ from: "2024-03-01", to: "2024-03-30" }],
    });
    expect(periodParts("2024-12-15", "2025-01-14")).toEqual({
      months: null,
      days: [{ from: "2024-12-15", to: "2025-01-14" }],
    });
    expect(periodParts("2024-05-05", "2024-05-05")).toEqual({
      months: null,
      days: [{ from: "2024-05-05", to: "2024-05-05" }],
    });
  });

  it("covers every day of any period exactly once", () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => addDays("2022-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, length) => {
        const to = addDays(from, length);
        const { months, days } = periodParts(from, to);
        const covered: string[] = [];
        for (const d of days) for (let x = d.from; x <= d.to; x = addDays(x, 1)) covered.push(x);
        if (months) for (let x = `${months.from}-01`; x.slice(0, 7) <= months.to; x = addDays(x, 1)) covered.push(x);
        const expected: string[] = [];
        for (let x = from; x <= to; x = addDays(x, 1)) expected.push(x);
        expect(covered.sort()).toEqual(expected);
      }),
    );
  });
});
