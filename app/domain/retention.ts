import type { AgencyType } from "./agencies";
import { addCalendarMonths, londonDate } from "./limitation-deadline";

/*
 * Retention rules as data (issue 21, decision 0051). Pure: the schedule run, the review queue and the pages read
 * these; the partnership's schedules themselves are rows (retention_schedules), seeded from RETENTION_DEFAULTS and
 * changed by the system administrator.
 */

export const RETENTION_TRIGGERS = ["case_closed", "last_activity"] as const;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number];
export const RETENTION_TRIGGER_LABELS: Record<RetentionTrigger, string> = {
  case_closed: "The case closed",
  last_activity: "The last activity on the case",
};

export const RETENTION_ACTIONS = ["review", "anonymise", "delete"] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];
export const RETENTION_ACTION_LABELS: Record<RetentionAction, string> = {
  review: "Review (retain or dispose of)",
  anonymise: "Anonymise",
  delete: "Delete",
};

/** What a data protection lead may decide for a record that has come due. */
export const RETENTION_DECISIONS = ["retain", "anonymise", "delete"] as const;
export type RetentionDecision = (typeof RETENTION_DECISIONS)[number];

export const LEGAL_HOLD_KINDS = ["litigation", "iopc", "inquest", "public_inquiry", "other"] as const;
export type LegalHoldKind = (typeof LEGAL_HOLD_KINDS)[number];
export const LEGAL_HOLD_KIND_LABELS: Record<LegalHoldKind, string> = {
  litigation: "Litigation (actual or expected)",
  iopc: "Independent Office for Police Conduct investigation",
  inquest: "Inquest",
  public_inquiry: "Public inquiry or statutory review",
  other: "Other legal reason",
};

export type RetentionRule = { trigger: RetentionTrigger; periodMonths: number; action: RetentionAction; basis: string };

/** Longest period a schedule may set: 100 years (MoPI keeps some public protection material until then). */
export const MAX_RETENTION_MONTHS = 1200;

/**
 * The partnership's defaults, from each kind of agency's own policy. Every category of every agency gets one, so
 * no record is ever without a schedule; victim contact details are held for the shortest time the work allows.
 */
const AGENCY_DEFAULTS: Record<AgencyType, RetentionRule> = {
  police: {
    trigger: "case_closed",
    periodMonths: 72,
    action: "review",
    basis:
      "Management of Police Information: review 6 years after the case closed (group 2 or 3 material), keep only if still needed for a policing purpose",
  },
  isac: {
    trigger: "case_closed",
    periodMonths: 72,
    action: "delete",
    basis: "Advocacy service policy: records kept 6 years after the case closed",
  },
  probation: {
    trigger: "case_closed",
    periodMonths: 84,
    action: "review",
    basis: "HMPPS records retention: reviewed 7 years after supervision ended",
  },
  health: {
    trigger: "last_activity",
    periodMonths: 240,
    action: "review",
    basis: "NHS Records Management Code of Practice: mental health records 20 years after the last contact",
  },
  cps: {
    trigger: "case_closed",
    periodMonths: 60,
    action: "review",
    basis: "CPS records policy: case material reviewed 5 years after the case was finalised",
  },
  prison: {
    trigger: "case_closed",
    periodMonths: 84,
    action: "review",
    basis: "HMPPS records retention: reviewed 7 years after release or transfer",
  },
  other: {
    trigger: "case_closed",
    periodMonths: 72,
    action: "review",
    basis: "Partnership information sharing agreement: meeting records reviewed 6 years after the case closed",
  },
};

const CATEGORY_OVERRIDES: Partial<Record<AgencyType, Partial<Record<string, RetentionRule>>>> = {
  isac: {
    victim_contact: {
      trigger: "case_closed",
      periodMonths: 12,
      action: "delete",
      basis: "Advocacy service policy: a victim's contact details deleted a year after the case closed",
    },
  },
  police: {
    victim_contact: {
      trigger: "case_closed",
      periodMonths: 24,
      action: "review",
      basis: "Management of Police Information: victim contact details reviewed 2 years after the case closed",
    },
  },
};

export function defaultRetentionRule(agencyType: AgencyType, category: string): RetentionRule {
  return CATEGORY_OVERRIDES[agencyType]?.[category] ?? AGENCY_DEFAULTS[agencyType];
}

/** The London date a retention period ends: whole calendar months after the day the trigger happened. */
export function retentionDueOn(triggeredAt: string, periodMonths: number): string {
  return addCalendarMonths(triggeredOn(triggeredAt), periodMonths);
}

/** The London date of a trigger (an instant, or already a date). */
export function triggeredOn(triggeredAt: string): string {
  return triggeredAt.length === 10 ? triggeredAt : londonDate(triggeredAt);
}

/**
 * An instant no trigger of a record due by `today` can be at or after: the run walks cases before it and then
 * checks each with retentionDueOn. Three days past the month arithmetic, because a trigger on the 29th to 31st comes
 * due on a shorter month's last day, and a day more because a London date starts up to an hour before UTC's.
 */
export function triggerWalkEnd(today: string, periodMonths: number): string {
  const back = new Date(`${addCalendarMonths(today, -periodMonths)}T00:00:00.000Z`);
  back.setUTCDate(back.getUTCDate() + 4);
  return back.toISOString();
}
