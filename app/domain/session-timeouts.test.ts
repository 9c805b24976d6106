import { describe, expect, it } from "vitest";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, sessionExpiry, shouldTouch } from "./session-timeouts";

const start = new Date("2025-05-01T08:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();
const MIN = 60_000;

describe("session timeouts", () => {
  it("are 30 minutes idle and 12 hours absolute", () => {
    expect(IDLE_TIMEOUT_MS).toBe(30 * MIN);
    expect(ABSOLUTE_TIMEOUT_MS).toBe(12 * 60 * MIN);
  });

  it("a fresh session is live", () => {
    expect(sessionExpiry({ createdAt: iso(0), lastSeenAt: iso(0) }, at(0))).toBeNull();
  });

  it("expires when idle for 30 minutes, not a millisecond before", () => {
    const times = { createdAt: iso(0), lastSeenAt: iso(0) };
    expect(sessionExpiry(times, at(30 * MIN - 1))).toBeNull();
    expect(sessionExpiry(times, at(30 * MIN))).toBe("idle");
  });

  it("recent activity keeps a session alive", () => {
    const times = { createdAt: iso(0), lastSeenAt: iso(25 * MIN) };
    expect(sessionExpiry(times, at(50 * MIN))).toBeNull();
    expect(sessionExpiry(times, at(55 * MIN))).toBe("idle");
  });

  it("ends a session 12 hours after it started however active it is", () => {
    const times = { createdAt: iso(0), lastSeenAt: iso(12 * 60 * MIN - MIN) };
    expect(sessionExpiry(times, at(12 * 60 * MIN - 1))).toBeNull();
    expect(sessionExpiry(times, at(12 * 60 * MIN))).toBe("absolute");
  });

  it("reports the absolute limit before the idle limit when both have passed", () => {
    expect(sessionExpiry({ createdAt: iso(0), lastSeenAt: iso(0) }, at(13 * 60 * MIN))).toBe("absolute");
  });

  it("writes last-seen at most once a minute", () => {
    expect(shouldTouch(iso(0), at(59_999))).toBe(false);
    expect(shouldTouch(iso(0), at(60_000))).toBe(true);
  });
});
