import { and, eq, gt, isNull, lte, or, inArray } from "drizzle-orm";
import { getDb } from "~/db.server";
import { isAgencyType, type AgencyType } from "~/domain/agencies";
import { isRole, type Role } from "~/domain/roles";
import {
  agencies,
  breakGlassGrants,
  caseMembers,
  meetingInvitees,
  meetingItems,
  meetings,
  recordShares,
  sharingAgreements,
  userRoles,
  users,
} from "../../db/schema";
import type { Actor, ApplicableAgreement } from "./actor";
import { CATEGORIES, type Category, type Purpose } from "./vocabulary";

/**
 * Builds the Actor for a signed-in user from the database: agency, roles, case-team memberships, active
 * break-glass grants, explicit shares and the sharing agreements that reach them for this purpose.
 * Built on every request, so changes to teams, shares and agreements apply at once.
 */
export function loadActor(userId: string, sessionId: string, purpose: Purpose = "case_work"): Actor | null {
  const db = getDb();
  const row = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      agencyId: users.agencyId,
      teamId: users.teamId,
      agencyName: agencies.name,
      agencyType: agencies.type,
      partnershipId: agencies.partnershipId,
      status: users.status,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, userId))
    .get();
  if (!row || row.status !== "active" || !isAgencyType(row.agencyType)) return null;
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role)
    .filter(isRole);
  return actorOf({ ...row, agencyType: row.agencyType, roles }, sessionId, purpose);
}

/**
 * The Actor for a partner system's service account (decision 0050): a person of the account's one role in its agency,
 * on no case team, invited to no meeting, with no break-glass grant, so it never sees more than such a person would.
 * Shares to its agency or role and the sharing agreements that reach them apply, exactly as for a person. Its id is
 * the account's, which no membership, share or grant names.
 */
export function loadServiceActor(
  account: { id: string; name: string; agencyId: string; role: string },
  purpose: Purpose = "case_work",
): Actor | null {
  const agency = getDb()
    .select({ name: agencies.name, type: agencies.type, partnershipId: agencies.partnershipId })
    .from(agencies)
    .where(eq(agencies.id, account.agencyId))
    .get();
  if (!agency || !isAgencyType(agency.type) || !isRole(account.role)) return null;
  return actorOf(
    {
      id: account.id,
      name: account.name,
      email: "",
      agencyId: account.agencyId,
      teamId: null,
      agencyName: agency.name,
      agencyType: agency.type,
      partnershipId: agency.partnershipId,
      roles: [account.role],
    },
    `service:${account.id}`,
    purpose,
  );
}

type ActorIdentity = {
  id: string;
  name: string;
  email: string;
  agencyId: string;
  teamId: string | null;
  agencyName: string;
  agencyType: AgencyType;
  partnershipId: string;
  roles: Role[];
};

/** The attributes the gate decides on, read for one identity (a person, or a service account). */
function actorOf(row: ActorIdentity, sessionId: string, purpose: Purpose): Actor {
  const db = getDb();
  const userId = row.id;
  const roles = row.roles;
  const now = new Date().toISOString();

  const caseIds = db
    .selectDistinct({ caseId: caseMembers.caseId })
    .from(caseMembers)
    .where(and(eq(caseMembers.userId, userId), isNull(caseMembers.removedAt)))
    .all()
    .map((r) => r.caseId);

  const breakGlassCaseIds = db
    .selectDistinct({ caseId: breakGlassGrants.caseId })
    .from(breakGlassGrants)
    .where(and(eq(breakGlassGrants.userId, userId), gt(breakGlassGrants.expiresAt, now)))
    .all()
    .map((r) => r.caseId);

  const recipient = [eq(recordShares.toUserId, userId), eq(recordShares.toAgencyId, row.agencyId)];
  if (roles.length) recipient.push(inArray(recordShares.toRole, roles));
  const sharedRecordIds = db
    .selectDistinct({ recordId: recordShares.recordId })
    .from(recordShares)
    .where(
      and(
        or(...recipient),
        isNull(recordShares.revokedAt),
        or(isNull(recordShares.expiresAt), gt(recordShares.expiresAt, now)),
      ),
    )
    .all()
    .map((r) => r.recordId);

  // The meeting panel: meetings the user is invited to (and not removed from), and the cases on the agenda of
  // those that have not closed yet (planned or live), whose case core and summaries the panel may see.
  const meetingIds = db
    .select({ id: meetingInvitees.meetingId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.userId, userId), isNull(meetingInvitees.removedAt)))
    .all()
    .map((r) => r.id);
  const agendaCaseIds = meetingIds.length
    ? db
        .selectDistinct({ caseId: meetingItems.caseId })
        .from(meetingItems)
        .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
        .where(and(inArray(meetingItems.meetingId, meetingIds), inArray(meetings.status, ["planned", "open"])))
        .all()
        .map((r) => r.caseId)
    : [];

  const agreements: ApplicableAgreement[] = db
    .select()
    .from(sharingAgreements)
    .where(and(isNull(sharingAgreements.retiredAt), lte(sharingAgreements.startsOn, now.slice(0, 10))))
    .all()
    .filter((a) => agreementReaches(a, { agencyId: row.agencyId, agencyType: row.agencyType, roles, purpose }))
    .map((a) => ({ id: a.id, category: a.category as Category, fromAgencyId: a.fromAgencyId, level: a.level }));

  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    agencyType: row.agencyType,
    partnershipId: row.partnershipId,
    teamId: row.teamId,
    roles,
    sessionId,
    purpose,
    caseIds,
    agendaCaseIds,
    meetingIds,
    breakGlassCaseIds,
    sharedRecordIds,
    agreements,
  };
}

/** Whether an agreement's recipients include this actor: every recipient field it names must match. */
export function agreementReaches(
  a: {
    toAgencyId: string | null;
    toAgencyType: string | null;
    toRole: string | null;
    purposes: string;
    category: string;
  },
  actor: { agencyId: string; agencyType: string; roles: string[]; purpose: Purpose },
): boolean {
  if (!(CATEGORIES as readonly string[]).includes(a.category)) return false;
  if (a.toAgencyId && a.toAgencyId !== actor.agencyId) return false;
  if (a.toAgencyType && a.toAgencyType !== actor.agencyType) return false;
  if (a.toRole && !actor.roles.includes(a.toRole)) return false;
  if (!a.toAgencyId && !a.toAgencyType && !a.toRole) return false;
  let purposes: unknown;
  try {
    purposes = JSON.parse(a.purposes);
  } catch {
    return false;
  }
  return Array.isArray(purposes) && purposes.includes(actor.purpose);
}
