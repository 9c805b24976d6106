// The oversight dashboard's filters, as typed into its GET form (and carried to the CSV download and to evidence
// links): the period cases were opened in, the lead agency and a team on the case team. Empty means "any";
// an empty period means the last twelve whole months to today.
import { z } from "zod";
import { addCalendarMonths, addDays } from "./limitation-deadline";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function dayField(label: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format yyyy-mm-dd, like 2026-03-07`)
      .refine((v) => {
        const [y, m, d] = v.split("-").map(Number) as [number, number, number];
        const date = new Date(Date.UTC(y, m - 1, d));
        return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
      }, `${label} must be a real date`)
      .optional(),
  );
}

const idField = (message: string) => z.preprocess(blankToUndefined, z.string().trim().uuid(message).optional());

export const OVERSIGHT_FILTER_FIELDS = ["from", "to", "agency", "team"] as const;

export const OversightFiltersSchema = z
  .object({
    from: dayField("Start date"),
    to: dayField("End date"),
    agency: idField("Select a lead agency from the list"),
    team: idField("Select a team from the list"),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: "The end date must be the same as or after the start date",
      });
  });
export type OversightFilterInput = z.infer<typeof OversightFiltersSchema>;

/** Filters with the period filled in. */
export type OversightFilters = { from: string; to: string; agency?: string; team?: string };

/** The default period: from the first day of the month eleven months back to today (twelve month columns). */
export function withDefaultPeriod(input: OversightFilterInput, today: string): OversightFilters {
  const to = input.to ?? today;
  const from = input.from ?? `${addCalendarMonths(to, -11).slice(0, 7)}-01`;
  return { from, to, ...(input.agency ? { agency: input.agency } : {}), ...(input.team ? { team: input.team } : {}) };
}

/** The filters as a query string (for the CSV link and evidence links), in a fixed order. */
export function filtersQuery(filters: Partial<OversightFilters>): string {
  const params = new URLSearchParams();
  for (const f of OVERSIGHT_FILTER_FIELDS) {
    const v = filters[f];
    if (v) params.set(f, v);
  }
  return params.toString();
}

/** A period as the dashboard's sums are kept: whole London months, and the days before and after them. */
export type PeriodParts = { months: { from: string; to: string } | null; days: { from: string; to: string }[] };

/** Splits a period (London days, from and to included) into whole months (yyyy-mm) and the days left over. */
export function periodParts(from: string, to: string): PeriodParts {
  const monthOf = (day: string) => day.slice(0, 7);
  const firstDayOf = (month: string) => `${month}-01`;
  const nextMonth = (month: string) => monthOf(addCalendarMonths(firstDayOf(month), 1));
  const lastDayOf = (month: string) => addDays(firstDayOf(nextMonth(month)), -1);
  const firstWhole = from === firstDayOf(monthOf(from)) ? monthOf(from) : nextMonth(monthOf(from));
  const lastWhole =
    to === lastDayOf(monthOf(to)) ? monthOf(to) : monthOf(addCalendarMonths(firstDayOf(monthOf(to)), -1));
  if (firstWhole > lastWhole) return { months: null, days: [{ from, to }] };
  const days: PeriodParts["days"] = [];
  if (from < firstDayOf(firstWhole)) days.push({ from, to: addDays(firstDayOf(firstWhole), -1) });
  if (to > lastDayOf(lastWhole)) days.push({ from: firstDayOf(nextMonth(lastWhole)), to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}
