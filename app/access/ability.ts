import { AbilityBuilder, createMongoAbility, subject as caslSubject, type MongoAbility } from "@casl/ability";
import type { Actor } from "./actor";

export type Action = "read" | "create" | "update" | "manage";
export type SubjectType = "Agency" | "User" | "AuditLog" | "Partnership";
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

/**
 * The baseline policy for administration. Administrators manage people, never case content:
 * no rule here gives them a case subject. (Issue 3 adds case subjects, agreements and shares.)
 */
export function defineAbilityFor(actor: Actor): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (actor.roles.includes("system_admin")) {
    can("manage", "Agency");
    can("read", "Partnership");
    // A system administrator creates agency administrators in any agency (role limits are checked by the service).
    can(["read", "create", "update"], "User");
  }
  if (actor.roles.includes("agency_admin")) {
    can("read", "Agency", { id: actor.agencyId });
    can(["read", "create", "update"], "User", { agencyId: actor.agencyId });
  }
  if (actor.roles.includes("auditor")) {
    can("read", "AuditLog");
  }
  return build();
}

/** Tags a plain record with its subject type for CASL. */
export function asSubject<T extends Record<string, unknown>>(type: SubjectType, record: T) {
  return caslSubject(type, { ...record });
}
