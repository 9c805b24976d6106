import { describe, expect, it } from "vitest";
import { CATEGORIES_BY_AGENCY } from "~/access/baseline-policy";
import { AGENCY_TYPES } from "./agencies";
import { NOTE_DEFAULT_CATEGORY, noteDefaults } from "./note-defaults";

describe("noteDefaults", () => {
  it("starts every agency that records notes at a category it may record", () => {
    for (const type of AGENCY_TYPES) {
      const { category } = noteDefaults(type);
      if (CATEGORIES_BY_AGENCY[type].length === 0) expect(category).toBeNull();
      else expect(CATEGORIES_BY_AGENCY[type]).toContain(category);
    }
  });

  it("chooses the narrowest usual category per agency", () => {
    expect(noteDefaults("police").category).toBe("investigation");
    expect(noteDefaults("isac").category).toBe("victim_care");
    expect(noteDefaults("probation").category).toBe("perpetrator");
    expect(noteDefaults("health").category).toBe("clinical");
    expect(noteDefaults("cps").category).toBe("investigation");
    expect(noteDefaults("prison").category).toBe("perpetrator");
    expect(noteDefaults("other").category).toBeNull();
  });

  it("ticks the category's default caveats and marks notes OFFICIAL-SENSITIVE", () => {
    expect(noteDefaults("health")).toEqual({
      category: "clinical",
      marking: "OFFICIAL-SENSITIVE",
      caveats: ["health_confidential"],
    });
    expect(noteDefaults("police")).toEqual({ category: "investigation", marking: "OFFICIAL-SENSITIVE", caveats: [] });
    expect(noteDefaults("other")).toEqual({ category: null, marking: "OFFICIAL-SENSITIVE", caveats: [] });
  });

  it("returns a fresh caveat list each time, so a caller cannot change the defaults", () => {
    const first = noteDefaults("health");
    first.caveats.push("police_intelligence");
    expect(noteDefaults("health").caveats).toEqual(["health_confidential"]);
    expect(Object.keys(NOTE_DEFAULT_CATEGORY).sort()).toEqual([...AGENCY_TYPES].sort());
  });
});
