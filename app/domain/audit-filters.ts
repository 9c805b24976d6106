// The audit and disclosure log filters, as typed into their GET forms. Shared by the pages and the service
// (app/services/audit-log.server.ts); an empty box means "any".
import { z } from "zod";

export const AUDIT_OUTCOMES = ["allowed", "denied", "done", "failed"] as const;
export const AUDIT_OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOMES)[number], string> = {
  allowed: "Allowed",
  denied: "Refused",
  done: "Done",
  failed: "Failed",
};

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A London calendar day typed as yyyy-mm-dd. */
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

const pageField = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ invalid_type_error: "Page must be a number" })
    .int("Page must be a whole number")
    .min(1, "Page must be 1 or more")
    .max(100_000, "Page must be 100,000 or less")
    .optional()
    .default(1),
);

function dateOrder<T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be the same as or after the start date" });
}

export const AuditSearchSchema = z
  .object({
    person: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .toLowerCase()
        .max(254, "Email address must be 254 characters or fewer")
        .email("Enter an email address in the correct format, like name@example.com")
        .optional(),
    ),
    case: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .toUpperCase()
        .max(40, "Case reference must be 40 characters or fewer")
        .regex(/^[A-Z0-9-]+$/, "Enter a case reference like NS-2026-00001")
        .optional(),
    ),
    from: dayField("Start date"),
    to: dayField("End date"),
    actionPrefix: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .toLowerCase()
        .max(60, "Action must be 60 characters or fewer")
        .regex(/^[a-z_.]+$/, "Action must contain only letters, full stops and underscores, like case.view")
        .optional(),
    ),
    outcome: z.preprocess(
      blankToUndefined,
      z.enum(AUDIT_OUTCOMES, { errorMap: () => ({ message: "Select an outcome from the list" }) }).optional(),
    ),
    page: pageField,
  })
  .superRefine(dateOrder);
export type AuditFilters = z.infer<typeof AuditSearchSchema>;

export const DISCLOSURE_KINDS = ["share", "break_glass", "access_request"] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export const DISCLOSURE_KIND_LABELS: Record<DisclosureKind, string> = {
  share: "Record shared",
  break_glass: "Emergency access (break-glass)",
  access_request: "Access request approved",
};

export const DisclosureFiltersSchema = z
  .object({
    from: dayField("Start date"),
    to: dayField("End date"),
    kind: z.preprocess(
      blankToUndefined,
      z
        .enum(DISCLOSURE_KINDS, { errorMap: () => ({ message: "Select a kind of disclosure from the list" }) })
        .optional(),
    ),
    page: pageField,
  })
  .superRefine(dateOrder);
export type DisclosureFilters = z.infer<typeof DisclosureFiltersSchema>;
