import { CATEGORIES_BY_AGENCY, CASEWORK_ROLES, SUPERVISOR_ROLES } from "./baseline-policy";
import { coordinatorRole, type MeetingKind } from "~/domain/meeting-kinds";
import { hasRole, type Role } from "~/domain/roles";
import type { RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { CLINIC_REFERRAL_TRIAGERS, PRE_SENTENCE_SIGNERS, type Submission } from "./agency-supervision";
import { standingLevel } from "./share-rule";
import { MAPPA_REFERRAL_SCREENERS } from "./workflow-roles";

/*
 * THE workflow rules (issue 18): who may refer, triage, endorse, screen, arrange, chair, attend, sign off, countersign,
 * return, retract, manage and share, as data. Each row grants an action to holders of some roles when every named
 * condition holds; conditions are predicates over plain attributes (what the service reads, never its row types).
 * One `can(actor, action, subject)` answers links, buttons, loaders and actions alike, and docs/access-control.md
 * prints the rows, so a link, its action and the documentation cannot drift apart. Case information itself is the
 * ability's (ability.ts); these rows are about doing things.
 */

/** What each action is asked about, in plain attributes. */
export type WorkflowSubjects = {
  refer_case: { caseId: string };
  triage_clinic_referral: { partnershipId: string };
  screen_mappa_referral: { partnershipId: string };
  endorse_mappa_referral: { referrerAgencyId: string; referrerUserId: string };
  arrange_meeting: { kind: MeetingKind; partnershipId: string };
  chair_meeting: { chairUserId: string | null; invited: boolean };
  sign_off_minutes: { chairUserId: string | null; invited: boolean; status: string };
  countersign_assessment: Submission;
  return_assessment: Submission;
  sign_off_pre_sentence: Submission;
  retract_note: { authorUserId: string; ownerAgencyId: string };
  manage_case: { caseId: string; leadAgencyId: string };
  share_record: RecordAttributes;
  break_glass: { caseId: string };
};
export type WorkflowAction = keyof WorkflowSubjects;

/** The actions in the order the documentation lists them. */
export const WORKFLOW_ACTIONS = [
  "refer_case",
  "triage_clinic_referral",
  "screen_mappa_referral",
  "endorse_mappa_referral",
  "arrange_meeting",
  "chair_meeting",
  "sign_off_minutes",
  "countersign_assessment",
  "return_assessment",
  "sign_off_pre_sentence",
  "retract_note",
  "manage_case",
  "share_record",
  "break_glass",
] as const satisfies readonly WorkflowAction[];

export const WORKFLOW_ACTION_LABELS: Record<WorkflowAction, string> = {
  refer_case: "Refer a case to the stalking clinic or MAPPA",
  triage_clinic_referral: "Triage a clinic referral (accept, decline, ask for more information)",
  screen_mappa_referral: "Screen a MAPPA referral",
  endorse_mappa_referral: "Endorse a MAPPA referral",
  arrange_meeting: "Arrange a meeting (invitations, agenda, statement)",
  chair_meeting: "Chair a meeting (run it, record decisions, close it)",
  sign_off_minutes: "Sign off a meeting's minutes",
  countersign_assessment: "Countersign a risk assessment",
  return_assessment: "Return a risk assessment to its author",
  sign_off_pre_sentence: "Sign off (or return) pre-sentence input",
  retract_note: "Retract a case note",
  manage_case: "Manage a case (its team, status, incidents and breaches)",
  share_record: "Share a record with another agency, role or person",
  break_glass: "Ask for emergency (break-glass) access to a case",
};

type Attributes = Partial<WorkflowSubjects[WorkflowAction]> & Record<string, unknown>;
type Condition = { words: string; test: (actor: Actor, s: Attributes) => boolean };

/** The conditions rows may name. Each reads the actor and the subject's plain attributes. */
const CONDITIONS = {
  on_case_team: { words: "on the case team", test: (a, s) => a.caseIds.includes(s.caseId as string) },
  not_on_case_team: { words: "not on the case team", test: (a, s) => !a.caseIds.includes(s.caseId as string) },
  own_partnership: { words: "in their own partnership", test: (a, s) => a.partnershipId === s.partnershipId },
  coordinates_kind: {
    words: "coordinating that kind of meeting (clinic or MAPPA)",
    test: (a, s) => hasRole(a.roles, coordinatorRole(s.kind as MeetingKind)),
  },
  referring_agency: { words: "in the referring agency", test: (a, s) => a.agencyId === s.referrerAgencyId },
  not_referrer: { words: "not the referrer", test: (a, s) => a.userId !== s.referrerUserId },
  invited: { words: "invited to the meeting (and not removed)", test: (_a, s) => s.invited === true },
  chair: { words: "the meeting's chair", test: (a, s) => s.chairUserId === a.userId },
  meeting_closed: { words: "once the meeting is closed", test: (_a, s) => s.status === "closed" },
  owning_agency: { words: "in the owning agency", test: (a, s) => a.agencyId === s.ownerAgencyId },
  submitted: { words: "while it is submitted", test: (_a, s) => s.submitted === true },
  agency_on_case: {
    words: "on a case where the owning agency has a current member of the team",
    test: (_a, s) => s.agencyOnCase === true,
  },
  not_own_work: {
    words: "not their own work (written or submitted by them)",
    test: (a, s) => s.authorUserId !== a.userId && s.submittedBy !== a.userId,
  },
  author: { words: "who wrote it", test: (a, s) => s.authorUserId === a.userId },
  lead_agency: { words: "in the case's lead agency", test: (a, s) => a.agencyId === s.leadAgencyId },
  records_case_core: {
    words: "in an agency that records the case core",
    test: (a) => CATEGORIES_BY_AGENCY[a.agencyType].includes("case_core"),
  },
  signed_off: { words: "once it is signed off", test: (_a, s) => s.status === "signed_off" },
  reads_in_full: {
    words: "a record they read in full by standing access (never by a share or break-glass grant of their own)",
    test: (a, s) => standingLevel(a, s as unknown as RecordAttributes) === "full",
  },
} satisfies Record<string, Condition>;
export type WorkflowCondition = keyof typeof CONDITIONS;

export type WorkflowRule = {
  action: WorkflowAction;
  roles: readonly Role[];
  when: readonly WorkflowCondition[];
  why: string;
};

const SUBMISSION: readonly WorkflowCondition[] = ["owning_agency", "agency_on_case", "submitted", "not_own_work"];

/** Allows only: an action nobody is granted here is refused. Several rows for one action are alternatives. */
export const WORKFLOW_RULES: readonly WorkflowRule[] = [
  {
    action: "refer_case",
    roles: CASEWORK_ROLES,
    when: ["on_case_team"],
    why: "Any agency working the case may ask the clinic or MAPPA for help.",
  },
  {
    action: "triage_clinic_referral",
    roles: CLINIC_REFERRAL_TRIAGERS,
    when: ["own_partnership"],
    why: "The clinic coordinator triages the partnership's referrals, from referral fields and the case reference only.",
  },
  {
    action: "screen_mappa_referral",
    roles: MAPPA_REFERRAL_SCREENERS,
    when: ["own_partnership"],
    why: "The MAPPA coordinator screens the partnership's endorsed referrals.",
  },
  {
    action: "endorse_mappa_referral",
    roles: SUPERVISOR_ROLES,
    when: ["referring_agency", "not_referrer"],
    why: "A MAPPA referral goes out with a manager's endorsement from the referring agency.",
  },
  {
    action: "arrange_meeting",
    roles: ["clinic_coordinator", "mappa_coordinator"],
    when: ["coordinates_kind", "own_partnership"],
    why: "Each kind of meeting has its coordinator in the partnership.",
  },
  {
    action: "chair_meeting",
    roles: CASEWORK_ROLES,
    when: ["invited", "chair"],
    why: "The chair named for the meeting runs it while still invited.",
  },
  {
    action: "sign_off_minutes",
    roles: CASEWORK_ROLES,
    when: ["invited", "chair", "meeting_closed"],
    why: "The chair signs the minutes off once the meeting is closed; then they can be shared and downloaded.",
  },
  {
    action: "countersign_assessment",
    roles: SUPERVISOR_ROLES,
    when: SUBMISSION,
    why: "Supervisors countersign their agency's work, never their own.",
  },
  {
    action: "return_assessment",
    roles: SUPERVISOR_ROLES,
    when: SUBMISSION,
    why: "Whoever may countersign may instead return it to the author with a reason.",
  },
  {
    action: "sign_off_pre_sentence",
    roles: PRE_SENTENCE_SIGNERS,
    when: SUBMISSION,
    why: "Pre-sentence input goes to court after a senior probation officer's sign-off.",
  },
  {
    action: "retract_note",
    roles: CASEWORK_ROLES,
    when: ["author"],
    why: "The author may retract their own note (it is kept, marked retracted, with the reason).",
  },
  {
    action: "retract_note",
    roles: SUPERVISOR_ROLES,
    when: ["owning_agency"],
    why: "A supervisor of the owning agency may retract its notes.",
  },
  {
    action: "manage_case",
    roles: CASEWORK_ROLES,
    when: ["records_case_core", "lead_agency", "on_case_team"],
    why: "The lead agency's case team runs the case.",
  },
  {
    action: "manage_case",
    roles: SUPERVISOR_ROLES,
    when: ["records_case_core", "lead_agency"],
    why: "The lead agency's supervisors oversee every case it leads.",
  },
  {
    action: "share_record",
    roles: CASEWORK_ROLES,
    when: ["owning_agency", "on_case_team", "signed_off", "reads_in_full"],
    why: "The owning agency's case team discloses its own signed-off work (decision 0023).",
  },
  {
    action: "share_record",
    roles: SUPERVISOR_ROLES,
    when: ["owning_agency", "signed_off", "reads_in_full"],
    why: "The owning agency's supervisors may disclose its signed-off work, never more than they read.",
  },
  {
    action: "break_glass",
    roles: CASEWORK_ROLES,
    when: ["not_on_case_team"],
    why: "In an emergency a case worker may read a case's signed-off records for a limited time, with a reason, reviewed afterwards.",
  },
];

/** Each action's rows, looked up once. */
const ROWS = new Map<WorkflowAction, WorkflowRule[]>(
  WORKFLOW_ACTIONS.map((action) => [action, WORKFLOW_RULES.filter((r) => r.action === action)]),
);

/** THE workflow decision: may the actor do this to this subject. Any row for the action whose roles and conditions all hold. */
export function can<A extends WorkflowAction>(actor: Actor, action: A, subject: WorkflowSubjects[A]): boolean {
  const s = subject as unknown as Attributes;
  return (ROWS.get(action) ?? []).some(
    (row) => hasRole(actor.roles, ...row.roles) && row.when.every((c) => CONDITIONS[c].test(actor, s)),
  );
}

/** The conditions in words, for docs/access-control.md. */
export function conditionWords(c: WorkflowCondition): string {
  return CONDITIONS[c].words;
}
