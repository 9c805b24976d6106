import type { PartyRole } from "./case-vocabulary";
import { normaliseIdentifier } from "./person-names";

/** The identifiers a person record may carry (stored in people.identifiers; crime references are kept there too). */
export const IDENTIFIER_KEYS = ["pnc", "ndelius", "nhs"] as const;
export type IdentifierKey = (typeof IDENTIFIER_KEYS)[number];
export const IDENTIFIER_LABELS: Record<IdentifierKey, string> = {
  pnc: "PNC number",
  ndelius: "nDelius CRN",
  nhs: "NHS number",
};
/** Which identifiers are recorded for each party: a victim's NHS number only; the perpetrator's police and probation numbers too. */
export const IDENTIFIERS_FOR: Record<PartyRole, readonly IdentifierKey[]> = {
  victim: ["nhs"],
  perpetrator: ["pnc", "ndelius", "nhs"],
};

/**
 * Checks for the identifiers a person record carries. Values are compared and stored normalised (upper case,
 * no spaces: normaliseIdentifier), so "87/123456x" and "87/123456X" are one PNC number.
 */

/** PNC ID: year (2 or 4 digits), a slash, a serial number of up to 7 digits and a check letter, like 87/123456X. */
export function isPncNumber(value: string): boolean {
  return /^(\d{2}|\d{4})\/\d{1,7}[A-Z]$/.test(normaliseIdentifier(value));
}

/** nDelius case reference number (CRN): a letter and six digits, like X123456. */
export function isNdeliusCrn(value: string): boolean {
  return /^[A-Z]\d{6}$/.test(normaliseIdentifier(value));
}

/** NHS number: 10 digits whose last is the modulus 11 check digit of the first nine (spaces or dashes allowed). */
export function isNhsNumber(value: string): boolean {
  const digits = normaliseIdentifier(value).replace(/-/g, "");
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** How an NHS number is stored: digits only. */
export function normaliseNhsNumber(value: string): string {
  return normaliseIdentifier(value).replace(/-/g, "");
}

/** Aliases typed one per line: trimmed, blank lines dropped, repeats (ignoring case) kept once. */
export function parseAliases(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const alias = line.trim().replace(/\s+/g, " ");
    if (!alias || seen.has(alias.toLowerCase())) continue;
    seen.add(alias.toLowerCase());
    out.push(alias);
  }
  return out;
}
