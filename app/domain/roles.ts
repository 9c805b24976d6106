import type { AgencyType } from "./agencies";

/**
 * The roles of DOMAIN.md's "Who uses it" table. `agencyTypes` says which agencies may hold the role;
 * partnership roles can sit in any agency. What each role may see is decided by app/access, not here.
 */
export const ROLES = {
  investigator: { label: "Investigator (officer in the case)", agencyTypes: ["police"], group: "casework" },
  spoc: { label: "Dedicated stalking officer (SPOC)", agencyTypes: ["police"], group: "casework" },
  police_supervisor: { label: "Police supervisor", agencyTypes: ["police"], group: "supervision" },
  advocate: { label: "Stalking advocate (ISAC)", agencyTypes: ["isac"], group: "casework" },
  advocate_manager: { label: "Advocate manager", agencyTypes: ["isac"], group: "supervision" },
  probation_practitioner: { label: "Probation practitioner", agencyTypes: ["probation"], group: "casework" },
  court_team: { label: "Probation court team (pre-sentence author)", agencyTypes: ["probation"], group: "casework" },
  senior_probation_officer: { label: "Senior probation officer", agencyTypes: ["probation"], group: "supervision" },
  forensic_psychologist: { label: "Forensic psychologist", agencyTypes: ["health"], group: "casework" },
  psychiatrist: { label: "Psychiatrist", agencyTypes: ["health"], group: "casework" },
  clinician: { label: "Clinician", agencyTypes: ["health"], group: "casework" },
  clinical_lead: {
    label: "Clinical lead (supervises and countersigns health assessments)",
    agencyTypes: ["health"],
    group: "supervision",
  },
  prosecutor: { label: "Prosecutor", agencyTypes: ["cps"], group: "casework" },
  prison_offender_manager: { label: "Prison offender manager", agencyTypes: ["prison"], group: "casework" },
  clinic_coordinator: { label: "Clinic coordinator", agencyTypes: ["police", "other"], group: "partnership" },
  mappa_coordinator: {
    label: "MAPPA coordinator or chair",
    agencyTypes: ["police", "probation", "prison", "other"],
    group: "partnership",
  },
  performance_lead: { label: "Performance lead", agencyTypes: "any", group: "partnership" },
  auditor: { label: "Auditor or data protection officer", agencyTypes: "any", group: "partnership" },
  // The owning agency's data protection lead (decision 0051): its retention reviews, legal holds and subject access.
  data_protection_lead: {
    label: "Data protection lead (retention reviews and subject access for the agency)",
    agencyTypes: "any",
    group: "partnership",
  },
  agency_admin: { label: "Agency administrator", agencyTypes: "any", group: "administration" },
  system_admin: { label: "System administrator", agencyTypes: ["other"], group: "administration" },
} as const satisfies Record<
  string,
  {
    label: string;
    agencyTypes: readonly AgencyType[] | "any";
    group: "casework" | "supervision" | "partnership" | "administration";
  }
>;

export type Role = keyof typeof ROLES;
export const ROLE_IDS = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLES[role].label : role;
}

/** Roles an agency of this type may give its people. System administrator is never given by an agency administrator. */
export function rolesForAgencyType(type: AgencyType): Role[] {
  return ROLE_IDS.filter((role) => {
    if (role === "system_admin") return false;
    const allowed = ROLES[role].agencyTypes;
    return allowed === "any" || (allowed as readonly string[]).includes(type);
  });
}

export function hasRole(roles: readonly string[], ...wanted: Role[]): boolean {
  return wanted.some((r) => roles.includes(r));
}
