import { hasRole, type Role } from "~/domain/roles";
import type { Actor } from "./actor";

/**
 * Roles that act on a stalking protection order consideration. Recommendation 13 is a police duty: police
 * investigators and dedicated stalking officers consider and apply for SPOs and their supervisors see that it is
 * done (DOMAIN.md, "Who uses it"). Senior probation officers and advocate managers are supervisors too, but do not
 * apply for SPOs, so "SPO consideration outstanding" is not theirs to act on.
 */
export const SPO_ACTING_ROLES = ["investigator", "spoc", "police_supervisor"] as const satisfies readonly Role[];

/** Whether the person acts on SPO considerations: a police agency and one of the acting roles. */
export function actsOnSpoConsideration(actor: Pick<Actor, "roles" | "agencyType">): boolean {
  return actor.agencyType === "police" && hasRole(actor.roles, ...SPO_ACTING_ROLES);
}

/** Whether the person oversees SPO considerations across the cases their agency leads (police supervisors). */
export function overseesSpoConsideration(actor: Pick<Actor, "roles" | "agencyType">): boolean {
  return actsOnSpoConsideration(actor) && hasRole(actor.roles, "police_supervisor");
}
