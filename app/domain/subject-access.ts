import { contactShapesIn } from "./contact-detail-shapes";
import { addCalendarMonths } from "./limitation-deadline";

/*
 * Subject access (UK GDPR Art 15, DPA 2018 s45 for law enforcement processing; issue 21, decision 0051). Pure rules:
 * the deadline, which records are about the person, the default decision for each, and the third parties' details
 * in a text, which the data protection lead confirms withholding.
 */

/** One calendar month from receipt (Art 12(3)); extendable by two further months when complex or numerous. */
export function subjectAccessDueOn(receivedOn: string): string {
  return addCalendarMonths(receivedOn, 1);
}
export function subjectAccessLatestExtension(receivedOn: string): string {
  return addCalendarMonths(receivedOn, 3);
}

export const EXEMPTIONS = [
  "crime_prevention",
  "third_party",
  "serious_harm",
  "legal_privilege",
  "other_controller",
] as const;
export type Exemption = (typeof EXEMPTIONS)[number];
export const EXEMPTION_LABELS: Record<Exemption, string> = {
  crime_prevention:
    "Prevention or detection of crime, or protecting the public (DPA 2018 s45(4) and Schedule 2 paragraph 2)",
  third_party:
    "Protecting the rights of others, such as the victim's safety (DPA 2018 s45(4)(e) and Schedule 2 paragraph 16)",
  serious_harm:
    "Health information likely to cause serious harm (DPA 2018 Schedule 3 paragraph 5), on a health professional's opinion",
  legal_privilege: "Legal professional privilege (DPA 2018 Schedule 2 paragraph 19)",
  other_controller: "Held by another agency, the controller of this record: the request is referred to it",
};

export type PartyRole = "victim" | "perpetrator";

/** The categories of record about a person in each role they hold on a case (a victim's, a perpetrator's). */
export const SUBJECT_CATEGORIES: Record<PartyRole, readonly string[]> = {
  perpetrator: [
    "case_core",
    "perpetrator",
    "investigation",
    "police_intelligence",
    "risk_assessment",
    "clinical",
    "pre_sentence",
    "meeting_minutes",
  ],
  victim: ["case_core", "victim_contact", "victim_care", "victim_risk_assessment"],
};

export type GatheredRecord = {
  ownerAgencyId: string;
  partyRole: PartyRole;
  cavVictimConfidential: boolean;
  cavHealthConfidential: boolean;
  cavPoliceIntelligence: boolean;
};

/** What the lead starts from for one record; they may change any of it, with a reason. */
export function defaultDecision(
  record: GatheredRecord,
  answeringAgencyId: string,
): { decision: "disclose" | "withhold"; exemption: Exemption | null } {
  if (record.ownerAgencyId !== answeringAgencyId) return { decision: "withhold", exemption: "other_controller" };
  if (record.cavPoliceIntelligence) return { decision: "withhold", exemption: "crime_prevention" };
  if (record.cavHealthConfidential) return { decision: "withhold", exemption: "serious_harm" };
  if (record.cavVictimConfidential && record.partyRole === "perpetrator")
    return { decision: "withhold", exemption: "third_party" };
  return { decision: "disclose", exemption: null };
}

export type Segment = { text: string; thirdParty: boolean };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The text in segments, marking other people's names (each full name, alias and name part of 3 letters or more,
 * whole words, any case) and anything shaped like a contact detail: what the lead is shown highlighted and what
 * the bundle withholds when they confirm it.
 */
export function thirdPartySegments(text: string, otherNames: readonly string[]): Segment[] {
  const words = new Set<string>();
  for (const name of otherNames) {
    const trimmed = name.trim();
    if (trimmed.length >= 3) words.add(trimmed);
    for (const part of trimmed.split(/\s+/)) if (part.length >= 3) words.add(part);
  }
  const spans: [number, number][] = [];
  const sorted = [...words].sort((a, b) => b.length - a.length);
  if (sorted.length) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "giu");
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  for (const shape of contactShapesIn(text)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(shape.text, from);
      if (at < 0) break;
      spans.push([at, at + shape.text.length]);
      from = at + shape.text.length;
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) out.push({ text: text.slice(at, start), thirdParty: false });
    out.push({ text: text.slice(start, end), thirdParty: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), thirdParty: false });
  return out;
}

export const WITHHELD_MARK = "[withheld: another person's details]";

/** The text as disclosed: third parties' details replaced when the lead withholds them. */
export function disclosedText(segments: readonly Segment[], withholdThirdParties: boolean): string {
  return segments.map((s) => (s.thirdParty && withholdThirdParties ? WITHHELD_MARK : s.text)).join("");
}

/** How the answer reached the person (the "request answered" step records it with the date sent). */
export const ANSWER_METHODS = ["post", "secure_email", "in_person", "collected"] as const;
export type AnswerMethod = (typeof ANSWER_METHODS)[number];
export const ANSWER_METHOD_LABELS: Record<AnswerMethod, string> = {
  post: "By post (recorded delivery)",
  secure_email: "By secure email",
  in_person: "Handed over in person",
  collected: "Collected by the person or their representative",
};

/** "PNG image, 12 KB": a document's type and size, as the schedule and the lead's page give them. */
export function documentKindText(mediaType: string, bytes: number): string {
  const type =
    mediaType === "application/pdf"
      ? "PDF"
      : mediaType.startsWith("image/")
        ? `${mediaType.slice(6).toUpperCase()} image`
        : mediaType;
  const size =
    bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${type}, ${size}`;
}
