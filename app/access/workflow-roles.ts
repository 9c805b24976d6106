import { isAgencyType, type AgencyType } from "~/domain/agencies";
import { coordinatorRole, type MeetingKind } from "~/domain/meeting-kinds";
import { hasRole, ROLES, rolesForAgencyType, type Role } from "~/domain/roles";
import type { Actor } from "./actor";
import { CASEWORK_ROLES, CATEGORIES_BY_AGENCY, SUPERVISOR_ROLES } from "./baseline-policy";

/*
 * Who holds which job in the partnership's workflows, as predicates over plain attributes (issue 18). Services,
 * loaders, links and buttons call these rather than testing role names, so a link and the action it leads to are
 * decided by one rule. The rules about supervisors of an agency's work are in agency-supervision.ts.
 */

/** The MAPPA coordinator screens their partnership's MAPPA referrals. */
export const MAPPA_REFERRAL_SCREENERS = ["mappa_coordinator"] as const satisfies readonly Role[];
export function screensMappaReferrals(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, ...MAPPA_REFERRAL_SCREENERS);
}

/** The MAPPA referrals page: the coordinator's screening queue, or a supervisor's drafts awaiting endorsement. */
export function usesMappaQueue(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, "mappa_coordinator", ...SUPERVISOR_ROLES);
}

/** The coordinator who arranges this kind of meeting (clinic coordinator: clinics; MAPPA coordinator: MAPPA meetings). */
export function arrangesMeetings(actor: Pick<Actor, "roles">, kind: MeetingKind): boolean {
  return hasRole(actor.roles, coordinatorRole(kind));
}

/** A police supervisor follows the charging deadlines of every case their agency leads, not only their own. */
export const AGENCY_CHARGING_DEADLINE_FOLLOWERS = ["police_supervisor"] as const satisfies readonly Role[];
export function followsAgencyChargingDeadlines(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, ...AGENCY_CHARGING_DEADLINE_FOLLOWERS);
}

/** Probation's court team writes pre-sentence input (where the case allows a new record; the gate decides that). */
export function writesPreSentenceInput(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, "court_team");
}

/**
 * Roles that read pre-sentence input, from the baseline policy: case-working roles held only in agencies that
 * record it (probation reads its own reports, on the case team or as supervisors). Police and ISAC are never
 * shown the case's pre-sentence section; each page in it is decided by the gate.
 */
export const PRE_SENTENCE_ROLES: readonly Role[] = CASEWORK_ROLES.filter((role) => {
  const types = ROLES[role].agencyTypes as readonly AgencyType[] | "any";
  return types !== "any" && types.every((t) => CATEGORIES_BY_AGENCY[t].includes("pre_sentence"));
});

export function readsPreSentence(actor: { roles: readonly string[] }): boolean {
  return hasRole(actor.roles, ...PRE_SENTENCE_ROLES);
}

/** Roles this actor may give people of an agency of this type: a system administrator creates agency administrators only. */
export function rolesAssignableBy(actor: Pick<Actor, "roles" | "agencyType">, agencyType: string): Role[] {
  if (!isAgencyType(agencyType)) return [];
  if (hasRole(actor.roles, "agency_admin") && actor.agencyType === agencyType) return rolesForAgencyType(agencyType);
  if (hasRole(actor.roles, "system_admin")) return ["agency_admin"];
  return [];
}
