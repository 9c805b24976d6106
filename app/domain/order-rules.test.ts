import { describe, expect, it } from "vitest";
import {
  addDays,
  breachDateProblem,
  daysOverdue,
  INITIAL_ORDER_STATUSES,
  isInForce,
  orderDateProblems,
  parseOrderLines,
  policeActionDateProblem,
  spoOutstandingBefore,
  STATUS_TRANSITIONS,
} from "./order-rules";
import { ORDER_STATUSES } from "./protective-orders";

describe("parseOrderLines", () => {
  it("keeps one item per non-blank line, trimmed, in order", () => {
    expect(parseOrderLines("  No contact by any means \r\n\n Not to enter Larch Road \n", "Prohibitions")).toEqual({
      ok: true,
      lines: ["No contact by any means", "Not to enter Larch Road"],
    });
    expect(parseOrderLines("", "Prohibitions")).toEqual({ ok: true, lines: [] });
  });

  it("refuses more than 20 lines and a line over 300 characters, naming the line", () => {
    expect(parseOrderLines(Array.from({ length: 20 }, (_, i) => `item ${i}`).join("\n"), "P").ok).toBe(true);
    expect(parseOrderLines(Array.from({ length: 21 }, (_, i) => `item ${i}`).join("\n"), "Prohibitions")).toEqual({
      ok: false,
      message: "Prohibitions must be 20 lines or fewer",
    });
    expect(parseOrderLines(`short\n${"x".repeat(300)}`, "P").ok).toBe(true);
    expect(parseOrderLines(`short\n${"x".repeat(301)}`, "Positive requirements")).toEqual({
      ok: false,
      message: "Positive requirements: line 2 must be 300 characters or fewer",
    });
  });
});

describe("addDays", () => {
  it("crosses month ends, leap days and year ends", () => {
    expect(addDays("2026-01-30", 3)).toBe("2026-02-02");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("is calendar arithmetic, unaffected by the clocks changing", () => {
    expect(addDays("2026-03-28", 3)).toBe("2026-03-31");
    expect(addDays("2026-10-24", 3)).toBe("2026-10-27");
  });
});

describe("status transitions", () => {
  it("covers every status; final statuses go nowhere; in force means granted or varied", () => {
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(STATUS_TRANSITIONS.refused).toEqual([]);
    expect(STATUS_TRANSITIONS.expired).toEqual([]);
    expect(STATUS_TRANSITIONS.discharged).toEqual([]);
    expect(STATUS_TRANSITIONS.applied).toContain("granted");
    expect(ORDER_STATUSES.filter(isInForce)).toEqual(["granted", "varied"]);
    expect(INITIAL_ORDER_STATUSES).not.toContain("varied");
  });
});

describe("orderDateProblems", () => {
  const today = "2026-05-10";
  const none = { appliedOn: null, hearingOn: null, decidedOn: null, expiresOn: null };

  it("accepts a granted order decided in the past with a later expiry", () => {
    expect(
      orderDateProblems(
        "granted",
        { appliedOn: "2026-04-01", hearingOn: "2026-04-20", decidedOn: "2026-04-20", expiresOn: "2028-04-20" },
        today,
      ),
    ).toEqual({});
  });

  it("needs a decision date once granted or refused, and a hearing date once listed", () => {
    expect(orderDateProblems("granted", none, today)).toEqual({ decidedOn: "Enter the date of the court's decision" });
    expect(orderDateProblems("refused", none, today)).toEqual({ decidedOn: "Enter the date of the court's decision" });
    expect(orderDateProblems("hearing_listed", none, today)).toEqual({ hearingOn: "Enter the hearing date" });
    expect(orderDateProblems("applied", none, today)).toEqual({});
  });

  it("refuses future applications and decisions, a decision before the application, an expiry not after the decision", () => {
    expect(orderDateProblems("applied", { ...none, appliedOn: "2026-05-11" }, today)).toEqual({
      appliedOn: "Application date must be today or in the past",
    });
    expect(orderDateProblems("granted", { ...none, decidedOn: "2026-05-11" }, today).decidedOn).toBe(
      "Decision date must be today or in the past",
    );
    expect(
      orderDateProblems("granted", { ...none, appliedOn: "2026-05-01", decidedOn: "2026-04-30" }, today).decidedOn,
    ).toBe("Decision date must be on or after the application date");
    expect(
      orderDateProblems("granted", { ...none, decidedOn: "2026-05-01", expiresOn: "2026-05-01" }, today).expiresOn,
    ).toBe("Expiry date must be after the decision date");
    expect(
      orderDateProblems("refused", { ...none, decidedOn: "2026-05-01", expiresOn: "2027-05-01" }, today).expiresOn,
    ).toBe("A refused order has no expiry date");
  });

  it("lets a hearing be listed in the future, but not before the application", () => {
    expect(
      orderDateProblems("hearing_listed", { ...none, appliedOn: "2026-05-01", hearingOn: "2026-06-01" }, today),
    ).toEqual({});
    expect(
      orderDateProblems("hearing_listed", { ...none, appliedOn: "2026-05-01", hearingOn: "2026-04-01" }, today)
        .hearingOn,
    ).toBe("Hearing date must be on or after the application date");
  });
});

describe("breach and police action dates", () => {
  it("a breach is not in the future and not before the order was made", () => {
    expect(breachDateProblem("2026-05-10", "2026-05-10", "2026-04-01")).toBeNull();
    expect(breachDateProblem("2026-04-01", "2026-05-10", "2026-04-01")).toBeNull();
    expect(breachDateProblem("2026-05-11", "2026-05-10", "2026-04-01")).toBe(
      "Date of the breach must be today or in the past",
    );
    expect(breachDateProblem("2026-03-31", "2026-05-10", "2026-04-01")).toBe(
      "Date of the breach must be on or after the date the order was made",
    );
    expect(breachDateProblem("2026-03-31", "2026-05-10", null)).toBeNull();
  });

  it("an action taken needs a date on or after the breach and not in the future", () => {
    expect(policeActionDateProblem("arrested", null, "2026-05-01", "2026-05-10")).toBe(
      "Enter the date of the police action",
    );
    expect(policeActionDateProblem("under_investigation", null, "2026-05-01", "2026-05-10")).toBeNull();
    expect(policeActionDateProblem("no_action", null, "2026-05-01", "2026-05-10")).toBeNull();
    expect(policeActionDateProblem("arrested", "2026-05-02", "2026-05-01", "2026-05-10")).toBeNull();
    expect(policeActionDateProblem("arrested", "2026-04-30", "2026-05-01", "2026-05-10")).toBe(
      "Date of the police action must be on or after the breach",
    );
    expect(policeActionDateProblem("charged", "2026-05-11", "2026-05-01", "2026-05-10")).toBe(
      "Date of the police action must be today or in the past",
    );
  });
});

describe("SPO outstanding and overdue tasks", () => {
  it("the SPO cut-off is exactly the given days before now", () => {
    expect(spoOutstandingBefore(new Date("2026-05-10T12:00:00.000Z"), 7)).toBe("2026-05-03T12:00:00.000Z");
  });

  it("counts whole days overdue, zero when due today or later", () => {
    expect(daysOverdue("2026-05-10", "2026-05-10")).toBe(0);
    expect(daysOverdue("2026-05-11", "2026-05-10")).toBe(0);
    expect(daysOverdue("2026-05-09", "2026-05-10")).toBe(1);
    expect(daysOverdue("2026-02-28", "2026-03-30")).toBe(30);
    expect(daysOverdue("2026-03-28", "2026-03-30")).toBe(2);
  });
});
