import { describe, expect, it } from "vitest";
import { parseLicensedText } from "./licensed-text";
import { sam } from "./sam";

const good = {
  instrument: "sam",
  version: "2026.1",
  licence: "Synthetic Health Trust, licence SYN-0001",
  items: {
    sam_p_angry: "Licensed text for this factor (synthetic).",
    sam_ns_threatens: "More licensed text\r\nover two lines.",
  },
};

describe("parseLicensedText", () => {
  it("accepts a good file, for some or all items", () => {
    expect(parseLicensedText(sam, good)).toEqual({
      ok: true,
      licence: "Synthetic Health Trust, licence SYN-0001",
      texts: {
        sam_p_angry: "Licensed text for this factor (synthetic).",
        sam_ns_threatens: "More licensed text\nover two lines.",
      },
    });
  });
  it("accepts the file's raw JSON text", () => {
    expect(parseLicensedText(sam, JSON.stringify(good))).toMatchObject({ ok: true });
  });
  it("refuses a file that is not JSON or not an object", () => {
    expect(parseLicensedText(sam, "{ not json")).toEqual({ ok: false, errors: ["The file is not valid JSON"] });
    expect(parseLicensedText(sam, [good])).toEqual({ ok: false, errors: ["The file must be a JSON object"] });
    expect(parseLicensedText(sam, null)).toEqual({ ok: false, errors: ["The file must be a JSON object"] });
  });
  it("refuses a file for another instrument or version", () => {
    expect(parseLicensedText(sam, { ...good, instrument: "srp" })).toEqual({
      ok: false,
      errors: ["The file is for instrument ‘srp’, not ‘sam’"],
    });
    expect(parseLicensedText(sam, { ...good, version: "2025.1" })).toEqual({
      ok: false,
      errors: ["The file is for version ‘2025.1’, not SAM 2026.1"],
    });
  });
  it("refuses a missing licence, instrument or items", () => {
    const { licence: _licence, ...noLicence } = good;
    expect(parseLicensedText(sam, noLicence)).toEqual({
      ok: false,
      errors: ["The file must give the licence holder or licence reference"],
    });
    expect(parseLicensedText(sam, { ...good, licence: "  " })).toEqual({
      ok: false,
      errors: ["The file must give the licence holder or licence reference"],
    });
    const { instrument: _i, items: _items, ...bare } = good;
    expect(parseLicensedText(sam, bare)).toEqual({
      ok: false,
      errors: ["The file must say which instrument it is for", "The file must have an items object"],
    });
    expect(parseLicensedText(sam, { ...good, items: {} })).toEqual({
      ok: false,
      errors: ["The file has no item texts"],
    });
  });
  it("refuses keys that are not items of this version, empty and over-long texts, and non-text values", () => {
    const result = parseLicensedText(sam, {
      ...good,
      items: {
        sam_p_angry: "ok",
        dash_injury: "Not a SAM item",
        sam_p_obsessed: "   ",
        sam_p_irrational: "x".repeat(4001),
        sam_p_distressed: 42,
      },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "‘dash_injury’ is not an item of SAM 2026.1",
        "The text for ‘sam_p_obsessed’ is empty",
        "The text for ‘sam_p_irrational’ must be 4,000 characters or fewer",
        "The text for ‘sam_p_distressed’ must be text",
      ],
    });
  });
  it("accepts text of exactly 4,000 characters", () => {
    expect(parseLicensedText(sam, { ...good, items: { sam_p_angry: "x".repeat(4000) } })).toMatchObject({ ok: true });
  });
  it("refuses a prototype key", () => {
    expect(
      parseLicensedText(
        sam,
        JSON.parse('{"instrument":"sam","version":"2026.1","licence":"L","items":{"__proto__":"x"}}'),
      ),
    ).toMatchObject({ ok: false });
  });
});
