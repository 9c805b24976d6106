import { describe, expect, it } from "vitest";
import { attendanceAtClose, attendanceOnArrival, shownAttendance } from "./attendance";

const row = (over: Partial<Parameters<typeof attendanceOnArrival>[0]> = {}) => ({
  attendance: null,
  attendanceSetBy: null,
  ...over,
});

describe("attendance", () => {
  it("an arrival records present, or deputy for someone standing in, and never undoes the chair's correction", () => {
    expect(attendanceOnArrival(row())).toBe("present");
    expect(attendanceOnArrival(row({ attendance: "present" }))).toBeNull();
    expect(attendanceOnArrival(row({ attendance: "absent" }))).toBe("present");
    expect(attendanceOnArrival(row({ deputyForUserId: "u1" }))).toBe("deputy");
    expect(attendanceOnArrival(row({ response: "declined" }))).toBe("present");
    expect(attendanceOnArrival(row({ attendance: "absent", attendanceSetBy: "chair" }))).toBeNull();
  });

  it("at close, nobody is left unknown: absent, or apologies for a declined invitation", () => {
    expect(attendanceAtClose(row())).toBe("absent");
    expect(attendanceAtClose(row({ response: "declined" }))).toBe("apologies");
    expect(attendanceAtClose(row({ attendance: "present" }))).toBeNull();
    expect(attendanceAtClose(row({ attendance: "deputy", response: "declined" }))).toBeNull();
  });

  it("shows a declined invitee as apologies unless seen", () => {
    expect(shownAttendance(row())).toBeNull();
    expect(shownAttendance(row({ response: "declined" }))).toBe("apologies");
    expect(shownAttendance(row({ response: "declined", attendance: "present" }))).toBe("present");
    expect(shownAttendance(row({ attendance: "nonsense" }))).toBeNull();
  });
});
