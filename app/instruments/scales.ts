import type { Answer, Answers, InstrumentItem, RiskLevel, Scale } from "./types";

// Scales and small answer readers shared by the instruments. Pure.

/** The options of a `yes_no` item, in the order they are shown. */
export const YES_NO_OPTIONS: Scale = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "not_known", label: "Not known" },
];

export const RISK_LEVEL_OPTIONS: Scale = [
  { value: "standard", label: "Standard" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High" },
];

export const LOW_MODERATE_HIGH: Scale = [
  { value: "low", label: "Low" },
  { value: "moderate", label: "Moderate" },
  { value: "high", label: "High" },
];

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  standard: "standard risk",
  medium: "medium risk",
  high: "high risk",
};

/** Rationales and notes: long enough for a considered judgement, short enough to read. */
export const RATIONALE_MAX = 2000;
export const NOTES_MAX = 4000;

/** The options a choice-like item offers (yes/no items, radios and checkboxes); empty for text and factors. */
export function optionsOf(item: InstrumentItem): Scale {
  switch (item.response.kind) {
    case "yes_no":
      return YES_NO_OPTIONS;
    case "choice":
    case "multi":
      return item.response.options;
    default:
      return [];
  }
}

/** A single-valued answer (yes/no, choice or text), or undefined when unanswered or of another shape. */
export function single(answers: Answers, itemId: string): string | undefined {
  const a: Answer | undefined = answers[itemId];
  return typeof a === "string" ? a : undefined;
}

export function list(answers: Answers, itemId: string): readonly string[] {
  const a = answers[itemId];
  return Array.isArray(a) ? (a as readonly string[]) : [];
}

export function facets(answers: Answers, itemId: string): Readonly<Record<string, string>> {
  const a = answers[itemId];
  return a && typeof a === "object" && !Array.isArray(a) ? (a as Readonly<Record<string, string>>) : {};
}

export function isYes(answers: Answers, itemId: string): boolean {
  return single(answers, itemId) === "yes";
}

export function hasText(answers: Answers, itemId: string): boolean {
  return (single(answers, itemId) ?? "").trim() !== "";
}

export function labelOf(scale: Scale, value: string | undefined): string | undefined {
  return scale.find((o) => o.value === value)?.label;
}

/** low/moderate/high (SAM, SRP) to the level everything downstream works from. */
export function levelFromLowModerateHigh(value: string | undefined): RiskLevel | null {
  if (value === "low") return "standard";
  if (value === "moderate") return "medium";
  if (value === "high") return "high";
  return null;
}

export function asRiskLevel(value: string | undefined): RiskLevel | null {
  return value === "standard" || value === "medium" || value === "high" ? value : null;
}

const RANK: Record<RiskLevel, number> = { standard: 0, medium: 1, high: 2 };

export function highestLevel(levels: readonly RiskLevel[]): RiskLevel | null {
  return levels.reduce<RiskLevel | null>((top, l) => (top === null || RANK[l] > RANK[top] ? l : top), null);
}

/** Builders keep the instrument files to the content. */
export function yesNo(id: string, shortName: string, help: string, required = true): InstrumentItem {
  return { id, shortName, help, response: { kind: "yes_no" }, required };
}

export function choice(id: string, shortName: string, help: string, options: Scale, required = true): InstrumentItem {
  return { id, shortName, help, response: { kind: "choice", options }, required };
}

export function multi(id: string, shortName: string, help: string, options: Scale): InstrumentItem {
  return { id, shortName, help, response: { kind: "multi", options }, required: false };
}

export function text(id: string, shortName: string, help: string, maxLength: number, required = false): InstrumentItem {
  return { id, shortName, help, response: { kind: "text", maxLength }, required };
}
