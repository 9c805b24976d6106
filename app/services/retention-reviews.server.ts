import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can, notFound } from "~/access/gate.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/limitation-deadline";
import {
  LEGAL_HOLD_KINDS,
  LEGAL_HOLD_KIND_LABELS,
  RETENTION_ACTION_LABELS,
  RETENTION_DECISIONS,
  RETENTION_TRIGGER_LABELS,
  type LegalHoldKind,
  type RetentionAction,
  type RetentionTrigger,
} from "~/domain/retention";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { logger } from "~/logger.server";
import { logDisposal } from "./disposal-log.server";
import { disposeRecord } from "./record-disposal.server";
import { deleteStoredFiles } from "./record-files-disposal.server";

/*
 * The review queue of each owning agency's data protection lead, the decisions on it, and legal holds (issue 21,
 * decision 0051). The lead decides from the record's envelope (case, kind, category, dates, schedule), never its
 * content: they are not a case worker. Every decision and every hold is audited.
 */

export const QUEUE_PAGE = 50;

export type QueueItem = {
  id: string;
  caseId: string;
  caseReference: string;
  recordId: string;
  kind: string;
  categoryLabel: string;
  recordCreatedAt: string;
  triggerLabel: string;
  triggeredOn: string;
  periodMonths: number;
  dueOn: string;
  proposedAction: RetentionAction;
  proposedActionLabel: string;
  onLegalHold: boolean;
};

/** The pending reviews of the lead's own agency, longest overdue first, 50 to a page. */
export function reviewQueue(
  actor: Actor,
  page = 1,
): { items: QueueItem[]; total: number; page: number; pages: number } {
  authorize(actor, "decide", "RetentionReview", { ownerAgencyId: actor.agencyId });
  const sqlite = getDb().$client;
  const total = (
    sqlite
      .prepare(`SELECT count(*) AS n FROM retention_reviews WHERE owner_agency_id = ? AND status = 'pending'`)
      .get(actor.agencyId) as { n: number }
  ).n;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const items = queueRows(
    `v.owner_agency_id = ? AND v.status = 'pending'`,
    [actor.agencyId],
    `ORDER BY v.due_on, v.id LIMIT ${QUEUE_PAGE} OFFSET ${(current - 1) * QUEUE_PAGE}`,
  );
  return { items, total, page: current, pages };
}

/** One pending review of the lead's own agency (404 for anything else: decided, another agency's, no such review). */
export function getReview(actor: Actor, reviewId: string): QueueItem {
  const row = getDb()
    .$client.prepare(`SELECT owner_agency_id AS ownerAgencyId, status FROM retention_reviews WHERE id = ?`)
    .get(reviewId) as { ownerAgencyId: string; status: string } | undefined;
  if (
    !row ||
    row.status !== "pending" ||
    !can(actor, "decide", "RetentionReview", { ownerAgencyId: row.ownerAgencyId })
  ) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "retention.review.read",
      outcome: "denied",
      subjectType: "RetentionReview",
      subjectId: reviewId,
    });
    throw notFound();
  }
  return queueRows(`v.id = ?`, [reviewId])[0]!;
}

type QueueRow = Omit<QueueItem, "categoryLabel" | "triggerLabel" | "proposedActionLabel" | "onLegalHold"> & {
  category: string;
  trigger: RetentionTrigger;
  onLegalHold: number;
};

function queueRows(where: string, params: unknown[], tail = ""): QueueItem[] {
  const rows = getDb()
    .$client.prepare(
      `SELECT v.id, v.case_id AS caseId, c.reference AS caseReference, v.record_id AS recordId, r.kind, r.category, r.created_at AS recordCreatedAt,
              v."trigger" AS "trigger", v.triggered_on AS triggeredOn, v.period_months AS periodMonths, v.due_on AS dueOn, v.proposed_action AS proposedAction,
              EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = v.case_id AND h.lifted_at IS NULL) AS onLegalHold
         FROM retention_reviews v JOIN cases c ON c.id = v.case_id JOIN case_records r ON r.id = v.record_id
        WHERE ${where} ${tail}`,
    )
    .all(...params) as QueueRow[];
  return rows.map(({ category, trigger, onLegalHold, ...row }) => ({
    ...row,
    categoryLabel: CATEGORY_LABELS[category as Category] ?? category,
    triggerLabel: RETENTION_TRIGGER_LABELS[trigger] ?? trigger,
    proposedActionLabel: RETENTION_ACTION_LABELS[row.proposedAction] ?? row.proposedAction,
    onLegalHold: onLegalHold === 1,
  }));
}

const reasonField = z
  .string({ required_error: "Enter the reason for your decision" })
  .trim()
  .min(1, "Enter the reason for your decision")
  .max(1000, "The reason must be 1000 characters or fewer");

export const DecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({
      decision: z.literal("retain"),
      reason: reasonField,
      retainUntil: dateField("The date to review it again", "Enter the date to review it again"),
    }),
    z.object({ decision: z.literal("anonymise"), reason: reasonField }),
    z.object({ decision: z.literal("delete"), reason: reasonField }),
  ],
  { errorMap: () => ({ message: "Select retain, anonymise or delete" }) },
);

type Failure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * The lead's decision on one pending review of their agency. Retaining needs a reason and a later review date;
 * anonymising or deleting is refused while the case is under a legal hold (audited). Decided reviews cannot be
 * decided again (404, as for another agency's).
 */
export async function decideReview(
  actor: Actor,
  reviewId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): Promise<{ ok: true; decision: (typeof RETENTION_DECISIONS)[number] } | Failure> {
  const sqlite = getDb().$client;
  const review = sqlite
    .prepare(
      `SELECT id, record_id AS recordId, case_id AS caseId, owner_agency_id AS ownerAgencyId, schedule_id AS scheduleId, status FROM retention_reviews WHERE id = ?`,
    )
    .get(reviewId) as
    | { id: string; recordId: string; caseId: string; ownerAgencyId: string; scheduleId: string; status: string }
    | undefined;
  if (
    !review ||
    review.status !== "pending" ||
    !can(actor, "decide", "RetentionReview", { ownerAgencyId: review.ownerAgencyId })
  ) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "retention.review.decide",
      outcome: "denied",
      subjectType: "RetentionReview",
      subjectId: reviewId,
    });
    throw notFound();
  }
  const parsed = parseValues(
    withDateParts(values, values.decision === "retain" ? ["retainUntil"] : []) as Record<string, string | string[]>,
    DecisionSchema,
  );
  if (!parsed.ok) return { ...parsed, values };
  const input = parsed.data;
  const today = londonDate(now);
  if (input.decision === "retain" && input.retainUntil <= today)
    return { ok: false, errors: { retainUntil: "The date to review it again must be in the future" }, values };
  if (input.decision !== "retain" && activeHold(review.caseId)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "retention.review.decide",
      outcome: "denied",
      subjectType: "RetentionReview",
      subjectId: reviewId,
      caseId: review.caseId,
      detail: { decision: input.decision, refusal: "legal_hold" },
    });
    return {
      ok: false,
      errors: {
        decision:
          "This case is under a legal hold: nothing on it may be anonymised or deleted until the hold is lifted",
      },
      values,
    };
  }
  const at = now.toISOString();
  const status = input.decision === "retain" ? "retained" : input.decision === "anonymise" ? "anonymised" : "deleted";
  let fileAddresses: string[] = [];
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `UPDATE retention_reviews SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?, retain_until = ? WHERE id = ? AND status = 'pending'`,
        )
        .run(status, actor.userId, at, input.reason, input.decision === "retain" ? input.retainUntil : null, reviewId);
      if (input.decision === "retain")
        sqlite.prepare(`UPDATE case_records SET retain_until = ? WHERE id = ?`).run(input.retainUntil, review.recordId);
      else {
        const disposed = disposeRecord(sqlite, {
          recordId: review.recordId,
          disposal: status as "anonymised" | "deleted",
          by: actor.userId,
          reviewId,
          now,
        });
        fileAddresses = disposed.fileAddresses;
        for (const personId of disposed.peopleDisposed)
          audit({
            actorUserId: actor.userId,
            actorAgencyId: actor.agencyId,
            action: "retention.person.dispose",
            outcome: "done",
            subjectType: "Person",
            subjectId: personId,
            caseId: review.caseId,
            detail: { reviewId },
          });
      }
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: `retention.review.${input.decision}`,
        outcome: "done",
        subjectType: "CaseRecord",
        subjectId: review.recordId,
        caseId: review.caseId,
        detail: {
          reviewId,
          scheduleId: review.scheduleId,
          ...(input.decision === "retain" ? { retainUntil: input.retainUntil } : { files: fileAddresses.length }),
        },
      });
    })
    .immediate();
  if (input.decision !== "retain") {
    // Outside the database, so a restore from an older backup can dispose of the record again (decision 0057). A
    // failure here is caught up from the database at the next start-up (catchUpDisposalLog).
    try {
      logDisposal(reviewId);
    } catch (error) {
      logger.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        "disposal log not written: it is caught up at the next start-up",
      );
    }
  }
  await deleteStoredFiles(fileAddresses);
  return { ok: true, decision: input.decision };
}

function activeHold(caseId: string): boolean {
  return (
    getDb().$client.prepare(`SELECT 1 FROM legal_holds WHERE case_id = ? AND lifted_at IS NULL LIMIT 1`).get(caseId) !==
    undefined
  );
}

// --- Legal holds.

export type HoldRow = {
  id: string;
  caseId: string;
  caseReference: string;
  kind: LegalHoldKind;
  kindLabel: string;
  reason: string;
  placedAt: string;
  placedByName: string;
  placedByAgency: string;
  canLift: boolean;
};

/** Holds in force on every case (a hold names a case and why, nothing of its content). */
export function listLegalHolds(actor: Actor): HoldRow[] {
  authorize(actor, "read", "LegalHold");
  const rows = getDb()
    .$client.prepare(
      `SELECT h.id, h.case_id AS caseId, c.reference AS caseReference, h.kind, h.reason, h.placed_at AS placedAt, u.name AS placedByName, a.name AS placedByAgency,
              h.placed_by_agency_id AS placedByAgencyId
         FROM legal_holds h JOIN cases c ON c.id = h.case_id JOIN users u ON u.id = h.placed_by JOIN agencies a ON a.id = h.placed_by_agency_id
        WHERE h.lifted_at IS NULL ORDER BY h.placed_at DESC`,
    )
    .all() as (Omit<HoldRow, "kindLabel" | "canLift"> & { placedByAgencyId: string })[];
  return rows.map(({ placedByAgencyId, ...row }) => ({
    ...row,
    kindLabel: LEGAL_HOLD_KIND_LABELS[row.kind] ?? row.kind,
    canLift: can(actor, "update", "LegalHold", { placedByAgencyId }),
  }));
}

export const HoldSchema = z.object({
  caseReference: z
    .string({ required_error: "Enter the case reference" })
    .trim()
    .toUpperCase()
    .min(1, "Enter the case reference")
    .regex(/^NS-\d{4}-\d{5}$/, "Enter the case reference as on the case, like NS-2026-00001"),
  kind: z.enum(LEGAL_HOLD_KINDS, { errorMap: () => ({ message: "Select why the case is held" }) }),
  reason: z
    .string({ required_error: "Enter the details of the hold" })
    .trim()
    .min(1, "Enter the details of the hold")
    .max(1000, "The details must be 1000 characters or fewer"),
});

/** A data protection lead places a hold on a case by its reference; from then on nothing on it is disposed of. */
export function placeLegalHold(
  actor: Actor,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true; id: string } | Failure {
  authorize(actor, "create", "LegalHold");
  const parsed = parseValues(values, HoldSchema);
  if (!parsed.ok) return parsed;
  const sqlite = getDb().$client;
  const found = sqlite.prepare(`SELECT id FROM cases WHERE reference = ?`).get(parsed.data.caseReference) as
    { id: string } | undefined;
  if (!found) return { ok: false, errors: { caseReference: "There is no case with this reference" }, values };
  const id = randomUUID();
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `INSERT INTO legal_holds (id, case_id, kind, reason, placed_by, placed_by_agency_id, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, found.id, parsed.data.kind, parsed.data.reason, actor.userId, actor.agencyId, now.toISOString());
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "legal_hold.place",
        outcome: "done",
        subjectType: "LegalHold",
        subjectId: id,
        caseId: found.id,
        detail: { kind: parsed.data.kind },
      });
    })
    .immediate();
  return { ok: true, id };
}

export const LiftSchema = z.object({
  liftReason: z
    .string({ required_error: "Enter why the hold is lifted" })
    .trim()
    .min(1, "Enter why the hold is lifted")
    .max(1000, "The reason must be 1000 characters or fewer"),
});

/** The agency that placed a hold lifts it, with a reason. */
export function liftLegalHold(
  actor: Actor,
  holdId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true } | Failure {
  const sqlite = getDb().$client;
  const hold = sqlite
    .prepare(
      `SELECT id, case_id AS caseId, placed_by_agency_id AS placedByAgencyId FROM legal_holds WHERE id = ? AND lifted_at IS NULL`,
    )
    .get(holdId) as { id: string; caseId: string; placedByAgencyId: string } | undefined;
  if (!hold) throw notFound();
  authorize(actor, "update", "LegalHold", { id: holdId, placedByAgencyId: hold.placedByAgencyId });
  const parsed = parseValues(values, LiftSchema);
  if (!parsed.ok) return parsed;
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `UPDATE legal_holds SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL`,
        )
        .run(now.toISOString(), actor.userId, parsed.data.liftReason, holdId);
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "legal_hold.lift",
        outcome: "done",
        subjectType: "LegalHold",
        subjectId: holdId,
        caseId: hold.caseId,
      });
    })
    .immediate();
  return { ok: true };
}
