import { defineAbilityFor, asSubject, type Action, type SubjectType } from "./ability";
import type { Actor } from "./actor";
import { audit } from "./audit.server";

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

/** The same decision without throwing, for showing or hiding navigation and buttons. */
export function can(actor: Actor, action: Action, type: SubjectType, record?: Record<string, unknown>): boolean {
  const ability = defineAbilityFor(actor);
  return record ? ability.can(action, asSubject(type, record)) : ability.can(action, type);
}
