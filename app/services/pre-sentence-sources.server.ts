import { and, asc, eq, inArray, isNull, lte, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Actor } from "~/access/actor";
import { caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { endOfLondonDay } from "~/domain/expiry-date";
import { PLAN_HEADINGS } from "~/domain/meeting-kinds";
import {
  courseOfConductSummary,
  neverPullable,
  sectionAccepts,
  TIMELINE,
  type PsrSection,
} from "~/domain/pre-sentence";
import { findInstrument } from "~/instruments/index";
import { agencies, caseRecords, cases, incidents, recordVersions, riskAssessments, users } from "../../db/schema";
import { parseBody } from "./cases.server";

/*
 * Where pre-sentence statements come from (issue 7): the records of a case the actor can read, listed through
 * the gate in SQL, each offering the statements ("parts") the actor may see of it: its summary line always, and
 * the detail of the record only with full access. The text of a part is worked out here, from the stored record,
 * so a statement is never taken from the browser. Victim contact and victim-confidential records are left out
 * in the query itself, whatever else would allow them.
 */

export type SourcePart = { part: string; label: string; text: string };

export type Source = {
  recordId: string;
  kind: string;
  instrument: string | null;
  title: string;
  /** Null for the timeline when its incidents were recorded by more than one agency (named in `agency`). */
  agencyId: string | null;
  agency: string;
  authorId: string | null;
  author: string;
  /** When the record was last changed (the date its statements carry). */
  date: string;
  /** When what it records happened, for ordering (an incident's time; otherwise when it was recorded). */
  occurredAt: string;
  version: number;
  retracted: boolean;
  superseded: boolean;
  level: "full" | "summary";
  parts: SourcePart[];
};

const author = alias(users, "source_author");

function sourceQuery() {
  return getDb()
    .select({
      r: caseRecords,
      agency: agencies.name,
      author: author.name,
      chargingReferredAt: cases.chargingReferredAt,
      instrument: riskAssessments.instrument,
      instrumentVersion: riskAssessments.instrumentVersion,
      assessmentState: riskAssessments.state,
      occurredAt: incidents.occurredAt,
    })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(author, eq(author.id, caseRecords.authorUserId))
    .leftJoin(riskAssessments, eq(riskAssessments.recordId, caseRecords.id))
    .leftJoin(incidents, eq(incidents.recordId, caseRecords.id));
}
type SourceRow = NonNullable<ReturnType<ReturnType<typeof sourceQuery>["get"]>>;

/** Only what the gate lets the actor read, and never victim contact details. */
function pullableWhere(actor: Actor, caseId: string) {
  return and(
    eq(caseRecords.caseId, caseId),
    ne(caseRecords.category, "victim_contact"),
    eq(caseRecords.cavVictimConfidential, false),
    eq(caseRecords.status, "signed_off"),
    scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
  );
}

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/** The statements a record offers at a level of access. Summary access gives its summary line only. */
export function partsOf(
  row: Pick<SourceRow, "r" | "instrument" | "instrumentVersion">,
  level: "full" | "summary",
): SourcePart[] {
  const r = row.r;
  const parts: SourcePart[] = [{ part: "summary", label: "Summary", text: r.summary }];
  if (level !== "full") return parts;
  const body = parseBody(r.body);
  const add = (part: string, label: string, value: string) => {
    if (value) parts.push({ part, label, text: value });
  };
  switch (r.kind) {
    case "incident":
      add("account", "What happened", text(body.text) && `${r.title}: ${text(body.text)}`);
      break;
    case "breach":
      add("account", "What happened", text(body.description) && `${r.title}: ${text(body.description)}`);
      break;
    case "document":
      // A document is cited by its title and what its uploader said it shows; the file itself is never pulled.
      add("description", "What it shows", text(body.description) && `${r.title}: ${text(body.description)}`);
      break;
    case "spo_consideration":
      add("rationale", "Rationale", text(body.rationale));
      break;
    case "protective_order": {
      const list = (v: unknown) => (Array.isArray(v) ? v.map(text).filter(Boolean) : []);
      const prohibitions = list(body.prohibitions);
      const requirements = list(body.requirements);
      add(
        "prohibitions",
        "Prohibitions",
        prohibitions.length ? `${r.title} prohibits: ${prohibitions.join("; ")}` : "",
      );
      add("requirements", "Requirements", requirements.length ? `${r.title} requires: ${requirements.join("; ")}` : "");
      break;
    }
    case "risk_assessment": {
      const instrument =
        row.instrument && row.instrumentVersion ? findInstrument(row.instrument, row.instrumentVersion) : null;
      const answers = body.answers && typeof body.answers === "object" ? (body.answers as Record<string, unknown>) : {};
      const items = instrument ? instrument.sections.flatMap((s) => s.items) : [];
      items.forEach((item, i) => {
        if (item.response.kind === "text")
          add(`answer:${i}`, item.shortName, text(answers[item.id]) && `${item.shortName}: ${text(answers[item.id])}`);
      });
      break;
    }
    case "meeting_minutes": {
      const strings = (v: unknown) => (Array.isArray(v) ? v.map(text) : []);
      strings(body.decisions).forEach((d, i) => add(`decision:${i}`, "Decision", d && `Decision: ${d}`));
      const plan = body.plan && typeof body.plan === "object" ? (body.plan as Record<string, unknown>) : null;
      if (plan)
        PLAN_HEADINGS.forEach(([key, heading], i) =>
          add(`plan:${i}`, heading, text(plan[key]) && `${heading}: ${text(plan[key])}`),
        );
      const actions = Array.isArray(body.actions) ? (body.actions as Record<string, unknown>[]) : [];
      actions.forEach((a, i) => {
        const extra = [text(a.owner), text(a.dueOn) && `due ${formatDate(text(a.dueOn))}`].filter(Boolean).join(", ");
        add(`action:${i}`, "Action", text(a.text) && `Action: ${text(a.text)}${extra ? ` (${extra})` : ""}`);
      });
      add("minutes", "Minutes", text(body.minutes));
      break;
    }
  }
  return parts;
}

function toSource(actor: Actor, row: SourceRow): Source | null {
  const level = accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt));
  if (level === "none" || neverPullable(row.r)) return null;
  return {
    recordId: row.r.id,
    kind: row.r.kind,
    instrument: row.instrument,
    title: row.r.title,
    agencyId: row.r.ownerAgencyId,
    agency: row.agency,
    authorId: row.r.authorUserId,
    author: row.author,
    date: row.r.updatedAt,
    occurredAt: row.occurredAt ?? row.r.createdAt,
    version: row.r.version,
    retracted: row.r.retractedAt !== null,
    superseded: row.assessmentState === "superseded",
    level,
    parts: partsOf(row, level),
  };
}

/**
 * The whole incident timeline the actor can read, as one source whose one statement is the course-of-conduct
 * summary (app/domain/pre-sentence.ts). It uses only what incident summary lines show, so summary access is enough.
 */
export function timelineSource(actor: Actor, caseId: string, asAt: string | null = null): Source | null {
  // As at a date: the incidents recorded by the end of that London day, that happened by then.
  const cutoff = asAt ? endOfLondonDay(asAt).toISOString() : null;
  const rows = getDb()
    .select({
      occurredAt: incidents.occurredAt,
      behaviours: incidents.behaviours,
      source: incidents.source,
      agency: agencies.name,
      agencyId: caseRecords.ownerAgencyId,
      updatedAt: caseRecords.updatedAt,
    })
    .from(incidents)
    .innerJoin(caseRecords, eq(caseRecords.id, incidents.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(
      and(
        pullableWhere(actor, caseId),
        eq(incidents.caseId, caseId),
        isNull(caseRecords.retractedAt),
        cutoff ? and(lte(caseRecords.createdAt, cutoff), lte(incidents.occurredAt, cutoff)) : undefined,
      ),
    )
    .all();
  if (!rows.length) return null;
  const behaviours = (json: string) => {
    try {
      const v: unknown = JSON.parse(json);
      return Array.isArray(v) ? v.map(String) : [];
    } catch {
      return [];
    }
  };
  const text = courseOfConductSummary(
    rows.map((r) => ({ occurredAt: r.occurredAt, behaviours: behaviours(r.behaviours), source: r.source })),
    formatDate,
  );
  const latest = rows.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
  const counted = `${rows.length} ${rows.length === 1 ? "incident" : "incidents"}`;
  const agenciesNamed = [...new Set(rows.map((r) => r.agency))].sort();
  return {
    recordId: TIMELINE,
    kind: "incident",
    instrument: null,
    title: asAt
      ? `Incident timeline (${counted} as at conviction on ${formatDate(asAt)})`
      : `Incident timeline (${counted})`,
    agencyId: agenciesNamed.length === 1 ? latest.agencyId : null,
    agency: agenciesNamed.join(", "),
    authorId: null,
    author: "",
    date: cutoff && latest.updatedAt > cutoff ? cutoff : latest.updatedAt,
    occurredAt: "",
    version: rows.length,
    retracted: false,
    superseded: false,
    level: "summary",
    parts: [{ part: "summary", label: "Course-of-conduct summary", text }],
  };
}

/**
 * What a section may pull from on this case, for this actor: signed-off, not retracted, current assessments,
 * in the order things happened.
 */
export function sectionSources(actor: Actor, caseId: string, section: PsrSection): Source[] {
  const kinds = [...new Set(section.sources.map((s) => s.kind))];
  if (!kinds.length) return [];
  const timeline = sectionAccepts(section, "incident", null) ? timelineSource(actor, caseId) : null;
  const records = sourceQuery()
    .where(and(pullableWhere(actor, caseId), inArray(caseRecords.kind, kinds), isNull(caseRecords.retractedAt)))
    .orderBy(asc(caseRecords.createdAt))
    .all()
    .filter(
      (row) =>
        sectionAccepts(section, row.r.kind, row.instrument) &&
        (row.assessmentState === null || row.assessmentState === "signed_off"),
    )
    .map((row) => toSource(actor, row))
    .filter((s): s is Source => s !== null)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return timeline ? [timeline, ...records] : records;
}

/**
 * The given records as the actor may read them now (retracted and superseded ones included, so a statement
 * pulled from them can say so). A record missing from the map is one the actor cannot read, or may never use.
 */
export function sourcesById(actor: Actor, caseId: string, recordIds: readonly string[]): Map<string, Source> {
  const ids = [...new Set(recordIds)].filter((id) => id.length <= 64 && id !== TIMELINE);
  const out = new Map<string, Source>();
  if (recordIds.includes(TIMELINE)) {
    const timeline = timelineSource(actor, caseId);
    if (timeline) out.set(TIMELINE, timeline);
  }
  if (!ids.length) return out;
  const rows = sourceQuery()
    .where(and(pullableWhere(actor, caseId), inArray(caseRecords.id, ids)))
    .all();
  for (const row of rows) {
    const s = toSource(actor, row);
    if (s) out.set(s.recordId, s);
  }
  return out;
}

/**
 * The given records as they stood at the end of a London day (keep as at conviction, issue 17): records created
 * after it are left out, and an edited record gives the version in force then, from record_versions (the first
 * version replaced after the day ended; the current content when none was). Access is decided now, as for
 * sourcesById: what the actor may not read today is not offered as it was.
 */
export function sourcesAsAt(
  actor: Actor,
  caseId: string,
  recordIds: readonly string[],
  asAt: string,
): Map<string, Source> {
  const cutoff = endOfLondonDay(asAt).toISOString();
  const out = new Map<string, Source>();
  if (recordIds.includes(TIMELINE)) {
    const timeline = timelineSource(actor, caseId, asAt);
    if (timeline) out.set(TIMELINE, timeline);
  }
  const ids = [...new Set(recordIds)].filter((id) => id.length <= 64 && id !== TIMELINE);
  if (!ids.length) return out;
  const rows = sourceQuery()
    .where(and(pullableWhere(actor, caseId), inArray(caseRecords.id, ids), lte(caseRecords.createdAt, cutoff)))
    .all();
  const versions = getDb()
    .select()
    .from(recordVersions)
    .where(inArray(recordVersions.recordId, ids))
    .orderBy(asc(recordVersions.version))
    .all();
  for (const row of rows) {
    const mine = versions.filter((v) => v.recordId === row.r.id);
    const i = mine.findIndex((v) => v.replacedAt > cutoff);
    const then = i >= 0 ? mine[i]! : null;
    // A version was written when the one before it was replaced (the first when the record was created).
    const written = then ? (i > 0 ? mine[i - 1]!.replacedAt : row.r.createdAt) : row.r.updatedAt;
    const asThen = then
      ? {
          ...row,
          r: {
            ...row.r,
            title: then.title,
            summary: then.summary,
            body: then.body,
            version: then.version,
            updatedAt: written,
          },
        }
      : row;
    const s = toSource(actor, asThen);
    if (s) out.set(s.recordId, s);
  }
  return out;
}
