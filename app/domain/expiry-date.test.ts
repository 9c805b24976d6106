import { describe, expect, it } from "vitest";
import { endOfLondonDay, londonToday, parseExpiryDate } from "./expiry-date";

const parts = (day: string, month: string, year: string) => ({ day, month, year });
// 10:00 UTC on 15 June 2026 (BST).
const now = new Date("2026-06-15T10:00:00Z");

describe("endOfLondonDay", () => {
  it("ends a summer day at 23:00 UTC (midnight BST)", () => {
    expect(endOfLondonDay("2026-06-15").toISOString()).toBe("2026-06-15T23:00:00.000Z");
  });
  it("ends a winter day at midnight UTC", () => {
    expect(endOfLondonDay("2026-01-31").toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });
  it("handles the days the clocks change", () => {
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(endOfLondonDay("2026-03-28").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(endOfLondonDay("2026-03-29").toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(endOfLondonDay("2026-10-25").toISOString()).toBe("2026-10-26T00:00:00.000Z");
  });
});

describe("londonToday", () => {
  it("uses the London date, not the UTC one", () => {
    expect(londonToday(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonToday(new Date("2026-01-31T23:30:00Z"))).toBe("2026-01-31");
  });
});

describe("parseExpiryDate", () => {
  it("treats three empty parts as no expiry", () => {
    expect(parseExpiryDate(parts("", " ", ""), now)).toEqual({ ok: true, date: null, expiresAt: null });
  });
  it("accepts today and a date within a year, ending at the end of the London day", () => {
    expect(parseExpiryDate(parts("15", "6", "2026"), now)).toEqual({
      ok: true,
      date: "2026-06-15",
      expiresAt: "2026-06-15T23:00:00.000Z",
    });
    expect(parseExpiryDate(parts("15", "06", "2027"), now)).toMatchObject({ ok: true, date: "2027-06-15" });
  });
  it("refuses a date in the past or more than a year ahead", () => {
    expect(parseExpiryDate(parts("14", "6", "2026"), now)).toEqual({
      ok: false,
      message: "Expiry date must be today or in the future",
    });
    expect(parseExpiryDate(parts("16", "6", "2027"), now)).toEqual({
      ok: false,
      message: "Expiry date must be within one year of today",
    });
  });
  it("names the missing parts", () => {
    expect(parseExpiryDate(parts("1", "", "2026"), now)).toEqual({
      ok: false,
      message: "Expiry date must include a month",
    });
    expect(parseExpiryDate(parts("", "", "2026"), now)).toEqual({
      ok: false,
      message: "Expiry date must include a day and month",
    });
  });
  it("refuses dates that do not exist and text", () => {
    for (const p of [
      parts("31", "6", "2026"),
      parts("29", "2", "2027"),
      parts("1", "13", "2026"),
      parts("a", "6", "2026"),
      parts("0", "6", "2026"),
    ]) {
      expect(parseExpiryDate(p, now)).toEqual({ ok: false, message: "Expiry date must be a real date" });
    }
  });
  it("asks for a 4-digit year, as every date input does (one reading of date parts)", () => {
    expect(parseExpiryDate(parts("1", "6", "26"), now)).toEqual({ ok: false, message: "Year must include 4 numbers" });
  });
  it("allows up to 28 February a year after 29 February", () => {
    const leap = new Date("2028-02-29T12:00:00Z");
    expect(parseExpiryDate(parts("28", "2", "2029"), leap)).toMatchObject({ ok: true });
    expect(parseExpiryDate(parts("1", "3", "2029"), leap)).toMatchObject({ ok: false });
  });
});
