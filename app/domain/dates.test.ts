import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates";

describe("formatDate (Europe/London, GOV.UK style)", () => {
  it("writes day, full month and year with no leading zero", () => {
    expect(formatDate("2025-03-07T10:00:00Z")).toBe("7 March 2025");
    expect(formatDate(new Date("2025-12-25T12:00:00Z"))).toBe("25 December 2025");
  });

  it("uses the London date in British Summer Time", () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(formatDate("2025-06-30T23:30:00Z")).toBe("1 July 2025");
  });

  it("uses the UTC date in winter (GMT)", () => {
    expect(formatDate("2025-01-31T23:30:00Z")).toBe("31 January 2025");
  });
});

describe("formatDateTime", () => {
  it('writes times like "at 2:05pm"', () => {
    expect(formatDateTime("2025-03-07T14:05:00Z")).toBe("7 March 2025 at 2:05pm");
    expect(formatDateTime("2025-03-07T09:30:00Z")).toBe("7 March 2025 at 9:30am");
  });

  it("shifts the time by an hour in BST", () => {
    expect(formatDateTime("2025-06-30T23:30:00Z")).toBe("1 July 2025 at 12:30am");
    expect(formatDateTime("2025-07-15T13:05:00Z")).toBe("15 July 2025 at 2:05pm");
  });

  it("writes the hours around midnight and noon as 12, not 0", () => {
    expect(formatDateTime("2025-01-01T00:05:00Z")).toBe("1 January 2025 at 12:05am");
    expect(formatDateTime("2025-01-01T12:00:00Z")).toBe("1 January 2025 at 12:00pm");
  });

  it("has no spaces inside the time", () => {
    expect(formatDateTime("2025-11-03T16:45:00Z")).toMatch(/ at 4:45pm$/);
  });
});
