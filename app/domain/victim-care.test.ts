import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  lastUpdateAfter,
  needsAssessmentSummary,
  nextUpdateDue,
  ONLINE_SAFETY_ADVICE_LABELS,
  ONLINE_SAFETY_HINT,
  referralSummary,
  safetyPlanSummary,
  updateDueState,
  updatePlanSummary,
  victimsCodeSummary,
} from "./victim-care";

describe("nextUpdateDue", () => {
  it("counts from the agreement until an update is given, then from the last update", () => {
    expect(nextUpdateDue({ frequencyDays: 14, agreedOn: "2026-03-01", lastUpdateOn: null })).toBe("2026-03-15");
    expect(nextUpdateDue({ frequencyDays: 14, agreedOn: "2026-03-01", lastUpdateOn: "2026-03-10" })).toBe("2026-03-24");
  });

  it("ignores an update older than a plan agreed again later", () => {
    expect(nextUpdateDue({ frequencyDays: 7, agreedOn: "2026-03-20", lastUpdateOn: "2026-03-10" })).toBe("2026-03-27");
  });

  it("crosses month ends and leap days as calendar days", () => {
    expect(addCalendarDays("2028-02-25", 7)).toBe("2028-03-03");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(nextUpdateDue({ frequencyDays: 90, agreedOn: "2026-01-31", lastUpdateOn: null })).toBe("2026-05-01");
  });

  it("never moves the last update backwards when an older one is recorded late", () => {
    expect(lastUpdateAfter("2026-03-10", "2026-03-05")).toBe("2026-03-10");
    expect(lastUpdateAfter("2026-03-10", "2026-03-12")).toBe("2026-03-12");
    expect(lastUpdateAfter(null, "2026-03-12")).toBe("2026-03-12");
  });
});

describe("updateDueState", () => {
  it("is overdue before today, due soon from today to 7 days ahead, later after that", () => {
    expect(updateDueState("2026-03-09", "2026-03-10")).toBe("overdue");
    expect(updateDueState("2026-03-10", "2026-03-10")).toBe("due_soon");
    expect(updateDueState("2026-03-17", "2026-03-10")).toBe("due_soon");
    expect(updateDueState("2026-03-18", "2026-03-10")).toBe("later");
  });
});

describe("summary lines carry no detail", () => {
  it("say that care is in place and when, nothing more", () => {
    expect(safetyPlanSummary("2026-03-03")).toBe("Safety plan in place, next review 3 March 2026");
    expect(needsAssessmentSummary("2026-03-03")).toBe("Needs assessment completed on 3 March 2026");
    expect(updatePlanSummary(14, "2026-03-17")).toBe("Updates agreed every 14 days; next update due 17 March 2026");
    expect(updatePlanSummary(1, "2026-03-17")).toBe("Updates agreed every 1 day; next update due 17 March 2026");
    expect(referralSummary("2026-03-03", "accepted")).toBe("Specialist support offered on 3 March 2026: accepted");
    expect(referralSummary("2026-03-03", "pending")).toBe(
      "Specialist support offered on 3 March 2026: waiting for a response",
    );
    expect(victimsCodeSummary({ entitled: true, explainedOn: "2026-03-03" })).toBe(
      "Entitled to enhanced rights under the Victims' Code; rights explained on 3 March 2026",
    );
    expect(victimsCodeSummary({ entitled: false, explainedOn: null })).toBe(
      "Not entitled to enhanced rights under the Victims' Code; rights not yet explained",
    );
  });
});

describe("online safety advice", () => {
  it("never offers advice that isolates or blames the victim", () => {
    for (const label of Object.values(ONLINE_SAFETY_ADVICE_LABELS)) {
      expect(label.toLowerCase()).not.toMatch(
        /come off|delete|close your account|change (your|their) number|stop using/,
      );
    }
    expect(ONLINE_SAFETY_HINT).toContain("must not isolate or blame");
  });
});
