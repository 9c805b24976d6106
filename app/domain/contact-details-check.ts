/*
 * Catches a victim's contact details typed into text that leaves the victim's side (a contribution to pre-sentence
 * input goes to the court and the defence). Pure: the caller passes the contact details it may read. Matching is
 * deliberately loose on layout (case, spacing, punctuation) and strict on substance: a phone number's digits, an
 * email address, a postcode, an address's first line, a workplace.
 */

export type ContactDetails = {
  address?: string;
  phone?: string;
  email?: string;
  workplace?: string;
};

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
const digits = (s: string) => s.replace(/\D+/g, "");
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;

/** Which kinds of contact detail the text contains (empty when none). */
export function contactDetailsIn(
  text: string,
  contacts: readonly ContactDetails[],
): ("address" | "phone" | "email" | "workplace")[] {
  const found = new Set<"address" | "phone" | "email" | "workplace">();
  const plain = ` ${words(text)} `;
  const textDigits = digits(text);
  const has = (fragment: string) => {
    const w = words(fragment);
    return w.length >= 6 && plain.includes(` ${w} `);
  };
  for (const c of contacts) {
    if (c.phone && digits(c.phone).length >= 7) {
      // Compare without the leading 0 or +44, so "07700 900417" and "+44 7700 900417" match each other.
      const core = digits(c.phone).replace(/^(?:44|0)/, "");
      if (textDigits.includes(core)) found.add("phone");
    }
    if (c.email && c.email.includes("@") && text.toLowerCase().includes(c.email.trim().toLowerCase()))
      found.add("email");
    if (c.address) {
      const firstLine = c.address.split(/[,\n]/)[0] ?? "";
      const postcodes = c.address.match(POSTCODE) ?? [];
      if (
        has(firstLine) ||
        postcodes.some((p) => plain.includes(` ${words(p)} `) || plain.includes(` ${words(p).replace(" ", "")} `))
      )
        found.add("address");
    }
    if (c.workplace && has(c.workplace.split(/[,\n]/)[0] ?? "")) found.add("workplace");
  }
  return [...found];
}
