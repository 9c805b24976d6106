// An optional expiry date entered as a GOV.UK date input (day, month, year). A date means "until the end of
// that day in London"; it is stored as the UTC instant the London day ends.
import { readDateParts, type DateParts } from "./date-parts";

const londonDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const londonHour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });

/** Today's date in London as yyyy-mm-dd. */
export function londonToday(now: Date): string {
  return londonDate.format(now);
}

/** The UTC instant at which a London calendar day (yyyy-mm-dd) ends, that is midnight starting the next day. */
export function endOfLondonDay(date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const utcMidnight = new Date(Date.UTC(y, m - 1, d + 1));
  // London is UTC or UTC+1; the clocks change at 01:00 UTC, so the offset at UTC midnight is the offset at London midnight.
  const offsetHours = Number(londonHour.format(utcMidnight)) % 24;
  return new Date(utcMidnight.getTime() - offsetHours * 3_600_000);
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // 29 February plus a year is 28 February, not 1 March.
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export type ExpiryParts = DateParts;
export type ExpiryResult = { ok: true; date: string | null; expiresAt: string | null } | { ok: false; message: string };

/**
 * Validates an optional expiry date: all three parts empty means no expiry; otherwise a real date from today
 * (the share then lasts to the end of today) to one year from today, in London.
 */
export function parseExpiryDate(parts: ExpiryParts, now: Date, label = "Expiry date"): ExpiryResult {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return { ok: true, date: null, expiresAt: null };
  const read = readDateParts(parts, label, `Enter the ${label.toLowerCase()}`);
  if (!read.ok) return read;
  const today = londonToday(now);
  if (read.date < today) return { ok: false, message: `${label} must be today or in the future` };
  if (read.date > addYears(today, 1)) return { ok: false, message: `${label} must be within one year of today` };
  return { ok: true, date: read.date, expiresAt: endOfLondonDay(read.date).toISOString() };
}
