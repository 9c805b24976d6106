// Case tasks and the home page's "My tasks" and "Overdue", through the real gate and a real SQLite file.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { myWork } from "~/services/my-work.server";
import { addTask, caseTasksPage, closeTask, insertTask, tasksForHome } from "~/services/tasks.server";
import { tasks } from "../../db/schema";
import { count, dateFields, londonDay, makeCase, removeMember, type TestCase } from "./order-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const PROSECUTOR = "prosecutor@cps.concord.test";
const POLICE_ADMIN = "admin@police.concord.test";

let t: TestDb;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

function teamCase(): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [POLICE_ADMIN, "coordinator"],
    ],
  });
}

function task(ownerEmail: string, title = "Call the victim back about the hearing", dueIn = 5): Record<string, string> {
  return { title, ownerUserId: t.userId(ownerEmail), ...dateFields("dueOn", londonDay(dueIn)) };
}

/** A task written straight through the service's own insert, for dates the form would refuse (already overdue). */
function seedTask(c: TestCase, ownerEmail: string, dueOn: string, title: string): string {
  return getDb().transaction((tx) =>
    insertTask(tx, {
      caseId: c.id,
      title,
      ownerUserId: t.userId(ownerEmail),
      dueOn,
      createdBy: t.userId(INVESTIGATOR),
    }),
  );
}

function lastAudit(action: string) {
  return t
    .auditRows()
    .filter((r) => r.action === action)
    .at(-1);
}

describe("case tasks", () => {
  it("a team member assigns a task to someone else on the team, who is told (task_assigned); audited", () => {
    const c = teamCase();
    const result = addTask(t.actorFor(INVESTIGATOR), c.id, task(ADVOCATE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(t.db.select().from(tasks).where(eq(tasks.id, result.id)).get()).toMatchObject({
      caseId: c.id,
      title: "Call the victim back about the hearing",
      ownerUserId: t.userId(ADVOCATE),
      dueOn: londonDay(5),
      status: "open",
      source: "manual",
      createdBy: t.userId(INVESTIGATOR),
    });
    const notes = t.db.$client
      .prepare("SELECT user_id AS userId, kind, text, href FROM notifications WHERE case_id = ?")
      .all(c.id);
    expect(notes).toEqual([
      {
        userId: t.userId(ADVOCATE),
        kind: "task_assigned",
        text: `Task assigned to you on case ${c.reference}: Call the victim back about the hearing`,
        href: `/cases/${c.id}/tasks`,
      },
    ]);
    expect(lastAudit("task.create")).toMatchObject({ outcome: "done", subjectId: result.id });

    // A task for oneself tells nobody.
    expect(addTask(t.actorFor(INVESTIGATOR), c.id, task(INVESTIGATOR, "Update the crime report")).ok).toBe(true);
    expect(count(t, "notifications", "case_id = ?", c.id)).toBe(1);
  });

  it("bad input (no title, too long, owner not on the team, due in the past) gets clear messages and saves nothing", () => {
    const c = teamCase();
    const actor = t.actorFor(INVESTIGATOR);
    const empty = addTask(actor, c.id, {});
    expect(empty.ok).toBe(false);
    if (!empty.ok)
      expect(empty.errors).toEqual({
        title: "Enter what needs to be done",
        ownerUserId: "Select who will do it",
        dueOn: "Enter the date it is due",
      });
    const long = addTask(actor, c.id, task(ADVOCATE, "x".repeat(201)));
    if (!long.ok) expect(long.errors.title).toBe("Task must be 200 characters or fewer");
    expect(long.ok).toBe(false);
    const outsider = addTask(actor, c.id, task(PROSECUTOR));
    if (!outsider.ok) expect(outsider.errors.ownerUserId).toBe("Select someone on the case team");
    expect(outsider.ok).toBe(false);
    // An administrator on the team sees nothing of the case, so cannot be given work on it.
    const admin = addTask(actor, c.id, task(POLICE_ADMIN));
    expect(admin.ok).toBe(false);
    const past = addTask(actor, c.id, task(ADVOCATE, "Late", -1));
    if (!past.ok) expect(past.errors.dueOn).toBe("Due date must be today or in the future");
    expect(past.ok).toBe(false);
    expect(addTask(actor, c.id, task(ADVOCATE, "Due today", 0)).ok).toBe(true);
    expect(count(t, "tasks", "case_id = ?", c.id)).toBe(1);
    expect(count(t, "notifications", "case_id = ?", c.id)).toBe(1);
  });

  it("whoever may see the case sees its tasks; only the current case team adds or closes them", () => {
    const c = teamCase();
    const id = seedTask(c, ADVOCATE, londonDay(2), "Review the safety plan");
    // A police supervisor oversees the case (case core) without being on the team.
    const seen = caseTasksPage(t.actorFor(SUPERVISOR), c.id);
    expect(seen.open.map((x) => x.title)).toEqual(["Review the safety plan"]);
    expect(seen.canWork).toBe(false);
    expect(seen.team).toEqual([]);
    expect(statusOf(() => addTask(t.actorFor(SUPERVISOR), c.id, task(ADVOCATE)))).toBe(404);
    expect(lastAudit("task.create")).toMatchObject({ outcome: "denied", subjectId: c.id });
    expect(statusOf(() => closeTask(t.actorFor(SUPERVISOR), c.id, id, "done"))).toBe(404);
    // Someone who may not see the case gets nothing at all.
    expect(statusOf(() => caseTasksPage(t.actorFor(PROSECUTOR), c.id))).toBe(404);
    expect(t.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, id)).get()!.s).toBe("open");

    const mine = caseTasksPage(t.actorFor(PRACTITIONER), c.id);
    expect(mine.canWork).toBe(true);
    expect(mine.team.map((m) => m.value).sort()).toEqual(
      [INVESTIGATOR, ADVOCATE, PRACTITIONER].map((e) => t.userId(e)).sort(),
    );
  });

  it("marks tasks done or cancelled, once; a task id from another case is refused and audited", () => {
    const c = teamCase();
    const other = teamCase();
    const a = seedTask(c, ADVOCATE, londonDay(1), "Book an interpreter");
    const b = seedTask(c, ADVOCATE, londonDay(1), "Chase CCTV");
    const foreign = seedTask(other, ADVOCATE, londonDay(1), "Other case's task");
    const practitioner = t.actorFor(PRACTITIONER);

    expect(closeTask(practitioner, c.id, a, "done")).toEqual({ ok: true });
    expect(t.db.select().from(tasks).where(eq(tasks.id, a)).get()).toMatchObject({
      status: "done",
      completedBy: t.userId(PRACTITIONER),
    });
    expect(closeTask(practitioner, c.id, a, "cancel")).toEqual({ ok: false, message: "This task is already closed" });
    expect(closeTask(practitioner, c.id, b, "cancel")).toEqual({ ok: true });
    expect(t.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, b)).get()!.s).toBe("cancelled");
    expect(lastAudit("task.cancel")).toMatchObject({ outcome: "done", subjectId: b });

    expect(statusOf(() => closeTask(practitioner, c.id, foreign, "done"))).toBe(404);
    expect(lastAudit("task.complete")).toMatchObject({ outcome: "denied", subjectId: foreign });
    expect(t.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, foreign)).get()!.s).toBe("open");

    const page = caseTasksPage(practitioner, c.id);
    expect(page.open).toEqual([]);
    expect(page.closed.map((x) => [x.title, x.status, x.completedBy])).toEqual(
      expect.arrayContaining([
        ["Book an interpreter", "done", "Lee Farrant"],
        ["Chase CCTV", "cancelled", "Lee Farrant"],
      ]),
    );
  });
});

describe("home page tasks", () => {
  it("My tasks lists my open tasks soonest first with overdue marked; Overdue lists the team's overdue tasks", () => {
    const c = teamCase();
    seedTask(c, PRACTITIONER, londonDay(10), "Later task");
    seedTask(c, PRACTITIONER, londonDay(-3), "Overdue task");
    seedTask(c, PRACTITIONER, londonDay(0), "Due today");
    seedTask(c, ADVOCATE, londonDay(-1), "Advocate's overdue task");
    const done = seedTask(c, PRACTITIONER, londonDay(-5), "Finished task");
    closeTask(t.actorFor(PRACTITIONER), c.id, done, "done");

    const home = tasksForHome(t.actorFor(PRACTITIONER));
    const onCase = (list: typeof home.myTasks) => list.filter((x) => x.caseId === c.id);
    expect(onCase(home.myTasks).map((x) => [x.title, x.daysOverdue])).toEqual([
      ["Overdue task", 3],
      ["Due today", 0],
      ["Later task", 0],
    ]);
    expect(onCase(home.overdueTasks).map((x) => [x.title, x.owner, x.mine])).toEqual([
      ["Overdue task", "Lee Farrant", true],
      ["Advocate's overdue task", "Jess Marlowe", false],
    ]);
    expect(onCase(home.myTasks)[0]!.reference).toBe(c.reference);
    // The home page lists each once: the three of theirs, then the advocate's overdue one.
    const listed = myWork(t.actorFor(PRACTITIONER)).today.filter(
      (e) => e.group === "tasks" && e.hint.includes(c.reference),
    );
    expect(listed.map((e) => e.text).sort()).toEqual([
      "Advocate's overdue task",
      "Due today",
      "Later task",
      "Overdue task",
    ]);
  });

  it("a member removed from the team no longer sees that case's tasks, even their own", () => {
    const c = teamCase();
    seedTask(c, ADVOCATE, londonDay(-2), "Safety plan review");
    expect(tasksForHome(t.actorFor(ADVOCATE)).myTasks.some((x) => x.caseId === c.id)).toBe(true);
    removeMember(t, c.id, ADVOCATE);
    const after = tasksForHome(t.actorFor(ADVOCATE));
    expect(after.myTasks.some((x) => x.caseId === c.id)).toBe(false);
    expect(after.overdueTasks.some((x) => x.caseId === c.id)).toBe(false);
    // The rest of the team still sees the overdue task, so it is not lost.
    expect(tasksForHome(t.actorFor(INVESTIGATOR)).overdueTasks.some((x) => x.caseId === c.id)).toBe(true);
  });

  it("an administrator placed on a team sees no tasks (no case content for administrators)", () => {
    const c = teamCase();
    seedTask(c, INVESTIGATOR, londonDay(-2), "Overdue for admin check");
    expect(tasksForHome(t.actorFor(POLICE_ADMIN)).overdueTasks.some((x) => x.caseId === c.id)).toBe(false);
  });
});
