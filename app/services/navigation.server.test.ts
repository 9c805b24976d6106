import { describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import type { Role } from "~/domain/roles";
import { navigationFor } from "./navigation.server";

function actorWith(roles: Role[], agencyId = "a1", agencyType: Actor["agencyType"] = "police"): Actor {
  return {
    userId: "u-1",
    name: "Test Person",
    email: "t@example.test",
    agencyId,
    agencyName: "Agency",
    agencyType,
    partnershipId: "p-1",
    teamId: null,
    roles,
    sessionId: "s-1",
    purpose: "case_work",
    caseIds: [],
    agendaCaseIds: [],
    meetingIds: [],
    breakGlassCaseIds: [],
    sharedRecordIds: [],
    agreements: [],
  };
}
const hrefs = (roles: Role[], agencyType: Actor["agencyType"] = "police") =>
  navigationFor(actorWith(roles, "a1", agencyType)).map((i) => i.href);

describe("navigationFor", () => {
  it("shows caseworkers their cases, search and shares, and no administration", () => {
    expect(hrefs(["investigator"])).toEqual([
      "/",
      "/cases",
      "/search",
      "/people/search",
      "/shared",
      "/meetings",
      "/account/sessions",
    ]);
  });

  it("shows a data protection lead their agency's retention reviews, subject access and the schedules, not cases", () => {
    expect(hrefs(["data_protection_lead"])).toEqual([
      "/",
      "/retention",
      "/subject-access",
      "/admin/retention",
      "/account/sessions",
    ]);
  });

  it("shows supervisors their review queue and auditors the audit log, not cases", () => {
    expect(hrefs(["police_supervisor"])).toContain("/reviews");
    expect(hrefs(["auditor"])).toEqual([
      "/",
      "/reviews",
      "/audit",
      "/admin/agreements",
      "/admin/retention",
      "/account/sessions",
    ]);
  });

  it("shows the action tracker to coordinators and supervisors only", () => {
    expect(hrefs(["clinic_coordinator"], "health")).toContain("/actions");
    expect(hrefs(["senior_probation_officer"], "probation")).toContain("/actions");
    expect(hrefs(["investigator"])).not.toContain("/actions");
  });

  it("shows the referral queues to the coordinators who work them and MAPPA's to supervisors who endorse", () => {
    expect(hrefs(["clinic_coordinator"], "health")).toContain("/clinic/referrals");
    expect(hrefs(["mappa_coordinator"], "probation")).toContain("/mappa/referrals");
    expect(hrefs(["police_supervisor"])).toContain("/mappa/referrals");
    expect(hrefs(["investigator"])).not.toContain("/clinic/referrals");
    expect(hrefs(["investigator"])).not.toContain("/mappa/referrals");
  });

  it("shows an agency administrator their own agency's people", () => {
    const items = navigationFor(actorWith(["agency_admin"]));
    expect(items).toContainEqual({ href: "/admin/agencies/a1", text: "People" });
    expect(items.map((i) => i.text)).not.toContain("Agencies");
  });

  it("shows a system administrator the agencies and the email outbox, and not a People link of their own", () => {
    expect(hrefs(["system_admin"])).toEqual([
      "/",
      "/admin/agencies",
      "/admin/outbox",
      "/admin/agreements",
      "/admin/retention",
      "/admin/emails",
      "/account/sessions",
    ]);
  });
});
