import PDFDocument from "pdfkit";
import { blockRuns, cleanText, numberFootnotes, type Block, type ExportDocument, type Run, type Section } from "./document";

/*
 * Renders the document model as a PDF with pdfkit's built-in Helvetica (no font files, no network). The marking is
 * drawn at the top and bottom of every page once the body is laid out (pages are buffered), with "Page n of N".
 * Footnotes are "[n]" markers in the text and numbered notes at the end of each top-level section.
 */

export type PdfOptions = {
  /** false writes uncompressed content streams, so tests can read the text. */
  compress?: boolean;
};

const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", italic: "Helvetica-Oblique", boldItalic: "Helvetica-BoldOblique" } as const;
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
    lang: "en-GB",
    displayTitle: true,
    info: { Title: pdfText(model.title), Author: "Concord", Subject: model.marking, Creator: "Concord", CreationDate: model.generatedAt, ModDate: model.generatedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

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

  const writeBlock = (b: Block) => {
    switch (b.kind) {
      case "paragraph":
        writeRuns(b.runs, left, width);
        doc.moveDown(0.6);
        return;
      case "bullets":
        for (const item of b.items) {
          keep(SIZE.body * 1.5);
          const y = doc.y;
          doc.font(FONT.regular).fontSize(SIZE.body).text("•", left + 6, y, { lineBreak: false });
          doc.y = y;
          writeRuns(item, left + 20, width - 20);
          doc.moveDown(0.3);
        }
        doc.moveDown(0.3);
        return;
      case "keyValue":
        keep(SIZE.body * 3);
        doc.table({
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
          doc.font(FONT.bold).fontSize(SIZE.body).text(pdfText(b.caption), left, doc.y, { width });
          doc.moveDown(0.3);
        }
        keep(SIZE.body * 3);
        doc.table({
          position: { x: left, y: doc.y },
          maxWidth: width,
          defaultStyle: { border: 0.5, borderColor: "#b1b4b6", padding: [4, 6, 4, 6] },
          data: [
            b.header.map((h) => ({ text: pdfText(h), type: "TH" as const, font: { src: FONT.bold, size: SIZE.body - 1 }, backgroundColor: "#f3f2f1" })),
            ...b.rows.map((row) => b.header.map((_, i) => ({ text: cellText(row[i] ?? []), font: { src: FONT.regular, size: SIZE.body - 1 } }))),
          ],
        });
        doc.x = left;
        doc.moveDown(0.8);
        return;
    }
  };

  const writeSection = (section: Section, level: number, notes: Run[]) => {
    const size = SIZE.headings[Math.min(level, SIZE.headings.length) - 1] ?? SIZE.body;
    keep(size * 4);
    doc.moveDown(level === 1 ? 0.6 : 0.3);
    doc.font(FONT.bold).fontSize(size).fillColor("black").text(pdfText(section.heading), left, doc.y, { width });
    doc.moveDown(0.4);
    for (const b of section.blocks) {
      writeBlock(b);
      for (const r of blockRuns(b)) if (footnoteNumbers.has(r)) notes.push(r);
    }
    for (const sub of section.subsections ?? []) writeSection(sub, level + 1, notes);
  };

  // Title block.
  doc.font(FONT.bold).fontSize(SIZE.title).text(pdfText(model.title), left, MARGIN.top, { width });
  if (model.subtitle) doc.font(FONT.regular).fontSize(SIZE.subtitle).fillColor(GREY).text(pdfText(model.subtitle), { width }).fillColor("black");
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
    doc.lineWidth(2).strokeColor(BLUE).rect(left, top, width, boxHeight).stroke();
    doc.font(FONT.bold).fontSize(SIZE.body).text(label, left + pad, top + pad, { width: width - 2 * pad });
    doc.moveDown(0.4);
    doc.font(FONT.regular).fontSize(SIZE.body).text(text, left + pad, doc.y, { width: width - 2 * pad, lineGap: 2 });
    doc.y = top + boxHeight;
    doc.x = left;
    doc.moveDown(0.8);
  }

  for (const section of model.sections) {
    const notes: Run[] = [];
    writeSection(section, 1, notes);
    if (notes.length) {
      keep(SIZE.note * 4);
      doc.moveDown(0.2);
      doc.lineWidth(0.5).strokeColor("#b1b4b6").moveTo(left, doc.y).lineTo(left + width / 3, doc.y).stroke();
      doc.moveDown(0.4);
      doc.font(FONT.bold).fontSize(SIZE.note).text("Notes", left, doc.y, { width });
      for (const r of notes) {
        doc.font(FONT.regular).fontSize(SIZE.note).text(`[${footnoteNumbers.get(r)}] ${pdfText(r.footnote?.text ?? "")}`, left, doc.y, { width });
      }
      doc.moveDown(0.6);
    }
  }
  if (model.generatedFor) {
    doc.moveDown(1);
    doc.font(FONT.italic).fontSize(SIZE.note).fillColor(GREY).text(pdfText(model.generatedFor), left, doc.y, { width }).fillColor("black");
  }

  // The marking at the top and bottom of every page. Margins are lifted while drawing in them, or pdfkit would
  // start a new page for text below the bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    doc.font(FONT.bold).fontSize(10).fillColor("black");
    doc.text(model.marking, left, 32, { width, align: "center", lineBreak: false });
    doc.text(model.marking, left, doc.page.height - 52, { width, align: "center", lineBreak: false });
    doc.font(FONT.regular).fontSize(SIZE.small).fillColor(GREY);
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - 38, { width, align: "center", lineBreak: false });
    doc.fillColor("black");
    doc.page.margins = saved;
  }
  doc.end();
  return done;
}
