import { BEHAVIOUR_LABELS, INCIDENT_SOURCE_LABELS, type Behaviour, type IncidentSource } from "./behaviours";

/*
 * Pre-sentence input (issue 7): the sections of the report, what each may pull statements from, and the
 * proposals the author can make to the court. Pure vocabulary and rules; the service decides access.
 */

export const PSR_SECTION_CODES = [
  "offence_analysis",
  "pattern_motivation",
  "risk_of_harm",
  "victim_impact",
  "orders_compliance",
  "multi_agency",
  "proposal",
] as const;
export type PsrSectionCode = (typeof PSR_SECTION_CODES)[number];

/** A kind of record a section may pull from; for risk assessments, optionally only some instruments. */
export type SourceRule = {
  kind: string;
  instruments?: readonly string[];
  categories?: readonly string[];
};

export type PsrSection = {
  code: PsrSectionCode;
  heading: string;
  hint: string;
  sources: readonly SourceRule[];
};

export const PSR_SECTIONS: readonly PsrSection[] = [
  {
    code: "offence_analysis",
    heading: "Offence analysis",
    hint: "The course of conduct the perpetrator was convicted of, from the incident timeline.",
    sources: [{ kind: "incident" }, { kind: "document" }],
  },
  {
    code: "pattern_motivation",
    heading: "Pattern and motivation",
    hint: "The stalking pattern and what drives it, from the signed-off SRP and SAM assessments.",
    sources: [{ kind: "risk_assessment", instruments: ["srp", "sam"] }],
  },
  {
    code: "risk_of_harm",
    heading: "Risk of serious harm, and to whom",
    hint: "Who is at risk, of what, and how soon, from the signed-off risk assessments.",
    sources: [{ kind: "risk_assessment" }],
  },
  {
    code: "victim_impact",
    heading: "Victim impact and safety considerations",
    hint: "Only what the sharing rules let you see. Victim contact details and victim-confidential records can never be used.",
    sources: [
      { kind: "risk_assessment", instruments: ["dash"] },
      { kind: "safety_plan" },
      { kind: "needs_assessment" },
      { kind: "victims_code" },
      { kind: "support_referral" },
      { kind: "victim_update_plan" },
      { kind: "document" },
    ],
  },
  {
    code: "orders_compliance",
    heading: "Previous orders and compliance",
    hint: "Protective orders, stalking protection order decisions and breaches.",
    sources: [{ kind: "protective_order" }, { kind: "spo_consideration" }, { kind: "breach" }, { kind: "document" }],
  },
  {
    code: "multi_agency",
    heading: "The multi-agency view",
    hint: "Decisions and recommendations of the stalking clinic and MAPPA meetings whose minutes you can read.",
    sources: [{ kind: "meeting_minutes" }],
  },
  {
    code: "proposal",
    heading: "Proposal",
    hint: "What you propose to the court, and why.",
    sources: [],
  },
];

export function psrSection(code: string): PsrSection | undefined {
  return PSR_SECTIONS.find((s) => s.code === code);
}

export const PSR_PROPOSALS = {
  stalking_perpetrator_programme: "Stalking perpetrator programme (accredited programme requirement)",
  rehabilitation_activity: "Rehabilitation activity requirement",
  exclusion: "Exclusion requirement",
  non_contact: "Prohibited activity requirement: no contact with the victim",
  mental_health_treatment: "Mental health treatment requirement",
  electronic_monitoring: "Electronic monitoring",
  restraining_order: "Restraining order on conviction (for the court to consider)",
} as const;
export type PsrProposal = keyof typeof PSR_PROPOSALS;
export const PSR_PROPOSAL_CODES = Object.keys(PSR_PROPOSALS) as PsrProposal[];

/** The report the input is for (issue 17's header block). */
export const PSR_REPORT_TYPES = {
  fast_delivery: "Pre-sentence input to a fast delivery report",
  standard: "Pre-sentence input to a standard delivery report",
} as const;
export type PsrReportType = keyof typeof PSR_REPORT_TYPES;
export const PSR_REPORT_TYPE_CODES = Object.keys(PSR_REPORT_TYPES) as PsrReportType[];

export type PsrState = "draft" | "submitted" | "signed_off";
export const PSR_STATE_LABELS: Record<PsrState, string> = {
  draft: "Draft",
  submitted: "Waiting for sign-off",
  signed_off: "Signed off",
};

export type RequestStatus = "open" | "answered" | "declined" | "withdrawn";
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: "Waiting for an answer",
  answered: "Answered",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

/** Whether a record of this kind (and instrument, for assessments) may be pulled into this section. */
export function sectionAccepts(section: PsrSection, kind: string, instrument: string | null): boolean {
  return section.sources.some(
    (rule) =>
      rule.kind === kind && (!rule.instruments || (instrument !== null && rule.instruments.includes(instrument))),
  );
}

/**
 * Victim contact details never enter pre-sentence input, whoever could read them: the report goes to court and
 * the perpetrator's defence. Decided on the record's envelope, before any text is read.
 */
export function neverPullable(record: { category: string; cavVictimConfidential: boolean }): boolean {
  return record.category === "victim_contact" || record.cavVictimConfidential;
}

/** The course-of-conduct summary is pulled from the whole incident timeline, not from one record. */
export const TIMELINE = "timeline";
export const TIMELINE_KEY = `${TIMELINE}:summary`;

export type TimelineIncident = { occurredAt: string; behaviours: readonly string[]; source: string };

/**
 * One sentence summarising the course of conduct from the incidents a reader can see: how many, over what period,
 * the behaviours by how many incidents showed each (most frequent first), and who reported them. Only what each
 * incident's summary line already shows (date, behaviours, source), so summary access is enough.
 */
export function courseOfConductSummary(
  incidents: readonly TimelineIncident[],
  formatDay: (iso: string) => string,
): string {
  if (!incidents.length) return "";
  const sorted = [...incidents].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const tally = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const behaviours = tally(sorted.flatMap((i) => [...new Set(i.behaviours)]))
    .map(([b, n]) => `${(BEHAVIOUR_LABELS[b as Behaviour] ?? b).toLowerCase()} in ${n}`)
    .join(", ");
  const sources = tally(sorted.map((i) => i.source))
    .map(([s, n]) => `${(INCIDENT_SOURCE_LABELS[s as IncidentSource] ?? s).toLowerCase()} (${n})`)
    .join(", ");
  const n = sorted.length;
  const period =
    n === 1
      ? `on ${formatDay(sorted[0]!.occurredAt)}`
      : `between ${formatDay(sorted[0]!.occurredAt)} and ${formatDay(sorted[n - 1]!.occurredAt)}`;
  return `Course of conduct: ${n} ${n === 1 ? "incident" : "incidents"} ${period}${behaviours ? ` (${behaviours})` : ""}, reported by ${sources}.`;
}

/** A pulled statement's reference as the pull form sends it: "<record id>:<part>". */
export function sourceKey(recordId: string, part: string): string {
  return `${recordId}:${part}`;
}

export function parseSourceKey(key: string): { recordId: string; part: string } | null {
  if (key === TIMELINE_KEY) return { recordId: TIMELINE, part: "summary" };
  const m = /^([0-9a-f-]{36}):([a-z_]+(?::\d{1,3})?)$/.exec(key);
  return m ? { recordId: m[1]!, part: m[2]! } : null;
}

/**
 * How a pulled statement stands against its source now: unchanged, changed (the text the source gives today is
 * different), retracted, or no longer available to this reader.
 */
export type SourceStanding = "current" | "changed" | "retracted" | "superseded" | "unavailable";

export function standingOf(
  pulledText: string,
  now: { retracted: boolean; superseded: boolean; text: string | null },
): SourceStanding {
  if (now.text === null) return "unavailable";
  if (now.retracted) return "retracted";
  if (now.superseded) return "superseded";
  return now.text === pulledText ? "current" : "changed";
}

export const STANDING_MESSAGES: Record<Exclude<SourceStanding, "current">, string> = {
  changed: "The source has changed since this was pulled",
  retracted: "The source has been retracted",
  superseded: "A newer version of this assessment has been signed off",
  unavailable: "The source is no longer available to you",
};
