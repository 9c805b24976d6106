import { hasRole, type Role } from "~/domain/roles";
import type { Actor } from "./actor";
import { CASEWORK_ROLES } from "./baseline-policy";
import { rolesAssignableBy } from "./workflow-roles";

/*
 * Service accounts for partner systems (issue 22, decision 0050). Who may make them and what they may be: an agency
 * administrator, for their own agency, with one case-working role of that agency (never an administrator's or an
 * auditor's role), and the scopes that say which endpoints the account may call. The gate then treats the account as
 * a person of that role (app/access/actor.server.ts, loadServiceActor): scopes narrow, they never widen.
 */

export const API_SCOPES = ["cases:read", "actions:read", "chronology:read", "referrals:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "cases:read": "Read a case's signed-off risk picture and protective orders",
  "actions:read": "List actions from meetings assigned to the agency",
  "chronology:read": "Export a case's chronology",
  "referrals:write": "Refer cases for screening, and change a referral's details before screening",
};
export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** Longest a token may live before it must be replaced. */
export const MAX_TOKEN_DAYS = 365;

export function managesServiceAccounts(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, "agency_admin");
}

/** Roles an agency administrator may give a service account of their agency: its case-working roles. */
export function serviceAccountRoles(actor: Pick<Actor, "roles" | "agencyType">): Role[] {
  if (!managesServiceAccounts(actor)) return [];
  return rolesAssignableBy(actor, actor.agencyType).filter((role) =>
    (CASEWORK_ROLES as readonly Role[]).includes(role),
  );
}
