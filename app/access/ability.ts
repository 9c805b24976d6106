import { AbilityBuilder, createMongoAbility, subject as caslSubject, type MongoAbility } from "@casl/ability";
import { hasRole } from "~/domain/roles";
import type { Actor } from "./actor";
import {
  BASELINE_POLICY,
  CASEWORK_ROLES,
  CATEGORIES_BY_AGENCY,
  MEETING_PURPOSES,
  PERPETRATOR_FACING_ROLES,
  SUPERVISOR_ROLES,
  type BaselineRule,
} from "./baseline-policy";
import { actorFingerprint, BoundedCache } from "./scope-cache";

export type Action =
  "read" | "read_summary" | "create" | "update" | "share" | "manage" | "review" | "decide" | "discover" | "request";
export type SubjectType =
  | "Agency"
  | "User"
  | "AuditLog"
  | "DisclosureLog"
  | "Partnership"
  | "CaseRecord"
  | "CaseAccessLog"
  | "Agreement"
  | "BreakGlassGrant"
  | "AccessRequest"
  | "Person"
  | "Case"
  | "Dashboard"
  | "ActionPlan"
  | "Outbox"
  | "ServiceAccount"
  | "CaseImport"
  | "RetentionSchedule"
  | "RetentionReview"
  | "LegalHold"
  | "SubjectAccessRequest"
  | "SubjectRightsRequest";
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

/** The attributes of a case record the gate decides on (a case itself is a record of category case_core). */
export type RecordAttributes = {
  id: string;
  caseId: string;
  category: string;
  ownerAgencyId: string;
  status: "draft" | "signed_off";
  meetingId: string | null;
  cavVictimConfidential: boolean;
  cavHealthConfidential: boolean;
  cavPoliceIntelligence: boolean;
  cavNotPerpetratorFacing: boolean;
  chargingReferred: boolean;
};

const READ_LEVELS: Record<"full" | "summary", Action[]> = { full: ["read", "read_summary"], summary: ["read_summary"] };

/** Translates one baseline row into a CASL condition for this actor, or null when the row cannot reach them. */
export function baselineConditions(rule: BaselineRule, actor: Actor): Record<string, unknown> | null {
  const c: Record<string, unknown> = { category: rule.category };
  if (rule.status) c.status = rule.status;
  if (rule.whenReferredForCharging) c.chargingReferred = true;
  const a = rule.audience;
  switch (a.kind) {
    case "case_team":
      if (a.agencyTypes !== "any" && !a.agencyTypes.includes(actor.agencyType)) return null;
      if (!actor.caseIds.length) return null;
      return { ...c, caseId: { $in: actor.caseIds } };
    case "owner_case_team":
      if (!actor.caseIds.length) return null;
      return { ...c, caseId: { $in: actor.caseIds }, ownerAgencyId: actor.agencyId };
    case "owner_supervisor":
      if (!hasRole(actor.roles, ...SUPERVISOR_ROLES)) return null;
      return { ...c, ownerAgencyId: actor.agencyId };
    case "meeting_panel":
      // Minutes belong to one meeting; other categories reach the panel while the case is on its agenda.
      if (rule.category === "meeting_minutes")
        return actor.meetingIds.length ? { ...c, meetingId: { $in: actor.meetingIds } } : null;
      return actor.agendaCaseIds.length ? { ...c, caseId: { $in: actor.agendaCaseIds } } : null;
  }
}

/**
 * The one decision model. Allows come from the baseline policy, sharing agreements, break-glass grants and
 * explicit shares; then every deny (drafts, caveats, meeting screens) is added LAST. CASL checks the newest
 * rule first, so a deny always wins for one record, which is exactly how scope() combines the rules in SQL
 * (allows OR-ed, denies AND NOT-ed). Exceptions to a deny are written into its conditions.
 */
export function defineAbilityFor(actor: Actor): AppAbility {
  // An Actor is built per request and never changed afterwards, so its ability is built once; and the next
  // request of the same person with the same teams, shares, grants and agreements (the same fingerprint, as
  // scope() keys its conditions: decision 0011) reuses it. Rules read only keyed fields (scope-cache.test.ts).
  let ability = abilities.get(actor);
  if (!ability) {
    const key = actorFingerprint(actor);
    ability = abilitiesByContent.get(key);
    if (!ability) {
      ability = buildAbility(actor);
      abilitiesByContent.set(key, ability);
    }
    abilities.set(actor, ability);
  }
  return ability;
}

const abilities = new WeakMap<Actor, AppAbility>();
// Sized like scope()'s cache: a caseworker's key is a few thousand characters.
const abilitiesByContent = new BoundedCache<AppAbility>(1_000, 4_000_000);

/** Empties the per-process abilities kept by content (with scope()'s cache: tests and the cold benchmark). */
export function clearAbilityCache(): void {
  abilitiesByContent.clear();
}

/** A new ability every call, never memoised: what scope() translates before keeping the result by content. */
export function buildAbility(actor: Actor): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const isSupervisor = hasRole(actor.roles, ...SUPERVISOR_ROLES);
  const isPolice = actor.agencyType === "police";

  // --- Administration: people, never case content.
  if (hasRole(actor.roles, "system_admin")) {
    can("manage", "Agency");
    can("read", "Partnership");
    can(["read", "create", "update"], "User");
    can("manage", "Agreement");
    // The email outbox (decision 0042): content-free messages, dead letters and retries.
    can("manage", "Outbox");
    // The partnership's retention schedules (decision 0051).
    can("manage", "RetentionSchedule");
  }
  if (hasRole(actor.roles, "agency_admin")) {
    // "update" an agency means managing its teams; nothing else about an agency changes.
    can(["read", "update"], "Agency", { id: actor.agencyId });
    can(["read", "create", "update"], "User", { agencyId: actor.agencyId });
    can("read", "Agreement");
    // Partner systems' accounts for the JSON API (decision 0050), for their own agency only.
    can("manage", "ServiceAccount", { agencyId: actor.agencyId });
    // Import of the agency's existing cases from a file (decision 0055): the cases are written as their owners.
    can("manage", "CaseImport", { agencyId: actor.agencyId });
  }
  if (hasRole(actor.roles, "auditor")) {
    can("read", ["AuditLog", "DisclosureLog", "Agreement", "CaseAccessLog"]);
    can("review", "BreakGlassGrant");
    can("read", "RetentionSchedule");
  }
  // The owning agency's data protection lead (decision 0051): its records' retention reviews, from their envelopes
  // only (never content); legal holds on any case (a hold only stops disposal), lifted by the agency that placed it.
  if (hasRole(actor.roles, "data_protection_lead")) {
    can("read", "RetentionSchedule");
    can(["read", "decide"], "RetentionReview", { ownerAgencyId: actor.agencyId });
    can(["read", "create"], "LegalHold");
    can("update", "LegalHold", { placedByAgencyId: actor.agencyId });
    // Subject access for its own agency, the controller of its records: the lead reads its own agency's records
    // about the person to answer the request (audited), and only lists the records other agencies hold.
    can(["read", "create", "update"], "SubjectAccessRequest", { agencyId: actor.agencyId });
    // Rectification, objection and restriction requests about its own agency's records (decision 0057).
    can(["read", "create", "update"], "SubjectRightsRequest", { agencyId: actor.agencyId });
  }

  // --- Case information (read and read_summary), for case-working roles only.
  const caseworker = hasRole(actor.roles, ...CASEWORK_ROLES);
  if (caseworker) {
    for (const rule of BASELINE_POLICY) {
      const conditions = baselineConditions(rule, actor);
      if (conditions) can(READ_LEVELS[rule.level], "CaseRecord", conditions);
    }
    if (actor.caseIds.length) {
      for (const agreement of actor.agreements) {
        can(READ_LEVELS[agreement.level], "CaseRecord", {
          category: agreement.category,
          ownerAgencyId: agreement.fromAgencyId,
          caseId: { $in: actor.caseIds },
          status: "signed_off",
        });
      }
    }
    if (actor.breakGlassCaseIds.length)
      can(READ_LEVELS.full, "CaseRecord", { caseId: { $in: actor.breakGlassCaseIds }, status: "signed_off" });
    if (actor.sharedRecordIds.length) can(READ_LEVELS.full, "CaseRecord", { id: { $in: actor.sharedRecordIds } });
  }

  // --- Working on cases. Opening a case belongs to the agencies that record case core (police lead a case);
  // managing it, sharing its records and the other workflows are rows in workflows.ts.
  if (caseworker && CATEGORIES_BY_AGENCY[actor.agencyType].includes("case_core")) can("create", "Case");
  if (caseworker && actor.caseIds.length)
    can("create", "CaseRecord", { caseId: { $in: actor.caseIds }, ownerAgencyId: actor.agencyId });
  if (isSupervisor) {
    // Supervisors are case-working roles, so this stays within CASEWORK_ROLES.
    can("read", "CaseAccessLog", { ownerAgencyId: actor.agencyId });
    can("review", "BreakGlassGrant", { agencyId: actor.agencyId });
    can("decide", "AccessRequest", { owningAgencyId: actor.agencyId });
  }
  // --- Oversight (issue 8): aggregates only, never case content. Performance leads keep the action plan.
  if (hasRole(actor.roles, "performance_lead", ...SUPERVISOR_ROLES)) can("read", ["Dashboard", "ActionPlan"]);
  if (hasRole(actor.roles, "performance_lead")) can(["create", "update"], "ActionPlan");
  if (hasRole(actor.roles, ...EXISTENCE_ROLES)) {
    can("discover", "Person");
    can("request", "AccessRequest");
    can("request", "BreakGlassGrant");
  }

  // --- Denies, last. An explicit share from the owner (with purpose and lawful basis) is the one way past a caveat.
  const notShared = actor.sharedRecordIds.length ? { id: { $nin: actor.sharedRecordIds } } : {};
  const reads: Action[] = ["read", "read_summary"];
  cannot(reads, "CaseRecord", { status: "draft", ownerAgencyId: { $ne: actor.agencyId } });
  cannot(reads, "CaseRecord", {
    cavVictimConfidential: true,
    ownerAgencyId: { $ne: actor.agencyId },
    ...(isPolice && actor.caseIds.length ? { caseId: { $nin: actor.caseIds } } : {}),
    ...notShared,
  });
  cannot(reads, "CaseRecord", { cavHealthConfidential: true, ownerAgencyId: { $ne: actor.agencyId }, ...notShared });
  if (!isPolice) cannot(reads, "CaseRecord", { cavPoliceIntelligence: true, ...notShared });
  if (hasRole(actor.roles, ...PERPETRATOR_FACING_ROLES))
    cannot(reads, "CaseRecord", { cavNotPerpetratorFacing: true, ...notShared });
  if (MEETING_PURPOSES.includes(actor.purpose)) cannot(reads, "CaseRecord", { category: "victim_contact" });

  return build();
}

/**
 * Roles that may learn that a person is known to the partnership (find without seeing). Policy: the same
 * case-working roles that may reach case content.
 */
export const EXISTENCE_ROLES = CASEWORK_ROLES;

/** Tags a plain record with its subject type for CASL. */
export function asSubject<T extends object>(type: SubjectType, record: T): Record<string, unknown> {
  return caslSubject(type, { ...record }) as unknown as Record<string, unknown>;
}
