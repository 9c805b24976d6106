// CSV for downloads (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or
// a line break, quotes doubled. Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage
// return before one) as a formula, so such cells are prefixed with a single quote and shown as text (OWASP).

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: the header row, then one line per row, every line ending CRLF. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null | undefined)[]>,
): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
