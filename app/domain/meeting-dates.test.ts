import { describe, expect, it } from "vitest";
import { actionDueProblem, meetingDateProblem } from "./meeting-dates";

describe("meeting dates", () => {
  it("arranges a meeting for today or later", () => {
    expect(meetingDateProblem("2026-12-07", "2026-12-07", false)).toBeNull();
    expect(meetingDateProblem("2027-01-04", "2026-12-07", false)).toBeNull();
    expect(meetingDateProblem("2026-12-06", "2026-12-07", false)).toMatch(/today or in the future/);
    expect(meetingDateProblem("2020-01-01", "2026-12-07", false)).toMatch(
      /If you are recording a meeting that has already taken place, say so/,
    );
  });

  it("records a meeting that has taken place only for today or earlier", () => {
    expect(meetingDateProblem("2026-11-30", "2026-12-07", true)).toBeNull();
    expect(meetingDateProblem("2026-12-07", "2026-12-07", true)).toBeNull();
    expect(meetingDateProblem("2026-12-08", "2026-12-07", true)).toMatch(
      /already taken place must be today or in the past/,
    );
  });

  it("has an action due on or after the day of the meeting", () => {
    expect(actionDueProblem("2026-12-07", "2026-12-07")).toBeNull();
    expect(actionDueProblem("2027-03-01", "2026-12-07")).toBeNull();
    expect(actionDueProblem("2020-01-01", "2026-12-07")).toBe(
      "The due date must be on or after the day of the meeting, 7 December 2026",
    );
  });
});
