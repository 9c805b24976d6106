import { describe, expect, it } from "vitest";
import { formatDate as appFormatDate } from "~/domain/dates";
import {
  addDays as appAddDays,
  lastDayToCharge as appLastDayToCharge,
  londonDate as appLondonDate,
} from "~/domain/limitation-deadline";
import {
  addDays,
  AUTHOR,
  AUTHOR_NAME,
  formatDate,
  isoInstant,
  lastDayToCharge,
  londonDate,
  planCasework,
  recordRef,
  resolveBody,
  resolveJson,
} from "./casework-plan";
import { crimeReferences, prng } from "./synthetic";

const HOUR = 3_600_000;

describe("the planner's remembered dates agree with the app's date functions", () => {
  it("London date of every hour across both clock changes of 2025 and 2026, and random instants", () => {
    for (const start of [Date.UTC(2025, 2, 28), Date.UTC(2025, 9, 24), Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 23)]) {
      for (let h = 0; h < 24 * 5; h++) {
        for (const minute of [0, 59]) {
          const ms = start + h * HOUR + minute * 60_000;
          expect(londonDate(ms)).toBe(appLondonDate(new Date(ms)));
          expect(londonDate(new Date(ms).toISOString())).toBe(appLondonDate(new Date(ms)));
        }
      }
    }
    const rng = prng(7);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(2023, 0, 1) + Math.floor(rng.next() * 4 * 365 * 24 * HOUR);
      expect(londonDate(ms)).toBe(appLondonDate(new Date(ms)));
    }
  });

  it("day arithmetic, labels and the six-month limit", () => {
    for (const [date, days] of [
      ["2024-02-28", 1],
      ["2024-02-29", 365],
      ["2026-03-29", -1],
      ["2026-12-31", 1],
      ["2026-01-01", -400],
    ] as const) {
      expect(addDays(date, days)).toBe(appAddDays(date, days));
      expect(formatDate(date)).toBe(appFormatDate(date));
    }
    const instants = ["2026-03-31T23:30:00.000Z", "2025-08-30T22:59:00.000Z", "2026-01-05T10:00:00.000Z"];
    expect(lastDayToCharge(instants)).toBe(appLastDayToCharge(instants));
    expect(lastDayToCharge([])).toBeNull();
  });
});

describe("placeholders", () => {
  it("resolveJson fills the same values as resolveBody", () => {
    const body = {
      changedBy: AUTHOR,
      changedByName: AUTHOR_NAME,
      orderRecordId: recordRef("order:3"),
      list: [{ by: AUTHOR }],
      text: 'Said "hello"',
    };
    const author = { id: "user-1", name: 'Dana "D" Whitlock' };
    const ids = (key: string) => `id-of-${key}`;
    expect(JSON.parse(resolveJson(JSON.stringify(body), author, ids))).toEqual(resolveBody(body, author, ids));
    expect(resolveBody(body, author, ids)).toMatchObject({
      changedBy: "user-1",
      changedByName: 'Dana "D" Whitlock',
      orderRecordId: "id-of-order:3",
      list: [{ by: "user-1" }],
    });
  });
});

describe("planCasework", () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const base = {
    now,
    lead: "police" as const,
    agencies: new Set(["police", "isac"] as const),
    victimName: "Alisha Fenwick",
  };

  it("places the latest incident so the s2A offence's last day to charge is the asked number of days away", () => {
    for (const days of [5, 12, 24]) {
      const plan = planCasework(prng(days), {
        ...base,
        createdAt: now - 140 * 86_400_000,
        status: "active",
        crimeRef: crimeReferences(),
        deadlineInDays: days,
      });
      const s2a = plan.items.find((i) => i.detail?.table === "offence" && i.detail.offenceType === "stalking_s2a")!;
      const instants = plan.items.flatMap((i) => (i.detail?.table === "incident" ? [i.detail.occurredAt] : []));
      expect(s2a.detail).toMatchObject({
        status: "under_investigation",
        lastDayToCharge: appLastDayToCharge(instants),
      });
      expect(appAddDays(londonDate(now), days)).toBe((s2a.detail as { lastDayToCharge: string }).lastDayToCharge);
    }
  });

  it("every reference between planned records points at one, and records never come after now", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = prng(seed);
      const status = rng.pick(["referred", "triage", "active", "monitoring", "closed"] as const);
      const plan = planCasework(rng, {
        ...base,
        createdAt: now - rng.between(1, 500) * 86_400_000,
        status,
        crimeRef: crimeReferences(),
        breach: seed % 10 === 0,
      });
      const keys = new Set(plan.items.map((i) => i.key));
      for (const item of plan.items) {
        expect(item.at).toBeLessThanOrEqual(now);
        const json = JSON.stringify(item.body);
        for (const m of json.matchAll(/"\$record:([^"]*)"/g)) expect(keys.has(m[1]!)).toBe(true);
        if (item.detail?.table === "incident") for (const k of item.detail.offenceKeys) expect(keys.has(k)).toBe(true);
        if (item.detail?.table === "breach") expect(keys.has(item.detail.orderKey)).toBe(true);
      }
      for (const t of plan.tasks) if (t.sourceKey) expect(keys.has(t.sourceKey)).toBe(true);
      if (seed % 10 === 0) expect(plan.breaches).toHaveLength(1);
    }
  });
});

describe("isoInstant", () => {
  it("writes what Date#toISOString writes", () => {
    const rng = prng(11);
    for (let i = 0; i < 5000; i++) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(rng.next() * 10 * 365 * 86_400_000);
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
    expect(isoInstant(Date.UTC(2026, 2, 29, 0, 0, 0, 7))).toBe("2026-03-29T00:00:00.007Z");
  });
});
