import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { formatDate } from "~/domain/dates";
import { PSR_PROPOSALS, PSR_REPORT_TYPES } from "~/domain/pre-sentence";
import { describeProposal, type SentenceProposal } from "~/domain/pre-sentence-proposal";
import {
  bullets,
  keyValue,
  paragraph,
  run,
  safeFilename,
  sourced,
  table,
  type Block,
  type ExportDocument,
  type Section,
} from "~/exports/document";
import { CONTENT_TYPES, type ExportedFile, type ExportFormat } from "~/exports/download.server";
import { renderDocx } from "~/exports/docx.server";
import { renderPdf } from "~/exports/pdf.server";
import { reportForExport, type ReportView, type StatementView } from "./pre-sentence.server";

/*
 * Signed-off pre-sentence input as a Word or PDF file (issue 7), with each pulled statement's and contribution's
 * provenance as a footnote. Built from the report view for the exporting actor, so a statement whose source they
 * cannot read now is withheld here as on the page, and victim contact records were never pullable at all.
 */

export const NOT_SIGNED_OFF_MESSAGE =
  "This pre-sentence input has not been signed off yet. Only signed-off pre-sentence input can be downloaded.";

export const CONFIDENTIALITY =
  "Prepared for the court by the probation service with the partner agencies named in the footnotes. Each statement taken from a partner's record or contribution gives its source in a footnote. Victim contact details are never included.";

function statementBlock(s: StatementView): Block {
  if (s.withheld)
    return paragraph([
      run("A statement is withheld here: its source is not available to you.", {
        italic: true,
      }),
    ]);
  if (!s.provenance) return paragraph(s.text);
  const p = s.provenance;
  return paragraph([
    sourced(s.text, {
      sourceRecord: p.label,
      agency: p.agency,
      author: p.author,
      date: p.date ? formatDate(p.date) : "",
      adapted: s.adaptedFrom !== null,
    }),
  ]);
}

/** The structured proposal (issue 17) as headed sections: the sentence, each requirement, each ancillary order. */
function proposalSections(proposal: SentenceProposal): Section[] {
  const lines = describeProposal(proposal);
  const rationale = (text: string): [string, string] => ["Rationale", text];
  return [
    {
      heading: "Proposed sentence",
      blocks: [
        keyValue([
          ["Sentence", lines.sentence.label],
          ...(lines.sentence.terms ? [["Terms", lines.sentence.terms] as [string, string]] : []),
          rationale(lines.sentence.rationale),
        ]),
      ],
    },
    {
      heading: "Requirements",
      blocks: lines.requirements.length ? [] : [paragraph("None proposed.")],
      subsections: lines.requirements.map((r) => ({
        heading: r.label,
        blocks: [keyValue([["Terms", r.terms], rationale(r.rationale)])],
      })),
    },
    {
      heading: "Ancillary orders",
      blocks: lines.ancillary.length ? [] : [paragraph("None proposed.")],
      subsections: lines.ancillary.map((a) => ({
        heading: a.label,
        blocks: [
          ...(a.terms.length ? [paragraph([run("Proposed terms", { bold: true })]), bullets(a.terms)] : []),
          keyValue([
            ...(a.duration ? [["Duration", a.duration] as [string, string]] : []),
            ...(a.detail ? [["Details", a.detail] as [string, string]] : []),
            rationale(a.rationale),
          ]),
        ],
      })),
    },
  ];
}

/** The report as a document model (pure: the clock is passed in). */
export function buildReportDocument(view: ReportView, generatedFor: string, generatedAt: Date): ExportDocument {
  // The header block a court expects (issue 17). A detail the exporting reader may not see says who holds it.
  const defendant = (get: (d: { dateOfBirth: string | null; pnc: string | null }) => string) =>
    view.defendants.map((d) => ("withheld" in d ? `Held by ${d.withheld.heldBy}` : get(d))).join("; ") ||
    "Not recorded";
  const details = keyValue([
    ["Defendant", view.defendants.map((d) => d.name).join("; ") || "Not recorded"],
    ["Date of birth", defendant((d) => (d.dateOfBirth ? formatDate(d.dateOfBirth) : "Not recorded"))],
    ["PNC number", defendant((d) => d.pnc ?? "Not recorded")],
    ["Case reference", view.reference],
    ["Court", view.court],
    ["Date of conviction", view.convictedOn ? formatDate(view.convictedOn) : "Not recorded"],
    ["Sentencing hearing", formatDate(view.hearingOn)],
    [
      "Offences convicted",
      view.offencesInFull
        .map((o) => (o.statute && !o.offence.includes(o.statute) ? `${o.offence} (${o.statute})` : o.offence))
        .join("; ") || "None recorded",
    ],
    ["Report", view.reportType ? PSR_REPORT_TYPES[view.reportType] : "Pre-sentence input"],
    ["Author", `${view.author}, ${view.authorAgency}`],
    ["Date", formatDate(view.signedOffAt ?? generatedAt)],
    [
      "Signed off by",
      view.signedOffBy && view.signedOffAt
        ? `${view.signedOffBy} on ${formatDate(view.signedOffAt)}`
        : "Not signed off",
    ],
  ]);
  const sources: Section = {
    heading: "Sources",
    blocks: view.sources.length
      ? [
          table(
            ["Record or contribution", "Agency", "Author", "Version", "Date"],
            view.sources.map((s) => [
              s.label,
              s.agency,
              s.author,
              s.version === null ? "" : String(s.version),
              s.date ? formatDate(s.date) : "",
            ]),
            "Every record and contribution drawn on",
          ),
        ]
      : [paragraph("No statement was taken from a record or a partner.")],
  };
  const sections: Section[] = view.sections.map((s) => {
    const blocks: Block[] = [];
    // Issue 7's checklist is shown only for input that never had a structured proposal.
    if (s.code === "proposal" && !view.sentenceProposal)
      blocks.push(
        view.proposals.length ? bullets(view.proposals.map((p) => PSR_PROPOSALS[p])) : paragraph("No proposal chosen."),
      );
    blocks.push(...s.statements.map(statementBlock));
    const subsections = s.code === "proposal" && view.sentenceProposal ? proposalSections(view.sentenceProposal) : [];
    if (!blocks.length && !subsections.length) blocks.push(paragraph("Nothing recorded."));
    return { heading: s.heading, blocks, subsections };
  });
  return {
    title: "Pre-sentence input",
    subtitle: `${view.reference}: ${view.court}, sentencing hearing on ${formatDate(view.hearingOn)}`,
    marking: "OFFICIAL-SENSITIVE",
    confidentiality: CONFIDENTIALITY,
    sections: [{ heading: "Details", blocks: [details] }, ...sections, sources],
    generatedFor,
    generatedAt,
  };
}

function auditExport(
  actor: Actor,
  view: ReportView,
  outcome: "done" | "denied",
  detail: Record<string, string | number>,
) {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "psr.export",
    subjectType: "CaseRecord",
    subjectId: view.id,
    caseId: view.caseId,
    purpose: outcome === "done" ? actor.purpose : undefined,
    outcome,
    detail,
  });
}

/** The signed-off report as a file, audited as "psr.export" with the format; 409 while it is not signed off. */
export async function exportReport(
  actor: Actor,
  caseId: string,
  reportId: string,
  format: ExportFormat,
  now = new Date(),
): Promise<ExportedFile> {
  const view = reportForExport(actor, caseId, reportId, now);
  const detail = {
    format,
    statements: view.sections.reduce((n, s) => n + s.statements.length, 0),
  };
  if (view.state !== "signed_off") {
    auditExport(actor, view, "denied", { ...detail, reason: `state_${view.state}` });
    throw new Response(NOT_SIGNED_OFF_MESSAGE, { status: 409 });
  }
  const model = buildReportDocument(view, `${actor.name}, ${actor.agencyName}`, now);
  const body = format === "docx" ? await renderDocx(model) : await renderPdf(model);
  auditExport(actor, view, "done", { ...detail, bytes: body.length });
  return {
    filename: safeFilename(`concord-pre-sentence-input-${view.reference}`, format),
    contentType: CONTENT_TYPES[format],
    body,
  };
}
