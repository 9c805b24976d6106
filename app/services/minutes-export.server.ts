import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { mayDownloadMinutes } from "~/access/minutes-download";
import { formatDateTime } from "~/domain/dates";
import { PLAN_HEADINGS, type RiskManagementPlan } from "~/domain/meeting-kinds";
import {
  bullets,
  keyValue,
  paragraph,
  paragraphsFromText,
  run,
  safeFilename,
  table,
  type Block,
  type ExportDocument,
  type Section,
} from "~/exports/document";
import { renderDocx } from "~/exports/docx.server";
import { renderPdf } from "~/exports/pdf.server";
import { CONTENT_TYPES, type ExportedFile, type ExportFormat } from "~/exports/download.server";
import type { ItemOutcome, MinutesStructure } from "./meeting-outcomes.server";
import { minutesRecord } from "./meetings.server";

/*
 * Signed-off minutes as a Word or PDF file (issue 6). The content comes only from the meeting service's
 * minutesRecord(actor, ...), which decides who may read the minutes (invitees, or, once signed off, those the
 * chair agreed to share them with; everyone else 404, audited). meetingView is not used: it admits invitees
 * only and assembles each attendee's papers, which the minutes do not carry. Papers are never exported: the
 * minutes are what the meeting recorded, not what each attendee was shown.
 */

/** What the minutes document is built from: a plain projection of the meeting service's minutes record. */
export type MinutesSource = {
  meetingId: string;
  title: string;
  kindLabel: string;
  family: "clinic" | "mappa";
  status: string;
  /** When the meeting was held, as shown ("7 March 2026 at 2:00pm"). */
  when: string;
  chair: string;
  statement: string;
  /** When the chair signed the minutes off, as shown; null while a draft. */
  finalisedAt: string | null;
  invitees: { name: string; agency: string; attendance: string }[];
  /** Present, apologies, absent (with agency and role) and the distribution list (MAPPA B). */
  structure: MinutesStructure;
  items: {
    position: number;
    caseReference: string;
    outcome: ItemOutcome;
    minutes: string;
    decisions: { text: string }[];
    actions: { text: string; owner: string; due: string; status: "open" | "done" }[];
    plan: RiskManagementPlan | null;
  }[];
};

/** Thrown as a 409 when someone asks for the file of minutes that have not been signed off. */
export const NOT_FINALISED_MESSAGE =
  "These minutes have not been signed off by the chair yet. Only signed-off minutes can be downloaded.";

/** The minutes as a document model (pure: the clock and the reader are passed in). */
export function buildMinutesDocument(
  source: MinutesSource,
  reader: { name: string; agencyName: string },
  generatedAt: Date,
): ExportDocument {
  const agencies = [...new Set(source.invitees.map((i) => i.agency))].sort((a, b) => a.localeCompare(b));
  const details = keyValue([
    ["Meeting", source.kindLabel],
    ["Date", source.when],
    ["Chair", source.chair],
    ["Agencies", agencies.join(", ") || "None recorded"],
    ["Minutes signed off by the chair", source.finalisedAt ?? "Not signed off"],
  ]);
  const people = (list: MinutesStructure["present"], empty: string): Block[] =>
    list.length
      ? [
          table(
            ["Name", "Agency", "Role"],
            list.map((p) => [p.name, p.agency, p.note ? `${p.role}. ${p.note}` : p.role]),
          ),
        ]
      : [paragraph([run(empty, { italic: true })])];
  const attendance: Section = {
    heading: "Attendance",
    blocks: [],
    subsections: [
      { heading: "Present", blocks: people(source.structure.present, "No one was recorded as present.") },
      { heading: "Apologies", blocks: people(source.structure.apologies, "No apologies.") },
      { heading: "Absent", blocks: people(source.structure.absent, "No one was absent.") },
    ],
  };

  const itemSections: Section[] = [...source.items]
    .sort((a, b) => a.position - b.position)
    .map((item, index) => {
      const minutes = paragraphsFromText(item.minutes);
      const o = item.outcome;
      const nothing = (text: string) => [paragraph([run(text, { italic: true })])];
      const offender: Block[] = o.offender
        ? [
            keyValue([
              ["Offender", o.offender.name],
              ...o.offender.identifiers.map((i) => [i.label, i.value] as [string, string]),
              ["Risk level", o.riskLevel ?? "Not recorded"],
            ]),
          ]
        : [
            paragraph([run("The offender's details are not shown to you.", { italic: true })]),
            keyValue([["Risk level", o.riskLevel ?? "Not recorded"]]),
          ];
      const subsections: Section[] = [
        {
          heading: "Minutes",
          blocks: minutes.length
            ? minutes
            : [paragraph([run("No minutes were recorded for this item.", { italic: true })])],
        },
        {
          heading: "Decisions",
          blocks: item.decisions.length
            ? [bullets(item.decisions.map((d) => d.text))]
            : [paragraph([run("No decisions were recorded.", { italic: true })])],
        },
        {
          heading: "Actions",
          blocks: item.actions.length
            ? [
                table(
                  ["Action", "Owner", "Due", "Status"],
                  item.actions.map((a) => [a.text, a.owner, a.due, a.status === "done" ? "Done" : "Open"]),
                ),
              ]
            : [paragraph([run("No actions were agreed.", { italic: true })])],
        },
      ];
      if (source.family === "mappa") {
        const plan = item.plan;
        subsections.unshift({
          heading: "Level and category",
          blocks: [
            paragraph(
              o.levelConfirmed !== null && o.categoryConfirmed !== null
                ? `Level ${o.levelConfirmed}, category ${o.categoryConfirmed}, confirmed by the panel`
                : "Not confirmed",
            ),
          ],
        });
        subsections.push({
          heading: "Risk management plan",
          blocks: [],
          subsections: PLAN_HEADINGS.map(([key, label]) => {
            const text = paragraphsFromText(plan?.[key] ?? "");
            return {
              heading: label,
              blocks: text.length ? text : [paragraph([run("Nothing recorded.", { italic: true })])],
            };
          }),
        });
        subsections.push(
          {
            heading: "Disclosure decisions",
            blocks: o.disclosures.length
              ? [
                  table(
                    ["To whom", "What", "Why", "By whom"],
                    o.disclosures.map((d) => [d.toWhom, d.what, d.why, d.byWhom]),
                  ),
                ]
              : nothing("No disclosure was decided."),
          },
          {
            heading: "Next review",
            blocks: [
              paragraph(
                o.nextReview
                  ? o.nextReview.onText
                    ? `${o.nextReview.onText} (${o.nextReview.text})`
                    : o.nextReview.text
                  : "Not set: the level was not confirmed",
              ),
            ],
          },
        );
      } else {
        const recommendations = paragraphsFromText(o.recommendations);
        subsections.push({
          heading: "Clinic recommendations",
          blocks: recommendations.length ? recommendations : nothing("No recommendations were recorded."),
        });
      }
      return { heading: `Item ${index + 1}: ${item.caseReference}`, blocks: offender, subsections };
    });

  return {
    title: source.title,
    subtitle: `Minutes: ${source.kindLabel}, ${meetingDay(source)}`,
    marking: "OFFICIAL-SENSITIVE",
    confidentiality: source.statement,
    sections: [
      { heading: "Meeting details", blocks: [details] },
      attendance,
      ...(itemSections.length
        ? itemSections
        : [{ heading: "Agenda", blocks: [paragraph("There were no items on the agenda.")] }]),
      {
        heading: "Distribution list",
        blocks: [
          paragraph("These minutes go to the people below and no further without the chair's agreement."),
          source.structure.distribution.length
            ? table(
                ["Name", "Agency"],
                source.structure.distribution.map((d) => [d.name, d.agency]),
              )
            : paragraph("No one."),
        ],
      },
    ],
    generatedFor: `Downloaded by ${reader.name} (${reader.agencyName}) on ${formatDateTime(generatedAt)}. Do not share these minutes beyond the meeting without the chair's agreement.`,
    generatedAt,
  };
}

function exportAudit(
  actor: Actor,
  meetingId: string,
  format: ExportFormat,
  outcome: "done" | "denied",
  detail: Record<string, string | number>,
): void {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "minutes.export",
    subjectType: "Meeting",
    subjectId: meetingId,
    purpose: actor.purpose,
    outcome,
    detail: { format, ...detail },
  });
}

/** The meeting as this actor may read it, refused (409, audited) while the minutes are not signed off. */
function finalisedSource(actor: Actor, meetingId: string, format: ExportFormat): MinutesSource {
  const source = minutesSource(actor, meetingId);
  if (!mayDownloadMinutes(source) || !source.finalisedAt) {
    exportAudit(actor, source.meetingId, format, "denied", { reason: "not_finalised" });
    throw new Response(NOT_FINALISED_MESSAGE, {
      status: 409,
      statusText: "Conflict",
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return source;
}

/**
 * The signed-off minutes as a document model for this actor (issue 7's exports build theirs the same way).
 * Throws the meeting service's 404 for anyone who may not read the meeting, and a 409 while the minutes are a draft.
 */
export function minutesDocument(
  actor: Actor,
  meetingId: string,
  format: ExportFormat = "docx",
  now = new Date(),
): ExportDocument {
  return buildMinutesDocument(
    finalisedSource(actor, meetingId, format),
    { name: actor.name, agencyName: actor.agencyName },
    now,
  );
}

/** The signed-off minutes as a file, audited as "minutes.export" with the format. */
export async function exportMinutes(actor: Actor, meetingId: string, format: ExportFormat): Promise<ExportedFile> {
  const source = finalisedSource(actor, meetingId, format);
  const model = buildMinutesDocument(source, { name: actor.name, agencyName: actor.agencyName }, new Date());
  const body = format === "docx" ? await renderDocx(model) : await renderPdf(model);
  // The name says what the file is without naming anyone: downloads folders and mail attachments outlive access.
  const filename = safeFilename(`concord-minutes-${source.family}-${meetingDay(source)}`, format);
  exportAudit(actor, source.meetingId, format, "done", { bytes: body.length, items: source.items.length });
  return { filename, contentType: CONTENT_TYPES[format], body };
}

/** The day of the meeting ("7 March 2026"), from the time shown. */
function meetingDay(source: Pick<MinutesSource, "when">): string {
  return source.when.split(" at ")[0] ?? source.when;
}

/** The minutes as the meeting service gives them to this actor (it decides access and audits the read). */
function minutesSource(actor: Actor, meetingId: string): MinutesSource {
  const record = minutesRecord(actor, meetingId);
  const m = record.meeting;
  return {
    meetingId: m.id,
    title: m.title,
    kindLabel: m.kindLabel,
    family: m.family,
    status: m.status,
    when: m.when,
    chair: m.chair,
    statement: m.confidentialityStatement,
    finalisedAt: m.finalisedAt,
    invitees: record.attendance.map((i) => ({ name: i.name, agency: i.agency, attendance: i.attendanceLabel })),
    structure: record.structure,
    items: record.items.map((i) => ({
      position: i.position,
      caseReference: i.caseReference,
      outcome: i.outcome,
      minutes: i.minutes,
      decisions: i.decisions.map((d) => ({ text: d.text })),
      actions: i.actions.map((a) => ({
        text: a.text,
        owner: a.owner,
        due: a.due,
        status: a.status === "done" ? ("done" as const) : ("open" as const),
      })),
      plan: i.plan,
    })),
  };
}
