import { z } from "zod";

/**
 * GOV.UK date inputs send three fields, `<name>-day`, `<name>-month` and `<name>-year`. `withDateParts`
 * gathers them into one `{ day, month, year }` value under `<name>` before a form schema runs, and
 * `dateField` turns that value into an ISO date (yyyy-mm-dd) with the GOV.UK error messages.
 */
export type DateParts = { day: string; month: string; year: string };

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
 * An ISO date from GOV.UK date input parts. `label` starts the messages ("Start date must be a real date");
 * `missing` is the message when nothing was entered.
 */
export function dateField(label: string, missing: string) {
  return z
    .object({ day: z.string(), month: z.string(), year: z.string() }, { errorMap: () => ({ message: missing }) })
    .transform((p, ctx): string => {
      const empty = (["day", "month", "year"] as const).filter((k) => !p[k]);
      if (empty.length === 3) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: missing });
        return z.NEVER;
      }
      if (empty.length) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must include a ${empty.join(" and ")}` });
        return z.NEVER;
      }
      if (!/^\d{1,2}$/.test(p.day) || !/^\d{1,2}$/.test(p.month) || !/^\d+$/.test(p.year)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a real date` });
        return z.NEVER;
      }
      if (p.year.length !== 4) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Year must include 4 numbers" });
        return z.NEVER;
      }
      const [y, m, d] = [Number(p.year), Number(p.month), Number(p.day)];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a real date` });
        return z.NEVER;
      }
      return `${p.year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    });
}
