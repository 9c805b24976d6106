/*
 * A small, format-neutral document model for exports (meeting minutes, pre-sentence input). Services build one
 * from data that is ALREADY redacted for the actor; app/exports/docx.server.ts and pdf.server.ts render it. Pure:
 * no I/O, no clock (the caller passes generatedAt), so both renderers number footnotes and lay out the same way.
 */

/** Government Security Classifications marking, shown at the top and bottom of every page. */
export const MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE"] as const;
export type Marking = (typeof MARKINGS)[number];

/** Where a statement came from (issue 7): rendered as a footnote on the run that carries it. */
export type Provenance = { sourceRecord: string; agency: string; author: string; date: string; adapted?: boolean };

export type Footnote = { text: string };

/** A run of text; `footnote` attaches a numbered note to the end of the run. */
export type Run = { text: string; bold?: boolean; italic?: boolean; footnote?: Footnote };

export type Block =
  | { kind: "paragraph"; runs: Run[] }
  | { kind: "bullets"; items: Run[][] }
  /** Label and value pairs (a GOV.UK summary list in spirit). */
  | { kind: "keyValue"; rows: { key: string; value: Run[] }[] }
  | { kind: "table"; caption?: string; header: string[]; rows: Run[][][] };

/** A heading with its blocks; subsections nest one level deeper (headings 1 to 3). */
export type Section = { heading: string; blocks: Block[]; subsections?: Section[] };

export type ExportDocument = {
  title: string;
  subtitle?: string;
  marking: Marking;
  /** Shown under the title, before any section, set apart from the body. */
  confidentiality?: string;
  sections: Section[];
  /** Who the document was produced for and when; goes in the document properties and the end note. */
  generatedFor?: string;
  generatedAt: Date;
};

export const MAX_HEADING_DEPTH = 3;

// XML 1.0 forbids most C0 controls, and Word refuses a document containing one; PDF fonts have no glyphs for them.
// Keep tab and newline; drop the rest, and lone surrogates, which cannot be encoded either.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe to put in any export: no control characters, Windows/Mac line endings made \n. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

// ---- Builders (keep service code short and readable) ----

export function run(text: string, options: Omit<Run, "text"> = {}): Run {
  return { text, ...options };
}

/** A paragraph from a string or runs. */
export function paragraph(content: string | Run[]): Block {
  return { kind: "paragraph", runs: typeof content === "string" ? [run(content)] : content };
}

/**
 * Free text (minutes, notes) as paragraphs: blank lines separate paragraphs; single newlines stay as line breaks
 * inside a paragraph (the renderers honour \n).
 */
export function paragraphsFromText(text: string): Block[] {
  return cleanText(text)
    .split(/\n(?:[ \t]*\n)+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ""))
    .filter((p) => p.trim() !== "")
    .map((p) => paragraph(p));
}

export function bullets(items: (string | Run[])[]): Block {
  return { kind: "bullets", items: items.map((i) => (typeof i === "string" ? [run(i)] : i)) };
}

export function keyValue(rows: [string, string | Run[]][]): Block {
  return {
    kind: "keyValue",
    rows: rows.map(([key, value]) => ({ key, value: typeof value === "string" ? [run(value)] : value })),
  };
}

export function table(header: string[], rows: (string | Run[])[][], caption?: string): Block {
  return {
    kind: "table",
    header,
    caption,
    rows: rows.map((r) => r.map((c) => (typeof c === "string" ? [run(c)] : c))),
  };
}

/** "Source: <record>, <agency>, <author>, <date>": one line, the order issue 7 asks for. */
export function provenanceNote(p: Provenance): Footnote {
  return {
    text: `${p.adapted ? "Adapted from" : "Source"}: ${[p.sourceRecord, p.agency, p.author, p.date]
      .map((s) => s.trim())
      .filter(Boolean)
      .join(", ")}`,
  };
}

/** A run that carries its provenance as a footnote. */
export function sourced(text: string, provenance: Provenance): Run {
  return { text, footnote: provenanceNote(provenance) };
}

// ---- Reading the model (shared by the renderers) ----

/** Every run of a block, in reading order (table headers have no footnotes). */
export function blockRuns(block: Block): Run[] {
  switch (block.kind) {
    case "paragraph":
      return block.runs;
    case "bullets":
      return block.items.flat();
    case "keyValue":
      return block.rows.flatMap((r) => r.value);
    case "table":
      return block.rows.flat(2);
  }
}

/** Sections depth first with their heading level (1 for top-level), capped at MAX_HEADING_DEPTH. */
export function flattenSections(sections: Section[], level = 1): { section: Section; level: number }[] {
  return sections.flatMap((section) => [
    { section, level: Math.min(level, MAX_HEADING_DEPTH) },
    ...flattenSections(section.subsections ?? [], level + 1),
  ]);
}

/**
 * Footnote numbers in reading order (1, 2, 3...), keyed by the run object. Both renderers use this, so the Word
 * and PDF files number the same notes the same way.
 */
export function numberFootnotes(doc: ExportDocument): Map<Run, number> {
  const numbers = new Map<Run, number>();
  for (const { section } of flattenSections(doc.sections)) {
    for (const block of section.blocks) {
      for (const r of blockRuns(block)) if (r.footnote && !numbers.has(r)) numbers.set(r, numbers.size + 1);
    }
  }
  return numbers;
}

/** Plain text of some runs (for table cells, tests and filenames). */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join("");
}

/**
 * A filename that is safe in a Content-Disposition header on every platform: ASCII letters, digits and hyphens,
 * at most 80 characters before the extension.
 */
export function safeFilename(base: string, extension: string): string {
  const stem =
    base
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/, "") || "document";
  return `${stem}.${extension}`;
}

/** Plain text of a whole model, in reading order (used to check an export holds nothing unexpected). */
export function documentPlainText(model: ExportDocument): string {
  const out: string[] = [model.title, model.subtitle ?? "", model.confidentiality ?? ""];
  const walk = (s: Section) => {
    out.push(s.heading);
    for (const b of s.blocks) {
      if (b.kind === "keyValue") out.push(...b.rows.map((r) => `${r.key}: ${runsText(r.value)}`));
      else if (b.kind === "table") out.push(b.header.join(" | "), ...b.rows.map((r) => r.map(runsText).join(" | ")));
      else out.push(...blockRuns(b).map((r) => r.text));
      for (const r of blockRuns(b)) if (r.footnote) out.push(r.footnote.text);
    }
    for (const sub of s.subsections ?? []) walk(sub);
  };
  model.sections.forEach(walk);
  return out.filter(Boolean).join("\n");
}
