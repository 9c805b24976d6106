import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { caseAsRecordColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { caseRoleLabel } from "~/domain/case-vocabulary";
import { londonToday } from "~/domain/expiry-date";
import { daysOverdue } from "~/domain/order-rules";
import { TASK_TITLE_MAX, type TaskAction } from "~/forms/order-forms";
import { cases, tasks, users } from "../../db/schema";
import { requireCase, requireCaseWrite } from "./case-access.server";
import type { Tx } from "./case-record-store.server";
import { notify } from "./notifications.server";
import {
  caseHeaderOf,
  currentCaseworkTeam,
  dateParts,
  parseSubmitted,
  readRequiredDate,
  textField,
  worksOnCase,
  type Problem,
} from "./orders-common.server";
import type { WriteResult } from "./protective-orders.server";

export type NewTask = {
  caseId: string;
  title: string;
  ownerUserId: string;
  dueOn: string;
  source?: string;
  sourceRecordId?: string | null;
  createdBy: string;
};

/** Writes one task in the caller's transaction (breaches create their review task this way). */
export function insertTask(tx: Tx, t: NewTask, now = new Date().toISOString()): string {
  const id = randomUUID();
  tx.insert(tasks)
    .values({
      id,
      caseId: t.caseId,
      title: t.title,
      ownerUserId: t.ownerUserId,
      dueOn: t.dueOn,
      status: "open",
      source: t.source ?? "manual",
      sourceRecordId: t.sourceRecordId ?? null,
      createdBy: t.createdBy,
      createdAt: now,
    })
    .run();
  return id;
}

function taskSchema(today: string, teamIds: readonly string[]) {
  return z
    .object({
      title: textField(TASK_TITLE_MAX, `Task must be ${TASK_TITLE_MAX} characters or fewer`),
      ownerUserId: textField(64),
      ...dateParts("dueOn"),
    })
    .transform((v, ctx) => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      if (!v.title) problem("title", "Enter what needs to be done");
      const owner = teamIds.find((id) => id === v.ownerUserId);
      if (!owner) problem("ownerUserId", v.ownerUserId ? "Select someone on the case team" : "Select who will do it");
      const dueOn = readRequiredDate(v, "dueOn", "Due date", problem, "Enter the date it is due");
      if (dueOn && dueOn < today) problem("dueOn", "Due date must be today or in the future");
      if (!v.title || !owner || !dueOn || dueOn < today) return z.NEVER;
      return { title: v.title, ownerUserId: owner, dueOn };
    });
}

export type TaskView = {
  id: string;
  title: string;
  owner: string;
  ownerUserId: string;
  dueOn: string;
  status: "open" | "done" | "cancelled";
  source: string;
  overdue: boolean;
  completedAt: string | null;
  completedBy: string | null;
};

/**
 * The case's tasks for anyone who may see the case: task titles are case core by rule (db/schema/casework.ts),
 * so seeing the case is enough. Who may add or close them is narrower (the current case team).
 */
export function caseTasksPage(actor: Actor, caseId: string, now = new Date()) {
  const c = requireCase(actor, caseId, "case.tasks_view");
  const today = londonToday(now);
  const owner = alias(users, "owner");
  const closer = alias(users, "closer");
  const rows = getDb()
    .select({ t: tasks, owner: owner.name, closer: closer.name })
    .from(tasks)
    .innerJoin(owner, eq(owner.id, tasks.ownerUserId))
    .leftJoin(closer, eq(closer.id, tasks.completedBy))
    .where(eq(tasks.caseId, c.id))
    .orderBy(sql`CASE ${tasks.status} WHEN 'open' THEN 0 ELSE 1 END`, asc(tasks.dueOn), desc(tasks.createdAt))
    .all();
  const views: TaskView[] = rows.map(({ t, owner: ownerName, closer: closerName }) => ({
    id: t.id,
    title: t.title,
    owner: ownerName,
    ownerUserId: t.ownerUserId,
    dueOn: t.dueOn,
    status: t.status,
    source: t.source,
    overdue: t.status === "open" && daysOverdue(t.dueOn, today) > 0,
    completedAt: t.completedAt,
    completedBy: closerName,
  }));
  const canWork = worksOnCase(actor, c.id);
  return {
    case: caseHeaderOf(c),
    open: views.filter((t) => t.status === "open"),
    closed: views.filter((t) => t.status !== "open"),
    canWork,
    team: canWork
      ? currentCaseworkTeam(c.id).map((m) => ({
          value: m.userId,
          text: `${m.name}, ${caseRoleLabel(m.roleInCase)} (${m.agency})${m.userId === actor.userId ? " (you)" : ""}`,
        }))
      : [],
    today,
  };
}

/** Adds a task for someone on the current case team; telling them if it is not the actor's own. */
export function addTask(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, worksOnCase(actor, c.id), "task.create");
  const team = currentCaseworkTeam(c.id);
  const form = parseSubmitted(
    values,
    taskSchema(
      londonToday(now),
      team.map((m) => m.userId),
    ),
  );
  if (!form.ok) return form;
  const { title, ownerUserId, dueOn } = form.data;
  const at = now.toISOString();
  const { id, push } = getDb().transaction((tx) => {
    const id = insertTask(tx, { caseId: c.id, title, ownerUserId, dueOn, createdBy: actor.userId }, at);
    const push =
      ownerUserId === actor.userId
        ? () => undefined
        : notify(
            tx,
            [ownerUserId],
            {
              kind: "task_assigned",
              text: `Task assigned to you on case ${c.reference}: ${title}`,
              href: `/cases/${c.id}/tasks`,
              caseId: c.id,
            },
            at,
          );
    return { id, push };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "task.create",
    subjectType: "Task",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { assignedToOther: ownerUserId !== actor.userId },
  });
  push();
  return { ok: true, id };
}

/**
 * Marks an open task of this case done or cancelled. A task id from another case (or none) is refused alike:
 * audited, and a 404 that confirms nothing.
 */
export function closeTask(
  actor: Actor,
  caseId: string,
  taskId: string,
  what: TaskAction,
  now = new Date(),
): { ok: true } | { ok: false; message: string } {
  const c = requireCase(actor, caseId);
  const auditAction = what === "done" ? "task.complete" : "task.cancel";
  requireCaseWrite(actor, c, worksOnCase(actor, c.id), auditAction);
  const task = taskId.length <= 64 ? getDb().select().from(tasks).where(eq(tasks.id, taskId)).get() : undefined;
  if (!task || task.caseId !== c.id) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: auditAction,
      subjectType: "Task",
      subjectId: task ? task.id : null,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: task ? "not_on_case" : "not_found" },
    });
    throw notFound();
  }
  if (task.status !== "open") return { ok: false, message: "This task is already closed" };
  getDb()
    .update(tasks)
    .set({ status: what === "done" ? "done" : "cancelled", completedAt: now.toISOString(), completedBy: actor.userId })
    .where(and(eq(tasks.id, task.id), eq(tasks.status, "open")))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: auditAction,
    subjectType: "Task",
    subjectId: task.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
  });
  return { ok: true };
}

export type HomeTask = {
  id: string;
  title: string;
  caseId: string;
  reference: string;
  dueOn: string;
  daysOverdue: number;
  owner: string;
  mine: boolean;
};

/**
 * The home page's "My tasks" (the actor's open tasks, soonest due first) and "Overdue" (open tasks past due on
 * the cases whose team they are on, whoever owns them). Only cases where the actor is on the team now count, and
 * the gate's scope applies too: a member removed from a team no longer sees that case's tasks.
 */
export function tasksForHome(actor: Actor, now = new Date()): { myTasks: HomeTask[]; overdueTasks: HomeTask[] } {
  if (!actor.caseIds.length) return { myTasks: [], overdueTasks: [] };
  const today = londonToday(now);
  const db = getDb();
  const owner = alias(users, "owner");
  const visible = and(
    eq(tasks.status, "open"),
    inArray(tasks.caseId, actor.caseIds),
    scope(actor, "read", "CaseRecord", caseAsRecordColumns),
  );
  const select = () =>
    db
      .select({
        id: tasks.id,
        title: tasks.title,
        caseId: tasks.caseId,
        reference: cases.reference,
        dueOn: tasks.dueOn,
        owner: owner.name,
        ownerUserId: tasks.ownerUserId,
      })
      .from(tasks)
      .innerJoin(cases, eq(cases.id, tasks.caseId))
      .innerJoin(owner, eq(owner.id, tasks.ownerUserId));
  const toHome = (r: {
    id: string;
    title: string;
    caseId: string;
    reference: string;
    dueOn: string;
    owner: string;
    ownerUserId: string;
  }): HomeTask => ({
    id: r.id,
    title: r.title,
    caseId: r.caseId,
    reference: r.reference,
    dueOn: r.dueOn,
    daysOverdue: daysOverdue(r.dueOn, today),
    owner: r.owner,
    mine: r.ownerUserId === actor.userId,
  });
  const myTasks = select()
    .where(and(visible, eq(tasks.ownerUserId, actor.userId)))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt))
    .limit(100)
    .all()
    .map(toHome);
  const overdueTasks = select()
    .where(and(visible, lt(tasks.dueOn, today)))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt))
    .limit(100)
    .all()
    .map(toHome);
  return { myTasks, overdueTasks };
}
