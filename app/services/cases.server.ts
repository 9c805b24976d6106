import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { defineAbilityFor } from "~/access/ability";
import { caseAsRecordColumns, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { redact, type RedactedRecord } from "~/access/redact";
import { mayAddNote } from "~/access/case-actions";
import { mayShareRecord } from "~/access/share-rule";
import { scope } from "~/access/scope.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { CASE_ROLE_LABELS, caseRoleLabel } from "~/domain/case-vocabulary";
import { agencies, caseMembers, caseParties, caseRecords, cases, people, users } from "../../db/schema";
import { canSeeCaseAccessLog } from "./audit-log.server";
import { canUpdateCase, requireCase } from "./case-access.server";

export const CASES_PAGE_SIZE = 25;
/** The case page lists this many of the most recent records the actor may see; each section lists its own in full. */
export const RECENT_RECORDS = 10;

/** Where a page of the case list starts: after or before a case in the list's order (keyset paging). */
export type CaseListCursor = { updatedAt: string; id: string };
export type CaseListPosition = { after?: CaseListCursor; before?: CaseListCursor; page?: number };

/** `updatedAt~id`, as it travels in links. */
export function formatCaseListCursor(c: CaseListCursor): string {
  return `${c.updatedAt}~${c.id}`;
}

/** A cursor from a link, or undefined for anything that is not one (the list then starts at the beginning). */
export function parseCaseListCursor(value: string | null): CaseListCursor | undefined {
  const m = value ? /^(\d{4}-\d{2}-\d{2}T[\d:.]{1,20}Z)~([\w-]{1,64})$/.exec(value) : null;
  return m ? { updatedAt: m[1]!, id: m[2]! } : undefined;
}

/**
 * The cases the actor may see (case core), newest activity first, filtered in SQL. Pages are found from a
 * neighbouring page's first or last case (keyset paging: `(updated_at, id)` compared, so the cases_updated and
 * cases_lead indexes find the page without reading the pages before it); `page` only numbers the page shown.
 */
export function listCases(actor: Actor, position: CaseListPosition = {}) {
  const db = getDb();
  const where = scope(actor, "read", "CaseRecord", caseAsRecordColumns);
  const backwards = !position.after && position.before !== undefined;
  const cursor = position.after ?? position.before;
  const beyond = cursor
    ? backwards
      ? sql`(${cases.updatedAt}, ${cases.id}) > (${cursor.updatedAt}, ${cursor.id})`
      : sql`(${cases.updatedAt}, ${cases.id}) < (${cursor.updatedAt}, ${cursor.id})`
    : undefined;
  const found = db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, priority: cases.priority, updatedAt: cases.updatedAt, leadAgency: agencies.name })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
    .where(beyond ? and(where, beyond) : where)
    .orderBy(...(backwards ? [asc(cases.updatedAt), asc(cases.id)] : [desc(cases.updatedAt), desc(cases.id)]))
    .limit(CASES_PAGE_SIZE + 1)
    .all();
  // One more than a page was asked for, to know whether there is another page in that direction.
  // A cursor that no longer leads anywhere (the cases it named moved) starts the list again.
  if (cursor && !found.length) return listCases(actor);
  const more = found.length > CASES_PAGE_SIZE;
  const rows = found.slice(0, CASES_PAGE_SIZE);
  if (backwards) rows.reverse();
  const total = db.select({ n: count() }).from(cases).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / CASES_PAGE_SIZE));
  const first = rows[0];
  const last = rows.at(-1);
  const hasPrevious = backwards ? more : cursor !== undefined && rows.length > 0;
  const hasNext = backwards ? rows.length > 0 : more;
  // Going back to the start always reads as page 1, whatever number a link carried.
  const page = hasPrevious ? Math.min(pages, Math.max(2, Math.trunc(position.page ?? 2))) : 1;
  return {
    rows,
    total,
    page,
    pages,
    previous: hasPrevious && first ? formatCaseListCursor(first) : null,
    next: hasNext && last ? formatCaseListCursor(last) : null,
  };
}

export type CaseRecordView = RedactedRecord & {
  id: string;
  kind: string;
  category: Category;
  categoryLabel: string;
  ownerAgency: string;
  ownerAgencyId: string;
  author: string;
  marking: string;
  caveats: string[];
  status: string;
  updatedAt: string;
  canShare: boolean;
};

const CAVEAT_FLAGS = [
  ["cavVictimConfidential", "Victim-confidential"],
  ["cavHealthConfidential", "Health-confidential"],
  ["cavPoliceIntelligence", "Police intelligence"],
  ["cavNotPerpetratorFacing", "Not for perpetrator-facing staff"],
] as const;

/**
 * One case as the actor may see it: the case core, its parties' names and team, and the most recent records
 * they have summary or full access to, redacted on the server. Records they may not see are not loaded, not
 * counted and not mentioned.
 */
export function caseOverview(actor: Actor, caseId: string) {
  const db = getDb();
  // The case core through the one gate: 404 (audited) for a case the actor may not see or that does not exist.
  const row = requireCase(actor, caseId);
  const ability = defineAbilityFor(actor);

  const visibleRecords = and(eq(caseRecords.caseId, caseId), scope(actor, "read_summary", "CaseRecord", caseRecordColumns));
  const records = db
    .select({ r: caseRecords, ownerAgency: agencies.name, author: users.name, chargingReferredAt: cases.chargingReferredAt })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .innerJoin(users, eq(users.id, caseRecords.authorUserId))
    .where(visibleRecords)
    .orderBy(desc(caseRecords.updatedAt), desc(caseRecords.id))
    .limit(RECENT_RECORDS)
    .all();
  // How many there are in all, counted with the same filter, so the page can say "the 10 most recent of N".
  const recordsTotal =
    records.length < RECENT_RECORDS ? records.length : (db.select({ n: count() }).from(caseRecords).innerJoin(cases, eq(cases.id, caseRecords.caseId)).where(visibleRecords).get()?.n ?? 0);

  const views: CaseRecordView[] = [];
  for (const { r, ownerAgency, author, chargingReferredAt } of records) {
    const attrs = recordAttributes(r, chargingReferredAt);
    const redacted = redact(actor, attrs, { title: r.title, summary: r.summary, body: parseBody(r.body) }, ownerAgency, ability);
    // The SQL filter already excluded what the actor may not see; this is the single-record check agreeing.
    if (!redacted) continue;
    views.push({
      ...redacted,
      id: r.id,
      kind: r.kind,
      category: r.category as Category,
      categoryLabel: CATEGORY_LABELS[r.category as Category] ?? r.category,
      ownerAgency,
      ownerAgencyId: r.ownerAgencyId,
      author: redacted.level === "full" ? author : ownerAgency,
      marking: r.marking,
      caveats: CAVEAT_FLAGS.filter(([flag]) => r[flag]).map(([, label]) => label),
      status: r.status,
      updatedAt: r.updatedAt,
      canShare: mayShareRecord(actor, attrs, ability),
    });
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.records_view",
    subjectType: "Case",
    subjectId: caseId,
    caseId,
    purpose: actor.caseIds.includes(caseId) ? actor.purpose : actor.breakGlassCaseIds.includes(caseId) ? "break_glass" : actor.purpose,
    outcome: "allowed",
    detail: { records: views.length, full: views.filter((v) => v.level === "full").length, ...(actor.breakGlassCaseIds.includes(caseId) && !actor.caseIds.includes(caseId) ? { breakGlass: true } : {}) },
  });

  const team = db
    .select({ userId: users.id, name: users.name, agency: agencies.name, roleInCase: caseMembers.roleInCase })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
    .orderBy(agencies.name, users.name)
    .all()
    .map((m) => ({ ...m, roleLabel: caseRoleLabel(m.roleInCase) }));

  // The parties' names are case core: everyone who may see the case sees them (details are on the People page).
  const parties = db
    .select({ personId: people.id, name: people.fullName, partyRole: caseParties.partyRole })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(eq(caseParties.caseId, caseId))
    .orderBy(sql`CASE ${caseParties.partyRole} WHEN 'victim' THEN 0 ELSE 1 END`, caseParties.addedAt)
    .all();

  const officers = team.filter((m) => m.roleLabel === CASE_ROLE_LABELS.officer_in_case).map((m) => m.name);
  return {
    case: {
      id: row.id,
      reference: row.reference,
      status: row.status,
      leadAgency: row.leadAgency,
      referredForCharging: row.chargingReferredAt !== null,
      updatedAt: row.updatedAt,
      createdAt: row.createdAt,
      priority: row.priority,
      priorityReason: row.priorityReason,
      closingReason: row.closingReason,
      closedAt: row.closedAt,
      relationship: row.relationship,
      motivation: row.motivation,
      flags: { domesticAbuse: row.flagDomesticAbuse, online: row.flagOnline, policePerpetrated: row.flagPolicePerpetrated },
      officers,
    },
    team,
    parties,
    records: views,
    recordsTotal,
    canUpdate: canUpdateCase(actor, row),
    canAddNote: mayAddNote(actor, row.id),
    viaBreakGlass: actor.breakGlassCaseIds.includes(caseId) && !actor.caseIds.includes(caseId),
    // "Who has seen this case": supervisors of the lead agency (and auditors, who never reach this page).
    canSeeAccessLog: canSeeCaseAccessLog(actor, row.leadAgencyId),
  };
}

/** A record body as stored (JSON); anything unexpected reads as empty rather than failing the page. */
export function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
