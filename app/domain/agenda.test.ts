import { describe, expect, it } from "vitest";
import { agendaLength, MINUTES_BY_PRIORITY, moveItem, orderAgenda } from "./agenda";

describe("orderAgenda", () => {
  it("orders urgent, then soon, then routine, oldest referral first within a priority", () => {
    const ordered = orderAgenda([
      { key: "r-new", priority: "routine", referredAt: "2026-03-02T10:00:00Z" },
      { key: "u-new", priority: "urgent", referredAt: "2026-03-05T10:00:00Z" },
      { key: "s", priority: "soon", referredAt: "2026-01-01T10:00:00Z" },
      { key: "r-old", priority: "routine", referredAt: "2026-02-01T10:00:00Z" },
      { key: "u-old", priority: "urgent", referredAt: "2026-03-01T10:00:00Z" },
    ]);
    expect(ordered.map((e) => e.key)).toEqual(["u-old", "u-new", "s", "r-old", "r-new"]);
    expect(ordered.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it("gives each item the time for its priority", () => {
    const ordered = orderAgenda([
      { key: "a", priority: "routine", referredAt: "2026-01-01" },
      { key: "b", priority: "urgent", referredAt: "2026-01-01" },
      { key: "c", priority: "soon", referredAt: "2026-01-01" },
    ]);
    expect(ordered.map((e) => e.minutesAllowed)).toEqual([
      MINUTES_BY_PRIORITY.urgent,
      MINUTES_BY_PRIORITY.soon,
      MINUTES_BY_PRIORITY.routine,
    ]);
    expect(MINUTES_BY_PRIORITY).toEqual({ urgent: 20, soon: 15, routine: 10 });
    expect(agendaLength(ordered)).toBe(45);
  });

  it("is stable for equal priority and age", () => {
    const ordered = orderAgenda([
      { key: "b", priority: "soon", referredAt: "2026-01-01" },
      { key: "a", priority: "soon", referredAt: "2026-01-01" },
    ]);
    expect(ordered.map((e) => e.key)).toEqual(["a", "b"]);
  });
});

describe("moveItem", () => {
  it("swaps with the neighbour and ignores moves off either end", () => {
    expect(moveItem(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], "a", "up")).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], "c", "down")).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b"], "x", "up")).toEqual(["a", "b"]);
  });
});
