// Protective orders and measures. Whether breaching one is itself a criminal offence is data per order type
// (DOMAIN.md: keep it as data; breach of police bail is not itself a crime).

export const ORDER_TYPES = [
  "spo_interim",
  "spo_full",
  "restraining_order",
  "non_molestation_order",
  "dvpn",
  "dvpo",
  "dapo",
  "police_bail",
  "court_bail",
] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_TYPE_INFO: Record<OrderType, { label: string; breachIsOffence: boolean; isSpo: boolean }> = {
  spo_interim: { label: "Interim stalking protection order", breachIsOffence: true, isSpo: true },
  spo_full: { label: "Stalking protection order", breachIsOffence: true, isSpo: true },
  restraining_order: { label: "Restraining order", breachIsOffence: true, isSpo: false },
  non_molestation_order: { label: "Non-molestation order", breachIsOffence: true, isSpo: false },
  dvpn: { label: "Domestic violence protection notice (DVPN)", breachIsOffence: false, isSpo: false },
  dvpo: { label: "Domestic violence protection order (DVPO)", breachIsOffence: false, isSpo: false },
  dapo: { label: "Domestic abuse protection order (DAPO)", breachIsOffence: true, isSpo: false },
  police_bail: { label: "Police bail conditions", breachIsOffence: false, isSpo: false },
  court_bail: { label: "Court bail conditions", breachIsOffence: false, isSpo: false },
};

export const ORDER_STATUSES = [
  "applied",
  "hearing_listed",
  "granted",
  "refused",
  "varied",
  "expired",
  "discharged",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  applied: "Applied for",
  hearing_listed: "Hearing listed",
  granted: "Granted",
  refused: "Refused",
  varied: "Varied",
  expired: "Expired",
  discharged: "Discharged",
};
/** Statuses in which the order binds the perpetrator, so a breach can be recorded against it. */
export const IN_FORCE_STATUSES: readonly OrderStatus[] = ["granted", "varied"];

export const SPO_DECISIONS = ["apply_interim", "apply_full", "not_appropriate", "other_order_in_place"] as const;
export type SpoDecision = (typeof SPO_DECISIONS)[number];
export const SPO_DECISION_LABELS: Record<SpoDecision, string> = {
  apply_interim: "Apply for an interim SPO",
  apply_full: "Apply for a full SPO",
  not_appropriate: "An SPO is not appropriate",
  other_order_in_place: "Another order already protects the victim",
};
/** Recommendation 13: a case with no SPO consideration after this many days is outstanding for supervisors. */
export const SPO_CONSIDERATION_DAYS = 7;

export const POLICE_ACTIONS = [
  "arrested",
  "charged",
  "summons",
  "warning",
  "under_investigation",
  "no_action",
] as const;
export type PoliceAction = (typeof POLICE_ACTIONS)[number];
export const POLICE_ACTION_LABELS: Record<PoliceAction, string> = {
  arrested: "Arrested",
  charged: "Charged",
  summons: "Summonsed",
  warning: "Warning given",
  under_investigation: "Under investigation",
  no_action: "No action",
};
