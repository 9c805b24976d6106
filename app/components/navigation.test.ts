import { describe, expect, it } from "vitest";
import { isCurrent, navigationFor } from "./navigation";

describe("navigationFor", () => {
  it("shows caseworkers their cases, search and shares, and no administration", () => {
    expect(navigationFor({ roles: ["investigator"], agencyId: "a1" }).map((i) => i.href)).toEqual(["/", "/cases", "/search", "/people/search", "/shared", "/meetings", "/account/sessions"]);
  });

  it("shows supervisors their review queue and auditors the audit log, not cases", () => {
    expect(navigationFor({ roles: ["police_supervisor"], agencyId: "a1" }).map((i) => i.href)).toContain("/reviews");
    const auditor = navigationFor({ roles: ["auditor"], agencyId: "a1" }).map((i) => i.href);
    expect(auditor).toEqual(["/", "/reviews", "/audit", "/admin/agreements", "/account/sessions"]);
  });

  it("shows the action tracker to coordinators and supervisors only", () => {
    expect(navigationFor({ roles: ["clinic_coordinator"], agencyId: "a1" }).map((i) => i.href)).toContain("/actions");
    expect(navigationFor({ roles: ["senior_probation_officer"], agencyId: "a1" }).map((i) => i.href)).toContain("/actions");
    expect(navigationFor({ roles: ["investigator"], agencyId: "a1" }).map((i) => i.href)).not.toContain("/actions");
  });

  it("shows an agency administrator their own agency's people", () => {
    const items = navigationFor({ roles: ["agency_admin"], agencyId: "a1" });
    expect(items).toContainEqual({ href: "/admin/agencies/a1", text: "People" });
    expect(items.map((i) => i.text)).not.toContain("Agencies");
  });

  it("shows a system administrator the agencies and the email outbox", () => {
    const items = navigationFor({ roles: ["system_admin"], agencyId: "a9" });
    expect(items.map((i) => i.href)).toEqual(["/", "/admin/agencies", "/admin/outbox", "/admin/agreements", "/account/sessions"]);
  });
});

describe("isCurrent", () => {
  it("marks the home page only on /", () => {
    expect(isCurrent("/", "/")).toBe(true);
    expect(isCurrent("/", "/admin/agencies")).toBe(false);
  });

  it("marks a section on its own page and pages below it, not on a longer name", () => {
    expect(isCurrent("/admin/agencies", "/admin/agencies")).toBe(true);
    expect(isCurrent("/admin/agencies", "/admin/agencies/123/users/new")).toBe(true);
    expect(isCurrent("/admin/agencies", "/admin/agencies-archive")).toBe(false);
  });
});
