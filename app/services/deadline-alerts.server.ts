import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, notExists, sql } from "drizzle-orm";
import { AGENCY_CHARGING_DEADLINE_FOLLOWERS } from "~/access/workflow-roles";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { addDays, alertBand, daysLeftText, daysUntil, DEADLINE_BANDS } from "~/domain/limitation-deadline";
import { logger } from "~/logger.server";
import { caseMembers, caseRecords, cases, deadlineAlerts, offences, userRoles, users } from "../../db/schema";
import { notify } from "./notifications.server";
import { openOrderExpiryReviews } from "./risk-review-triggers.server";
import { refreshOversightSums } from "./oversight-sums.server";
import { drainInBatches, startSweep } from "./sweeps.server";
import { sendDueReminders } from "./due-reminders.server";

/**
 * "Deadline approaching" notifications: for each summary-only offence still under investigation whose last day to
 * charge is 28, 14 or 7 days away or nearer, tell the officer in the case and the lead agency's police
 * supervisors (the people whose home pages list it) once per band. The deadline_alerts row is written in the
 * same transaction as the notifications, and its primary key makes a repeated sweep, or a second node, a no-op.
 * Only people who may read the offence record in full are told; the text carries the case reference, the
 * offence's title and the day, which such a reader sees on the case anyway.
 *
 * Offences already told of in their current band are left out in SQL, so a sweep with nothing new reads almost
 * nothing; at most `limit` are handled, in one transaction (the sweep drains a backlog batch by batch, giving the
 * event loop back between batches). `examined` is how many were taken up, each now claimed.
 */
export function sendDeadlineAlerts(
  now = new Date(),
  limit = Number.MAX_SAFE_INTEGER,
): { alerts: number; notified: number; examined: number } {
  const db = getDb();
  const today = londonToday(now);
  const daysLeft = sql`CAST(julianday(${offences.lastDayToCharge}) - julianday(${today}) AS INTEGER)`;
  const band = sql.join(
    [sql`CASE`, ...DEADLINE_BANDS.map((b) => sql`WHEN ${daysLeft} <= ${b} THEN ${b}`), sql`END`],
    sql` `,
  );
  const due = db
    .select({
      r: caseRecords,
      chargingReferredAt: cases.chargingReferredAt,
      caseReference: cases.reference,
      leadAgencyId: cases.leadAgencyId,
      lastDay: offences.lastDayToCharge,
    })
    .from(offences)
    .innerJoin(caseRecords, eq(caseRecords.id, offences.recordId))
    .innerJoin(cases, eq(cases.id, offences.caseId))
    .where(
      and(
        eq(offences.summaryOnly, true),
        eq(offences.status, "under_investigation"),
        isNotNull(offences.lastDayToCharge),
        gte(offences.lastDayToCharge, today),
        lte(offences.lastDayToCharge, addDays(today, Math.max(...DEADLINE_BANDS))),
        isNull(caseRecords.retractedAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(deadlineAlerts)
            .where(
              and(
                eq(deadlineAlerts.recordId, offences.recordId),
                eq(deadlineAlerts.lastDayToCharge, offences.lastDayToCharge),
                eq(deadlineAlerts.band, band),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(offences.lastDayToCharge), asc(offences.recordId))
    .limit(limit)
    .all();
  let alerts = 0;
  let notified = 0;
  const sentAt = now.toISOString();
  // Who may read what is the same for every offence of the batch: each watcher's Actor is loaded once.
  const actors = new Map<string, Actor | null>();
  const actorOf = (userId: string) => {
    if (!actors.has(userId)) actors.set(userId, loadActor(userId, "deadline-alert"));
    return actors.get(userId)!;
  };
  const pushes = db.transaction((tx) =>
    due.map((row) => {
      const lastDay = row.lastDay!;
      const days = daysUntil(lastDay, today);
      const band = alertBand(days);
      if (band === null) return null;
      const claimed = tx
        .insert(deadlineAlerts)
        .values({ recordId: row.r.id, lastDayToCharge: lastDay, band, sentAt })
        .onConflictDoNothing()
        .run().changes;
      if (claimed === 0) return null;
      const recipients = deadlineWatchers(row.r.caseId, row.leadAgencyId).filter((userId) => {
        const actor = actorOf(userId);
        return actor !== null && accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) === "full";
      });
      notified += recipients.length;
      alerts += 1;
      const when = days === 0 ? "today" : `in ${daysLeftText(days)}`;
      return notify(
        tx,
        recipients,
        {
          kind: "deadline",
          text: `Last day to charge on case ${row.caseReference} is ${when} (${formatDate(lastDay)}): ${row.r.title}`,
          href: `/cases/${row.r.caseId}/offences`,
          caseId: row.r.caseId,
        },
        sentAt,
      );
    }),
  );
  for (const push of pushes) push?.();
  return { alerts, notified, examined: due.length };
}

/** The officer in the case, and the active police supervisors of the agency that leads it. */
function deadlineWatchers(caseId: string, leadAgencyId: string): string[] {
  const db = getDb();
  const officers = db
    .select({ id: caseMembers.userId })
    .from(caseMembers)
    .where(
      and(eq(caseMembers.caseId, caseId), eq(caseMembers.roleInCase, "officer_in_case"), isNull(caseMembers.removedAt)),
    )
    .all();
  const supervisors = db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(
        eq(users.agencyId, leadAgencyId),
        eq(users.status, "active"),
        inArray(userRoles.role, [...AGENCY_CHARGING_DEADLINE_FOLLOWERS]),
      ),
    )
    .all();
  return [...new Set([...officers, ...supervisors].map((u) => u.id))];
}

/** How often the server sweeps: deadlines are days, so a quarter of an hour is prompt enough. */
export const DEADLINE_SWEEP_MS = 15 * 60_000;

/**
 * Sweeps every DEADLINE_SWEEP_MS (charging deadlines, risk reviews for orders ending soon, the oversight sums), in
 * one process of however many serve the database (a lease row, app/services/sweeps.server.ts); the first attempt a
 * second after start-up. Returns a function that stops it. A failed part is logged and retried next time.
 */
export function startDeadlineAlerts(): () => void {
  return startSweep({ name: "deadlines", everyMs: DEADLINE_SWEEP_MS, firstAfterMs: 1_000 }, async () => {
    try {
      const now = new Date();
      let alerts = 0;
      let notified = 0;
      await drainInBatches((limit) => {
        const batch = sendDeadlineAlerts(now, limit);
        alerts += batch.alerts;
        notified += batch.notified;
        return batch.examined;
      });
      if (alerts) logger.info({ alerts, notified }, "deadline alerts sent");
      const reviews = await drainInBatches((limit) => openOrderExpiryReviews(now, limit).examined);
      if (reviews) logger.info({ reviews }, "risk reviews opened for orders ending soon");
      const reminders = await drainInBatches((limit) => sendDueReminders(now, limit).examined);
      if (reminders) logger.info({ reminders }, "overdue actions and reviews due told");
    } catch (error) {
      logger.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        "deadline alert sweep failed",
      );
    }
    try {
      // The oversight sums keep up with changes, so a dashboard reader seldom has many to catch up (decision 0019).
      refreshOversightSums(getDb().$client);
    } catch (error) {
      logger.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        "oversight sums refresh failed",
      );
    }
  });
}
