import { describe, expect, it } from "vitest";
import {
  clinicTransitionAllowed,
  isMappaReviewDue,
  MAPPA_REVIEW_INTERVAL_DAYS,
  mappaPriority,
  mappaTransitionAllowed,
  nextMappaReviewOn,
  screeningOutcome,
} from "./mappa";

describe("MAPPA review intervals", () => {
  it("reviews level 3 every 4 weeks and level 2 every 8 weeks (partnership setting)", () => {
    expect(MAPPA_REVIEW_INTERVAL_DAYS).toEqual({ 3: 28, 2: 56 });
    expect(nextMappaReviewOn(3, "2026-03-02")).toBe("2026-03-30");
    expect(nextMappaReviewOn(2, "2026-03-02")).toBe("2026-04-27");
  });
  it("crosses month and year ends and leap days", () => {
    expect(nextMappaReviewOn(3, "2027-12-20")).toBe("2028-01-17");
    expect(nextMappaReviewOn(3, "2028-02-10")).toBe("2028-03-09");
  });
  it("takes other intervals", () => {
    expect(nextMappaReviewOn(2, "2026-01-01", { 2: 7, 3: 1 })).toBe("2026-01-08");
  });
  it("refuses a non-date or a level that is not 2 or 3", () => {
    expect(() => nextMappaReviewOn(3, "2 March 2026")).toThrow();
    expect(() => nextMappaReviewOn(1 as never, "2026-03-02")).toThrow();
  });
  it("is due on or before the date; never due before the first meeting", () => {
    expect(isMappaReviewDue("2026-03-30", "2026-03-30")).toBe(true);
    expect(isMappaReviewDue("2026-03-31", "2026-03-30")).toBe(false);
    expect(isMappaReviewDue(null, "2099-01-01")).toBe(false);
  });
});

describe("referral rules", () => {
  it("puts level 3 before level 2 on an agenda", () => {
    expect(mappaPriority(3)).toBe("urgent");
    expect(mappaPriority(2)).toBe("soon");
  });
  it("lets the coordinator decide a pending clinic referral only, and the referrer return one asked for more", () => {
    expect(clinicTransitionAllowed("pending", "accepted", "coordinator")).toBe(true);
    expect(clinicTransitionAllowed("pending", "more_information", "coordinator")).toBe(true);
    expect(clinicTransitionAllowed("accepted", "declined", "coordinator")).toBe(false);
    expect(clinicTransitionAllowed("more_information", "accepted", "coordinator")).toBe(false);
    expect(clinicTransitionAllowed("more_information", "pending", "referrer")).toBe(true);
    expect(clinicTransitionAllowed("declined", "pending", "referrer")).toBe(false);
  });
  it("endorses drafts and screens submitted MAPPA referrals only", () => {
    expect(mappaTransitionAllowed("draft", "endorse")).toBe(true);
    expect(mappaTransitionAllowed("submitted", "endorse")).toBe(false);
    expect(mappaTransitionAllowed("submitted", "screen")).toBe(true);
    expect(mappaTransitionAllowed("draft", "screen")).toBe(false);
    expect(mappaTransitionAllowed("accepted", "screen")).toBe(false);
  });
  it("accepts only what meets category 3", () => {
    expect(screeningOutcome(true, true)).toBe("accepted");
    expect(screeningOutcome(false, true)).toBe("not_accepted");
    expect(screeningOutcome(true, false)).toBe("not_accepted");
  });
});

describe("next review after a MAPPA meeting", () => {
  it("follows the confirmed level: 28 days at level 3, 56 at level 2, none at level 1", async () => {
    const { nextReviewAfterMeeting } = await import("./mappa");
    expect(nextReviewAfterMeeting(3, "2026-12-10")).toEqual({
      on: "2027-01-07",
      text: "Level 3: reviewed every 28 days",
    });
    expect(nextReviewAfterMeeting(2, "2026-12-10")?.on).toBe("2027-02-04");
    expect(nextReviewAfterMeeting(1, "2026-12-10")).toMatchObject({ on: null });
    expect(nextReviewAfterMeeting(null, "2026-12-10")).toBeNull();
  });

  it("an accepted referral the panel confirmed at level 1 is shown as managed at level 1", async () => {
    const { mappaReferralStatusLabel } = await import("./mappa");
    expect(mappaReferralStatusLabel("accepted", 1)).toBe("Managed at level 1 by the lead agency");
    expect(mappaReferralStatusLabel("accepted", 2)).toBe("Accepted");
    expect(mappaReferralStatusLabel("submitted", null)).toBe("Awaiting screening");
  });
});
