import { describe, expect, it } from "vitest";
import {
  canMoveTo,
  caseReference,
  londonDate,
  nextStatuses,
  referencePrefix,
  STATUS_TRANSITIONS,
} from "./case-lifecycle";
import { CASE_STATUSES } from "./case-vocabulary";

describe("case status transitions", () => {
  it("follows referred → triage → active → monitoring → closed", () => {
    expect(canMoveTo("referred", "triage")).toBe(true);
    expect(canMoveTo("triage", "active")).toBe(true);
    expect(canMoveTo("active", "monitoring")).toBe(true);
    expect(canMoveTo("monitoring", "closed")).toBe(true);
  });

  it("lets any open case close, and a closed case reopen only as active", () => {
    for (const s of CASE_STATUSES.filter((s) => s !== "closed")) expect(canMoveTo(s, "closed")).toBe(true);
    expect(nextStatuses("closed")).toEqual(["active"]);
  });

  it("never goes back to referred or triage, and never stays where it is", () => {
    for (const from of CASE_STATUSES) {
      expect(canMoveTo(from, "referred")).toBe(false);
      expect(canMoveTo(from, from)).toBe(false);
      if (from !== "referred") expect(canMoveTo(from, "triage")).toBe(false);
    }
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
  });
});

describe("case references", () => {
  it("pads the number to five digits and keeps longer numbers whole", () => {
    expect(caseReference(2026, 7)).toBe("NS-2026-00007");
    expect(caseReference(2026, 123456)).toBe("NS-2026-123456");
    expect(referencePrefix(2027)).toBe("NS-2027-");
  });

  it("takes the year and the day in London, not UTC", () => {
    // 23:30 UTC on 31 December 2025 is still 2025 in London (GMT); 23:30 UTC on 30 June is 1 July in London (BST).
    expect(londonDate(new Date("2025-12-31T23:30:00Z"))).toBe("2025-12-31");
    expect(londonDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });
});
