import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { readDocx } from "../../tests/export-readers";
import { renderDocx } from "./docx.server";
import { SAMPLE_STATEMENT, sampleDocument } from "./sample-document.test-helper";

describe("renderDocx", () => {
  it("writes a Word file with the marking in the header and footer", async () => {
    const parts = await readDocx(await renderDocx(sampleDocument()));
    expect(parts.headers).toEqual(["OFFICIAL-SENSITIVE"]);
    expect(parts.footers).toHaveLength(1);
    expect(parts.footers[0]).toBe("OFFICIAL-SENSITIVE\nPage  of "); // page fields are filled in by Word
  });

  it("uses Word's title and heading styles for the structure", async () => {
    const parts = await readDocx(await renderDocx(sampleDocument()));
    expect(parts.headings).toEqual([
      ["Title", "Stalking clinic: triage meeting"],
      ["Heading1", "Meeting details"],
      ["Heading1", "Item 1: NS-2026-00001"],
      ["Heading2", "Decisions"],
      ["Heading2", "Actions"],
    ]);
  });

  it("shows the confidentiality statement before the first section", async () => {
    const parts = await readDocx(await renderDocx(sampleDocument()));
    const statement = parts.paragraphs.findIndex((p) => p.includes(SAMPLE_STATEMENT));
    const firstSection = parts.paragraphs.indexOf("Meeting details");
    expect(statement).toBeGreaterThan(0);
    expect(statement).toBeLessThan(firstSection);
    expect(parts.paragraphs[statement]).toBe(`Confidentiality statement\n${SAMPLE_STATEMENT}`);
  });

  it("writes footnotes as real Word footnotes referenced from the text", async () => {
    const parts = await readDocx(await renderDocx(sampleDocument()));
    expect(parts.footnoteReferences).toEqual([1, 2]);
    expect(parts.footnotes.get(1)).toBe("Source: SAM assessment, Health, Dr Example, 1 March 2026");
    expect(parts.footnotes.get(2)).toBe("Source: Safety plan, ISAC, A Advocate, 2 March 2026");
    // The reference follows its run: "high" then the mark, then "."
    expect(parts.documentXml).toMatch(
      /high<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/>/,
    );
  });

  it("keeps paragraphs, line breaks, bullets, key-value rows and tables, escaping markup", async () => {
    const parts = await readDocx(await renderDocx(sampleDocument()));
    expect(parts.paragraphs).toContain("First line of minutes\nsecond line");
    expect(parts.paragraphs).toContain('A second paragraph & <angle> "quotes"');
    expect(parts.documentXml).toContain("&lt;angle&gt;");
    expect(parts.styles.filter((s) => s === "ListParagraph")).toHaveLength(3);
    expect(parts.documentXml).toContain("<w:tblHeader/>");
    for (const text of [
      "Chair",
      "DS Example (Police)",
      "Apply for a stalking protection order",
      "21 March 2026",
      "Review safety plan",
    ])
      expect(parts.paragraphs).toContain(text);
  });

  it("writes an OFFICIAL marking and leaves out an absent statement", async () => {
    const parts = await readDocx(
      await renderDocx(sampleDocument({ marking: "OFFICIAL", confidentiality: undefined, sections: [] })),
    );
    expect(parts.headers).toEqual(["OFFICIAL"]);
    expect(parts.allText).not.toContain("Confidentiality statement");
    expect(parts.footnotes.size).toBe(0);
  });

  it("survives control characters in the text (Word would refuse the file)", async () => {
    const doc = sampleDocument({ title: "Bad\u0001title\u0000" });
    const parts = await readDocx(await renderDocx(doc));
    expect(parts.headings[0]).toEqual(["Title", "Badtitle"]);
    expect([...parts.documentXml].some((ch) => ch.charCodeAt(0) < 9)).toBe(false);
  });
});

describe("renderDocx: built from styles (issue 17)", () => {
  it("gives every paragraph its look through a named style, never direct paragraph formatting", async () => {
    const buffer = await renderDocx(sampleDocument());
    const { documentXml, styles } = await readDocx(buffer);
    // No sizes, alignment, borders or spacing set on paragraphs or runs in the body: the styles carry them.
    expect(documentXml).not.toMatch(/<w:(sz|jc|pBdr|spacing|color)\b/);
    for (const style of [
      "Title",
      "Subtitle",
      "Confidentiality",
      "Heading1",
      "TableKey",
      "TableHeading",
      "GeneratedFor",
    ])
      expect(styles).toContain(style);
    const zip = await JSZip.loadAsync(buffer);
    const stylesXml = await zip.file("word/styles.xml")!.async("string");
    for (const id of new Set(styles)) expect(stylesXml, `style ${id} is defined`).toContain(`w:styleId="${id}"`);
  });
});
