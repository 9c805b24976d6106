import type { Actor } from "./actor";
import { seesActionTracker } from "./action-tracker";
import { worksOnCases } from "./case-work.server";
import { can } from "./gate.server";
import { usesMappaQueue } from "./workflow-roles";

/*
 * The parts of the service a person may open, one predicate each. The primary navigation shows a link by the
 * same predicate the part's own page is guarded by (issue 18), so no one is shown a link that leads to a refusal.
 */
export const SERVICE_AREAS = {
  caseWork: (actor: Actor) => worksOnCases(actor.roles),
  actionTracker: (actor: Actor) => seesActionTracker(actor),
  reviews: (actor: Actor) => can(actor, "review", "BreakGlassGrant") || can(actor, "decide", "AccessRequest"),
  auditLog: (actor: Actor) => can(actor, "read", "AuditLog"),
  clinicReferrals: (actor: Actor) => can(actor, "triage_clinic_referral", { partnershipId: actor.partnershipId }),
  mappaReferrals: (actor: Actor) => usesMappaQueue(actor),
  oversight: (actor: Actor) => can(actor, "read", "Dashboard"),
  agencies: (actor: Actor) => can(actor, "manage", "Agency"),
  emailOutbox: (actor: Actor) => can(actor, "manage", "Outbox"),
  agreements: (actor: Actor) => can(actor, "read", "Agreement"),
  retentionSchedules: (actor: Actor) => can(actor, "read", "RetentionSchedule"),
  // The review queue of the person's own agency (decision 0051): its data protection lead.
  retentionReviews: (actor: Actor) => can(actor, "decide", "RetentionReview", { ownerAgencyId: actor.agencyId }),
  subjectAccess: (actor: Actor) => can(actor, "read", "SubjectAccessRequest", { agencyId: actor.agencyId }),
  // An agency administrator's own agency (its people and teams); a system administrator reaches every agency from
  // the agencies list instead.
  ownAgencyPeople: (actor: Actor) =>
    can(actor, "create", "User", { agencyId: actor.agencyId }) && !can(actor, "manage", "Agency"),
  // The person's own agency's email defaults and its addresses that refused mail (decision 0042): whoever may
  // update that agency, the rule agencyEmailSettings checks (agency administrators, and the system administrator).
  agencyEmails: (actor: Actor) => can(actor, "update", "Agency", { id: actor.agencyId }),
  // Partner systems' API accounts for the person's own agency (decision 0050): its administrators.
  serviceAccounts: (actor: Actor) => can(actor, "manage", "ServiceAccount", { agencyId: actor.agencyId }),
  // Import of the person's own agency's existing cases (decision 0055): its administrators.
  caseImports: (actor: Actor) => can(actor, "manage", "CaseImport", { agencyId: actor.agencyId }),
} satisfies Record<string, (actor: Actor) => boolean>;

export type ServiceArea = keyof typeof SERVICE_AREAS;

export function opens(actor: Actor, area: ServiceArea): boolean {
  return SERVICE_AREAS[area](actor);
}
