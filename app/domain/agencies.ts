export const AGENCY_TYPES = ["police", "isac", "probation", "health", "cps", "prison", "other"] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const AGENCY_TYPE_LABELS: Record<AgencyType, string> = {
  police: "Police",
  isac: "Stalking advocacy service (ISAC)",
  probation: "Probation",
  health: "Health",
  cps: "Crown Prosecution Service",
  prison: "Prison",
  other: "Other duty-to-cooperate agency or partnership office",
};

export function isAgencyType(value: string): value is AgencyType {
  return (AGENCY_TYPES as readonly string[]).includes(value);
}
