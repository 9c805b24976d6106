import { asSubject, defineAbilityFor, type AppAbility } from "./ability";
import type { Actor } from "./actor";
import { CATEGORIES_BY_AGENCY } from "./baseline-policy";

/**
 * May the actor add a note to this case: the gate lets them create a record of at least one category their agency
 * records (a case-working member of the case team). The "Add a note" links and the note form and action all ask
 * this one question (issue 16 item 7: the link was shown to people who could open the case but not add to it, such as
 * a meeting's panel, and led to "Page not found").
 */
export function mayAddNote(actor: Actor, caseId: string, ability: AppAbility = defineAbilityFor(actor)): boolean {
  return CATEGORIES_BY_AGENCY[actor.agencyType].some((category) =>
    ability.can("create", asSubject("CaseRecord", { caseId, ownerAgencyId: actor.agencyId, category })),
  );
}

/** May the actor upload a document to this case: the same question as adding a note (a document is a case record
 *  of a category their agency records). The "Upload documents" link, the form and the upload ask this. */
export const mayAddDocument = mayAddNote;
