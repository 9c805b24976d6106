import { z } from "zod";
import { allItems } from "./answers";
import type { Instrument } from "./types";

// An organisation that holds a licence for an instrument may load the licensed item text for one version from a
// file. We validate it strictly: it must be for this instrument and version and name only its items.

export const LICENSED_TEXT_MAX = 4000;

const FileSchema = z.object({
  instrument: z.string({
    required_error: "The file must say which instrument it is for",
    invalid_type_error: "The instrument must be text",
  }),
  version: z.string({
    required_error: "The file must say which instrument version it is for",
    invalid_type_error: "The version must be text",
  }),
  licence: z
    .string({
      required_error: "The file must give the licence holder or licence reference",
      invalid_type_error: "The licence must be text",
    })
    .trim()
    .min(1, "The file must give the licence holder or licence reference")
    .max(500, "The licence must be 500 characters or fewer"),
  items: z.record(z.unknown(), {
    required_error: "The file must have an items object",
    invalid_type_error: "Items must be an object of item ids and texts",
  }),
});

export type LicensedTextResult =
  { ok: true; licence: string; texts: Record<string, string> } | { ok: false; errors: string[] };

/** Validates a licensed text file (already read as JSON, or its raw text) for one instrument version. */
export function parseLicensedText(instrument: Instrument, json: unknown): LicensedTextResult {
  let data = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch {
      return { ok: false, errors: ["The file is not valid JSON"] };
    }
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return { ok: false, errors: ["The file must be a JSON object"] };
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };

  const file = parsed.data;
  const errors: string[] = [];
  if (file.instrument !== instrument.code)
    errors.push(`The file is for instrument ‘${file.instrument}’, not ‘${instrument.code}’`);
  if (file.version !== instrument.version)
    errors.push(`The file is for version ‘${file.version}’, not ${instrument.shortName} ${instrument.version}`);

  const itemIds = new Set(allItems(instrument).map((i) => i.id));
  const texts: Record<string, string> = {};
  const entries = Object.entries(file.items);
  if (entries.length === 0) errors.push("The file has no item texts");
  for (const [itemId, value] of entries) {
    if (!itemIds.has(itemId)) {
      errors.push(`‘${itemId}’ is not an item of ${instrument.shortName} ${instrument.version}`);
      continue;
    }
    if (typeof value !== "string") {
      errors.push(`The text for ‘${itemId}’ must be text`);
      continue;
    }
    const text = value.replace(/\r\n?/g, "\n").trim();
    if (text === "") errors.push(`The text for ‘${itemId}’ is empty`);
    else if (text.length > LICENSED_TEXT_MAX) errors.push(`The text for ‘${itemId}’ must be 4,000 characters or fewer`);
    else texts[itemId] = text;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, licence: file.licence, texts };
}
