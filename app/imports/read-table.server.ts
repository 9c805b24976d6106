// Reads an uploaded import file into headings and rows of text (decision 0055): CSV with csv-parse, an Excel
// workbook's first worksheet with exceljs. Nothing here knows Concord's fields; the mapping comes after.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { zipExpandsSafely } from "~/files/upload-checks.server";

export const IMPORT_MAX_ROWS = 20_000;

export type ImportFormat = "csv" | "xlsx";
export type Table = { headers: string[]; rows: Record<string, string>[] };
export type TableResult = { ok: true; table: Table } | { ok: false; message: string };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format from the content (an xlsx is a zip), never from the name alone. */
export function formatOf(content: Buffer): ImportFormat {
  return content.subarray(0, 4).equals(ZIP_MAGIC) ? "xlsx" : "csv";
}

function tableOf(cells: string[][]): TableResult {
  const [head, ...body] = cells.filter((r) => r.some((c) => c.trim() !== ""));
  if (!head)
    return { ok: false, message: "The file is empty: it needs a row of column headings and a row for each record" };
  const headers = head.map((h) => h.trim());
  if (headers.some((h) => h === "")) return { ok: false, message: "Every column needs a heading in the first row" };
  if (new Set(headers).size !== headers.length)
    return { ok: false, message: "Two columns have the same heading: give each column its own" };
  if (body.length > IMPORT_MAX_ROWS)
    return {
      ok: false,
      message: `The file has ${body.length.toLocaleString("en-GB")} rows: import ${IMPORT_MAX_ROWS.toLocaleString("en-GB")} rows or fewer at a time`,
    };
  return {
    ok: true,
    table: { headers, rows: body.map((r) => Object.fromEntries(headers.map((h, i) => [h, (r[i] ?? "").trim()]))) },
  };
}

function readCsv(content: Buffer): TableResult {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return {
      ok: false,
      message: "The file is not a UTF-8 CSV file or an Excel workbook (.xlsx): save it as CSV UTF-8 and try again",
    };
  }
  try {
    const cells = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return tableOf(cells);
  } catch (error) {
    const line =
      error && typeof error === "object" && "lines" in error
        ? ` (line ${String((error as { lines: number }).lines)})`
        : "";
    return { ok: false, message: `The CSV file could not be read${line}: check its quotes and commas` };
  }
}

/** A cell as text: dates as ISO dates (Excel keeps them without a zone), everything else as Excel shows it. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === "object" && "result" in v && v.result instanceof Date)
    return v.result.toISOString().slice(0, 10);
  return cell.text ?? "";
}

async function readXlsx(content: Buffer): Promise<TableResult> {
  // exceljs inflates the whole workbook in memory: first the documents' check that a zip expands within bounds.
  if (!zipExpandsSafely(content))
    return {
      ok: false,
      message:
        "The workbook expands to far more data than it holds, holds too many parts or is damaged: save it as a CSV file, or save it again as .xlsx",
    };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: "The Excel workbook could not be read: save it as .xlsx and try again" };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: "The workbook has no worksheet" };
  if (sheet.rowCount > IMPORT_MAX_ROWS + 1)
    return {
      ok: false,
      message: `The worksheet has ${(sheet.rowCount - 1).toLocaleString("en-GB")} rows: import ${IMPORT_MAX_ROWS.toLocaleString("en-GB")} rows or fewer at a time`,
    };
  const width = sheet.columnCount;
  const cells: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const r: string[] = [];
    for (let i = 1; i <= width; i++) r.push(cellText(row.getCell(i)));
    cells.push(r);
  });
  return tableOf(cells);
}

export async function readTable(content: Buffer): Promise<{ format: ImportFormat; result: TableResult }> {
  const format = formatOf(content);
  return { format, result: format === "xlsx" ? await readXlsx(content) : readCsv(content) };
}

/** A workbook of these rows (the xlsx template). */
export async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Import");
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
