import type { Actor } from "~/access/actor";
import { listOrders } from "./protective-orders.server";
import { riskPage } from "./risk-assessment-views.server";
import { actionTracker } from "./action-tracker.server";
import { requireCase } from "./case-access.server";

/*
 * What the JSON API reads (issue 22, decision 0050), composed from the services the pages use, so the gate, the
 * SQL filters, the redaction and the audit are the pages' own. The API layer (app/api) parses each answer through its
 * response schema, which drops anything not declared.
 */

/** A case's signed-off risk picture and its protective orders, as the actor may see them (404 otherwise, audited). */
export function caseRiskAndOrders(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "api.case_read");
  const risk = riskPage(actor, c.id);
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    leadAgency: c.leadAgency,
    riskPicture: risk.picture.entries,
    orders: listOrders(actor, c.id),
  };
}

export type ActionPageQuery = { due: string; limit: number; after?: string };

/**
 * Open actions from meetings that the actor's action tracker covers (a supervisor: those owned by their agency or
 * anyone in it), a page at a time by keyset. Null when the actor has no tracker (the caller answers 404).
 */
export function agencyActionsPage(actor: Actor, q: ActionPageQuery) {
  const [dueOn, id] = q.after ? (q.after.split("~") as [string, string]) : [];
  const result = actionTracker(actor, { due: q.due }, "api.actions_list", {
    limit: q.limit,
    after: dueOn && id ? { dueOn, id } : undefined,
  });
  if (!result.ok) return { ok: false as const, errors: result.errors };
  const last = result.rows[result.rows.length - 1];
  return { ok: true as const, items: result.rows, next: result.truncated && last ? `${last.dueOn}~${last.id}` : null };
}
