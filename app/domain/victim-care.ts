// The words and rules of victim care (DOMAIN.md "Victim care"; Victims' Code enhanced rights). Pure: "today"
// is passed in. Summary lines built here are what people with summary access see, so they carry no detail.
import { formatDate } from "./dates";

export const CONTACT_METHODS = ["phone_call", "text_message", "email", "letter", "in_person", "via_advocate"] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = {
  phone_call: "Phone call",
  text_message: "Text message",
  email: "Email",
  letter: "Letter",
  in_person: "In person",
  via_advocate: "Through their advocate",
};

export const ENHANCED_RIGHTS_REASONS = [
  "persistently_targeted",
  "vulnerable",
  "intimidated",
  "most_serious_crime",
] as const;
export type EnhancedRightsReason = (typeof ENHANCED_RIGHTS_REASONS)[number];
export const ENHANCED_RIGHTS_REASON_LABELS: Record<EnhancedRightsReason, string> = {
  persistently_targeted: "Persistently targeted",
  vulnerable: "Vulnerable",
  intimidated: "Intimidated",
  most_serious_crime: "Victim of the most serious crime",
};

export const RIGHTS_EXPLAINED_HOW = ["in_person", "phone", "letter"] as const;
export type RightsExplainedHow = (typeof RIGHTS_EXPLAINED_HOW)[number];
export const RIGHTS_EXPLAINED_HOW_LABELS: Record<RightsExplainedHow, string> = {
  in_person: "In person",
  phone: "By phone",
  letter: "By letter",
};

export const NEEDS_AREAS = [
  "safety",
  "health_wellbeing",
  "housing",
  "finances",
  "children_dependants",
  "work_education",
  "online_safety",
  "communication",
] as const;
export type NeedsArea = (typeof NEEDS_AREAS)[number];
export const NEEDS_AREA_LABELS: Record<NeedsArea, string> = {
  safety: "Safety",
  health_wellbeing: "Health and wellbeing",
  housing: "Housing",
  finances: "Finances",
  children_dependants: "Children and dependants",
  work_education: "Work or education",
  online_safety: "Online safety",
  communication: "Communication needs",
};
export const NEED_LEVELS = ["none", "some", "high"] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];
export const NEED_LEVEL_LABELS: Record<NeedLevel, string> = { none: "No need", some: "Some need", high: "High need" };

export const UPDATE_FREQUENCIES = ["7", "14", "28", "custom"] as const;
export const UPDATE_FREQUENCY_LABELS: Record<(typeof UPDATE_FREQUENCIES)[number], string> = {
  "7": "Every week",
  "14": "Every 2 weeks",
  "28": "Every 4 weeks",
  custom: "Another number of days",
};
export const CUSTOM_FREQUENCY_MIN = 1;
export const CUSTOM_FREQUENCY_MAX = 90;

export const UPDATE_METHODS = ["phone", "email", "letter", "in_person", "via_advocate"] as const;
export type UpdateMethod = (typeof UPDATE_METHODS)[number];
export const UPDATE_METHOD_LABELS: Record<UpdateMethod, string> = {
  phone: "Phone",
  email: "Email",
  letter: "Letter",
  in_person: "In person",
  via_advocate: "Through their advocate",
};

export const SUPPORT_SERVICES = ["isac", "idva", "national_advocacy", "mental_health", "other"] as const;
export type SupportService = (typeof SUPPORT_SERVICES)[number];
export const SUPPORT_SERVICE_LABELS: Record<SupportService, string> = {
  isac: "Independent stalking advocacy (ISAC)",
  idva: "Independent domestic violence advocate (IDVA)",
  national_advocacy: "National stalking advocacy service",
  mental_health: "Mental health support",
  other: "Another service",
};
export const REFERRAL_RESPONSES = ["pending", "accepted", "declined"] as const;
export type ReferralResponse = (typeof REFERRAL_RESPONSES)[number];
export const REFERRAL_RESPONSE_LABELS: Record<ReferralResponse, string> = {
  pending: "Waiting for a response",
  accepted: "Accepted",
  declined: "Declined",
};

/**
 * Online safety advice, in our own words. Advice must not isolate or blame the victim (DOMAIN.md), so
 * "come off social media" and "change your number" are deliberately not offered.
 */
export const ONLINE_SAFETY_ADVICE = [
  "privacy_settings",
  "keep_evidence",
  "check_tracking",
  "two_step",
  "safe_social_media",
] as const;
export type OnlineSafetyAdvice = (typeof ONLINE_SAFETY_ADVICE)[number];
export const ONLINE_SAFETY_ADVICE_LABELS: Record<OnlineSafetyAdvice, string> = {
  privacy_settings: "Reviewed privacy settings with the victim",
  keep_evidence: "Explained how to keep and export evidence of messages",
  check_tracking: "Checked devices and accounts for tracking and unknown logins",
  two_step: "Set up two-step verification",
  safe_social_media: "Agreed safe ways to keep using social media",
};
export const ONLINE_SAFETY_HINT =
  "Advice must not isolate or blame the victim. Do not tell them to come off social media or change their number: help them stay connected safely.";

export const SAFETY_MEASURES_MAX = 20;
export const SAFETY_MEASURE_MAX_LENGTH = 300;

/** A calendar date (yyyy-mm-dd) plus whole days. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The next update is due one interval after the last update given, or after the plan was agreed if none yet. */
export function nextUpdateDue(plan: { frequencyDays: number; agreedOn: string; lastUpdateOn: string | null }): string {
  const from = plan.lastUpdateOn && plan.lastUpdateOn > plan.agreedOn ? plan.lastUpdateOn : plan.agreedOn;
  return addCalendarDays(from, plan.frequencyDays);
}

/** The last update after recording one given on `givenOn`: updates recorded late never move it backwards. */
export function lastUpdateAfter(previous: string | null, givenOn: string): string {
  return previous && previous > givenOn ? previous : givenOn;
}

/** "Victim updates due" on the officer's home page: overdue, or due within the next 7 days. */
export const UPDATES_DUE_WINDOW_DAYS = 7;
export function updateDueState(nextDueOn: string, today: string): "overdue" | "due_soon" | "later" {
  if (nextDueOn < today) return "overdue";
  return nextDueOn <= addCalendarDays(today, UPDATES_DUE_WINDOW_DAYS) ? "due_soon" : "later";
}

// Titles and summary lines: what everyone on the team with summary access reads. No contact detail, no levels of
// need, no service names (a mental health referral is itself health information about the victim).
export const VICTIM_CARE_TITLES = {
  victim_contact: "Victim contact details",
  victims_code: "Victims' Code enhanced rights",
  needs_assessment: "Victim needs assessment",
  victim_update_plan: "Agreed victim updates",
  support_referral: "Referral to specialist support",
  safety_plan: "Safety plan",
} as const;
export type VictimCareKind = keyof typeof VICTIM_CARE_TITLES;

export function contactSummary(): string {
  return "Contact details and safe-contact preferences recorded";
}

export function victimsCodeSummary(v: { entitled: boolean; explainedOn: string | null }): string {
  const rights = v.entitled
    ? "Entitled to enhanced rights under the Victims' Code"
    : "Not entitled to enhanced rights under the Victims' Code";
  return v.explainedOn
    ? `${rights}; rights explained on ${formatDate(v.explainedOn)}`
    : `${rights}; rights not yet explained`;
}

export function needsAssessmentSummary(completedOn: string): string {
  return `Needs assessment completed on ${formatDate(completedOn)}`;
}

export function updatePlanSummary(frequencyDays: number, nextDueOn: string): string {
  return `Updates agreed every ${frequencyDays} ${frequencyDays === 1 ? "day" : "days"}; next update due ${formatDate(nextDueOn)}`;
}

export function referralSummary(offeredOn: string, response: ReferralResponse): string {
  const outcome = response === "pending" ? "waiting for a response" : response;
  return `Specialist support offered on ${formatDate(offeredOn)}: ${outcome}`;
}

export function safetyPlanSummary(reviewOn: string): string {
  return `Safety plan in place, next review ${formatDate(reviewOn)}`;
}
