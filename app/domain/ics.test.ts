import { describe, expect, it } from "vitest";
import { calendarFile, foldLine, icsText, icsUtc } from "./ics";

const event = {
  uid: "3f1c@concord",
  sequence: 2,
  start: new Date("2026-12-10T10:00:00.000Z"),
  end: new Date("2026-12-10T11:30:00.000Z"),
  summary: "Stalking clinic: case review",
  location: "Room 4, Northshire House; or video",
  url: "https://concord.example/meetings/3f1c",
  description: "Open the meeting in Concord for the agenda, your papers and to reply.",
  stamp: new Date("2026-12-07T14:00:00.000Z"),
};

describe("calendar file (RFC 5545)", () => {
  it("writes one event in UTC with CRLF line ends, a sequence and escaped text", () => {
    const ics = calendarFile(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART:20261210T100000Z\r\n");
    expect(ics).toContain("DTEND:20261210T113000Z\r\n");
    expect(ics).toContain("SEQUENCE:2\r\n");
    expect(ics).toContain("LOCATION:Room 4\\, Northshire House\\; or video\r\n");
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n/);
  });

  it("leaves out the location when there is none", () => {
    expect(calendarFile({ ...event, location: null })).not.toContain("LOCATION");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const line = `DESCRIPTION:${"é".repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
  });

  it("escapes backslashes and newlines", () => {
    expect(icsText("a\\b\r\nc")).toBe("a\\\\b\\nc");
    expect(icsUtc(new Date("2026-03-29T01:00:00.000Z"))).toBe("20260329T010000Z");
  });
});
