import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createUser, getUser, listUsers, resetSecondFactor, setUserStatus } from "~/services/accounts.server";
import { listAgencies } from "~/services/agencies.server";
import { getSession, listSessions, startSession } from "~/services/sessions.server";
import { type TestDb, caught, setupTestDb } from "./test-db";

let t: TestDb;
let police: string;
let isac: string;

function agencyId(name: string): string {
  return (getDb().$client.prepare("SELECT id FROM agencies WHERE name = ?").get(name) as { id: string }).id;
}
function userCount(): number {
  return (getDb().$client.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}
async function caughtAsync(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
  police = agencyId("Northshire Police");
  isac = agencyId("Northshire Stalking Advocacy Service");
});
afterAll(() => t.cleanup());

describe("administration scope", () => {
  it("an agency administrator lists only their own agency's people", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const own = listUsers(admin, police);
    expect(own.map((u) => u.email).sort()).toEqual([
      "admin@police.concord.test",
      "dpo@police.concord.test",
      "investigator@police.concord.test",
      "spoc@police.concord.test",
      "supervisor@police.concord.test",
    ]);
    expect(own.find((u) => u.email === "spoc@police.concord.test")?.roles).toEqual(["spoc"]);
    expect(listUsers(admin, isac)).toEqual([]);
  });

  it("an agency administrator cannot open a person in another agency (404 that confirms nothing, audited)", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const error = caught(() => getUser(admin, t.userId("advocate@isac.concord.test")));
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "user.read",
      outcome: "denied",
      actorUserId: admin.userId,
      subjectId: t.userId("advocate@isac.concord.test"),
    });
    expect(getUser(admin, t.userId("spoc@police.concord.test")).email).toBe("spoc@police.concord.test");
  });

  it("people without an administration role see no one", () => {
    const investigator = t.actorFor("investigator@police.concord.test");
    expect(listUsers(investigator, police)).toEqual([]);
    expect((caught(() => listAgencies(investigator)) as Response).status).toBe(403);
  });

  it("an agency administrator cannot create people in another agency: 404 and a denied audit row", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const before = userCount();
    const error = caught(() =>
      createUser(admin, isac, { name: "Mallory", email: "mallory@isac.concord.test", roles: ["advocate"] }),
    );
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(404);
    expect(userCount()).toBe(before);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "user.create", outcome: "denied", actorUserId: admin.userId });
  });

  it("an agency administrator creates people in their agency with the agency's roles only", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const refused = createUser(admin, police, { name: "Pat", email: "pat@police.concord.test", roles: ["advocate"] });
    expect(refused).toEqual({ ok: false, errors: { roles: "Select only roles this agency can give" } });
    const sysadmin = createUser(admin, police, {
      name: "Pat",
      email: "pat@police.concord.test",
      roles: ["system_admin"],
    });
    expect(sysadmin.ok).toBe(false);
    const otherTeam = (getDb().$client.prepare("SELECT id FROM teams WHERE agency_id = ?").get(isac) as { id: string })
      .id;
    expect(
      createUser(admin, police, { name: "Pat", email: "pat@police.concord.test", roles: ["spoc"], teamId: otherTeam }),
    ).toEqual({ ok: false, errors: { teamId: "Select a team from the list" } });

    const created = createUser(admin, police, {
      name: "Pat Ngata",
      email: "pat@police.concord.test",
      roles: ["spoc", "investigator"],
    });
    expect(created).toMatchObject({ ok: true, link: expect.stringMatching(/^\/set-password\//) });
    if (!created.ok) return;
    expect(getUser(admin, created.userId)).toMatchObject({
      email: "pat@police.concord.test",
      agencyId: police,
      status: "active",
    });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "user.create", outcome: "done", subjectId: created.userId });
  });

  it("a system administrator may only create agency administrators", () => {
    const sys = t.actorFor("sysadmin@partnership.concord.test");
    expect(createUser(sys, isac, { name: "Ola", email: "ola@isac.concord.test", roles: ["advocate"] })).toEqual({
      ok: false,
      errors: { roles: "Select only roles this agency can give" },
    });
    expect(
      createUser(sys, isac, { name: "Ola", email: "ola@isac.concord.test", roles: ["system_admin"] }),
    ).toMatchObject({ ok: false });
    expect(
      createUser(sys, isac, { name: "Ola", email: "ola@isac.concord.test", roles: ["agency_admin"] }),
    ).toMatchObject({ ok: true });
    expect(listAgencies(sys)).toHaveLength(7);
  });

  it("refuses a duplicate email with a field error and inserts nothing", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const before = userCount();
    const auditBefore = t.auditRows().length;
    const result = createUser(admin, police, {
      name: "Another Dana",
      email: "investigator@police.concord.test",
      roles: ["investigator"],
    });
    expect(result).toEqual({ ok: false, errors: { email: "An account with this email address already exists" } });
    expect(userCount()).toBe(before);
    expect(t.auditRows().length).toBe(auditBefore);
  });

  it("suspending a user ends their sessions; an administrator cannot suspend themself", async () => {
    const admin = t.actorFor("admin@police.concord.test");
    const target = t.userId("spoc@police.concord.test");
    const cookie = await startSession(target, { mfaVerified: true, device: "test" });
    await startSession(target, { mfaVerified: true, device: "test" });
    expect(listSessions(target)).toHaveLength(2);

    expect(await setUserStatus(admin, target, "suspended")).toEqual({ ok: true });
    expect(listSessions(target)).toEqual([]);
    expect(await getSession(new Request("http://x/", { headers: { Cookie: cookie.split(";")[0]! } }))).toBeNull();
    expect(t.auditRows().at(-1)).toMatchObject({ action: "user.suspend", outcome: "done", subjectId: target });
    expect(listUsers(admin, police).find((u) => u.id === target)?.status).toBe("suspended");

    expect(await setUserStatus(admin, admin.userId, "suspended")).toEqual({
      ok: false,
      error: "You cannot suspend or re-enable your own account",
    });
    expect(await setUserStatus(admin, target, "active")).toEqual({ ok: true });
  });

  it("an agency administrator cannot suspend or reset people in another agency", async () => {
    const admin = t.actorFor("admin@police.concord.test");
    const other = t.userId("advocate@isac.concord.test");
    expect(((await caughtAsync(() => setUserStatus(admin, other, "suspended"))) as Response).status).toBe(404);
    expect(((await caughtAsync(() => resetSecondFactor(admin, other))) as Response).status).toBe(404);
    expect(getDb().$client.prepare("SELECT status FROM users WHERE id = ?").get(other)).toEqual({ status: "active" });
  });
});
