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

/*
 * Built from styles (issue 17): every look is a named paragraph or character style defined once here, never direct
 * formatting on a paragraph, so an author or a court can restyle the file and assistive technology reads its parts.
 */
const BORDER = { style: BorderStyle.SINGLE, size: 12, color: "1D70B8", space: 6 };
const PARAGRAPH_STYLES = [
  {
    id: "Subtitle",
    name: "Subtitle",
    basedOn: "Normal",
    next: "Normal",
    quickFormat: true,
    run: { size: 28, color: "505A5F" },
    paragraph: { spacing: { after: 240 } },
  },
  {
    id: "Confidentiality",
    name: "Confidentiality statement",
    basedOn: "Normal",
    next: "Normal",
    paragraph: {
      border: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      spacing: { before: 240, after: 240 },
    },
  },
  {
    id: "Caption",
    name: "Caption",
    basedOn: "Normal",
    next: "Normal",
    quickFormat: true,
    run: { bold: true },
    paragraph: { spacing: { before: 120, after: 60 } },
  },
  { id: "TableKey", name: "Table key", basedOn: "Normal", run: { bold: true } },
  { id: "TableHeading", name: "Table heading", basedOn: "Normal", run: { bold: true } },
  { id: "AfterTable", name: "After table", basedOn: "Normal", paragraph: { spacing: { after: 120 } } },
  {
    id: "GeneratedFor",
    name: "Generated for",
    basedOn: "Normal",
    run: { italics: true, size: 18 },
    paragraph: { spacing: { before: 360 } },
  },
  {
    id: "Marking",
    name: "Security marking",
    basedOn: "Normal",
    run: { bold: true },
    paragraph: { alignment: AlignmentType.CENTER },
  },
  {
    id: "PageNumber",
    name: "Page number",
    basedOn: "Normal",
    run: { size: 18 },
    paragraph: { alignment: AlignmentType.CENTER },
  },
];
const CHARACTER_STYLES = [
  { id: "Strong", name: "Strong", basedOn: "DefaultParagraphFont", quickFormat: true, run: { bold: true } },
];

/** Renders the document model as a Word (.docx) file. Text is taken as given: redaction happens before the model. */
export async function renderDocx(model: ExportDocument): Promise<Buffer> {
  const footnoteNumbers = numberFootnotes(model);
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const [r, n] of footnoteNumbers)
    footnotes[String(n)] = { children: [new Paragraph(cleanText(r.footnote?.text ?? ""))] };

  const runs = (list: Run[]): ParagraphChild[] =>
    list.flatMap((r) => {
      const lines = cleanText(r.text).split("\n");
      const out: ParagraphChild[] = lines.map(
        (line, i) => new TextRun({ text: line, bold: r.bold, italics: r.italic, break: i > 0 ? 1 : undefined }),
      );
      const n = footnoteNumbers.get(r);
      if (n !== undefined) out.push(new FootnoteReferenceRun(n));
      return out;
    });

  const cell = (children: ParagraphChild[], header = false) =>
    new TableCell({
      children: [new Paragraph({ style: header ? "TableHeading" : undefined, children })],
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
                    new TableCell({
                      width: { size: 30, type: WidthType.PERCENTAGE },
                      children: [new Paragraph({ style: "TableKey", children: [new TextRun(cleanText(row.key))] })],
                    }),
                    new TableCell({
                      width: { size: 70, type: WidthType.PERCENTAGE },
                      children: [new Paragraph({ children: runs(row.value) })],
                    }),
                  ],
                }),
            ),
          }),
          new Paragraph({ style: "AfterTable" }),
        ];
      case "table": {
        const out: FileChild[] = [];
        if (b.caption) out.push(new Paragraph({ style: "Caption", children: [new TextRun(cleanText(b.caption))] }));
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              // Repeats on every page and tells assistive technology these are column headers.
              new TableRow({
                tableHeader: true,
                children: b.header.map((h) => cell([new TextRun(cleanText(h))], true)),
              }),
              ...b.rows.map((row) => new TableRow({ children: b.header.map((_, i) => cell(runs(row[i] ?? []))) })),
            ],
          }),
          new Paragraph({ style: "AfterTable" }),
        );
        return out;
      }
    }
  };

  const marking = (): Paragraph => new Paragraph({ style: "Marking", children: [new TextRun(model.marking)] });

  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cleanText(model.title))] }),
  ];
  if (model.subtitle)
    children.push(new Paragraph({ style: "Subtitle", children: [new TextRun(cleanText(model.subtitle))] }));
  if (model.confidentiality) {
    children.push(
      new Paragraph({
        style: "Confidentiality",
        children: [
          new TextRun({ text: "Confidentiality statement", style: "Strong" }),
          ...cleanText(model.confidentiality)
            .split("\n")
            .map((line) => new TextRun({ text: line, break: 1 })),
        ],
      }),
    );
  }
  for (const { section, level } of flattenSections(model.sections)) {
    children.push(new Paragraph({ heading: HEADINGS[level - 1], children: [new TextRun(cleanText(section.heading))] }));
    for (const b of section.blocks) children.push(...block(b));
  }
  if (model.generatedFor) {
    children.push(new Paragraph({ style: "GeneratedFor", children: [new TextRun(cleanText(model.generatedFor))] }));
  }

  const doc = new Document({
    title: cleanText(model.title),
    creator: "Concord",
    description: model.marking,
    styles: {
      default: { document: { run: { font: "Arial", size: 22, language: { value: "en-GB" } } } },
      paragraphStyles: PARAGRAPH_STYLES,
      characterStyles: CHARACTER_STYLES,
    },
    footnotes,
    sections: [
      {
        headers: { default: new Header({ children: [marking()] }) },
        footers: {
          default: new Footer({
            children: [
              marking(),
              new Paragraph({
                style: "PageNumber",
                children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
