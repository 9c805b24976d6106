import { describe, expect, it } from "vitest";
import {
  answerLabel,
  answersToFormValues,
  compareAnswers,
  facetLabel,
  fieldName,
  formFields,
  isComplete,
  parseAnswers,
  submissionErrors,
} from "./answers";
import { dash } from "./dash";
import { sam } from "./sam";
import { sampleAnswers } from "./sample-answers";
import { screening } from "./screening";
import { srp } from "./srp";
import type { Instrument } from "./types";

// A small instrument with one item of each kind, so the generic rules are tested apart from any real instrument.
const toy: Instrument = {
  code: "screening",
  version: "test.1",
  name: "Toy",
  shortName: "Toy",
  description: "For tests",
  agencyTypes: ["police"],
  defaultSharing: "team",
  sections: [
    {
      id: "s1",
      title: "Section one",
      items: [
        {
          id: "frightened",
          shortName: "Victim very frightened",
          help: "h",
          response: { kind: "yes_no" },
          required: true,
        },
        {
          id: "level",
          shortName: "Risk level",
          help: "h",
          response: {
            kind: "choice",
            options: [
              { value: "low", label: "Low" },
              { value: "high", label: "High" },
            ],
          },
          required: true,
        },
        {
          id: "ticks",
          shortName: "Advice given",
          help: "h",
          response: {
            kind: "multi",
            options: [
              { value: "a", label: "Advice A" },
              { value: "b", label: "Advice B" },
            ],
          },
          required: true,
        },
      ],
    },
    {
      id: "s2",
      title: "Section two",
      items: [
        {
          id: "angry",
          shortName: "Angry",
          help: "h",
          response: {
            kind: "factor",
            facets: [
              {
                id: "now",
                label: "Recent presence",
                scale: [
                  { value: "N", label: "N (absent)" },
                  { value: "Y", label: "Y (present)" },
                ],
              },
              {
                id: "ever",
                label: "Lifetime presence",
                scale: [
                  { value: "N", label: "N (absent)" },
                  { value: "Y", label: "Y (present)" },
                ],
              },
            ],
          },
          required: true,
        },
        {
          id: "rationale",
          shortName: "Rationale",
          help: "h",
          response: { kind: "text", maxLength: 2000 },
          required: true,
        },
        { id: "notes", shortName: "Notes", help: "h", response: { kind: "text", maxLength: 10 }, required: false },
      ],
    },
  ],
  rules: (a): Record<string, string> =>
    a.level === "high" && a.frightened !== "yes"
      ? { frightened: "Select yes when the risk is high", "angry.ever": "Rule on a facet" }
      : {},
  riskLevel: () => null,
  judgements: () => [],
  summaryLine: () => "Toy",
  prompts: () => [],
};

describe("field names", () => {
  it("names items and facets", () => {
    expect(fieldName("frightened")).toBe("item.frightened");
    expect(fieldName("angry", "now")).toBe("item.angry.now");
    expect(formFields(toy).map((f) => f.name)).toEqual([
      "item.frightened",
      "item.level",
      "item.ticks",
      "item.angry.now",
      "item.angry.ever",
      "item.rationale",
      "item.notes",
    ]);
  });
});

describe("parseAnswers", () => {
  it("reads every kind of item", () => {
    const { answers, errors } = parseAnswers(toy, {
      "item.frightened": "yes",
      "item.level": "high",
      "item.ticks": ["b", "a"],
      "item.angry.now": "Y",
      "item.angry.ever": "N",
      "item.rationale": "  Because.  ",
    });
    expect(errors).toEqual({});
    expect(answers).toEqual({
      frightened: "yes",
      level: "high",
      ticks: ["a", "b"],
      angry: { now: "Y", ever: "N" },
      rationale: "Because.",
    });
  });
  it("keeps a draft's partial answers and leaves blanks out", () => {
    const { answers, errors } = parseAnswers(toy, {
      "item.frightened": "",
      "item.level": "low",
      "item.ticks": "",
      "item.angry.now": "N",
      "item.rationale": "   ",
    });
    expect(errors).toEqual({});
    expect(answers).toEqual({ level: "low", angry: { now: "N" } });
  });
  it("ignores fields that are not items, and item fields this version does not have", () => {
    const { answers, errors } = parseAnswers(toy, {
      csrf: "x",
      instrumentVersion: "test.1",
      intent: "save",
      "item.unknown": "yes",
      "item.angry": "Y",
      "item.angry.never": "Y",
    });
    expect(errors).toEqual({});
    expect(answers).toEqual({});
  });
  it("refuses a value outside the scale, naming the item", () => {
    const { answers, errors } = parseAnswers(toy, {
      "item.frightened": "maybe",
      "item.level": "severe",
      "item.angry.now": "X",
      "item.angry.ever": "Y",
    });
    expect(errors).toEqual({
      "item.frightened": "Select an answer for ‘Victim very frightened’ from the options given",
      "item.level": "Select an answer for ‘Risk level’ from the options given",
      "item.angry.now": "Select recent presence for ‘Angry’ from the options given",
    });
    expect(answers).toEqual({ angry: { ever: "Y" } });
  });
  it("refuses an unknown checkbox option", () => {
    expect(parseAnswers(toy, { "item.ticks": ["a", "z"] }).errors).toEqual({
      "item.ticks": "Select only the options given for ‘Advice given’",
    });
  });
  it("refuses two values for a single answer (a tampered form)", () => {
    expect(parseAnswers(toy, { "item.frightened": ["yes", "no"], "item.rationale": ["one", "two"] }).errors).toEqual({
      "item.frightened": "Select an answer for ‘Victim very frightened’ from the options given",
      "item.rationale": "Enter one answer for ‘Rationale’",
    });
    // A repeated blank is harmless.
    expect(parseAnswers(toy, { "item.frightened": ["yes", ""] }).answers).toEqual({ frightened: "yes" });
  });
  it("refuses text over the limit, counting a line break as one character", () => {
    expect(parseAnswers(toy, { "item.rationale": "x".repeat(2001) }).errors).toEqual({
      "item.rationale": "Rationale must be 2,000 characters or fewer",
    });
    expect(parseAnswers(toy, { "item.rationale": "x".repeat(2000) }).errors).toEqual({});
    expect(parseAnswers(toy, { "item.notes": "12345\r\n6789" })).toEqual({
      answers: { notes: "12345\n6789" },
      errors: {},
    });
    expect(parseAnswers(toy, { "item.notes": "12345\r\n67890" }).errors).toEqual({
      "item.notes": "Notes must be 10 characters or fewer",
    });
  });
  it("reads a real instrument's field names", () => {
    const { answers, errors } = parseAnswers(sam, {
      "item.sam_p_angry.presence_recent": "P",
      "item.sam_p_angry.relevance": "high",
      "item.sam_priority": "extreme",
    });
    expect(answers).toEqual({ sam_p_angry: { presence_recent: "P", relevance: "high" } });
    expect(errors).toEqual({
      "item.sam_priority": "Select an answer for ‘Case prioritisation’ from the options given",
    });
  });
  it("round-trips with answersToFormValues for every instrument", () => {
    for (const instrument of [screening, dash, sam, srp]) {
      const answers = sampleAnswers(instrument, instrument === screening ? { referrals: ["spo", "advocacy"] } : {});
      const again = parseAnswers(instrument, answersToFormValues(instrument, answers));
      expect(again.errors).toEqual({});
      expect(again.answers).toEqual(
        instrument === screening ? { ...answers, referrals: ["advocacy", "spo"] } : answers,
      );
    }
  });
});

describe("submissionErrors", () => {
  const complete = { frightened: "no", level: "low", ticks: ["a"], angry: { now: "N", ever: "N" }, rationale: "R" };
  it("passes a complete assessment", () => {
    expect(submissionErrors(toy, complete)).toEqual({});
    expect(isComplete(toy, complete)).toBe(true);
  });
  it("lists every unanswered required item in form order, with GOV.UK wording", () => {
    const errors = submissionErrors(toy, { angry: { ever: "Y" } });
    expect(errors).toEqual({
      "item.frightened": "Select an answer for ‘Victim very frightened’",
      "item.level": "Select an answer for ‘Risk level’",
      "item.ticks": "Select at least one option for ‘Advice given’",
      "item.angry.now": "Select recent presence for ‘Angry’",
      "item.rationale": "Enter ‘Rationale’",
    });
    expect(Object.keys(errors)).toEqual([
      "item.frightened",
      "item.level",
      "item.ticks",
      "item.angry.now",
      "item.rationale",
    ]);
    expect(isComplete(toy, {})).toBe(false);
  });
  it("adds the instrument's rules keyed by field, in form order, after required-item messages", () => {
    const errors = submissionErrors(toy, { ...complete, level: "high", angry: { now: "N" } });
    expect(errors).toEqual({
      "item.frightened": "Select yes when the risk is high",
      "item.angry.ever": "Select lifetime presence for ‘Angry’",
    });
    expect(Object.keys(submissionErrors(toy, { ...complete, level: "high" }))).toEqual([
      "item.frightened",
      "item.angry.ever",
    ]);
  });
  it("refuses stored answers outside the scale or of the wrong shape", () => {
    const errors = submissionErrors(toy, {
      ...complete,
      frightened: "maybe",
      ticks: ["z"],
      angry: { now: "Q", ever: "N" },
      rationale: ["a"],
      notes: "x".repeat(11),
    });
    expect(errors).toEqual({
      "item.frightened": "Select an answer for ‘Victim very frightened’ from the options given",
      "item.ticks": "Select only the options given for ‘Advice given’",
      "item.angry.now": "Select recent presence for ‘Angry’ from the options given",
      "item.rationale": "Enter one answer for ‘Rationale’",
      "item.notes": "Notes must be 10 characters or fewer",
    });
    expect(submissionErrors(toy, { ...complete, angry: "Y" })).toEqual({
      "item.angry.now": "Select ratings for ‘Angry’ from the options given",
    });
  });
});

describe("answerLabel and facetLabel", () => {
  it("shows each kind of answer in words", () => {
    expect(answerLabel(toy, "frightened", "not_known")).toBe("Not known");
    expect(answerLabel(toy, "level", "high")).toBe("High");
    expect(answerLabel(toy, "ticks", ["a", "b"])).toBe("Advice A; Advice B");
    expect(answerLabel(toy, "ticks", undefined)).toBe("None");
    expect(answerLabel(toy, "angry", { now: "Y" })).toBe(
      "Recent presence: Y (present); Lifetime presence: not answered",
    );
    expect(answerLabel(toy, "rationale", "Because.")).toBe("Because.");
    expect(answerLabel(toy, "rationale", undefined)).toBe("Not answered");
    expect(answerLabel(toy, "frightened", undefined)).toBe("Not answered");
  });
  it("shows a facet on its own", () => {
    expect(facetLabel(toy, "angry", "ever", { ever: "N" })).toBe("N (absent)");
    expect(facetLabel(toy, "angry", "now", { ever: "N" })).toBe("Not answered");
    expect(facetLabel(sam, "sam_p_angry", "relevance", { relevance: "moderate" })).toBe("Moderate");
  });
});

describe("compareAnswers", () => {
  it("compares two versions item by item in form order", () => {
    const before = {
      frightened: "no",
      level: "low",
      ticks: ["a"],
      angry: { now: "N", ever: "Y" },
      rationale: "First view.",
    };
    const after = {
      frightened: "yes",
      level: "low",
      ticks: ["a", "b"],
      angry: { ever: "Y", now: "N" },
      rationale: "First view.",
      notes: "New",
    };
    expect(compareAnswers(toy, before, after)).toEqual([
      {
        itemId: "frightened",
        sectionTitle: "Section one",
        shortName: "Victim very frightened",
        before: "No",
        after: "Yes",
        changed: true,
      },
      {
        itemId: "level",
        sectionTitle: "Section one",
        shortName: "Risk level",
        before: "Low",
        after: "Low",
        changed: false,
      },
      {
        itemId: "ticks",
        sectionTitle: "Section one",
        shortName: "Advice given",
        before: "Advice A",
        after: "Advice A; Advice B",
        changed: true,
      },
      {
        itemId: "angry",
        sectionTitle: "Section two",
        shortName: "Angry",
        before: "Recent presence: N (absent); Lifetime presence: Y (present)",
        after: "Recent presence: N (absent); Lifetime presence: Y (present)",
        changed: false,
      },
      {
        itemId: "rationale",
        sectionTitle: "Section two",
        shortName: "Rationale",
        before: "First view.",
        after: "First view.",
        changed: false,
      },
      {
        itemId: "notes",
        sectionTitle: "Section two",
        shortName: "Notes",
        before: "Not answered",
        after: "New",
        changed: true,
      },
    ]);
  });
  it("treats nothing ticked as unanswered, and flags a removed answer", () => {
    const rows = compareAnswers(toy, { ticks: [], rationale: "R" }, { rationale: undefined as unknown as string });
    expect(rows.find((r) => r.itemId === "ticks")?.changed).toBe(false);
    expect(rows.find((r) => r.itemId === "rationale")).toMatchObject({
      before: "R",
      after: "Not answered",
      changed: true,
    });
  });
  it("covers every item of a real instrument", () => {
    const rows = compareAnswers(dash, sampleAnswers(dash), sampleAnswers(dash, { risk_level: "high" }));
    expect(rows).toHaveLength(dash.sections.flatMap((s) => s.items).length);
    expect(rows.filter((r) => r.changed).map((r) => r.itemId)).toEqual(["risk_level"]);
  });
});
