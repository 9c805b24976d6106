import type { AgencyType } from "~/domain/agencies";
import type { Role } from "~/domain/roles";

/**
 * Who is asking. Built per request from the signed-in user; the gate decides on these attributes.
 * Issue 3 adds memberships (case teams, panels, meetings), the current purpose and break-glass grants.
 */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  agencyId: string;
  agencyName: string;
  agencyType: AgencyType;
  teamId: string | null;
  roles: Role[];
  sessionId: string;
};
