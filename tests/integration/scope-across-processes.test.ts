// The scope() cache is per process (decision 0011). With a worker per core, a change made through one process
// must apply to the very next request in every other, with its cache warm: a team membership ended or given back,
// a share given or revoked. The second process is a real one (tests/integration/processes/scope-probe.ts).
import { and, eq } from "drizzle-orm";
import type { ChildProcess } from "node:child_process";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, removeMember } from "~/services/case-team.server";
import { revokeShare, shareRecord } from "~/services/shares.server";
import { saveContact } from "~/services/victim-care.server";
import { caseRecords } from "../../db/schema";
import { makeCase } from "./order-fixtures";
import { startProcess } from "./processes/run";
import { setupTestDb, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

let t: TestDb;
let probe: ChildProcess;
let replies: AsyncIterator<string>;

async function ask<T>(request: Record<string, string>): Promise<T> {
  probe.stdin!.write(`${JSON.stringify(request)}\n`);
  const next = await replies.next();
  const reply = JSON.parse(next.value as string) as T & { error?: string };
  if (reply.error) throw new Error(reply.error);
  return reply;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  probe = startProcess("tests/integration/processes/scope-probe.ts", { DATABASE_PATH: t.databasePath }).child;
  replies = readline.createInterface({ input: probe.stdout! })[Symbol.asyncIterator]();
  expect(JSON.parse((await replies.next()).value as string)).toEqual({ ready: true });
});
afterAll(() => {
  probe.kill();
  t.cleanup();
});

type Cases = { ids: string[]; total: number; cached: number };

describe("a change made in one process, seen by another with its scope cache warm", () => {
  it("ending and giving back a team membership changes the other process's next case list", async () => {
    const c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [SPOC, "officer_in_case"],
      ],
      daysAgo: 0,
    });
    const before = await ask<Cases>({ op: "cases", email: INVESTIGATOR });
    expect(before.ids).toContain(c.id);
    const again = await ask<Cases>({ op: "cases", email: INVESTIGATOR });
    expect(again).toEqual(before);
    expect(again.cached).toBeGreaterThan(0);

    expect(removeMember(t.actorFor(SPOC), c.id, { userId: t.userId(INVESTIGATOR) })).toMatchObject({ ok: true });
    const removed = await ask<Cases>({ op: "cases", email: INVESTIGATOR });
    expect(removed.ids).not.toContain(c.id);
    expect(removed.total).toBe(before.total - 1);

    expect(
      addMember(t.actorFor(SPOC), c.id, { userId: t.userId(INVESTIGATOR), roleInCase: "officer_in_case" }),
    ).toMatchObject({ ok: true });
    const back = await ask<Cases>({ op: "cases", email: INVESTIGATOR });
    expect(back.ids).toContain(c.id);
    expect(back.total).toBe(before.total);
  });

  it("giving and revoking a share of victim contact details changes what the other process shows at once", async () => {
    const worked = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [ADVOCATE, "advocate"],
        [PRACTITIONER, "offender_manager"],
      ],
    }).id;
    const saved = saveContact(t.actorFor(ADVOCATE), worked, {
      baseVersion: "0",
      address: "3 Quillon Row, Northshire NS9 2ZZ",
      phone: "07700 900456",
      email: "",
      workplace: "",
      safeTimes: "Weekdays",
      safeMethod: "phone_call",
      avoidMethods: ["letter"],
      leaveMessages: "no",
      notes: "",
    });
    if (!saved.ok) throw new Error(`contact not saved: ${JSON.stringify(saved)}`);
    const contact = t.db
      .select({ id: caseRecords.id })
      .from(caseRecords)
      .where(and(eq(caseRecords.caseId, worked), eq(caseRecords.kind, "victim_contact")))
      .get()!.id;
    const state = async () =>
      (await ask<{ state: string }>({ op: "contact", email: PRACTITIONER, caseId: worked })).state;
    expect(await state()).toBe("withheld");
    expect(await state()).toBe("withheld");

    const shared = shareRecord(t.actorFor(ADVOCATE), contact, {
      recipientKind: "user",
      userEmail: PRACTITIONER,
      purpose: "case_work",
      lawfulBasis: "cda_1998_s115",
      "expires-day": "",
      "expires-month": "",
      "expires-year": "",
    });
    if (!shared.ok) throw new Error(`share refused: ${JSON.stringify(shared.errors)}`);
    expect(await state()).toBe("shown");

    revokeShare(t.actorFor(ADVOCATE), shared.shareId);
    expect(await state()).toBe("withheld");
  });
});
