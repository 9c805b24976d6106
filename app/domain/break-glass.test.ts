import { describe, expect, it } from "vitest";
import { BREAK_GLASS_HOURS, breakGlassExpiry, isBreakGlassActive } from "./break-glass";

describe("break-glass expiry", () => {
  it("lasts four hours", () => {
    expect(BREAK_GLASS_HOURS).toBe(4);
    expect(breakGlassExpiry(new Date("2026-03-01T10:15:00Z")).toISOString()).toBe("2026-03-01T14:15:00.000Z");
  });

  it("crosses midnight and clock changes in UTC", () => {
    // 29 March 2026 is when British Summer Time starts; the grant still lasts four real hours.
    expect(breakGlassExpiry(new Date("2026-03-28T23:30:00Z")).toISOString()).toBe("2026-03-29T03:30:00.000Z");
  });

  it("ends at the expiry instant", () => {
    const expires = "2026-03-01T14:15:00.000Z";
    expect(isBreakGlassActive(expires, new Date("2026-03-01T14:14:59.999Z"))).toBe(true);
    expect(isBreakGlassActive(expires, new Date("2026-03-01T14:15:00.000Z"))).toBe(false);
    expect(isBreakGlassActive(expires, new Date("2026-03-02T00:00:00.000Z"))).toBe(false);
  });
});
