import { and, asc, eq, gte, inArray, lte, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import { addDays, daysUntil } from "~/domain/limitation-deadline";
import {
  escalationFor,
  ORDER_EXPIRY_REVIEW_DAYS,
  type Escalation,
  type EscalationEvent,
} from "~/domain/risk-escalation";
import type { FieldErrors } from "~/forms/parse-form";
import { caseRecords, cases, protectiveOrders, tasks } from "../../db/schema";
import { canAddRecord, requireCase, requireCaseWrite } from "./case-access.server";
import type { Tx } from "./case-record-store.server";
import { notify } from "./notifications.server";
import {
  currentCaseworkTeam,
  dateParts,
  isOfficerInCase,
  parseSubmitted,
  readRequiredDate,
  type Problem,
} from "./orders-common.server";
import { insertTask } from "./tasks.server";

/** A risk review is due within this many days of the event that called for it. */
export const RISK_REVIEW_DAYS = 3;
/** The task source of a review opened because a protective order is ending. */
const ORDER_EXPIRY_SOURCE = "order_expiry";

/**
 * Opens a risk review task for the case team when an event means risk has changed (app/domain/risk-escalation.ts):
 * owned by the officer in the case (or whoever recorded the event), every other current team member told. One
 * open review per source record, so the same event never opens two. Returns the push to call after commit.
 */
export function openRiskReview(
  tx: Tx,
  c: { id: string; reference: string },
  event: EscalationEvent,
  o: { createdBy: string; sourceRecordId?: string | null; source: string },
  now = new Date(),
): (() => void) | null {
  const escalation: Escalation | null = escalationFor(event);
  if (!escalation) return null;
  if (o.sourceRecordId) {
    const open = tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.caseId, c.id), eq(tasks.source, o.source), eq(tasks.sourceRecordId, o.sourceRecordId)))
      .get();
    if (open) return null;
  }
  const team = currentCaseworkTeam(c.id);
  const owner = team.find((m) => isOfficerInCase(m.roleInCase))?.userId ?? o.createdBy;
  const at = now.toISOString();
  insertTask(
    tx,
    {
      caseId: c.id,
      title: escalation.reason,
      ownerUserId: owner,
      dueOn: addDays(londonToday(now), RISK_REVIEW_DAYS),
      source: o.source,
      sourceRecordId: o.sourceRecordId ?? null,
      createdBy: o.createdBy,
    },
    at,
  );
  return notify(
    tx,
    team.map((m) => m.userId).filter((id) => id !== o.createdBy),
    {
      kind: "risk_review",
      text: `Risk review needed on case ${c.reference}`,
      href: `/cases/${c.id}/tasks`,
      caseId: c.id,
    },
    at,
  );
}

const ReleaseSchema = z.object(dateParts("releasedOn")).superRefine((v, ctx) => {
  const problem: Problem = (path, message) => ctx.addIssue({ code: "custom", path: [path], message });
  const on = readRequiredDate(
    v as Record<string, string>,
    "releasedOn",
    "Date of release",
    problem,
    "Enter the date of release",
  );
  if (on && on > londonToday(new Date())) problem("releasedOn", "Date of release must be today or in the past");
});

/**
 * "Released from custody" on the Risk page: anyone on the case team who records case core (police) or perpetrator
 * details (probation, prison, health) may record it; it opens a review. Audited.
 */
export function recordReleaseFromCustody(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> } {
  const c = requireCase(actor, caseId);
  requireCaseWrite(
    actor,
    c,
    canAddRecord(actor, c.id, "perpetrator") || canAddRecord(actor, c.id, "case_core"),
    "risk.release_from_custody",
  );
  const form = parseSubmitted(values, ReleaseSchema);
  if (!form.ok) return form;
  const releasedOn = [values["releasedOn-year"], values["releasedOn-month"], values["releasedOn-day"]].join("-");
  const push = getDb().transaction((tx) =>
    openRiskReview(
      tx,
      c,
      { kind: "release_from_custody" },
      { createdBy: actor.userId, source: "release_from_custody" },
      now,
    ),
  );
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "risk.release_from_custody",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { releasedOn },
  });
  push?.();
  return { ok: true };
}

/**
 * The sweep's part (run with the deadline sweep): a granted order ending within ORDER_EXPIRY_REVIEW_DAYS opens a
 * review once (keyed on the order), so protection does not lapse unnoticed. Orders that already have their review
 * are left out in SQL; at most `limit` are handled, in one transaction (the sweep drains a backlog batch by batch).
 */
export function openOrderExpiryReviews(
  now = new Date(),
  limit = Number.MAX_SAFE_INTEGER,
): { opened: number; examined: number } {
  const db = getDb();
  const today = londonToday(now);
  // First the batch, from the covering indexes alone (protective_orders_expiry, tasks_source_record); then the
  // case and author of those few. One query joining first read every order in the window from a large database
  // for each batch: 90 ms a batch at 100,000 cases, against about 1 ms.
  const due = db
    .select({
      recordId: protectiveOrders.recordId,
      caseId: protectiveOrders.caseId,
      expiresOn: protectiveOrders.expiresOn,
    })
    .from(protectiveOrders)
    .where(
      and(
        inArray(protectiveOrders.status, ["granted", "varied", "renewed"]),
        gte(protectiveOrders.expiresOn, today),
        lte(protectiveOrders.expiresOn, addDays(today, ORDER_EXPIRY_REVIEW_DAYS)),
        // The order's record id names one order of one case, so the task's case need not be compared.
        notExists(
          db
            .select({ one: sql`1` })
            .from(tasks)
            .where(and(eq(tasks.sourceRecordId, protectiveOrders.recordId), eq(tasks.source, ORDER_EXPIRY_SOURCE))),
        ),
      ),
    )
    .orderBy(asc(protectiveOrders.expiresOn), asc(protectiveOrders.recordId))
    .limit(limit)
    .all();
  const details = new Map(
    (due.length
      ? db
          .select({ recordId: caseRecords.id, reference: cases.reference, author: caseRecords.authorUserId })
          .from(caseRecords)
          .innerJoin(cases, eq(cases.id, caseRecords.caseId))
          .where(
            inArray(
              caseRecords.id,
              due.map((o) => o.recordId),
            ),
          )
          .all()
      : []
    ).map((d) => [d.recordId, d]),
  );
  const ending = due.flatMap((o) => {
    const d = details.get(o.recordId);
    return d ? [{ ...o, reference: d.reference, author: d.author }] : [];
  });
  const pushes = db.transaction((tx) =>
    ending.map((o) =>
      openRiskReview(
        tx,
        { id: o.caseId, reference: o.reference },
        { kind: "order_expiring", daysLeft: daysUntil(o.expiresOn!, today) },
        { createdBy: o.author, source: ORDER_EXPIRY_SOURCE, sourceRecordId: o.recordId },
        now,
      ),
    ),
  );
  let opened = 0;
  for (const push of pushes) {
    if (!push) continue;
    opened += 1;
    push();
  }
  return { opened, examined: ending.length };
}
