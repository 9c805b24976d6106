// An independent restatement of the access policy in plain code (no CASL), used by the tests to check the
// gate. It reads the same policy table but decides with its own logic, so a mistake in how the gate turns
// the table into CASL rules, or in scope()'s SQL, shows up as a disagreement.
import { hasRole } from "~/domain/roles";
import type { RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { BASELINE_POLICY, CASEWORK_ROLES, MEETING_PURPOSES, PERPETRATOR_FACING_ROLES, SUPERVISOR_ROLES } from "./baseline-policy";
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
    if (a.kind === "case_team") reaches = member && (a.agencyTypes === "any" || a.agencyTypes.includes(actor.agencyType));
    if (a.kind === "owner_case_team") reaches = member && ownAgency;
    if (a.kind === "owner_supervisor") reaches = supervisor && ownAgency;
    if (a.kind === "meeting_panel") reaches = r.category === "meeting_minutes" ? r.meetingId !== null && actor.meetingIds.includes(r.meetingId) : actor.agendaCaseIds.includes(r.caseId);
    if (reaches) level = max(level, rule.level);
  }
  for (const ag of actor.agreements) {
    if (ag.category === r.category && ag.fromAgencyId === r.ownerAgencyId && member && r.status === "signed_off") level = max(level, ag.level);
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
  s: { ownerAgencyId: string; authorUserId: string; submittedBy: string | null; submitted: boolean; agencyOnCase: boolean },
): boolean {
  const supervisorRoles = ["police_supervisor", "advocate_manager", "senior_probation_officer", "clinical_lead"];
  if (!actor.roles.some((r) => supervisorRoles.includes(r))) return false;
  if (actor.agencyId !== s.ownerAgencyId) return false;
  if (!s.submitted || !s.agencyOnCase) return false;
  return actor.userId !== s.authorUserId && actor.userId !== s.submittedBy;
}
