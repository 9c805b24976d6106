import { describe, expect, it } from "vitest";
import { submissionErrors } from "./answers";
import { sam, SAM_FACTOR_IDS } from "./sam";
import { sampleAnswers } from "./sample-answers";

const noStrategies = {
  sam_mgmt_monitoring: undefined,
  sam_mgmt_supervision: undefined,
  sam_mgmt_treatment: undefined,
  sam_mgmt_victim_safety: undefined,
};

describe("SAM: shape", () => {
  it("has 30 factors, 10 in each domain, each rated recent, lifetime and relevance", () => {
    expect(sam.sections.slice(0, 3).map((s) => [s.title, s.items.length])).toEqual([
      ["Nature of stalking", 10],
      ["Perpetrator risk factors", 10],
      ["Victim vulnerability factors", 10],
    ]);
    expect(SAM_FACTOR_IDS).toHaveLength(30);
    for (const item of sam.sections.slice(0, 3).flatMap((s) => s.items)) {
      expect(item.required).toBe(true);
      expect(
        item.response.kind === "factor" && item.response.facets.map((f) => [f.id, f.scale.map((o) => o.value)]),
      ).toEqual([
        ["presence_recent", ["N", "P", "Y", "O"]],
        ["presence_lifetime", ["N", "P", "Y", "O"]],
        ["relevance", ["low", "moderate", "high"]],
      ]);
    }
  });
  it("uses the published factor names", () => {
    const names = sam.sections.slice(0, 3).flatMap((s) => s.items.map((i) => i.shortName));
    expect(names.slice(0, 10)).toEqual([
      "Communicates about victim",
      "Communicates with victim",
      "Approaches or surveils",
      "Direct contact",
      "Intimidates",
      "Threatens",
      "Violent",
      "Persistent",
      "Escalating",
      "Supervision violations",
    ]);
    expect(names).toContain("Employment and financial problems");
    expect(names).toContain("Inconsistent attitude toward perpetrator");
  });
  it("is for health, probation and police, shared with the team", () => {
    expect(sam.agencyTypes).toEqual(["health", "probation", "police"]);
    expect(sam.defaultSharing).toBe("team");
    expect(sam.shortName).toBe("SAM");
  });
});

describe("SAM: validation", () => {
  it("a complete assessment passes", () => {
    expect(submissionErrors(sam, sampleAnswers(sam, { sam_scenario_worst: undefined }))).toEqual({});
  });
  it("requires every facet of every factor", () => {
    const errors = submissionErrors(
      sam,
      sampleAnswers(sam, { sam_p_angry: { presence_recent: "Y" }, sam_v_living: undefined }),
    );
    expect(errors).toEqual({
      "item.sam_p_angry.presence_lifetime": "Select lifetime presence for ‘Angry’",
      "item.sam_p_angry.relevance": "Select relevance for ‘Angry’",
      "item.sam_v_living.presence_recent": "Select recent presence for ‘Unsafe living situation’",
      "item.sam_v_living.presence_lifetime": "Select lifetime presence for ‘Unsafe living situation’",
      "item.sam_v_living.relevance": "Select relevance for ‘Unsafe living situation’",
    });
  });
  it("requires the most likely scenario, each summary judgement and the rationale, not the worst case", () => {
    const errors = submissionErrors(
      sam,
      sampleAnswers(sam, {
        sam_scenario_likely: undefined,
        sam_scenario_worst: undefined,
        sam_imminence: undefined,
        sam_rationale: undefined,
      }),
    );
    expect(errors).toEqual({
      "item.sam_scenario_likely": "Enter ‘Most likely scenario’",
      "item.sam_imminence": "Select an answer for ‘Imminence’",
      "item.sam_rationale": "Enter ‘Rationale’",
    });
  });
  it("needs at least one management strategy", () => {
    expect(submissionErrors(sam, sampleAnswers(sam, noStrategies))).toEqual({
      "item.sam_mgmt_monitoring":
        "Enter at least one management strategy: monitoring, supervision, treatment or victim safety planning",
    });
    expect(
      sam.rules(sampleAnswers(sam, { ...noStrategies, sam_mgmt_treatment: "Referral to the stalking clinic." })),
    ).toEqual({});
    expect(sam.rules(sampleAnswers(sam, { ...noStrategies, sam_mgmt_victim_safety: "  " }))).toHaveProperty(
      "sam_mgmt_monitoring",
    );
  });
  it("accepts 'omit' as a rating", () => {
    expect(
      submissionErrors(
        sam,
        sampleAnswers(sam, { sam_p_irrational: { presence_recent: "O", presence_lifetime: "O", relevance: "low" } }),
      ),
    ).toEqual({});
  });
});

describe("SAM: level, judgements and summary", () => {
  it("maps case prioritisation to the risk level", () => {
    expect(sam.riskLevel({ sam_priority: "low", sam_violence: "high" })).toBe("standard");
    expect(sam.riskLevel({ sam_priority: "moderate" })).toBe("medium");
    expect(sam.riskLevel({ sam_priority: "high" })).toBe("high");
    expect(sam.riskLevel({ sam_violence: "high" })).toBeNull();
  });
  it("shows the four summary judgements in order", () => {
    expect(sam.judgements({ sam_priority: "high", sam_continued: "high", sam_violence: "moderate" })).toEqual([
      { label: "Case prioritisation", value: "High" },
      { label: "Risk of continued stalking", value: "High" },
      { label: "Risk of stalking-related violence", value: "Moderate" },
      { label: "Imminence", value: "Not answered" },
    ]);
  });
  it("summarises the judgements only", () => {
    expect(
      sam.summaryLine(
        sampleAnswers(sam, {
          sam_priority: "high",
          sam_continued: "high",
          sam_violence: "moderate",
          sam_imminence: "low",
        }),
      ),
    ).toBe("SAM: case prioritisation high (continued stalking: high; violence: moderate; imminence: low)");
    expect(sam.summaryLine({})).toBe(
      "SAM: case prioritisation not judged (continued stalking: not judged; violence: not judged; imminence: not judged)",
    );
  });
});

describe("SAM: prompts", () => {
  it("counts omitted factors", () => {
    expect(sam.prompts({ sam_p_angry: { presence_recent: "O" }, sam_p_obsessed: { presence_lifetime: "O" } })).toEqual([
      "2 factors omitted for lack of information: say in the rationale what is missing and how it will be found",
    ]);
    expect(sam.prompts({ sam_p_angry: { presence_recent: "O" } })[0]).toMatch(/^1 factor omitted/);
    expect(sam.prompts(sampleAnswers(sam))).toEqual([]);
  });
  it("prompts on recent supervision violations", () => {
    expect(sam.prompts({ sam_ns_supervision_violations: { presence_recent: "Y" } })).toEqual([
      "Supervision violations recently: check the case's protective orders and record any breach",
    ]);
    expect(sam.prompts({ sam_ns_supervision_violations: { presence_recent: "N", presence_lifetime: "Y" } })).toEqual(
      [],
    );
  });
  it("high violence without victim safety planning, imminence and prioritisation", () => {
    expect(sam.prompts({ sam_violence: "high" })).toEqual([
      "High risk of stalking-related violence: include victim safety planning in the management strategies",
    ]);
    expect(sam.prompts({ sam_violence: "high", sam_mgmt_victim_safety: "Panic alarm fitted." })).toEqual([]);
    expect(sam.prompts({ sam_imminence: "high" })).toEqual([
      "Imminent risk: tell the case team and the police now, not at the next meeting",
    ]);
    expect(sam.prompts({ sam_priority: "high" })).toEqual([
      "High case prioritisation: review within 28 days, sooner if anything changes",
    ]);
  });
});
