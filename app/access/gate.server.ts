import {
  defineAbilityFor,
  asSubject,
  type Action,
  type AppAbility,
  type RecordAttributes,
  type SubjectType,
} from "./ability";
import type { Actor } from "./actor";
import { audit } from "./audit.server";
import { accessLevel } from "./redact";
import { can as canDo, WORKFLOW_ACTIONS, type WorkflowAction, type WorkflowSubjects } from "./workflows";

/** A 403 the error boundary shows as "You do not have access"; it says nothing about the record. */
export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/**
 * THE check for one record: allows, or audits the refusal and throws 403.
 * `record` carries the attributes the policy decides on (for example agencyId).
 */
export function authorize(
  actor: Actor,
  action: Action,
  type: SubjectType,
  record: Record<string, unknown> & { id?: string } = {},
): void {
  const ability = defineAbilityFor(actor);
  const allowed =
    Object.keys(record).length === 0 ? ability.can(action, type) : ability.can(action, asSubject(type, record));
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
export function authorizeNamed(
  actor: Actor,
  action: Action,
  type: SubjectType,
  record: Record<string, unknown> & { id?: string } = {},
): void {
  try {
    authorize(actor, action, type, record);
  } catch (refusal) {
    if (refusal instanceof Response && refusal.status === 403 && !can(actor, "read", type, record)) throw notFound();
    throw refusal;
  }
}

/**
 * The same decision without throwing, for showing or hiding navigation and buttons: a case-information or
 * administration action on a subject type (the ability), or a workflow action on its subject's plain attributes
 * (workflows.ts). Links, buttons, loaders and actions ask this one function.
 */
export function can<A extends WorkflowAction>(actor: Actor, action: A, subject: WorkflowSubjects[A]): boolean;
export function can(actor: Actor, action: Action, type: SubjectType, record?: Record<string, unknown>): boolean;
export function can(
  actor: Actor,
  action: Action | WorkflowAction,
  typeOrSubject: unknown,
  record?: Record<string, unknown>,
): boolean {
  if (isWorkflowAction(action)) return canDo(actor, action, typeOrSubject as WorkflowSubjects[typeof action]);
  const ability = defineAbilityFor(actor);
  const type = typeOrSubject as SubjectType;
  return record ? ability.can(action, asSubject(type, record)) : ability.can(action, type);
}

function isWorkflowAction(action: string): action is WorkflowAction {
  return (WORKFLOW_ACTIONS as readonly string[]).includes(action);
}

/** What a refusal is audited as: the attempted action, on what, and why (never any of the thing's content). */
export type Refusal = {
  auditAction: string;
  subjectType: string;
  subjectId: string | null;
  caseId?: string | null;
  purpose?: Actor["purpose"];
  reason: string;
  /** 404 when the actor may not know the thing exists; 403 when they can see it but may not do this. */
  status: 403 | 404;
};

/** THE refusal: audited once as denied, then thrown as 404 or 403. Every workflow refusal goes through here. */
export function refuse(actor: Pick<Actor, "userId" | "agencyId" | "purpose">, r: Refusal): never {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: r.auditAction,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    caseId: r.caseId ?? null,
    purpose: r.purpose ?? actor.purpose,
    outcome: "denied",
    detail: { reason: r.reason },
  });
  throw r.status === 404 ? notFound() : forbidden();
}

/** A workflow action or the refusal: `can`, and when it says no, `refuse` (audited once). */
export function requireCan<A extends WorkflowAction>(
  actor: Actor,
  action: A,
  subject: WorkflowSubjects[A],
  refusal: Omit<Refusal, "reason"> & { reason?: string },
): void {
  if (!canDo(actor, action, subject)) refuse(actor, { ...refusal, reason: refusal.reason ?? `may_not_${action}` });
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
    purpose:
      actor.breakGlassCaseIds.includes(record.caseId) && !actor.caseIds.includes(record.caseId)
        ? "break_glass"
        : actor.purpose,
    outcome: enough ? "allowed" : "denied",
    detail: { level, ...(actor.breakGlassCaseIds.includes(record.caseId) ? { breakGlass: true } : {}) },
  });
  if (!enough) throw notFound();
  return level as "full" | "summary";
}
