// The cross-meeting action tracker (issue 15): coordinators see every open action of the partnership, supervisors
// their agency's; filtered in SQL by the predicate in app/access; filters for owner, case, due and overdue; CSV.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seesActionTracker } from "~/access/action-tracker";
import { getDb } from "~/db.server";
import { actionTracker, actionTrackerCsv } from "~/services/action-tracker.server";
import { createMeeting } from "~/services/meetings.server";
import { agencies, cases, meetingActions, meetingItems, users } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const ISAC_MANAGER = "manager@isac.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const AUDITOR = "auditor@partnership.concord.test";
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const ids: Record<string, string> = {};

function action(
  meetingId: string,
  itemId: string,
  caseId: string,
  text: string,
  owner: { user?: string; agency?: string },
  dueOn: string,
  status: "open" | "done" = "open",
) {
  const id = randomUUID();
  getDb()
    .insert(meetingActions)
    .values({
      id,
      meetingId,
      itemId,
      caseId,
      text,
      ownerUserId: owner.user ?? null,
      ownerAgencyId: owner.agency ?? null,
      dueOn,
      status,
      createdBy: t.userId(CLINIC),
      createdAt: new Date().toISOString(),
    })
    .run();
  ids[text] = id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const [year, month, day] = inDays(2).split("-");
  const created = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Review",
    "date-day": day!,
    "date-month": month!,
    "date-year": year!,
    time: "10:00",
    chair: t.userId(POLICE),
  });
  if (!created.ok) throw new Error("not created");
  const caseId = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!
    .id;
  const other = getDb().select({ id: cases.id }).from(cases).where(eq(cases.reference, "NS-2026-00002")).get()!.id;
  const itemId = randomUUID();
  const item2 = randomUUID();
  getDb()
    .insert(meetingItems)
    .values({
      id: itemId,
      meetingId: created.id,
      caseId,
      source: "review",
      position: 1,
      minutesAllowed: 20,
      priority: "urgent",
    })
    .run();
  getDb()
    .insert(meetingItems)
    .values({
      id: item2,
      meetingId: created.id,
      caseId: other,
      source: "review",
      position: 2,
      minutesAllowed: 20,
      priority: "routine",
    })
    .run();
  const isac = getDb()
    .select({ id: agencies.id })
    .from(agencies)
    .innerJoin(users, eq(users.agencyId, agencies.id))
    .where(eq(users.email, ADVOCATE))
    .get()!.id;
  action(created.id, itemId, caseId, "Police: check bail conditions", { user: t.userId(POLICE) }, inDays(-3));
  action(created.id, itemId, caseId, "ISAC: review safety plan", { agency: isac }, inDays(5));
  action(created.id, item2, other, "Advocate: call the victim", { user: t.userId(ADVOCATE) }, inDays(20));
  action(created.id, item2, other, '=HYPERLINK("x") Probation licence check', { user: t.userId(PROBATION) }, inDays(1));
  action(created.id, item2, other, "Done already", { user: t.userId(PROBATION) }, inDays(1), "done");
});
afterAll(() => t.cleanup());

const texts = (rows: { text: string }[]) => rows.map((r) => r.text).sort();

describe("action tracker", () => {
  it("a coordinator sees every open action of the partnership; a supervisor only their agency's; others none", () => {
    expect(texts(ok(actionTracker(t.actorFor(CLINIC), {})).rows)).toEqual([
      '=HYPERLINK("x") Probation licence check',
      "Advocate: call the victim",
      "ISAC: review safety plan",
      "Police: check bail conditions",
    ]);
    expect(texts(ok(actionTracker(t.actorFor(POLICE_SUPERVISOR), {})).rows)).toEqual(["Police: check bail conditions"]);
    expect(texts(ok(actionTracker(t.actorFor(ISAC_MANAGER), {})).rows)).toEqual([
      "Advocate: call the victim",
      "ISAC: review safety plan",
    ]);
    for (const email of [POLICE, ADVOCATE, AUDITOR]) {
      expect(seesActionTracker(t.actorFor(email))).toBe(false);
      expect(statusOf(() => actionTracker(t.actorFor(email), {}))).toBe(404);
    }
    expect(
      t
        .auditRows()
        .some(
          (r) =>
            r.action === "meeting.action_tracker_view" && r.outcome === "denied" && r.actorUserId === t.userId(AUDITOR),
        ),
    ).toBe(true);
  });

  it("filters by owner, case, due and overdue", () => {
    const coordinator = t.actorFor(CLINIC);
    expect(texts(ok(actionTracker(coordinator, { owner: `user:${t.userId(ADVOCATE)}` })).rows)).toEqual([
      "Advocate: call the victim",
    ]);
    expect(texts(ok(actionTracker(coordinator, { case: "ns-2026-00001" })).rows)).toEqual([
      "ISAC: review safety plan",
      "Police: check bail conditions",
    ]);
    expect(texts(ok(actionTracker(coordinator, { due: "overdue" })).rows)).toEqual(["Police: check bail conditions"]);
    expect(texts(ok(actionTracker(coordinator, { due: "week" })).rows)).toEqual([
      '=HYPERLINK("x") Probation licence check',
      "ISAC: review safety plan",
      "Police: check bail conditions",
    ]);
    const all = ok(actionTracker(coordinator, {}));
    expect(all.rows.find((r) => r.text.startsWith("Police"))?.overdue).toBe(true);
    expect(all.owners.map((o) => o.value)).toContain(`user:${t.userId(ADVOCATE)}`);
  });

  it("offers each row the change links the action's own rules give the reader (app/access/meeting-actions.ts)", () => {
    const links = (email: string) =>
      Object.fromEntries(
        ok(actionTracker(t.actorFor(email), {})).rows.map((r) => [r.text, [r.mayChange, r.mayComplete]]),
      );
    // The coordinator arranged the meeting and is invited: she changes or completes any of its actions.
    expect(links(CLINIC)["Advocate: call the victim"]).toEqual([true, true]);
    // The ISAC manager supervises her agency's action: she completes it, but changing it is for whoever runs the meeting.
    expect(links(ISAC_MANAGER)).toEqual({
      "ISAC: review safety plan": [false, true],
      "Advocate: call the victim": [false, false],
    });
    // A person's own action is theirs, not their supervisor's.
    expect(links(POLICE_SUPERVISOR)).toEqual({ "Police: check bail conditions": [false, false] });
  });

  it("refuses bad filters with messages and lists nothing", () => {
    const bad = actionTracker(t.actorFor(CLINIC), { owner: "user:../../etc", case: "<script>", due: "yesterday" });
    expect(bad).toMatchObject({
      ok: false,
      errors: { owner: expect.any(String), case: expect.any(String), due: expect.any(String) },
    });
  });

  it("downloads the filtered list as CSV with formulas defused", () => {
    const file = actionTrackerCsv(t.actorFor(CLINIC), {});
    if (!("csv" in file)) throw new Error("refused");
    const { filename, csv } = file;
    expect(filename).toMatch(/^concord-actions-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Action,Case,Meeting,Owner,Due,Overdue");
    expect(lines).toHaveLength(5);
    expect(csv).toContain(`"'=HYPERLINK(""x"") Probation licence check"`);
    expect(statusOf(() => actionTrackerCsv(t.actorFor(POLICE), {}))).toBe(404);
  });
});

function ok<T>(
  r:
    | { ok: true; rows: T[]; owners: { value: string; text: string }[] }
    | { ok: false; errors: Record<string, string>; owners: unknown[] },
) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}
