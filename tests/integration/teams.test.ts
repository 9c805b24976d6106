import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeam, getAgency } from "~/services/agencies.server";
import { type TestDb, setupTestDb, statusOf } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("teams", () => {
  it("an agency administrator adds a team to their own agency, audited", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const result = createTeam(admin, admin.agencyId, { teamName: "Harassment and Stalking Unit" });
    expect(result.ok).toBe(true);
    expect(getAgency(admin, admin.agencyId).teams.map((x) => x.name)).toContain("Harassment and Stalking Unit");
    expect(t.auditRows().at(-1)).toMatchObject({ action: "team.create", outcome: "done" });
  });

  it("refuses a duplicate name (any case) and changes nothing", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const before = getAgency(admin, admin.agencyId).teams.length;
    const result = createTeam(admin, admin.agencyId, { teamName: "harassment and stalking unit" });
    expect(result).toEqual({ ok: false, errors: { teamName: "This agency already has a team with this name" } });
    expect(getAgency(admin, admin.agencyId).teams.length).toBe(before);
  });

  it("an agency administrator cannot add a team to another agency; caseworkers cannot add teams", () => {
    const admin = t.actorFor("admin@police.concord.test");
    const isac = t.actorFor("advocate@isac.concord.test");
    expect(statusOf(() => createTeam(admin, isac.agencyId, { teamName: "Not ours" }))).toBe(404); // another agency's id confirms nothing
    expect(
      statusOf(() => createTeam(t.actorFor("investigator@police.concord.test"), admin.agencyId, { teamName: "Nope" })),
    ).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ outcome: "denied" });
  });

  it("a system administrator adds teams to any agency", () => {
    const sysadmin = t.actorFor("sysadmin@partnership.concord.test");
    const isac = t.actorFor("advocate@isac.concord.test");
    expect(createTeam(sysadmin, isac.agencyId, { teamName: "Outreach" }).ok).toBe(true);
  });
});
