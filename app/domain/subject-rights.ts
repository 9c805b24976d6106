import type { AgencyType } from "./agencies";
import { addCalendarMonths } from "./limitation-deadline";

/*
 * Rectification, objection and restriction requests (issue 21, decision 0057). Pure rules: which law an agency's
 * processing falls under, which rights a person has against it, and the deadline.
 */

export const SUBJECT_RIGHTS = ["rectification", "objection", "restriction"] as const;
export type SubjectRight = (typeof SUBJECT_RIGHTS)[number];

/**
 * Whose processing is for law enforcement (DPA 2018 Part 3: competent authorities acting for the prevention,
 * investigation or prosecution of crime or the execution of criminal penalties): police, CPS, probation and prisons.
 * Advocacy services, health and the partnership office process under the UK GDPR (with DPA 2018 Part 2).
 */
export type ProcessingRegime = "law_enforcement" | "general";
const LAW_ENFORCEMENT: ReadonlySet<AgencyType> = new Set(["police", "cps", "probation", "prison"]);
export function processingRegime(agencyType: AgencyType): ProcessingRegime {
  return LAW_ENFORCEMENT.has(agencyType) ? "law_enforcement" : "general";
}

export const SUBJECT_RIGHT_LABELS: Record<ProcessingRegime, Record<SubjectRight, string>> = {
  general: {
    rectification: "Rectification: correct or complete inaccurate data (UK GDPR Article 16)",
    objection: "Objection: stop processing their data (UK GDPR Article 21)",
    restriction: "Restriction: keep the data but limit its use (UK GDPR Article 18)",
  },
  law_enforcement: {
    rectification: "Rectification: correct or complete inaccurate data (DPA 2018 section 46)",
    objection: "Objection: not a right under DPA 2018 Part 3",
    restriction:
      "Restriction: keep the data but limit its use, where accuracy is contested or it is kept as evidence (DPA 2018 section 47)",
  },
};

/** The rights a person has against an agency's processing: no right to object to law enforcement processing. */
export function rightsUnder(regime: ProcessingRegime): readonly SubjectRight[] {
  return regime === "law_enforcement" ? ["rectification", "restriction"] : SUBJECT_RIGHTS;
}

export const NO_OBJECTION_UNDER_PART_3 =
  "There is no right to object to law enforcement processing (DPA 2018 Part 3). Record it as a request for restriction (section 47) if the person contests the accuracy of the records or asks for them to be erased";

/** One calendar month from receipt (UK GDPR Art 12(3); DPA 2018 s54 for Part 3). */
export function subjectRightsDueOn(receivedOn: string): string {
  return addCalendarMonths(receivedOn, 1);
}

export const SUBJECT_RIGHTS_DECISIONS = ["accept", "refuse"] as const;
export type SubjectRightsDecision = (typeof SUBJECT_RIGHTS_DECISIONS)[number];
