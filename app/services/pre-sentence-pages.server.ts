import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { PSR_SECTIONS } from "~/domain/pre-sentence";
import { requireCase } from "./case-access.server";
import { caseHeaderData } from "./case-records.server";
import { inputRecipients } from "./pre-sentence-requests.server";
import { mayStartReport, offenceChoices, reportsOnCase, reportView } from "./pre-sentence.server";

/*
 * What the pre-sentence input pages load (issue 7), put together from the services in pre-sentence*.server.ts,
 * which make every access decision and audit every read.
 */

/** The case's pre-sentence input page: the reports the actor can read, and whether they can start one. */
export function preSentenceCasePage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "psr.list");
  const mayStart = mayStartReport(actor, c.id);
  return {
    case: caseHeaderData(c),
    reports: reportsOnCase(actor, c.id),
    mayStart,
    offences: mayStart ? offenceChoices() : [],
  };
}

/** The "ask a partner for input" page: only the author of a draft (askForInput refuses anyone else too). */
export function askPage(actor: Actor, caseId: string, reportId: string) {
  const view = reportView(actor, caseId, reportId);
  if (!view.mayEdit) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "psr.request",
      subjectType: "CaseRecord",
      subjectId: view.id,
      caseId: view.caseId,
      outcome: "denied",
      detail: { reason: view.state !== "draft" ? `state_${view.state}` : "not_author" },
    });
    throw new Response("Only the author can ask for input while the pre-sentence input is a draft", { status: 403 });
  }
  return {
    case: view.case,
    report: { id: view.id, court: view.court, hearingOn: view.hearingOn },
    sections: PSR_SECTIONS.map((s) => ({ value: s.code, text: s.heading })),
    recipients: inputRecipients(actor, view.caseId),
  };
}
