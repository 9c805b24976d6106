import { itemsWithReference } from "./meetings.server";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { isWithheld } from "~/access/redact";
import { getDb } from "~/db.server";
import { PRIORITY_LABELS, type AgendaPriority } from "~/domain/agenda";
import { formatDateTime } from "~/domain/dates";
import { MEETING_KIND_LABELS, meetingFamily } from "~/domain/meeting-kinds";
import {
  bullets,
  paragraph,
  run,
  safeFilename,
  type Block,
  type ExportDocument,
  type Section,
} from "~/exports/document";
import { CONTENT_TYPES, type ExportedFile } from "~/exports/download.server";
import { renderPdf, type PdfOptions } from "~/exports/pdf.server";
import type { FieldErrors } from "~/forms/parse-form";
import { meetingInvitees, meetingItems, meetings } from "../../db/schema";
import {
  meetingActor,
  meetingAudit,
  requireChair,
  requireMember,
  requireStatus,
  type MeetingRow,
} from "./meeting-access.server";
import { papersFor, requireAcknowledged, type PaperRecord, type Papers } from "./meeting-items.server";
import type { ReferralPaper } from "./referral-agenda.server";
import { notify } from "./notifications.server";

/*
 * The agenda pack (issue 15). The coordinator (or chair) publishes the agenda, a state on the meeting, audited; from
 * then each invitee who has acknowledged the confidentiality statement opens and downloads (PDF) their own papers.
 * The papers are cut by papersFor, the same code the meeting uses, with the invitee's actor at the meeting's
 * purpose, so the pack holds exactly what the meeting will show them (never a victim's contact details). The PDF
 * is the tagged renderer the minutes and pre-sentence exports use, OFFICIAL-SENSITIVE on every page.
 */

export const NOT_PUBLISHED_MESSAGE =
  "The coordinator has not published the agenda yet. You will be told in Concord when your papers are ready.";

/** The coordinator or chair publishes the agenda of a planned meeting; invitees are told their papers are ready. */
export function publishAgenda(actor: Actor, meetingId: string): { ok: true } | { ok: false; errors: FieldErrors } {
  const { meeting } = requireChair(actor, meetingId, "meeting.agenda_publish", true);
  requireStatus(actor, meeting, ["planned"], "meeting.agenda_publish");
  const items = getDb()
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meeting.id))
    .all();
  if (!items.length)
    return { ok: false, errors: { form: "Add at least one case to the agenda before you publish it" } };
  const at = new Date().toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(meetings)
      .set({ agendaPublishedAt: at, agendaPublishedBy: actor.userId })
      .where(eq(meetings.id, meeting.id))
      .run();
    const invitees = tx
      .select({ id: meetingInvitees.userId })
      .from(meetingInvitees)
      .where(and(eq(meetingInvitees.meetingId, meeting.id), isNull(meetingInvitees.removedAt)))
      .all()
      .map((r) => r.id)
      .filter((id) => id !== actor.userId);
    return notify(
      tx,
      invitees,
      {
        kind: "agenda_published",
        text: "The papers for a meeting you are invited to are ready. Open them in Concord.",
        href: `/meetings/${meeting.id}/pack`,
      },
      at,
    );
  });
  push();
  meetingAudit(actor, meeting, "meeting.agenda_publish", {
    items: items.length,
    republished: meeting.agendaPublishedAt !== null,
  });
  return { ok: true };
}

export type PackSource = {
  title: string;
  kindLabel: string;
  family: "clinic" | "mappa";
  when: string;
  statement: string;
  items: { position: number; caseReference: string; priority: string; minutesAllowed: number; papers: Papers | null }[];
};

function recordBlocks(records: PaperRecord[], empty: string): Block[] {
  if (!records.length) return [paragraph([run(empty, { italic: true })])];
  return [
    bullets(
      records.map((r) => {
        const head = [run(r.line, { bold: true }), run(` (${r.ownerAgency}, ${r.on})`)];
        if (r.detail === null || r.detail === "") return head;
        return [...head, run(isWithheld(r.detail) ? `\nHeld by ${r.detail.heldBy}` : `\n${r.detail}`)];
      }),
    ),
  ];
}

/** The referral first, as on the item page (app/components/referral-paper.tsx). */
function referralBlocks(r: ReferralPaper): Block[] {
  const rows: [string, string][] =
    r.kind === "clinic"
      ? [
          ["Reason for the referral", r.reason],
          ["Current risk", r.currentRisk],
          ["What the clinic is asked to do", r.ask],
        ]
      : [
          ["MAPPA level", r.level],
          ["Reason for the referral", r.reason || "Not given"],
        ];
  return [paragraph(`From ${r.from}, ${r.on}`), bullets(rows.map(([k, v]) => [run(`${k}: `, { bold: true }), run(v)]))];
}

/** The pack as a document model (pure: papers already cut for the reader, the clock passed in). */
export function buildAgendaPackDocument(
  source: PackSource,
  reader: { name: string; agencyName: string },
  generatedAt: Date,
): ExportDocument {
  const sections: Section[] = source.items.map((item) => {
    const p = item.papers;
    const heading = `Item ${item.position}: ${item.caseReference}`;
    const intro = paragraph(
      `${PRIORITY_LABELS[item.priority as AgendaPriority] ?? item.priority}, ${item.minutesAllowed} minutes.`,
    );
    if (!p)
      return {
        heading,
        blocks: [intro, paragraph([run("You may not see the papers for this case.", { italic: true })])],
      };
    return {
      heading,
      blocks: [intro],
      subsections: [
        ...(p.referral ? [{ heading: "The referral", blocks: referralBlocks(p.referral) }] : []),
        {
          heading: "Risk picture",
          blocks: p.riskPicture.length
            ? [
                bullets(
                  p.riskPicture.map((r) => [
                    run(`${r.instrument} (${r.ownerAgency}): `),
                    run(r.riskLevelLabel, { bold: true }),
                  ]),
                ),
              ]
            : [paragraph([run("No signed-off risk assessments you may see.", { italic: true })])],
        },
        { heading: "Recent incidents", blocks: recordBlocks(p.incidents, "No incidents you may see.") },
        { heading: "Orders", blocks: recordBlocks(p.orders, "No orders you may see.") },
        { heading: "Breaches", blocks: recordBlocks(p.breaches, "No breaches you may see.") },
        { heading: "Information from agencies", blocks: recordBlocks(p.notes, "No other information you may see.") },
        { heading: "Documents", blocks: recordBlocks(p.documents, "No documents you may see.") },
        {
          heading: "Open actions",
          blocks: p.openActions.length
            ? [bullets(p.openActions.map((a) => `${a.text}: ${a.owner}, due ${a.due}${a.overdue ? " (overdue)" : ""}`))]
            : [paragraph([run("No open actions.", { italic: true })])],
        },
      ],
    };
  });
  return {
    title: source.title,
    subtitle: `Agenda and papers: ${source.kindLabel}, ${source.when}`,
    marking: "OFFICIAL-SENSITIVE",
    confidentiality: source.statement,
    sections: [
      {
        heading: "Agenda",
        blocks: source.items.length
          ? [bullets(source.items.map((i) => `Item ${i.position}: ${i.caseReference} (${i.minutesAllowed} minutes)`))]
          : [paragraph("There are no items on the agenda.")],
      },
      ...sections,
    ],
    generatedFor: `Papers cut for ${reader.name} (${reader.agencyName}) on ${formatDateTime(generatedAt)}: what you may see of each case. Victims' contact details are never shown at a meeting. Do not share these papers beyond the meeting without the chair's agreement.`,
    generatedAt,
  };
}

function packSource(actor: Actor, meetingId: string, action: string): { meeting: MeetingRow; source: PackSource } {
  const { meeting, invitee } = requireMember(actor, meetingId, action);
  if (!meeting.agendaPublishedAt) {
    meetingAudit(actor, meeting, action, { reason: "not_published" }, null, "denied");
    throw new Response(NOT_PUBLISHED_MESSAGE, {
      status: 409,
      statusText: "Conflict",
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  requireAcknowledged(actor, meeting, invitee, action);
  const reader = meetingActor(actor, meeting);
  const rows = itemsWithReference(meeting.id);
  return {
    meeting,
    source: {
      title: meeting.title,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      family: meetingFamily(meeting.kind),
      when: formatDateTime(meeting.startsAt),
      statement: meeting.confidentialityStatement,
      items: rows.map(({ i, reference }) => ({
        position: i.position,
        caseReference: reference,
        priority: i.priority,
        minutesAllowed: i.minutesAllowed,
        papers: papersFor(reader, meeting, i),
      })),
    },
  };
}

/** The invitee's pack as a document model (the pack page shows it; the PDF renders it). 409 before publication. */
export function agendaPackDocument(actor: Actor, meetingId: string, now = new Date()): ExportDocument {
  const { meeting, source } = packSource(actor, meetingId, "meeting.pack_view");
  meetingAudit(actor, meeting, "meeting.pack_view", { items: source.items.length }, null, "allowed");
  return buildAgendaPackDocument(source, { name: actor.name, agencyName: actor.agencyName }, now);
}

/** The invitee's pack as a PDF, audited as "meeting.pack_export". */
export async function exportAgendaPack(
  actor: Actor,
  meetingId: string,
  options: PdfOptions = {},
): Promise<ExportedFile> {
  const { meeting, source } = packSource(actor, meetingId, "meeting.pack_export");
  const body = await renderPdf(
    buildAgendaPackDocument(source, { name: actor.name, agencyName: actor.agencyName }, new Date()),
    options,
  );
  meetingAudit(actor, meeting, "meeting.pack_export", { bytes: body.length, items: source.items.length });
  // Like the minutes: the name says what the file is without naming anyone.
  return {
    filename: safeFilename(`concord-agenda-pack-${source.family}-${source.when.split(" at ")[0]}`, "pdf"),
    contentType: CONTENT_TYPES.pdf,
    body,
  };
}
