// Protective orders, SPO considerations and breaches through the real gate and a real SQLite file; the breach
// notification over a real socket.io connection.
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SPO_CONSIDERATION_DAYS } from "~/domain/protective-orders";
import { lowerPriority, newBreachPage, recordBreach } from "~/services/breaches.server";
import { ordersPage } from "~/services/orders-page.server";
import { changeOrder, createOrder, orderDetail } from "~/services/protective-orders.server";
import { startSession } from "~/services/sessions.server";
import { retractCaseRecord } from "~/services/case-records.server";
import {
  recordSpoConsideration,
  spoConsiderationPage,
  spoOutstanding,
  spoOutstandingForHome,
} from "~/services/spo-considerations.server";
import { caseRecords, cases, protectiveOrders, recordVersions, tasks } from "../../db/schema";
import { count, dateFields, londonDay, makeCase, type TestCase } from "./order-fixtures";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const POLICE_ADMIN = "admin@police.concord.test";
const PROSECUTOR = "prosecutor@cps.concord.test";

let t: TestDb;
let realtime: RealtimeServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

/** The usual team: the investigator as officer in the case, a SPOC, an advocate, a probation practitioner, a psychologist. */
function teamCase(extra: Partial<Parameters<typeof makeCase>[1]> = {}): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [SPOC, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [PSYCHOLOGIST, "psychologist"],
    ],
    ...extra,
  });
}

function grantedSpo(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    orderType: "spo_full",
    status: "granted",
    ...dateFields("appliedOn", londonDay(-30)),
    ...dateFields("decidedOn", londonDay(-20)),
    ...dateFields("expiresOn", londonDay(700)),
    prohibitions: "No contact with the victim by any means\nNot to enter Larch Road",
    requirements: "Attend a perpetrator programme",
    ...overrides,
  };
}

function addOrder(c: TestCase, email = INVESTIGATOR, values = grantedSpo()): string {
  const result = createOrder(t.actorFor(email), c.id, values);
  if (!result.ok) throw new Error(`order refused: ${JSON.stringify(result.errors)}`);
  return result.id;
}

function breachValues(orderId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    orderRecordId: orderId,
    ...dateFields("occurredOn", londonDay(-1)),
    description: "Sent three messages through a new account",
    policeAction: "arrested",
    ...dateFields("policeActionOn", londonDay(0)),
    ...overrides,
  };
}

/** Everything a refused breach must leave untouched on the case. */
function breachSnapshot(caseId: string) {
  return {
    breaches: count(t, "breaches", "case_id = ?", caseId),
    records: count(t, "case_records", "case_id = ? AND kind = 'breach'", caseId),
    tasks: count(t, "tasks", "case_id = ?", caseId),
    notifications: count(t, "notifications", "case_id = ?", caseId),
    priority: t.db.select({ p: cases.priority, r: cases.priorityReason }).from(cases).where(eq(cases.id, caseId)).get(),
  };
}

function lastAudit(action: string) {
  return t
    .auditRows()
    .filter((r) => r.action === action)
    .at(-1);
}

describe("protective orders", () => {
  it("records a granted SPO as a case-core record owned by the recorder's agency, with its detail row", () => {
    const c = teamCase();
    const id = addOrder(c);
    const record = t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()!;
    expect(record).toMatchObject({
      kind: "protective_order",
      category: "case_core",
      caseId: c.id,
      title: "Stalking protection order",
    });
    const detail = t.db.select().from(protectiveOrders).where(eq(protectiveOrders.recordId, id)).get()!;
    expect(detail).toMatchObject({
      caseId: c.id,
      orderType: "spo_full",
      status: "granted",
      decidedOn: londonDay(-20),
      expiresOn: londonDay(700),
    });
    expect(JSON.parse(detail.prohibitions)).toEqual([
      "No contact with the victim by any means",
      "Not to enter Larch Road",
    ]);
    expect(JSON.parse(detail.requirements)).toEqual(["Attend a perpetrator programme"]);
    expect(lastAudit("order.create")).toMatchObject({ outcome: "done", subjectId: id });

    // The whole team sees it (case core), with "breach is a criminal offence" from the order type's data.
    const seen = ordersPage(t.actorFor(PRACTITIONER), c.id).orders;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id, level: "full", breachIsOffence: true });
    const bail = addOrder(c, INVESTIGATOR, {
      orderType: "police_bail",
      status: "granted",
      ...dateFields("decidedOn", londonDay(-2)),
      prohibitions: "Not to contact the victim",
      requirements: "",
    });
    expect(ordersPage(t.actorFor(ADVOCATE), c.id).orders.find((o) => o.id === bail)).toMatchObject({
      breachIsOffence: false,
    });
  });

  it("any case-working member of the team may record an order, owned by their own agency", () => {
    const c = teamCase();
    const id = addOrder(c, ADVOCATE, {
      orderType: "non_molestation_order",
      status: "applied",
      ...dateFields("appliedOn", londonDay(-3)),
      prohibitions: "",
      requirements: "",
    });
    const record = t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()!;
    const isac = t.actorFor(ADVOCATE).agencyId;
    expect(record.ownerAgencyId).toBe(isac);
  });

  it("a refused order needs the court's reasons; nothing is saved without them", () => {
    const c = teamCase();
    const before = count(t, "case_records", "case_id = ?", c.id);
    const refused = createOrder(t.actorFor(INVESTIGATOR), c.id, {
      orderType: "spo_interim",
      status: "refused",
      ...dateFields("appliedOn", londonDay(-5)),
      ...dateFields("decidedOn", londonDay(-4)),
      refusalReason: "  ",
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.errors).toEqual({ refusalReason: "Enter the court's reasons for refusing the order" });
    expect(count(t, "case_records", "case_id = ?", c.id)).toBe(before);
    expect(count(t, "protective_orders", "case_id = ?", c.id)).toBe(0);

    const ok = createOrder(t.actorFor(INVESTIGATOR), c.id, {
      orderType: "spo_interim",
      status: "refused",
      ...dateFields("appliedOn", londonDay(-5)),
      ...dateFields("decidedOn", londonDay(-4)),
      refusalReason: "Not satisfied the risk is current",
    });
    expect(ok.ok).toBe(true);
    if (ok.ok)
      expect(t.db.select().from(protectiveOrders).where(eq(protectiveOrders.recordId, ok.id)).get()).toMatchObject({
        status: "refused",
        refusalReason: "Not satisfied the risk is current",
      });
  });

  it("bad input gets every problem at once and saves nothing", () => {
    const c = teamCase();
    const result = createOrder(t.actorFor(INVESTIGATOR), c.id, {
      orderType: "curfew",
      status: "granted",
      ...dateFields("decidedOn", londonDay(2)),
      "expiresOn-day": "31",
      "expiresOn-month": "2",
      "expiresOn-year": "2027",
      prohibitions: Array.from({ length: 21 }, (_, i) => `Prohibition ${i}`).join("\n"),
      requirements: "x".repeat(301),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toMatchObject({
        orderType: "Select the type of order",
        expiresOn: "Expiry date must be a real date",
        prohibitions: "Prohibitions must be 20 lines or fewer",
        requirements: "Positive requirements: line 1 must be 300 characters or fewer",
      });
    }
    const future = createOrder(t.actorFor(INVESTIGATOR), c.id, grantedSpo(dateFields("decidedOn", londonDay(1))));
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.errors.decidedOn).toBe("Decision date must be today or in the past");
    const script = createOrder(t.actorFor(INVESTIGATOR), c.id, grantedSpo({ status: "" }));
    expect(script.ok).toBe(false);
    expect(count(t, "case_records", "case_id = ?", c.id)).toBe(0);
  });

  it("refuses people who may see the case but are not on its team, and people who may not see it, audited", () => {
    const c = teamCase();
    // A police supervisor oversees the agency's cases but is not on this team.
    expect(statusOf(() => createOrder(t.actorFor(SUPERVISOR), c.id, grantedSpo()))).toBe(404);
    expect(lastAudit("order.create")).toMatchObject({ outcome: "denied", subjectId: c.id });
    expect(statusOf(() => createOrder(t.actorFor(PROSECUTOR), c.id, grantedSpo()))).toBe(404);
    expect(count(t, "protective_orders", "case_id = ?", c.id)).toBe(0);
  });

  it("variation and renewal keep every earlier version; only the owning agency's team members change it", () => {
    const c = teamCase();
    const id = addOrder(c);
    const investigator = t.actorFor(INVESTIGATOR);

    const varied = changeOrder(investigator, c.id, id, "vary", {
      ...dateFields("variedOn", londonDay(-5)),
      prohibitions: "No contact with the victim by any means\nNot to enter the Northshire town centre",
      requirements: "",
      ...dateFields("expiresOn", londonDay(700)),
    });
    expect(varied.ok).toBe(true);
    const renewed = changeOrder(investigator, c.id, id, "renew", {
      ...dateFields("renewedOn", londonDay(0)),
      ...dateFields("expiresOn", londonDay(1000)),
    });
    expect(renewed.ok).toBe(true);

    const detail = t.db.select().from(protectiveOrders).where(eq(protectiveOrders.recordId, id)).get()!;
    expect(detail).toMatchObject({ status: "varied", expiresOn: londonDay(1000) });
    expect(JSON.parse(detail.prohibitions)).toEqual([
      "No contact with the victim by any means",
      "Not to enter the Northshire town centre",
    ]);
    expect(JSON.parse(detail.requirements)).toEqual([]);

    const versions = t.db
      .select()
      .from(recordVersions)
      .where(eq(recordVersions.recordId, id))
      .orderBy(recordVersions.version)
      .all();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(JSON.parse(versions[0]!.body)).toMatchObject({
      status: "granted",
      prohibitions: ["No contact with the victim by any means", "Not to enter Larch Road"],
      requirements: ["Attend a perpetrator programme"],
      expiresOn: londonDay(700),
    });
    expect(JSON.parse(versions[1]!.body)).toMatchObject({
      status: "varied",
      change: "varied",
      expiresOn: londonDay(700),
    });
    const view = orderDetail(t.actorFor(ADVOCATE), c.id, id);
    expect(view.versions).toHaveLength(2);
    expect(view.canChange).toBe(false);

    // A renewal must move the expiry later.
    const earlier = changeOrder(investigator, c.id, id, "renew", {
      ...dateFields("renewedOn", londonDay(0)),
      ...dateFields("expiresOn", londonDay(900)),
    });
    expect(earlier.ok).toBe(false);
    // The advocate (another agency) may not change a police order.
    expect(
      statusOf(() =>
        changeOrder(t.actorFor(ADVOCATE), c.id, id, "status", {
          status: "discharged",
          ...dateFields("endedOn", londonDay(0)),
        }),
      ),
    ).toBe(404);
    expect(lastAudit("order.update")).toMatchObject({ outcome: "denied" });
    expect(count(t, "record_versions", "record_id = ?", id)).toBe(2);

    // Status: discharged, which ends it being in force.
    const discharged = changeOrder(investigator, c.id, id, "status", {
      status: "discharged",
      ...dateFields("endedOn", londonDay(0)),
    });
    expect(discharged.ok).toBe(true);
    expect(
      t.db.select({ s: protectiveOrders.status }).from(protectiveOrders).where(eq(protectiveOrders.recordId, id)).get()!
        .s,
    ).toBe("discharged");
    expect(count(t, "record_versions", "record_id = ?", id)).toBe(3);
    const again = changeOrder(investigator, c.id, id, "vary", {
      ...dateFields("variedOn", londonDay(0)),
      prohibitions: "x",
    });
    expect(again.ok).toBe(false);
  });

  it("an order id from another case is refused when viewed or changed, audited", () => {
    const a = teamCase();
    const b = teamCase();
    const id = addOrder(a);
    expect(statusOf(() => orderDetail(t.actorFor(INVESTIGATOR), b.id, id))).toBe(404);
    expect(lastAudit("order.view")).toMatchObject({ outcome: "denied", subjectId: id });
    expect(
      statusOf(() =>
        changeOrder(t.actorFor(INVESTIGATOR), b.id, id, "status", {
          status: "discharged",
          ...dateFields("endedOn", londonDay(0)),
        }),
      ),
    ).toBe(404);
    expect(lastAudit("order.update")).toMatchObject({ outcome: "denied", subjectId: id });
  });
});

describe("SPO consideration", () => {
  it("a police member of the team records it; it shows as the latest on the orders page", () => {
    const c = teamCase();
    expect(ordersPage(t.actorFor(ADVOCATE), c.id).latestSpo).toBeNull();
    const result = recordSpoConsideration(t.actorFor(INVESTIGATOR), c.id, {
      ...dateFields("consideredOn", londonDay(0)),
      decision: "apply_full",
      rationale: "Persistent fixated behaviour after a warning",
    });
    expect(result.ok).toBe(true);
    const record = t.db.select().from(caseRecords).where(eq(caseRecords.caseId, c.id)).get()!;
    expect(record).toMatchObject({
      kind: "spo_consideration",
      category: "case_core",
      ownerAgencyId: t.actorFor(INVESTIGATOR).agencyId,
    });
    const latest = ordersPage(t.actorFor(ADVOCATE), c.id).latestSpo;
    expect(latest).toMatchObject({
      decision: "apply_full",
      consideredBy: "Dana Whitlock",
      consideredOn: londonDay(0),
      rationale: "Persistent fixated behaviour after a warning",
    });
    expect(lastAudit("spo_consideration.create")).toMatchObject({ outcome: "done" });
  });

  it("only police members of the case team may record it", () => {
    const c = teamCase();
    expect(spoConsiderationPage(t.actorFor(ADVOCATE), c.id).canRecord).toBe(false);
    expect(
      statusOf(() =>
        recordSpoConsideration(t.actorFor(ADVOCATE), c.id, {
          ...dateFields("consideredOn", londonDay(0)),
          decision: "not_appropriate",
          rationale: "x",
        }),
      ),
    ).toBe(404);
    expect(lastAudit("spo_consideration.create")).toMatchObject({ outcome: "denied", subjectId: c.id });
    // The supervisor oversees but is not on the team.
    expect(
      statusOf(() =>
        recordSpoConsideration(t.actorFor(SUPERVISOR), c.id, {
          ...dateFields("consideredOn", londonDay(0)),
          decision: "not_appropriate",
          rationale: "x",
        }),
      ),
    ).toBe(404);
    expect(count(t, "spo_considerations", "case_id = ?", c.id)).toBe(0);
  });

  it("refuses a future date, a missing decision and rationale, an over-long rationale; saves nothing", () => {
    const c = teamCase();
    const bad = recordSpoConsideration(t.actorFor(INVESTIGATOR), c.id, {
      ...dateFields("consideredOn", londonDay(1)),
      decision: "maybe",
      rationale: "",
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors).toEqual({
        consideredOn: "Date considered must be today or in the past",
        decision: "Select the decision",
        rationale: "Enter the rationale for the decision",
      });
    const long = recordSpoConsideration(t.actorFor(INVESTIGATOR), c.id, {
      ...dateFields("consideredOn", londonDay(0)),
      decision: "not_appropriate",
      rationale: "x".repeat(2001),
    });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors.rationale).toBe("Rationale must be 2,000 characters or fewer");
    expect(count(t, "spo_considerations", "case_id = ?", c.id)).toBe(0);
    expect(count(t, "case_records", "case_id = ?", c.id)).toBe(0);
  });

  it("supervisors see open cases their agency leads with no consideration after 7 days, until one is recorded", () => {
    const old = teamCase({ daysAgo: SPO_CONSIDERATION_DAYS + 3 });
    const recent = teamCase({ daysAgo: SPO_CONSIDERATION_DAYS - 2 });
    const closed = teamCase({ daysAgo: 30, status: "closed" });
    const probationLed = makeCase(t, {
      team: [[PRACTITIONER, "offender_manager"]],
      daysAgo: 30,
      leadEmail: PRACTITIONER,
    });

    const ids = () => spoOutstanding(t.actorFor(SUPERVISOR)).map((c) => c.id);
    expect(ids()).toContain(old.id);
    expect(ids()).not.toContain(recent.id);
    expect(ids()).not.toContain(closed.id);
    expect(ids()).not.toContain(probationLed.id);
    expect(spoOutstanding(t.actorFor(SUPERVISOR)).find((c) => c.id === old.id)!.daysOpen).toBeGreaterThanOrEqual(
      SPO_CONSIDERATION_DAYS + 2,
    );
    // Not for people who are not supervisors, nor for a supervisor of another agency.
    expect(spoOutstandingForHome(t.actorFor(INVESTIGATOR))).toBeNull();
    expect(spoOutstanding(t.actorFor("spo@probation.concord.test")).map((c) => c.id)).not.toContain(old.id);
    // "SPO" on a senior probation officer's or an advocate manager's home page meant a stalking protection order
    // they never apply for (issue 16, item 6): only roles who act on SPO considerations are shown them.
    for (const supervisor of ["spo@probation.concord.test", "manager@isac.concord.test", "lead@health.concord.test"]) {
      expect(spoOutstandingForHome(t.actorFor(supervisor))).toBeNull();
      expect(spoOutstanding(t.actorFor(supervisor))).toEqual([]);
    }
    expect(spoOutstandingForHome(t.actorFor(SUPERVISOR))?.cases.map((c) => c.id)).toContain(old.id);

    const considered = recordSpoConsideration(t.actorFor(INVESTIGATOR), old.id, {
      ...dateFields("consideredOn", londonDay(0)),
      decision: "not_appropriate",
      rationale: "Perpetrator in custody on remand",
    });
    expect(considered.ok).toBe(true);
    expect(ids()).not.toContain(old.id);
    // Retracting the consideration puts the case back on the list (the flag the list's index reads follows it).
    if (!considered.ok) return;
    t.db.transaction((tx) =>
      retractCaseRecord(tx, considered.id, t.userId(INVESTIGATOR), "Recorded on the wrong case"),
    );
    expect(ids()).toContain(old.id);
  });
});

describe("breaches", () => {
  it("a breach creates the review task, raises priority and notifies the team, in one go", () => {
    const c = teamCase();
    const orderId = addOrder(c);
    const spoc = t.actorFor(SPOC);
    expect(newBreachPage(spoc, c.id).orders.map((o) => o.id)).toEqual([orderId]);

    const result = recordBreach(spoc, c.id, breachValues(orderId));
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const record = t.db.select().from(caseRecords).where(eq(caseRecords.id, result.id)).get()!;
    expect(record).toMatchObject({
      kind: "breach",
      category: "case_core",
      ownerAgencyId: spoc.agencyId,
      title: "Breach of the stalking protection order",
    });
    expect(
      count(
        t,
        "breaches",
        "record_id = ? AND order_record_id = ? AND occurred_on = ? AND police_action = 'arrested'",
        result.id,
        orderId,
        londonDay(-1),
      ),
    ).toBe(1);

    // One review task, owned by the officer in the case (the first one on the team by name), due in 3 days.
    const reviewTasks = t.db.select().from(tasks).where(eq(tasks.caseId, c.id)).all();
    expect(reviewTasks).toHaveLength(1);
    expect(reviewTasks[0]).toMatchObject({
      title: "Review risk after a breach of the stalking protection order",
      source: "breach",
      sourceRecordId: result.id,
      status: "open",
      dueOn: londonDay(3),
      createdBy: spoc.userId,
    });
    expect([t.userId(INVESTIGATOR), t.userId(SPOC)]).toContain(reviewTasks[0]!.ownerUserId);

    const after = t.db
      .select({ p: cases.priority, r: cases.priorityReason })
      .from(cases)
      .where(eq(cases.id, c.id))
      .get()!;
    expect(after.p).toBe("raised");
    expect(after.r).toMatch(/^Breach of the stalking protection order recorded on \d{1,2} \w+ \d{4}$/);

    // Every current team member except the recorder, with case-core text only.
    const notes = t.db.$client
      .prepare("SELECT user_id AS userId, kind, text, href FROM notifications WHERE case_id = ?")
      .all(c.id) as { userId: string; kind: string; text: string; href: string }[];
    expect(notes.map((n) => n.userId).sort()).toEqual(
      [INVESTIGATOR, ADVOCATE, PRACTITIONER, PSYCHOLOGIST].map((e) => t.userId(e)).sort(),
    );
    for (const n of notes)
      expect(n).toMatchObject({
        kind: "breach",
        text: `Breach recorded on case ${c.reference}`,
        href: `/cases/${c.id}/orders`,
      });
    expect(lastAudit("breach.create")).toMatchObject({ outcome: "done", subjectId: result.id });

    // The orders page shows the breach and the raised priority to the team.
    const page = ordersPage(t.actorFor(PRACTITIONER), c.id);
    expect(page.case.priority).toBe("raised");
    expect(page.breaches).toHaveLength(1);
    expect(page.breaches[0]!.details).toMatchObject({
      description: "Sent three messages through a new account",
      policeAction: "Arrested",
    });
  });

  it("the review task goes to the recorder when the team has no officer in the case; removed members and administrators are not told", () => {
    const c = makeCase(t, {
      team: [
        [ADVOCATE, "advocate"],
        [PRACTITIONER, "offender_manager"],
        [POLICE_ADMIN, "coordinator"],
      ],
    });
    // A member removed before the breach.
    t.db.$client
      .prepare(
        "INSERT INTO case_members (case_id, user_id, role_in_case, added_by, added_at, removed_at) VALUES (?, ?, 'psychologist', ?, ?, ?)",
      )
      .run(
        c.id,
        t.userId(PSYCHOLOGIST),
        t.userId(INVESTIGATOR),
        new Date(Date.now() - 86_400_000).toISOString(),
        new Date().toISOString(),
      );
    const orderId = addOrder(c, ADVOCATE, {
      orderType: "non_molestation_order",
      status: "granted",
      ...dateFields("decidedOn", londonDay(-10)),
      prohibitions: "Not to contact the applicant",
      requirements: "",
    });
    const result = recordBreach(
      t.actorFor(ADVOCATE),
      c.id,
      breachValues(orderId, {
        policeAction: "under_investigation",
        "policeActionOn-day": "",
        "policeActionOn-month": "",
        "policeActionOn-year": "",
      }),
    );
    expect(result.ok).toBe(true);
    expect(t.db.select({ owner: tasks.ownerUserId }).from(tasks).where(eq(tasks.caseId, c.id)).all()).toEqual([
      { owner: t.userId(ADVOCATE) },
    ]);
    const told = (
      t.db.$client.prepare("SELECT user_id AS u FROM notifications WHERE case_id = ?").all(c.id) as { u: string }[]
    ).map((r) => r.u);
    expect(told).toEqual([t.userId(PRACTITIONER)]);
  });

  it("each team member's socket receives the notification live; nobody else's does", async () => {
    const c = teamCase();
    const orderId = addOrder(c);
    const cookieFor = async (email: string) =>
      (await startSession(t.userId(email), { mfaVerified: true, device: "test" })).split(";")[0]!;
    const open = async (email: string) => {
      const socket = connect(realtime.url, {
        extraHeaders: { origin: realtime.url, cookie: await cookieFor(email) },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    };
    const advocate = await open(ADVOCATE);
    const outsider = await open(PROSECUTOR);
    const recorder = await open(SPOC);
    const received: unknown[] = [];
    outsider.on("notification", (n) => received.push(["outsider", n]));
    recorder.on("notification", (n) => received.push(["recorder", n]));
    const arrived = new Promise<Record<string, unknown>>((resolve) => advocate.once("notification", resolve));

    expect(recordBreach(t.actorFor(SPOC), c.id, breachValues(orderId)).ok).toBe(true);
    const n = await arrived;
    expect(n).toMatchObject({
      kind: "breach",
      text: `Breach recorded on case ${c.reference}`,
      href: `/cases/${c.id}/orders`,
    });
    // The stored notification is the one pushed.
    expect(count(t, "notifications", "id = ? AND user_id = ?", n.id, t.userId(ADVOCATE))).toBe(1);
    // A round trip on the outsider's and recorder's own sockets, so anything sent to them would have arrived.
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);
  });

  it("a breach against an order not in force is refused; nothing changes", () => {
    const c = teamCase();
    const applied = addOrder(c, INVESTIGATOR, {
      orderType: "spo_interim",
      status: "applied",
      ...dateFields("appliedOn", londonDay(-2)),
      prohibitions: "",
      requirements: "",
    });
    expect(newBreachPage(t.actorFor(SPOC), c.id).orders).toEqual([]);
    const before = breachSnapshot(c.id);
    const result = recordBreach(t.actorFor(SPOC), c.id, breachValues(applied));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.orderRecordId).toBe("Select an order that is in force");
    expect(breachSnapshot(c.id)).toEqual(before);
  });

  it("a forged order id from another case is refused and audited; nothing changes on either case", () => {
    const mine = teamCase();
    const other = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    const othersOrder = addOrder(other);
    const before = [breachSnapshot(mine.id), breachSnapshot(other.id)];
    expect(statusOf(() => recordBreach(t.actorFor(SPOC), mine.id, breachValues(othersOrder)))).toBe(404);
    expect(lastAudit("breach.create")).toMatchObject({ outcome: "denied", subjectId: othersOrder });
    expect(JSON.parse(lastAudit("breach.create")!.detail!)).toMatchObject({ reason: "order_not_on_case" });
    expect(
      statusOf(() => recordBreach(t.actorFor(SPOC), mine.id, breachValues("00000000-0000-4000-8000-000000000000"))),
    ).toBe(404);
    expect(JSON.parse(lastAudit("breach.create")!.detail!)).toMatchObject({ reason: "order_not_found" });
    expect([breachSnapshot(mine.id), breachSnapshot(other.id)]).toEqual(before);
  });

  it("bad input (future date, before the order was made, no description, no action, over-long text) saves nothing", () => {
    const c = teamCase();
    const orderId = addOrder(c);
    const before = breachSnapshot(c.id);
    const spoc = t.actorFor(SPOC);
    const future = recordBreach(spoc, c.id, breachValues(orderId, dateFields("occurredOn", londonDay(1))));
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.errors.occurredOn).toBe("Date of the breach must be today or in the past");
    const early = recordBreach(spoc, c.id, breachValues(orderId, dateFields("occurredOn", londonDay(-21))));
    if (!early.ok)
      expect(early.errors.occurredOn).toBe("Date of the breach must be on or after the date the order was made");
    expect(early.ok).toBe(false);
    const empty = recordBreach(spoc, c.id, { orderRecordId: orderId });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors).sort()).toEqual(["description", "occurredOn", "policeAction"]);
    const long = recordBreach(spoc, c.id, breachValues(orderId, { description: "x".repeat(2001) }));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors.description).toBe("Description must be 2,000 characters or fewer");
    const noActionDate = recordBreach(
      spoc,
      c.id,
      breachValues(orderId, { "policeActionOn-day": "", "policeActionOn-month": "", "policeActionOn-year": "" }),
    );
    expect(noActionDate.ok).toBe(false);
    if (!noActionDate.ok) expect(noActionDate.errors.policeActionOn).toBe("Enter the date of the police action");
    expect(breachSnapshot(c.id)).toEqual(before);
  });

  it("people not on the team may not record a breach", () => {
    const c = teamCase();
    const orderId = addOrder(c);
    expect(statusOf(() => recordBreach(t.actorFor(SUPERVISOR), c.id, breachValues(orderId)))).toBe(404);
    expect(lastAudit("breach.create")).toMatchObject({ outcome: "denied", subjectId: c.id });
    expect(statusOf(() => recordBreach(t.actorFor(PROSECUTOR), c.id, breachValues(orderId)))).toBe(404);
    expect(count(t, "breaches", "case_id = ?", c.id)).toBe(0);
  });
});

describe("lowering priority after review", () => {
  it("the lead agency's team returns it to standard with a reason, kept and audited; others may not", () => {
    const c = teamCase();
    const orderId = addOrder(c);
    expect(recordBreach(t.actorFor(SPOC), c.id, breachValues(orderId)).ok).toBe(true);
    expect(ordersPage(t.actorFor(ADVOCATE), c.id).priority.canLower).toBe(false);
    expect(statusOf(() => lowerPriority(t.actorFor(ADVOCATE), c.id, { reason: "Reviewed" }))).toBe(404);
    expect(lastAudit("case.priority_lower")).toMatchObject({ outcome: "denied" });

    const missing = lowerPriority(t.actorFor(INVESTIGATOR), c.id, { reason: " " });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.reason).toBe("Enter why the priority can return to standard");
    expect(t.db.select({ p: cases.priority }).from(cases).where(eq(cases.id, c.id)).get()!.p).toBe("raised");

    expect(ordersPage(t.actorFor(INVESTIGATOR), c.id).priority.canLower).toBe(true);
    expect(
      lowerPriority(t.actorFor(INVESTIGATOR), c.id, {
        reason: "Perpetrator remanded in custody; risk reviewed at clinic",
      }).ok,
    ).toBe(true);
    const row = t.db
      .select({ p: cases.priority, r: cases.priorityReason })
      .from(cases)
      .where(eq(cases.id, c.id))
      .get()!;
    expect(row.p).toBe("standard");
    expect(row.r).toContain("Perpetrator remanded in custody; risk reviewed at clinic");
    expect(JSON.parse(lastAudit("case.priority_lower")!.detail!)).toMatchObject({
      reason: "Perpetrator remanded in custody; risk reviewed at clinic",
    });
    // A police supervisor of the lead agency may too (canUpdateCase), but there is nothing left to lower.
    const again = lowerPriority(t.actorFor(SUPERVISOR), c.id, { reason: "Reviewed again" });
    expect(again.ok).toBe(false);
  });
});
