// Pure rules for protective orders, SPO considerations, breaches and tasks. Dates are London calendar dates
// (yyyy-mm-dd); "today" is passed in, so these never read the clock.
import { IN_FORCE_STATUSES, type OrderStatus } from "./protective-orders";

export const ORDER_LIST_MAX_ITEMS = 20;
export const ORDER_LIST_ITEM_MAX = 300;
export const ORDER_LIST_HINT = `One per line: up to ${ORDER_LIST_MAX_ITEMS} lines of up to ${ORDER_LIST_ITEM_MAX} characters each.`;

/**
 * Prohibitions or positive requirements typed one per line: blank lines dropped, each line trimmed. At most
 * 20 lines of 300 characters, so a list stays a list and not a pasted document.
 */
export function parseOrderLines(
  text: string,
  label: string,
): { ok: true; lines: string[] } | { ok: false; message: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > ORDER_LIST_MAX_ITEMS)
    return { ok: false, message: `${label} must be ${ORDER_LIST_MAX_ITEMS} lines or fewer` };
  const long = lines.findIndex((l) => l.length > ORDER_LIST_ITEM_MAX);
  if (long !== -1)
    return { ok: false, message: `${label}: line ${long + 1} must be ${ORDER_LIST_ITEM_MAX} characters or fewer` };
  return { ok: true, lines };
}

/** A calendar date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Statuses an order can move to with "Update status". Variation and renewal are their own actions. */
export const STATUS_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  applied: ["hearing_listed", "granted", "refused"],
  // A relisted hearing stays "hearing listed" with a new date.
  hearing_listed: ["hearing_listed", "granted", "refused"],
  granted: ["expired", "discharged"],
  varied: ["expired", "discharged"],
  // A refused order is final here: a new application is a new order.
  refused: [],
  expired: [],
  discharged: [],
};

/** Statuses an order may be recorded in when it is first added. */
export const INITIAL_ORDER_STATUSES: readonly OrderStatus[] = ["applied", "hearing_listed", "granted", "refused"];

export function isInForce(status: string): boolean {
  return (IN_FORCE_STATUSES as readonly string[]).includes(status);
}

export type OrderDates = {
  appliedOn: string | null;
  hearingOn: string | null;
  decidedOn: string | null;
  expiresOn: string | null;
};

/**
 * Checks an order's dates against its status: applied and decided in the past (not the future), a decision not
 * before the application, an expiry after the decision, a hearing date when one is listed, a decision date
 * once granted or refused. Returns messages by field.
 */
export function orderDateProblems(status: OrderStatus, d: OrderDates, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (d.appliedOn && d.appliedOn > today) errors.appliedOn = "Application date must be today or in the past";
  if (status === "hearing_listed" && !d.hearingOn) errors.hearingOn = "Enter the hearing date";
  if (d.hearingOn && d.appliedOn && d.hearingOn < d.appliedOn)
    errors.hearingOn = "Hearing date must be on or after the application date";
  if ((status === "granted" || status === "refused") && !d.decidedOn)
    errors.decidedOn = "Enter the date of the court's decision";
  if (d.decidedOn && d.decidedOn > today) errors.decidedOn = "Decision date must be today or in the past";
  else if (d.decidedOn && d.appliedOn && d.decidedOn < d.appliedOn)
    errors.decidedOn = "Decision date must be on or after the application date";
  if (d.expiresOn && d.decidedOn && d.expiresOn <= d.decidedOn)
    errors.expiresOn = "Expiry date must be after the decision date";
  if (d.expiresOn && status === "refused") errors.expiresOn = "A refused order has no expiry date";
  return errors;
}

/** A breach happens while the order binds: not in the future and not before the order was made. */
export function breachDateProblem(occurredOn: string, today: string, orderDecidedOn: string | null): string | null {
  if (occurredOn > today) return "Date of the breach must be today or in the past";
  if (orderDecidedOn && occurredOn < orderDecidedOn)
    return "Date of the breach must be on or after the date the order was made";
  return null;
}

/** Police action taken on a breach: its date is needed once something was done, and follows the breach. */
export function policeActionDateProblem(
  action: string,
  actionOn: string | null,
  occurredOn: string | null,
  today: string,
): string | null {
  const needsDate = action !== "under_investigation" && action !== "no_action";
  if (needsDate && !actionOn) return "Enter the date of the police action";
  if (actionOn && actionOn > today) return "Date of the police action must be today or in the past";
  if (actionOn && occurredOn && actionOn < occurredOn)
    return "Date of the police action must be on or after the breach";
  return null;
}

/** Recommendation 13: the instant before which a case created without an SPO consideration is outstanding. */
export function spoOutstandingBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** Days a task is past its due date (0 when not overdue). */
export function daysOverdue(dueOn: string, today: string): number {
  if (dueOn >= today) return 0;
  const [a, b] = [Date.parse(`${dueOn}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`)];
  return Math.round((b - a) / 86_400_000);
}
