// Offences recorded on a case. Whether one is summary only (and so subject to the six-month limit) is data.

export const OFFENCE_TYPES = [
  "stalking_s2a",
  "stalking_s4a",
  "breach_spo",
  "breach_restraining_order",
  "breach_non_molestation_order",
  "harassment_s2",
  "harassment_s4",
  "malicious_communications",
  "other",
] as const;
export type OffenceType = (typeof OFFENCE_TYPES)[number];

export const OFFENCES: Record<OffenceType, { label: string; summaryOnly: boolean }> = {
  stalking_s2a: { label: "Stalking (Protection from Harassment Act 1997, s2A)", summaryOnly: true },
  stalking_s4a: { label: "Stalking involving fear of violence or serious alarm or distress (s4A)", summaryOnly: false },
  breach_spo: { label: "Breach of a stalking protection order", summaryOnly: false },
  breach_restraining_order: { label: "Breach of a restraining order", summaryOnly: false },
  breach_non_molestation_order: { label: "Breach of a non-molestation order", summaryOnly: false },
  harassment_s2: { label: "Harassment (s2)", summaryOnly: true },
  harassment_s4: { label: "Putting people in fear of violence (s4)", summaryOnly: false },
  malicious_communications: { label: "Malicious communications", summaryOnly: false },
  // For "other", the officer says whether it is summary only.
  other: { label: "Other offence", summaryOnly: false },
};

/** The Act and section of each offence, as a court's header block gives them (issue 17). */
export const OFFENCE_STATUTES: Record<Exclude<OffenceType, "other">, string> = {
  stalking_s2a: "Protection from Harassment Act 1997, s.2A",
  stalking_s4a: "Protection from Harassment Act 1997, s.4A",
  breach_spo: "Stalking Protection Act 2019, s.8",
  breach_restraining_order: "Protection from Harassment Act 1997, s.5(5)",
  breach_non_molestation_order: "Family Law Act 1996, s.42A",
  harassment_s2: "Protection from Harassment Act 1997, s.2",
  harassment_s4: "Protection from Harassment Act 1997, s.4",
  malicious_communications: "Malicious Communications Act 1988, s.1",
};

export const OFFENCE_STATUSES = [
  "under_investigation",
  "charged",
  "no_further_action",
  "convicted",
  "acquitted",
] as const;
export type OffenceStatus = (typeof OFFENCE_STATUSES)[number];
export const OFFENCE_STATUS_LABELS: Record<OffenceStatus, string> = {
  under_investigation: "Under investigation",
  charged: "Charged",
  no_further_action: "No further action",
  convicted: "Convicted",
  acquitted: "Acquitted",
};

/** Crime outcomes used in figures (DOMAIN.md). */
export const OUTCOME_CODES = ["charged", "15", "16", "17"] as const;
export const OUTCOME_CODE_LABELS: Record<(typeof OUTCOME_CODES)[number], string> = {
  charged: "Charged or summonsed",
  "15": "Outcome 15: evidential difficulties, victim supports action",
  "16": "Outcome 16: victim does not support action",
  "17": "Outcome 17: time limit expired",
};
