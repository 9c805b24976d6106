import { defineAbilityFor, asSubject, type Action, type AppAbility, type RecordAttributes, type SubjectType } from "./ability";
import type { Actor } from "./actor";
import { audit } from "./audit.server";
import { accessLevel } from "./redact";

/** A 403 the error boundary shows as "You do not have access"; it says nothing about the record. */
export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/**
 * THE check for one record: allows, or audits the refusal and throws 403.
 * `record` carries the attributes the policy decides on (for example agencyId).
 */
export function authorize(actor: Actor, action: Action, type: SubjectType, record: Record<string, unknown> & { id?: string } = {}): void {
  const ability = defineAbilityFor(actor);
  const allowed = Object.keys(record).length === 0 ? ability.can(action, type) : ability.can(action, asSubject(type, record));
  if (!allowed) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: `${type.toLowerCase()}.${action}`,
      subjectType: type,
      subjectId: typeof record.id === "string" ? record.id : null,
      outcome: "denied",
    });
    throw forbidden();
  }
}

/**
 * The check for a thing the address names by id (an agency, a person's account, an agreement, an action-plan
 * entry): like authorize, but when the actor may not even read the thing the refusal is a 404, so an id confirms
 * nothing to someone who may not read it (issue 23). Someone who reads it but may not do this gets authorize's
 * 403. Audited once either way.
 */
export function authorizeNamed(actor: Actor, action: Action, type: SubjectType, record: Record<string, unknown> & { id?: string } = {}): void {
  try {
    authorize(actor, action, type, record);
  } catch (refusal) {
    if (refusal instanceof Response && refusal.status === 403 && !can(actor, "read", type, record)) throw notFound();
    throw refusal;
  }
}

/** The same decision without throwing, for showing or hiding navigation and buttons. */
export function can(actor: Actor, action: Action, type: SubjectType, record?: Record<string, unknown>): boolean {
  const ability = defineAbilityFor(actor);
  return record ? ability.can(action, asSubject(type, record)) : ability.can(action, type);
}

export function notFound(): Response {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

/**
 * THE check for one case record (a case itself is a record of category case_core). Returns the level the
 * actor has. A refusal is audited and thrown as 404, so a record's existence is not confirmed to someone
 * who may not see it.
 */
export function authorizeRecord(
  actor: Actor,
  record: RecordAttributes,
  o: { need: "full" | "summary"; auditAction: string; subjectType: string; ability?: AppAbility },
): "full" | "summary" {
  const level = accessLevel(actor, record, o.ability);
  const enough = level === "full" || (level === "summary" && o.need === "summary");
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: o.auditAction,
    subjectType: o.subjectType,
    subjectId: record.id,
    caseId: record.caseId,
    purpose: actor.breakGlassCaseIds.includes(record.caseId) && !actor.caseIds.includes(record.caseId) ? "break_glass" : actor.purpose,
    outcome: enough ? "allowed" : "denied",
    detail: { level, ...(actor.breakGlassCaseIds.includes(record.caseId) ? { breakGlass: true } : {}) },
  });
  if (!enough) throw notFound();
  return level as "full" | "summary";
}
