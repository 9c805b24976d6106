import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can, forbidden, notFound } from "~/access/gate.server";
import { caseAsRecord } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { CATEGORY_LABELS, LAWFUL_BASIS_LABELS, PURPOSE_LABELS } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { toCsv } from "~/domain/csv";
import { formatDateTime } from "~/domain/dates";
import { endOfLondonDay } from "~/domain/expiry-date";
import { roleLabel } from "~/domain/roles";
import type { FieldErrors } from "~/forms/parse-form";
import {
  DISCLOSURE_KIND_LABELS,
  type AuditFilters,
  type DisclosureFilters,
  type DisclosureKind,
} from "~/domain/audit-filters";
import { agencies, auditLog, cases, users } from "../../db/schema";

export const AUDIT_PAGE_SIZE = 50;
export const DISCLOSURES_PAGE_SIZE = 50;
/** The UTC instants bounding London days `from` (its start) and `to` (its end), for `at >= start AND at < end`. */
function londonDayBounds(from?: string, to?: string): { start?: string; end?: string } {
  const dayBefore = (day: string) => {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  };
  return {
    start: from ? endOfLondonDay(dayBefore(from)).toISOString() : undefined,
    end: to ? endOfLondonDay(to).toISOString() : undefined,
  };
}

function purposeLabel(p: string | null): string | null {
  return p === null ? null : ((PURPOSE_LABELS as Record<string, string>)[p] ?? p);
}

// --- Audit search (auditors).

/** Refuses (403, audited) anyone who may not read the audit log; for a search form sent with mistakes. */
export function assertCanSearchAudit(actor: Actor): void {
  authorize(actor, "read", "AuditLog");
}

export type AuditEntryView = {
  seq: number;
  at: string;
  who: string;
  agency: string | null;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  caseId: string | null;
  caseReference: string | null;
  purpose: string | null;
  detail: string | null;
};

/**
 * The audit log for auditors, newest first, 50 to a page: filtered by person (their email), case (its reference),
 * London days, the start of the action name and outcome. Entries hold identifiers and reasons, never record
 * content, so they are shown as stored. Every search is itself audited (with ids, not the email typed).
 */
export function searchAudit(
  actor: Actor,
  filters: AuditFilters,
):
  | { ok: true; entries: AuditEntryView[]; total: number; page: number; pages: number }
  | { ok: false; errors: FieldErrors } {
  authorize(actor, "read", "AuditLog");
  const db = getDb();
  const errors: FieldErrors = {};
  const personId = filters.person
    ? db.select({ id: users.id }).from(users).where(eq(users.email, filters.person)).get()?.id
    : undefined;
  if (filters.person && !personId) errors.person = "There is no account with this email address";
  const caseId = filters.case
    ? db.select({ id: cases.id }).from(cases).where(eq(cases.reference, filters.case)).get()?.id
    : undefined;
  if (filters.case && !caseId) errors.case = "There is no case with this reference";
  if (Object.keys(errors).length) return { ok: false, errors };

  const { start, end } = londonDayBounds(filters.from, filters.to);
  const conditions: SQL[] = [];
  if (personId) conditions.push(eq(auditLog.actorUserId, personId));
  if (caseId) conditions.push(eq(auditLog.caseId, caseId));
  if (start) conditions.push(gte(auditLog.at, start));
  if (end) conditions.push(lt(auditLog.at, end));
  if (filters.actionPrefix)
    conditions.push(sql`substr(${auditLog.action}, 1, ${filters.actionPrefix.length}) = ${filters.actionPrefix}`);
  if (filters.outcome) conditions.push(eq(auditLog.outcome, filters.outcome));
  const where = conditions.length ? and(...conditions) : undefined;

  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const rows = db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorUserId: auditLog.actorUserId,
      name: users.name,
      agency: agencies.name,
      action: auditLog.action,
      outcome: auditLog.outcome,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      caseId: auditLog.caseId,
      caseReference: cases.reference,
      purpose: auditLog.purpose,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(agencies, eq(agencies.id, auditLog.actorAgencyId))
    .leftJoin(cases, eq(cases.id, auditLog.caseId))
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();

  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "audit.search",
    subjectType: "AuditLog",
    purpose: "oversight",
    outcome: "allowed",
    detail: {
      personId: personId ?? null,
      caseId: caseId ?? null,
      from: filters.from ?? null,
      to: filters.to ?? null,
      actionPrefix: filters.actionPrefix ?? null,
      outcome: filters.outcome ?? null,
      page,
      results: total,
    },
  });

  return {
    ok: true,
    total,
    page,
    pages,
    entries: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      who: r.name ?? (r.actorUserId ? "Unknown account" : "System"),
      agency: r.agency,
      action: r.action,
      outcome: r.outcome,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      caseId: r.caseId,
      caseReference: r.caseReference,
      purpose: purposeLabel(r.purpose),
      detail: r.detail,
    })),
  };
}

// --- Who has seen this case (supervisors of the lead agency, auditors).

export type CaseAccessView = {
  userId: string;
  name: string;
  agency: string | null;
  seen: number;
  refused: number;
  changes: number;
  lastAt: string;
  breakGlass: boolean;
};

/** Whether the actor may open the case's access log: the gate's CaseAccessLog rule on the lead agency. */
export function canSeeCaseAccessLog(actor: Actor, leadAgencyId: string): boolean {
  return can(actor, "read", "CaseAccessLog", { ownerAgencyId: leadAgencyId });
}

/**
 * "Who has seen this case": every read and write on the case in the audit log (allowed, refused and done),
 * grouped by person, with when they last touched it and whether any of it was emergency access. Looking at
 * this page is audited too, but not counted here (it shows who accessed the case, not the case).
 */
export function caseAccessLog(actor: Actor, caseId: string) {
  const db = getDb();
  const c = db
    .select({
      id: cases.id,
      reference: cases.reference,
      leadAgencyId: cases.leadAgencyId,
      leadAgency: agencies.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
    .where(eq(cases.id, caseId))
    .get();
  const refuse = (found: boolean) =>
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "case_access_log.view",
      subjectType: "Case",
      subjectId: caseId.slice(0, 64),
      caseId: found ? caseId : null,
      outcome: "denied",
    });
  if (!c) {
    refuse(false);
    throw notFound();
  }
  const ability = defineAbilityFor(actor);
  const seesCase = accessLevel(actor, caseAsRecord(c), ability) === "full";
  if (!canSeeCaseAccessLog(actor, c.leadAgencyId)) {
    refuse(true);
    // Someone who may see the case learns only that this page is not theirs; anyone else learns nothing.
    throw seesCase ? forbidden() : notFound();
  }

  const people = db
    .select({
      userId: sql<string>`${auditLog.actorUserId}`,
      name: users.name,
      agency: agencies.name,
      seen: sql<number>`sum(${auditLog.outcome} = 'allowed')`,
      refused: sql<number>`sum(${auditLog.outcome} = 'denied')`,
      changes: sql<number>`sum(${auditLog.outcome} IN ('done', 'failed'))`,
      lastAt: sql<string>`max(${auditLog.at})`,
      breakGlass: sql<number>`max(${auditLog.purpose} IS 'break_glass' OR (json_valid(${auditLog.detail}) AND json_extract(${auditLog.detail}, '$.breakGlass') IS 1))`,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(auditLog.caseId, caseId),
        sql`${auditLog.actorUserId} IS NOT NULL`,
        sql`substr(${auditLog.action}, 1, 16) <> 'case_access_log.'`,
      ),
    )
    .groupBy(auditLog.actorUserId)
    .orderBy(sql`max(${auditLog.at}) DESC`)
    .all();

  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case_access_log.view",
    subjectType: "Case",
    subjectId: caseId,
    caseId,
    purpose: "oversight",
    outcome: "allowed",
    detail: { people: people.length },
  });

  return {
    case: { id: c.id, reference: c.reference, leadAgency: c.leadAgency },
    people: people.map((p): CaseAccessView => ({
      userId: p.userId,
      name: p.name ?? "Unknown account",
      agency: p.agency,
      seen: p.seen,
      refused: p.refused,
      changes: p.changes,
      lastAt: p.lastAt,
      breakGlass: p.breakGlass === 1,
    })),
    canOpenCase: seesCase,
    canSearchAudit: ability.can("read", "AuditLog"),
  };
}

// --- Disclosure log (auditors): what left its owning agency, and on what basis.

export type DisclosureView = {
  kind: DisclosureKind;
  kindLabel: string;
  at: string;
  caseId: string;
  caseReference: string;
  information: string;
  owningAgency: string;
  recipient: string;
  purpose: string | null;
  lawfulBasis: string;
  reason: string | null;
  by: string | null;
  status: string;
};

type DisclosureRow = {
  kind: DisclosureKind;
  at: string;
  caseId: string;
  caseReference: string;
  category: string | null;
  owningAgency: string;
  toUser: string | null;
  toUserAgency: string | null;
  toAgency: string | null;
  toRole: string | null;
  purpose: string | null;
  lawfulBasis: string | null;
  reason: string | null;
  byName: string | null;
  byAgency: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  reviewOutcome: string | null;
  note: string | null;
};

/**
 * One row per disclosure outside the owning agency: explicit record shares (to another agency, a role, or a
 * person in another agency), break-glass grants and approved access requests, newest first.
 */
function disclosureQuery(filters: { from?: string; to?: string; kind?: DisclosureKind }) {
  const db = getDb();
  const { start, end } = londonDayBounds(filters.from, filters.to);
  const union = sql`
    SELECT 'share' AS kind, s.created_at AS at, c.id AS caseId, c.reference AS caseReference, r.category AS category, oa.name AS owningAgency,
           tu.name AS toUser, tua.name AS toUserAgency, ta.name AS toAgency, s.to_role AS toRole,
           s.purpose AS purpose, s.lawful_basis AS lawfulBasis, NULL AS reason, sb.name AS byName, sba.name AS byAgency,
           s.revoked_at AS revokedAt, s.expires_at AS expiresAt, NULL AS reviewOutcome, NULL AS note
      FROM record_shares s
      JOIN case_records r ON r.id = s.record_id
      JOIN cases c ON c.id = r.case_id
      JOIN agencies oa ON oa.id = r.owner_agency_id
      JOIN users sb ON sb.id = s.shared_by_user_id
      JOIN agencies sba ON sba.id = s.shared_by_agency_id
      LEFT JOIN agencies ta ON ta.id = s.to_agency_id
      LEFT JOIN users tu ON tu.id = s.to_user_id
      LEFT JOIN agencies tua ON tua.id = tu.agency_id
     WHERE (s.to_agency_id IS NOT NULL AND s.to_agency_id <> r.owner_agency_id)
        OR (s.to_user_id IS NOT NULL AND tu.agency_id <> r.owner_agency_id)
        OR s.to_role IS NOT NULL
    UNION ALL
    SELECT 'break_glass', g.granted_at, c.id, c.reference, NULL, la.name,
           gu.name, ga.name, NULL, NULL,
           'break_glass', NULL, g.reason, gu.name, ga.name,
           NULL, g.expires_at, g.review_outcome, NULL
      FROM break_glass_grants g
      JOIN cases c ON c.id = g.case_id
      JOIN agencies la ON la.id = c.lead_agency_id
      JOIN users gu ON gu.id = g.user_id
      JOIN agencies ga ON ga.id = g.agency_id
    UNION ALL
    SELECT 'access_request', coalesce(q.decided_at, q.created_at), c.id, c.reference, NULL, qa.name,
           ru.name, ra.name, NULL, NULL,
           NULL, NULL, q.reason, du.name, dua.name,
           NULL, NULL, NULL, q.decision_note
      FROM access_requests q
      JOIN cases c ON c.id = q.case_id
      JOIN agencies qa ON qa.id = q.owning_agency_id
      JOIN users ru ON ru.id = q.requester_user_id
      JOIN agencies ra ON ra.id = q.requester_agency_id
      LEFT JOIN users du ON du.id = q.decided_by
      LEFT JOIN agencies dua ON dua.id = du.agency_id
     WHERE q.status = 'approved'`;
  const conditions: SQL[] = [sql`1`];
  if (start) conditions.push(sql`at >= ${start}`);
  if (end) conditions.push(sql`at < ${end}`);
  if (filters.kind) conditions.push(sql`kind = ${filters.kind}`);
  const where = sql.join(conditions, sql` AND `);
  return {
    count: () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${union}) WHERE ${where}`).n,
    rows: (limit: number, offset: number) =>
      db.all<DisclosureRow>(
        sql`SELECT * FROM (${union}) WHERE ${where} ORDER BY at DESC, kind LIMIT ${limit} OFFSET ${offset}`,
      ),
  };
}

/** `when` writes the times inside a status: GOV.UK style on the page, ISO in the CSV. */
function disclosureView(r: DisclosureRow, now: string, when: (iso: string) => string): DisclosureView {
  const recipient = r.toUser
    ? `${r.toUser} (${r.toUserAgency ?? "unknown agency"})`
    : r.toAgency
      ? `Everyone in ${r.toAgency}`
      : r.toRole
        ? `Everyone with the role ${roleLabel(r.toRole)}`
        : "Unknown";
  const by = r.byName ? `${r.byName}${r.byAgency ? ` (${r.byAgency})` : ""}` : null;
  switch (r.kind) {
    case "share": {
      const status = r.revokedAt
        ? `Revoked ${when(r.revokedAt)}`
        : r.expiresAt && r.expiresAt <= now
          ? `Expired ${when(r.expiresAt)}`
          : r.expiresAt
            ? `Active until ${when(r.expiresAt)}`
            : "Active, no end date";
      return {
        kind: r.kind,
        kindLabel: DISCLOSURE_KIND_LABELS.share,
        at: r.at,
        caseId: r.caseId,
        caseReference: r.caseReference,
        information: (CATEGORY_LABELS as Record<string, string>)[r.category ?? ""] ?? r.category ?? "",
        owningAgency: r.owningAgency,
        recipient,
        purpose: purposeLabel(r.purpose),
        lawfulBasis:
          (LAWFUL_BASIS_LABELS as Record<string, string>)[r.lawfulBasis ?? ""] ?? r.lawfulBasis ?? "Not recorded",
        reason: null,
        by,
        status,
      };
    }
    case "break_glass":
      return {
        kind: r.kind,
        kindLabel: DISCLOSURE_KIND_LABELS.break_glass,
        at: r.at,
        caseId: r.caseId,
        caseReference: r.caseReference,
        information: "Signed-off records of the case (caveats still applied)",
        owningAgency: r.owningAgency,
        recipient,
        purpose: purposeLabel("break_glass"),
        lawfulBasis: "Emergency access",
        reason: r.reason,
        by,
        status: r.reviewOutcome
          ? `Reviewed: ${r.reviewOutcome === "justified" ? "justified" : "not justified"}`
          : r.expiresAt && r.expiresAt > now
            ? `Active until ${when(r.expiresAt)}`
            : "Awaiting review",
      };
    case "access_request":
      return {
        kind: r.kind,
        kindLabel: DISCLOSURE_KIND_LABELS.access_request,
        at: r.at,
        caseId: r.caseId,
        caseReference: r.caseReference,
        information: "Case team membership (what the team may see)",
        owningAgency: r.owningAgency,
        recipient,
        purpose: null,
        lawfulBasis: "Not recorded on the request",
        reason: r.reason,
        by,
        status: r.note ? `Approved: ${r.note}` : "Approved",
      };
  }
}

/** Refuses (403, audited) anyone who may not read the disclosure log; for a filter form sent with mistakes. */
export function assertCanReadDisclosures(actor: Actor): void {
  authorize(actor, "read", "DisclosureLog");
}

/** The disclosure log page: 50 to a page, newest first, audited. */
export function disclosureLog(actor: Actor, filters: DisclosureFilters) {
  authorize(actor, "read", "DisclosureLog");
  const q = disclosureQuery(filters);
  const total = q.count();
  const pages = Math.max(1, Math.ceil(total / DISCLOSURES_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const now = new Date().toISOString();
  const rows = q
    .rows(DISCLOSURES_PAGE_SIZE, (page - 1) * DISCLOSURES_PAGE_SIZE)
    .map((r) => disclosureView(r, now, formatDateTime));
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "disclosure_log.view",
    subjectType: "DisclosureLog",
    purpose: "oversight",
    outcome: "allowed",
    detail: { from: filters.from ?? null, to: filters.to ?? null, kind: filters.kind ?? null, page, results: total },
  });
  return { rows, total, page, pages };
}

export const DISCLOSURE_CSV_HEADER = [
  "Kind",
  "When (UTC)",
  "Case reference",
  "Information",
  "Owning agency",
  "Recipient",
  "Purpose",
  "Lawful basis",
  "Reason given",
  "Shared, granted or approved by",
  "Status",
] as const;

/** The whole disclosure log for the filters as CSV (formula-safe), audited as an export. */
export function disclosureLogCsv(
  actor: Actor,
  filters: Omit<DisclosureFilters, "page">,
): { filename: string; csv: string; rows: number } {
  authorize(actor, "read", "DisclosureLog");
  const q = disclosureQuery(filters);
  const now = new Date().toISOString();
  const rows = q.rows(-1, 0).map((r) => disclosureView(r, now, (iso) => iso));
  const csv = toCsv(
    DISCLOSURE_CSV_HEADER,
    rows.map((v) => [
      v.kindLabel,
      v.at,
      v.caseReference,
      v.information,
      v.owningAgency,
      v.recipient,
      v.purpose,
      v.lawfulBasis,
      v.reason,
      v.by,
      v.status,
    ]),
  );
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "disclosure_log.export",
    subjectType: "DisclosureLog",
    purpose: "oversight",
    outcome: "done",
    detail: { from: filters.from ?? null, to: filters.to ?? null, kind: filters.kind ?? null, rows: rows.length },
  });
  return { filename: `disclosure-log-${now.slice(0, 10)}.csv`, csv, rows: rows.length };
}
