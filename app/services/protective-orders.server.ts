import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { asSubject, defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorizeRecord, notFound } from "~/access/gate.server";
import { caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { redact, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import {
  INITIAL_ORDER_STATUSES,
  isInForce,
  orderDateProblems,
  parseOrderLines,
  STATUS_TRANSITIONS,
} from "~/domain/order-rules";
import {
  ORDER_STATUS_LABELS,
  ORDER_STATUSES,
  ORDER_TYPE_INFO,
  ORDER_TYPES,
  type OrderStatus,
  type OrderType,
} from "~/domain/protective-orders";
import type { OrderChange } from "~/forms/order-forms";
import type { FieldErrors } from "~/forms/parse-form";
import { agencies, breaches, caseRecords, cases, protectiveOrders, recordVersions, users } from "../../db/schema";
import { canAddRecord, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord, updateCaseRecordContent, type Tx } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import {
  caseHeaderOf,
  dateParts,
  parseSubmitted,
  readDate,
  readRequiredDate,
  textField,
  type Problem,
} from "./orders-common.server";

// ---------------------------------------------------------------------------------------------------------
// Vocabulary helpers

export function orderLabel(orderType: string): string {
  return (ORDER_TYPE_INFO as Record<string, { label: string }>)[orderType]?.label ?? orderType;
}

/** The order's name inside a sentence: "a breach of the stalking protection order" (acronyms kept). */
export function orderInSentence(orderType: string): string {
  const label = orderLabel(orderType);
  const lower =
    label.length > 1 && label[1] === label[1]!.toLowerCase() ? label[0]!.toLowerCase() + label.slice(1) : label;
  return `the ${lower}`;
}

export function orderStatusLabel(status: string): string {
  return (ORDER_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

function isOrderStatus(s: string): s is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(s);
}

/** The order's current state, kept whole in the record body so each earlier version is a complete snapshot. */
export type OrderState = {
  orderType: OrderType;
  status: OrderStatus;
  appliedOn: string | null;
  hearingOn: string | null;
  decidedOn: string | null;
  refusalReason: string | null;
  prohibitions: string[];
  requirements: string[];
  expiresOn: string | null;
  /** When it expired or was discharged. */
  endedOn: string | null;
  variedOn: string | null;
  renewedOn: string | null;
};

type Change = "created" | "status" | "varied" | "renewed";
type OrderBody = OrderState & { change: Change; changedBy: string; changedByName: string; changedAt: string };

/** The summary line others may see: the order's status and its key date. Case core, like the order itself. */
function orderSummary(s: OrderState): string {
  const parts: string[] = [orderStatusLabel(s.status)];
  if ((s.status === "applied" || s.status === "hearing_listed") && s.appliedOn)
    parts[0] += ` on ${formatDate(s.appliedOn)}`;
  if (s.status === "hearing_listed" && s.hearingOn) parts.push(`hearing on ${formatDate(s.hearingOn)}`);
  if ((s.status === "granted" || s.status === "refused") && s.decidedOn) parts[0] += ` on ${formatDate(s.decidedOn)}`;
  if (s.status === "varied" && s.variedOn) parts[0] += ` on ${formatDate(s.variedOn)}`;
  if ((s.status === "expired" || s.status === "discharged") && s.endedOn) parts[0] += ` on ${formatDate(s.endedOn)}`;
  if (isInForce(s.status) && s.expiresOn) parts.push(`until ${formatDate(s.expiresOn)}`);
  return parts.join(", ");
}

function stateFromBody(body: Record<string, unknown>, fallback: OrderState): OrderState {
  const str = (k: keyof OrderState) => (typeof body[k] === "string" ? (body[k] as string) : null);
  const list = (k: "prohibitions" | "requirements") =>
    Array.isArray(body[k]) ? (body[k] as unknown[]).filter((x): x is string => typeof x === "string") : [];
  const status = str("status");
  const orderType = str("orderType");
  return {
    orderType:
      orderType && (ORDER_TYPES as readonly string[]).includes(orderType)
        ? (orderType as OrderType)
        : fallback.orderType,
    status: status && isOrderStatus(status) ? status : fallback.status,
    appliedOn: str("appliedOn"),
    hearingOn: str("hearingOn"),
    decidedOn: str("decidedOn"),
    refusalReason: str("refusalReason"),
    prohibitions: list("prohibitions"),
    requirements: list("requirements"),
    expiresOn: str("expiresOn"),
    endedOn: str("endedOn"),
    variedOn: str("variedOn"),
    renewedOn: str("renewedOn"),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Forms

const REASON_MAX = 2000;

const listFields = {
  prohibitions: textField(10_000, "Prohibitions must be 20 lines or fewer"),
  requirements: textField(10_000, "Positive requirements must be 20 lines or fewer"),
};

function readLists(v: { prohibitions: string; requirements: string }, problem: Problem) {
  const prohibitions = parseOrderLines(v.prohibitions, "Prohibitions");
  if (!prohibitions.ok) problem("prohibitions", prohibitions.message);
  const requirements = parseOrderLines(v.requirements, "Positive requirements");
  if (!requirements.ok) problem("requirements", requirements.message);
  return prohibitions.ok && requirements.ok
    ? { prohibitions: prohibitions.lines, requirements: requirements.lines }
    : undefined;
}

export function newOrderSchema(today: string) {
  return z
    .object({
      orderType: textField(64),
      status: textField(64),
      ...dateParts("appliedOn"),
      ...dateParts("hearingOn"),
      ...dateParts("decidedOn"),
      ...dateParts("expiresOn"),
      refusalReason: textField(REASON_MAX, "Reasons for refusal must be 2,000 characters or fewer"),
      ...listFields,
    })
    .transform((v, ctx): OrderState => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      const orderType = ORDER_TYPES.find((t) => t === v.orderType);
      if (!orderType) problem("orderType", "Select the type of order");
      const status = INITIAL_ORDER_STATUSES.find((s) => s === v.status);
      if (!status) problem("status", "Select where the order has got to");
      const appliedOn = readDate(v, "appliedOn", "Application date", problem);
      const hearingOn = readDate(v, "hearingOn", "Hearing date", problem);
      const decidedOn = readDate(v, "decidedOn", "Decision date", problem);
      const expiresOn = readDate(v, "expiresOn", "Expiry date", problem);
      const refusalReason = status === "refused" ? v.refusalReason : "";
      if (status === "refused" && !refusalReason)
        problem("refusalReason", "Enter the court's reasons for refusing the order");
      const lists = readLists(v, problem);
      if (
        !orderType ||
        !status ||
        appliedOn === undefined ||
        hearingOn === undefined ||
        decidedOn === undefined ||
        expiresOn === undefined ||
        !lists
      )
        return z.NEVER;
      const dates = { appliedOn, hearingOn, decidedOn, expiresOn };
      const problems = orderDateProblems(status, dates, today);
      for (const [field, message] of Object.entries(problems)) problem(field, message);
      if (Object.keys(problems).length) return z.NEVER;
      return {
        orderType,
        status,
        ...dates,
        refusalReason: refusalReason || null,
        ...lists,
        endedOn: null,
        variedOn: null,
        renewedOn: null,
      };
    });
}

/** "Update status": the next step in the order's life, with the dates and reasons that step needs. */
function statusSchema(current: OrderState, today: string) {
  return z
    .object({
      status: textField(64),
      ...dateParts("hearingOn"),
      ...dateParts("decidedOn"),
      ...dateParts("expiresOn"),
      ...dateParts("endedOn"),
      refusalReason: textField(REASON_MAX, "Reasons for refusal must be 2,000 characters or fewer"),
    })
    .transform((v, ctx): OrderState => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      const status = STATUS_TRANSITIONS[current.status].find((s) => s === v.status);
      if (!status) {
        problem("status", "Select the order's new status");
        return z.NEVER;
      }
      const next: OrderState = { ...current, status };
      if (status === "hearing_listed") {
        const hearingOn = readRequiredDate(v, "hearingOn", "Hearing date", problem, "Enter the hearing date");
        if (hearingOn === undefined) return z.NEVER;
        next.hearingOn = hearingOn;
      }
      if (status === "granted" || status === "refused") {
        const decidedOn = readRequiredDate(
          v,
          "decidedOn",
          "Decision date",
          problem,
          "Enter the date of the court's decision",
        );
        const expiresOn = status === "granted" ? readDate(v, "expiresOn", "Expiry date", problem) : null;
        if (status === "refused" && !v.refusalReason)
          problem("refusalReason", "Enter the court's reasons for refusing the order");
        if (decidedOn === undefined || expiresOn === undefined || (status === "refused" && !v.refusalReason))
          return z.NEVER;
        Object.assign(next, { decidedOn, expiresOn, refusalReason: status === "refused" ? v.refusalReason : null });
      }
      if (status === "expired" || status === "discharged") {
        const endedOn = readRequiredDate(
          v,
          "endedOn",
          status === "expired" ? "Date it expired" : "Date it was discharged",
          problem,
          status === "expired" ? "Enter the date the order expired" : "Enter the date the order was discharged",
        );
        if (endedOn === undefined) return z.NEVER;
        if (endedOn > today) return fail(problem, "endedOn", "The date must be today or in the past");
        if (current.decidedOn && endedOn < current.decidedOn)
          return fail(problem, "endedOn", "The date must be on or after the date the order was made");
        next.endedOn = endedOn;
      }
      const problems = orderDateProblems(status, next, today);
      for (const [field, message] of Object.entries(problems)) problem(field, message);
      return Object.keys(problems).length ? z.NEVER : next;
    });
}

function fail(problem: Problem, path: string, message: string): never {
  problem(path, message);
  return z.NEVER;
}

/** Variation: the court changes the terms of an order in force (new lists, perhaps a new expiry). */
function varySchema(current: OrderState, today: string) {
  return z
    .object({ ...dateParts("variedOn"), ...dateParts("expiresOn"), ...listFields })
    .transform((v, ctx): OrderState => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      const variedOn = readRequiredDate(
        v,
        "variedOn",
        "Date of the variation",
        problem,
        "Enter the date the court varied the order",
      );
      const expiresOn = readDate(v, "expiresOn", "Expiry date", problem);
      const lists = readLists(v, problem);
      if (variedOn === undefined || expiresOn === undefined || !lists) return z.NEVER;
      if (variedOn > today) return fail(problem, "variedOn", "Date of the variation must be today or in the past");
      if (current.decidedOn && variedOn < current.decidedOn)
        return fail(problem, "variedOn", "Date of the variation must be on or after the date the order was made");
      if (expiresOn && expiresOn <= variedOn)
        return fail(problem, "expiresOn", "Expiry date must be after the date of the variation");
      return { ...current, status: "varied", variedOn, expiresOn, ...lists };
    });
}

/** Renewal: an order in force is extended to a later expiry date. */
function renewSchema(current: OrderState, today: string) {
  return z.object({ ...dateParts("renewedOn"), ...dateParts("expiresOn") }).transform((v, ctx): OrderState => {
    const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    const renewedOn = readRequiredDate(
      v,
      "renewedOn",
      "Date of the renewal",
      problem,
      "Enter the date the court renewed the order",
    );
    const expiresOn = readRequiredDate(v, "expiresOn", "New expiry date", problem, "Enter the new expiry date");
    if (renewedOn === undefined || expiresOn === undefined) return z.NEVER;
    if (renewedOn > today) return fail(problem, "renewedOn", "Date of the renewal must be today or in the past");
    if (current.decidedOn && renewedOn < current.decidedOn)
      return fail(problem, "renewedOn", "Date of the renewal must be on or after the date the order was made");
    if (expiresOn <= renewedOn)
      return fail(problem, "expiresOn", "New expiry date must be after the date of the renewal");
    if (current.expiresOn && expiresOn <= current.expiresOn)
      return fail(
        problem,
        "expiresOn",
        `New expiry date must be after the current expiry date, ${formatDate(current.expiresOn)}`,
      );
    return { ...current, renewedOn, expiresOn };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reads

export type OrderView = {
  id: string;
  level: "full" | "summary";
  title: string;
  summary: string;
  orderType: string;
  breachIsOffence: boolean;
  ownerAgency: string;
  updatedAt: string;
  /** The details, or withheld when the actor has only summary access. */
  details: (OrderState & { statusLabel: string; inForce: boolean }) | Withheld;
};

function orderRows(actor: Actor, caseId: string, recordId?: string) {
  return getDb()
    .select({
      r: caseRecords,
      o: protectiveOrders,
      ownerAgency: agencies.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(protectiveOrders)
    .innerJoin(caseRecords, eq(caseRecords.id, protectiveOrders.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(
      and(
        eq(protectiveOrders.caseId, caseId),
        eq(caseRecords.caseId, caseId),
        isNull(caseRecords.retractedAt),
        recordId ? eq(caseRecords.id, recordId) : undefined,
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(
      sql`CASE WHEN ${protectiveOrders.status} IN ('granted', 'varied') THEN 0 ELSE 1 END`,
      desc(caseRecords.createdAt),
    )
    .all();
}

function toView(actor: Actor, row: ReturnType<typeof orderRows>[number]): OrderView | null {
  const { r, o } = row;
  const attrs = recordAttributes(r, row.chargingReferredAt);
  const red = redact(actor, attrs, { title: r.title, summary: r.summary, body: parseBody(r.body) }, row.ownerAgency);
  if (!red) return null;
  const info = ORDER_TYPE_INFO[o.orderType as OrderType];
  const base = {
    id: r.id,
    level: red.level,
    title: red.title,
    summary: red.summary,
    orderType: o.orderType,
    breachIsOffence: info?.breachIsOffence ?? false,
    ownerAgency: row.ownerAgency,
    updatedAt: r.updatedAt,
  };
  if (red.level !== "full") return { ...base, details: withheld(row.ownerAgency) };
  // The detail table holds the current values that lists query; the body carries the lists and the rest.
  const state = stateFromBody(parseBody(r.body), {
    orderType: o.orderType as OrderType,
    status: o.status as OrderStatus,
  } as OrderState);
  const current: OrderState = {
    ...state,
    status: o.status as OrderStatus,
    appliedOn: o.appliedOn,
    hearingOn: o.hearingOn,
    decidedOn: o.decidedOn,
    refusalReason: o.refusalReason,
    expiresOn: o.expiresOn,
  };
  return {
    ...base,
    details: { ...current, statusLabel: orderStatusLabel(current.status), inForce: isInForce(current.status) },
  };
}

/** The case's protective orders the actor may see, in force first, redacted on the server. */
export function listOrders(actor: Actor, caseId: string): OrderView[] {
  return orderRows(actor, caseId)
    .map((row) => toView(actor, row))
    .filter((v): v is OrderView => v !== null);
}

/** Orders in force on the case that the actor may see in full: what a breach can be recorded against. */
export function ordersInForce(
  actor: Actor,
  caseId: string,
): { id: string; label: string; decidedOn: string | null; expiresOn: string | null }[] {
  return listOrders(actor, caseId).flatMap((v) =>
    v.level === "full" && !("withheld" in v.details) && v.details.inForce
      ? [{ id: v.id, label: v.title, decidedOn: v.details.decidedOn, expiresOn: v.details.expiresOn }]
      : [],
  );
}

/** May the actor change this order? Its owning agency's members of the case team (agencies own their records). */
function canChangeOrder(actor: Actor, caseId: string, ownerAgencyId: string): boolean {
  return defineAbilityFor(actor).can("create", asSubject("CaseRecord", { caseId, ownerAgencyId }));
}

/** Refuses an order id that is not an order of this case the actor may see: audited, and a 404 that confirms nothing. */
function requireOrder(actor: Actor, c: CaseRow, recordId: string, auditAction: string) {
  const found =
    recordId.length <= 64
      ? getDb()
          .select({ r: caseRecords })
          .from(protectiveOrders)
          .innerJoin(caseRecords, eq(caseRecords.id, protectiveOrders.recordId))
          .where(eq(protectiveOrders.recordId, recordId))
          .get()
      : undefined;
  if (!found || found.r.caseId !== c.id) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: auditAction,
      subjectType: "CaseRecord",
      subjectId: found ? found.r.id : null,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: found ? "not_on_case" : "not_found" },
    });
    throw notFound();
  }
  // The one check for one record (audited either way); the scoped query below agrees with it.
  authorizeRecord(actor, recordAttributes(found.r, c.chargingReferredAt), {
    need: "summary",
    auditAction,
    subjectType: "CaseRecord",
  });
  const row = orderRows(actor, c.id, recordId)[0];
  if (!row) throw notFound();
  return row;
}

export type OrderVersionView = {
  version: number;
  summary: string;
  state: OrderState;
  change: string;
  changedByName: string;
  replacedAt: string;
};

const CHANGE_LABELS: Record<Change, string> = {
  created: "Recorded",
  status: "Status updated",
  varied: "Varied",
  renewed: "Renewed",
};

/** One order with its earlier versions and the breaches recorded against it. */
export function orderDetail(actor: Actor, caseId: string, recordId: string) {
  const c = requireCase(actor, caseId);
  const row = requireOrder(actor, c, recordId, "order.view");
  const view = toView(actor, row)!;
  const full = view.level === "full";
  const versions: OrderVersionView[] = full
    ? getDb()
        .select()
        .from(recordVersions)
        .where(eq(recordVersions.recordId, recordId))
        .orderBy(desc(recordVersions.version))
        .all()
        .map((v) => {
          const body = parseBody(v.body);
          const change = typeof body.change === "string" ? (body.change as Change) : "created";
          return {
            version: v.version,
            summary: v.summary,
            state: stateFromBody(body, { orderType: row.o.orderType, status: row.o.status } as OrderState),
            change: CHANGE_LABELS[change] ?? change,
            changedByName: typeof body.changedByName === "string" ? body.changedByName : "",
            replacedAt: v.replacedAt,
          };
        })
    : [];
  const body = parseBody(row.r.body);
  const lastChange =
    typeof body.change === "string" ? (CHANGE_LABELS[body.change as Change] ?? String(body.change)) : "Recorded";
  const canChange = full && canChangeOrder(actor, caseId, row.r.ownerAgencyId);
  const status = row.o.status as OrderStatus;
  const breachRows = full
    ? getDb()
        .select({ id: breaches.recordId, occurredOn: breaches.occurredOn, policeAction: breaches.policeAction })
        .from(breaches)
        .innerJoin(caseRecords, eq(caseRecords.id, breaches.recordId))
        .innerJoin(cases, eq(cases.id, caseRecords.caseId))
        .where(
          and(
            eq(breaches.orderRecordId, recordId),
            eq(breaches.caseId, caseId),
            scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
          ),
        )
        .orderBy(desc(breaches.occurredOn))
        .all()
    : [];
  return {
    case: caseHeaderOf(c),
    order: view,
    lastChange: full
      ? {
          change: lastChange,
          by: typeof body.changedByName === "string" ? body.changedByName : "",
          at: row.r.updatedAt,
        }
      : null,
    versions,
    breaches: breachRows,
    canChange,
    nextStatuses: canChange ? STATUS_TRANSITIONS[status].map((s) => ({ value: s, text: ORDER_STATUS_LABELS[s] })) : [],
    canVary: canChange && isInForce(status),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Writes

export type WriteResult =
  { ok: true; id: string } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/** What the "add an order" page needs: the case header and whether the actor may record one. */
export function newOrderPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  return { case: caseHeaderOf(c), canRecord: canAddRecord(actor, c.id, "case_core") };
}

function writeDetail(tx: Tx, recordId: string, caseId: string, s: OrderState): void {
  const values = {
    orderType: s.orderType,
    status: s.status,
    appliedOn: s.appliedOn,
    hearingOn: s.hearingOn,
    decidedOn: s.decidedOn,
    refusalReason: s.refusalReason,
    prohibitions: JSON.stringify(s.prohibitions),
    requirements: JSON.stringify(s.requirements),
    expiresOn: s.expiresOn,
  };
  const exists = tx
    .select({ id: protectiveOrders.recordId })
    .from(protectiveOrders)
    .where(eq(protectiveOrders.recordId, recordId))
    .get();
  if (exists) tx.update(protectiveOrders).set(values).where(eq(protectiveOrders.recordId, recordId)).run();
  else
    tx.insert(protectiveOrders)
      .values({ recordId, caseId, ...values })
      .run();
}

function bodyOf(actor: Actor, s: OrderState, change: Change, now: string): OrderBody {
  return { ...s, change, changedBy: actor.userId, changedByName: actor.name, changedAt: now };
}

/**
 * Records a protective order on the case: a case-core record owned by the recorder's agency, with its detail
 * row, in one transaction. Any case-working member of the team may record one. Access is checked before the
 * input, so a refused case is a 404 whatever was sent.
 */
export function createOrder(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canAddRecord(actor, c.id, "case_core"), "order.create");
  const form = parseSubmitted(values, newOrderSchema(londonToday(now)));
  if (!form.ok) return form;
  const s = form.data;
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "protective_order",
        category: "case_core",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        title: orderLabel(s.orderType),
        summary: orderSummary(s),
        body: bodyOf(actor, s, "created", at),
      },
      at,
    );
    writeDetail(tx, recordId, c.id, s);
    return recordId;
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "order.create",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { orderType: s.orderType, status: s.status },
  });
  return { ok: true, id };
}

/**
 * Updates an order's status, varies it or renews it. The version it replaces is kept whole in record_versions,
 * so no earlier value is ever lost. Only the owning agency's members of the case team may change it.
 */
export function changeOrder(
  actor: Actor,
  caseId: string,
  recordId: string,
  change: OrderChange,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  const row = requireOrder(actor, c, recordId, "order.update");
  const view = toView(actor, row);
  const details = view && !("withheld" in view.details) ? view.details : null;
  requireCaseWrite(actor, c, details !== null && canChangeOrder(actor, c.id, row.r.ownerAgencyId), "order.update");
  const { statusLabel: _label, inForce: _inForce, ...current } = details!;
  const today = londonToday(now);
  if (change !== "status" && !isInForce(current.status))
    return { ok: false, errors: { form: "Only an order in force can be varied or renewed" }, values };
  if (change === "status" && STATUS_TRANSITIONS[current.status].length === 0)
    return {
      ok: false,
      errors: { form: `A ${orderStatusLabel(current.status).toLowerCase()} order cannot change status` },
      values,
    };
  const schema =
    change === "status"
      ? statusSchema(current, today)
      : change === "vary"
        ? varySchema(current, today)
        : renewSchema(current, today);
  const form = parseSubmitted(values, schema);
  if (!form.ok) return form;
  const next = form.data;
  const at = now.toISOString();
  const kind: Change = change === "vary" ? "varied" : change === "renew" ? "renewed" : "status";
  getDb().transaction((tx) => {
    archiveVersion(tx, recordId, at);
    updateCaseRecordContent(tx, recordId, { summary: orderSummary(next), body: bodyOf(actor, next, kind, at) }, at);
    writeDetail(tx, recordId, c.id, next);
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "order.update",
    subjectType: "CaseRecord",
    subjectId: recordId,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { change: kind, from: current.status, to: next.status },
  });
  return { ok: true, id: recordId };
}

/**
 * Keeps the version about to be replaced. Its number is the record's version, or one past the last kept version
 * if the store has not counted versions (updateCaseRecordContent does not change case_records.version).
 */
function archiveVersion(tx: Tx, recordId: string, at: string): void {
  const r = tx.select().from(caseRecords).where(eq(caseRecords.id, recordId)).get();
  if (!r) throw new Error("archiveVersion: no such record");
  const last =
    tx
      .select({ v: sql<number>`coalesce(max(${recordVersions.version}), 0)` })
      .from(recordVersions)
      .where(eq(recordVersions.recordId, recordId))
      .get()?.v ?? 0;
  const body = parseBody(r.body);
  const author =
    typeof body.changedBy === "string" &&
    tx.select({ id: users.id }).from(users).where(eq(users.id, body.changedBy)).get()
      ? body.changedBy
      : r.authorUserId;
  tx.insert(recordVersions)
    .values({
      recordId,
      version: Math.max(r.version, last + 1),
      title: r.title,
      summary: r.summary,
      body: r.body,
      authorUserId: author,
      replacedAt: at,
    })
    .run();
}
