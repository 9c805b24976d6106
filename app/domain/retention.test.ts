import { describe, expect, it } from "vitest";
import { AGENCY_TYPES } from "./agencies";
import { defaultRetentionRule, triggerWalkEnd, MAX_RETENTION_MONTHS, retentionDueOn } from "./retention";

describe("retention periods", () => {
  it("adds whole months, the 31st running to a shorter month's last day", () => {
    expect(retentionDueOn("2020-01-15", 72)).toBe("2026-01-15");
    expect(retentionDueOn("2020-01-31", 1)).toBe("2020-02-29");
    expect(retentionDueOn("2021-08-31", 18)).toBe("2023-02-28");
    // 23:30 UTC in British Summer Time is the next London day.
    expect(retentionDueOn("2020-06-10T23:30:00.000Z", 12)).toBe("2021-06-11");
  });

  it("bounds the trigger dates that can be due by a day, month ends included", () => {
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
    for (let t = 0; t < 400; t += 5) {
      const today = day(t);
      for (const months of [1, 12, 13, 72]) {
        const walkEnd = triggerWalkEnd(today, months);
        for (let back = -40; back < 40; back += 1) {
          const trigger = `${day(t - months * 30 + back)}T23:30:00.000Z`;
          if (retentionDueOn(trigger, months) <= today) expect(trigger < walkEnd).toBe(true);
        }
      }
    }
  });

  it("has a default for every agency type and category, within the longest period", () => {
    for (const type of AGENCY_TYPES) {
      for (const category of ["case_core", "victim_contact", "clinical", "meeting_minutes"]) {
        const rule = defaultRetentionRule(type, category);
        expect(rule.periodMonths).toBeGreaterThan(0);
        expect(rule.periodMonths).toBeLessThanOrEqual(MAX_RETENTION_MONTHS);
        expect(rule.basis.length).toBeGreaterThan(10);
      }
    }
    expect(defaultRetentionRule("isac", "victim_care")).toMatchObject({ periodMonths: 72, action: "delete" });
    expect(defaultRetentionRule("isac", "victim_contact")).toMatchObject({ periodMonths: 12, action: "delete" });
  });
});
