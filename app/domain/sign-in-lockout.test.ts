import { describe, expect, it } from "vitest";
import { afterFailure, isLocked, LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS } from "./sign-in-lockout";

const now = new Date("2025-05-01T09:00:00.000Z");

describe("sign-in lockout", () => {
  it("counts the first four failures without locking", () => {
    let state = { failedSignIns: 0, lockedUntil: null as string | null };
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      state = afterFailure(state.failedSignIns, now);
      expect(state).toEqual({ failedSignIns: i, lockedUntil: null });
    }
  });

  it("locks for 15 minutes on the 5th consecutive failure and resets the counter", () => {
    expect(MAX_FAILED_SIGN_INS).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
    const state = afterFailure(4, now);
    expect(state.failedSignIns).toBe(0);
    expect(state.lockedUntil).toBe("2025-05-01T09:15:00.000Z");
  });

  it("is locked until the expiry and unlocked from the expiry on", () => {
    const { lockedUntil } = afterFailure(4, now);
    expect(isLocked(lockedUntil, now)).toBe(true);
    expect(isLocked(lockedUntil, new Date("2025-05-01T09:14:59.999Z"))).toBe(true);
    expect(isLocked(lockedUntil, new Date("2025-05-01T09:15:00.000Z"))).toBe(false);
    expect(isLocked(lockedUntil, new Date("2025-05-01T10:00:00.000Z"))).toBe(false);
  });

  it("an account never locked is not locked", () => {
    expect(isLocked(null, now)).toBe(false);
  });
});
