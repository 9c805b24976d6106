import { describe, expect, it } from "vitest";
import {
  cleanText,
  documentPlainText,
  flattenSections,
  numberFootnotes,
  paragraphsFromText,
  provenanceNote,
  runsText,
  safeFilename,
  type Block,
} from "./document";
import { sampleDocument } from "./sample-document.test-helper";

describe("document model", () => {
  it("numbers footnotes in reading order, subsections included", () => {
    const doc = sampleDocument();
    const numbers = [...numberFootnotes(doc)].map(([r, n]) => [r.text, n]);
    expect(numbers).toEqual([
      ["high", 1],
      ["Review safety plan", 2],
    ]);
  });

  it("gives nested sections heading levels, capped at 3", () => {
    const deep = {
      heading: "1",
      blocks: [],
      subsections: [
        {
          heading: "2",
          blocks: [],
          subsections: [{ heading: "3", blocks: [], subsections: [{ heading: "4", blocks: [] }] }],
        },
      ],
    };
    expect(flattenSections([deep]).map((s) => [s.section.heading, s.level])).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 3],
      ["4", 3],
    ]);
  });

  it("writes provenance as source record, agency, author, date", () => {
    expect(
      provenanceNote({ sourceRecord: "SAM assessment", agency: "Health", author: "Dr Example", date: "1 March 2026" })
        .text,
    ).toBe("Source: SAM assessment, Health, Dr Example, 1 March 2026");
    expect(provenanceNote({ sourceRecord: "Note", agency: " ", author: "A", date: "2 March 2026" }).text).toBe(
      "Source: Note, A, 2 March 2026",
    );
  });

  it("splits free text into paragraphs on blank lines, keeping single line breaks", () => {
    const blocks = paragraphsFromText("one\r\ntwo\n\n\n  \nthree\n");
    const texts = blocks.map((b: Block) => (b.kind === "paragraph" ? runsText(b.runs) : ""));
    expect(texts).toEqual(["one\ntwo", "three"]);
    expect(paragraphsFromText("  \n\n ")).toEqual([]);
  });

  it("drops control characters that XML and PDF cannot carry", () => {
    expect(cleanText("a\u0000b\u0007c\td\u001Fe\uFFFFf\uD800g")).toBe("abc\tdefg");
    expect(cleanText("ok 😀")).toBe("ok 😀");
  });

  it("makes filenames safe for a Content-Disposition header", () => {
    expect(safeFilename('Clinic: triage — 7 March 2026 "x"/..\\', "docx")).toBe("clinic-triage-7-march-2026-x.docx");
    expect(safeFilename("Zoë's café", "pdf")).toBe("zoe-s-cafe.pdf");
    expect(safeFilename("###", "pdf")).toBe("document.pdf");
    expect(safeFilename("a".repeat(200), "pdf")).toHaveLength(84);
  });

  it("reads out all the text of a document, notes included", () => {
    const text = documentPlainText(sampleDocument());
    for (const s of [
      "Stalking clinic: triage meeting",
      "Chair: DS Example (Police)",
      "Action | Owner | Due",
      "Source: Safety plan, ISAC, A Advocate, 2 March 2026",
    ])
      expect(text).toContain(s);
  });
});
