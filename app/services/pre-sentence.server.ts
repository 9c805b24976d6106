import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, isNull, max, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can, notFound } from "~/access/gate.server";
import { caseAsRecord, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { OFFENCE_STATUTES, OFFENCE_TYPES, OFFENCES, type OffenceType } from "~/domain/offences";
import {
  parseSourceKey,
  PSR_PROPOSAL_CODES,
  PSR_REPORT_TYPE_CODES,
  PSR_SECTIONS,
  psrSection,
  sectionAccepts,
  standingOf,
  STANDING_MESSAGES,
  TIMELINE,
  type PsrProposal,
  type PsrReportType,
  type PsrSectionCode,
  type PsrState,
  type SourceStanding,
} from "~/domain/pre-sentence";
import { readProposal, type SentenceProposal } from "~/domain/pre-sentence-proposal";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import {
  agencies,
  caseRecords,
  cases,
  preSentenceInputRequests,
  preSentenceReports,
  preSentenceStatements,
  users,
} from "../../db/schema";
import type { CaseHeaderData } from "~/components/case-header";
import {
  COUNTERSIGN_PURPOSE,
  mayOpenPreSentence,
  PRE_SENTENCE_SIGNERS,
  type Submission,
  signsOffPreSentence,
} from "~/access/agency-supervision";
import { agencyOnCase } from "~/access/agency-supervision.server";
import { agencySupervisors } from "./agency-supervisors.server";
import { canAddRecord, findCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { caseHeaderData } from "./case-records.server";
import { insertCaseRecord, signOffCaseRecord, updateCaseRecordContent, type Tx } from "./case-record-store.server";
import { notify } from "./notifications.server";
import { defendantsOf, type DefendantDetails } from "./people.server";
import { checkContactDetails, contactShapesNotice } from "./pre-sentence-contact-check.server";
import { sectionSources, sourcesAsAt, sourcesById, type Source } from "./pre-sentence-sources.server";
import { writesPreSentenceInput } from "~/access/workflow-roles";

/*
 * Pre-sentence input (issue 7). A probation court-team author starts a draft on a case with a conviction, pulls
 * statements from the records they can read (each keeping its provenance and flagged when its source changes),
 * writes their own text, asks partners for input, and submits it; a senior probation officer of the same agency
 * who neither wrote nor submitted it signs it off or returns it. The report is a case record of category
 * pre_sentence, so the gate keeps it to probation (the author's team and supervisors). Every read and change is
 * audited; every refusal changes nothing.
 */

export type Values = Record<string, string | string[]>;
/** A refusal may offer the author the override for text that only looks like contact details (issue 17). */
export type Result<T = unknown> =
  ({ ok: true } & T) | { ok: false; errors: FieldErrors; values: Values; offerContactOverride?: boolean };

export const PSR_KIND = "pre_sentence_input";

const reportAuthor = alias(users, "report_author");

function reportQuery() {
  return getDb()
    .select({
      r: caseRecords,
      p: preSentenceReports,
      authorName: reportAuthor.name,
      reference: cases.reference,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(preSentenceReports)
    .innerJoin(caseRecords, eq(caseRecords.id, preSentenceReports.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(reportAuthor, eq(reportAuthor.id, caseRecords.authorUserId));
}
export type ReportRow = NonNullable<ReturnType<ReturnType<typeof reportQuery>["get"]>>;

export function auditPsr(
  actor: Actor,
  action: string,
  caseId: string | null,
  subjectId: string | null,
  outcome: "done" | "denied",
  detail?: Record<string, string | number | boolean | null>,
) {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "CaseRecord",
    subjectId,
    caseId,
    purpose: actor.purpose,
    outcome,
    detail,
  });
}

/** The report on this case, readable in full by the actor, or a 404 (audited) that confirms nothing. */
export function requireReport(actor: Actor, c: CaseRow, reportId: string, action: string): ReportRow {
  const row =
    reportId.length <= 64
      ? reportQuery()
          .where(and(eq(preSentenceReports.recordId, reportId), eq(preSentenceReports.caseId, c.id)))
          .get()
      : undefined;
  if (!row || accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) !== "full") {
    auditPsr(actor, action, c.id, row ? row.r.id : null, "denied", {
      reason: row ? "no_access" : "not_found",
    });
    throw notFound();
  }
  return row;
}

const isAuthor = (actor: Actor, row: ReportRow) => row.r.authorUserId === actor.userId;

/** Only the author changes a draft; anything else is refused (403, audited) and nothing changes. */
export function requireOwnDraft(actor: Actor, row: ReportRow, action: string): void {
  if (row.p.state === "draft" && isAuthor(actor, row)) return;
  auditPsr(actor, action, row.r.caseId, row.r.id, "denied", {
    reason: row.p.state !== "draft" ? `state_${row.p.state}` : "not_author",
  });
  throw new Response(
    row.p.state !== "draft"
      ? "This pre-sentence input can no longer be changed"
      : "Only the author can change this pre-sentence input",
    { status: 403 },
  );
}

export function touch(tx: Tx, reportId: string, at: string) {
  tx.update(preSentenceReports).set({ updatedAt: at }).where(eq(preSentenceReports.recordId, reportId)).run();
}

// --- Starting a draft.

export type OffenceChoice = { value: OffenceType; label: string };

/** The offences the author can say the perpetrator was convicted of (the court's record, not police offence records). */
export function offenceChoices(): OffenceChoice[] {
  return OFFENCE_TYPES.filter((t) => t !== "other").map((value) => ({
    value,
    label: OFFENCES[value].label,
  }));
}

type OffenceConvicted = { type: OffenceType; description: string | null };

function offenceLabel(o: OffenceConvicted): string {
  return o.type === "other" ? (o.description ?? "Other offence") : OFFENCES[o.type].label;
}

/** Probation court-team staff who record pre-sentence input on this case. */
export function mayStartReport(actor: Actor, caseId: string): boolean {
  return writesPreSentenceInput(actor) && canAddRecord(actor, caseId, "pre_sentence");
}

const StartSchema = (today: string) =>
  z
    .object({
      court: z
        .string({ message: "Enter the court" })
        .trim()
        .min(1, "Enter the court")
        .max(200, "The court must be 200 characters or fewer"),
      hearing: dateField("Hearing date", "Enter the date of the sentencing hearing").refine(
        (d) => typeof d !== "string" || d >= today,
        "The hearing date must be today or in the future",
      ),
      convicted: dateField("Date of conviction", "Enter the date of conviction").refine(
        (d) => typeof d !== "string" || d <= today,
        "The date of conviction must be today or in the past",
      ),
      // Optional then refined, so a missing choice is reported alongside every other problem (an enum would stop the checks).
      reportType: z
        .string()
        .optional()
        .refine(
          (v): v is PsrReportType => (PSR_REPORT_TYPE_CODES as string[]).includes(v ?? ""),
          "Select the report the input is for",
        ),
      offences: z.array(
        z.enum(OFFENCE_TYPES.filter((t) => t !== "other") as [OffenceType, ...OffenceType[]], {
          message: "Select offences from the list",
        }),
      ),
      otherOffence: z.string().trim().max(200, "The other offence must be 200 characters or fewer").optional(),
    })
    .refine((v) => typeof v.convicted !== "string" || typeof v.hearing !== "string" || v.convicted <= v.hearing, {
      message: "The date of conviction must be on or before the hearing date",
      path: ["convicted"],
    })
    .refine((v) => v.offences.length > 0 || !!v.otherOffence, {
      message: "Select the offences the perpetrator was convicted of",
      path: ["offences"],
    });

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function startReport(actor: Actor, caseId: string, values: Values, now = new Date()): Result<{ id: string }> {
  const c = requireCase(actor, caseId, "psr.start");
  requireCaseWrite(actor, c, mayStartReport(actor, c.id), "psr.start");
  const input = {
    ...(withDateParts(values, ["hearing", "convicted"]) as Record<string, unknown>),
    offences: asList(values.offences),
  };
  const form = StartSchema(londonToday(now)).safeParse(input);
  if (!form.success)
    return {
      ok: false,
      errors: Object.fromEntries(form.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])),
      values,
    };
  const chosen: OffenceConvicted[] = [...new Set(form.data.offences)].map((type) => ({ type, description: null }));
  if (form.data.otherOffence) chosen.push({ type: "other", description: form.data.otherOffence });
  const at = now.toISOString();
  const { court, hearing, convicted, reportType } = form.data;
  const id = getDb().transaction((tx) => {
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: PSR_KIND,
        category: "pre_sentence",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        status: "draft",
        title: "Pre-sentence input",
        summary: `Pre-sentence input for ${court}, hearing on ${formatDate(hearing)}`,
        body: { court, hearingOn: hearing, text: "" },
      },
      at,
    );
    tx.insert(preSentenceReports)
      .values({
        recordId,
        caseId: c.id,
        court,
        hearingOn: hearing,
        convictedOn: convicted,
        reportType,
        offencesConvicted: JSON.stringify(chosen),
        state: "draft",
        createdAt: at,
        updatedAt: at,
      })
      .run();
    return recordId;
  });
  auditPsr(actor, "psr.start", c.id, id, "done", { offences: chosen.length });
  return { ok: true, id };
}

// --- The reports on a case.

export type ReportListItem = {
  id: string;
  court: string;
  hearingOn: string;
  state: PsrState;
  author: string;
  updatedAt: string;
};

/** The pre-sentence input on the case the actor can read in full (filtered in SQL), newest first. */
export function reportsOnCase(actor: Actor, caseId: string): ReportListItem[] {
  return reportQuery()
    .where(and(eq(preSentenceReports.caseId, caseId), scope(actor, "read", "CaseRecord", caseRecordColumns)))
    .orderBy(desc(preSentenceReports.createdAt))
    .all()
    .map((row) => ({
      id: row.r.id,
      court: row.p.court,
      hearingOn: row.p.hearingOn,
      state: row.p.state as PsrState,
      author: row.authorName,
      updatedAt: row.p.updatedAt,
    }));
}

// --- One report, as its reader may see it.

export type Provenance = {
  label: string;
  agency: string;
  author: string;
  date: string;
  /** The source record's version the text was taken from (null for partners' contributions). */
  version: number | null;
};

export type StatementView = {
  id: string;
  section: PsrSectionCode;
  origin: "pulled" | "own" | "contribution";
  text: string;
  provenance: Provenance | null;
  /** For pulled statements: how the source stands now, for this reader. */
  standing: SourceStanding;
  standingMessage: string | null;
  /** A pulled statement whose source this reader cannot read (now) is withheld, never shown. */
  withheld: boolean;
  /** For a statement from a record or a partner that the author changed: the text it was adapted from. */
  adaptedFrom: string | null;
  /** Taken from its source as it stood at the conviction date (issue 17). */
  asAtConviction: boolean;
  /** The source as at conviction gives different text from this statement: the author may keep that instead. */
  mayKeepAsAtConviction: boolean;
  /** What in the text looks like a contact detail, until the author confirms it is not one (issue 17). */
  contactNotice: string | null;
  contactOverridden: boolean;
  addedBy: string;
  addedAt: string;
};

export type RequestView = {
  id: string;
  section: PsrSectionCode;
  to: string;
  toAgency: string;
  question: string;
  dueOn: string;
  status: "open" | "answered" | "declined" | "withdrawn";
  declineReason: string | null;
  answeredAt: string | null;
  overdue: boolean;
};

export type ReportView = {
  id: string;
  caseId: string;
  /** The case header (reference, status, lead agency) for the report's pages. */
  case: CaseHeaderData;
  reference: string;
  court: string;
  hearingOn: string;
  offences: string[];
  /** The offences with their Act and section, for the header block. */
  offencesInFull: { offence: string; statute: string | null }[];
  /** The perpetrators as the header block names them (date of birth and PNC only where the reader may see them). */
  defendants: DefendantDetails[];
  /** Every record and contribution the statements the reader can see draw on, once each, in order of use. */
  sources: { label: string; agency: string; author: string; version: number | null; date: string }[];
  /** The checklist of issue 7's first form, still shown for drafts that used it. */
  proposals: PsrProposal[];
  /** The structured proposal (issue 17): sentence, requirements and ancillary orders, each with its rationale. */
  sentenceProposal: SentenceProposal | null;
  state: PsrState;
  author: string;
  authorAgency: string;
  submittedAt: string | null;
  returnReason: string | null;
  returnedBy: string | null;
  signedOffBy: string | null;
  signedOffAt: string | null;
  sections: {
    code: PsrSectionCode;
    heading: string;
    hint: string;
    statements: StatementView[];
    pullable: boolean;
  }[];
  requests: RequestView[];
  /** Statements whose source changed or became unavailable. */
  flagged: number;
  convictedOn: string | null;
  reportType: PsrReportType | null;
  /** Statements that need the author's attention before submission: flagged, or looking like contact details. */
  attention: number;
  mayEdit: boolean;
  maySignOff: boolean;
  isAuthor: boolean;
};

const statementAdder = alias(users, "statement_adder");
const sourceAuthor = alias(users, "statement_source_author");
const sourceAgency = alias(agencies, "statement_source_agency");

function statementRows(reportId: string) {
  return getDb()
    .select({
      s: preSentenceStatements,
      addedBy: statementAdder.name,
      sourceAuthor: sourceAuthor.name,
      sourceAgency: sourceAgency.name,
    })
    .from(preSentenceStatements)
    .innerJoin(statementAdder, eq(statementAdder.id, preSentenceStatements.addedBy))
    .leftJoin(sourceAuthor, eq(sourceAuthor.id, preSentenceStatements.sourceAuthorId))
    .leftJoin(sourceAgency, eq(sourceAgency.id, preSentenceStatements.sourceAgencyId))
    .where(and(eq(preSentenceStatements.reportId, reportId), isNull(preSentenceStatements.removedAt)))
    .orderBy(asc(preSentenceStatements.position))
    .all();
}
type StatementRow = ReturnType<typeof statementRows>[number];

function statementView(
  row: StatementRow,
  sources: Map<string, Source>,
  asAt: Map<string, Source> | null,
): StatementView {
  const s = row.s;
  let standing: SourceStanding = "current";
  const sourceId = s.sourceRecordId ?? TIMELINE;
  const thenText = asAt?.get(sourceId)?.parts.find((p) => p.part === s.sourcePart)?.text ?? null;
  if (s.origin === "pulled") {
    // A statement kept as at conviction stands against its source as it was then; a later change is not a flag.
    const source = (s.sourceAsAt ? asAt : sources)?.get(sourceId);
    const now = source?.parts.find((p) => p.part === s.sourcePart)?.text ?? null;
    // An adapted statement stands against the text it was adapted from.
    standing = standingOf(s.originalText ?? s.text, {
      retracted: source?.retracted ?? false,
      superseded: source?.superseded ?? false,
      text: now,
    });
  }
  const withheld = standing === "unavailable";
  return {
    id: s.id,
    section: s.section as PsrSectionCode,
    origin: s.origin as StatementView["origin"],
    text: withheld ? "" : s.text,
    // A withheld statement keeps only who holds its source (for "Held by"): not its title, author or date.
    provenance:
      s.origin === "own"
        ? null
        : withheld
          ? { label: "", agency: row.sourceAgency ?? "", author: "", date: "", version: null }
          : {
              label: s.sourceLabel ?? "",
              agency: row.sourceAgency ?? "",
              author: row.sourceAuthor ?? "",
              date: s.sourceDate ?? "",
              version: s.origin === "pulled" && s.sourceRecordId ? s.sourceVersion : null,
            },
    standing,
    standingMessage: standing === "current" ? null : STANDING_MESSAGES[standing],
    withheld,
    asAtConviction: s.sourceAsAt !== null,
    // Offered when the text differs from the source as it was then, or has been flagged since (a later change).
    mayKeepAsAtConviction:
      !withheld &&
      s.origin === "pulled" &&
      s.sourceAsAt === null &&
      thenText !== null &&
      (thenText !== (s.originalText ?? s.text) || standing === "changed"),
    adaptedFrom: withheld ? null : s.originalText,
    contactNotice: withheld || s.contactOverrideAt ? null : contactShapesNotice(s.text),
    contactOverridden: s.contactOverrideAt !== null,
    addedBy: row.addedBy,
    addedAt: s.addedAt,
  };
}

const requestee = alias(users, "request_to");
const requesteeAgency = alias(agencies, "request_to_agency");

function requestViews(reportId: string, today: string): RequestView[] {
  return getDb()
    .select({
      q: preSentenceInputRequests,
      to: requestee.name,
      toAgency: requesteeAgency.name,
    })
    .from(preSentenceInputRequests)
    .innerJoin(requestee, eq(requestee.id, preSentenceInputRequests.toUserId))
    .innerJoin(requesteeAgency, eq(requesteeAgency.id, requestee.agencyId))
    .where(eq(preSentenceInputRequests.reportId, reportId))
    .orderBy(asc(preSentenceInputRequests.requestedAt))
    .all()
    .map(({ q, to, toAgency }) => ({
      id: q.id,
      section: q.section as PsrSectionCode,
      to,
      toAgency,
      question: q.question,
      dueOn: q.dueOn,
      status: q.status as RequestView["status"],
      declineReason: q.declineReason,
      answeredAt: q.answeredAt,
      overdue: q.status === "open" && q.dueOn < today,
    }));
}

function userName(id: string | null): string | null {
  return id ? (getDb().select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null) : null;
}

/** The sources list: each record (and version) or contribution drawn on by a statement the reader can see, once. */
function sourcesList(statements: StatementView[]): ReportView["sources"] {
  const seen = new Map<string, ReportView["sources"][number]>();
  for (const st of statements) {
    const p = st.provenance;
    if (st.withheld || !p) continue;
    const key = [p.label, p.agency, p.author, p.version, p.date].join("|");
    if (!seen.has(key))
      seen.set(key, { label: p.label, agency: p.agency, author: p.author, version: p.version, date: p.date });
  }
  return [...seen.values()];
}

/** Builds the view without auditing (the page and the export audit what they do with it). */
function buildView(actor: Actor, c: CaseRow, row: ReportRow, now: Date): ReportView {
  const rows = statementRows(row.r.id);
  const pulled = rows.flatMap((r) => (r.s.origin === "pulled" ? [r] : []));
  const sources = sourcesById(
    actor,
    c.id,
    pulled.map((r) => r.s.sourceRecordId ?? TIMELINE),
  );
  // Sources as at conviction: for statements kept that way, and (for the author's draft) to offer it.
  const convictedOn = row.p.convictedOn;
  const draftForAuthor = row.p.state === "draft" && isAuthor(actor, row);
  const asAtIds = pulled
    .filter((r) => r.s.sourceAsAt !== null || draftForAuthor)
    .map((r) => r.s.sourceRecordId ?? TIMELINE);
  const asAt = convictedOn && asAtIds.length ? sourcesAsAt(actor, c.id, asAtIds, convictedOn) : null;
  const statements = rows.map((r) => statementView(r, sources, asAt));
  const state = row.p.state as PsrState;
  const agency =
    getDb().select({ name: agencies.name }).from(agencies).where(eq(agencies.id, row.r.ownerAgencyId)).get()?.name ??
    "";
  return {
    id: row.r.id,
    caseId: c.id,
    case: caseHeaderData(c),
    reference: c.reference,
    court: row.p.court,
    hearingOn: row.p.hearingOn,
    convictedOn: row.p.convictedOn,
    reportType: (PSR_REPORT_TYPE_CODES as string[]).includes(row.p.reportType ?? "")
      ? (row.p.reportType as PsrReportType)
      : null,
    offences: (JSON.parse(row.p.offencesConvicted) as OffenceConvicted[]).map(offenceLabel),
    offencesInFull: (JSON.parse(row.p.offencesConvicted) as OffenceConvicted[]).map((o) => ({
      offence: offenceLabel(o),
      statute: o.type === "other" ? null : OFFENCE_STATUTES[o.type],
    })),
    defendants: defendantsOf(actor, c),
    sources: sourcesList(statements),
    proposals: (JSON.parse(row.p.proposals) as string[]).filter((p): p is PsrProposal =>
      (PSR_PROPOSAL_CODES as string[]).includes(p),
    ),
    sentenceProposal: readProposal(row.p.sentenceProposal),
    state,
    author: row.authorName,
    authorAgency: agency,
    submittedAt: row.p.submittedAt,
    returnReason: row.p.returnReason,
    returnedBy: userName(row.p.returnedBy),
    signedOffBy: userName(row.p.signedOffBy),
    signedOffAt: row.p.signedOffAt,
    sections: PSR_SECTIONS.map((s) => ({
      code: s.code,
      heading: s.heading,
      hint: s.hint,
      statements: statements.filter((st) => st.section === s.code),
      pullable: s.sources.length > 0,
    })),
    requests: requestViews(row.r.id, londonToday(now)),
    flagged: statements.filter((s) => s.standing !== "current").length,
    attention: statements.filter((s) => s.standing !== "current" || s.contactNotice !== null).length,
    mayEdit: state === "draft" && isAuthor(actor, row),
    maySignOff: mayDecide(actor, row),
    isAuthor: isAuthor(actor, row),
  };
}

export function reportView(actor: Actor, caseId: string, reportId: string, now = new Date()): ReportView {
  const c = requireCase(actor, caseId, "psr.view");
  const row = requireReport(actor, c, reportId, "psr.view");
  const view = buildView(actor, c, row, now);
  auditPsr(actor, "psr.view", c.id, row.r.id, "done", {
    statements: view.sections.reduce((n, s) => n + s.statements.length, 0),
  });
  return view;
}

/** For the export: the same view, with the case and report checks. */
export function reportForExport(actor: Actor, caseId: string, reportId: string, now = new Date()): ReportView {
  const c = requireCase(actor, caseId, "psr.export");
  return buildView(actor, c, requireReport(actor, c, reportId, "psr.export"), now);
}

// --- Pulling statements from records.

export type SectionSources = {
  case: CaseHeaderData;
  section: (typeof PSR_SECTIONS)[number];
  sources: (Omit<Source, "parts"> & {
    parts: (Source["parts"][number] & { key: string; pulled: boolean })[];
  })[];
};

/** What the author may pull into a section, marking what is already in the draft. */
export function sectionSourcesFor(actor: Actor, caseId: string, reportId: string, sectionCode: string): SectionSources {
  const c = requireCase(actor, caseId, "psr.sources");
  const row = requireReport(actor, c, reportId, "psr.sources");
  requireOwnDraft(actor, row, "psr.sources");
  const section = psrSection(sectionCode);
  if (!section || !section.sources.length) throw notFound();
  const existing = new Set(
    statementRows(row.r.id).flatMap((r) =>
      r.s.section === section.code ? [`${r.s.sourceRecordId ?? TIMELINE}:${r.s.sourcePart}`] : [],
    ),
  );
  const sources = sectionSources(actor, c.id, section).map((s) => ({
    ...s,
    parts: s.parts.map((p) => ({
      ...p,
      key: `${s.recordId}:${p.part}`,
      pulled: existing.has(`${s.recordId}:${p.part}`),
    })),
  }));
  auditPsr(actor, "psr.sources", c.id, row.r.id, "done", {
    section: section.code,
    sources: sources.length,
  });
  return { case: caseHeaderData(c), section, sources };
}

export const SOURCE_NOT_AVAILABLE =
  "One or more of the statements you chose is not available to you. Choose statements from the list";

function nextPosition(tx: Tx, reportId: string): number {
  const row = tx
    .select({ n: max(preSentenceStatements.position) })
    .from(preSentenceStatements)
    .where(eq(preSentenceStatements.reportId, reportId))
    .get();
  return (row?.n ?? 0) + 1;
}

/**
 * What a statement takes from its source, so the footnote always describes exactly the text used: the text, the
 * version, a label counting what it was drawn from (the timeline's incidents), who and when; `asAt` when the
 * source was taken as it stood at the conviction date.
 */
function takenFrom(source: Source, part: Source["parts"][number], asAt: string | null) {
  const base =
    source.agencyId === null
      ? `${source.title}, recorded by ${source.agency}`
      : part.part === "summary"
        ? source.title
        : `${source.title} (${part.label.toLowerCase()})`;
  // The timeline's title already says "as at conviction"; a record's label gets it added.
  const label = asAt && source.recordId !== TIMELINE ? `${base}, as at conviction on ${formatDate(asAt)}` : base;
  return {
    text: part.text,
    sourceVersion: source.version,
    sourceLabel: label,
    sourceAgencyId: source.agencyId,
    sourceAuthorId: source.authorId,
    sourceDate: source.date,
    sourceAsAt: asAt,
    // Taking the source's text again replaces the author's adaptation.
    originalText: null,
    editedAt: null,
    editedBy: null,
    // A confirmation that the text holds no contact details was about the old text.
    contactOverrideAt: null,
    contactOverrideBy: null,
  };
}

/**
 * Where new text goes in a section: `before` names a statement of that section (it goes just before it, the
 * later statements shifting down), or nothing for the end. Null when `before` is not a statement of the section.
 */
export function insertPosition(tx: Tx, reportId: string, section: string, before: unknown): number | null {
  const end = () =>
    (tx
      .select({ n: sql<number | null>`max(${preSentenceStatements.position})` })
      .from(preSentenceStatements)
      .where(eq(preSentenceStatements.reportId, reportId))
      .get()?.n ?? 0) + 1;
  if (before === undefined || before === "" || before === "end") return end();
  const target = tx
    .select({ id: preSentenceStatements.id, position: preSentenceStatements.position })
    .from(preSentenceStatements)
    .where(
      and(
        eq(preSentenceStatements.id, typeof before === "string" ? before : ""),
        eq(preSentenceStatements.reportId, reportId),
        eq(preSentenceStatements.section, section),
        isNull(preSentenceStatements.removedAt),
      ),
    )
    .get();
  if (!target) return null;
  tx.update(preSentenceStatements)
    .set({ position: sql`${preSentenceStatements.position} + 1` })
    .where(and(eq(preSentenceStatements.reportId, reportId), gte(preSentenceStatements.position, target.position)))
    .run();
  return target.position;
}

/**
 * Adds the chosen statements to a section. Each must come from a record the author can read now, of a kind the
 * section takes, signed off and current, and never victim contact; its text is worked out here. One bad choice
 * refuses them all (audited) and nothing changes.
 */
export function pullStatements(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result<{ added: number }> {
  const c = requireCase(actor, caseId, "psr.pull");
  const row = requireReport(actor, c, reportId, "psr.pull");
  requireOwnDraft(actor, row, "psr.pull");
  const section = psrSection(String(values.section ?? ""));
  if (!section || !section.sources.length)
    return {
      ok: false,
      errors: { form: "Choose a section of the report" },
      values,
    };
  const keys = [...new Set(asList(values.sources))];
  if (!keys.length)
    return {
      ok: false,
      errors: { sources: "Select at least one statement to add" },
      values,
    };
  const parsed = keys.map(parseSourceKey);
  const sources = sourcesById(
    actor,
    c.id,
    parsed.flatMap((p) => (p ? [p.recordId] : [])),
  );
  const chosen: { source: Source; part: Source["parts"][number] }[] = [];
  for (const p of parsed) {
    const source = p ? sources.get(p.recordId) : undefined;
    const part = source?.parts.find((x) => x.part === p!.part);
    if (
      !source ||
      !part ||
      source.retracted ||
      source.superseded ||
      !sectionAccepts(section, source.kind, source.instrument)
    ) {
      auditPsr(actor, "psr.pull", c.id, row.r.id, "denied", {
        reason: "source_not_available",
        section: section.code,
        sources: keys.length,
      });
      return { ok: false, errors: { sources: SOURCE_NOT_AVAILABLE }, values };
    }
    chosen.push({ source, part });
  }
  const existing = new Set(
    statementRows(row.r.id).flatMap((r) =>
      r.s.section === section.code ? [`${r.s.sourceRecordId ?? TIMELINE}:${r.s.sourcePart}`] : [],
    ),
  );
  const fresh = chosen.filter(({ source, part }) => !existing.has(`${source.recordId}:${part.part}`));
  const at = now.toISOString();
  getDb().transaction((tx) => {
    let position = nextPosition(tx, row.r.id);
    for (const { source, part } of fresh) {
      tx.insert(preSentenceStatements)
        .values({
          id: randomUUID(),
          reportId: row.r.id,
          section: section.code,
          position: position++,
          origin: "pulled",
          // The timeline summary has no one record behind it: its label and date say what it was drawn from.
          sourceRecordId: source.recordId === TIMELINE ? null : source.recordId,
          sourcePart: part.part,
          ...takenFrom(source, part, null),
          addedBy: actor.userId,
          addedAt: at,
        })
        .run();
    }
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.pull", c.id, row.r.id, "done", {
    section: section.code,
    added: fresh.length,
    sources: fresh.map((f) => f.source.recordId).join(","),
  });
  return { ok: true, added: fresh.length };
}

// --- The author's own text, removing and refreshing statements, the proposal.

const OwnTextSchema = z.object({
  section: z.enum(PSR_SECTIONS.map((s) => s.code) as [PsrSectionCode, ...PsrSectionCode[]], {
    message: "Choose a section of the report",
  }),
  text: z
    .string({ message: "Enter your text" })
    .trim()
    .min(1, "Enter your text")
    .max(5000, "Your text must be 5,000 characters or fewer"),
});

/**
 * The contact-details check on the author's text (issue 17). Known victim details are refused outright (audited);
 * text that only looks like contact details is refused with the override offered, and let through when the author
 * sent `contactOverride=confirmed` (the caller stores and audits the override; `overridden` names the kinds).
 */
export function checkAuthorText(
  actor: Actor,
  row: ReportRow,
  text: string,
  field: string,
  values: Values,
): { ok: true; overridden: string | null } | (Result & { ok: false }) {
  const override = values.contactOverride === "confirmed";
  const check = checkContactDetails(actor, row.r.caseId, text, "Your text", override);
  if (check.ok)
    return {
      ok: true,
      overridden: check.shapes.length ? [...new Set(check.shapes.map((s) => s.kind))].join(",") : null,
    };
  auditPsr(actor, "psr.contact_check", row.r.caseId, row.r.id, "denied", {
    reason: check.known ? "victim_contact_in_text" : "contact_shape_in_text",
    kinds: check.kinds,
  });
  if (check.known) return { ok: false, errors: { [field]: check.message }, values };
  return {
    ok: false,
    errors: {
      [field]: `${check.message}, or if it is not anyone's contact details (for example a court's address), confirm that and add it again`,
    },
    values,
    offerContactOverride: true,
  };
}

export function addOwnText(actor: Actor, caseId: string, reportId: string, values: Values, now = new Date()): Result {
  const c = requireCase(actor, caseId, "psr.write");
  const row = requireReport(actor, c, reportId, "psr.write");
  requireOwnDraft(actor, row, "psr.write");
  const form = parseValues(values, OwnTextSchema);
  if (!form.ok) return { ...form, values };
  const check = checkAuthorText(actor, row, form.data.text, "text", values);
  if (!check.ok) return check;
  const at = now.toISOString();
  const id = randomUUID();
  const placed = getDb().transaction((tx) => {
    // Where it goes: before a statement of the section, or at the end.
    const position = insertPosition(tx, row.r.id, form.data.section, values.before);
    if (position === null) return false;
    tx.insert(preSentenceStatements)
      .values({
        id,
        reportId: row.r.id,
        section: form.data.section,
        position,
        origin: "own",
        text: form.data.text,
        addedBy: actor.userId,
        addedAt: at,
        ...(check.overridden ? { contactOverrideAt: at, contactOverrideBy: actor.userId } : {}),
      })
      .run();
    touch(tx, row.r.id, at);
    return true;
  });
  if (!placed) return { ok: false, errors: { before: "Choose where to add your text from the list" }, values };
  auditPsr(actor, "psr.write", c.id, row.r.id, "done", {
    section: form.data.section,
    length: form.data.text.length,
  });
  if (check.overridden)
    auditPsr(actor, "psr.contact_override", c.id, row.r.id, "done", { statementId: id, kinds: check.overridden });
  return { ok: true };
}

export function requireStatement(actor: Actor, row: ReportRow, statementId: unknown, action: string) {
  const id = typeof statementId === "string" && statementId.length <= 64 ? statementId : "";
  const s = getDb()
    .select()
    .from(preSentenceStatements)
    .where(
      and(
        eq(preSentenceStatements.id, id),
        eq(preSentenceStatements.reportId, row.r.id),
        isNull(preSentenceStatements.removedAt),
      ),
    )
    .get();
  if (!s) {
    auditPsr(actor, action, row.r.caseId, row.r.id, "denied", {
      reason: "statement_not_found",
    });
    throw notFound();
  }
  return s;
}

export function removeStatement(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.remove");
  const row = requireReport(actor, c, reportId, "psr.remove");
  requireOwnDraft(actor, row, "psr.remove");
  const s = requireStatement(actor, row, values.statementId, "psr.remove");
  const at = now.toISOString();
  getDb().transaction((tx) => {
    tx.update(preSentenceStatements)
      .set({ removedAt: at, removedBy: actor.userId })
      .where(eq(preSentenceStatements.id, s.id))
      .run();
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.remove", c.id, row.r.id, "done", {
    statementId: s.id,
    origin: s.origin,
  });
  return { ok: true };
}

/** The author confirms that what looks like a contact detail in a statement is not one (audited); the notice clears. */
export function confirmNotContactDetails(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.contact_override");
  const row = requireReport(actor, c, reportId, "psr.contact_override");
  requireOwnDraft(actor, row, "psr.contact_override");
  const s = requireStatement(actor, row, values.statementId, "psr.contact_override");
  const check = checkContactDetails(actor, c.id, s.text, "This statement", true);
  if (!check.ok) {
    auditPsr(actor, "psr.contact_override", c.id, row.r.id, "denied", {
      statementId: s.id,
      reason: "victim_contact_in_text",
    });
    return { ok: false, errors: { form: `${check.message}. Remove the statement` }, values };
  }
  const at = now.toISOString();
  getDb().transaction((tx) => {
    tx.update(preSentenceStatements)
      .set({ contactOverrideAt: at, contactOverrideBy: actor.userId })
      .where(eq(preSentenceStatements.id, s.id))
      .run();
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.contact_override", c.id, row.r.id, "done", {
    statementId: s.id,
    kinds: [...new Set(check.shapes.map((x) => x.kind))].join(","),
  });
  return { ok: true };
}

/** Replaces a pulled statement's text with what its source gives now (the flag clears); the source must still be readable. */
export function refreshStatement(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.refresh");
  const row = requireReport(actor, c, reportId, "psr.refresh");
  requireOwnDraft(actor, row, "psr.refresh");
  const s = requireStatement(actor, row, values.statementId, "psr.refresh");
  const sourceId = s.sourceRecordId ?? TIMELINE;
  const source = s.origin === "pulled" ? sourcesById(actor, c.id, [sourceId]).get(sourceId) : undefined;
  const part = source?.parts.find((p) => p.part === s.sourcePart);
  if (!source || !part || source.retracted || source.superseded) {
    auditPsr(actor, "psr.refresh", c.id, row.r.id, "denied", {
      statementId: s.id,
      reason: "source_not_available",
    });
    return {
      ok: false,
      errors: {
        form: "This statement's source can no longer be used. Remove the statement instead",
      },
      values,
    };
  }
  const at = now.toISOString();
  getDb().transaction((tx) => {
    tx.update(preSentenceStatements)
      .set(takenFrom(source, part, null))
      .where(eq(preSentenceStatements.id, s.id))
      .run();
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.refresh", c.id, row.r.id, "done", {
    statementId: s.id,
    source: source.recordId,
    version: source.version,
  });
  return { ok: true };
}

/**
 * Keep as at conviction (issue 17): the statement takes its source's text as it stood at the end of the conviction
 * date, from the record's versions (for the timeline, the incidents recorded and happened by then), and its
 * footnote says so. The source must be readable now and have existed then.
 */
export function keepAsAtConviction(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.keep_as_at_conviction");
  const row = requireReport(actor, c, reportId, "psr.keep_as_at_conviction");
  requireOwnDraft(actor, row, "psr.keep_as_at_conviction");
  const s = requireStatement(actor, row, values.statementId, "psr.keep_as_at_conviction");
  const sourceId = s.sourceRecordId ?? TIMELINE;
  const convictedOn = row.p.convictedOn;
  const source =
    s.origin === "pulled" && convictedOn ? sourcesAsAt(actor, c.id, [sourceId], convictedOn).get(sourceId) : undefined;
  const part = source?.parts.find((p) => p.part === s.sourcePart);
  if (!convictedOn || !source || !part || source.retracted) {
    auditPsr(actor, "psr.keep_as_at_conviction", c.id, row.r.id, "denied", {
      statementId: s.id,
      reason: convictedOn ? "source_not_available" : "no_conviction_date",
    });
    return {
      ok: false,
      errors: {
        form: convictedOn
          ? "This statement's source did not give it at the date of conviction. Take the current text or remove the statement"
          : "Add the date of conviction first",
      },
      values,
    };
  }
  const at = now.toISOString();
  getDb().transaction((tx) => {
    tx.update(preSentenceStatements)
      .set(takenFrom(source, part, convictedOn))
      .where(eq(preSentenceStatements.id, s.id))
      .run();
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.keep_as_at_conviction", c.id, row.r.id, "done", {
    statementId: s.id,
    source: source.recordId,
    version: source.version,
  });
  return { ok: true };
}

// --- Submitting, signing off and returning.

/** Why a draft cannot be submitted yet, or null. */
function submissionError(view: ReportView): string | null {
  if (view.attention)
    return `${view.attention} ${view.attention === 1 ? "statement needs" : "statements need"} your attention before submitting: a source that changed or became unavailable, or text that looks like contact details`;
  if (!view.sentenceProposal)
    return "Add your proposal: the sentence you propose, any requirements and ancillary orders, each with your rationale, before submitting";
  const empty = view.sections.filter((s) => !s.statements.length);
  if (empty.length)
    return `Every section needs at least one statement. Still empty: ${empty.map((s) => s.heading).join(", ")}`;
  return null;
}

export function submitReport(actor: Actor, caseId: string, reportId: string, now = new Date()): Result {
  const c = requireCase(actor, caseId, "psr.submit");
  const row = requireReport(actor, c, reportId, "psr.submit");
  requireOwnDraft(actor, row, "psr.submit");
  const problem = submissionError(buildView(actor, c, row, now));
  // Every senior probation officer of the agency but the submitter signs it off by the agency-supervisor rule, on the
  // case team or not, from the sign-off page (issue 16).
  const supervisors = agencySupervisors(row.r.ownerAgencyId, [...PRE_SENTENCE_SIGNERS])
    .filter((u) => u.id !== actor.userId)
    .map((u) => u.id);
  const error =
    problem ??
    (supervisors.length
      ? null
      : "Your agency has no other senior probation officer to sign it off. Ask your agency's administrator");
  if (error) {
    auditPsr(actor, "psr.submit", c.id, row.r.id, "denied", {
      reason: problem ? "incomplete" : "no_supervisor",
    });
    return { ok: false, errors: { form: error }, values: {} };
  }
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(preSentenceReports)
      .set({
        state: "submitted",
        submittedAt: at,
        submittedBy: actor.userId,
        updatedAt: at,
      })
      .where(eq(preSentenceReports.recordId, row.r.id))
      .run();
    return notify(
      tx,
      supervisors,
      {
        kind: "psr_sign_off",
        text: `Pre-sentence input on case ${c.reference} is waiting for your sign-off`,
        href: signOffHref(row.r.id),
        caseId: c.id,
      },
      at,
    );
  });
  push();
  auditPsr(actor, "psr.submit", c.id, row.r.id, "done");
  return { ok: true };
}

/** The report as a submission the agency-supervisor rule decides on. */
function submissionOf(row: ReportRow): Submission {
  return {
    ownerAgencyId: row.r.ownerAgencyId,
    authorUserId: row.r.authorUserId,
    submittedBy: row.p.submittedBy,
    submitted: row.p.state === "submitted",
    agencyOnCase: agencyOnCase(row.r.caseId, row.r.ownerAgencyId),
  };
}

/** The gate's `sign_off_pre_sentence` rows: a senior probation officer of the author's agency who neither wrote nor submitted it. */
function mayDecide(actor: Actor, row: ReportRow): boolean {
  return can(actor, "sign_off_pre_sentence", submissionOf(row));
}

/** The sign-off page, where a senior probation officer opens a submitted report by the grant, on the team or not. */
export function signOffHref(reportId: string): string {
  return `/countersign/pre-sentence/${reportId}`;
}

/**
 * A submitted report opened by the agency-supervisor grant (issue 16): a senior probation officer of the author's
 * agency, on the case team or not, reaches this one report without the case. The actor returned carries the
 * countersigning purpose, so what they read and decide this way is audited as such (and no sharing agreement, which
 * is given for other purposes, widens what they read). Anyone else, a made-up id or a report no longer waiting is
 * the same audited 404.
 */
function requireGranted(actor: Actor, reportId: string, action: string): { c: CaseRow; row: ReportRow; as: Actor } {
  const row = reportId.length <= 64 ? reportQuery().where(eq(preSentenceReports.recordId, reportId)).get() : undefined;
  const as: Actor = { ...actor, purpose: COUNTERSIGN_PURPOSE };
  if (!row || !mayOpenPreSentence(actor, submissionOf(row))) {
    auditPsr(as, action, row?.r.caseId ?? null, row ? row.r.id : null, "denied", {
      reason: row ? "no_grant" : "not_found",
    });
    throw notFound();
  }
  return { c: findCase(row.r.caseId)!, row, as };
}

export type SignOffView = Omit<ReportView, "case">;

/** The sign-off page: the report as this reader may see it, without the case's header (only its reference). */
export function signOffPage(actor: Actor, reportId: string, now = new Date()): SignOffView {
  const { c, row, as } = requireGranted(actor, reportId, "psr.view");
  const { case: _case, ...view } = buildView(as, c, row, now);
  auditPsr(as, "psr.view", c.id, row.r.id, "done", {
    statements: view.sections.reduce((n, s) => n + s.statements.length, 0),
  });
  return view;
}

/** Signs off or returns a report from the sign-off page, by the grant; the decision is the same as on the case page. */
export function decideSignOff(actor: Actor, reportId: string, values: Values, now = new Date()): Result {
  const { c, row, as } = requireGranted(actor, reportId, values.intent === "return" ? "psr.return" : "psr.sign_off");
  return values.intent === "return" ? decideReturn(as, c, row, values, now) : decideSignOffNow(as, c, row, now);
}

export const OWN_SIGN_OFF =
  "You cannot sign off pre-sentence input you wrote or submitted. Ask another senior probation officer";

function refuseDecision(actor: Actor, row: ReportRow, action: string): Result {
  const own = isAuthor(actor, row) || row.p.submittedBy === actor.userId;
  auditPsr(actor, action, row.r.caseId, row.r.id, "denied", {
    reason: own ? "own_report" : row.p.state !== "submitted" ? `state_${row.p.state}` : "not_senior_probation_officer",
  });
  if (own) return { ok: false, errors: { form: OWN_SIGN_OFF }, values: {} };
  if (row.p.state !== "submitted")
    return {
      ok: false,
      errors: { form: "This pre-sentence input is not waiting for sign-off" },
      values: {},
    };
  throw new Response("Only a senior probation officer in the author's agency can sign off pre-sentence input", {
    status: 403,
  });
}

export function signOffReport(actor: Actor, caseId: string, reportId: string, now = new Date()): Result {
  const c = requireCase(actor, caseId, "psr.sign_off");
  return decideSignOffNow(actor, c, requireReport(actor, c, reportId, "psr.sign_off"), now);
}

function decideSignOffNow(actor: Actor, c: Pick<CaseRow, "id" | "reference">, row: ReportRow, now: Date): Result {
  if (!mayDecide(actor, row)) return refuseDecision(actor, row, "psr.sign_off");
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(preSentenceReports)
      .set({
        state: "signed_off",
        signedOffAt: at,
        signedOffBy: actor.userId,
        updatedAt: at,
      })
      .where(eq(preSentenceReports.recordId, row.r.id))
      .run();
    // Questions still open have nothing left to feed; their recipients stop seeing them.
    tx.update(preSentenceInputRequests)
      .set({ status: "withdrawn" })
      .where(and(eq(preSentenceInputRequests.reportId, row.r.id), eq(preSentenceInputRequests.status, "open")))
      .run();
    updateCaseRecordContent(
      tx,
      row.r.id,
      {
        title: "Pre-sentence input",
        summary: `Pre-sentence input for ${row.p.court}, hearing on ${formatDate(row.p.hearingOn)} (signed off)`,
        body: { court: row.p.court, hearingOn: row.p.hearingOn, text: "" },
      },
      at,
    );
    signOffCaseRecord(tx, row.r.id, at);
    return notify(
      tx,
      [row.r.authorUserId],
      {
        kind: "psr_signed_off",
        text: `Your pre-sentence input on case ${c.reference} was signed off`,
        href: `/cases/${c.id}/pre-sentence/${row.r.id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  auditPsr(actor, "psr.sign_off", c.id, row.r.id, "done");
  return { ok: true };
}

const ReturnSchema = z.object({
  reason: z
    .string({ message: "Enter what needs to change" })
    .trim()
    .min(1, "Enter what needs to change")
    .max(2000, "What needs to change must be 2,000 characters or fewer"),
});

export function returnReport(actor: Actor, caseId: string, reportId: string, values: Values, now = new Date()): Result {
  const c = requireCase(actor, caseId, "psr.return");
  return decideReturn(actor, c, requireReport(actor, c, reportId, "psr.return"), values, now);
}

function decideReturn(
  actor: Actor,
  c: Pick<CaseRow, "id" | "reference">,
  row: ReportRow,
  values: Values,
  now: Date,
): Result {
  if (!mayDecide(actor, row)) return refuseDecision(actor, row, "psr.return");
  const form = parseValues(values, ReturnSchema);
  if (!form.ok) return { ...form, values };
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(preSentenceReports)
      .set({
        state: "draft",
        returnedAt: at,
        returnedBy: actor.userId,
        returnReason: form.data.reason,
        submittedAt: null,
        submittedBy: null,
        updatedAt: at,
      })
      .where(eq(preSentenceReports.recordId, row.r.id))
      .run();
    return notify(
      tx,
      [row.r.authorUserId],
      {
        kind: "psr_returned",
        text: `Your pre-sentence input on case ${c.reference} was returned for changes`,
        href: `/cases/${c.id}/pre-sentence/${row.r.id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  auditPsr(actor, "psr.return", c.id, row.r.id, "done");
  return { ok: true };
}

// --- Home pages.

export type WaitingReport = {
  /** The case page for those who can open the case, else the sign-off page (the grant). */
  href: string;
  caseId: string;
  reference: string;
  reportId: string;
  author: string;
  submittedAt: string;
  hearingOn: string;
};

function mayOpenCase(actor: Actor, caseId: string): boolean {
  const c = findCase(caseId);
  return c !== undefined && accessLevel(actor, caseAsRecord(c)) === "full";
}

/** Pre-sentence input waiting for this senior probation officer's sign-off (readable in full, decided in SQL). */
export function reportsAwaitingSignOff(actor: Actor): WaitingReport[] {
  if (!signsOffPreSentence(actor)) return [];
  return reportQuery()
    .where(
      and(
        eq(preSentenceReports.state, "submitted"),
        eq(caseRecords.ownerAgencyId, actor.agencyId),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(preSentenceReports.hearingOn))
    .all()
    .filter((row) => mayDecide(actor, row))
    .map((row) => ({
      href: mayOpenCase(actor, row.r.caseId)
        ? `/cases/${row.r.caseId}/pre-sentence/${row.r.id}`
        : signOffHref(row.r.id),
      caseId: row.r.caseId,
      reference: row.reference,
      reportId: row.r.id,
      author: row.authorName,
      submittedAt: row.p.submittedAt ?? row.p.updatedAt,
      hearingOn: row.p.hearingOn,
    }));
}
