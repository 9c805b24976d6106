import { addDays } from "./limitation-deadline";

// Clinic and MAPPA referral rules (issue 6). Pure: no database, no clock.

export const CLINIC_RISK_LEVELS = ["standard", "medium", "high"] as const;
export type ClinicRiskLevel = (typeof CLINIC_RISK_LEVELS)[number];
export const CLINIC_RISK_LABELS: Record<ClinicRiskLevel, string> = {
  standard: "Standard",
  medium: "Medium",
  high: "High",
};

export const PRIORITIES = ["urgent", "soon", "routine"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: "Urgent",
  soon: "Soon",
  routine: "Routine",
};

export const CLINIC_REFERRAL_STATUSES = ["pending", "accepted", "declined", "more_information"] as const;
export type ClinicReferralStatus = (typeof CLINIC_REFERRAL_STATUSES)[number];
export const CLINIC_REFERRAL_STATUS_LABELS: Record<ClinicReferralStatus, string> = {
  pending: "Awaiting triage",
  accepted: "Accepted",
  declined: "Declined",
  more_information: "More information requested",
};

export const MAPPA_LEVELS = [2, 3] as const;
export type MappaLevel = (typeof MAPPA_LEVELS)[number];

export const MAPPA_REFERRAL_STATUSES = ["draft", "submitted", "accepted", "not_accepted"] as const;
export type MappaReferralStatus = (typeof MAPPA_REFERRAL_STATUSES)[number];
export const MAPPA_REFERRAL_STATUS_LABELS: Record<MappaReferralStatus, string> = {
  draft: "Awaiting manager endorsement",
  submitted: "Awaiting screening",
  accepted: "Accepted",
  not_accepted: "Not accepted",
};

/** A referral's status as shown: an accepted one the panel confirmed at level 1 has left the MAPPA meeting cycle. */
export function mappaReferralStatusLabel(status: MappaReferralStatus, levelDecided: number | null): string {
  if (status === "accepted" && levelDecided === 1) return "Managed at level 1 by the lead agency";
  return MAPPA_REFERRAL_STATUS_LABELS[status] ?? status;
}

/** OASys risk of serious harm levels. */
export const OASYS_ROSH_LEVELS = ["low", "medium", "high", "very_high"] as const;
export type OasysRoshLevel = (typeof OASYS_ROSH_LEVELS)[number];
export const OASYS_ROSH_LABELS: Record<OasysRoshLevel, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  very_high: "Very high",
};

/**
 * Days between MAPPA reviews at each level. A partnership setting, not national guidance: the MAPPA Guidance
 * leaves review frequency to the SMB/local arrangements; these are this partnership's defaults (level 3 every
 * 4 weeks, level 2 every 8 weeks).
 */
export const MAPPA_REVIEW_INTERVAL_DAYS: Readonly<Record<MappaLevel, number>> = { 3: 28, 2: 56 };

export function isMappaLevel(n: unknown): n is MappaLevel {
  return n === 2 || n === 3;
}

/** The London date the next review is due after a meeting held on `meetingDate` (yyyy-mm-dd). */
export function nextMappaReviewOn(
  level: MappaLevel,
  meetingDate: string,
  intervals: Readonly<Record<MappaLevel, number>> = MAPPA_REVIEW_INTERVAL_DAYS,
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate)) throw new Error(`Not a date: ${meetingDate}`);
  if (!isMappaLevel(level)) throw new Error(`Not a MAPPA level: ${String(level)}`);
  return addDays(meetingDate, intervals[level]);
}

/** A review is due on or before `onOrBefore`; a referral never yet discussed (no date) is not "due for review". */
export function isMappaReviewDue(nextReviewOn: string | null, onOrBefore: string): boolean {
  return nextReviewOn !== null && nextReviewOn <= onOrBefore;
}

/** Agenda priority for an accepted MAPPA referral: level 3 (senior, extra resources) first. */
export function mappaPriority(level: MappaLevel): Priority {
  return level === 3 ? "urgent" : "soon";
}

/** Status changes allowed for a clinic referral, by who makes them. */
export function clinicTransitionAllowed(
  from: ClinicReferralStatus,
  to: ClinicReferralStatus,
  by: "coordinator" | "referrer",
): boolean {
  if (by === "coordinator")
    return from === "pending" && (to === "accepted" || to === "declined" || to === "more_information");
  return from === "more_information" && to === "pending";
}

export type MappaStep = "endorse" | "screen";
/** Status changes allowed for a MAPPA referral: a manager endorses a draft; the coordinator screens a submitted one. */
export function mappaTransitionAllowed(from: MappaReferralStatus, step: MappaStep): boolean {
  return step === "endorse" ? from === "draft" : from === "submitted";
}

/**
 * Screening outcome: a referral is accepted only if it meets category 3 and a level (2 or 3) is decided.
 * A referral that does not meet category 3 is not accepted whatever level was asked for.
 */
export function screeningOutcome(meetsCategory3: boolean, accept: boolean): "accepted" | "not_accepted" {
  return meetsCategory3 && accept ? "accepted" : "not_accepted";
}

// Form field orders (for the error summaries), shared by the services and the pages.
export const CLINIC_REFERRAL_FIELDS = ["reason", "currentRisk", "ask"];
export const CLINIC_TRIAGE_FIELDS = ["decision", "priority", "decisionReason", "informationRequest"];
/** The MAPPA A form's fields, in page order (for the error summary). */
export const MAPPA_REFERRAL_FIELDS = [
  "levelRequested",
  "offenderName",
  "offenderAliases",
  "offenderAddress",
  "ethnicity",
  "visorReference",
  "pncId",
  "ndeliusId",
  "indexOffence",
  "sentence",
  "offenceDetails",
  "previousOffences",
  "indexOffenceOn",
  "convictionOn",
  "sentenceEndsOn",
  "reasonForReferral",
  "oasysRosh",
  "assessmentIds",
  "proposedRiskManagement",
  "whyNotLevel1",
  "victimIssues",
  "diversity",
];
export const MAPPA_ENDORSE_FIELDS = ["endorse", "endorsementComment"];
export const MAPPA_SCREEN_FIELDS = ["meetsCategory3", "decision", "levelDecided", "decisionReason"];

/** MAPPA categories (1: registered sexual offenders, 2: violent offenders, 3: other dangerous offenders). */
export const MAPPA_CATEGORIES = [1, 2, 3] as const;
/** The levels a panel may confirm: level 1 returns the offender to ordinary agency management. */
export const CONFIRMABLE_LEVELS = [1, 2, 3] as const;

/**
 * The next MAPPA review after a meeting, from the level the panel confirmed (MAPPA B): level 3 after 28 days, level
 * 2 after 56 (this partnership's intervals, MAPPA_REVIEW_INTERVAL_DAYS); level 1 has no MAPPA meeting review (the
 * lead agency manages the case). Null without a confirmed level.
 */
export function nextReviewAfterMeeting(
  level: number | null,
  meetingDate: string,
): { on: string | null; text: string } | null {
  if (level === 1) return { on: null, text: "No MAPPA review: managed at level 1 by the lead agency" };
  if (!isMappaLevel(level)) return null;
  const on = nextMappaReviewOn(level, meetingDate);
  return { on, text: `Level ${level}: reviewed every ${MAPPA_REVIEW_INTERVAL_DAYS[level]} days` };
}
