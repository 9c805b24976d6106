import { describe, expect, it } from "vitest";
import { isNdeliusCrn, isNhsNumber, isPncNumber, normaliseNhsNumber, parseAliases } from "./person-identifiers";

describe("PNC numbers", () => {
  it("accepts a 2 or 4 digit year, a serial and a check letter, ignoring case and spaces", () => {
    for (const v of ["87/123456X", "87/123456x", "2003/0123456A", " 03 / 12345 B "])
      expect(isPncNumber(v), v).toBe(true);
  });
  it("refuses anything else", () => {
    for (const v of ["", "ABC123", "87-123456X", "987/123456X", "87/123456", "87/12345678X", "87/123456XY"])
      expect(isPncNumber(v), v).toBe(false);
  });
});

describe("nDelius CRNs", () => {
  it("is a letter and six digits", () => {
    expect(isNdeliusCrn("x123456")).toBe(true);
    expect(isNdeliusCrn("X12345")).toBe(false);
    expect(isNdeliusCrn("1234567")).toBe(false);
  });
});

describe("NHS numbers", () => {
  it("checks the modulus 11 check digit", () => {
    expect(isNhsNumber("943 476 5919")).toBe(true);
    expect(isNhsNumber("943-476-5919")).toBe(true);
    expect(isNhsNumber("9434765918")).toBe(false);
    expect(isNhsNumber("94347659")).toBe(false);
    expect(isNhsNumber("abcdefghij")).toBe(false);
  });
  it("refuses numbers whose check digit would be 10", () => {
    // 123456789: weighted sum 210, 210 mod 11 = 1, check digit 10: no tenth digit makes it valid.
    for (let d = 0; d <= 9; d++) expect(isNhsNumber(`123456789${d}`)).toBe(false);
  });
  it("stores digits only", () => {
    expect(normaliseNhsNumber("943 476-5919")).toBe("9434765919");
  });
});

describe("aliases", () => {
  it("takes one per line, trimmed, without blanks or repeats", () => {
    expect(parseAliases("  K Voss \r\n\n@kv_87\nk voss\n   ")).toEqual(["K Voss", "@kv_87"]);
    expect(parseAliases("")).toEqual([]);
  });
});
