import { describe, expect, it } from "vitest";
import {
  defaultDecision,
  disclosedText,
  subjectAccessDueOn,
  subjectAccessLatestExtension,
  thirdPartySegments,
  WITHHELD_MARK,
} from "./subject-access";

const base = {
  ownerAgencyId: "police",
  partyRole: "perpetrator" as const,
  cavVictimConfidential: false,
  cavHealthConfidential: false,
  cavPoliceIntelligence: false,
};

describe("subject access rules", () => {
  it("is due one calendar month after receipt, extendable to three", () => {
    expect(subjectAccessDueOn("2026-01-31")).toBe("2026-02-28");
    expect(subjectAccessLatestExtension("2026-01-31")).toBe("2026-04-30");
  });

  it("starts from disclosing the answering agency's own records and withholding others' and caveated ones", () => {
    expect(defaultDecision(base, "police")).toEqual({ decision: "disclose", exemption: null });
    expect(defaultDecision(base, "isac")).toEqual({ decision: "withhold", exemption: "other_controller" });
    expect(defaultDecision({ ...base, cavPoliceIntelligence: true }, "police")).toEqual({
      decision: "withhold",
      exemption: "crime_prevention",
    });
    expect(defaultDecision({ ...base, cavHealthConfidential: true }, "police")).toEqual({
      decision: "withhold",
      exemption: "serious_harm",
    });
    expect(defaultDecision({ ...base, cavVictimConfidential: true }, "police")).toEqual({
      decision: "withhold",
      exemption: "third_party",
    });
    expect(defaultDecision({ ...base, partyRole: "victim", cavVictimConfidential: true }, "police")).toEqual({
      decision: "disclose",
      exemption: null,
    });
  });

  it("marks other people's names, whole words in any case, and contact details, and withholds them when confirmed", () => {
    const text =
      "Victim Jordan Ashby reports visits by Kieran Voss; jordan's phone 07700 900417. Ashbyville is a place.";
    const segments = thirdPartySegments(text, ["Jordan Ashby", "Jo"]);
    expect(segments.filter((s) => s.thirdParty).map((s) => s.text)).toEqual(["Jordan Ashby", "jordan", "07700 900417"]);
    const out = disclosedText(segments, true);
    expect(out).not.toMatch(/Jordan|jordan|07700/);
    expect(out).toContain("Kieran Voss");
    expect(out).toContain("Ashbyville");
    expect(out).toContain(WITHHELD_MARK);
    expect(disclosedText(segments, false)).toBe(text);
  });
});
