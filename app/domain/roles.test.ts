import { describe, expect, it } from "vitest";
import { AGENCY_TYPES } from "./agencies";
import { hasRole, isRole, ROLE_IDS, roleLabel, ROLES, rolesForAgencyType } from "./roles";

describe("role catalogue", () => {
  it("has 21 roles, each with a label", () => {
    expect(ROLE_IDS).toHaveLength(21);
    for (const role of ROLE_IDS) expect(ROLES[role].label.length).toBeGreaterThan(0);
  });

  it("never offers system administrator to any agency", () => {
    for (const type of AGENCY_TYPES) expect(rolesForAgencyType(type)).not.toContain("system_admin");
  });

  it("gives police the police roles and partnership roles, but not other agencies' roles", () => {
    const police = rolesForAgencyType("police");
    expect(police).toEqual(
      expect.arrayContaining([
        "investigator",
        "spoc",
        "police_supervisor",
        "clinic_coordinator",
        "mappa_coordinator",
        "performance_lead",
        "auditor",
        "agency_admin",
      ]),
    );
    expect(police).not.toContain("advocate");
    expect(police).not.toContain("prosecutor");
    expect(police).not.toContain("probation_practitioner");
  });

  it("gives each agency type only roles allowed for it", () => {
    for (const type of AGENCY_TYPES) {
      for (const role of rolesForAgencyType(type)) {
        const allowed = ROLES[role].agencyTypes;
        expect(allowed === "any" || (allowed as readonly string[]).includes(type)).toBe(true);
      }
    }
    expect(rolesForAgencyType("isac")).toEqual(expect.arrayContaining(["advocate", "advocate_manager"]));
    expect(rolesForAgencyType("cps")).toContain("prosecutor");
    expect(rolesForAgencyType("cps")).not.toContain("clinic_coordinator");
    expect(rolesForAgencyType("prison")).toEqual(
      expect.arrayContaining(["prison_offender_manager", "mappa_coordinator"]),
    );
  });

  it("every agency type may have an agency administrator", () => {
    for (const type of AGENCY_TYPES) expect(rolesForAgencyType(type)).toContain("agency_admin");
  });

  it("recognises roles and labels them", () => {
    expect(isRole("spoc")).toBe(true);
    expect(isRole("toString")).toBe(false);
    expect(isRole("superuser")).toBe(false);
    expect(roleLabel("spoc")).toBe("Dedicated stalking officer (SPOC)");
    expect(roleLabel("unknown_role")).toBe("unknown_role");
    expect(hasRole(["advocate"], "investigator", "advocate")).toBe(true);
    expect(hasRole(["advocate"], "investigator")).toBe(false);
  });
});
