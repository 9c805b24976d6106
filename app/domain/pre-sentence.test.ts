import { describe, expect, it } from "vitest";
import {
  courseOfConductSummary,
  neverPullable,
  parseSourceKey,
  sectionAccepts,
  standingOf,
  psrSection,
  TIMELINE_KEY,
} from "./pre-sentence";

const day = (iso: string) => iso.slice(0, 10);

describe("courseOfConductSummary", () => {
  it("counts incidents, the period, each behaviour once per incident (most frequent first) and who reported them", () => {
    const text = courseOfConductSummary(
      [
        { occurredAt: "2026-03-02T20:00:00Z", behaviours: ["turning_up", "following"], source: "witness" },
        { occurredAt: "2026-01-10T21:40:00Z", behaviours: ["messages", "messages"], source: "victim" },
        { occurredAt: "2026-02-14T17:30:00Z", behaviours: ["messages", "turning_up"], source: "victim" },
      ],
      day,
    );
    expect(text).toBe(
      "Course of conduct: 3 incidents between 2026-01-10 and 2026-03-02 (unwanted messages in 2, turning up in 2, following in 1), reported by victim (2), witness (1).",
    );
  });

  it("says 'on' for one incident and is empty for none", () => {
    expect(
      courseOfConductSummary([{ occurredAt: "2026-01-10T21:40:00Z", behaviours: [], source: "police" }], day),
    ).toBe("Course of conduct: 1 incident on 2026-01-10, reported by police (1).");
    expect(courseOfConductSummary([], day)).toBe("");
  });
});

describe("sources and standing", () => {
  it("keeps victim contact out whatever else", () => {
    expect(neverPullable({ category: "victim_contact", cavVictimConfidential: false })).toBe(true);
    expect(neverPullable({ category: "victim_care", cavVictimConfidential: true })).toBe(true);
    expect(neverPullable({ category: "victim_care", cavVictimConfidential: false })).toBe(false);
  });

  it("parses only well-formed keys", () => {
    expect(parseSourceKey("3e06b178-10e2-45fd-ab39-ce4c2dca3b92:decision:2")).toEqual({
      recordId: "3e06b178-10e2-45fd-ab39-ce4c2dca3b92",
      part: "decision:2",
    });
    expect(parseSourceKey(TIMELINE_KEY)).toEqual({ recordId: "timeline", part: "summary" });
    for (const bad of [
      "",
      "x:summary",
      "3e06b178-10e2-45fd-ab39-ce4c2dca3b92",
      "3e06b178-10e2-45fd-ab39-ce4c2dca3b92:Summary",
      "3e06b178-10e2-45fd-ab39-ce4c2dca3b92:summary;drop",
    ])
      expect(parseSourceKey(bad)).toBeNull();
  });

  it("lets each section take only its kinds (and instruments)", () => {
    expect(sectionAccepts(psrSection("pattern_motivation")!, "risk_assessment", "sam")).toBe(true);
    expect(sectionAccepts(psrSection("pattern_motivation")!, "risk_assessment", "dash")).toBe(false);
    expect(sectionAccepts(psrSection("offence_analysis")!, "incident", null)).toBe(true);
    expect(sectionAccepts(psrSection("proposal")!, "incident", null)).toBe(false);
  });

  it("says how a statement stands against its source", () => {
    expect(standingOf("a", { retracted: false, superseded: false, text: "a" })).toBe("current");
    expect(standingOf("a", { retracted: false, superseded: false, text: "b" })).toBe("changed");
    expect(standingOf("a", { retracted: true, superseded: false, text: "a" })).toBe("retracted");
    expect(standingOf("a", { retracted: false, superseded: true, text: "a" })).toBe("superseded");
    expect(standingOf("a", { retracted: false, superseded: false, text: null })).toBe("unavailable");
  });
});
