import { and, asc, eq, isNotNull, isNull, lt, lte, notExists, sql } from "drizzle-orm";
import { getDb } from "~/db.server";
import { londonToday } from "~/domain/expiry-date";
import { addDays } from "~/domain/limitation-deadline";
import { caseRecords, emailOutbox, meetingActions, riskAssessments, users } from "../../db/schema";
import { notify } from "./notifications.server";

/*
 * Reminders the deadlines sweep sends (issue 19): a meeting action past its due date (to its owner), and a signed-off
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

export function sendDueReminders(now = new Date(), limit = Number.MAX_SAFE_INTEGER): { overdueActions: number; reviewsDue: number; examined: number } {
  const db = getDb();
  const today = londonToday(now);
  const at = now.toISOString();
  const actions = db
    .select({ id: meetingActions.id, caseId: meetingActions.caseId, dueOn: meetingActions.dueOn, owner: meetingActions.ownerUserId })
    .from(meetingActions)
    .innerJoin(users, eq(users.id, meetingActions.ownerUserId))
    .where(and(eq(meetingActions.status, "open"), lt(meetingActions.dueOn, today), isNotNull(meetingActions.ownerUserId), eq(users.status, "active"), told(sql`'action_overdue:' || ${meetingActions.id} || ':' || ${meetingActions.dueOn} || ':' || ${meetingActions.ownerUserId}`)))
    .orderBy(asc(meetingActions.dueOn))
    .limit(limit)
    .all();
  const reviews = db
    .select({ id: riskAssessments.recordId, caseId: riskAssessments.caseId, dueOn: riskAssessments.reviewDueOn, author: caseRecords.authorUserId })
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
        told(sql`'review_due:' || ${riskAssessments.recordId} || ':' || ${riskAssessments.reviewDueOn} || ':' || ${caseRecords.authorUserId}`),
      ),
    )
    .orderBy(asc(riskAssessments.reviewDueOn))
    .limit(limit)
    .all();
  const pushes = db.transaction((tx) => [
    ...actions.map((a) => notify(tx, [a.owner!], { kind: "action_overdue", text: "An action from a meeting assigned to you is past its due date.", href: "/", caseId: a.caseId, key: `action_overdue:${a.id}:${a.dueOn}` }, at)),
    ...reviews.map((r) => notify(tx, [r.author], { kind: "review_due", text: "A risk assessment you wrote is due for review.", href: `/cases/${r.caseId}/risk/${r.id}`, caseId: r.caseId, key: `review_due:${r.id}:${r.dueOn}` }, at)),
  ]);
  for (const push of pushes) push();
  return { overdueActions: actions.length, reviewsDue: reviews.length, examined: Math.max(actions.length, reviews.length) };
}
