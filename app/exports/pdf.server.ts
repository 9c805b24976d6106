import PDFDocument from "pdfkit";

type PDFStructureElement = PDFKit.PDFStructureElement;
import {
  blockRuns,
  cleanText,
  numberFootnotes,
  type Block,
  type ExportDocument,
  type Run,
  type Section,
} from "./document";

/*
 * Renders the document model as a PDF with pdfkit's built-in Helvetica (no font files, no network). The marking is
 * drawn at the top and bottom of every page once the body is laid out (pages are buffered), with "Page n of N".
 * Footnotes are "[n]" markers in the text and numbered notes at the end of each top-level section.
 * The PDF is tagged (issue 17): a structure tree (Document, H1 to H4, Sect, P, L/LI, Table, Note) in reading
 * order, /Lang en-GB and /MarkInfo, with the page markings, numbers and rules marked as artifacts, so a screen
 * reader reads it as it reads the Word file.
 */

export type PdfOptions = {
  /** false writes uncompressed content streams, so tests can read the text. */
  compress?: boolean;
};

const FONT = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  boldItalic: "Helvetica-BoldOblique",
} as const;
const SIZE = { body: 11, note: 9, small: 8, title: 22, subtitle: 14, headings: [18, 15, 13] } as const;
const MARGIN = { top: 72, bottom: 72, left: 64, right: 64 } as const;
const BLUE = "#1d70b8";
const GREY = "#505a5f";

// The standard PDF fonts only have WinAnsi glyphs; anything else would print as garbage, so it becomes "?".
// Common typographic characters outside Latin-1 that WinAnsi does have are kept.
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
function pdfText(text: string): string {
  return Array.from(cleanText(text).replace(/\t/g, "    "), (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff || WIN_ANSI_EXTRA.includes(ch) ? ch : "?";
  }).join("");
}

function fontFor(r: Run): string {
  if (r.bold && r.italic) return FONT.boldItalic;
  if (r.bold) return FONT.bold;
  if (r.italic) return FONT.italic;
  return FONT.regular;
}

export function renderPdf(model: ExportDocument, options: PdfOptions = {}): Promise<Buffer> {
  const footnoteNumbers = numberFootnotes(model);
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    info: {
      Title: pdfText(model.title),
      Author: "Concord",
      Subject: model.marking,
      Creator: "Concord",
      CreationDate: model.generatedAt,
      ModDate: model.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const root = doc.struct("Document");
  doc.addStructure(root);
  /** Draws content as a structure element of `type` under `parent` (content drawn inside is tagged with it). */
  const tag = (parent: PDFStructureElement, type: string, draw: () => void) => {
    parent.add(doc.struct(type, {}, draw));
  };
  /** Decoration (rules, boxes, page markings) that is not content: marked as an artifact. */
  const artifact = (draw: () => void, type: "Layout" | "Pagination" = "Layout") => {
    doc.markContent("Artifact", { type });
    draw();
    doc.endMarkedContent();
  };

  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  /** Starts a new page when fewer than `height` points are left, so a heading is not stranded at a page foot. */
  const keep = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const marker = (r: Run) => {
    const n = footnoteNumbers.get(r);
    return n === undefined ? "" : `[${n}]`;
  };

  /** One paragraph of runs starting at x, wrapped to w; footnote markers follow their run in small type. */
  const writeRuns = (runs: Run[], x: number, w: number, size: number = SIZE.body) => {
    const parts: { text: string; font: string; size: number; color: string }[] = [];
    for (const r of runs) {
      if (r.text) parts.push({ text: pdfText(r.text), font: fontFor(r), size, color: "black" });
      const m = marker(r);
      if (m) parts.push({ text: m, font: FONT.regular, size: SIZE.small, color: BLUE });
    }
    if (!parts.length) return;
    keep(size * 1.5);
    const y = doc.y;
    parts.forEach((p, i) => {
      doc.font(p.font).fontSize(p.size).fillColor(p.color);
      const opts = { width: w, continued: i < parts.length - 1, lineGap: 2 };
      if (i === 0) doc.text(p.text, x, y, opts);
      else doc.text(p.text, opts);
    });
    doc.fillColor("black");
  };

  const cellText = (runs: Run[]) => pdfText(runs.map((r) => r.text + marker(r)).join(""));

  const writeBlock = (b: Block, parent: PDFStructureElement) => {
    switch (b.kind) {
      case "paragraph":
        tag(parent, "P", () => writeRuns(b.runs, left, width));
        doc.moveDown(0.6);
        return;
      case "bullets": {
        const list = doc.struct("L");
        parent.add(list);
        for (const item of b.items) {
          keep(SIZE.body * 1.5);
          const y = doc.y;
          const li = doc.struct("LI");
          list.add(li);
          tag(li, "Lbl", () =>
            doc
              .font(FONT.regular)
              .fontSize(SIZE.body)
              .text("•", left + 6, y, { lineBreak: false }),
          );
          doc.y = y;
          tag(li, "LBody", () => writeRuns(item, left + 20, width - 20));
          li.end();
          doc.moveDown(0.3);
        }
        list.end();
        doc.moveDown(0.3);
        return;
      }
      case "keyValue":
        keep(SIZE.body * 3);
        doc.table({
          // pdfkit tags the table (Table, TR, TH, TD) under its structure parent; its types do not list the option.
          ...({ structParent: parent } as object),
          position: { x: left, y: doc.y },
          maxWidth: width,
          columnStyles: [width * 0.3, "*"],
          defaultStyle: { border: 0.5, borderColor: "#b1b4b6", padding: [4, 6, 4, 6] },
          data: b.rows.map((row) => [
            { text: pdfText(row.key), font: { src: FONT.bold, size: SIZE.body } },
            { text: cellText(row.value), font: { src: FONT.regular, size: SIZE.body } },
          ]),
        });
        doc.x = left;
        doc.moveDown(0.8);
        return;
      case "table":
        if (b.caption) {
          keep(SIZE.body * 4);
          tag(parent, "Caption", () =>
            doc
              .font(FONT.bold)
              .fontSize(SIZE.body)
              .text(pdfText(b.caption ?? ""), left, doc.y, { width }),
          );
          doc.moveDown(0.3);
        }
        keep(SIZE.body * 3);
        doc.table({
          // pdfkit tags the table (Table, TR, TH, TD) under its structure parent; its types do not list the option.
          ...({ structParent: parent } as object),
          position: { x: left, y: doc.y },
          maxWidth: width,
          defaultStyle: { border: 0.5, borderColor: "#b1b4b6", padding: [4, 6, 4, 6] },
          data: [
            b.header.map((h) => ({
              text: pdfText(h),
              type: "TH" as const,
              font: { src: FONT.bold, size: SIZE.body - 1 },
              backgroundColor: "#f3f2f1",
            })),
            ...b.rows.map((row) =>
              b.header.map((_, i) => ({
                text: cellText(row[i] ?? []),
                font: { src: FONT.regular, size: SIZE.body - 1 },
              })),
            ),
          ],
        });
        doc.x = left;
        doc.moveDown(0.8);
        return;
    }
  };

  const writeSection = (section: Section, level: number, notes: Run[], parent: PDFStructureElement) => {
    const size = SIZE.headings[Math.min(level, SIZE.headings.length) - 1] ?? SIZE.body;
    const sect = doc.struct("Sect");
    parent.add(sect);
    keep(size * 4);
    doc.moveDown(level === 1 ? 0.6 : 0.3);
    // The title is the H1; sections are H2 to H4.
    tag(sect, `H${Math.min(level + 1, 4)}`, () =>
      doc.font(FONT.bold).fontSize(size).fillColor("black").text(pdfText(section.heading), left, doc.y, { width }),
    );
    doc.moveDown(0.4);
    for (const b of section.blocks) {
      writeBlock(b, sect);
      for (const r of blockRuns(b)) if (footnoteNumbers.has(r)) notes.push(r);
    }
    for (const sub of section.subsections ?? []) writeSection(sub, level + 1, notes, sect);
    return sect;
  };

  // Title block.
  tag(root, "H1", () =>
    doc.font(FONT.bold).fontSize(SIZE.title).text(pdfText(model.title), left, MARGIN.top, { width }),
  );
  if (model.subtitle)
    tag(root, "P", () =>
      doc
        .font(FONT.regular)
        .fontSize(SIZE.subtitle)
        .fillColor(GREY)
        .text(pdfText(model.subtitle ?? ""), { width })
        .fillColor("black"),
    );
  doc.moveDown(0.8);
  if (model.confidentiality) {
    const label = "Confidentiality statement";
    const text = pdfText(model.confidentiality);
    const pad = 10;
    doc.font(FONT.bold).fontSize(SIZE.body);
    const labelHeight = doc.heightOfString(label, { width: width - 2 * pad });
    doc.font(FONT.regular).fontSize(SIZE.body);
    const textHeight = doc.heightOfString(text, { width: width - 2 * pad, lineGap: 2 });
    const boxHeight = labelHeight + textHeight + 3 * pad;
    keep(boxHeight);
    const top = doc.y;
    artifact(() => doc.lineWidth(2).strokeColor(BLUE).rect(left, top, width, boxHeight).stroke());
    const box = doc.struct("Div");
    root.add(box);
    tag(box, "P", () =>
      doc
        .font(FONT.bold)
        .fontSize(SIZE.body)
        .text(label, left + pad, top + pad, { width: width - 2 * pad }),
    );
    doc.moveDown(0.4);
    tag(box, "P", () =>
      doc
        .font(FONT.regular)
        .fontSize(SIZE.body)
        .text(text, left + pad, doc.y, { width: width - 2 * pad, lineGap: 2 }),
    );
    box.end();
    doc.y = top + boxHeight;
    doc.x = left;
    doc.moveDown(0.8);
  }

  for (const section of model.sections) {
    const notes: Run[] = [];
    const sect = writeSection(section, 1, notes, root);
    if (notes.length) {
      keep(SIZE.note * 4);
      doc.moveDown(0.2);
      artifact(() =>
        doc
          .lineWidth(0.5)
          .strokeColor("#b1b4b6")
          .moveTo(left, doc.y)
          .lineTo(left + width / 3, doc.y)
          .stroke(),
      );
      doc.moveDown(0.4);
      tag(sect, "P", () => doc.font(FONT.bold).fontSize(SIZE.note).text("Notes", left, doc.y, { width }));
      for (const r of notes) {
        tag(sect, "Note", () =>
          doc
            .font(FONT.regular)
            .fontSize(SIZE.note)
            .text(`[${footnoteNumbers.get(r)}] ${pdfText(r.footnote?.text ?? "")}`, left, doc.y, { width }),
        );
      }
      doc.moveDown(0.6);
    }
    sect.end();
  }
  if (model.generatedFor) {
    doc.moveDown(1);
    tag(root, "P", () =>
      doc
        .font(FONT.italic)
        .fontSize(SIZE.note)
        .fillColor(GREY)
        .text(pdfText(model.generatedFor ?? ""), left, doc.y, { width })
        .fillColor("black"),
    );
  }
  root.end();

  // The marking at the top and bottom of every page. Margins are lifted while drawing in them, or pdfkit would
  // start a new page for text below the bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    artifact(() => {
      doc.font(FONT.bold).fontSize(10).fillColor("black");
      doc.text(model.marking, left, 32, { width, align: "center", lineBreak: false });
      doc.text(model.marking, left, doc.page.height - 52, { width, align: "center", lineBreak: false });
      doc.font(FONT.regular).fontSize(SIZE.small).fillColor(GREY);
      doc.text(`Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - 38, {
        width,
        align: "center",
        lineBreak: false,
      });
    }, "Pagination");
    doc.fillColor("black");
    doc.page.margins = saved;
  }
  doc.end();
  return done;
}
