/**
 * How names are compared in "find without seeing": lower case, accents and punctuation removed, single spaces.
 * `people.search_name` holds this form of the full name, so a search compares like with like.
 */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The words of a name query, normalised. Each must be the start of a word of the person's name to match. */
export function nameSearchWords(query: string): string[] {
  const normalised = normaliseName(query);
  return normalised ? [...new Set(normalised.split(" "))] : [];
}

/**
 * How identifiers (PNC, nDelius, NHS number, crime reference) are compared: exactly, ignoring case and spaces,
 * so "87/123456x" finds "87/123456X" and "943 476 5919" finds "9434765919".
 */
export function normaliseIdentifier(value: string): string {
  return value.toUpperCase().replace(/\s+/g, "");
}

/** The identifier fields searched, as stored in `people.identifiers` (crimeRefs is a list). */
export const SINGLE_IDENTIFIER_KEYS = ["pnc", "ndelius", "nhs"] as const;
export const LIST_IDENTIFIER_KEYS = ["crimeRefs"] as const;
