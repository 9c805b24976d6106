import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from "docx";
import { cleanText, flattenSections, numberFootnotes, type Block, type ExportDocument, type Run } from "./document";

// Word's built-in heading styles, so the navigation pane and screen readers see the structure.
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

/** Renders the document model as a Word (.docx) file. Text is taken as given: redaction happens before the model. */
export async function renderDocx(model: ExportDocument): Promise<Buffer> {
  const footnoteNumbers = numberFootnotes(model);
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const [r, n] of footnoteNumbers) footnotes[String(n)] = { children: [new Paragraph(cleanText(r.footnote?.text ?? ""))] };

  const runs = (list: Run[]): ParagraphChild[] =>
    list.flatMap((r) => {
      const lines = cleanText(r.text).split("\n");
      const out: ParagraphChild[] = lines.map((line, i) => new TextRun({ text: line, bold: r.bold, italics: r.italic, break: i > 0 ? 1 : undefined }));
      const n = footnoteNumbers.get(r);
      if (n !== undefined) out.push(new FootnoteReferenceRun(n));
      return out;
    });

  const cell = (children: ParagraphChild[], header = false) =>
    new TableCell({
      children: [new Paragraph({ children })],
      shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "F3F2F1" } : undefined,
    });

  const block = (b: Block): FileChild[] => {
    switch (b.kind) {
      case "paragraph":
        return [new Paragraph({ children: runs(b.runs) })];
      case "bullets":
        return b.items.map((item) => new Paragraph({ children: runs(item), bullet: { level: 0 } }));
      case "keyValue":
        return [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: b.rows.map(
              (row) =>
                new TableRow({
                  children: [
                    new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: cleanText(row.key), bold: true })] })] }),
                    new TableCell({ width: { size: 70, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: runs(row.value) })] }),
                  ],
                }),
            ),
          }),
          new Paragraph(""),
        ];
      case "table": {
        const out: FileChild[] = [];
        if (b.caption) out.push(new Paragraph({ children: [new TextRun({ text: cleanText(b.caption), bold: true })] }));
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              // Repeats on every page and tells assistive technology these are column headers.
              new TableRow({ tableHeader: true, children: b.header.map((h) => cell([new TextRun({ text: cleanText(h), bold: true })], true)) }),
              ...b.rows.map((row) => new TableRow({ children: b.header.map((_, i) => cell(runs(row[i] ?? []))) })),
            ],
          }),
          new Paragraph(""),
        );
        return out;
      }
    }
  };

  const marking = (): Paragraph => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: model.marking, bold: true })] });

  const children: FileChild[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cleanText(model.title))] })];
  if (model.subtitle) children.push(new Paragraph({ children: [new TextRun({ text: cleanText(model.subtitle), size: 28 })] }));
  if (model.confidentiality) {
    const border = { style: BorderStyle.SINGLE, size: 12, color: "1D70B8", space: 6 };
    children.push(
      new Paragraph({
        border: { top: border, bottom: border, left: border, right: border },
        spacing: { before: 240, after: 240 },
        children: [new TextRun({ text: "Confidentiality statement", bold: true }), ...cleanText(model.confidentiality).split("\n").map((line) => new TextRun({ text: line, break: 1 }))],
      }),
    );
  }
  for (const { section, level } of flattenSections(model.sections)) {
    children.push(new Paragraph({ heading: HEADINGS[level - 1], children: [new TextRun(cleanText(section.heading))] }));
    for (const b of section.blocks) children.push(...block(b));
  }
  if (model.generatedFor) {
    children.push(new Paragraph({ spacing: { before: 360 }, children: [new TextRun({ text: cleanText(model.generatedFor), italics: true, size: 18 })] }));
  }

  const doc = new Document({
    title: cleanText(model.title),
    creator: "Concord",
    description: model.marking,
    styles: { default: { document: { run: { font: "Arial", size: 22, language: { value: "en-GB" } } } } },
    footnotes,
    sections: [
      {
        headers: { default: new Header({ children: [marking()] }) },
        footers: {
          default: new Footer({
            children: [marking(), new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES], size: 18 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
