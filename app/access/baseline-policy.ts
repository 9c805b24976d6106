import type { AgencyType } from "~/domain/agencies";
import type { Role } from "~/domain/roles";
import type { Caveat, Category, Level, Purpose, RecordStatus } from "./vocabulary";

/**
 * Who a baseline rule reaches:
 * - case_team: a current member of the record's case team whose agency is of one of these types;
 * - owner_case_team: a current member of the case team from the record's owning agency;
 * - owner_supervisor: a supervisor in the record's owning agency (whether or not on the team);
 * - meeting_panel: attends a meeting that has the record's case on its agenda (clinic or MAPPA).
 */
export type Audience =
  | { kind: "case_team"; agencyTypes: readonly AgencyType[] | "any" }
  | { kind: "owner_case_team" }
  | { kind: "owner_supervisor" }
  | { kind: "meeting_panel" };

export type BaselineRule = {
  category: Category;
  level: Exclude<Level, "none">;
  audience: Audience;
  /** Only records in this status (drafts are otherwise limited by the draft rule below). */
  status?: RecordStatus;
  /** Only when the case has been referred to the CPS for a charging decision. */
  whenReferredForCharging?: boolean;
  why: string;
};

export const SUPERVISOR_ROLES: readonly Role[] = [
  "police_supervisor",
  "advocate_manager",
  "senior_probation_officer",
  "clinical_lead",
];

/**
 * Roles that work on cases. Only these ever reach case content: an administrator, auditor or performance lead
 * added to a case team still sees nothing of it.
 */
export const CASEWORK_ROLES = [
  "investigator",
  "spoc",
  "police_supervisor",
  "advocate",
  "advocate_manager",
  "probation_practitioner",
  "court_team",
  "senior_probation_officer",
  "forensic_psychologist",
  "psychiatrist",
  "clinician",
  "clinical_lead",
  "prosecutor",
  "prison_offender_manager",
  "clinic_coordinator",
  "mappa_coordinator",
] as const satisfies readonly Role[];

/** Roles that work with the perpetrator; the not-for-perpetrator-facing caveat keeps records from them. */
export const PERPETRATOR_FACING_ROLES: readonly Role[] = [
  "probation_practitioner",
  "court_team",
  "senior_probation_officer",
  "prison_offender_manager",
  "forensic_psychologist",
  "psychiatrist",
  "clinician",
  "clinical_lead",
];

const ANY = "any" as const;

/**
 * What every agency keeps of its own records: its people on the case team see them in full (drafts included),
 * and its supervisors oversee them (victim contact details stay with the team that needs them).
 */
const OWN_RECORDS: readonly BaselineRule[] = (
  [
    "case_core",
    "victim_contact",
    "victim_care",
    "perpetrator",
    "clinical",
    "police_intelligence",
    "risk_assessment",
    "victim_risk_assessment",
    "investigation",
    "pre_sentence",
  ] as const
).flatMap((category): BaselineRule[] => [
  {
    category,
    level: "full",
    audience: { kind: "owner_case_team" },
    why: "The agency that recorded it, on a case it works (drafts included).",
  },
  ...(category === "victim_contact"
    ? []
    : [
        {
          category,
          level: "full" as const,
          audience: { kind: "owner_supervisor" as const },
          why: "Supervisors oversee and countersign their agency's work.",
        },
      ]),
]);

/** ARCHITECTURE.md's baseline table, one row per grant. Deny by default: nothing else is allowed. */
export const BASELINE_POLICY: readonly BaselineRule[] = [
  ...OWN_RECORDS,
  {
    category: "case_core",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ANY },
    why: "Everyone on the case team needs the case core.",
  },
  {
    category: "case_core",
    level: "full",
    audience: { kind: "meeting_panel" },
    why: "Panel members see the case core while the case is on their meeting's agenda.",
  },

  {
    category: "victim_contact",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["police"] },
    why: "The police case team, to protect the victim.",
  },

  {
    category: "victim_care",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["isac", "police"] },
    why: "Advocates and the police case team plan the victim's safety together.",
  },
  {
    category: "victim_care",
    level: "summary",
    audience: { kind: "case_team", agencyTypes: ANY },
    why: "Others on the team see that care is in place, as a summary line.",
  },

  {
    category: "perpetrator",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["police", "probation", "cps", "health", "prison"] },
    why: "Agencies that investigate, prosecute, treat or manage the perpetrator.",
  },
  {
    category: "perpetrator",
    level: "summary",
    audience: { kind: "meeting_panel" },
    why: "The panel sees who the perpetrator is while the case is on the agenda.",
  },

  {
    category: "clinical",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["health"] },
    why: "Clinical detail stays with health; others need an explicit share with a lawful basis.",
  },
  {
    category: "clinical",
    level: "summary",
    audience: { kind: "meeting_panel" },
    why: "A clinical summary for the clinic panel.",
  },

  {
    category: "police_intelligence",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["police"] },
    why: "Intelligence stays with police.",
  },
  {
    category: "police_intelligence",
    level: "summary",
    audience: { kind: "meeting_panel" },
    why: "A sanitised summary for the panel.",
  },

  {
    category: "risk_assessment",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ANY },
    status: "signed_off",
    why: "Signed-off assessments are shared with the case team.",
  },
  {
    category: "risk_assessment",
    level: "summary",
    audience: { kind: "meeting_panel" },
    status: "signed_off",
    why: "The panel sees the latest judgements.",
  },
  {
    category: "victim_risk_assessment",
    level: "summary",
    audience: { kind: "case_team", agencyTypes: ANY },
    status: "signed_off",
    why: "The victim's account stays with the agency that took it; the team sees the judgement line, and the full assessment by explicit share.",
  },
  {
    category: "victim_risk_assessment",
    level: "summary",
    audience: { kind: "meeting_panel" },
    status: "signed_off",
    why: "The panel sees the latest judgements.",
  },

  {
    category: "investigation",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["police"] },
    why: "Investigation material is police material.",
  },
  {
    category: "investigation",
    level: "full",
    audience: { kind: "case_team", agencyTypes: ["cps"] },
    whenReferredForCharging: true,
    why: "The CPS once the case is referred for a charging decision.",
  },

  {
    category: "meeting_minutes",
    level: "full",
    audience: { kind: "meeting_panel" },
    why: "Attendees and the panel; onward sharing needs the chair's agreement.",
  },
];

/**
 * Handling caveats override every broader allow (baseline, agreements, break-glass). Only an explicit share
 * from the owning agency, which carries a purpose and a lawful basis, reaches past a caveat.
 */
export const CAVEAT_RULES: Record<
  Caveat,
  { keepsTo: string; test: "owner_or_police_team" | "owner_agency" | "police" | "not_perpetrator_facing" }
> = {
  victim_confidential: { keepsTo: "the owning agency and the police case team", test: "owner_or_police_team" },
  health_confidential: { keepsTo: "the owning agency", test: "owner_agency" },
  police_intelligence: { keepsTo: "police", test: "police" },
  not_for_perpetrator_facing: { keepsTo: "anyone without a perpetrator-facing role", test: "not_perpetrator_facing" },
};

/** Further fixed rules, stated here so docs/access-control.md lists them. */
export const STANDING_RULES = [
  "Drafts (status draft) are seen only by the owning agency, whatever else allows.",
  "Victim contact and location is never shown for a meeting purpose (clinic or MAPPA), so it never reaches a shared meeting screen.",
  "Break-glass gives time-limited full read of one case's records; caveats still apply; every view is flagged for review.",
  "Information sharing agreements extend a category from one agency to other agencies or roles on the case team, for named purposes, in full or as a summary.",
  "Only case-working roles reach case content. Agency administrators manage their own agency's people and see no case content, even if placed on a case team; auditors see the audit and disclosure logs, not records.",
  "Meetings are case content from the first agenda item on (case references, papers, minutes, actions), so only case-working roles may chair a clinic or MAPPA meeting, be invited to one, be given its minutes or own one of its actions. Others are not offered, a forged choice is refused, and an older invitation naming them gives a 404 on every channel (page, data request, minutes, exports, socket).",
  "An invitee may send a deputy only from their own agency, among its active case-working people; the deputy becomes a member with the same access and the invitee stops being one at once (every channel refuses them). Agenda packs are cut for each invitee by the meeting's own papers, at the meeting's purpose, once the agenda is published and the confidentiality statement acknowledged.",
  "The cross-meeting action tracker shows clinic and MAPPA coordinators every open action of their partnership's meetings, and supervisors the actions owned by their agency or someone in it; nobody else has one (`app/access/action-tracker.ts`, the same rule filters the list in SQL).",
] as const;

export const MEETING_PURPOSES: readonly Purpose[] = ["clinic_meeting", "mappa_meeting"];

/** Which categories each kind of agency records (meeting minutes come from meetings, not this list). */
export const CATEGORIES_BY_AGENCY: Record<AgencyType, readonly Category[]> = {
  police: [
    "case_core",
    "victim_contact",
    "victim_care",
    "perpetrator",
    "police_intelligence",
    "risk_assessment",
    "victim_risk_assessment",
    "investigation",
  ],
  isac: ["victim_contact", "victim_care", "risk_assessment", "victim_risk_assessment"],
  probation: ["perpetrator", "risk_assessment", "pre_sentence"],
  health: ["perpetrator", "clinical", "risk_assessment"],
  cps: ["investigation"],
  prison: ["perpetrator", "risk_assessment"],
  other: [],
};

/** Caveats a category always carries, whatever the author chooses. */
export const MANDATORY_CAVEATS: Partial<Record<Category, readonly Caveat[]>> = {
  victim_contact: ["victim_confidential"],
  police_intelligence: ["police_intelligence"],
};

/** Caveats offered ticked by default for a category. */
export const DEFAULT_CAVEATS: Partial<Record<Category, readonly Caveat[]>> = {
  victim_contact: ["victim_confidential"],
  clinical: ["health_confidential"],
  police_intelligence: ["police_intelligence"],
};
