import { describe, expect, it } from "vitest";
import { parseCsv } from "../../tests/rfc4180";
import { csvCell, toCsv } from "./csv";

describe("csvCell (RFC 4180 quoting)", () => {
  it("leaves plain text alone and writes nothing for empty values", () => {
    expect(csvCell("Northshire Police")).toBe("Northshire Police");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(12)).toBe("12");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "no"')).toBe('"say ""no"""');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("line 1\r\nline 2")).toBe('"line 1\r\nline 2"');
  });

  it("prefixes cells a spreadsheet would run as a formula with a single quote", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    // Only the first character matters.
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF after every line", () => {
    expect(
      toCsv(
        ["A", "B"],
        [
          ["1", "x,y"],
          ["", null],
        ],
      ),
    ).toBe('A,B\r\n1,"x,y"\r\n,\r\n');
  });

  it("writes just the header when there are no rows", () => {
    expect(toCsv(["Only"], [])).toBe("Only\r\n");
  });
});

describe("round trip through a strict RFC 4180 reader", () => {
  it("reads back every value, with formulas turned into text", () => {
    const rows = [
      ["plain", "with, comma", 'with "quotes"', "two\r\nlines", ""],
      ["=1+1", "-3", "@me", "\tx", "ok"],
    ];
    expect(parseCsv(toCsv(["a", "b", "c", "d", "e"], rows))).toEqual([
      ["a", "b", "c", "d", "e"],
      rows[0],
      ["'=1+1", "'-3", "'@me", "'\tx", "ok"],
    ]);
  });
});
