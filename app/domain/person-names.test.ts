import { describe, expect, it } from "vitest";
import { nameSearchWords, normaliseIdentifier, normaliseName } from "./person-names";

describe("normaliseName", () => {
  it("lower-cases, removes accents and punctuation and collapses spaces", () => {
    expect(normaliseName("  Zoë  O'Brien-Smith ")).toBe("zoe obriensmith");
    expect(normaliseName("KIERAN Voss")).toBe("kieran voss");
    expect(normaliseName("!!")).toBe("");
  });
});

describe("nameSearchWords", () => {
  it("splits a query into distinct normalised words", () => {
    expect(nameSearchWords("Kieran  VOSS kieran")).toEqual(["kieran", "voss"]);
    expect(nameSearchWords(" ,. ")).toEqual([]);
  });

  it("never returns LIKE wildcards", () => {
    expect(nameSearchWords("a% b_ c\\")).toEqual(["a", "b", "c"]);
  });
});

describe("normaliseIdentifier", () => {
  it("ignores case and spaces but nothing else", () => {
    expect(normaliseIdentifier(" 87/123456x ")).toBe("87/123456X");
    expect(normaliseIdentifier("943 476 5919")).toBe("9434765919");
    expect(normaliseIdentifier("87-123456X")).not.toBe(normaliseIdentifier("87/123456X"));
  });
});
