import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/** Turns FormData into a plain object; fields given more than once (checkboxes) become arrays. */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key === "csrf") continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

/**
 * Validates a submitted form with its zod schema. On failure returns the first message per field (in the
 * order the schema reports them, which follows the form) and the values to redisplay.
 */
export function parseForm<S extends z.ZodTypeAny>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  return parseValues(formValues(formData), schema);
}

/** The same for values already taken from a form (for services that check access before validating). */
export function parseValues<S extends z.ZodTypeAny>(
  values: Record<string, string | string[]>,
  schema: S,
): FormResult<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}
