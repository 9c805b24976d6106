/*
 * Text that looks like someone's contact details (issue 17). Pre-sentence input goes to the court and the defence,
 * so anything typed into it is checked for the *shapes* of contact details, not only against details the writer
 * can read (contact-details-check.ts): a partner may know a victim's new address before anyone has recorded it.
 * Pure. Deliberately strict about shape so dates, case references, PNC numbers and section numbers pass; the
 * author can override a false positive (a court's address), audited.
 */

export type ContactShape = "postcode" | "phone" | "email" | "address" | "vehicle";

export type ContactShapeMatch = { kind: ContactShape; text: string };

export const CONTACT_SHAPE_LABELS: Record<ContactShape, string> = {
  postcode: "a postcode",
  phone: "a phone number",
  email: "an email address",
  address: "an address",
  vehicle: "a vehicle registration",
};

// Outward code (A9, A9A, A99, AA9, AA9A, AA99), a space or none, inward code (9 and two letters, never C I K M O V).
const POSTCODE = /\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b/gi;
// 0 or +44 / 0044 (with an optional "(0)"), then the rest of a UK number with spaces, dashes or brackets between digits.
const PHONE = /(?<![\w/+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[ -]?\)?[ -]?\d){8,9}(?![\w/])/g;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)+/gi;
// Current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) registrations, in capitals as they are written.
const VEHICLE = /\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b/g;
// Trigger words in either case; the house number must be followed by a capitalised name ("moved to 3 different" is not an address).
const either = (words: string) => words.replace(/\b([a-z])/g, (c) => `[${c.toUpperCase()}${c}]`);
const HOUSE = String.raw`(?:(?:${either("flat|apartment|unit")})\s+\w+,?\s+)?\d{1,4}[a-z]?,?\s+[A-Z][a-z]+`;
// "lives at 14 Larkspur", "moved to Flat 2, 9 Mill", "address: 14 Larkspur", "new address is 3a Elm".
const LIVES_AT = new RegExp(
  String.raw`\b(?:${either("lives|living|live|lived|resides|residing|stays|staying|moved|moving|moves")})\s+(?:at|to|into)\s+${HOUSE}|\b${either("address")}(?:\s+(?:is|was|now|given\s+as))?\s*(?:[:\-–]\s*|\s)${HOUSE}`,
  "g",
);
// A house number and a street: "14 Larkspur Road".
const STREET =
  /\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Grove|Terrace|Gardens|Place|Row|Walk|Mews|Rise|Square|Rd|Ave)\b/g;

type Hit = { text: string; at: number; end: number };

function matches(re: RegExp, text: string): Hit[] {
  return [...text.matchAll(re)].map((m) => ({ text: m[0].trim(), at: m.index, end: m.index + m[0].length }));
}

/** Everything in the text shaped like a contact detail, each once (overlapping finds of one kind count once). */
export function contactShapesIn(text: string): ContactShapeMatch[] {
  const found: (ContactShapeMatch & Hit)[] = [];
  const add = (kind: ContactShape, hits: Hit[]) => {
    for (const h of hits)
      if (!found.some((f) => f.kind === kind && (f.text === h.text || (h.at < f.end && f.at < h.end))))
        found.push({ kind, ...h });
  };
  const emails = matches(EMAIL, text);
  add("email", emails);
  // An email's local part may hold digits that look like a phone number: look for the rest without them.
  const rest = emails.reduce((t, e) => t.slice(0, e.at) + " ".repeat(e.end - e.at) + t.slice(e.end), text);
  add(
    "phone",
    matches(PHONE, rest).filter((p) => national(p.text).length >= 9 && national(p.text).length <= 10),
  );
  add("postcode", matches(POSTCODE, rest));
  add("address", [...matches(LIVES_AT, rest), ...matches(STREET, rest)]);
  add("vehicle", matches(VEHICLE, rest));
  return found.map(({ kind, text }) => ({ kind, text }));
}

/** A UK number's national significant digits (without 0, 44 or the "(0)"). */
function national(phone: string): string {
  return phone
    .replace(/\(0\)/, "")
    .replace(/\D+/g, "")
    .replace(/^(?:0044|44|0)/, "");
}

/** "a phone number (07700 900417) and a postcode (NS9 4QT)": what to tell the writer, quoting what was found. */
export function describeContactShapes(found: readonly ContactShapeMatch[]): string {
  const parts = found.map((f) => `${CONTACT_SHAPE_LABELS[f.kind]} ("${f.text}")`);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
