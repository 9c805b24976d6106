import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOME, safeReturnTo } from "./return-to";

describe("safeReturnTo", () => {
  it("keeps same-origin paths with their query", () => {
    for (const path of [
      "/",
      "/cases",
      "/cases?page=2&status=open",
      "/cases/3f2a/risk",
      "/people/search?q=Kieran%20Voss",
      "/a:b@c;d=e,f(g)!*'~$+",
    ]) {
      expect(safeReturnTo(path), path).toBe(path);
    }
  });

  it("falls back to the home page for nothing at all", () => {
    for (const value of [undefined, null, ""]) expect(safeReturnTo(value)).toBe(HOME);
  });

  it("refuses control characters, whitespace, backslashes, // and other origins", () => {
    const refused = [
      "/\n/x",
      "/\t/evil.example/phish",
      "/\r\n/evil.example",
      "/cases\r\nSet-Cookie: a=b",
      "/ca\u0000ses",
      "/\u2028/evil.example",
      " /cases",
      "/cases ",
      "/cases page",
      "//evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      "/cases//x",
      "/x?next=//evil.example",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "cases",
      "?x=1",
      "#top",
      "/cases#top",
      "/c%zzases",
      "/cäses",
      `/${"a".repeat(500)}`,
    ];
    for (const value of refused) expect(safeReturnTo(value), JSON.stringify(value)).toBe(HOME);
  });

  it("whatever it is given, returns a path that stays on our origin", () => {
    // Strings built from the characters that make addresses tricky, as well as any string and real paths.
    const tricky = fc.string({
      unit: fc.constantFrom("/", "\\", "\t", "\n", " ", ":", ".", "%", "@", "?", "#", "e", "v", "0", "f"),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          tricky,
          tricky.map((s) => `/${s}`),
          fc.webPath(),
        ),
        (value) => {
          const result = safeReturnTo(value);
          const base = "https://concord.example";
          expect(new URL(result, base).origin).toBe(base);
          expect(result === HOME || result === value).toBe(true);
          expect([...result].some((c) => c <= " " || c === "\\" || c === "\u007f")).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
