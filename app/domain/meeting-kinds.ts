import type { Purpose } from "~/access/vocabulary";
import type { Role } from "./roles";

/** The kinds of meeting (issue 6): clinic triage or case review, and MAPPA level 2 or 3. */
export const MEETING_KINDS = ["clinic_triage", "clinic_review", "mappa_level2", "mappa_level3"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  clinic_triage: "Stalking clinic: triage",
  clinic_review: "Stalking clinic: case review",
  mappa_level2: "MAPPA level 2 meeting",
  mappa_level3: "MAPPA level 3 meeting",
};

export const MEETING_STATUSES = ["planned", "open", "closed", "finalised", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: "Planned",
  open: "In progress",
  closed: "Closed: minutes being finalised",
  finalised: "Minutes signed off",
  cancelled: "Cancelled",
};

export function isMeetingKind(value: string): value is MeetingKind {
  return (MEETING_KINDS as readonly string[]).includes(value);
}

export function meetingFamily(kind: MeetingKind): "clinic" | "mappa" {
  return kind.startsWith("mappa") ? "mappa" : "clinic";
}

export function mappaLevelOf(kind: MeetingKind): 2 | 3 | undefined {
  return kind === "mappa_level2" ? 2 : kind === "mappa_level3" ? 3 : undefined;
}

/** The purpose the gate reads with at this kind of meeting (victim contact is never shown at either). */
export function meetingPurpose(kind: MeetingKind): Purpose {
  return meetingFamily(kind) === "mappa" ? "mappa_meeting" : "clinic_meeting";
}

/** Who arranges this kind of meeting. */
export function coordinatorRole(kind: MeetingKind): Role {
  return meetingFamily(kind) === "mappa" ? "mappa_coordinator" : "clinic_coordinator";
}

/** The statement read or shown when the meeting opens (MAPPA D for MAPPA meetings); the coordinator may edit it. */
export const DEFAULT_CONFIDENTIALITY: Record<"clinic" | "mappa", string> = {
  clinic:
    "This stalking clinic meeting is confidential. Information is shared here only to protect victims and to manage the risk the perpetrator poses, under the partnership's information sharing agreements. The minutes are OFFICIAL-SENSITIVE. Do not copy them or share anything discussed beyond the people at this meeting without the chair's agreement. Victims' contact details and locations are never shared at this meeting.",
  mappa:
    "This MAPPA meeting is confidential. Information is shared under the MAPPA guidance on the grounds in Article 8(2) of the European Convention on Human Rights: to protect the public and prevent crime. The minutes are OFFICIAL-SENSITIVE and exempt from disclosure under the Freedom of Information Act (sections 30(1)(b), 38, 40 and 41). They must not be copied or disclosed to anyone else without the chair's permission. Victims' contact details and locations are never shared at this meeting.",
};

/** The MAPPA B risk management plan, under its four headings. */
export const PLAN_HEADINGS = [
  ["supervision", "Supervision"],
  ["monitoring_control", "Monitoring and control"],
  ["interventions_treatment", "Interventions and treatment"],
  ["victim_safety", "Victim safety planning"],
] as const;
export type PlanHeading = (typeof PLAN_HEADINGS)[number][0];
export type RiskManagementPlan = Record<PlanHeading, string>;

/** The fields of the "arrange a meeting" form, in the order the error summary lists them. */
export const CREATE_FIELDS = [
  "kind",
  "title",
  "date",
  "held",
  "time",
  "place",
  "videoLink",
  "chair",
  "invitees",
  "statement",
  "agenda",
];

/** The fields of "change the date, time or place", in the order the error summary lists them. */
export const SCHEDULE_FIELDS = ["date", "time", "place", "videoLink"];

/** The fields of a MAPPA disclosure decision (MAPPA B): to whom, what, why, by whom. */
export const DISCLOSURE_FIELDS = ["toWhom", "what", "why", "byWhom"];
