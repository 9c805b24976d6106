import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, authorizeNamed, can } from "~/access/gate.server";
import { CATEGORIES, CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb, type Db } from "~/db.server";
import { isAgencyType } from "~/domain/agencies";
import {
  defaultRetentionRule,
  MAX_RETENTION_MONTHS,
  RETENTION_ACTION_LABELS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGER_LABELS,
  RETENTION_TRIGGERS,
  type RetentionAction,
  type RetentionTrigger,
} from "~/domain/retention";
import { parseValues, type FieldErrors } from "~/forms/parse-form";

/*
 * The partnership's retention schedules (decision 0051): one row per agency and category, seeded from the
 * partnership defaults (app/domain/retention.ts), changed only by the system administrator, every change audited.
 */

/**
 * Gives every agency a schedule for every category it has none for, from the defaults. Idempotent; called when an
 * agency is created, by the demo seed, and at the start of each schedule run (so an existing partnership gets its
 * defaults once). Returns the rows added.
 */
export function ensureDefaultSchedules(db: Db = getDb(), now = new Date()): number {
  const agencyRows = db.$client.prepare(`SELECT id, type FROM agencies`).all() as { id: string; type: string }[];
  const insert = db.$client.prepare(
    `INSERT INTO retention_schedules (id, agency_id, category, "trigger", period_months, action, basis, updated_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (agency_id, category) DO NOTHING`,
  );
  const at = now.toISOString();
  let added = 0;
  db.$client
    .transaction(() => {
      for (const agency of agencyRows) {
        if (!isAgencyType(agency.type)) continue;
        for (const category of CATEGORIES) {
          const rule = defaultRetentionRule(agency.type, category);
          added += insert.run(
            randomUUID(),
            agency.id,
            category,
            rule.trigger,
            rule.periodMonths,
            rule.action,
            rule.basis,
            at,
            at,
          ).changes;
        }
      }
    })
    .immediate();
  if (added > 0)
    audit({
      actorUserId: null,
      actorAgencyId: null,
      action: "retention.schedule.defaults",
      outcome: "done",
      subjectType: "RetentionSchedule",
      detail: { added },
    });
  return added;
}

export type ScheduleRow = {
  id: string;
  agencyId: string;
  agencyName: string;
  category: Category;
  categoryLabel: string;
  trigger: RetentionTrigger;
  triggerLabel: string;
  periodMonths: number;
  action: RetentionAction;
  actionLabel: string;
  basis: string;
  updatedAt: string;
  updatedByName: string | null;
};

const SELECT_SCHEDULES = `SELECT s.id, s.agency_id AS agencyId, a.name AS agencyName, s.category, s."trigger" AS "trigger", s.period_months AS periodMonths,
         s.action, s.basis, s.updated_at AS updatedAt, u.name AS updatedByName
    FROM retention_schedules s JOIN agencies a ON a.id = s.agency_id LEFT JOIN users u ON u.id = s.updated_by`;

function labelled(row: Omit<ScheduleRow, "categoryLabel" | "triggerLabel" | "actionLabel">): ScheduleRow {
  return {
    ...row,
    categoryLabel: CATEGORY_LABELS[row.category] ?? row.category,
    triggerLabel: RETENTION_TRIGGER_LABELS[row.trigger] ?? row.trigger,
    actionLabel: RETENTION_ACTION_LABELS[row.action] ?? row.action,
  };
}

/** Every schedule, by agency then category (the system administrator, auditors, data protection leads). */
export function listSchedules(actor: Actor): { schedules: ScheduleRow[]; canChange: boolean } {
  authorize(actor, "read", "RetentionSchedule");
  const rows = getDb().$client.prepare(`${SELECT_SCHEDULES} ORDER BY a.name, s.category`).all() as Omit<
    ScheduleRow,
    "categoryLabel" | "triggerLabel" | "actionLabel"
  >[];
  return { schedules: rows.map(labelled), canChange: can(actor, "manage", "RetentionSchedule") };
}

export function getSchedule(actor: Actor, scheduleId: string): ScheduleRow {
  const row = getDb().$client.prepare(`${SELECT_SCHEDULES} WHERE s.id = ?`).get(scheduleId) as
    Omit<ScheduleRow, "categoryLabel" | "triggerLabel" | "actionLabel"> | undefined;
  if (!row) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "read", "RetentionSchedule", { id: scheduleId });
  return labelled(row);
}

export const ScheduleSchema = z.object({
  trigger: z.enum(RETENTION_TRIGGERS, { errorMap: () => ({ message: "Select what starts the retention period" }) }),
  periodMonths: z.coerce
    .number({ invalid_type_error: "Enter the period as a whole number of months" })
    .int("Enter the period as a whole number of months")
    .min(1, "The period must be at least 1 month")
    .max(MAX_RETENTION_MONTHS, `The period must be ${MAX_RETENTION_MONTHS} months (100 years) or fewer`),
  action: z.enum(RETENTION_ACTIONS, { errorMap: () => ({ message: "Select what happens when the period ends" }) }),
  basis: z
    .string({ required_error: "Enter the policy the period comes from" })
    .trim()
    .min(1, "Enter the policy the period comes from")
    .max(400, "The policy must be 400 characters or fewer"),
});

/** The system administrator changes one schedule; audited with what changed (codes and numbers, never content). */
export function updateSchedule(
  actor: Actor,
  scheduleId: string,
  values: Record<string, string | string[]>,
): { ok: true } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> } {
  const current = getSchedule(actor, scheduleId);
  authorize(actor, "manage", "RetentionSchedule", { id: scheduleId });
  const parsed = parseValues(values, ScheduleSchema);
  if (!parsed.ok) return parsed;
  const next = parsed.data;
  const changed = (["trigger", "periodMonths", "action", "basis"] as const).filter(
    (field) => String(current[field]) !== String(next[field]),
  );
  if (changed.length === 0) return { ok: true };
  const db = getDb();
  db.$client
    .transaction(() => {
      db.$client
        .prepare(
          `UPDATE retention_schedules SET "trigger" = ?, period_months = ?, action = ?, basis = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
        )
        .run(
          next.trigger,
          next.periodMonths,
          next.action,
          next.basis,
          actor.userId,
          new Date().toISOString(),
          scheduleId,
        );
      audit({
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: "retention.schedule.update",
        outcome: "done",
        subjectType: "RetentionSchedule",
        subjectId: scheduleId,
        detail: {
          fields: changed.join(","),
          agencyId: current.agencyId,
          category: current.category,
          fromTrigger: current.trigger,
          toTrigger: next.trigger,
          fromMonths: current.periodMonths,
          toMonths: next.periodMonths,
          fromAction: current.action,
          toAction: next.action,
        },
      });
    })
    .immediate();
  return { ok: true };
}
