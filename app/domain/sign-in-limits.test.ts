import { describe, expect, it } from "vitest";
import {
  afterPairFailure,
  FAMILIAR_FOR_MS,
  inWindow,
  isFamiliar,
  isLocked,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  MAX_WAIT_MS,
  nextTurn,
  SLOW_AFTER_FAILURES,
  spacingMs,
  WINDOW_MS,
} from "./sign-in-limits";

const now = new Date("2025-05-01T09:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe("the lock on one account at one address", () => {
  it("counts four failures, locks for 15 minutes at the fifth and starts the count again", () => {
    expect(MAX_FAILED_SIGN_INS).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
    let pair: { consecutiveFailures: number; updatedAt: string } | undefined;
    for (let i = 1; i < 5; i++) {
      const next = afterPairFailure(pair, now);
      expect(next).toEqual({ consecutiveFailures: i, lockedUntil: null });
      pair = { consecutiveFailures: next.consecutiveFailures, updatedAt: now.toISOString() };
    }
    expect(afterPairFailure(pair, now)).toEqual({ consecutiveFailures: 0, lockedUntil: "2025-05-01T09:15:00.000Z" });
  });

  it("forgets failures older than the window", () => {
    expect(afterPairFailure({ consecutiveFailures: 4, updatedAt: at(-WINDOW_MS - 1) }, now)).toEqual({
      consecutiveFailures: 1,
      lockedUntil: null,
    });
    expect(
      afterPairFailure({ consecutiveFailures: 4, updatedAt: at(-WINDOW_MS + 1000) }, now).lockedUntil,
    ).not.toBeNull();
  });

  it("is locked until the expiry and not from it", () => {
    expect(isLocked(at(1), now)).toBe(true);
    expect(isLocked(at(0), now)).toBe(false);
    expect(isLocked(null, now)).toBe(false);
  });
});

describe("slowing one account tried from many addresses", () => {
  it("spaces attempts from the fifth failure: 1 s, doubling, at most 30 s", () => {
    expect(SLOW_AFTER_FAILURES).toBe(5);
    expect([0, 4, 5, 6, 7, 8, 9, 10, 50].map(spacingMs)).toEqual([0, 0, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("gives each attempt the next free moment and refuses one whose turn is over 10 s away", () => {
    expect(nextTurn(null, 4, now)).toEqual({ go: true, waitMs: 0, nextAttemptAt: null });
    expect(nextTurn(null, 5, now)).toEqual({ go: true, waitMs: 0, nextAttemptAt: at(1000) });
    expect(nextTurn(at(-5000), 6, now)).toEqual({ go: true, waitMs: 0, nextAttemptAt: at(2000) });
    expect(nextTurn(at(3000), 6, now)).toEqual({ go: true, waitMs: 3000, nextAttemptAt: at(5000) });
    expect(nextTurn(at(MAX_WAIT_MS), 9, now)).toEqual({
      go: true,
      waitMs: MAX_WAIT_MS,
      nextAttemptAt: at(MAX_WAIT_MS + 16000),
    });
    expect(nextTurn(at(MAX_WAIT_MS + 1), 9, now)).toEqual({ go: false });
  });

  it("an address the account signed in from within 30 days is familiar", () => {
    expect(isFamiliar(at(-FAMILIAR_FOR_MS + 1000), now)).toBe(true);
    expect(isFamiliar(at(-FAMILIAR_FOR_MS), now)).toBe(false);
    expect(isFamiliar(null, now)).toBe(false);
  });

  it("a window runs 15 minutes", () => {
    expect(inWindow(at(-WINDOW_MS + 1), now)).toBe(true);
    expect(inWindow(at(-WINDOW_MS), now)).toBe(false);
    expect(inWindow(undefined, now)).toBe(false);
  });
});
