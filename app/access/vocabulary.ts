// The words the access model decides with. Data, not scattered constants (DOMAIN.md).

export const CATEGORIES = [
  "case_core",
  "victim_contact",
  "victim_care",
  "perpetrator",
  "clinical",
  "police_intelligence",
  "risk_assessment",
  "victim_risk_assessment",
  "investigation",
  "meeting_minutes",
  "pre_sentence",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  case_core: "Case core (reference, status, parties' names, relationship, perpetrator type)",
  victim_contact: "Victim contact and location",
  victim_care: "Victim care (needs assessment, safety plan, support notes)",
  perpetrator: "Perpetrator details",
  clinical: "Clinical information",
  police_intelligence: "Police intelligence",
  risk_assessment: "Risk assessments",
  victim_risk_assessment: "Victim-focused risk assessments (DASH with S-DASH)",
  investigation: "Investigation and evidence",
  meeting_minutes: "Meeting minutes and MAPPA documents",
  pre_sentence: "Pre-sentence input",
};

export const CAVEATS = [
  "victim_confidential",
  "health_confidential",
  "police_intelligence",
  "not_for_perpetrator_facing",
] as const;
export type Caveat = (typeof CAVEATS)[number];

export const CAVEAT_LABELS: Record<Caveat, string> = {
  victim_confidential: "Victim-confidential",
  health_confidential: "Health-confidential",
  police_intelligence: "Police intelligence",
  not_for_perpetrator_facing: "Not for perpetrator-facing staff",
};

export const MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE"] as const;
export type Marking = (typeof MARKINGS)[number];

export const RECORD_STATUSES = ["draft", "signed_off"] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const PURPOSES = [
  "case_work",
  "clinic_meeting",
  "mappa_meeting",
  "pre_sentence_report",
  "prosecution",
  "oversight",
  "break_glass",
  "countersign",
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Record<Purpose, string> = {
  case_work: "Case work",
  clinic_meeting: "Clinic meeting",
  mappa_meeting: "MAPPA meeting",
  pre_sentence_report: "Pre-sentence report",
  prosecution: "Prosecution",
  oversight: "Oversight",
  break_glass: "Emergency access (break-glass)",
  countersign: "Countersigning (a supervisor of the author's agency)",
};

export const LAWFUL_BASES = [
  "cda_1998_s115",
  "cja_2003_s325",
  "dpa_2018_part3",
  "dpa_2018_s8_public_task",
  "consent",
  "vital_interests",
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  cda_1998_s115: "Crime and Disorder Act 1998, section 115",
  cja_2003_s325: "Criminal Justice Act 2003, section 325 (MAPPA duty to co-operate)",
  dpa_2018_part3: "Data Protection Act 2018, Part 3 (law enforcement processing)",
  dpa_2018_s8_public_task: "UK GDPR Article 6(1)(e) and Data Protection Act 2018, section 8 (public task)",
  consent: "Consent of the person",
  vital_interests: "Vital interests (to protect someone's life)",
};

/** Access levels, weakest first. "summary" shows the record's summary line only. */
export const LEVELS = ["none", "summary", "full"] as const;
export type Level = (typeof LEVELS)[number];
