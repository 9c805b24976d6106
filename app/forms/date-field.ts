import { z } from "zod";
import { readDateParts, type DateParts } from "~/domain/date-parts";

/**
 * GOV.UK date inputs send three fields, `<name>-day`, `<name>-month` and `<name>-year`. `withDateParts`
 * gathers them into one `{ day, month, year }` value under `<name>` before a form schema runs, and
 * `dateField` turns that value into an ISO date (yyyy-mm-dd) with the GOV.UK error messages.
 */
export type { DateParts };

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

export function withDateParts(values: unknown, names: readonly string[]): unknown {
  if (!values || typeof values !== "object") return values;
  const v = values as Record<string, unknown>;
  const out: Record<string, unknown> = { ...v };
  for (const name of names) {
    out[name] = { day: text(v[`${name}-day`]), month: text(v[`${name}-month`]), year: text(v[`${name}-year`]) };
    delete out[`${name}-day`];
    delete out[`${name}-month`];
    delete out[`${name}-year`];
  }
  return out;
}

/** The parts of an ISO date, for filling a date input. */
export function isoToParts(iso: string): DateParts {
  const [year = "", month = "", day = ""] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/**
 * An ISO date from GOV.UK date input parts (the one reading: readDateParts). `label` starts the messages ("Start
 * date must be a real date"); `missing` is the message when nothing was entered.
 */
export function dateField(label: string, missing: string) {
  return z
    .object({ day: z.string(), month: z.string(), year: z.string() }, { errorMap: () => ({ message: missing }) })
    .transform((p, ctx): string => {
      const read = readDateParts(p, label, missing);
      if (read.ok) return read.date;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: read.message });
      return z.NEVER;
    });
}
