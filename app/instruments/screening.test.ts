import { describe, expect, it } from "vitest";
import { isComplete, submissionErrors } from "./answers";
import { sampleAnswers } from "./sample-answers";
import { screening } from "./screening";

const stalking = { four_fixated: "yes", four_obsessive: "yes", four_unwanted: "yes", four_repeated: "yes" };
const allReferrals = ["advocacy", "clinic", "spo", "marac", "childrens_services"];
const allSafety = ["record_evidence", "emergency_contacts", "online_safety", "home_security", "reporting"];

describe("screening: shape", () => {
  it("is for police and advocates, shared with the team", () => {
    expect(screening.agencyTypes).toEqual(["police", "isac"]);
    expect(screening.defaultSharing).toBe("team");
    expect(screening.sections.map((s) => s.id)).toEqual(["four", "immediate_risk", "safety", "referrals", "judgement"]);
  });
  it("asks all four FOUR questions and the immediate-risk questions, all required", () => {
    const four = screening.sections[0]!.items.map((i) => i.id);
    expect(four).toEqual(expect.arrayContaining(["four_fixated", "four_obsessive", "four_unwanted", "four_repeated"]));
    const risk = screening.sections[1]!.items;
    expect(risk.map((i) => i.id)).toEqual([
      "risk_threats",
      "risk_violence",
      "risk_escalating",
      "risk_weapons",
      "risk_frightened",
      "risk_children",
    ]);
    expect(risk.every((i) => i.required && i.response.kind === "yes_no")).toBe(true);
  });
  it("never advises coming off social media: the online advice says not to", () => {
    const text = JSON.stringify(screening.sections[2]);
    expect(text).toMatch(/Never tell the victim to come off social media/);
  });
});

describe("screening: validation", () => {
  it("a complete screening passes", () => {
    expect(submissionErrors(screening, sampleAnswers(screening, { rationale: undefined }))).toEqual({});
  });
  it("requires the judgement and every FOUR and immediate-risk question", () => {
    const errors = submissionErrors(
      screening,
      sampleAnswers(screening, { risk_level: undefined, four_unwanted: undefined, risk_weapons: undefined }),
    );
    expect(errors).toEqual({
      "item.four_unwanted": "Select an answer for ‘Unwanted’",
      "item.risk_weapons": "Select an answer for ‘Access to weapons’",
      "item.risk_level": "Select an answer for ‘Risk level’",
    });
    expect(Object.keys(errors)).toEqual(["item.four_unwanted", "item.risk_weapons", "item.risk_level"]);
  });
  it("does not require safety advice, referrals or notes", () => {
    expect(
      isComplete(
        screening,
        sampleAnswers(screening, { safety_notes: undefined, referral_notes: undefined, rationale: undefined }),
      ),
    ).toBe(true);
  });
  it("a high judgement needs a rationale", () => {
    expect(submissionErrors(screening, sampleAnswers(screening, { risk_level: "high", rationale: undefined }))).toEqual(
      {
        "item.rationale": "Enter a rationale for the high risk judgement",
      },
    );
    expect(submissionErrors(screening, sampleAnswers(screening, { risk_level: "high" }))).toEqual({});
  });
  it("an immediate risk judged standard needs a rationale", () => {
    const a = sampleAnswers(screening, { risk_level: "standard", risk_threats: "yes", rationale: undefined });
    expect(submissionErrors(screening, a)).toEqual({
      "item.rationale": "Enter a rationale: an immediate risk is present but the risk is judged standard",
    });
    expect(
      submissionErrors(screening, { ...a, rationale: "Threat was a single remark, withdrawn; victim not fearful." }),
    ).toEqual({});
  });
  it("an immediate risk judged medium, or no immediate risk judged standard, needs no rationale", () => {
    expect(
      screening.rules(sampleAnswers(screening, { risk_level: "medium", risk_threats: "yes", rationale: undefined })),
    ).toEqual({});
    expect(
      screening.rules(
        sampleAnswers(screening, { risk_level: "standard", risk_threats: "not_known", rationale: undefined }),
      ),
    ).toEqual({});
  });
  it("a blank rationale does not count", () => {
    expect(screening.rules(sampleAnswers(screening, { risk_level: "high", rationale: "   " }))).toHaveProperty(
      "rationale",
    );
  });
});

describe("screening: level, judgements and summary", () => {
  it("takes the level from the officer's judgement", () => {
    for (const level of ["standard", "medium", "high"] as const)
      expect(screening.riskLevel({ risk_level: level })).toBe(level);
    expect(screening.riskLevel({})).toBeNull();
    expect(screening.riskLevel({ risk_level: "severe" })).toBeNull();
  });
  it("shows the judgement and the FOUR count", () => {
    expect(screening.judgements({ ...stalking, risk_level: "medium" })).toEqual([
      { label: "Risk level", value: "Medium" },
      { label: "FOUR indicators present", value: "4 of 4" },
    ]);
    expect(screening.judgements({})[0]).toEqual({ label: "Risk level", value: "Not answered" });
  });
  it("summarises without victim detail", () => {
    expect(screening.summaryLine({ ...stalking, risk_level: "high", safety_notes: "Lives at 1 Synthetic Road" })).toBe(
      "Stalking screening: high risk (FOUR: 4 of 4 indicators)",
    );
    expect(screening.summaryLine({ four_fixated: "yes" })).toBe(
      "Stalking screening: risk not yet judged (FOUR: 1 of 4 indicators)",
    );
  });
});

describe("screening: prompts", () => {
  const quiet = { referrals: allReferrals, safety_given: allSafety };
  it("all four indicators: record as stalking, refer to advocacy, consider an SPO", () => {
    const prompts = screening.prompts({ ...stalking, safety_given: allSafety });
    expect(prompts).toContain(
      "All four FOUR indicators present: this is stalking; record it as stalking, not harassment",
    );
    expect(prompts).toContain("Refer to the stalking advocacy service");
    expect(prompts).toContain("Consider a stalking protection order");
  });
  it("referrals already made are not prompted again", () => {
    const prompts = screening.prompts({ ...stalking, ...quiet, risk_level: "medium" });
    expect(prompts).toEqual([
      "All four FOUR indicators present: this is stalking; record it as stalking, not harassment",
    ]);
  });
  it("fewer than four indicators: warns against recording it as harassment without looking at the pattern", () => {
    const prompts = screening.prompts({ ...stalking, four_obsessive: "not_known", ...quiet });
    expect(prompts).toEqual([
      "Not all FOUR indicators present: this may still be stalking; look at the whole pattern of behaviour before recording it as harassment",
    ]);
    expect(prompts.join()).not.toMatch(/advocacy/);
  });
  it("the clinic is prompted for medium and high risk stalking only", () => {
    const clinic = "Consider referring the case to the stalking clinic for a multi-agency assessment";
    expect(screening.prompts({ ...stalking, risk_level: "high" })).toContain(clinic);
    expect(screening.prompts({ ...stalking, risk_level: "standard" })).not.toContain(clinic);
  });
  it("domestic abuse: DASH always; MARAC when high and not referred", () => {
    const dash = "Domestic abuse context: complete a DASH risk checklist with the S-DASH stalking questions";
    const marac = "High risk domestic abuse: refer to MARAC";
    expect(screening.prompts({ domestic_abuse: "yes", risk_level: "medium" })).toContain(dash);
    expect(screening.prompts({ domestic_abuse: "yes", risk_level: "medium" })).not.toContain(marac);
    expect(screening.prompts({ domestic_abuse: "yes", risk_level: "high" })).toContain(marac);
    expect(screening.prompts({ domestic_abuse: "yes", risk_level: "high", referrals: ["marac"] })).not.toContain(marac);
    expect(screening.prompts({ domestic_abuse: "no", risk_level: "high" })).not.toContain(dash);
  });
  it("immediate risk, weapons and children each prompt action", () => {
    const prompts = screening.prompts({ risk_weapons: "yes", risk_children: "yes", ...{ safety_given: allSafety } });
    expect(prompts).toContain(
      "Immediate risk identified: agree immediate safety measures with the victim now and tell your supervisor",
    );
    expect(prompts).toContain(
      "Access to weapons: check firearms and shotgun licensing and consider urgent safeguarding action",
    );
    expect(prompts).toContain("Children affected: consider a safeguarding referral to children's services");
    expect(screening.prompts({ risk_weapons: "no", risk_children: "not_known", ...quiet })).toEqual([]);
  });
  it("reminds about safety advice not yet given, without telling the victim to come off social media", () => {
    const prompts = screening.prompts({ safety_given: ["emergency_contacts"] });
    expect(prompts).toContain(
      "Advise the victim how to record evidence: a diary, screenshots, and keeping messages and call logs",
    );
    expect(prompts).toContain(
      "Give online safety advice (privacy and location settings, passwords, device checks); do not tell the victim to come off social media",
    );
    expect(prompts).not.toContain("Give the victim emergency contacts and the incident reference number");
  });
});
