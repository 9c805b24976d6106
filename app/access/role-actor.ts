import { ROLES, type Role } from "~/domain/roles";
import type { AgencyType } from "~/domain/agencies";
import type { Actor } from "./actor";

/** The agency type a role is shown in when the policy is tabled: the first it may be held in ("other" when any). */
export function agencyTypeFor(role: Role): AgencyType {
  const allowed = ROLES[role].agencyTypes;
  return allowed === "any" ? "other" : (allowed[0] ?? "other");
}

/**
 * A stand-in Actor holding one role, on (or not on) one case, for tabling and testing the policy without a
 * database. Nothing else grants it access: no shares, agreements, grants or meetings.
 */
export function roleActor(role: Role, o: { caseId: string; member: boolean; agencyType?: AgencyType }): Actor {
  const agencyType = o.agencyType ?? agencyTypeFor(role);
  return {
    userId: `role-${role}`,
    name: role,
    email: `${role}@policy.invalid`,
    agencyId: `agency-${agencyType}`,
    agencyName: agencyType,
    agencyType,
    partnershipId: "partnership-policy",
    teamId: null,
    roles: [role],
    sessionId: "policy",
    purpose: "case_work",
    caseIds: o.member ? [o.caseId] : [],
    agendaCaseIds: [],
    meetingIds: [],
    breakGlassCaseIds: [],
    sharedRecordIds: [],
    agreements: [],
  };
}
