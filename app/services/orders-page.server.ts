import type { Actor } from "~/access/actor";
import { SPO_CONSIDERATION_DAYS } from "~/domain/protective-orders";
import { canLowerPriority, listBreaches } from "./breaches.server";
import { canAddRecord, requireCase } from "./case-access.server";
import { caseHeaderOf, worksOnCase } from "./orders-common.server";
import { caseOffences } from "./offences.server";
import { listOrders } from "./protective-orders.server";
import { listSpoConsiderations, mayRecordSpoConsideration } from "./spo-considerations.server";

/**
 * The case's "Offences and orders" page: protective orders, the latest SPO consideration, breaches and the
 * case's priority, each filtered in SQL and redacted by its own service. Opening it is audited once.
 */
export function ordersPage(actor: Actor, caseId: string, now = new Date()) {
  const c = requireCase(actor, caseId, "case.orders_view");
  const orders = listOrders(actor, c.id);
  const considerations = listSpoConsiderations(actor, c.id);
  // Offences are investigation material: their own service filters them (police, and the CPS once referred).
  const offences = caseOffences(actor, c.id, now);
  const ageDays = Math.floor((now.getTime() - Date.parse(c.createdAt)) / 86_400_000);
  return {
    case: caseHeaderOf(c),
    priority: { raised: c.priority === "raised", reason: c.priorityReason, canLower: canLowerPriority(actor, c) },
    orders,
    latestSpo: considerations[0] ?? null,
    spoOverdue: considerations.length === 0 && ageDays > SPO_CONSIDERATION_DAYS,
    spoDays: SPO_CONSIDERATION_DAYS,
    canRecordSpo: mayRecordSpoConsideration(actor, c.id),
    breaches: listBreaches(actor, c.id),
    canRecordOrder: canAddRecord(actor, c.id, "case_core"),
    offences: offences.offences.map((o) => ({
      id: o.id,
      title: o.title,
      statusLabel: o.statusLabel,
      crimeReference: o.crimeReference,
      deadline: o.deadline ? `${o.deadline.lastDayText} (${o.deadline.daysText})` : null,
    })),
    canRecordOffence: offences.canRecord,
    canRecordBreach: worksOnCase(actor, c.id) && orders.some((o) => !("withheld" in o.details) && o.details.inForce),
  };
}
