// Readers for exported files in tests (unit, integration and end-to-end): a .docx is opened with jszip and its
// parts' text pulled out of the WordprocessingML; a PDF written by pdfkit with `compress: false` has its text in
// plain TJ arrays of hex glyph codes (WinAnsi, so Latin-1 for what the tests use).
import JSZip from "jszip";
import { inflateSync } from "node:zlib";

export type DocxParts = {
  /** word/document.xml as written. */
  documentXml: string;
  /** Paragraph texts of the body, in order (runs joined, line breaks as \n). */
  paragraphs: string[];
  /** Paragraph styles in order, e.g. ["Title", "Heading1", ...]. */
  styles: string[];
  /** Headings as [style, text] pairs. */
  headings: [string, string][];
  headers: string[];
  footers: string[];
  /** Footnote text by id (separator notes left out). */
  footnotes: Map<number, string>;
  /** Footnote ids referenced from the body, in order. */
  footnoteReferences: number[];
  /** Every w:t of every part, joined with spaces: for "this never appears anywhere" checks. */
  allText: string;
};

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
      .map((t) => (t[0] === "<w:br/>" ? "\n" : decode(t[1] ?? "")))
      .join(""),
  );
}

export async function readDocx(buffer: Buffer | Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(buffer);
  const part = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const names = Object.keys(zip.files);
  const documentXml = await part("word/document.xml");
  if (!documentXml) throw new Error("no word/document.xml");
  const headers = await Promise.all(
    names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => part(n).then((x) => paragraphTexts(x).join("\n"))),
  );
  const footers = await Promise.all(
    names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => part(n).then((x) => paragraphTexts(x).join("\n"))),
  );
  const footnotesXml = await part("word/footnotes.xml");
  const footnotes = new Map<number, string>();
  for (const m of footnotesXml.matchAll(/<w:footnote(?: [^>]*?)? w:id="(-?\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)) {
    const id = Number(m[1]);
    if (id > 0) footnotes.set(id, paragraphTexts(m[2] ?? "").join("\n"));
  }
  const paragraphs: string[] = [];
  const styles: string[] = [];
  const headings: [string, string][] = [];
  for (const m of documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const style = /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? "";
    const text = paragraphTexts(m[0]).join("");
    paragraphs.push(text);
    if (style) styles.push(style);
    if (/^(Title|Heading\d)$/.test(style)) headings.push([style, text]);
  }
  const footnoteReferences = [...documentXml.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) =>
    Number(m[1]),
  );
  const everyPart = await Promise.all(names.filter((n) => n.endsWith(".xml")).map(part));
  const allText = everyPart
    .flatMap((x) => [...x.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1] ?? "")))
    .join(" ");
  return { documentXml, paragraphs, styles, headings, headers, footers, footnotes, footnoteReferences, allText };
}

/** Text lines of an uncompressed pdfkit PDF: one per TJ operator (a line or a fragment of one). */
export function pdfTextLines(buffer: Buffer): string[] {
  const source = buffer.toString("latin1");
  return [...source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)].map((m) =>
    [...(m[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)]
      .map((h) => Buffer.from(h[1] ?? "", "hex").toString("latin1"))
      .join(""),
  );
}

/** The number of pages in a PDF (its page objects). */
export function pdfPageCount(buffer: Buffer): number {
  return buffer.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

export type PdfStructNode = { type: string; children: PdfStructNode[]; mcids: number };

/**
 * The structure tree of an uncompressed PDF (issue 17: tagged PDFs), read from its objects as a PDF reader would:
 * the catalog's /StructTreeRoot, each element's /S (type) and /K (kids: elements, or marked-content ids). Also the
 * catalog's /Lang and whether /MarkInfo says the file is marked. Null tree when there is none.
 */
export function pdfStructure(buffer: Buffer): { lang: string | null; marked: boolean; root: PdfStructNode | null } {
  const source = buffer.toString("latin1");
  const objects = new Map<number, string>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2] ?? "");
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog\b/.test(o)) ?? "";
  const deref = (text: string) => {
    const ref = /^\s*(\d+) 0 R\s*$/.exec(text);
    return ref ? (objects.get(Number(ref[1])) ?? "") : text;
  };
  const lang = /\/Lang \(([^)]*)\)/.exec(catalog)?.[1] ?? null;
  const markInfo = /\/MarkInfo (\d+ 0 R|<<[^>]*>>)/.exec(catalog)?.[1] ?? "";
  const marked = /\/Marked true/.test(deref(markInfo));
  const rootRef = /\/StructTreeRoot (\d+) 0 R/.exec(catalog);
  const kidsOf = (dict: string): string[] => {
    const k = /\/K (\[[^\]]*\]|\d+ 0 R|\d+)/.exec(dict)?.[1] ?? "";
    return [...k.matchAll(/(\d+) 0 R|(\d+)/g)].map((m) => (m[1] ? `ref:${m[1]}` : `mcid:${m[2]}`));
  };
  const walk = (dict: string, depth: number): PdfStructNode => {
    const node: PdfStructNode = { type: /\/S \/(\w+)/.exec(dict)?.[1] ?? "StructTreeRoot", children: [], mcids: 0 };
    if (depth > 64) return node;
    for (const kid of kidsOf(dict)) {
      if (kid.startsWith("mcid:")) node.mcids++;
      else node.children.push(walk(objects.get(Number(kid.slice(4))) ?? "", depth + 1));
    }
    return node;
  };
  return { lang, marked, root: rootRef ? walk(objects.get(Number(rootRef[1])) ?? "", 0) : null };
}

/** The element types of a structure tree, depth first (reading order). */
export function pdfStructTypes(node: PdfStructNode | null): string[] {
  return node ? [node.type, ...node.children.flatMap(pdfStructTypes)] : [];
}

/**
 * Text lines of a pdfkit PDF as downloaded (content streams compressed with FlateDecode): each stream is inflated
 * and the text read as pdfTextLines reads an uncompressed file.
 */
export function downloadedPdfTextLines(buffer: Buffer): string[] {
  const source = buffer.toString("latin1");
  const inflated: string[] = [];
  for (const m of source.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = source.indexOf("endstream", start);
    if (end < 0) continue;
    try {
      inflated.push(inflateSync(buffer.subarray(start, end)).toString("latin1"));
    } catch {
      // not a compressed stream (or not a content stream): nothing to read
    }
  }
  return pdfTextLines(Buffer.from(inflated.join("\n"), "latin1"));
}
