import { describe, expect, it } from "vitest";
import {
  downloadedPdfTextLines,
  pdfPageCount,
  pdfStructTypes,
  pdfStructure,
  pdfTextLines,
  type PdfStructNode,
} from "../../tests/export-readers";
import { table, type ExportDocument } from "./document";
import { renderPdf } from "./pdf.server";
import { SAMPLE_STATEMENT, sampleDocument } from "./sample-document.test-helper";

const text = async (doc: ExportDocument) => {
  const pdf = await renderPdf(doc, { compress: false });
  return { pdf, lines: pdfTextLines(pdf), joined: pdfTextLines(pdf).join("\n") };
};

describe("renderPdf", () => {
  it("writes a PDF with the marking at the top and bottom of the page", async () => {
    const { pdf, lines } = await text(sampleDocument());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toContain("%%EOF");
    expect(pdfPageCount(pdf)).toBe(1);
    expect(lines.filter((l) => l === "OFFICIAL-SENSITIVE")).toHaveLength(2);
    expect(lines).toContain("Page 1 of 1");
  });

  it("writes the title, statement, headings, content and footnotes", async () => {
    const { joined, lines } = await text(sampleDocument());
    for (const s of [
      "Stalking clinic: triage meeting",
      "Confidentiality statement",
      "Meeting details",
      "Item 1: NS-2026-00001",
      "Decisions",
      "Actions",
      "Notes",
      "Police: DS Example",
      "DS Example (Police)",
    ]) {
      expect(lines).toContain(s);
    }
    // Wrapped text is split across lines; compare without line breaks.
    expect(joined.replace(/\n/g, "")).toContain(SAMPLE_STATEMENT);
    expect(joined.replace(/\n/g, "")).toContain("Apply for a stalking protection order");
    expect(lines).toContain('A second paragraph & <angle> "quotes"');
    expect(lines).toContain("[1]");
    expect(lines).toContain("[1] Source: SAM assessment, Health, Dr Example, 1 March 2026");
    expect(lines).toContain("[2] Source: Safety plan, ISAC, A Advocate, 2 March 2026");
    expect(lines).toContain("Review safety plan[2]");
  });

  it("marks every page of a long document and numbers the pages", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Action ${i + 1}`, "Police", "21 March 2026"]);
    const { pdf, lines } = await text(
      sampleDocument({ sections: [{ heading: "Actions", blocks: [table(["Action", "Owner", "Due"], rows)] }] }),
    );
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(2);
    expect(lines.filter((l) => l === "OFFICIAL-SENSITIVE")).toHaveLength(2 * pages);
    for (let p = 1; p <= pages; p++) expect(lines).toContain(`Page ${p} of ${pages}`);
    expect(lines).toContain("Action 120");
  });

  it("replaces characters the built-in font cannot show, and control characters", async () => {
    const { lines } = await text(sampleDocument({ title: "Caf\u00e9 \u2192 \u4f60\u0001", sections: [] }));
    expect(lines).toContain("Caf\u00e9 ? ?");
  });

  it("records the title and marking in the document properties", async () => {
    const pdf = await renderPdf(sampleDocument(), { compress: false });
    const raw = pdf.toString("latin1");
    // Info strings are indirect objects: /Title n 0 R, then the object holding the string.
    const string = (key: string) => {
      const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw)?.[1];
      return new RegExp(`\\n${ref} 0 obj\\n\\(([^)]*)\\)`).exec(raw)?.[1];
    };
    expect(string("Title")).toBe("Stalking clinic: triage meeting");
    expect(string("Subject")).toBe("OFFICIAL-SENSITIVE");
    expect(raw).toContain("/Lang (en-GB)");
  });
});

describe("renderPdf: a tagged PDF (issue 17)", () => {
  it("has a structure tree in reading order, its language and the marked flag; page markings are artifacts", async () => {
    const pdf = await renderPdf(sampleDocument(), { compress: false });
    const { lang, marked, root } = pdfStructure(pdf);
    expect(lang).toBe("en-GB");
    expect(marked).toBe(true);
    const types = pdfStructTypes(root);
    expect(types.slice(0, 3)).toEqual(["StructTreeRoot", "Document", "H1"]);
    // Every section is a Sect starting with its heading; tables are tagged down to their cells; notes are Notes.
    const sects = root!.children[0]!.children.filter((n) => n.type === "Sect");
    expect(sects.length).toBeGreaterThanOrEqual(2);
    for (const s of sects) expect(s.children[0]!.type).toBe("H2");
    for (const t of ["P", "Table", "TR", "TD", "Note", "L", "LI", "LBody"]) expect(types).toContain(t);
    // Each element that holds text points at marked content on a page.
    const leaves = (n: PdfStructNode): PdfStructNode[] => (n.children.length ? n.children.flatMap(leaves) : [n]);
    expect(leaves(root!).every((n) => n.mcids > 0)).toBe(true);
    const source = pdf.toString("latin1");
    expect(source).toMatch(/\/Artifact <<\s*\/Type \/Pagination/);
  });

  it("compresses its content for download; the end-to-end reader inflates it to the same text", async () => {
    const plain = pdfTextLines(await renderPdf(sampleDocument(), { compress: false }));
    const compressed = await renderPdf(sampleDocument());
    expect(pdfTextLines(compressed)).toEqual([]);
    expect(downloadedPdfTextLines(compressed)).toEqual(plain);
  });
});
