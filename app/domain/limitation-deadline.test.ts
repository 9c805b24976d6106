import { describe, expect, it } from "vitest";
import {
  addCalendarMonths,
  addDays,
  alertBand,
  daysLeftText,
  daysUntil,
  deadlineBand,
  lastDayToCharge,
  latestIncidentDate,
  londonDate,
  londonWallClockToUtc,
} from "./limitation-deadline";

// Expected values are worked by hand. British Summer Time in 2026 runs from 01:00 UTC on Sunday 29 March to
// 01:00 UTC on Sunday 25 October (2025: 30 March to 26 October).

describe("londonDate: the calendar date the law counts", () => {
  it("gives the London date, not the UTC date, in British Summer Time", () => {
    // 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April.
    expect(londonDate("2026-03-31T23:30:00Z")).toBe("2026-04-01");
  });

  it("gives the UTC date in winter", () => {
    expect(londonDate("2026-01-31T23:30:00Z")).toBe("2026-01-31");
  });

  it("changes at the right moment around the last Sunday of March", () => {
    expect(londonDate("2026-03-28T23:30:00Z")).toBe("2026-03-28"); // still GMT: 23:30 on Saturday 28 March
    expect(londonDate("2026-03-29T00:30:00Z")).toBe("2026-03-29"); // 00:30 GMT, before the clocks go forward
    expect(londonDate("2026-03-29T23:30:00Z")).toBe("2026-03-30"); // now BST: 00:30 on Monday 30 March
  });

  it("changes at the right moment around the last Sunday of October", () => {
    expect(londonDate("2026-10-24T23:30:00Z")).toBe("2026-10-25"); // 00:30 BST on Sunday 25 October
    expect(londonDate("2026-10-25T23:30:00Z")).toBe("2026-10-25"); // back on GMT: 23:30 the same Sunday
  });
});

describe("londonWallClockToUtc: a date and time as entered in London", () => {
  it("takes off an hour in summer and nothing in winter", () => {
    expect(londonWallClockToUtc("2026-04-01", "00:30")).toBe("2026-03-31T23:30:00.000Z");
    expect(londonWallClockToUtc("2026-01-15", "14:00")).toBe("2026-01-15T14:00:00.000Z");
  });

  it("refuses the hour skipped when the clocks go forward", () => {
    expect(londonWallClockToUtc("2026-03-29", "01:30")).toBeNull();
    expect(londonWallClockToUtc("2026-03-29", "00:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(londonWallClockToUtc("2026-03-29", "02:00")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the first (BST) 01:30 when the clocks go back and the hour repeats", () => {
    expect(londonWallClockToUtc("2026-10-25", "01:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(londonWallClockToUtc("2026-10-25", "02:30")).toBe("2026-10-25T02:30:00.000Z");
  });
});

describe("addCalendarMonths", () => {
  it("keeps the day of the month when the later month has it", () => {
    expect(addCalendarMonths("2026-03-03", 6)).toBe("2026-09-03");
    expect(addCalendarMonths("2026-09-15", 6)).toBe("2027-03-15");
  });

  it("falls back to the last day of a shorter month", () => {
    expect(addCalendarMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(addCalendarMonths("2026-03-31", 6)).toBe("2026-09-30");
    expect(addCalendarMonths("2025-12-31", 6)).toBe("2026-06-30");
  });
});

describe("lastDayToCharge: six months from the latest incident", () => {
  it("is none when no incident is recorded", () => {
    expect(lastDayToCharge([])).toBeNull();
    expect(latestIncidentDate([])).toBeNull();
  });

  it("runs from the latest incident whatever order they were entered in", () => {
    // Entered 3 March, 20 May, 10 January: the latest is 20 May 2026, so 20 November 2026.
    const entered = ["2026-03-03T10:00:00Z", "2026-05-20T09:00:00Z", "2026-01-10T12:00:00Z"];
    expect(latestIncidentDate(entered)).toBe("2026-05-20");
    expect(lastDayToCharge(entered)).toBe("2026-11-20");
    expect(lastDayToCharge([...entered].reverse())).toBe("2026-11-20");
  });

  it("moves later when an edit makes another incident the latest", () => {
    // 3 March is edited to 2 June 2026 at 10:00 BST (09:00 UTC): the latest is now 2 June, so 2 December.
    expect(lastDayToCharge(["2026-06-02T09:00:00Z", "2026-05-20T09:00:00Z", "2026-01-10T12:00:00Z"])).toBe(
      "2026-12-02",
    );
  });

  it("moves earlier when an edit moves the latest incident back", () => {
    // 20 May is edited to 1 February: the latest is now 3 March, so 3 September 2026.
    expect(lastDayToCharge(["2026-03-03T10:00:00Z", "2026-02-01T09:00:00Z", "2026-01-10T12:00:00Z"])).toBe(
      "2026-09-03",
    );
  });

  it("ends on the last day of a shorter month (31 August gives 28 February)", () => {
    expect(lastDayToCharge(["2025-08-31T12:00:00Z"])).toBe("2026-02-28");
    expect(lastDayToCharge(["2026-03-31T12:00:00Z"])).toBe("2026-09-30");
  });

  it("ends on 29 February when the six months land in a leap year", () => {
    expect(lastDayToCharge(["2027-08-31T12:00:00Z"])).toBe("2028-02-29");
    expect(lastDayToCharge(["2023-08-29T12:00:00Z"])).toBe("2024-02-29");
    expect(lastDayToCharge(["2025-08-29T12:00:00Z"])).toBe("2026-02-28");
  });

  it("counts from 29 February in a leap year to 29 August", () => {
    expect(lastDayToCharge(["2024-02-29T15:00:00Z"])).toBe("2024-08-29");
  });

  it("counts from the London date of an incident just after midnight in British Summer Time", () => {
    // 00:30 BST on 1 April 2026 is 23:30 UTC on 31 March: it counts as 1 April, so 1 October, not 30 September.
    expect(lastDayToCharge(["2026-03-31T23:30:00Z"])).toBe("2026-10-01");
    // 00:30 BST on 1 September 2025 (23:30 UTC on 31 August): 1 March 2026, not 28 February.
    expect(lastDayToCharge(["2025-08-31T23:30:00Z"])).toBe("2026-03-01");
  });

  it("counts the right day around the clocks going forward (last Sunday of March)", () => {
    expect(lastDayToCharge(["2026-03-28T23:30:00Z"])).toBe("2026-09-28"); // 23:30 GMT on 28 March
    expect(lastDayToCharge(["2026-03-29T23:30:00Z"])).toBe("2026-09-30"); // 00:30 BST on 30 March
  });

  it("counts the right day around the clocks going back (last Sunday of October)", () => {
    expect(lastDayToCharge(["2026-10-24T23:30:00Z"])).toBe("2027-04-25"); // 00:30 BST on 25 October
    expect(lastDayToCharge(["2026-10-25T23:30:00Z"])).toBe("2027-04-25"); // 23:30 GMT on 25 October
    expect(lastDayToCharge(["2026-10-26T00:30:00Z"])).toBe("2027-04-26"); // 00:30 GMT on 26 October
  });
});

describe("daysUntil and the bands", () => {
  it("counts whole London days, 0 on the last day, negative after it", () => {
    expect(daysUntil("2026-09-03", "2026-08-20")).toBe(14);
    expect(daysUntil("2026-09-03", "2026-09-03")).toBe(0);
    expect(daysUntil("2026-09-03", "2026-09-04")).toBe(-1);
    // Across the clocks going back and a leap day, a day is still a day.
    expect(daysUntil("2026-10-26", "2026-10-24")).toBe(2);
    expect(daysUntil("2024-03-01", "2024-02-28")).toBe(2);
  });

  it("puts deadlines in the 7, 14 and 28 day bands", () => {
    expect([-1, 0, 7, 8, 14, 15, 28, 29].map(deadlineBand)).toEqual([
      "passed",
      "within_7",
      "within_7",
      "within_14",
      "within_14",
      "within_28",
      "within_28",
      "later",
    ]);
  });

  it("adds days across month and year ends", () => {
    expect(addDays("2026-08-20", 28)).toBe("2026-09-17");
    expect(addDays("2026-12-20", 14)).toBe("2027-01-03");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("says how long is left", () => {
    expect([14, 1, 0, -3].map(daysLeftText)).toEqual(["14 days", "1 day", "today", "Time limit passed"]);
  });
});

describe("alertBand: which deadline-approaching notice is due", () => {
  it("gives the tightest of 28, 14 and 7 days, and nothing further off or once passed", () => {
    expect([29, 28, 15, 14, 8, 7, 1, 0, -1].map(alertBand)).toEqual([null, 28, 28, 14, 14, 7, 7, 7, null]);
  });
});
