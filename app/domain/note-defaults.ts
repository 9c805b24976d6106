import { CATEGORIES_BY_AGENCY, DEFAULT_CAVEATS } from "~/access/baseline-policy";
import type { Caveat, Category, Marking } from "~/access/vocabulary";
import type { AgencyType } from "./agencies";

/**
 * The category a new note starts at, by the author's agency. Each default is the narrowest category that fits
 * what that agency usually writes, so a note shared more widely is a choice the author makes, never an accident:
 * police and CPS notes are investigation material, advocates write about the victim's care, probation and
 * prisons about the perpetrator, health about their clinical work. Agencies that record nothing have none.
 */
export const NOTE_DEFAULT_CATEGORY: Record<AgencyType, Category | null> = {
  police: "investigation",
  isac: "victim_care",
  probation: "perpetrator",
  health: "clinical",
  cps: "investigation",
  prison: "perpetrator",
  other: null,
};

export type NoteDefaults = { category: Category | null; marking: Marking; caveats: Caveat[] };

/** What the new-note form starts with: the agency's category, OFFICIAL-SENSITIVE, and that category's default caveats. */
export function noteDefaults(agencyType: AgencyType): NoteDefaults {
  const category = NOTE_DEFAULT_CATEGORY[agencyType];
  // Never offer a default the agency may not record (the form would refuse it).
  const usable = category && CATEGORIES_BY_AGENCY[agencyType].includes(category) ? category : null;
  return {
    category: usable,
    marking: "OFFICIAL-SENSITIVE",
    caveats: usable ? [...(DEFAULT_CAVEATS[usable] ?? [])] : [],
  };
}
