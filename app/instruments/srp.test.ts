import { describe, expect, it } from "vitest";
import { submissionErrors } from "./answers";
import { sampleAnswers } from "./sample-answers";
import { srp } from "./srp";

const judged = (violence: string, persistence: string, recurrence: string, damage = "low") => ({
  srp_violence: violence,
  srp_persistence: persistence,
  srp_recurrence: recurrence,
  srp_damage: damage,
});

describe("SRP: shape", () => {
  it("classifies relationship and motivation with the published categories", () => {
    const [relationship, type] = srp.sections[0]!.items;
    expect(relationship!.response.kind === "choice" && relationship!.response.options.map((o) => o.label)).toEqual([
      "Ex-intimate partner",
      "Acquaintance or professional contact",
      "Stranger",
      "Public figure",
    ]);
    expect(type!.response.kind === "choice" && type!.response.options.map((o) => o.label)).toEqual([
      "Rejected",
      "Resentful",
      "Intimacy seeking",
      "Incompetent suitor",
      "Predatory",
    ]);
  });
  it("is for health and probation, shared with the team", () => {
    expect(srp.agencyTypes).toEqual(["health", "probation"]);
    expect(srp.defaultSharing).toBe("team");
  });
});

describe("SRP: validation", () => {
  it("a complete assessment passes without the considerations", () => {
    expect(
      submissionErrors(
        srp,
        sampleAnswers(srp, { srp_motivation_notes: undefined, srp_type_risks: undefined, srp_protective: undefined }),
      ),
    ).toEqual({});
  });
  it("requires context, type and each judgement with its rationale", () => {
    const errors = submissionErrors(
      srp,
      sampleAnswers(srp, { srp_type: undefined, srp_persistence: undefined, srp_damage_rationale: undefined }),
    );
    expect(errors).toEqual({
      "item.srp_type": "Select an answer for ‘Motivational type’",
      "item.srp_persistence": "Select an answer for ‘Persistence’",
      "item.srp_damage_rationale": "Enter ‘Rationale for psychosocial damage to the stalker’",
    });
  });
  it("has no rules beyond the required items", () => {
    expect(srp.rules({})).toEqual({});
  });
});

describe("SRP: level, judgements and summary", () => {
  it("takes the highest of violence, persistence and recurrence", () => {
    expect(srp.riskLevel(judged("low", "low", "low", "high"))).toBe("standard");
    expect(srp.riskLevel(judged("low", "moderate", "low"))).toBe("medium");
    expect(srp.riskLevel(judged("low", "moderate", "high"))).toBe("high");
    expect(srp.riskLevel(judged("high", "low", "low"))).toBe("high");
  });
  it("has no level until all three are judged", () => {
    expect(srp.riskLevel({ srp_violence: "high", srp_persistence: "high" })).toBeNull();
  });
  it("shows the four domains", () => {
    expect(srp.judgements(judged("high", "moderate", "low", "moderate"))).toEqual([
      { label: "Violence", value: "High" },
      { label: "Persistence", value: "Moderate" },
      { label: "Recurrence", value: "Low" },
      { label: "Psychosocial damage to the stalker", value: "Moderate" },
    ]);
  });
  it("summarises the risk without the relationship or motivation", () => {
    const line = srp.summaryLine({
      ...judged("moderate", "high", "low"),
      srp_relationship: "ex_intimate",
      srp_type: "rejected",
    });
    expect(line).toBe("SRP: high risk (violence: moderate; persistence: high; recurrence: low)");
    expect(srp.summaryLine({})).toBe(
      "SRP: risk not yet judged (violence: not judged; persistence: not judged; recurrence: not judged)",
    );
  });
});

describe("SRP: prompts", () => {
  it("prompts by type and context", () => {
    expect(srp.prompts({ srp_type: "rejected", srp_relationship: "ex_intimate" })).toEqual([
      "Rejected ex-partner: make sure a DASH with S-DASH is current and the police have this assessment",
    ]);
    expect(srp.prompts({ srp_type: "rejected", srp_relationship: "acquaintance" })).toEqual([]);
    expect(srp.prompts({ srp_type: "predatory" })).toEqual([
      "Predatory type: check for sexual offending and share this assessment with the police now",
    ]);
    expect(srp.prompts({ srp_type: "resentful" })[0]).toMatch(/^Resentful type/);
    expect(srp.prompts({ srp_type: "intimacy_seeking" })).toEqual([]);
  });
  it("prompts on high violence and high damage to the stalker", () => {
    expect(srp.prompts(judged("high", "low", "low", "high"))).toEqual([
      "High risk of violence: tell the case team and agree victim safety measures now",
      "High psychosocial damage to the stalker: consider their mental health and any risk of self-harm in the plan",
    ]);
    expect(srp.prompts(judged("moderate", "high", "high", "moderate"))).toEqual([]);
  });
});
