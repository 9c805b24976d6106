import type { AgencyType } from "~/domain/agencies";
import type { Role } from "~/domain/roles";
import type { Category, Purpose } from "./vocabulary";

/** An information sharing agreement as it applies to one actor (already matched to their agency, roles and purpose). */
export type ApplicableAgreement = { id: string; category: Category; fromAgencyId: string; level: "full" | "summary" };

/**
 * Who is asking, with every attribute the gate decides on. Built per request (app/access/actor.server.ts),
 * so a change to a team, a share or an agreement applies at the next request.
 */
export type Actor = Readonly<{
  userId: string;
  name: string;
  email: string;
  agencyId: string;
  agencyName: string;
  agencyType: AgencyType;
  /** The partnership the actor's agency belongs to: meetings, referrals, agreements and oversight are per partnership. */
  partnershipId: string;
  teamId: string | null;
  roles: Role[];
  sessionId: string;
  purpose: Purpose;
  /** Cases where the actor is a current member of the case team. */
  caseIds: string[];
  /** Cases on the agenda of a meeting the actor attends (clinic or MAPPA). */
  agendaCaseIds: string[];
  /** Meetings the actor attends. */
  meetingIds: string[];
  /** Cases the actor holds an unexpired break-glass grant for. */
  breakGlassCaseIds: string[];
  /** Records explicitly shared with the actor, their agency or one of their roles (unexpired, not revoked). */
  sharedRecordIds: string[];
  agreements: ApplicableAgreement[];
}>;

/**
 * Who is asking, without the attributes that decide case information: what a socket event needs when its decision
 * is made from rows read at the time (a live meeting's membership), read with the session check (liveSession).
 */
export type Identity = Pick<Actor, "sessionId" | "userId" | "name" | "agencyId" | "roles">;
