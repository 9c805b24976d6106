// The words a case is described in (DOMAIN.md, issue 4). Codes are stored; labels are shown.

export const CASE_STATUSES = ["referred", "triage", "active", "monitoring", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  referred: "Referred",
  triage: "Triage",
  active: "Active",
  monitoring: "Monitoring",
  closed: "Closed",
};

export const CLOSING_REASONS = [
  "charged_and_concluded",
  "no_further_action",
  "victim_withdrew",
  "time_limit_expired",
  "risk_reduced",
  "transferred",
  "other",
] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];
export const CLOSING_REASON_LABELS: Record<ClosingReason, string> = {
  charged_and_concluded: "Charged and proceedings concluded",
  no_further_action: "No further action",
  victim_withdrew: "Victim no longer supports action",
  time_limit_expired: "Time limit expired",
  risk_reduced: "Risk reduced: no further multi-agency work needed",
  transferred: "Transferred to another area",
  other: "Other",
};

/** A person's role in a case team (distinct from their role in their agency). */
export const CASE_ROLES = [
  "officer_in_case",
  "supervisor",
  "advocate",
  "offender_manager",
  "psychologist",
  "clinician",
  "prosecutor",
  "coordinator",
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];
export const CASE_ROLE_LABELS: Record<CaseRole, string> = {
  officer_in_case: "Officer in the case",
  supervisor: "Supervisor",
  advocate: "Advocate",
  offender_manager: "Offender manager",
  psychologist: "Psychologist",
  clinician: "Clinician",
  prosecutor: "Prosecutor",
  coordinator: "Coordinator",
};
/** Labels for stored case roles; older free-text roles (for example an approved access request) show as written. */
export function caseRoleLabel(role: string): string {
  return (CASE_ROLE_LABELS as Record<string, string>)[role] ?? role;
}

export const RELATIONSHIPS = [
  "ex_intimate_partner",
  "family",
  "acquaintance",
  "colleague",
  "neighbour",
  "stranger",
  "online_only",
  "other",
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  ex_intimate_partner: "Ex-intimate partner",
  family: "Family member",
  acquaintance: "Acquaintance or friend",
  colleague: "Colleague or professional contact",
  neighbour: "Neighbour",
  stranger: "Stranger",
  online_only: "Known online only",
  other: "Other",
};

export const MOTIVATIONS = [
  "not_known",
  "rejected",
  "resentful",
  "intimacy_seeking",
  "incompetent_suitor",
  "predatory",
] as const;
export type Motivation = (typeof MOTIVATIONS)[number];
export const MOTIVATION_LABELS: Record<Motivation, string> = {
  not_known: "Not yet known",
  rejected: "Rejected",
  resentful: "Resentful",
  intimacy_seeking: "Intimacy seeking",
  incompetent_suitor: "Incompetent suitor",
  predatory: "Predatory",
};

export const PARTY_ROLES = ["victim", "perpetrator"] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
