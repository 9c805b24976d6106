import { and, asc, desc, eq, isNull, lt, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { actsOnSpoConsideration, overseesSpoConsideration } from "~/access/spo-work";
import { caseAsRecordColumns, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { redact } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { spoOutstandingBefore } from "~/domain/order-rules";
import {
  SPO_CONSIDERATION_DAYS,
  SPO_DECISION_LABELS,
  SPO_DECISIONS,
  type SpoDecision,
} from "~/domain/protective-orders";
import { agencies, caseRecords, cases, spoConsiderations, users } from "../../db/schema";
import { requireCase, requireCaseWrite } from "./case-access.server";
import { insertCaseRecord } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import {
  caseHeaderOf,
  dateParts,
  parseSubmitted,
  readRequiredDate,
  textField,
  worksOnCase,
  type Problem,
} from "./orders-common.server";
import type { WriteResult } from "./protective-orders.server";

const RATIONALE_MAX = 2000;

function spoSchema(today: string) {
  return z
    .object({
      ...dateParts("consideredOn"),
      decision: textField(64),
      rationale: textField(RATIONALE_MAX, "Rationale must be 2,000 characters or fewer"),
    })
    .transform((v, ctx) => {
      const problem: Problem = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      const consideredOn = readRequiredDate(
        v,
        "consideredOn",
        "Date considered",
        problem,
        "Enter the date the SPO was considered",
      );
      if (consideredOn && consideredOn > today) problem("consideredOn", "Date considered must be today or in the past");
      const decision = SPO_DECISIONS.find((d) => d === v.decision);
      if (!decision) problem("decision", "Select the decision");
      if (!v.rationale) problem("rationale", "Enter the rationale for the decision");
      if (!consideredOn || consideredOn > today || !decision || !v.rationale) return z.NEVER;
      return { consideredOn, decision, rationale: v.rationale };
    });
}

/** Recommendation 13 is a police duty: only police members of the case team who act on SPOs record the consideration. */
export function mayRecordSpoConsideration(actor: Actor, caseId: string): boolean {
  return actsOnSpoConsideration(actor) && worksOnCase(actor, caseId);
}

export type SpoConsiderationView = {
  id: string;
  consideredOn: string;
  decision: SpoDecision;
  decisionLabel: string;
  rationale: string;
  consideredBy: string;
  recordedAt: string;
};

/** The case's SPO considerations the actor may see in full, newest first (filtered in SQL, redacted here). */
export function listSpoConsiderations(actor: Actor, caseId: string): SpoConsiderationView[] {
  const rows = getDb()
    .select({
      r: caseRecords,
      s: spoConsiderations,
      by: users.name,
      ownerAgency: agencies.name,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(spoConsiderations)
    .innerJoin(caseRecords, eq(caseRecords.id, spoConsiderations.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(users, eq(users.id, spoConsiderations.consideredBy))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(
      and(
        eq(spoConsiderations.caseId, caseId),
        eq(caseRecords.caseId, caseId),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(spoConsiderations.consideredOn), desc(caseRecords.createdAt))
    .all();
  return rows.flatMap(({ r, s, by, ownerAgency, chargingReferredAt }) => {
    const red = redact(
      actor,
      recordAttributes(r, chargingReferredAt),
      { title: r.title, summary: r.summary, body: parseBody(r.body) },
      ownerAgency,
    );
    if (!red || red.level !== "full") return [];
    const decision = s.decision as SpoDecision;
    return [
      {
        id: r.id,
        consideredOn: s.consideredOn,
        decision,
        decisionLabel: SPO_DECISION_LABELS[decision] ?? s.decision,
        rationale: s.rationale,
        consideredBy: by,
        recordedAt: r.createdAt,
      },
    ];
  });
}

/** The SPO consideration page: the case, its considerations and whether the actor may record one. */
export function spoConsiderationPage(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId, "spo_consideration.view");
  return {
    case: caseHeaderOf(c),
    considerations: listSpoConsiderations(actor, c.id),
    canRecord: mayRecordSpoConsideration(actor, c.id),
    daysAllowed: SPO_CONSIDERATION_DAYS,
  };
}

/** Records that an SPO was considered: by the actor, on a date not in the future, with a decision and rationale. */
export function recordSpoConsideration(
  actor: Actor,
  caseId: string,
  values: Record<string, string | string[]>,
  now = new Date(),
): WriteResult {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, mayRecordSpoConsideration(actor, c.id), "spo_consideration.create");
  const form = parseSubmitted(values, spoSchema(londonToday(now)));
  if (!form.ok) return form;
  const { consideredOn, decision, rationale } = form.data;
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    const recordId = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "spo_consideration",
        category: "case_core",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        title: "Stalking protection order considered",
        summary: `${SPO_DECISION_LABELS[decision]} (considered on ${formatDate(consideredOn)})`,
        body: { consideredOn, decision, rationale, consideredByName: actor.name },
      },
      at,
    );
    tx.insert(spoConsiderations)
      .values({ recordId, caseId: c.id, consideredBy: actor.userId, consideredOn, decision, rationale })
      .run();
    return recordId;
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "spo_consideration.create",
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { decision },
  });
  return { ok: true, id };
}

export type SpoOutstanding = { id: string; reference: string; createdAt: string; daysOpen: number };

/**
 * Supervisors' list (Recommendation 13): open cases led by their agency with no SPO consideration more than
 * SPO_CONSIDERATION_DAYS after the case was created. Filtered in SQL, through the gate's scope as well.
 */
export function spoOutstanding(actor: Actor, now = new Date()): SpoOutstanding[] {
  if (!overseesSpoConsideration(actor)) return [];
  const db = getDb();
  const considered = db
    .select({ one: spoConsiderations.recordId })
    .from(spoConsiderations)
    .innerJoin(caseRecords, eq(caseRecords.id, spoConsiderations.recordId))
    .where(and(eq(spoConsiderations.caseId, cases.id), isNull(caseRecords.retractedAt)));
  const rows = db
    .select({ id: cases.id, reference: cases.reference, createdAt: cases.createdAt })
    .from(cases)
    .where(
      and(
        eq(cases.leadAgencyId, actor.agencyId),
        // Written as the partial index cases_spo_outstanding is, so it is used: the few open cases not yet
        // considered (the flag is kept by triggers), not every case the agency leads.
        sql`${cases.status} <> 'closed' AND ${cases.spoConsidered} = 0`,
        lt(cases.createdAt, spoOutstandingBefore(now, SPO_CONSIDERATION_DAYS)),
        notExists(considered),
        scope(actor, "read", "CaseRecord", caseAsRecordColumns),
      ),
    )
    .orderBy(asc(cases.createdAt))
    .limit(50)
    .all();
  const today = londonToday(now);
  return rows.map((r) => ({
    ...r,
    daysOpen: Math.max(
      0,
      Math.round(
        (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${londonToday(new Date(r.createdAt))}T00:00:00Z`)) / 86_400_000,
      ),
    ),
  }));
}

/** The home page's section, for police supervisors only (null for everyone else: app/access/spo-work.ts). */
export function spoOutstandingForHome(
  actor: Actor,
  now = new Date(),
): { cases: SpoOutstanding[]; days: number } | null {
  return overseesSpoConsideration(actor) ? { cases: spoOutstanding(actor, now), days: SPO_CONSIDERATION_DAYS } : null;
}
