import { and, asc, eq, isNotNull, isNull, lt, lte, ne, notExists, or, sql } from "drizzle-orm";
import { actionRecipients } from "~/access/action-recipients.server";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import { caseRecords, emailOutbox, meetingActions, riskAssessments, users } from "../../db/schema";
import { notify } from "./notifications.server";

/*
 * Reminders the deadlines sweep sends (issue 19): a meeting action past its due date (to its owner, or for an action
 * owned by an agency to those it reaches there), and a signed-off
 * risk assessment whose review is due within REVIEW_NOTICE_DAYS (to its author). Each is told once per due date:
 * the notification's key (`notify()`), which the outbox's unique index keeps, and the query leaves out what has
 * been told already, so a sweep with nothing new reads almost nothing. At most `limit` of each per call.
 */

export const REVIEW_NOTICE_DAYS = 7;

const told = (key: ReturnType<typeof sql>) =>
  notExists(
    getDb()
      .select({ one: sql`1` })
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, key)),
  );

export function sendDueReminders(
  now = new Date(),
  limit = Number.MAX_SAFE_INTEGER,
): { overdueActions: number; reviewsDue: number; examined: number } {
  const db = getDb();
  const today = londonToday(now);
  const at = now.toISOString();
  const actions = db
    .select({
      id: meetingActions.id,
      caseId: meetingActions.caseId,
      dueOn: meetingActions.dueOn,
      owner: meetingActions.ownerUserId,
    })
    .from(meetingActions)
    .innerJoin(users, eq(users.id, meetingActions.ownerUserId))
    .where(
      and(
        eq(meetingActions.status, "open"),
        lt(meetingActions.dueOn, today),
        isNotNull(meetingActions.ownerUserId),
        eq(users.status, "active"),
        told(
          sql`'action_overdue:' || ${meetingActions.id} || ':' || ${meetingActions.dueOn} || ':' || ${meetingActions.ownerUserId}`,
        ),
      ),
    )
    .orderBy(asc(meetingActions.dueOn))
    .limit(limit)
    .all();
  const reviews = db
    .select({
      id: riskAssessments.recordId,
      caseId: riskAssessments.caseId,
      dueOn: riskAssessments.reviewDueOn,
      author: caseRecords.authorUserId,
    })
    .from(riskAssessments)
    .innerJoin(caseRecords, eq(caseRecords.id, riskAssessments.recordId))
    .innerJoin(users, eq(users.id, caseRecords.authorUserId))
    .where(
      and(
        eq(riskAssessments.state, "signed_off"),
        isNotNull(riskAssessments.reviewDueOn),
        lte(riskAssessments.reviewDueOn, addDays(today, REVIEW_NOTICE_DAYS)),
        isNull(caseRecords.retractedAt),
        eq(users.status, "active"),
        told(
          sql`'review_due:' || ${riskAssessments.recordId} || ':' || ${riskAssessments.reviewDueOn} || ':' || ${caseRecords.authorUserId}`,
        ),
      ),
    )
    .orderBy(asc(riskAssessments.reviewDueOn))
    .limit(limit)
    .all();
  // An action owned by an agency: claimed for its due date on the row (so an agency with nobody to tell is not read
  // again every sweep), and told to those it reaches there (app/access/action-recipients.server.ts).
  const agencyActions = db
    .select({
      id: meetingActions.id,
      meetingId: meetingActions.meetingId,
      caseId: meetingActions.caseId,
      dueOn: meetingActions.dueOn,
      ownerAgencyId: meetingActions.ownerAgencyId,
    })
    .from(meetingActions)
    .where(
      and(
        eq(meetingActions.status, "open"),
        lt(meetingActions.dueOn, today),
        isNull(meetingActions.ownerUserId),
        isNotNull(meetingActions.ownerAgencyId),
        or(isNull(meetingActions.overdueToldOn), ne(meetingActions.overdueToldOn, meetingActions.dueOn)),
      ),
    )
    .orderBy(asc(meetingActions.dueOn))
    .limit(limit)
    .all();
  const pushes = db.transaction((tx) => [
    ...actions.map((a) =>
      notify(
        tx,
        [a.owner!],
        {
          kind: "action_overdue",
          text: "An action from a meeting assigned to you is past its due date.",
          href: "/",
          caseId: a.caseId,
          key: `action_overdue:${a.id}:${a.dueOn}`,
        },
        at,
      ),
    ),
    ...agencyActions.map((a) => {
      tx.update(meetingActions)
        .set({ overdueToldOn: a.dueOn })
        .where(and(eq(meetingActions.id, a.id), eq(meetingActions.dueOn, a.dueOn)))
        .run();
      return notify(
        tx,
        actionRecipients({ ownerUserId: null, ownerAgencyId: a.ownerAgencyId }, a.caseId),
        {
          kind: "action_overdue",
          text: "An action from a meeting for your agency is past its due date.",
          href: `/meetings/${a.meetingId}/actions/${a.id}`,
          caseId: a.caseId,
          key: `action_overdue:${a.id}:${a.dueOn}`,
        },
        at,
      );
    }),
    ...reviews.map((r) =>
      notify(
        tx,
        [r.author],
        {
          kind: "review_due",
          text: "A risk assessment you wrote is due for review.",
          href: `/cases/${r.caseId}/risk/${r.id}`,
          caseId: r.caseId,
          key: `review_due:${r.id}:${r.dueOn}`,
        },
        at,
      ),
    ),
  ]);
  for (const push of pushes) push();
  return {
    overdueActions: actions.length + agencyActions.length,
    reviewsDue: reviews.length,
    examined: Math.max(actions.length, agencyActions.length, reviews.length),
  };
}
