import { describe, expect, it } from "vitest";
import { groupToday, TODAY_GROUPS, type TodayEntry } from "./today";

const entry = (
  key: string,
  group: TodayEntry["group"],
  tone: TodayEntry["status"]["tone"],
  on: string | null,
): TodayEntry => ({ key, group, text: key, href: `/${key}`, hint: "", status: { text: tone, tone }, on });

describe("groupToday", () => {
  it("puts each entry once under its group, groups in the fixed order, empty groups left out, the most pressing first", () => {
    const groups = groupToday([
      entry("share", "shared", "blue", null),
      entry("later-task", "tasks", "blue", "2026-06-20"),
      entry("charge", "charging", "yellow", "2026-06-02"),
      entry("overdue-task", "tasks", "red", "2026-05-30"),
      entry("soon-task", "tasks", "blue", "2026-06-05"),
    ]);
    expect(groups.map((g) => g.id)).toEqual(["tasks", "charging", "shared"]);
    expect(groups[0]!.entries.map((e) => e.key)).toEqual(["overdue-task", "soon-task", "later-task"]);
    expect(groups.flatMap((g) => g.entries)).toHaveLength(5);
    expect(groups[0]!.heading).toBe("Tasks and actions");
  });

  it("has no list and no heading when there is nothing, but for a group always shown (with no entries)", () => {
    expect(groupToday([])).toEqual([]);
    expect(groupToday([], ["sign_off"]).map((g) => [g.id, g.entries.length])).toEqual([["sign_off", 0]]);
  });

  it("spells every heading out (no abbreviations such as SPO)", () => {
    for (const g of TODAY_GROUPS) expect(g.heading).not.toMatch(/\b[A-Z]{2,}\b/);
  });
});
