/**
 * THE reading of a GOV.UK date input's three parts (day, month, year) into an ISO date (yyyy-mm-dd), with the GOV.UK
 * error messages, for every form's date: `dateField` (app/forms/date-field.ts) wraps it for zod schemas and the
 * share form's optional expiry date (expiry-date.ts) calls it directly. Rules about which dates a form accepts
 * (meeting-dates.ts, expiry-date.ts) sit on top. `label` starts the messages ("Start date must be a real date");
 * `missing` is the message when nothing was entered.
 */
export type DateParts = { day: string; month: string; year: string };
export type DatePartsResult = { ok: true; date: string } | { ok: false; message: string };

export function readDateParts(parts: DateParts, label: string, missing: string): DatePartsResult {
  const p = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const empty = (["day", "month", "year"] as const).filter((k) => !p[k]);
  if (empty.length === 3) return { ok: false, message: missing };
  if (empty.length) return { ok: false, message: `${label} must include a ${empty.join(" and ")}` };
  if (!/^\d{1,2}$/.test(p.day) || !/^\d{1,2}$/.test(p.month) || !/^\d+$/.test(p.year))
    return { ok: false, message: `${label} must be a real date` };
  if (p.year.length !== 4) return { ok: false, message: "Year must include 4 numbers" };
  const [y, m, d] = [Number(p.year), Number(p.month), Number(p.day)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, message: `${label} must be a real date` };
  return { ok: true, date: `${p.year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}
