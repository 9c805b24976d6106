import { BEHAVIOUR_LABELS, ESCALATING_BEHAVIOURS, type Behaviour } from "./behaviours";

// Events that mean risk has changed and the case's risk assessments must be reviewed (issue 5, DOMAIN.md: a
// breach of any protective measure is a marker of elevated risk). Pure: the caller opens the review task.

/** An order expiring within this many days opens a review, so protection is not lost by default. */
export const ORDER_EXPIRY_REVIEW_DAYS = 14;

export type EscalationEvent =
  | { kind: "breach" }
  | { kind: "incident"; behaviours: readonly string[] }
  | { kind: "release_from_custody" }
  | { kind: "order_expiring"; daysLeft: number }
  | { kind: "order_expired" };

export type Escalation = { reason: string };

/** The review task an event calls for, or null when the event does not mean risk has changed. */
export function escalationFor(event: EscalationEvent): Escalation | null {
  switch (event.kind) {
    case "breach":
      return { reason: "Review risk: breach of a protective order recorded" };
    case "incident": {
      const found = ESCALATING_BEHAVIOURS.filter((b) => event.behaviours.includes(b));
      if (found.length === 0) return null;
      const names = found.map((b: Behaviour) => BEHAVIOUR_LABELS[b].toLowerCase()).join(" and ");
      return { reason: `Review risk: new incident with ${names} recorded` };
    }
    case "release_from_custody":
      return { reason: "Review risk: perpetrator released from custody" };
    case "order_expiring": {
      const days = event.daysLeft;
      if (!Number.isInteger(days) || days > ORDER_EXPIRY_REVIEW_DAYS) return null;
      // Already past its end: the same review as an expired order.
      if (days < 0) return { reason: "Review risk: a protective order has expired" };
      const when = days === 0 ? "today" : days === 1 ? "in 1 day" : `in ${days} days`;
      return { reason: `Review risk: a protective order expires ${when}` };
    }
    case "order_expired":
      return { reason: "Review risk: a protective order has expired" };
  }
}
