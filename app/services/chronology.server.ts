import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { formatDate } from "~/domain/dates";
import { toCsv } from "~/domain/csv";
import { cleanText, table, type ExportDocument } from "~/exports/document";
import { CONTENT_TYPES, type ExportedFile } from "~/exports/download.server";
import { renderPdf } from "~/exports/pdf.server";
import { requireCase } from "./case-access.server";
import { listDocuments } from "./documents.server";
import { incidentTimeline } from "./incidents.server";
import { listOrders } from "./protective-orders.server";
import { riskPage } from "./risk-assessment-views.server";

/*
 * A case's chronology (issue 22): the course of conduct (every incident), protective orders, signed-off risk
 * judgements and documents (their metadata), oldest first, cut for the reader: built from the services the case pages use, so each entry is what the
 * reader sees there (an incident they read only in summary says who holds it; one they may not see is not there).
 * As JSON for the API, CSV and PDF for people. Audited as an export.
 */

export type ChronologyEntry = {
  on: string;
  kind: "incident" | "order" | "risk" | "document";
  title: string;
  detail: string;
  agency: string;
};

const KIND_LABELS: Record<ChronologyEntry["kind"], string> = {
  incident: "Incident",
  order: "Protective order",
  risk: "Risk assessment",
  document: "Document",
};

export function caseChronology(actor: Actor, caseId: string, format: "json" | "csv" | "pdf") {
  const c = requireCase(actor, caseId, "chronology.export");
  const entries: ChronologyEntry[] = [];
  for (const i of incidentTimeline(actor, c.id, { behaviour: null, order: "oldest", view: "timeline", page: 1 })
    .incidents) {
    const held = "withheld" in i.detail ? i.detail.heldBy : null;
    entries.push({
      on: i.occurredAt,
      kind: "incident",
      title: i.title,
      detail: held ? `${i.summary} (details held by ${held})` : (i.detail as { description: string }).description,
      agency: i.recordedBy,
    });
  }
  for (const o of listOrders(actor, c.id)) {
    const d = "withheld" in o.details ? null : o.details;
    entries.push({
      on: d?.decidedOn ?? d?.appliedOn ?? o.updatedAt,
      kind: "order",
      title: o.title,
      detail: o.summary,
      agency: o.ownerAgency,
    });
  }
  // Documents (issue 20): their metadata only (the title and summary line every reader of the list sees: type, size,
  // marking), never the description or the file's name, and only those the gate lists for the reader.
  for (const d of listDocuments(actor, c.id).documents) {
    if (d.draft) continue;
    entries.push({
      on: d.createdAt,
      kind: "document",
      title: d.title,
      detail: `${d.summary} (${d.marking})`,
      agency: d.ownerAgency,
    });
  }
  for (const r of riskPage(actor, c.id).picture.entries)
    entries.push({
      on: r.signedOffOn,
      kind: "risk",
      title: `${r.instrument} signed off`,
      detail: `Risk: ${r.riskLevelLabel}`,
      agency: r.ownerAgency,
    });
  entries.sort((a, b) => a.on.localeCompare(b.on));
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "chronology.export",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { format, entries: entries.length },
  });
  return { case: { id: c.id, reference: c.reference }, entries };
}

const HEADER = ["Date", "Kind", "What", "Detail", "Agency or author"];
const rowOf = (e: ChronologyEntry) => [
  formatDate(e.on.slice(0, 10)),
  KIND_LABELS[e.kind],
  cleanText(e.title),
  cleanText(e.detail),
  e.agency,
];

/** The chronology as a CSV or PDF download, cut for the reader. */
export async function chronologyFile(actor: Actor, caseId: string, format: "csv" | "pdf"): Promise<ExportedFile> {
  const { case: c, entries } = caseChronology(actor, caseId, format);
  const filename = `chronology-${c.reference}.${format}`;
  if (format === "csv")
    return {
      filename,
      contentType: "text/csv; charset=utf-8",
      body: Buffer.from(toCsv(HEADER, entries.map(rowOf)), "utf8"),
    };
  const model: ExportDocument = {
    title: `Chronology of case ${c.reference}`,
    marking: "OFFICIAL-SENSITIVE",
    confidentiality: "Cut for the reader: it holds only what they may see in Concord. Do not share it onward.",
    sections: [
      {
        heading: "Course of conduct and key events",
        blocks: entries.length ? [table(HEADER, entries.map(rowOf))] : [],
      },
    ],
    generatedFor: `${actor.name}, ${actor.agencyName}`,
    generatedAt: new Date(),
  };
  return { filename, contentType: CONTENT_TYPES.pdf, body: await renderPdf(model) };
}
