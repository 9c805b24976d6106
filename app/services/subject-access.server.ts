import { and, asc, exists, or, sql } from "drizzle-orm";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can, notFound } from "~/access/gate.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonDate } from "~/domain/limitation-deadline";
import { nameSearchWords } from "~/domain/person-names";
import {
  ANSWER_METHOD_LABELS,
  ANSWER_METHODS,
  defaultDecision,
  disclosedText,
  documentKindText,
  EXEMPTION_LABELS,
  EXEMPTIONS,
  SUBJECT_CATEGORIES,
  subjectAccessDueOn,
  subjectAccessLatestExtension,
  thirdPartySegments,
  type AnswerMethod,
  type Exemption,
  type PartyRole,
  type Segment,
} from "~/domain/subject-access";
import {
  keyValue,
  paragraph,
  paragraphsFromText,
  safeFilename,
  table,
  type ExportDocument,
  type Section,
} from "~/exports/document";
import { CONTENT_TYPES, type ExportedFile } from "~/exports/download.server";
import { renderPdf } from "~/exports/pdf.server";
import { fileStore } from "~/files/files.server";
import { readAll } from "~/files/file-store.server";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { caseParties, people } from "../../db/schema";
import { identifierMatches, nameMatches, PersonSearchSchema } from "./person-search.server";
import { bodyText } from "./search-index.server";

/*
 * Subject access (issue 21, decision 0051). A data protection lead answers a request for their agency, the
 * controller of the records it owns: they find the person through the one person record, Concord gathers every
 * record about them (by their role on each case), and the lead decides each: disclose, with other people's details
 * withheld (highlighted for the lead to confirm), or withhold under an exemption with a reason. Records other
 * agencies own are listed, never shown: withheld and referred to their controller. The result is a PDF bundle with a
 * schedule of what was disclosed and withheld. The request, its deadline and every decision are audited.
 */

type Failure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };
const auditAs = (
  actor: Actor,
  action: string,
  subjectId: string | null,
  detail?: Record<string, string | number | boolean | null>,
) =>
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    outcome: "done",
    subjectType: "SubjectAccessRequest",
    subjectId,
    detail: detail ?? null,
  });

/** `partyRoles`: the person's roles on cases, as words ("perpetrator", "victim", or both), for the lead to recognise them. */
export type SubjectCandidate = {
  personId: string;
  name: string;
  dateOfBirth: string | null;
  cases: number;
  partyRoles: string;
};

/** People matching a name or an identifier, with what identifies them (date of birth), for a lead starting a request. */
export function findSubjects(
  actor: Actor,
  query: string,
): { ok: true; people: SubjectCandidate[] } | { ok: false; errors: FieldErrors } {
  authorize(actor, "create", "SubjectAccessRequest", { agencyId: actor.agencyId });
  const form = parseValues({ q: query }, PersonSearchSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const db = getDb();
  const found = db
    .select({
      personId: people.id,
      name: people.fullName,
      dateOfBirth: people.dateOfBirth,
      cases: sql<number>`(SELECT count(DISTINCT case_id) FROM case_parties WHERE person_id = ${people.id})`,
      partyRoles: sql<string>`(SELECT group_concat(party_role, ' and ') FROM (SELECT DISTINCT party_role FROM case_parties WHERE person_id = ${people.id} ORDER BY party_role DESC))`,
    })
    .from(people)
    .where(
      and(
        or(nameMatches(nameSearchWords(form.data.q)), identifierMatches(form.data.q)),
        exists(
          db
            .select({ one: sql`1` })
            .from(caseParties)
            .where(sql`${caseParties.personId} = ${people.id}`),
        ),
      ),
    )
    .orderBy(asc(people.fullName), asc(people.id))
    .limit(20)
    .all();
  auditAs(actor, "subject_access.person_search", null, { results: found.length });
  return { ok: true, people: found };
}

const StartSchema = z.object({
  personId: z
    .string({ required_error: "Select the person the request is from" })
    .trim()
    .min(1, "Select the person the request is from")
    .max(64),
  receivedOn: dateField("The date the request was received", "Enter the date the request was received"),
});

type GatheredRow = {
  recordId: string;
  ownerAgencyId: string;
  partyRole: PartyRole;
  cavVictimConfidential: number;
  cavHealthConfidential: number;
  cavPoliceIntelligence: number;
};

/** Starts a request: the deadline from the day it was received, and a decision per record about the person. */
export function startSubjectAccess(
  actor: Actor,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true; id: string } | Failure {
  authorize(actor, "create", "SubjectAccessRequest", { agencyId: actor.agencyId });
  const parsed = parseValues(withDateParts(values, ["receivedOn"]) as Record<string, string | string[]>, StartSchema);
  if (!parsed.ok) return { ...parsed, values };
  const { personId, receivedOn } = parsed.data;
  if (receivedOn > londonDate(now))
    return {
      ok: false,
      errors: { receivedOn: "The date the request was received must be today or in the past" },
      values,
    };
  const sqlite = getDb().$client;
  if (!sqlite.prepare(`SELECT 1 FROM people WHERE id = ?`).get(personId))
    return { ok: false, errors: { personId: "Select the person the request is from" }, values };
  const id = randomUUID();
  const gathered: GatheredRow[] = [];
  for (const role of ["perpetrator", "victim"] as const) {
    const categories = SUBJECT_CATEGORIES[role];
    gathered.push(
      ...(sqlite
        .prepare(
          `SELECT r.id AS recordId, r.owner_agency_id AS ownerAgencyId, p.party_role AS partyRole, r.cav_victim_confidential AS cavVictimConfidential,
                  r.cav_health_confidential AS cavHealthConfidential, r.cav_police_intelligence AS cavPoliceIntelligence
             FROM case_parties p JOIN case_records r ON r.case_id = p.case_id
            WHERE p.person_id = ? AND p.party_role = ? AND r.category IN (${categories.map(() => "?").join(", ")}) AND (r.disposal IS NULL OR r.disposal <> 'deleted')
            ORDER BY r.created_at, r.id`,
        )
        .all(personId, role, ...categories) as GatheredRow[]),
    );
  }
  const seen = new Set<string>();
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `INSERT INTO subject_access_requests (id, person_id, agency_id, received_on, due_on, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(id, personId, actor.agencyId, receivedOn, subjectAccessDueOn(receivedOn), actor.userId, now.toISOString());
      const insert = sqlite.prepare(
        `INSERT INTO subject_access_items (request_id, record_id, decision, exemption, withhold_third_parties) VALUES (?, ?, ?, ?, 1)`,
      );
      for (const g of gathered) {
        if (seen.has(g.recordId)) continue;
        seen.add(g.recordId);
        const start = defaultDecision(
          {
            ...g,
            cavVictimConfidential: !!g.cavVictimConfidential,
            cavHealthConfidential: !!g.cavHealthConfidential,
            cavPoliceIntelligence: !!g.cavPoliceIntelligence,
          },
          actor.agencyId,
        );
        insert.run(id, g.recordId, start.decision, start.exemption);
      }
      auditAs(actor, "subject_access.start", id, { records: seen.size, dueOn: subjectAccessDueOn(receivedOn) });
    })
    .immediate();
  return { ok: true, id };
}

export type RequestSummary = {
  id: string;
  personName: string;
  receivedOn: string;
  dueOn: string;
  overdue: boolean;
  status: string;
  records: number;
};

/** The lead's agency's requests, soonest due first. */
export function listSubjectAccess(actor: Actor, now = new Date()): RequestSummary[] {
  authorize(actor, "read", "SubjectAccessRequest", { agencyId: actor.agencyId });
  const rows = getDb()
    .$client.prepare(
      `SELECT s.id, p.full_name AS personName, s.received_on AS receivedOn, coalesce(s.extended_to, s.due_on) AS dueOn, s.status,
              (SELECT count(*) FROM subject_access_items i WHERE i.request_id = s.id) AS records
         FROM subject_access_requests s JOIN people p ON p.id = s.person_id WHERE s.agency_id = ? ORDER BY s.status, dueOn, s.id LIMIT 200`,
    )
    .all(actor.agencyId) as Omit<RequestSummary, "overdue">[];
  const today = londonDate(now);
  return rows.map((r) => ({ ...r, overdue: r.status === "open" && r.dueOn < today }));
}

export type RequestItem = {
  recordId: string;
  caseReference: string;
  categoryLabel: string;
  agencyName: string;
  own: boolean;
  recordedOn: string;
  decision: "disclose" | "withhold";
  exemption: Exemption | null;
  exemptionLabel: string | null;
  reason: string | null;
  withholdThirdParties: boolean;
  /** The record as the lead reviews it, third parties' details marked: only for the lead's own agency's records. */
  content: { title: Segment[]; summary: Segment[]; body: Segment[] } | null;
  /**
   * A document (issue 20): its file's type and size, its shown name (own agency's only, third parties marked), and
   * whether the file is released with the bundle: disclosed, the lead's agency's, and not held back by the scanner.
   */
  document: { fileName: Segment[] | null; mediaType: string; bytes: number; released: boolean } | null;
};

export type RequestView = {
  id: string;
  personName: string;
  receivedOn: string;
  dueOn: string;
  extendedTo: string | null;
  latestExtension: string;
  status: string;
  /** The bundle last downloaded while the request was open (cleared by any later decision): what an answer sends. */
  bundle: { sha256: string; exportedAt: string; disclosed: number; withheld: number } | null;
  /** Set once the lead records the answer as sent: the request and its clock are closed. */
  answer: { sentOn: string; methodLabel: string; late: boolean } | null;
  items: RequestItem[];
};

function requestRow(actor: Actor, requestId: string) {
  const row = getDb()
    .$client.prepare(
      `SELECT s.*, p.full_name AS personName FROM subject_access_requests s JOIN people p ON p.id = s.person_id WHERE s.id = ?`,
    )
    .get(requestId) as
    | {
        id: string;
        person_id: string;
        agency_id: string;
        received_on: string;
        due_on: string;
        extended_to: string | null;
        status: string;
        personName: string;
        answered_on: string | null;
        answer_method: string | null;
        bundle_sha256: string | null;
        bundle_exported_at: string | null;
        bundle_disclosed: number | null;
        bundle_withheld: number | null;
      }
    | undefined;
  if (!row || !can(actor, "read", "SubjectAccessRequest", { agencyId: row.agency_id })) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "subject_access.read",
      outcome: "denied",
      subjectType: "SubjectAccessRequest",
      subjectId: requestId,
    });
    throw notFound();
  }
  return row;
}

/** Other people on a case than the subject: their names and aliases, whose mention is a third party's detail. */
function otherNames(caseId: string, personId: string): string[] {
  const rows = getDb()
    .$client.prepare(
      `SELECT p.full_name AS name, p.aliases FROM case_parties c JOIN people p ON p.id = c.person_id WHERE c.case_id = ? AND c.person_id <> ?`,
    )
    .all(caseId, personId) as {
    name: string;
    aliases: string;
  }[];
  return rows.flatMap((r) => {
    let aliases: unknown = [];
    try {
      aliases = JSON.parse(r.aliases);
    } catch {
      aliases = [];
    }
    return [r.name, ...(Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string") : [])];
  });
}

/** One request with every record gathered; the content of the lead's own agency's records only. */
export function getSubjectAccess(actor: Actor, requestId: string): RequestView {
  const row = requestRow(actor, requestId);
  const items = getDb()
    .$client.prepare(
      `SELECT i.record_id AS recordId, i.decision, i.exemption, i.reason, i.withhold_third_parties AS withholdThirdParties, c.reference AS caseReference, r.case_id AS caseId,
              r.category, r.owner_agency_id AS ownerAgencyId, a.name AS agencyName, r.created_at AS createdAt, r.title, r.summary, r.body,
              d.media_type AS mediaType, d.bytes, d.scan_status AS scanStatus
         FROM subject_access_items i JOIN case_records r ON r.id = i.record_id JOIN cases c ON c.id = r.case_id JOIN agencies a ON a.id = r.owner_agency_id
         LEFT JOIN case_documents d ON d.record_id = r.id
        WHERE i.request_id = ? ORDER BY c.reference, r.created_at, r.id`,
    )
    .all(requestId) as {
    recordId: string;
    decision: "disclose" | "withhold";
    exemption: Exemption | null;
    reason: string | null;
    withholdThirdParties: number;
    caseReference: string;
    caseId: string;
    category: string;
    ownerAgencyId: string;
    agencyName: string;
    createdAt: string;
    title: string;
    summary: string;
    body: string;
    mediaType: string | null;
    bytes: number | null;
    scanStatus: string | null;
  }[];
  const names = new Map<string, string[]>();
  const namesFor = (caseId: string) =>
    names.get(caseId) ?? names.set(caseId, otherNames(caseId, row.person_id)).get(caseId)!;
  const view: RequestView = {
    id: row.id,
    personName: row.personName,
    receivedOn: row.received_on,
    dueOn: row.due_on,
    extendedTo: row.extended_to,
    latestExtension: subjectAccessLatestExtension(row.received_on),
    status: row.status,
    bundle: row.bundle_sha256
      ? {
          sha256: row.bundle_sha256,
          exportedAt: row.bundle_exported_at!,
          disclosed: row.bundle_disclosed ?? 0,
          withheld: row.bundle_withheld ?? 0,
        }
      : null,
    answer: row.answered_on
      ? {
          sentOn: row.answered_on,
          methodLabel: ANSWER_METHOD_LABELS[row.answer_method as AnswerMethod] ?? row.answer_method ?? "",
          late: row.answered_on > (row.extended_to ?? row.due_on),
        }
      : null,
    items: items.map((i) => {
      const own = i.ownerAgencyId === row.agency_id;
      const others = own ? namesFor(i.caseId) : [];
      return {
        recordId: i.recordId,
        caseReference: i.caseReference,
        categoryLabel: CATEGORY_LABELS[i.category as Category] ?? i.category,
        agencyName: i.agencyName,
        own,
        recordedOn: i.createdAt,
        decision: i.decision,
        exemption: i.exemption,
        exemptionLabel: i.exemption ? EXEMPTION_LABELS[i.exemption] : null,
        reason: i.reason,
        withholdThirdParties: i.withholdThirdParties === 1,
        content: own
          ? {
              title: thirdPartySegments(i.title, others),
              summary: thirdPartySegments(i.summary, others),
              body: thirdPartySegments(bodyText(i.body), others),
            }
          : null,
        document: i.mediaType
          ? {
              fileName: own ? thirdPartySegments(documentFileName(i.body), others) : null,
              mediaType: i.mediaType,
              bytes: i.bytes ?? 0,
              released: own && i.decision === "disclose" && RELEASABLE_SCANS.has(i.scanStatus ?? ""),
            }
          : null,
      };
    }),
  };
  auditAs(actor, "subject_access.view", requestId, { records: items.length });
  return view;
}

const DecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({
      decision: z.literal("disclose"),
      withholdThirdParties: z.enum(["yes", "no"], {
        errorMap: () => ({ message: "Say whether other people's details are withheld" }),
      }),
    }),
    z.object({
      decision: z.literal("withhold"),
      exemption: z.enum(EXEMPTIONS, {
        errorMap: () => ({ message: "Select the exemption the record is withheld under" }),
      }),
      reason: z
        .string({ required_error: "Enter why the exemption applies" })
        .trim()
        .min(1, "Enter why the exemption applies")
        .max(1000, "The reason must be 1000 characters or fewer"),
    }),
  ],
  { errorMap: () => ({ message: "Select disclose or withhold" }) },
);

/** The lead's decision on one gathered record; another agency's record can only be withheld. */
export function decideSubjectAccessItem(
  actor: Actor,
  requestId: string,
  recordId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true } | Failure {
  const row = requestRow(actor, requestId);
  authorize(actor, "update", "SubjectAccessRequest", { agencyId: row.agency_id });
  if (row.status === "answered") return { ok: false, errors: { decision: ANSWERED_MESSAGE }, values };
  const sqlite = getDb().$client;
  const item = sqlite
    .prepare(
      `SELECT r.owner_agency_id AS ownerAgencyId FROM subject_access_items i JOIN case_records r ON r.id = i.record_id WHERE i.request_id = ? AND i.record_id = ?`,
    )
    .get(requestId, recordId) as { ownerAgencyId: string } | undefined;
  if (!item) throw notFound();
  const parsed = parseValues(values, DecisionSchema);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  if (d.decision === "disclose" && item.ownerAgencyId !== row.agency_id)
    return {
      ok: false,
      errors: { decision: "Another agency holds this record: only that agency may disclose it" },
      values,
    };
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `UPDATE subject_access_items SET decision = ?, exemption = ?, reason = ?, withhold_third_parties = ?, decided_by = ?, decided_at = ? WHERE request_id = ? AND record_id = ?`,
        )
        .run(
          d.decision,
          d.decision === "withhold" ? d.exemption : null,
          d.decision === "withhold" ? d.reason : null,
          d.decision === "disclose" ? (d.withholdThirdParties === "yes" ? 1 : 0) : 1,
          actor.userId,
          now.toISOString(),
          requestId,
          recordId,
        );
      // The bundle downloaded before this decision no longer says what the request discloses.
      sqlite
        .prepare(
          `UPDATE subject_access_requests SET bundle_sha256 = NULL, bundle_exported_at = NULL, bundle_disclosed = NULL, bundle_withheld = NULL WHERE id = ?`,
        )
        .run(requestId);
      auditAs(actor, `subject_access.${d.decision}`, requestId, {
        recordId,
        exemption: d.decision === "withhold" ? d.exemption : null,
        thirdPartiesWithheld: d.decision === "disclose" ? d.withholdThirdParties === "yes" : true,
      });
    })
    .immediate();
  return { ok: true };
}

const ANSWERED_MESSAGE = "This request has been answered: its decisions and deadline are closed";

const ExtendSchema = z.object({
  extensionReason: z
    .string({ required_error: "Enter why the request needs longer" })
    .trim()
    .min(1, "Enter why the request needs longer")
    .max(1000, "The reason must be 1000 characters or fewer"),
});

/** Extends the deadline by two further months (complex or numerous requests), once, with a reason. */
export function extendSubjectAccess(
  actor: Actor,
  requestId: string,
  values: Record<string, string | string[]>,
): { ok: true } | Failure {
  const row = requestRow(actor, requestId);
  authorize(actor, "update", "SubjectAccessRequest", { agencyId: row.agency_id });
  if (row.status === "answered") return { ok: false, errors: { extensionReason: ANSWERED_MESSAGE }, values };
  if (row.extended_to)
    return {
      ok: false,
      errors: { extensionReason: "The deadline has already been extended as far as the law allows" },
      values,
    };
  const parsed = parseValues(values, ExtendSchema);
  if (!parsed.ok) return parsed;
  const sqlite = getDb().$client;
  sqlite
    .transaction(() => {
      sqlite
        .prepare(`UPDATE subject_access_requests SET extended_to = ?, extension_reason = ? WHERE id = ?`)
        .run(subjectAccessLatestExtension(row.received_on), parsed.data.extensionReason, requestId);
      auditAs(actor, "subject_access.extend", requestId, { extendedTo: subjectAccessLatestExtension(row.received_on) });
    })
    .immediate();
  return { ok: true };
}

/** A file is released only once the scanner has passed it, or where no scanner is configured (decision 0052). */
const RELEASABLE_SCANS: ReadonlySet<string> = new Set(["clean", "not_scanned"]);

function documentFileName(body: string): string {
  try {
    const parsed = JSON.parse(body) as { fileName?: unknown };
    return typeof parsed.fileName === "string" ? parsed.fileName : "";
  } catch {
    return "";
  }
}

/** The bundle as a document: the records disclosed (third parties' details withheld as decided) and the schedule. */
export function buildBundle(view: RequestView, answeringAgency: string, generatedAt: Date): ExportDocument {
  const disclosed = view.items.filter((i) => i.decision === "disclose" && i.own && i.content);
  const recordSections: Section[] = disclosed.map((i, n) => ({
    heading: `${n + 1}. ${disclosedText(i.content!.title, i.withholdThirdParties)}`,
    blocks: [
      keyValue([
        ["Case", i.caseReference],
        ["Kind of record", i.categoryLabel],
        ["Recorded", formatDate(i.recordedOn)],
        ["Held by", i.agencyName],
      ]),
      paragraph(disclosedText(i.content!.summary, i.withholdThirdParties)),
      ...paragraphsFromText(disclosedText(i.content!.body, i.withholdThirdParties)),
    ],
  }));
  const schedule = table(
    ["Record", "Held by", "Recorded", "Disclosed or withheld", "Why"],
    view.items.map((i) => {
      const n = disclosed.indexOf(i);
      return [
        `${i.caseReference}: ${i.categoryLabel}${n >= 0 ? ` (record ${n + 1})` : ""}`,
        i.agencyName,
        formatDate(i.recordedOn),
        i.decision === "disclose"
          ? i.withholdThirdParties
            ? "Disclosed, other people's details withheld"
            : "Disclosed"
          : "Withheld",
        i.decision === "withhold" ? `${i.exemptionLabel ?? ""}${i.reason ? `. ${i.reason}` : ""}` : "",
      ];
    }),
    "Schedule of the records found and what was disclosed or withheld",
  );
  const documents = view.items.filter((i) => i.document);
  const documentSchedule = table(
    ["Document", "Case", "Held by", "Type and size", "Released or withheld"],
    documents.map((i) => [
      i.document!.fileName
        ? disclosedText(i.document!.fileName, i.withholdThirdParties) || "(no name)"
        : "A document another agency holds",
      i.caseReference,
      i.agencyName,
      documentKindText(i.document!.mediaType, i.document!.bytes),
      i.document!.released
        ? "Released: a copy of the file is sent with this bundle"
        : i.decision === "disclose"
          ? "Withheld until the file has passed the malware check"
          : "Withheld",
    ]),
    "The documents (files) found and whether each is released",
  );
  return {
    title: `Subject access request: ${view.personName}`,
    subtitle: `Answered by ${answeringAgency}`,
    marking: "OFFICIAL-SENSITIVE",
    confidentiality:
      "Prepared for the person the information is about. Other people's details are withheld where marked.",
    sections: [
      {
        heading: "About this response",
        blocks: [
          keyValue([
            ["Request received", formatDate(view.receivedOn)],
            ["Response due by", formatDate(view.extendedTo ?? view.dueOn)],
            ["Records found", String(view.items.length)],
            ["Records disclosed", String(disclosed.length)],
          ]),
        ],
      },
      { heading: "Schedule of disclosed and withheld information", blocks: [schedule] },
      ...(documents.length ? [{ heading: "Documents", blocks: [documentSchedule] }] : []),
      {
        heading: "The records disclosed",
        blocks: disclosed.length ? [] : [paragraph("No record is disclosed.")],
        subsections: recordSections,
      },
    ],
    generatedFor: answeringAgency,
    generatedAt,
  };
}

/** The PDF bundle for the lead (audited with what it holds, never its content). */
export async function exportSubjectAccessPdf(actor: Actor, requestId: string, now = new Date()): Promise<ExportedFile> {
  const view = getSubjectAccess(actor, requestId);
  const model = buildBundle(view, actor.agencyName, now);
  const body = await renderPdf(model);
  const disclosed = view.items.filter((i) => i.decision === "disclose").length;
  const withheld = view.items.length - disclosed;
  const sha256 = createHash("sha256").update(body).digest("hex");
  const sqlite = getDb().$client;
  sqlite
    .transaction(() => {
      // While the request is open the latest download is the bundle an answer sends; once answered it stays fixed.
      sqlite
        .prepare(
          `UPDATE subject_access_requests SET bundle_sha256 = ?, bundle_exported_at = ?, bundle_disclosed = ?, bundle_withheld = ? WHERE id = ? AND status = 'open'`,
        )
        .run(sha256, now.toISOString(), disclosed, withheld, requestId);
      auditAs(actor, "subject_access.export", requestId, { disclosed, withheld, sha256 });
    })
    .immediate();
  return {
    filename: safeFilename(`subject-access-${requestId.slice(0, 8)}`, "pdf"),
    contentType: CONTENT_TYPES.pdf,
    body,
  };
}

const AnswerSchema = z.object({
  sentOn: dateField("The date the answer was sent", "Enter the date the answer was sent"),
  method: z.enum(ANSWER_METHODS, { errorMap: () => ({ message: "Select how the answer was sent" }) }),
});

/**
 * Records the answer as sent (the date, how, and the bundle last downloaded, named by its SHA-256), closing the
 * request and its clock. The bundle must reflect the current decisions: any decision after a download clears it.
 */
export function answerSubjectAccess(
  actor: Actor,
  requestId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): { ok: true } | Failure {
  const row = requestRow(actor, requestId);
  authorize(actor, "update", "SubjectAccessRequest", { agencyId: row.agency_id });
  if (row.status === "answered") return { ok: false, errors: { sentOn: ANSWERED_MESSAGE }, values };
  const parsed = parseValues(withDateParts(values, ["sentOn"]) as Record<string, string | string[]>, AnswerSchema);
  if (!parsed.ok) return { ...parsed, values };
  const { sentOn, method } = parsed.data;
  if (sentOn > londonDate(now))
    return { ok: false, errors: { sentOn: "The date the answer was sent must be today or in the past" }, values };
  if (sentOn < row.received_on)
    return {
      ok: false,
      errors: { sentOn: "The date the answer was sent must be on or after the date the request was received" },
      values,
    };
  if (!row.bundle_sha256)
    return {
      ok: false,
      errors: { bundle: "Download the bundle you are sending first: the answer records which bundle was sent" },
      values,
    };
  const late = sentOn > (row.extended_to ?? row.due_on);
  const sqlite = getDb().$client;
  const answered = sqlite
    .transaction(() => {
      // Only the bundle read above: a decision or another answer in between leaves the request as it is.
      const changed = sqlite
        .prepare(
          `UPDATE subject_access_requests SET status = 'answered', answered_at = ?, answered_on = ?, answer_method = ?, answered_by = ? WHERE id = ? AND status = 'open' AND bundle_sha256 = ?`,
        )
        .run(now.toISOString(), sentOn, method, actor.userId, requestId, row.bundle_sha256).changes;
      if (changed === 1)
        auditAs(actor, "subject_access.answer", requestId, {
          sentOn,
          method,
          late,
          sha256: row.bundle_sha256,
          disclosed: row.bundle_disclosed,
          withheld: row.bundle_withheld,
        });
      return changed === 1;
    })
    .immediate();
  return answered
    ? { ok: true }
    : {
        ok: false,
        errors: {
          bundle: "The request changed while you were answering it: download the bundle again and record the answer",
        },
        values,
      };
}

/**
 * A released document's file, for the lead to send with the bundle: the lead's own agency's document, disclosed in
 * the request, and passed by the scanner. Anything else is a 404. Audited with the record, never the content.
 */
export async function subjectAccessDocumentFile(
  actor: Actor,
  requestId: string,
  recordId: string,
): Promise<ExportedFile> {
  const row = requestRow(actor, requestId);
  const found = getDb()
    .$client.prepare(
      `SELECT r.owner_agency_id AS ownerAgencyId, r.body, i.decision, d.address, d.media_type AS mediaType, d.extension, d.scan_status AS scanStatus
         FROM subject_access_items i JOIN case_records r ON r.id = i.record_id JOIN case_documents d ON d.record_id = r.id
        WHERE i.request_id = ? AND i.record_id = ?`,
    )
    .get(requestId, recordId) as
    | {
        ownerAgencyId: string;
        body: string;
        decision: string;
        address: string;
        mediaType: string;
        extension: string;
        scanStatus: string;
      }
    | undefined;
  if (
    !found ||
    found.ownerAgencyId !== row.agency_id ||
    found.decision !== "disclose" ||
    !RELEASABLE_SCANS.has(found.scanStatus)
  ) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "subject_access.document_release",
      outcome: "denied",
      subjectType: "SubjectAccessRequest",
      subjectId: requestId,
      detail: { recordId },
    });
    throw notFound();
  }
  const body = await readAll(await fileStore().get(found.address));
  auditAs(actor, "subject_access.document_release", requestId, { recordId, bytes: body.length });
  const name = documentFileName(found.body) || "document";
  return {
    filename: safeFilename(name.replace(/\.[^.]*$/, "") || "document", found.extension),
    contentType: found.mediaType,
    body,
  };
}
