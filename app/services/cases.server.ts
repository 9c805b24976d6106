import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can } from "~/access/gate.server";
import { defineAbilityFor } from "~/access/ability";
import { caseAsRecord, caseAsRecordColumns, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, withheld, type RedactedRecord, type Withheld } from "~/access/redact";
import { mayAddNote } from "~/access/case-actions";
import { supervisesAgencyWork } from "~/access/agency-supervision";
import { scope } from "~/access/scope.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { CASE_FLAGS, type CaseFlag, type CaseListFilters } from "~/domain/case-list-query";
import { CASE_ROLE_LABELS, caseRoleLabel, type CaseStatus } from "~/domain/case-vocabulary";
import { agencies, caseMembers, caseParties, caseRecords, cases, people, tasks, users } from "../../db/schema";
import { canSeeCaseAccessLog } from "./audit-log.server";
import { canUpdateCase, requireCase } from "./case-access.server";

export const CASES_PAGE_SIZE = 25;
/** The case page lists this many of the most recent records the actor may see; each section lists its own in full. */
export const RECENT_RECORDS = 10;

/** Where a page of the case list starts: after or before a case in the list's order (keyset paging). */
export type CaseListCursor = { key: string; id: string };
export type CaseListPosition = { after?: CaseListCursor; before?: CaseListCursor; page?: number };

/** `key~id` (the sort column's value, then the id), as it travels in links. */
export function formatCaseListCursor(c: CaseListCursor): string {
  return `${c.key}~${c.id}`;
}

/** A cursor from a link, or undefined for anything that is not one (the list then starts at the beginning). */
export function parseCaseListCursor(value: string | null): CaseListCursor | undefined {
  // A time of change (2026-01-01T12:00:00.000Z) or a case reference (NS-2026-00001); both are bound as values.
  const m = value ? /^([\w:.-]{1,40})~([\w-]{1,64})$/.exec(value) : null;
  return m ? { key: m[1]!, id: m[2]! } : undefined;
}

/**
 * Party names and the next deadline for the cases of one page, read after the page is chosen so the work is for
 * the 25 rows shown, never for every case the filter matches (a correlated lookup in the page's own select would
 * run before its sort). Names are in the order the parties were added. The next deadline is the soonest open task:
 * tasks are seen by everyone who may open the case (caseTasksPage).
 */
export function caseListDetails(
  caseIds: string[],
): Map<string, { victim: string | null; perpetrator: string | null; nextDeadline: string | null }> {
  const out = new Map(
    caseIds.map((id) => [
      id,
      { victim: null as string | null, perpetrator: null as string | null, nextDeadline: null as string | null },
    ]),
  );
  if (!caseIds.length) return out;
  const db = getDb();
  const names = db
    .select({ caseId: caseParties.caseId, role: caseParties.partyRole, name: people.fullName })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(inArray(caseParties.caseId, caseIds))
    .orderBy(caseParties.caseId, caseParties.addedAt)
    .all();
  for (const n of names) {
    const row = out.get(n.caseId)!;
    const key = n.role === "victim" ? "victim" : "perpetrator";
    row[key] = row[key] ? `${row[key]}, ${n.name}` : n.name;
  }
  const due = db
    .select({ caseId: tasks.caseId, on: sql<string>`min(${tasks.dueOn})` })
    .from(tasks)
    .where(and(inArray(tasks.caseId, caseIds), eq(tasks.status, "open")))
    .groupBy(tasks.caseId)
    .all();
  for (const d of due) out.get(d.caseId)!.nextDeadline = d.on;
  return out;
}

const FLAG_COLUMNS = {
  domestic_abuse: cases.flagDomesticAbuse,
  online: cases.flagOnline,
  police_perpetrated: cases.flagPolicePerpetrated,
} as const;

export type CaseListRow = {
  id: string;
  reference: string;
  status: CaseStatus;
  priority: "standard" | "raised";
  updatedAt: string;
  leadAgency: string;
  victim: string | Withheld | null;
  perpetrator: string | Withheld | null;
  nextDeadline: string | null;
  flags: CaseFlag[];
};

/**
 * The cases the actor may see (case core), filtered and sorted as asked, filtered in SQL through the gate. Pages
 * are found from a neighbouring page's first or last case (keyset paging: `(sort column, id)` compared, so the
 * cases_updated and cases_lead indexes find the page without reading the pages before it); `page` only numbers
 * the page shown. Party names are case core: shown for every case listed, and withheld (naming the lead agency)
 * if the single-record check ever disagreed.
 */
/**
 * Whether the case list walks cases_updated in order and stops at a page, rather than letting SQLite gather every
 * case the person may read and sort them. Only the plan changes, never the rows: the condition, order and limit
 * are the same either way. For a supervisor whose agency leads most cases ("a case of theirs, or led by their
 * agency") SQLite chose to read all 76,299 police-led cases of 100,000 and sort them for 26 rows, 280 ms a page
 * (issue 24's soak spent 12.8 s of a worker's 33 s there); the walk reads about 26 rows. For a person whose reach is
 * small the walk would read the whole table, so it is taken only for an agency-wide reach over a large share.
 */
function walksInOrder(actor: Actor, filters: CaseListFilters): boolean {
  // "Only my cases" is as narrow as the person's own caseload, where the walk would read far.
  if (!supervisesAgencyWork(actor) || filters.mine) return false;
  const { led, all } = casesLedBy(actor.agencyId);
  return led >= WALK_MIN_LED && led * WALK_SHARE_DIVISOR >= all;
}
/** The walk reads about a page divided by the share of cases that match: worth it from about 1 in 50. */
const WALK_MIN_LED = 1_000;
const WALK_SHARE_DIVISOR = 50;

const ledCounts = new Map<string, { led: number; all: number; at: number }>();
/** How many cases an agency leads, of all: counted from the indexes, remembered for ten minutes. */
function casesLedBy(agencyId: string): { led: number; all: number } {
  const now = Date.now();
  const known = ledCounts.get(agencyId);
  if (known && now - known.at < 600_000) return known;
  const db = getDb();
  const led = db.select({ n: count() }).from(cases).where(eq(cases.leadAgencyId, agencyId)).get()?.n ?? 0;
  const all = db.select({ n: count() }).from(cases).get()?.n ?? 0;
  const counted = { led, all, at: now };
  ledCounts.set(agencyId, counted);
  return counted;
}

/** How the list's page is read: chosen by the person's reach ("auto"), or fixed (the tests compare the two). */
export type CaseListPlan = "auto" | "walk" | "gather";

export function listCases(
  actor: Actor,
  position: CaseListPosition = {},
  filters: CaseListFilters = DEFAULT_FILTERS,
  plan: CaseListPlan = "auto",
) {
  const db = getDb();
  const gate = scope(actor, "read", "CaseRecord", caseAsRecordColumns);
  const narrowing: SQL[] = [];
  if (filters.status) narrowing.push(eq(cases.status, filters.status));
  if (filters.priority) narrowing.push(eq(cases.priority, filters.priority));
  for (const flag of filters.flags) narrowing.push(eq(FLAG_COLUMNS[flag], true));
  if (filters.mine)
    narrowing.push(
      sql`EXISTS (SELECT 1 FROM ${caseMembers} WHERE ${caseMembers.caseId} = ${cases.id} AND ${caseMembers.userId} = ${actor.userId} AND ${caseMembers.removedAt} IS NULL)`,
    );
  const where = and(gate, ...narrowing)!;

  const column = filters.sort === "reference" ? cases.reference : cases.updatedAt;
  // The list's own direction: newest first for "recent", ascending otherwise.
  const descending = filters.sort === "recent";
  const backwards = !position.after && position.before !== undefined;
  const cursor = position.after ?? position.before;
  // Reading backwards (towards the start) flips the comparison and the order; the rows are turned round after.
  const towardsEnd = descending !== backwards;
  const beyond = cursor
    ? towardsEnd
      ? sql`(${column}, ${cases.id}) < (${cursor.key}, ${cursor.id})`
      : sql`(${column}, ${cases.id}) > (${cursor.key}, ${cursor.id})`
    : undefined;
  const found = db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      priority: cases.priority,
      updatedAt: cases.updatedAt,
      leadAgencyId: cases.leadAgencyId,
      chargingReferredAt: cases.chargingReferredAt,
      flagDomesticAbuse: cases.flagDomesticAbuse,
      flagOnline: cases.flagOnline,
      flagPolicePerpetrated: cases.flagPolicePerpetrated,
    })
    // No join here (the agencies' names are read for the page's rows below): with one, SQLite could start from
    // agencies and reach every case through cases_lead, and the walk below would not happen.
    .from(cases)
    // Walking: the condition is wrapped in coalesce(), which no index can serve, so SQLite reads cases_updated in
    // the list's order (the keyset bound still narrows it) and stops at the page.
    .where(
      and(
        column === cases.updatedAt && (plan === "auto" ? walksInOrder(actor, filters) : plan === "walk")
          ? sql`coalesce(${where}, 0)`
          : where,
        beyond,
      ),
    )
    .orderBy(...(towardsEnd ? [desc(column), desc(cases.id)] : [asc(column), asc(cases.id)]))
    .limit(CASES_PAGE_SIZE + 1)
    .all();
  // One more than a page was asked for, to know whether there is another page in that direction.
  // A cursor that no longer leads anywhere (the cases it named moved) starts the list again.
  if (cursor && !found.length) return listCases(actor, {}, filters, plan);
  const more = found.length > CASES_PAGE_SIZE;
  const page = found.slice(0, CASES_PAGE_SIZE);
  if (backwards) page.reverse();
  const ability = defineAbilityFor(actor);
  const details = caseListDetails(page.map((r) => r.id));
  const agencyNames = new Map(
    page.length
      ? db
          .select({ id: agencies.id, name: agencies.name })
          .from(agencies)
          .where(inArray(agencies.id, [...new Set(page.map((r) => r.leadAgencyId))]))
          .all()
          .map((a) => [a.id, a.name] as const)
      : [],
  );
  const rows: CaseListRow[] = page.map((r) => {
    const names = accessLevel(actor, caseAsRecord(r), ability) === "full";
    const d = details.get(r.id)!;
    const leadAgency = agencyNames.get(r.leadAgencyId) ?? "";
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      priority: r.priority,
      updatedAt: r.updatedAt,
      leadAgency,
      victim: names ? d.victim : withheld(leadAgency),
      perpetrator: names ? d.perpetrator : withheld(leadAgency),
      nextDeadline: d.nextDeadline,
      flags: CASE_FLAGS.filter((f) =>
        f === "domestic_abuse" ? r.flagDomesticAbuse : f === "online" ? r.flagOnline : r.flagPolicePerpetrated,
      ),
    };
  });
  const total = db.select({ n: count() }).from(cases).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / CASES_PAGE_SIZE));
  const first = page[0];
  const last = page.at(-1);
  const hasPrevious = backwards ? more : cursor !== undefined && page.length > 0;
  const hasNext = backwards ? page.length > 0 : more;
  const keyOf = (r: { reference: string; updatedAt: string; id: string }) =>
    formatCaseListCursor({ key: filters.sort === "reference" ? r.reference : r.updatedAt, id: r.id });
  // Going back to the start always reads as page 1, whatever number a link carried.
  const pageNumber = hasPrevious ? Math.min(pages, Math.max(2, Math.trunc(position.page ?? 2))) : 1;
  return {
    rows,
    total,
    page: pageNumber,
    pages,
    previous: hasPrevious && first ? keyOf(first) : null,
    next: hasNext && last ? keyOf(last) : null,
    filters,
  };
}

const DEFAULT_FILTERS: CaseListFilters = { mine: false, flags: [], sort: "recent" };

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

  const visibleRecords = and(
    eq(caseRecords.caseId, caseId),
    scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
  );
  const records = db
    .select({
      r: caseRecords,
      ownerAgency: agencies.name,
      author: users.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
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
    records.length < RECENT_RECORDS
      ? records.length
      : (db
          .select({ n: count() })
          .from(caseRecords)
          .innerJoin(cases, eq(cases.id, caseRecords.caseId))
          .where(visibleRecords)
          .get()?.n ?? 0);

  const views: CaseRecordView[] = [];
  for (const { r, ownerAgency, author, chargingReferredAt } of records) {
    const attrs = recordAttributes(r, chargingReferredAt);
    const redacted = redact(
      actor,
      attrs,
      { title: r.title, summary: r.summary, body: parseBody(r.body) },
      ownerAgency,
      ability,
    );
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
      canShare: can(actor, "share_record", attrs),
    });
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case.records_view",
    subjectType: "Case",
    subjectId: caseId,
    caseId,
    purpose: actor.caseIds.includes(caseId)
      ? actor.purpose
      : actor.breakGlassCaseIds.includes(caseId)
        ? "break_glass"
        : actor.purpose,
    outcome: "allowed",
    detail: {
      records: views.length,
      full: views.filter((v) => v.level === "full").length,
      ...(actor.breakGlassCaseIds.includes(caseId) && !actor.caseIds.includes(caseId) ? { breakGlass: true } : {}),
    },
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
      flags: {
        domesticAbuse: row.flagDomesticAbuse,
        online: row.flagOnline,
        policePerpetrated: row.flagPolicePerpetrated,
      },
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
