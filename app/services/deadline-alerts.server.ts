import { and, eq, gte, isNotNull, isNull, lte } from "drizzle-orm";
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
import { startSweep } from "./sweeps.server";

/**
 * "Deadline approaching" notifications: for each summary-only offence still under investigation whose last day to
 * charge is 28, 14 or 7 days away or nearer, tell the officer in the case and the lead agency's police
 * supervisors (the people whose home pages list it) once per band. The deadline_alerts row is written in the
 * same transaction as the notifications, and its primary key makes a repeated sweep, or a second node, a no-op.
 * Only people who may read the offence record in full are told; the text carries the case reference, the
 * offence's title and the day, which such a reader sees on the case anyway.
 */
export function sendDeadlineAlerts(now = new Date()): { alerts: number; notified: number } {
  const db = getDb();
  const today = londonToday(now);
  const due = db
    .select({ r: caseRecords, chargingReferredAt: cases.chargingReferredAt, caseReference: cases.reference, leadAgencyId: cases.leadAgencyId, lastDay: offences.lastDayToCharge })
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
      ),
    )
    .all();
  let alerts = 0;
  let notified = 0;
  const sentAt = now.toISOString();
  for (const row of due) {
    const lastDay = row.lastDay!;
    const days = daysUntil(lastDay, today);
    const band = alertBand(days);
    if (band === null) continue;
    const push = db.transaction((tx) => {
      const claimed = tx.insert(deadlineAlerts).values({ recordId: row.r.id, lastDayToCharge: lastDay, band, sentAt }).onConflictDoNothing().run().changes;
      if (claimed === 0) return null;
      const recipients = deadlineWatchers(row.r.caseId, row.leadAgencyId).filter((userId) => {
        const actor = loadActor(userId, "deadline-alert");
        return actor !== null && accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) === "full";
      });
      notified += recipients.length;
      const when = days === 0 ? "today" : `in ${daysLeftText(days)}`;
      return notify(tx, recipients, { kind: "deadline", text: `Last day to charge on case ${row.caseReference} is ${when} (${formatDate(lastDay)}): ${row.r.title}`, href: `/cases/${row.r.caseId}/offences`, caseId: row.r.caseId }, sentAt);
    });
    if (push) {
      alerts += 1;
      push();
    }
  }
  return { alerts, notified };
}

/** The officer in the case, and the active police supervisors of the agency that leads it. */
function deadlineWatchers(caseId: string, leadAgencyId: string): string[] {
  const db = getDb();
  const officers = db
    .select({ id: caseMembers.userId })
    .from(caseMembers)
    .where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.roleInCase, "officer_in_case"), isNull(caseMembers.removedAt)))
    .all();
  const supervisors = db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.agencyId, leadAgencyId), eq(users.status, "active"), eq(userRoles.role, "police_supervisor")))
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
  return startSweep({ name: "deadlines", everyMs: DEADLINE_SWEEP_MS, firstAfterMs: 1_000 }, () => {
    try {
      const { alerts, notified } = sendDeadlineAlerts();
      if (alerts) logger.info({ alerts, notified }, "deadline alerts sent");
      const reviews = openOrderExpiryReviews();
      if (reviews) logger.info({ reviews }, "risk reviews opened for orders ending soon");
    } catch (error) {
      logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "deadline alert sweep failed");
    }
    try {
      // The oversight sums keep up with changes, so a dashboard reader seldom has many to catch up (decision 0019).
      refreshOversightSums(getDb().$client);
    } catch (error) {
      logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "oversight sums refresh failed");
    }
  });
}
