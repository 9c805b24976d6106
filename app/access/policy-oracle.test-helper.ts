// An independent restatement of the access policy in plain code (no CASL), used by the tests to check the
// gate. It reads the same policy table but decides with its own logic, so a mistake in how the gate turns
// the table into CASL rules, or in scope()'s SQL, shows up as a disagreement.
import { hasRole } from "~/domain/roles";
import type { RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import {
  BASELINE_POLICY,
  CASEWORK_ROLES,
  MEETING_PURPOSES,
  PERPETRATOR_FACING_ROLES,
  SUPERVISOR_ROLES,
} from "./baseline-policy";
import type { Level } from "./vocabulary";

const rank: Record<Level, number> = { none: 0, summary: 1, full: 2 };
const max = (a: Level, b: Level): Level => (rank[a] >= rank[b] ? a : b);

export function oracleLevel(actor: Actor, r: RecordAttributes): Level {
  if (!hasRole(actor.roles, ...CASEWORK_ROLES)) return "none";
  const member = actor.caseIds.includes(r.caseId);
  const ownAgency = r.ownerAgencyId === actor.agencyId;
  const supervisor = hasRole(actor.roles, ...SUPERVISOR_ROLES);
  const shared = actor.sharedRecordIds.includes(r.id);
  let level: Level = "none";
  for (const rule of BASELINE_POLICY) {
    if (rule.category !== r.category) continue;
    if (rule.status && rule.status !== r.status) continue;
    if (rule.whenReferredForCharging && !r.chargingReferred) continue;
    const a = rule.audience;
    let reaches = false;
    if (a.kind === "case_team")
      reaches = member && (a.agencyTypes === "any" || a.agencyTypes.includes(actor.agencyType));
    if (a.kind === "owner_case_team") reaches = member && ownAgency;
    if (a.kind === "owner_supervisor") reaches = supervisor && ownAgency;
    if (a.kind === "meeting_panel")
      reaches =
        r.category === "meeting_minutes"
          ? r.meetingId !== null && actor.meetingIds.includes(r.meetingId)
          : actor.agendaCaseIds.includes(r.caseId);
    if (reaches) level = max(level, rule.level);
  }
  for (const ag of actor.agreements) {
    if (ag.category === r.category && ag.fromAgencyId === r.ownerAgencyId && member && r.status === "signed_off")
      level = max(level, ag.level);
  }
  if (actor.breakGlassCaseIds.includes(r.caseId) && r.status === "signed_off") level = "full";
  if (shared) level = "full";

  if (r.status === "draft" && !ownAgency) return "none";
  if (r.cavVictimConfidential && !ownAgency && !(actor.agencyType === "police" && member) && !shared) return "none";
  if (r.cavHealthConfidential && !ownAgency && !shared) return "none";
  if (r.cavPoliceIntelligence && actor.agencyType !== "police" && !shared) return "none";
  if (r.cavNotPerpetratorFacing && hasRole(actor.roles, ...PERPETRATOR_FACING_ROLES) && !shared) return "none";
  if (MEETING_PURPOSES.includes(actor.purpose) && r.category === "victim_contact") return "none";
  return level;
}

/**
 * Who may share a record, restated: a case-working member of the owning agency on the case team, or one of its
 * supervisors, for a signed-off record they read in full without any share or break-glass grant of their own.
 */
export function oracleMayShare(actor: Actor, r: RecordAttributes): boolean {
  if (!hasRole(actor.roles, ...CASEWORK_ROLES)) return false;
  if (r.status !== "signed_off" || r.ownerAgencyId !== actor.agencyId) return false;
  if (!actor.caseIds.includes(r.caseId) && !hasRole(actor.roles, ...SUPERVISOR_ROLES)) return false;
  return oracleLevel({ ...actor, sharedRecordIds: [], breakGlassCaseIds: [] }, r) === "full";
}

/**
 * Who may countersign (or return) a submission, restated from issue 16 without the gate's helpers: someone holding a
 * supervisor role, in the agency that owns it, which has someone on the case team; while it is submitted; not its
 * author or submitter. Being on the case team themselves makes no difference.
 */
export function oracleMayCountersign(
  actor: Actor,
  s: {
    ownerAgencyId: string;
    authorUserId: string;
    submittedBy: string | null;
    submitted: boolean;
    agencyOnCase: boolean;
  },
): boolean {
  const supervisorRoles = ["police_supervisor", "advocate_manager", "senior_probation_officer", "clinical_lead"];
  if (!actor.roles.some((r) => supervisorRoles.includes(r))) return false;
  if (actor.agencyId !== s.ownerAgencyId) return false;
  if (!s.submitted || !s.agencyOnCase) return false;
  return actor.userId !== s.authorUserId && actor.userId !== s.submittedBy;
}

/**
 * The workflow rules restated from issue 18 and the decisions, without WORKFLOW_RULES or the role lists in
 * baseline-policy.ts: role names are spelled out here, so a wrong row in workflows.ts shows up as a disagreement.
 */
const CASE_WORKERS = [
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
];
const SUPERVISORS = ["police_supervisor", "advocate_manager", "senior_probation_officer", "clinical_lead"];

export type OracleWorkflowSubject = {
  caseId: string;
  partnershipId: string;
  agencyId: string;
  userId: string;
  kind: "clinic_triage" | "mappa_level2";
  invited: boolean;
  chairUserId: string | null;
  meetingStatus: string;
  submitted: boolean;
  agencyOnCase: boolean;
  record: RecordAttributes;
};

export function oracleMayDo(actor: Actor, action: string, s: OracleWorkflowSubject): boolean {
  const holds = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  const worker = holds(...CASE_WORKERS);
  const supervisor = holds(...SUPERVISORS);
  const member = actor.caseIds.includes(s.caseId);
  const chairs = worker && s.invited && s.chairUserId === actor.userId;
  const submission = {
    ownerAgencyId: s.agencyId,
    authorUserId: s.userId,
    submittedBy: s.userId,
    submitted: s.submitted,
    agencyOnCase: s.agencyOnCase,
  };
  switch (action) {
    case "refer_case":
      return worker && member;
    case "triage_clinic_referral":
      return holds("clinic_coordinator") && actor.partnershipId === s.partnershipId;
    case "screen_mappa_referral":
      return holds("mappa_coordinator") && actor.partnershipId === s.partnershipId;
    case "endorse_mappa_referral":
      return supervisor && actor.agencyId === s.agencyId && actor.userId !== s.userId;
    case "arrange_meeting":
      return (
        holds(s.kind === "mappa_level2" ? "mappa_coordinator" : "clinic_coordinator") &&
        actor.partnershipId === s.partnershipId
      );
    case "chair_meeting":
      return chairs;
    case "sign_off_minutes":
      return chairs && s.meetingStatus === "closed";
    case "countersign_assessment":
    case "return_assessment":
      return oracleMayCountersign(actor, submission);
    case "sign_off_pre_sentence":
      return oracleMayCountersign(actor, submission) && holds("senior_probation_officer");
    case "retract_note":
      return (worker && s.userId === actor.userId) || (supervisor && s.agencyId === actor.agencyId);
    case "manage_case":
      // Police lead cases: only an agency that records the case core (the police) runs one.
      return worker && actor.agencyType === "police" && s.agencyId === actor.agencyId && (member || supervisor);
    case "share_record":
      return oracleMayShare(actor, s.record);
    case "break_glass":
      return worker && !member;
    default:
      throw new Error(`the oracle does not know ${action}`);
  }
}
