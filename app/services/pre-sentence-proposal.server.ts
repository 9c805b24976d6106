import { eq } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { getDb } from "~/db.server";
import { parseProposalForm, proposalTexts, type SentenceProposal } from "~/domain/pre-sentence-proposal";
import { preSentenceReports } from "../../db/schema";
import { requireCase } from "./case-access.server";
import { checkContactDetails } from "./pre-sentence-contact-check.server";
import { auditPsr, requireOwnDraft, requireReport, type Result, type Values } from "./pre-sentence.server";

/*
 * The structured proposal (issue 17): sentence, requirements and ancillary orders, each with its rationale
 * (app/domain/pre-sentence-proposal.ts). Only the author of a draft sets it. Every text in it reaches the court and
 * the defence, so each is checked for contact details like the author's statements: the victim's recorded details
 * are refused outright; text that only looks like contact details ("not to go to 14 Larkspur Road") is refused with
 * the author's override offered, and the override is stored with the proposal and audited. A refusal changes nothing.
 */

export function setSentenceProposal(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.proposal");
  const row = requireReport(actor, c, reportId, "psr.proposal");
  requireOwnDraft(actor, row, "psr.proposal");
  const form = parseProposalForm(values, row.p.convictedOn);
  if (!form.ok) return { ok: false, errors: form.errors, values };

  const override = values.contactOverride === "confirmed";
  const errors: Record<string, string> = {};
  const overridden = new Set<string>();
  let known = false;
  for (const { field, label, text } of proposalTexts(form.proposal)) {
    const check = checkContactDetails(actor, c.id, text, label, override);
    if (check.ok) check.shapes.forEach((s) => overridden.add(s.kind));
    else {
      known ||= check.known;
      errors[field] = check.known
        ? check.message
        : `${check.message}, or describe it another way (for example "the victim's home" or an area on a map held by the court). If it is not anyone's contact details, confirm that and save again`;
    }
  }
  if (Object.keys(errors).length) {
    auditPsr(actor, "psr.contact_check", c.id, row.r.id, "denied", {
      reason: known ? "victim_contact_in_text" : "contact_shape_in_text",
      fields: Object.keys(errors).length,
    });
    return { ok: false, errors, values, offerContactOverride: !known };
  }

  const at = now.toISOString();
  const kinds = [...overridden].join(",");
  const proposal: SentenceProposal = {
    ...form.proposal,
    contactOverride: kinds ? { at, by: actor.userId, kinds } : null,
  };
  getDb()
    .update(preSentenceReports)
    .set({ sentenceProposal: JSON.stringify(proposal), updatedAt: at })
    .where(eq(preSentenceReports.recordId, row.r.id))
    .run();
  auditPsr(actor, "psr.proposal", c.id, row.r.id, "done", {
    sentence: proposal.sentence.type,
    requirements: proposal.requirements.length,
    ancillary: proposal.ancillary.length,
  });
  if (kinds) auditPsr(actor, "psr.contact_override", c.id, row.r.id, "done", { part: "proposal", kinds });
  return { ok: true };
}
