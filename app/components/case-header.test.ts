import { describe, expect, it } from "vitest";
import { PRE_SENTENCE_ROLES } from "~/access/workflow-roles";
import { caseSectionsFor } from "./case-header";

describe("the case sub-navigation", () => {
  it("offers pre-sentence input only to probation's case-working roles", () => {
    expect([...PRE_SENTENCE_ROLES].sort()).toEqual([
      "court_team",
      "probation_practitioner",
      "senior_probation_officer",
    ]);
    expect(caseSectionsFor(["court_team"]).map((s) => s.label)).toContain("Pre-sentence input");
    expect(caseSectionsFor(["senior_probation_officer"]).map((s) => s.label)).toContain("Pre-sentence input");
  });

  it("never shows it to police, ISAC, health or a MAPPA coordinator", () => {
    for (const role of [
      "investigator",
      "spoc",
      "police_supervisor",
      "advocate",
      "advocate_manager",
      "forensic_psychologist",
      "mappa_coordinator",
      "clinic_coordinator",
    ]) {
      expect(caseSectionsFor([role]).map((s) => s.label)).not.toContain("Pre-sentence input");
      // Every other section is theirs: probation's list less pre-sentence input.
      expect(caseSectionsFor([role]).map((s) => s.label)).toEqual(
        caseSectionsFor(["court_team"])
          .map((s) => s.label)
          .filter((l) => l !== "Pre-sentence input"),
      );
    }
  });
});
