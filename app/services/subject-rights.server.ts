import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can, notFound } from "~/access/gate.server";
import { CATEGORY_LABELS, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/limitation-deadline";
import { SUBJECT_CATEGORIES } from "~/domain/subject-access";
import {
  NO_OBJECTION_UNDER_PART_3,
  processingRegime,
  rightsUnder,
  SUBJECT_RIGHT_LABELS,
  SUBJECT_RIGHTS,
  SUBJECT_RIGHTS_DECISIONS,
  subjectRightsDueOn,
  type ProcessingRegime,
  type SubjectRight,
} from "~/domain/subject-rights";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues, type FieldErrors } from "~/forms/parse-form";

/*
 * Rectification, objection and restriction requests (issue 21, decision 0057). A data protection lead records a
 * person's request against the records of their own agency it concerns (their agency owns them and decides), and the
 * decision: accept or refuse, with a reason. Under DPA 2018 Part 3 (police, CPS, probation, prisons) there is no right
 * to object; restriction is the remedy there. The deadline is one calendar month. Every step is audited with ids and
 * codes only: the person's words and the reasons stay in the request's rows.
 */

type Values = Record<string, string | string[]>;
type Failure = { ok: false; errors: FieldErrors; values: Values };

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
    subjectType: "SubjectRightsRequest",
    subjectId,
    detail: detail ?? null,
  });

/** The most records one request lists to choose from (a person on many cases: the oldest beyond it are not offered). */
export const RECORDS_OFFERED = 500;

export type RecordAbout = {
  recordId: string;
  caseReference: string;
  categoryLabel: string;
  title: string;
  recordedOn: string;
};

/** The page that records a request opens only for whoever may record one (the lead of the agency). */
export function requireMayRecordSubjectRights(actor: Actor): void {
  authorize(actor, "create", "SubjectRightsRequest", { agencyId: actor.agencyId });
}

/** The records of the lead's agency about the person (by their role on each case, as for subject access), newest first. */
export function recordsAbout(
  actor: Actor,
  personId: string,
): { personName: string; regime: ProcessingRegime; records: RecordAbout[] } {
  authorize(actor, "create", "SubjectRightsRequest", { agencyId: actor.agencyId });
  const sqlite = getDb().$client;
  const person = sqlite.prepare(`SELECT full_name AS name FROM people WHERE id = ?`).get(personId) as
    { name: string } | undefined;
  if (!person) throw notFound();
  const byRole = (role: "perpetrator" | "victim") => {
    const categories = SUBJECT_CATEGORIES[role];
    return `SELECT r.id FROM case_parties p JOIN case_records r ON r.case_id = p.case_id
             WHERE p.person_id = @personId AND p.party_role = '${role}' AND r.owner_agency_id = @agencyId AND r.disposal IS NULL
               AND r.category IN (${categories.map((c) => `'${c}'`).join(", ")})`;
  };
  const records = sqlite
    .prepare(
      `SELECT r.id AS recordId, c.reference AS caseReference, r.category, r.title, r.created_at AS recordedOn
         FROM case_records r JOIN cases c ON c.id = r.case_id
        WHERE r.id IN (${byRole("perpetrator")} UNION ${byRole("victim")})
        ORDER BY r.created_at DESC, r.id LIMIT ${RECORDS_OFFERED}`,
    )
    .all({ personId, agencyId: actor.agencyId }) as (Omit<RecordAbout, "categoryLabel"> & { category: string })[];
  auditAs(actor, "subject_rights.records_about", null, { personId, records: records.length });
  return {
    personName: person.name,
    regime: processingRegime(actor.agencyType),
    records: records.map(({ category, ...r }) => ({
      ...r,
      categoryLabel: CATEGORY_LABELS[category as Category] ?? category,
    })),
  };
}

const StartSchema = z.object({
  personId: z
    .string({ required_error: "Select the person the request is from" })
    .trim()
    .min(1, "Select the person the request is from")
    .max(64),
  right: z.enum(SUBJECT_RIGHTS, { errorMap: () => ({ message: "Select what the person asks for" }) }),
  receivedOn: dateField("The date the request was received", "Enter the date the request was received"),
  statement: z
    .string({ required_error: "Enter what the person says is wrong, or why they object" })
    .trim()
    .min(1, "Enter what the person says is wrong, or why they object")
    .max(4000, "What the person says must be 4000 characters or fewer"),
  recordIds: z
    .union([z.string(), z.array(z.string())], {
      errorMap: () => ({ message: "Select the records the request concerns" }),
    })
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(64)).min(1, "Select the records the request concerns").max(RECORDS_OFFERED)),
});

/** Records a request against the records it concerns: each must be one of the lead's agency's records about the person. */
export function startSubjectRights(actor: Actor, values: Values, now = new Date()): { ok: true; id: string } | Failure {
  authorize(actor, "create", "SubjectRightsRequest", { agencyId: actor.agencyId });
  const parsed = parseValues(withDateParts(values, ["receivedOn"]) as Values, StartSchema);
  if (!parsed.ok) return { ...parsed, values };
  const { personId, right, receivedOn, statement, recordIds } = parsed.data;
  if (receivedOn > londonDate(now))
    return {
      ok: false,
      errors: { receivedOn: "The date the request was received must be today or in the past" },
      values,
    };
  const regime = processingRegime(actor.agencyType);
  if (!rightsUnder(regime).includes(right)) return { ok: false, errors: { right: NO_OBJECTION_UNDER_PART_3 }, values };
  const about = new Set(recordsAbout(actor, personId).records.map((r) => r.recordId));
  if (recordIds.some((id) => !about.has(id)))
    return { ok: false, errors: { recordIds: "Select only records your agency holds about this person" }, values };
  const id = randomUUID();
  const sqlite = getDb().$client;
  const dueOn = subjectRightsDueOn(receivedOn);
  sqlite
    .transaction(() => {
      sqlite
        .prepare(
          `INSERT INTO subject_rights_requests (id, person_id, agency_id, "right", received_on, due_on, statement, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(id, personId, actor.agencyId, right, receivedOn, dueOn, statement, actor.userId, now.toISOString());
      const link = sqlite.prepare(`INSERT INTO subject_rights_records (request_id, record_id) VALUES (?, ?)`);
      for (const recordId of recordIds) link.run(id, recordId);
      auditAs(actor, "subject_rights.start", id, { right, records: recordIds.length, dueOn });
    })
    .immediate();
  return { ok: true, id };
}

export type SubjectRightsSummary = {
  id: string;
  personName: string;
  right: SubjectRight;
  rightLabel: string;
  receivedOn: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  records: number;
};

/** The lead's agency's requests: open ones soonest due first, then the decided, newest first (200 at most). */
export function listSubjectRights(actor: Actor, now = new Date()): SubjectRightsSummary[] {
  authorize(actor, "read", "SubjectRightsRequest", { agencyId: actor.agencyId });
  const rows = getDb()
    .$client.prepare(
      `SELECT s.id, p.full_name AS personName, s."right" AS "right", s.received_on AS receivedOn, s.due_on AS dueOn, s.status,
              (SELECT count(*) FROM subject_rights_records x WHERE x.request_id = s.id) AS records
         FROM subject_rights_requests s JOIN people p ON p.id = s.person_id
        WHERE s.agency_id = ? ORDER BY s.status <> 'open', CASE WHEN s.status = 'open' THEN s.due_on END, s.decided_at DESC, s.id LIMIT 200`,
    )
    .all(actor.agencyId) as Omit<SubjectRightsSummary, "overdue" | "rightLabel">[];
  const today = londonDate(now);
  const labels = SUBJECT_RIGHT_LABELS[processingRegime(actor.agencyType)];
  return rows.map((r) => ({ ...r, rightLabel: labels[r.right], overdue: r.status === "open" && r.dueOn < today }));
}

export type SubjectRightsView = {
  id: string;
  personName: string;
  right: SubjectRight;
  rightLabel: string;
  receivedOn: string;
  dueOn: string;
  statement: string;
  status: "open" | "accepted" | "refused";
  decisionReason: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  records: RecordAbout[];
};

type RequestRow = {
  id: string;
  agencyId: string;
  personName: string;
  right: SubjectRight;
  receivedOn: string;
  dueOn: string;
  statement: string;
  status: SubjectRightsView["status"];
  decisionReason: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
};

function requestRow(actor: Actor, requestId: string, action: string): RequestRow {
  const row = getDb()
    .$client.prepare(
      `SELECT s.id, s.agency_id AS agencyId, p.full_name AS personName, s."right" AS "right", s.received_on AS receivedOn, s.due_on AS dueOn, s.statement, s.status,
              s.decision_reason AS decisionReason, s.decided_at AS decidedAt, u.name AS decidedByName
         FROM subject_rights_requests s JOIN people p ON p.id = s.person_id LEFT JOIN users u ON u.id = s.decided_by WHERE s.id = ?`,
    )
    .get(requestId) as RequestRow | undefined;
  if (!row || !can(actor, action === "read" ? "read" : "update", "SubjectRightsRequest", { agencyId: row.agencyId })) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: `subject_rights.${action}`,
      outcome: "denied",
      subjectType: "SubjectRightsRequest",
      subjectId: requestId,
    });
    throw notFound();
  }
  return row;
}

/** One request of the lead's agency with the records it concerns (404 for anyone else). */
export function getSubjectRights(actor: Actor, requestId: string): SubjectRightsView {
  const { agencyId: _agency, ...row } = requestRow(actor, requestId, "read");
  const records = getDb()
    .$client.prepare(
      `SELECT r.id AS recordId, c.reference AS caseReference, r.category, r.title, r.created_at AS recordedOn
         FROM subject_rights_records x JOIN case_records r ON r.id = x.record_id JOIN cases c ON c.id = r.case_id
        WHERE x.request_id = ? ORDER BY r.created_at DESC, r.id`,
    )
    .all(requestId) as (Omit<RecordAbout, "categoryLabel"> & { category: string })[];
  auditAs(actor, "subject_rights.view", requestId, { records: records.length });
  return {
    ...row,
    rightLabel: SUBJECT_RIGHT_LABELS[processingRegime(actor.agencyType)][row.right],
    records: records.map(({ category, ...r }) => ({
      ...r,
      categoryLabel: CATEGORY_LABELS[category as Category] ?? category,
    })),
  };
}

const DecisionSchema = z.object({
  decision: z.enum(SUBJECT_RIGHTS_DECISIONS, { errorMap: () => ({ message: "Select accept or refuse" }) }),
  decisionReason: z
    .string({ required_error: "Enter the reason for your decision, and what was done" })
    .trim()
    .min(1, "Enter the reason for your decision, and what was done")
    .max(2000, "The reason must be 2000 characters or fewer"),
});

/**
 * The owning agency's decision: accept (say what was corrected, restricted or stopped) or refuse (say why, and that
 * the person may complain to the Information Commissioner). Decided once: a decided request cannot be decided again.
 */
export function decideSubjectRights(
  actor: Actor,
  requestId: string,
  values: Values,
  now = new Date(),
): { ok: true } | Failure {
  const row = requestRow(actor, requestId, "decide");
  if (row.status !== "open")
    return { ok: false, errors: { decision: "This request has already been decided" }, values };
  const parsed = parseValues(values, DecisionSchema);
  if (!parsed.ok) return { ...parsed, values };
  const status = parsed.data.decision === "accept" ? "accepted" : "refused";
  const sqlite = getDb().$client;
  const decided = sqlite
    .transaction(() => {
      const changed = sqlite
        .prepare(
          `UPDATE subject_rights_requests SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'`,
        )
        .run(status, parsed.data.decisionReason, actor.userId, now.toISOString(), requestId).changes;
      if (changed === 1)
        auditAs(actor, `subject_rights.${parsed.data.decision}`, requestId, {
          right: row.right,
          late: londonDate(now) > row.dueOn,
        });
      return changed === 1;
    })
    .immediate();
  return decided ? { ok: true } : { ok: false, errors: { decision: "This request has already been decided" }, values };
}
