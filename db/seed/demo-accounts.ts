import type { AgencyType } from "../../app/domain/agencies";
import type { Role } from "../../app/domain/roles";

/** The one password every demo account shares (README lists it). Never used outside demo mode. */
export const DEMO_PASSWORD = "Concord-demo-2026!";

export const DEMO_PARTNERSHIP = "Northshire Stalking Partnership";

export const DEMO_AGENCIES: { key: string; name: string; type: AgencyType; domain: string; teams: string[] }[] = [
  {
    key: "police",
    name: "Northshire Police",
    type: "police",
    domain: "police.concord.test",
    teams: ["Stalking Investigation Team", "Public Protection Unit"],
  },
  {
    key: "isac",
    name: "Northshire Stalking Advocacy Service",
    type: "isac",
    domain: "isac.concord.test",
    teams: ["Advocacy team"],
  },
  {
    key: "probation",
    name: "Northshire Probation Delivery Unit",
    type: "probation",
    domain: "probation.concord.test",
    teams: ["Public protection team", "Court team"],
  },
  {
    key: "health",
    name: "Northshire Forensic Mental Health Service",
    type: "health",
    domain: "health.concord.test",
    teams: ["Stalking clinic team"],
  },
  {
    key: "cps",
    name: "CPS Northshire",
    type: "cps",
    domain: "cps.concord.test",
    teams: ["Domestic abuse and stalking unit"],
  },
  {
    key: "prison",
    name: "HMP Northshire",
    type: "prison",
    domain: "prison.concord.test",
    teams: ["Offender management unit"],
  },
  {
    key: "partnership",
    name: "Northshire Stalking Partnership Office",
    type: "other",
    domain: "partnership.concord.test",
    teams: ["Partnership office"],
  },
];

/** One account for every role in DOMAIN.md (synthetic names). */
export const DEMO_ACCOUNTS: { email: string; name: string; agency: string; roles: Role[] }[] = [
  { email: "investigator@police.concord.test", name: "Dana Whitlock", agency: "police", roles: ["investigator"] },
  { email: "spoc@police.concord.test", name: "Sam Okonjo", agency: "police", roles: ["spoc"] },
  { email: "supervisor@police.concord.test", name: "Priya Halden", agency: "police", roles: ["police_supervisor"] },
  { email: "admin@police.concord.test", name: "Morgan Teale", agency: "police", roles: ["agency_admin"] },
  { email: "dpo@police.concord.test", name: "Elin Marchetti", agency: "police", roles: ["data_protection_lead"] },
  { email: "advocate@isac.concord.test", name: "Jess Marlowe", agency: "isac", roles: ["advocate"] },
  { email: "manager@isac.concord.test", name: "Ruth Kessler", agency: "isac", roles: ["advocate_manager"] },
  {
    email: "practitioner@probation.concord.test",
    name: "Lee Farrant",
    agency: "probation",
    roles: ["probation_practitioner"],
  },
  { email: "court@probation.concord.test", name: "Noor Baptiste", agency: "probation", roles: ["court_team"] },
  {
    email: "spo@probation.concord.test",
    name: "Gareth Linley",
    agency: "probation",
    roles: ["senior_probation_officer"],
  },
  {
    email: "psychologist@health.concord.test",
    name: "Dr Imogen Vale",
    agency: "health",
    roles: ["forensic_psychologist"],
  },
  { email: "psychiatrist@health.concord.test", name: "Dr Tomasz Reid", agency: "health", roles: ["psychiatrist"] },
  { email: "clinician@health.concord.test", name: "Ada Quarrie", agency: "health", roles: ["clinician"] },
  { email: "lead@health.concord.test", name: "Dr Selin Ardent", agency: "health", roles: ["clinical_lead"] },
  { email: "prosecutor@cps.concord.test", name: "Hannah Pell", agency: "cps", roles: ["prosecutor"] },
  { email: "pom@prison.concord.test", name: "Owen Stroud", agency: "prison", roles: ["prison_offender_manager"] },
  {
    email: "clinic@partnership.concord.test",
    name: "Carys Wendle",
    agency: "partnership",
    roles: ["clinic_coordinator"],
  },
  {
    email: "mappa@partnership.concord.test",
    name: "Felix Ambrose",
    agency: "partnership",
    roles: ["mappa_coordinator"],
  },
  {
    email: "performance@partnership.concord.test",
    name: "Rosa Lindqvist",
    agency: "partnership",
    roles: ["performance_lead"],
  },
  { email: "auditor@partnership.concord.test", name: "Idris Penhale", agency: "partnership", roles: ["auditor"] },
  { email: "sysadmin@partnership.concord.test", name: "Vic Harrow", agency: "partnership", roles: ["system_admin"] },
];
