import { describe, expect, it } from "vitest";
import { submissionErrors } from "./answers";
import { dash, DASH_TICK_ITEMS, dashTicks, SDASH_ITEM_IDS } from "./dash";
import { sampleAnswers } from "./sample-answers";
import type { Answers } from "./types";

const ticks = (n: number): Record<string, string> =>
  Object.fromEntries(DASH_TICK_ITEMS.slice(0, n).map((id) => [id, "yes"]));
const sdash = (yes: number): Record<string, string> =>
  Object.fromEntries(SDASH_ITEM_IDS.map((id, i) => [id, i < yes ? "yes" : "no"]));

describe("DASH with S-DASH: shape", () => {
  it("has the DASH questions, the 11 S-DASH questions and the judgement", () => {
    expect(dash.shortName).toBe("DASH with S-DASH");
    expect(dash.sections.map((s) => s.title)).toEqual([
      "Risk checklist (DASH)",
      "Stalking follow-up (S-DASH)",
      "Assessor's judgement",
    ]);
    expect(dash.sections[0]!.items).toHaveLength(27);
    expect(DASH_TICK_ITEMS).toHaveLength(26);
    expect(SDASH_ITEM_IDS).toHaveLength(11);
    expect(dash.sections[1]!.items.every((i) => i.response.kind === "yes_no" && !i.required)).toBe(true);
  });
  it("is completed by police and advocates and shared at summary level by default", () => {
    expect(dash.agencyTypes).toEqual(["police", "isac"]);
    expect(dash.defaultSharing).toBe("summary");
  });
});

describe("DASH with S-DASH: validation", () => {
  it("a complete checklist without stalking needs no S-DASH answers", () => {
    expect(submissionErrors(dash, sampleAnswers(dash, { dash_afraid_of: undefined, rationale: undefined }))).toEqual(
      {},
    );
  });
  it("requires every DASH question and the judgement, but not the free-text fear", () => {
    const errors = submissionErrors(
      dash,
      sampleAnswers(dash, {
        dash_injury: undefined,
        dash_strangle: undefined,
        risk_level: undefined,
        dash_afraid_of: undefined,
      }),
    );
    expect(errors).toEqual({
      "item.dash_injury": "Select an answer for ‘Current injury’",
      "item.dash_strangle": "Select an answer for ‘Strangling, choking, suffocating or drowning’",
      "item.risk_level": "Select an answer for ‘Risk level’",
    });
  });
  it("'not known' is an answer", () => {
    expect(submissionErrors(dash, sampleAnswers(dash, { dash_injury: "not_known" }))).toEqual({});
  });
  it("the stalking question answered yes requires every S-DASH question, in form order", () => {
    const a = sampleAnswers(dash, {
      dash_stalking: "yes",
      ...sdash(3),
      sdash_loitering: undefined,
      sdash_past_violence: undefined,
    });
    const errors = submissionErrors(dash, a);
    expect(Object.keys(errors)).toEqual(["item.sdash_loitering", "item.sdash_past_violence"]);
    expect(errors["item.sdash_loitering"]).toBe(
      "Select an answer for ‘Loitering’: the stalking questions are needed when there is constant contact or stalking",
    );
    expect(submissionErrors(dash, sampleAnswers(dash, { dash_stalking: "yes", ...sdash(3) }))).toEqual({});
  });
  it("the stalking question answered no or not known does not require S-DASH", () => {
    expect(dash.rules(sampleAnswers(dash, { dash_stalking: "no" }))).toEqual({});
    expect(dash.rules(sampleAnswers(dash, { dash_stalking: "not_known" }))).toEqual({});
  });
  it("a high judgement needs a rationale", () => {
    expect(dash.rules(sampleAnswers(dash, { risk_level: "high", rationale: undefined }))).toEqual({
      rationale: "Enter a rationale for the high risk judgement",
    });
    expect(dash.rules(sampleAnswers(dash, { risk_level: "high" }))).toEqual({});
  });
  it("14 or more ticks judged below high needs a rationale; 13 does not", () => {
    const message =
      "Enter a rationale: 14 or more ticks usually indicates high risk, so explain why the risk is not high";
    for (const level of ["standard", "medium"]) {
      expect(dash.rules(sampleAnswers(dash, { ...ticks(14), risk_level: level, rationale: undefined }))).toEqual({
        rationale: message,
      });
    }
    expect(dash.rules(sampleAnswers(dash, { ...ticks(13), risk_level: "medium", rationale: undefined }))).toEqual({});
    expect(
      dash.rules(
        sampleAnswers(dash, {
          ...ticks(20),
          risk_level: "medium",
          rationale: "Several ticks relate to a previous partner.",
        }),
      ),
    ).toEqual({});
  });
  it("S-DASH answers are not DASH ticks", () => {
    // The first six DASH questions come before the stalking question, which is itself a DASH tick.
    expect(DASH_TICK_ITEMS.slice(0, 7).at(-1)).toBe("dash_stalking");
    const a: Answers = { ...ticks(6), dash_stalking: "yes", ...sdash(11) };
    expect(dashTicks(a)).toBe(7);
    expect(dashTicks({ ...ticks(6), ...sdash(11) })).toBe(6);
  });
});

describe("DASH with S-DASH: level, judgements and summary", () => {
  it("takes the level from the assessor's judgement, not the count", () => {
    expect(dash.riskLevel({ ...ticks(20), risk_level: "medium" })).toBe("medium");
    expect(dash.riskLevel({ risk_level: "high" })).toBe("high");
    expect(dash.riskLevel(ticks(20))).toBeNull();
  });
  it("shows the judgement", () => {
    expect(dash.judgements({ risk_level: "high" })).toEqual([{ label: "Risk level", value: "High" }]);
  });
  it("summarises the level and the S-DASH count, with no victim detail", () => {
    expect(
      dash.summaryLine({
        risk_level: "high",
        dash_stalking: "yes",
        ...sdash(7),
        dash_afraid_of: "That he will kill me",
      }),
    ).toBe("DASH with S-DASH: high risk (S-DASH: 7 of 11 stalking factors)");
    expect(dash.summaryLine({ risk_level: "standard" })).toBe("DASH with S-DASH: standard risk");
    expect(dash.summaryLine({})).toBe("DASH with S-DASH: risk not yet judged");
  });
});

describe("DASH with S-DASH: prompts", () => {
  it("prompts S-DASH when stalking is reported", () => {
    expect(dash.prompts({ dash_stalking: "yes" })).toContain(
      "Constant contact or stalking reported: answer all 11 S-DASH stalking questions",
    );
    expect(dash.prompts({ dash_stalking: "no" })).toEqual([]);
  });
  it("prompts the 14-tick threshold at 14, not 13", () => {
    expect(dash.prompts(ticks(14))).toContain("14 or more ticks usually indicates high risk");
    expect(dash.prompts(ticks(13))).not.toContain("14 or more ticks usually indicates high risk");
  });
  it("prompts for strangling, children, breaches and high risk", () => {
    expect(dash.prompts({ dash_strangle: "yes" })).toEqual([
      "Strangling, threats to kill or use of weapons reported: these are strong markers of serious harm; weigh them in your judgement",
    ]);
    expect(dash.prompts({ dash_pregnant: "yes" })).toEqual([
      "Children or an unborn baby may be at risk: consider a safeguarding referral",
    ]);
    expect(dash.prompts({ dash_breach: "yes" })).toEqual([
      "Breach of bail or an order reported: tell the officer in the case; a breach is a marker of raised risk",
    ]);
    expect(dash.prompts({ risk_level: "high" })).toEqual([
      "High risk: refer to MARAC and agree a safety plan with the victim now",
    ]);
  });
});
