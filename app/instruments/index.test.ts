import { describe, expect, it } from "vitest";
import { AGENCY_TYPES } from "~/domain/agencies";
import { allItems, isComplete } from "./answers";
import {
  currentInstrument,
  findInstrument,
  INSTRUMENT_CODES,
  INSTRUMENTS,
  instrumentsFor,
  isInstrumentCode,
} from "./index";
import { sampleAnswers } from "./sample-answers";

describe("registry", () => {
  it("has the current version of each instrument", () => {
    expect(INSTRUMENTS.map((i) => [i.code, i.version])).toEqual([
      ["screening", "2026.1"],
      ["dash", "2026.1"],
      ["sam", "2026.1"],
      ["srp", "2026.1"],
    ]);
    expect(INSTRUMENT_CODES).toEqual(INSTRUMENTS.map((i) => i.code));
    for (const code of INSTRUMENT_CODES) expect(currentInstrument(code).code).toBe(code);
  });
  it("finds a stored version", () => {
    expect(findInstrument("dash", "2026.1")?.shortName).toBe("DASH with S-DASH");
  });
  it("gives null for a tampered code or version", () => {
    expect(findInstrument("dash", "2025.9")).toBeNull();
    expect(findInstrument("dash", "")).toBeNull();
    expect(findInstrument("oasys", "2026.1")).toBeNull();
    expect(findInstrument("__proto__", "2026.1")).toBeNull();
    expect(findInstrument("DASH", "2026.1")).toBeNull();
  });
  it("recognises instrument codes", () => {
    expect(isInstrumentCode("sam")).toBe(true);
    expect(isInstrumentCode("toString")).toBe(false);
  });
  it("offers each agency the instruments its staff may complete", () => {
    const codes = (t: (typeof AGENCY_TYPES)[number]) => instrumentsFor(t).map((i) => i.code);
    expect(codes("police")).toEqual(["screening", "dash", "sam"]);
    expect(codes("isac")).toEqual(["screening", "dash"]);
    expect(codes("health")).toEqual(["sam", "srp"]);
    expect(codes("probation")).toEqual(["sam", "srp"]);
    expect(codes("cps")).toEqual([]);
  });
});

describe.each(INSTRUMENTS.map((i) => [i.code, i] as const))("%s as data", (_code, instrument) => {
  const items = allItems(instrument);
  it("has unique item ids that are safe in field names", () => {
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    const sectionIds = instrument.sections.map((s) => s.id);
    expect(new Set(sectionIds).size).toBe(sectionIds.length);
  });
  it("has short plain help for every item, and options with unique values", () => {
    for (const item of items) {
      expect(item.shortName.trim()).not.toBe("");
      expect(item.help.trim()).not.toBe("");
      expect(item.help.length).toBeLessThanOrEqual(200);
      const r = item.response;
      const scales =
        r.kind === "choice" || r.kind === "multi"
          ? [r.options]
          : r.kind === "factor"
            ? r.facets.map((f) => f.scale)
            : [];
      for (const scale of scales) {
        expect(scale.length).toBeGreaterThan(0);
        expect(new Set(scale.map((o) => o.value)).size).toBe(scale.length);
      }
      if (r.kind === "factor") for (const f of r.facets) expect(f.id).toMatch(/^[a-z][a-z0-9_]*$/);
      if (r.kind === "text") expect(r.maxLength).toBeGreaterThan(0);
    }
  });
  it("a complete sample is complete, has a level and a summary line starting with the short name", () => {
    const answers = sampleAnswers(instrument);
    expect(isComplete(instrument, answers)).toBe(true);
    expect(instrument.riskLevel(answers)).not.toBeNull();
    expect(instrument.summaryLine(answers).startsWith(`${instrument.shortName}: `)).toBe(true);
    expect(instrument.judgements(answers).every((j) => j.value !== "Not answered")).toBe(true);
  });
  it("nothing answered is incomplete, with no level", () => {
    expect(isComplete(instrument, {})).toBe(false);
    expect(instrument.riskLevel({})).toBeNull();
  });
});
