import { randomUUID } from "node:crypto";
import { audit } from "~/access/audit.server";
import { dataProtectionLeadsOf } from "~/access/retention-recipients.server";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/limitation-deadline";
import { retentionDueOn, triggeredOn, triggerWalkEnd, type RetentionTrigger } from "~/domain/retention";
import { logger } from "~/logger.server";
import { notify } from "./notifications.server";
import { ensureDefaultSchedules } from "./retention-schedules.server";
import { startSweep, SWEEP_BATCH } from "./sweeps.server";

/*
 * The schedule run (issue 21, decision 0051): brings exactly the records whose retention period has run to their
 * owning agency's review queue. It decides nothing and disposes of nothing; a data protection lead does that.
 * A record is left out while its case is under a legal hold, while a lead's "retain until" date is in the future,
 * while it already waits in the queue, and once it has been disposed of.
 */

/**
 * Cases whose records are checked at once; the run yields to the event loop between batches. 50, as other sweeps
 * (SWEEP_BATCH): at 100,000 cases a batch of 200 held the event loop for up to 424 ms (bench:retention).
 */
export const RETENTION_CASE_BATCH = SWEEP_BATCH;

/** How each trigger dates a case, and the index its walk reads (cases_closed; cases_updated). */
const TRIGGER_WALKS: Record<RetentionTrigger, { from: string; at: string }> = {
  case_closed: {
    from: `cases INDEXED BY cases_closed WHERE status = 'closed' AND closed_at IS NOT NULL`,
    at: "closed_at",
  },
  last_activity: { from: `cases INDEXED BY cases_updated WHERE 1 = 1`, at: "updated_at" },
};

export type RetentionRunResult = {
  brought: number;
  casesChecked: number;
  byTrigger: Record<RetentionTrigger, number>;
  leadsTold: number;
};

type Candidate = {
  recordId: string;
  caseId: string;
  ownerAgencyId: string;
  scheduleId: string;
  trigger: RetentionTrigger;
  periodMonths: number;
  action: string;
  at: string;
};

/**
 * One run at `now` (the clock is injected: tests set it forward). Returns what it brought to the queues. Every
 * query is bounded: cases are walked in batches by the trigger's index, up to the latest trigger any schedule's
 * period can have run out for, and each batch's records are read by case.
 */
export async function runRetentionSchedules(
  now: Date = new Date(),
  batch = RETENTION_CASE_BATCH,
): Promise<RetentionRunResult> {
  const db = getDb();
  const sqlite = db.$client;
  ensureDefaultSchedules(db, now);
  const today = londonDate(now);
  const createdAt = now.toISOString();
  const result: RetentionRunResult = {
    brought: 0,
    casesChecked: 0,
    byTrigger: { case_closed: 0, last_activity: 0 },
    leadsTold: 0,
  };
  const broughtByAgency = new Map<string, number>();

  const candidatesFor = (trigger: RetentionTrigger) =>
    sqlite.prepare(
      `SELECT r.id AS recordId, r.case_id AS caseId, r.owner_agency_id AS ownerAgencyId, s.id AS scheduleId, s."trigger" AS "trigger",
              s.period_months AS periodMonths, s.action AS action, c.at AS at
         FROM (SELECT value ->> '$.id' AS id, value ->> '$.at' AS at FROM json_each(?)) c
         JOIN case_records r ON r.case_id = c.id
         JOIN retention_schedules s ON s.agency_id = r.owner_agency_id AND s.category = r.category AND s."trigger" = '${trigger}'
        WHERE r.disposed_at IS NULL
          AND (r.retain_until IS NULL OR r.retain_until <= ?)
          AND NOT EXISTS (SELECT 1 FROM retention_reviews v WHERE v.record_id = r.id AND v.status = 'pending')
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = r.case_id AND h.lifted_at IS NULL)`,
    );
  const insert = sqlite.prepare(
    `INSERT INTO retention_reviews (id, record_id, case_id, owner_agency_id, schedule_id, "trigger", period_months, proposed_action, triggered_on, due_on, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
  );

  for (const trigger of Object.keys(TRIGGER_WALKS) as RetentionTrigger[]) {
    const shortest = sqlite
      .prepare(`SELECT min(period_months) AS months FROM retention_schedules WHERE "trigger" = ?`)
      .get(trigger) as { months: number | null };
    if (shortest.months === null) continue;
    const walkEnd = triggerWalkEnd(today, shortest.months);
    const { from, at } = TRIGGER_WALKS[trigger];
    const page = sqlite.prepare(
      `SELECT id, ${at} AS at FROM ${from} AND ${at} < ? AND (${at} > ? OR (${at} = ? AND id > ?)) ORDER BY ${at}, id LIMIT ?`,
    );
    const select = candidatesFor(trigger);
    let after = { at: "", id: "" };
    for (;;) {
      const cases = page.all(walkEnd, after.at, after.at, after.id, batch) as { id: string; at: string }[];
      if (cases.length === 0) break;
      // Read first, outside any transaction; only a batch with records due takes the write lock.
      const due = (select.all(JSON.stringify(cases), today) as Candidate[])
        .map((c) => ({ ...c, dueOn: retentionDueOn(c.at, c.periodMonths) }))
        .filter((c) => c.dueOn <= today);
      if (due.length)
        sqlite
          .transaction(() => {
            for (const c of due) {
              // ON CONFLICT DO NOTHING: another process's run may have brought the record between the read and now.
              const added = insert.run(
                randomUUID(),
                c.recordId,
                c.caseId,
                c.ownerAgencyId,
                c.scheduleId,
                c.trigger,
                c.periodMonths,
                c.action,
                triggeredOn(c.at),
                c.dueOn,
                createdAt,
              ).changes;
              result.brought += added;
              result.byTrigger[trigger] += added;
              if (added) broughtByAgency.set(c.ownerAgencyId, (broughtByAgency.get(c.ownerAgencyId) ?? 0) + added);
            }
          })
          .immediate();
      result.casesChecked += cases.length;
      after = cases[cases.length - 1]!;
      if (cases.length < batch) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  result.leadsTold = tellLeads(broughtByAgency, today, createdAt);
  audit({
    actorUserId: null,
    actorAgencyId: null,
    action: "retention.run",
    outcome: "done",
    subjectType: "RetentionSchedule",
    detail: { brought: result.brought, casesChecked: result.casesChecked, leadsTold: result.leadsTold, today },
  });
  return result;
}

/**
 * A digest, not a message per record: each agency's data protection leads are told once a day, when a run brings
 * that agency's records to its queue, how many came (the queue holds them all). Keyed by agency and day, so a second
 * run the same day tells nobody again; by email too, in the lead's own mode (straight away or the daily summary).
 */
function tellLeads(broughtByAgency: Map<string, number>, today: string, at: string): number {
  if (!broughtByAgency.size) return 0;
  const byAgency = new Map<string, string[]>();
  for (const lead of dataProtectionLeadsOf([...broughtByAgency.keys()]))
    byAgency.set(lead.agencyId, [...(byAgency.get(lead.agencyId) ?? []), lead.userId]);
  let told = 0;
  const pushes = getDb().transaction((tx) =>
    [...byAgency].map(([agencyId, leads]) => {
      const n = broughtByAgency.get(agencyId) ?? 0;
      told += leads.length;
      return notify(
        tx,
        leads,
        {
          kind: "retention_reviews_due",
          text: `${n} ${n === 1 ? "record" : "records"} of your agency came due for a retention review.`,
          href: "/retention",
          key: `retention_reviews_due:${agencyId}:${today}`,
        },
        at,
      );
    }),
  );
  for (const push of pushes) push();
  return told;
}

/** How often the run takes place, across all processes (one claims it, decision 0022). */
export const RETENTION_RUN_MS = 6 * 60 * 60 * 1000;

/** The run every six hours in one process, the first a minute after start-up. */
export function startRetentionRuns(): () => void {
  return startSweep({ name: "retention", everyMs: RETENTION_RUN_MS, firstAfterMs: 60_000 }, async (claimedAt) => {
    const result = await runRetentionSchedules(claimedAt);
    if (result.brought > 0)
      logger.info(
        { retention: { brought: result.brought, casesChecked: result.casesChecked } },
        "retention reviews due",
      );
  });
}
