import { describe, expect, it } from "vitest";
import {
  describeProposal,
  parseProposalForm,
  proposalFormValues,
  proposalTexts,
  readProposal,
  type SentenceProposal,
} from "./pre-sentence-proposal";

const CONVICTED = "2026-05-15";
const CO = {
  sentence: "community_order",
  orderMonths: "24",
  sentenceRationale: "A community order lets the programme address the fixation.",
  requirements: ["accredited_programme", "curfew", "unpaid_work"],
  "accredited_programme-amount": "30",
  "accredited_programme-detail": "Stalking perpetrator programme",
  "accredited_programme-rationale": "He accepts he needs help to stop.",
  "curfew-amount": "6",
  "curfew-hours": "12",
  "curfew-days": "7",
  "curfew-detail": "19:00 to 07:00",
  "curfew-monitoring": "yes",
  "curfew-rationale": "The incidents happened in the evenings.",
  "unpaid_work-amount": "120",
  "unpaid_work-rationale": "Punishment in the community.",
  ancillary: ["restraining_order"],
  "restraining_order-terms":
    "Not to contact the victim directly or indirectly\nNot to enter the exclusion zone on the map held by the court",
  "restraining_order-until": "further_order",
  "restraining_order-rationale": "The victim fears further contact.",
};

function parsed(values: Record<string, string | string[]>, convictedOn: string | null = CONVICTED) {
  const r = parseProposalForm(values, convictedOn);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { ...r.proposal, contactOverride: null } satisfies SentenceProposal;
}
const errorsOf = (values: Record<string, string | string[]>, convictedOn: string | null = CONVICTED) => {
  const r = parseProposalForm(values, convictedOn);
  return r.ok ? {} : r.errors;
};

describe("the structured proposal", () => {
  it("reads a community order with requirements and a restraining order, and describes it as a sentencer reads it", () => {
    const p = parsed(CO);
    expect(p.sentence).toEqual({
      type: "community_order",
      term: { value: 24, unit: "months" },
      suspendedMonths: null,
      rationale: CO.sentenceRationale,
    });
    expect(p.requirements.map((r) => r.type)).toEqual(["accredited_programme", "curfew", "unpaid_work"]);
    expect(p.requirements[1]).toMatchObject({ amount: 6, hoursADay: 12, daysAWeek: 7, electronicMonitoring: true });
    expect(p.ancillary[0]).toMatchObject({
      type: "restraining_order",
      terms: [
        "Not to contact the victim directly or indirectly",
        "Not to enter the exclusion zone on the map held by the court",
      ],
      months: null,
    });
    const lines = describeProposal(p);
    expect(lines.sentence).toEqual({
      label: "Community order",
      terms: "For 24 months",
      rationale: CO.sentenceRationale,
    });
    expect(lines.requirements.map((r) => r.terms)).toEqual([
      "30 days. Stalking perpetrator programme",
      "For 6 months, 12 hours a day on 7 days a week, with electronic monitoring. 19:00 to 07:00",
      "120 hours",
    ]);
    expect(lines.ancillary[0]).toMatchObject({
      label: "Restraining order on conviction",
      duration: "Until further order",
    });
    // Saved and read back, and shown again in the form, it is the same proposal.
    expect(readProposal(JSON.stringify(p))).toEqual(p);
    expect(parsed(proposalFormValues(p))).toEqual(p);
    expect(proposalTexts(p).map((t) => t.field)).toEqual([
      "sentenceRationale",
      "accredited_programme-detail",
      "accredited_programme-rationale",
      "curfew-detail",
      "curfew-rationale",
      "unpaid_work-rationale",
      "restraining_order-terms",
      "restraining_order-rationale",
    ]);
  });

  it("refuses what the law does not allow, naming the field", () => {
    expect(errorsOf({ ...CO, "unpaid_work-amount": "30" })["unpaid_work-amount"]).toMatch(/between 40 and 300/);
    expect(errorsOf({ ...CO, "unpaid_work-amount": "301" })["unpaid_work-amount"]).toMatch(/between 40 and 300/);
    expect(errorsOf({ ...CO, "curfew-hours": "21" })["curfew-hours"]).toMatch(/between 2 and 20/);
    expect(errorsOf({ ...CO, "curfew-hours": "20", "curfew-days": "7" })["curfew-hours"]).toMatch(
      /at most 112 hours in any 7 days: 20 hours on 7 days is 140/,
    );
    expect(errorsOf({ ...CO, "curfew-hours": "16", "curfew-days": "7" })).toEqual({});
    expect(errorsOf({ ...CO, "curfew-amount": "25" })["curfew-amount"]).toMatch(/between 1 and 24/);
    expect(errorsOf({ ...CO, orderMonths: "37" }).orderMonths).toMatch(/between 1 and 36/);
    expect(errorsOf({ ...CO, orderMonths: "4" })["curfew-amount"]).toBe(
      "The curfew requirement cannot last longer than the order (4 months)",
    );
    expect(errorsOf({ ...CO, requirements: [] }).requirements).toMatch(
      /community order needs at least one requirement/,
    );
    expect(errorsOf({ ...CO, sentence: "fine" }).requirements).toBe(
      "Requirements go with a community order or a suspended sentence order, not fine",
    );
    expect(errorsOf({ ...CO, requirements: ["made_up"] }).requirements).toBe("Select requirements from the list");
    expect(errorsOf({ ...CO, sentence: "hanging" }).sentence).toBe("Select the sentence you propose");
    expect(errorsOf({ ...CO, "curfew-rationale": " " })["curfew-rationale"]).toBe(
      "Enter why you propose the curfew requirement",
    );
    expect(errorsOf({ ...CO, "restraining_order-terms": "" })["restraining_order-terms"]).toMatch(/Enter the terms/);
    expect(errorsOf({ ...CO, "restraining_order-until": "" })["restraining_order-until"]).toBe(
      "Select how long the restraining order lasts",
    );
    expect(errorsOf({ ...CO, sentenceRationale: "x".repeat(2001) }).sentenceRationale).toMatch(
      /2,000 characters or fewer/,
    );
  });

  it("bounds a suspended sentence by the date of conviction: 14 days to 2 years before the Sentencing Act 2026, 3 years after", () => {
    const sso = {
      ...CO,
      sentence: "suspended_sentence_order",
      suspendedTerm: "30",
      suspendedUnit: "months",
      suspendedMonths: "30",
      "curfew-amount": "6",
    };
    expect(errorsOf(sso, "2026-03-21").suspendedTerm).toBe(
      "A suspended sentence can be a custodial term of at most 2 years",
    );
    expect(errorsOf(sso, "2026-03-21").suspendedMonths).toMatch(/between 6 and 24/);
    expect(errorsOf(sso, "2026-03-22")).toEqual({});
    expect(errorsOf({ ...sso, suspendedTerm: "10", suspendedUnit: "days" }).suspendedTerm).toBe(
      "A suspended sentence must be a custodial term of at least 14 days",
    );
    expect(errorsOf({ ...sso, suspendedMonths: "5" }).suspendedMonths).toMatch(/between 6 and 36/);
    // Its requirements fall within the operational period.
    expect(errorsOf({ ...sso, suspendedMonths: "6", "curfew-amount": "7" })["curfew-amount"]).toMatch(
      /longer than the order \(6 months\)/,
    );
    const p = parsed(sso);
    expect(describeProposal(p).sentence.terms).toBe("30 months custody, suspended for 30 months");
  });

  it("takes a discharge or a fine with no requirements, and custody with its term", () => {
    expect(
      describeProposal(
        parsed({ sentence: "conditional_discharge", dischargeMonths: "12", sentenceRationale: "First offence." }),
      ).sentence.terms,
    ).toBe("Conditionally discharged for 12 months");
    expect(
      errorsOf({ sentence: "conditional_discharge", dischargeMonths: "40", sentenceRationale: "x" }).dischargeMonths,
    ).toMatch(/between 1 and 36/);
    expect(
      describeProposal(parsed({ sentence: "absolute_discharge", sentenceRationale: "x" })).sentence.terms,
    ).toBeNull();
    expect(
      describeProposal(parsed({ sentence: "custody", custodyTerm: "18", custodyUnit: "weeks", sentenceRationale: "x" }))
        .sentence.terms,
    ).toBe("18 weeks custody");
    expect(
      errorsOf({ sentence: "custody", custodyTerm: "eighteen", custodyUnit: "weeks", sentenceRationale: "x" })
        .custodyTerm,
    ).toBe("The custodial term must be a whole number");
  });

  it("reads nothing it cannot trust from the column", () => {
    expect(readProposal(null)).toBeNull();
    expect(readProposal("not json")).toBeNull();
    expect(readProposal(JSON.stringify({ sentence: { type: "hanging" } }))).toBeNull();
  });
});
