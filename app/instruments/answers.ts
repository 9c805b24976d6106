import { optionsOf } from "./scales";
import type { Answer, Answers, Instrument, InstrumentItem, Scale } from "./types";

// Reading, checking, showing and comparing an assessment's answers. Pure. Form fields are named
// `item.<itemId>`, and `item.<itemId>.<facetId>` for the facets of a factor.

export type FormValues = Record<string, string | string[]>;

export type FormField = { name: string; item: InstrumentItem; facetId?: string };

export function fieldName(itemId: string, facetId?: string): string {
  return facetId === undefined ? `item.${itemId}` : `item.${itemId}.${facetId}`;
}

/** Every field of the form, in the order it is shown (error summaries follow this order). */
export function formFields(instrument: Instrument): FormField[] {
  const fields: FormField[] = [];
  for (const section of instrument.sections) {
    for (const item of section.items) {
      if (item.response.kind === "factor") {
        for (const facet of item.response.facets)
          fields.push({ name: fieldName(item.id, facet.id), item, facetId: facet.id });
      } else fields.push({ name: fieldName(item.id), item });
    }
  }
  return fields;
}

export function allItems(instrument: Instrument): InstrumentItem[] {
  return instrument.sections.flatMap((s) => s.items);
}

export function findItem(instrument: Instrument, itemId: string): InstrumentItem | undefined {
  return allItems(instrument).find((i) => i.id === itemId);
}

const q = (item: InstrumentItem) => `‘${item.shortName}’`;
const characters = (n: number) => `${n.toLocaleString("en-GB")} characters`;

function facetOf(item: InstrumentItem, facetId: string) {
  return item.response.kind === "factor" ? item.response.facets.find((f) => f.id === facetId) : undefined;
}

const inScale = (scale: Scale, value: string) => scale.some((o) => o.value === value);

/** One submitted value: blanks dropped; more than one value for a single-answer field is a tampered form. */
function oneValue(raw: string | string[] | undefined): { value: string | null } | { tooMany: true } {
  const all = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v) => v.trim() !== "");
  if (all.length > 1) return { tooMany: true };
  return { value: all[0]?.trim() ?? null };
}

/** Text as the browser's maxlength counts it: CRLF as one character. */
function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

/**
 * Reads the answers from a submitted form. Tolerant of missing fields (drafts save partial answers): a blank
 * field is unanswered and left out. A value outside an item's scale, an unknown option or over-long text is an
 * error keyed by field name, and that answer is left out. Fields not starting with "item." are ignored, as are
 * "item." fields that name nothing in this version.
 */
export function parseAnswers(
  instrument: Instrument,
  values: FormValues,
): { answers: Answers; errors: Record<string, string> } {
  const answers: Record<string, Answer> = {};
  const errors: Record<string, string> = {};
  for (const item of allItems(instrument)) {
    const name = fieldName(item.id);
    const r = item.response;
    switch (r.kind) {
      case "yes_no":
      case "choice": {
        const v = oneValue(values[name]);
        if ("tooMany" in v || (v.value !== null && !inScale(optionsOf(item), v.value)))
          errors[name] = `Select an answer for ${q(item)} from the options given`;
        else if (v.value !== null) answers[item.id] = v.value;
        break;
      }
      case "multi": {
        const raw = values[name];
        const chosen = new Set(
          (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter((v) => v !== ""),
        );
        if ([...chosen].some((v) => !inScale(r.options, v)))
          errors[name] = `Select only the options given for ${q(item)}`;
        // Stored in the order of the options, so equal choices compare equal.
        else if (chosen.size > 0) answers[item.id] = r.options.filter((o) => chosen.has(o.value)).map((o) => o.value);
        break;
      }
      case "text": {
        const raw = values[name];
        if (Array.isArray(raw) && raw.filter((v) => v.trim() !== "").length > 1) {
          errors[name] = `Enter one answer for ${q(item)}`;
          break;
        }
        const value = normaliseText(Array.isArray(raw) ? (raw.find((v) => v.trim() !== "") ?? "") : (raw ?? ""));
        if (value.length > r.maxLength) errors[name] = `${item.shortName} must be ${characters(r.maxLength)} or fewer`;
        else if (value !== "") answers[item.id] = value;
        break;
      }
      case "factor": {
        const rated: Record<string, string> = {};
        for (const facet of r.facets) {
          const facetName = fieldName(item.id, facet.id);
          const v = oneValue(values[facetName]);
          if ("tooMany" in v || (v.value !== null && !inScale(facet.scale, v.value)))
            errors[facetName] = `Select ${facet.label.toLowerCase()} for ${q(item)} from the options given`;
          else if (v.value !== null) rated[facet.id] = v.value;
        }
        if (Object.keys(rated).length > 0) answers[item.id] = rated;
        break;
      }
    }
  }
  return { answers, errors };
}

/** The form values that show stored answers again (the inverse of parseAnswers). */
export function answersToFormValues(instrument: Instrument, answers: Answers): FormValues {
  const values: FormValues = {};
  for (const item of allItems(instrument)) {
    const a = answers[item.id];
    if (a === undefined) continue;
    if (typeof a === "string") values[fieldName(item.id)] = a;
    else if (Array.isArray(a)) values[fieldName(item.id)] = [...(a as readonly string[])];
    else
      for (const [facetId, v] of Object.entries(a as Readonly<Record<string, string>>))
        values[fieldName(item.id, facetId)] = v;
  }
  return values;
}

/** A stored answer that does not fit its item (stored answers come through parseAnswers, so this means tampering or a bug). */
function shapeError(item: InstrumentItem, a: Answer): { field: string; message: string } | null {
  const r = item.response;
  const name = fieldName(item.id);
  switch (r.kind) {
    case "yes_no":
    case "choice":
      return typeof a === "string" && inScale(optionsOf(item), a)
        ? null
        : { field: name, message: `Select an answer for ${q(item)} from the options given` };
    case "multi":
      return Array.isArray(a) && (a as readonly string[]).every((v) => inScale(r.options, v))
        ? null
        : { field: name, message: `Select only the options given for ${q(item)}` };
    case "text":
      if (typeof a !== "string") return { field: name, message: `Enter one answer for ${q(item)}` };
      return a.length > r.maxLength
        ? { field: name, message: `${item.shortName} must be ${characters(r.maxLength)} or fewer` }
        : null;
    case "factor": {
      if (typeof a !== "object" || Array.isArray(a))
        return {
          field: fieldName(item.id, r.facets[0]?.id),
          message: `Select ratings for ${q(item)} from the options given`,
        };
      for (const facet of r.facets) {
        const v = (a as Readonly<Record<string, string>>)[facet.id];
        if (v !== undefined && !inScale(facet.scale, v))
          return {
            field: fieldName(item.id, facet.id),
            message: `Select ${facet.label.toLowerCase()} for ${q(item)} from the options given`,
          };
      }
      return null;
    }
  }
}

/**
 * What stops the assessment being submitted: every required item unanswered (for a factor, every facet), any
 * answer outside its item's scale, then the instrument's own rules. Keyed by field name so the error summary
 * can link to the field, in the order of the form.
 */
export function submissionErrors(instrument: Instrument, answers: Answers): Record<string, string> {
  const found: Record<string, string> = {};
  for (const item of allItems(instrument)) {
    const a = answers[item.id];
    if (a !== undefined) {
      const bad = shapeError(item, a);
      if (bad) {
        found[bad.field] = bad.message;
        continue;
      }
    }
    if (!item.required) continue;
    const r = item.response;
    if (r.kind === "factor") {
      const rated = a && typeof a === "object" && !Array.isArray(a) ? (a as Readonly<Record<string, string>>) : {};
      for (const facet of r.facets) {
        if (rated[facet.id] === undefined)
          found[fieldName(item.id, facet.id)] = `Select ${facet.label.toLowerCase()} for ${q(item)}`;
      }
    } else if (a === undefined || (Array.isArray(a) && a.length === 0) || (typeof a === "string" && a.trim() === "")) {
      found[fieldName(item.id)] =
        r.kind === "text"
          ? `Enter ${q(item)}`
          : r.kind === "multi"
            ? `Select at least one option for ${q(item)}`
            : `Select an answer for ${q(item)}`;
    }
  }
  for (const [key, message] of Object.entries(instrument.rules(answers))) {
    const name = `item.${key}`;
    found[name] ??= message;
  }
  const order = formFields(instrument).map((f) => f.name);
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return Object.fromEntries(Object.entries(found).sort(([x], [y]) => rank(x) - rank(y)));
}

export function isComplete(instrument: Instrument, answers: Answers): boolean {
  return Object.keys(submissionErrors(instrument, answers)).length === 0;
}

const NOT_ANSWERED = "Not answered";

function optionLabel(scale: Scale, value: string): string {
  return scale.find((o) => o.value === value)?.label ?? value;
}

/** An answer as shown on the assessment, the printout and the comparison. */
export function answerLabel(instrument: Instrument, itemId: string, answer: Answer | undefined): string {
  const item = findItem(instrument, itemId);
  if (!item) return typeof answer === "string" ? answer : NOT_ANSWERED;
  const r = item.response;
  if (r.kind === "multi") {
    const chosen = Array.isArray(answer) ? (answer as readonly string[]) : [];
    return chosen.length === 0 ? "None" : chosen.map((v) => optionLabel(r.options, v)).join("; ");
  }
  if (answer === undefined) return NOT_ANSWERED;
  if (r.kind === "factor") {
    const rated =
      typeof answer === "object" && !Array.isArray(answer) ? (answer as Readonly<Record<string, string>>) : {};
    return r.facets
      .map(
        (f) =>
          `${f.label}: ${rated[f.id] === undefined ? NOT_ANSWERED.toLowerCase() : optionLabel(f.scale, rated[f.id] as string)}`,
      )
      .join("; ");
  }
  if (typeof answer !== "string") return NOT_ANSWERED;
  return r.kind === "text" ? answer : optionLabel(optionsOf(item), answer);
}

/** Label of a single facet of a factor, for tables that show facets in columns. */
export function facetLabel(
  instrument: Instrument,
  itemId: string,
  facetId: string,
  answer: Answer | undefined,
): string {
  const item = findItem(instrument, itemId);
  const facet = item ? facetOf(item, facetId) : undefined;
  const value =
    answer && typeof answer === "object" && !Array.isArray(answer)
      ? (answer as Readonly<Record<string, string>>)[facetId]
      : undefined;
  if (!facet || value === undefined) return NOT_ANSWERED;
  return optionLabel(facet.scale, value);
}

function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  const norm = (x: Answer | undefined) => {
    if (x === undefined || typeof x === "string") return x;
    // Nothing ticked is the same as unanswered.
    if (Array.isArray(x)) return x.length === 0 ? undefined : JSON.stringify([...(x as readonly string[])].sort());
    return JSON.stringify(Object.entries(x).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)));
  };
  return norm(a) === norm(b);
}

export type AnswerComparison = {
  itemId: string;
  sectionTitle: string;
  shortName: string;
  before: string;
  after: string;
  changed: boolean;
};

/** Two versions of an assessment (of the same instrument version) side by side, item by item in form order. */
export function compareAnswers(instrument: Instrument, a: Answers, b: Answers): AnswerComparison[] {
  return instrument.sections.flatMap((section) =>
    section.items.map((item) => ({
      itemId: item.id,
      sectionTitle: section.title,
      shortName: item.shortName,
      before: answerLabel(instrument, item.id, a[item.id]),
      after: answerLabel(instrument, item.id, b[item.id]),
      changed: !sameAnswer(a[item.id], b[item.id]),
    })),
  );
}
