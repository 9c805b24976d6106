import type { AgencyType } from "~/domain/agencies";

/*
 * Risk instruments as versioned data (issue 5). An instrument version never changes once shipped: a change is
 * a new version, and every assessment stores the version it was completed against. Help text is ours; an
 * organisation may load licensed item text for a version from a file (licensed-text.ts).
 */

export type ScaleOption = { value: string; label: string };
export type Scale = readonly ScaleOption[];

/** How an item is answered. Answers are strings (a `multi` item: a list; a `factor`: one string per facet). */
export type ItemResponse =
  | { kind: "yes_no" } // "yes" | "no" | "not_known"
  | { kind: "choice"; options: Scale } // radios
  | { kind: "multi"; options: Scale } // checkboxes; may be empty
  | { kind: "factor"; facets: readonly { id: string; label: string; scale: Scale }[] } // SAM: presence recent/lifetime, relevance
  | { kind: "text"; maxLength: number };

export type InstrumentItem = {
  /** Stable within the instrument (kept across versions when the meaning is the same), e.g. "sdash_frightened". */
  id: string;
  shortName: string;
  /** Our own words: what to consider. Never the licensed manual's text. */
  help: string;
  response: ItemResponse;
  /** Must be answered before the assessment can be submitted. */
  required: boolean;
};

export type InstrumentSection = { id: string; title: string; help?: string; items: readonly InstrumentItem[] };

/** One stored answer. */
export type Answer = string | readonly string[] | Readonly<Record<string, string>>;
export type Answers = Readonly<Record<string, Answer>>;

/** The level everything downstream works from (review dates, the risk picture, escalation): SRP/SAM low/moderate/high map to standard/medium/high. */
export type RiskLevel = "standard" | "medium" | "high";

/**
 * Who sees a signed-off assessment of this instrument by default: `team` (the case team in full) or `summary`
 * (the case team sees the summary line; the full assessment goes to others only by explicit share or agreement).
 */
export type DefaultSharing = "team" | "summary";

export type InstrumentCode = "screening" | "dash" | "sam" | "srp";

export type Instrument = {
  code: InstrumentCode;
  version: string;
  name: string;
  /** For lists and the risk picture, e.g. "DASH with S-DASH". */
  shortName: string;
  description: string;
  /** Agencies whose staff may complete it. */
  agencyTypes: readonly AgencyType[];
  sections: readonly InstrumentSection[];
  defaultSharing: DefaultSharing;
  /**
   * Cross-item rules checked at submission, beyond "required items answered" (for example a high judgement needs
   * a rationale, or S-DASH questions once the stalking question is answered yes). Keyed by item id.
   */
  rules(answers: Answers): Record<string, string>;
  /** The overall level of a complete assessment (null while the deciding items are unanswered). */
  riskLevel(answers: Answers): RiskLevel | null;
  /** The summary judgements shown in the risk picture, in order: label and the chosen option's label. */
  judgements(answers: Answers): { label: string; value: string }[];
  /** The one line others may see at summary level, e.g. "DASH with S-DASH: high risk". No victim detail. */
  summaryLine(answers: Answers): string;
  /** Prompts shown beside the form and on the result (screening: safety planning and referral reminders). */
  prompts(answers: Answers): string[];
};
