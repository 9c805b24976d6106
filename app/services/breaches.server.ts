import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { addDays, breachDateProblem, isInForce, policeActionDateProblem } from "~/domain/order-rules";
import { POLICE_ACTION_LABELS, POLICE_ACTIONS, type PoliceAction } from "~/domain/protective-orders";
import { agencies, breaches, caseRecords, cases, protectiveOrders } from "../../db/schema";
import { canUpdateCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import { notify } from "./notifications.server";
import {
  caseHeaderOf,
  currentCaseworkTeam,
  dateParts,
  isOfficerInCase,
  parseSubmitted,
  readRequiredDate,
  readDate,
  textField,
  worksOnCase,
  type Problem,
} from "./orders-common.server";
import { orderInSentence, orderLabel, ordersInForce, type WriteResult } from "./protective-orders.server";
import { insertTask } from "./tasks.server";

/** A breach is a marker of elevated risk (DOMAIN.md): the team reviews risk within this many days. */
export const BREACH_REVIEW_DAYS = 3;
const DESCRIPTION_MAX = 2000;

const breachSchema = z.object({
  orderRecordId: textField(64),
  ...dateParts("occurredOn"),
  description: textField(DESCRIPTION_MAX, "Description must be 2,000 characters or fewer"),
  policeAction: textField(64),
  ...dateParts("policeActionOn"),
});

/** The "record a breach" page: the orders in force it can be recorded against. */
export function newBreachPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  return { case: caseHeaderOf(c), canRecord: worksOnCase(actor, c.id), orders: ordersInForce(actor, c.id) };
}

/**
 * Who reviews risk after a breach: the officer in the case, who manages the investigation and the response to
 * the breach. One named owner, not a copy for everyone, so the review is somebody's job and the task list does
 * not fill with duplicates; the whole team is told of the breach and sees the task on the case. With no officer
 * in the case on the team, the person who recorded the breach owns it (they are on the team and know of it).
 */
function reviewOwner(caseId: string, recorderId: string): string {
  const oic = currentCaseworkTeam(caseId).find((m) => isOfficerInCase(m.roleInCase));
  return oic?.userId ?? recorderId;
}

/**
 * Records a breach of an order in force, and in the same transaction: a risk review task for the case team,
 * the case's priority raised, and a notification for every current case-working team member except the
 * recorder (pushed live once the transaction has committed). An order id that is not an order of this case is
 * refused as a forgery: audited, and a 404 that confirms nothing.
 */
export function recordBreach(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, worksOnCase(actor, c.id), "breach.create");
  const db = getDb();
  const orderId = typeof values.orderRecordId === "string" ? values.orderRecordId.trim() : "";
  const order =
    orderId && orderId.length <= 64
      ? db
          .select({ r: caseRecords, o: protectiveOrders })
          .from(protectiveOrders)
          .innerJoin(caseRecords, eq(caseRecords.id, protectiveOrders.recordId))
          .where(eq(protectiveOrders.recordId, orderId))
          .get()
      : undefined;
  if (
    orderId &&
    (!order ||
      order.r.caseId !== c.id ||
      order.r.retractedAt ||
      accessLevel(actor, recordAttributes(order.r, c.chargingReferredAt)) !== "full")
  ) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "breach.create",
      subjectType: "CaseRecord",
      subjectId: order ? order.r.id : null,
      caseId: c.id,
      purpose: actor.purpose,
      outcome: "denied",
      detail: {
        reason: !order ? "order_not_found" : order.r.caseId !== c.id ? "order_not_on_case" : "order_not_visible",
      },
    });
    throw notFound();
  }
  const today = londonToday(now);
  const form = parseSubmitted(
    values,
    breachSchema.transform((v, ctx) => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      if (!order) problem("orderRecordId", "Select the order that was breached");
      else if (!isInForce(order.o.status)) problem("orderRecordId", "Select an order that is in force");
      const occurredOn = readRequiredDate(
        v,
        "occurredOn",
        "Date of the breach",
        problem,
        "Enter the date of the breach",
      );
      const dateProblem = occurredOn ? breachDateProblem(occurredOn, today, order?.o.decidedOn ?? null) : null;
      if (dateProblem) problem("occurredOn", dateProblem);
      if (!v.description) problem("description", "Describe what happened");
      const policeAction = POLICE_ACTIONS.find((a) => a === v.policeAction);
      if (!policeAction) problem("policeAction", "Select the police action");
      const policeActionOn = readDate(v, "policeActionOn", "Date of the police action", problem);
      const actionProblem =
        policeAction && policeActionOn !== undefined
          ? policeActionDateProblem(policeAction, policeActionOn, occurredOn ?? null, today)
          : null;
      if (actionProblem) problem("policeActionOn", actionProblem);
      if (
        !order ||
        !isInForce(order.o.status) ||
        !occurredOn ||
        dateProblem ||
        !v.description ||
        !policeAction ||
        policeActionOn === undefined ||
        actionProblem
      )
        return z.NEVER;
      return { order, occurredOn, description: v.description, policeAction, policeActionOn };
    }),
  );
  if (!form.ok) return form;
  const { occurredOn, description, policeAction, policeActionOn } = form.data;
  const o = form.data.order.o;
  const at = now.toISOString();
  const label = orderLabel(o.orderType);
  const inSentence = orderInSentence(o.orderType);
  const recipients = currentCaseworkTeam(c.id)
    .map((m) => m.userId)
    .filter((id) => id !== actor.userId);
  const { id, push } = db.transaction((tx) => {
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "breach",
        category: "case_core",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        title: `Breach of ${inSentence}`,
        summary: `Breach of ${inSentence} on ${formatDate(occurredOn)}; ${POLICE_ACTION_LABELS[policeAction].toLowerCase()}`,
        body: {
          orderRecordId: o.recordId,
          orderType: o.orderType,
          orderLabel: label,
          occurredOn,
          description,
          policeAction,
          policeActionOn,
        },
      },
      at,
    );
    tx.insert(breaches)
      .values({
        recordId,
        caseId: c.id,
        orderRecordId: o.recordId,
        occurredOn,
        reportedAt: at,
        policeAction,
        policeActionOn,
      })
      .run();
    insertTask(
      tx,
      {
        caseId: c.id,
        title: `Review risk after a breach of ${inSentence}`,
        ownerUserId: reviewOwner(c.id, actor.userId),
        dueOn: addDays(today, BREACH_REVIEW_DAYS),
        source: "breach",
        sourceRecordId: recordId,
        createdBy: actor.userId,
      },
      at,
    );
    tx.update(cases)
      .set({
        priority: "raised",
        priorityReason: `Breach of ${inSentence} recorded on ${formatDate(at)}`,
        updatedAt: at,
      })
      .where(eq(cases.id, c.id))
      .run();
    const push = notify(
      tx,
      recipients,
      { kind: "breach", text: `Breach recorded on case ${c.reference}`, href: `/cases/${c.id}/orders`, caseId: c.id },
      at,
    );
    return { id: recordId, push };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "breach.create",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: {
      orderRecordId: o.recordId,
      orderType: o.orderType,
      policeAction,
      notified: recipients.length,
      priority: "raised",
    },
  });
  push();
  return { ok: true, id };
}

export type BreachView = {
  id: string;
  level: "full" | "summary";
  title: string;
  summary: string;
  occurredOn: string;
  recordedBy: string;
  details:
    { description: string; policeAction: string; policeActionOn: string | null; orderRecordId: string } | Withheld;
};

/** The case's breaches the actor may see, newest first: filtered in SQL, redacted on the server. */
export function listBreaches(actor: Actor, caseId: string): BreachView[] {
  const rows = getDb()
    .select({ r: caseRecords, b: breaches, ownerAgency: agencies.name, chargingReferredAt: cases.chargingReferredAt })
    .from(breaches)
    .innerJoin(caseRecords, eq(caseRecords.id, breaches.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(
      and(
        eq(breaches.caseId, caseId),
        eq(caseRecords.caseId, caseId),
        isNull(caseRecords.retractedAt),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(breaches.occurredOn), desc(breaches.reportedAt))
    .all();
  return rows.flatMap(({ r, b, ownerAgency, chargingReferredAt }) => {
    const body = parseBody(r.body);
    const red = redact(
      actor,
      recordAttributes(r, chargingReferredAt),
      { title: r.title, summary: r.summary, body },
      ownerAgency,
    );
    if (!red) return [];
    const action = (b.policeAction ?? "") as PoliceAction;
    return [
      {
        id: r.id,
        level: red.level,
        title: red.title,
        summary: red.summary,
        occurredOn: b.occurredOn,
        recordedBy: ownerAgency,
        details:
          red.level === "full"
            ? {
                description: typeof body.description === "string" ? body.description : "",
                policeAction: POLICE_ACTION_LABELS[action] ?? "",
                policeActionOn: b.policeActionOn,
                orderRecordId: b.orderRecordId,
              }
            : withheld(ownerAgency),
      },
    ];
  });
}

export const PRIORITY_REASON_MAX = 1000;
const lowerSchema = z
  .object({
    reason: textField(
      PRIORITY_REASON_MAX,
      `Reason must be ${PRIORITY_REASON_MAX.toLocaleString("en-GB")} characters or fewer`,
    ),
  })
  .refine((v) => v.reason.length > 0, { path: ["reason"], message: "Enter why the priority can return to standard" });

/**
 * "Priority reviewed: return to standard": the lead agency's team or supervisors, with a reason, after the
 * review. The reason is kept on the case (and in the audit) so the review is never lost.
 */
export function lowerPriority(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canUpdateCase(actor, c), "case.priority_lower");
  const form = parseSubmitted(values, lowerSchema);
  if (!form.ok) return form;
  if (c.priority !== "raised")
    return { ok: false, errors: { form: "The case's priority is already standard" }, values };
  const at = now.toISOString();
  getDb()
    .update(cases)
    .set({
      priority: "standard",
      priorityReason: `Returned to standard on ${formatDate(at)} by ${actor.name}: ${form.data.reason}`,
      updatedAt: at,
    })
    .where(eq(cases.id, c.id))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.priority_lower",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { reason: form.data.reason, previous: c.priorityReason },
  });
  return { ok: true, id: c.id };
}

/** For the orders page: whether the actor may lower a raised priority. */
export function canLowerPriority(actor: Actor, c: CaseRow): boolean {
  return c.priority === "raised" && canUpdateCase(actor, c);
}
