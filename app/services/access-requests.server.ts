import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, authorizeRecord, notFound } from "~/access/gate.server";
import { caseAsRecord, caseAsRecordColumns, caseRecordColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { reasonField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { accessRequests, agencies, caseMembers, caseRecords, cases, users } from "../../db/schema";
import { hiddenCasesHeldBy } from "./person-search.server";
import type { Tx } from "./case-record-store.server";
import { notify } from "./notifications.server";
import { shareRecord } from "./shares.server";
import { accessLevel } from "~/access/redact";
import { recordAttributes } from "~/access/record-columns.server";
import { LAWFUL_BASES } from "~/access/vocabulary";
import { recordKindLabel } from "~/domain/record-kinds";

type Values = Record<string, string | string[] | undefined>;
type Result<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

const missingReason = "Enter why you need access";

// Hidden fields: only a changed page gets these wrong, so the message sends people back to the search.
const chosenInSearch = z
  .string({ required_error: "Search again and choose the agency to ask" })
  .trim()
  .min(1, "Search again and choose the agency to ask")
  .max(64, "Search again and choose the agency to ask");

export const PersonAccessRequestSchema = z.object({
  person: chosenInSearch,
  agency: chosenInSearch,
  reason: reasonField(missingReason),
});

export const CaseAccessRequestSchema = z.object({
  agency: z
    .string({ required_error: "Select the agency you are asking" })
    .trim()
    .min(1, "Select the agency you are asking")
    .max(64, "Select the agency you are asking"),
  reason: reasonField(missingReason),
});

export const DecisionSchema = z
  .object({
    decision: z.enum(["approve", "refuse"], { errorMap: () => ({ message: "Select approve or refuse" }) }),
    note: z.string().trim().max(2000, "The note must be 2,000 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "refuse" && !v.note)
      ctx.addIssue({ code: "custom", path: ["note"], message: "Enter a note saying why you are refusing" });
  });

function clean(values: Values): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

function agencyName(agencyId: string): string | null {
  return getDb().select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId)).get()?.name ?? null;
}

/** Records one pending request per case to the agency, skipping cases the actor already has a pending request for. */
function createRequests(
  actor: Actor,
  caseIds: string[],
  owningAgencyId: string,
  reason: string,
  recordId: string | null = null,
): { created: number; alreadyPending: number } {
  const db = getDb();
  const now = new Date().toISOString();
  const made: { id: string; caseId: string }[] = [];
  db.transaction((tx) => {
    for (const caseId of caseIds) {
      const pending = tx
        .select({ id: accessRequests.id })
        .from(accessRequests)
        .where(
          and(
            eq(accessRequests.requesterUserId, actor.userId),
            eq(accessRequests.caseId, caseId),
            eq(accessRequests.owningAgencyId, owningAgencyId),
            recordId ? eq(accessRequests.recordId, recordId) : isNull(accessRequests.recordId),
            eq(accessRequests.status, "pending"),
          ),
        )
        .get();
      if (pending) continue;
      const id = randomUUID();
      tx.insert(accessRequests)
        .values({
          id,
          requesterUserId: actor.userId,
          requesterAgencyId: actor.agencyId,
          caseId,
          owningAgencyId,
          recordId,
          reason,
          status: "pending",
          createdAt: now,
        })
        .run();
      made.push({ id, caseId });
    }
  });
  for (const m of made) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "access_request.create",
      subjectType: "AccessRequest",
      subjectId: m.id,
      caseId: m.caseId,
      outcome: "done",
      detail: { owningAgencyId, recordId },
    });
  }
  return { created: made.length, alreadyPending: caseIds.length - made.length };
}

function refuseUnknown(actor: Actor, action: string, subjectType: string, subjectId: string | null): never {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType,
    subjectId,
    outcome: "denied",
  });
  throw notFound();
}

// ---------------------------------------------------------------------------------------------------------------
// From the person search: ask an agency for access to the cases of a person the actor cannot see.

/**
 * The request form for one person and one agency from the search results. Says only which agency is asked;
 * 404 (audited) when the person has no case the actor cannot see where that agency holds records.
 */
export function personAccessRequestForm(
  actor: Actor,
  personId: string,
  agencyId: string,
): { personId: string; agencyId: string; agencyName: string } {
  authorize(actor, "request", "AccessRequest");
  const name = agencyName(agencyId);
  if (!name || !hiddenCasesHeldBy(actor, personId, agencyId).length)
    refuseUnknown(actor, "access_request.form", "Person", personId.slice(0, 64));
  return { personId, agencyId, agencyName: name };
}

/** Records a request per (case, agency) for the person's cases the actor cannot see and the agency holds records on. */
export function requestAccessForPerson(
  actor: Actor,
  values: Values,
): Result<{ created: number; alreadyPending: number; agencyName: string }> {
  authorize(actor, "request", "AccessRequest");
  const form = parseValues(clean(values), PersonAccessRequestSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const { person, agency, reason } = form.data;
  const name = agencyName(agency);
  const caseIds = name ? hiddenCasesHeldBy(actor, person, agency) : [];
  if (!name || !caseIds.length) refuseUnknown(actor, "access_request.create", "Person", person);
  return { ok: true, agencyName: name, ...createRequests(actor, caseIds, agency, reason) };
}

// ---------------------------------------------------------------------------------------------------------------
// From a case page: the actor sees the case but not a record ("request access" beside a withheld value).

/**
 * The agencies the actor may ask about a case they can see: the lead agency, agencies on the case team and
 * owners of records the actor can see at least a summary of, other than their own. Agencies whose records the
 * actor cannot see at all are not named, as on the case page.
 */
function agenciesOnCase(actor: Actor, caseId: string) {
  const db = getDb();
  const lead = db
    .select({ id: agencies.id, name: agencies.name })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
    .where(eq(cases.id, caseId))
    .all();
  const team = db
    .selectDistinct({ id: agencies.id, name: agencies.name })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
    .all();
  const owners = db
    .selectDistinct({ id: agencies.id, name: agencies.name })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .where(and(eq(caseRecords.caseId, caseId), scope(actor, "read_summary", "CaseRecord", caseRecordColumns)))
    .all();
  // Never the actor's own agency: its records are not what they are asking for (their own supervisor is not the
  // one who can grant another agency's), and listing it first read as the place to ask.
  return [...new Map([...lead, ...team, ...owners].map((a) => [a.id, a.name]))]
    .filter(([id]) => id !== actor.agencyId)
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function visibleCase(actor: Actor, caseId: string, auditAction: string) {
  const row = getDb()
    .select({
      id: cases.id,
      reference: cases.reference,
      leadAgencyId: cases.leadAgencyId,
      chargingReferredAt: cases.chargingReferredAt,
    })
    .from(cases)
    .where(eq(cases.id, caseId))
    .get();
  if (!row) refuseUnknown(actor, auditAction, "Case", caseId.slice(0, 64));
  authorizeRecord(actor, caseAsRecord(row), { need: "full", auditAction, subjectType: "Case" });
  return row;
}

/** The request form on a case the actor can see (404 otherwise, audited). */
export function caseAccessRequestForm(actor: Actor, caseId: string) {
  authorize(actor, "request", "AccessRequest");
  const row = visibleCase(actor, caseId, "access_request.form");
  return { caseId: row.id, reference: row.reference, agencies: agenciesOnCase(actor, caseId) };
}

export function requestAccessToCase(
  actor: Actor,
  caseId: string,
  values: Values,
): Result<{ created: number; alreadyPending: number; agencyName: string }> {
  authorize(actor, "request", "AccessRequest");
  const row = visibleCase(actor, caseId, "access_request.create");
  const form = parseValues(clean(values), CaseAccessRequestSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const agency = agenciesOnCase(actor, row.id).find((a) => a.id === form.data.agency);
  if (!agency) return { ok: false, errors: { agency: "Select the agency you are asking" } };
  return { ok: true, agencyName: agency.name, ...createRequests(actor, [row.id], agency.id, form.data.reason) };
}

// ---------------------------------------------------------------------------------------------------------------
// From beside one record ("Held by ...: request access"): ask the agency that holds it for that record.

/**
 * A record the actor may ask for: on a case they can open, held by another agency, and not already readable in
 * full. Anything else is the same audited 404, so the form confirms nothing the case page did not show.
 */
function requestableRecord(actor: Actor, recordId: string, auditAction: string) {
  const found =
    recordId.length <= 64
      ? getDb()
          .select({ r: caseRecords, at: cases.chargingReferredAt, agencyName: agencies.name })
          .from(caseRecords)
          .innerJoin(cases, eq(cases.id, caseRecords.caseId))
          .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
          .where(eq(caseRecords.id, recordId))
          .get()
      : undefined;
  if (!found) refuseUnknown(actor, auditAction, "CaseRecord", recordId.slice(0, 64));
  const c = visibleCase(actor, found.r.caseId, auditAction);
  const level = accessLevel(actor, recordAttributes(found.r, found.at));
  if (level === "full" || found.r.ownerAgencyId === actor.agencyId || found.r.retractedAt)
    refuseUnknown(actor, auditAction, "CaseRecord", found.r.id);
  return { record: found.r, level, agencyName: found.agencyName, reference: c.reference };
}

/**
 * The form for one record: which record (its kind, and its title where the actor sees its summary line), the
 * agency that holds it (the only one asked) and why.
 */
export function recordAccessRequestForm(actor: Actor, recordId: string) {
  // The record first: an id the actor may not ask about is a 404 whoever they are (it confirms nothing).
  const { record, level, agencyName, reference } = requestableRecord(actor, recordId, "access_request.form");
  authorize(actor, "request", "AccessRequest");
  return {
    recordId: record.id,
    caseId: record.caseId,
    reference,
    kind: recordKindLabel(record.kind),
    title: level === "summary" ? record.title : null,
    agencyName,
  };
}

export const RecordAccessRequestSchema = z.object({ reason: reasonField(missingReason) });

export function requestAccessToRecord(
  actor: Actor,
  recordId: string,
  values: Values,
): Result<{ created: number; alreadyPending: number; agencyName: string }> {
  const { record, agencyName } = requestableRecord(actor, recordId, "access_request.create");
  authorize(actor, "request", "AccessRequest");
  const form = parseValues(clean(values), RecordAccessRequestSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  return {
    ok: true,
    agencyName,
    ...createRequests(actor, [record.caseId], record.ownerAgencyId, form.data.reason, record.id),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The requester's own requests.

/**
 * The actor's requests, newest first. The case reference is shown only where the actor may now see the case
 * (decided in SQL), so a request made from the person search does not reveal it before approval.
 */
export function myAccessRequests(actor: Actor) {
  const visible = scope(actor, "read", "CaseRecord", caseAsRecordColumns);
  const rows = getDb()
    .select({
      id: accessRequests.id,
      agency: agencies.name,
      reason: accessRequests.reason,
      status: accessRequests.status,
      createdAt: accessRequests.createdAt,
      decidedAt: accessRequests.decidedAt,
      decisionNote: accessRequests.decisionNote,
      caseId: sql<string | null>`CASE WHEN ${visible} THEN ${cases.id} END`,
      reference: sql<string | null>`CASE WHEN ${visible} THEN ${cases.reference} END`,
    })
    .from(accessRequests)
    .innerJoin(cases, eq(cases.id, accessRequests.caseId))
    .innerJoin(agencies, eq(agencies.id, accessRequests.owningAgencyId))
    .where(eq(accessRequests.requesterUserId, actor.userId))
    .orderBy(desc(accessRequests.createdAt), desc(accessRequests.id))
    .limit(200)
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "access_request.list_own",
    subjectType: "AccessRequest",
    outcome: "allowed",
    detail: { results: rows.length },
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding: supervisors of the owning agency.

/** Pending requests the actor may decide (scope() in SQL), oldest first; never their own. */
export function pendingAccessRequests(actor: Actor) {
  const ability = defineAbilityFor(actor);
  if (!ability.can("decide", "AccessRequest")) return [];
  return getDb()
    .select({
      id: accessRequests.id,
      requester: users.name,
      requesterAgency: agencies.name,
      caseId: cases.id,
      reference: cases.reference,
      reason: accessRequests.reason,
      createdAt: accessRequests.createdAt,
      recordId: accessRequests.recordId,
      recordTitle: caseRecords.title,
      recordKind: caseRecords.kind,
      onTeam: sql<number>`EXISTS (SELECT 1 FROM ${caseMembers} WHERE ${caseMembers.caseId} = ${accessRequests.caseId} AND ${caseMembers.userId} = ${accessRequests.requesterUserId} AND ${caseMembers.removedAt} IS NULL)`,
    })
    .from(accessRequests)
    .innerJoin(users, eq(users.id, accessRequests.requesterUserId))
    .innerJoin(agencies, eq(agencies.id, accessRequests.requesterAgencyId))
    .innerJoin(cases, eq(cases.id, accessRequests.caseId))
    .leftJoin(caseRecords, eq(caseRecords.id, accessRequests.recordId))
    .where(
      and(
        eq(accessRequests.status, "pending"),
        ne(accessRequests.requesterUserId, actor.userId),
        scope(actor, "decide", "AccessRequest", {
          id: accessRequests.id,
          owningAgencyId: accessRequests.owningAgencyId,
        }),
      ),
    )
    .orderBy(asc(accessRequests.createdAt), asc(accessRequests.id))
    .limit(200)
    .all()
    .map((r) => ({ ...r, recordKind: r.recordKind ? recordKindLabel(r.recordKind) : null, onTeam: Boolean(r.onTeam) }));
}

/** Tells the requester their request was decided (kind and link only: the outcome is on their requests page). */
function toldDecided(tx: Tx, requesterUserId: string, at: string): () => void {
  return notify(
    tx,
    [requesterUserId],
    { kind: "access_request_decided", text: "A request for access you made has been decided.", href: "/requests" },
    at,
  );
}

/**
 * Approves or refuses a request. Only a supervisor of the owning agency (403, audited, for anyone else), never
 * for their own request, once. Approval adds the requester to the case team as "Access approved by <agency>".
 */
export function decideAccessRequest(
  actor: Actor,
  requestId: string,
  values: Values,
): Result<{ decision: "approve" | "refuse"; addedToTeam: boolean; shared?: boolean }> {
  const db = getDb();
  const request = db.select().from(accessRequests).where(eq(accessRequests.id, requestId)).get();
  if (!request) {
    authorize(actor, "decide", "AccessRequest");
    refuseUnknown(actor, "access_request.decide", "AccessRequest", requestId.slice(0, 64));
  }
  authorize(actor, "decide", "AccessRequest", { id: request.id, owningAgencyId: request.owningAgencyId });
  const form = parseValues(clean(values), DecisionSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  if (request.requesterUserId === actor.userId)
    return { ok: false, errors: { decision: "You cannot decide your own request" } };
  if (request.status !== "pending") return { ok: false, errors: { decision: "This request has already been decided" } };

  const { decision, note } = form.data;
  if (request.recordId && decision === "approve") return approveRecordRequest(actor, request, values, note);
  const now = new Date().toISOString();
  const approverAgency = agencyName(request.owningAgencyId) ?? actor.agencyName;
  let addedToTeam = false;
  const decided = db.transaction((tx) => {
    const changed = tx
      .update(accessRequests)
      .set({
        status: decision === "approve" ? "approved" : "refused",
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: note || null,
      })
      .where(and(eq(accessRequests.id, request.id), eq(accessRequests.status, "pending")))
      .run().changes;
    if (!changed) return null;
    if (decision === "approve") {
      const member = tx
        .select({ userId: caseMembers.userId })
        .from(caseMembers)
        .where(
          and(
            eq(caseMembers.caseId, request.caseId),
            eq(caseMembers.userId, request.requesterUserId),
            isNull(caseMembers.removedAt),
          ),
        )
        .get();
      if (!member) {
        tx.insert(caseMembers)
          .values({
            caseId: request.caseId,
            userId: request.requesterUserId,
            roleInCase: `Access approved by ${approverAgency}`,
            addedBy: actor.userId,
            addedAt: now,
          })
          .run();
        addedToTeam = true;
      }
    }
    return toldDecided(tx, request.requesterUserId, now);
  });
  if (!decided) return { ok: false, errors: { decision: "This request has already been decided" } };
  decided();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "access_request.decide",
    subjectType: "AccessRequest",
    subjectId: request.id,
    caseId: request.caseId,
    outcome: "done",
    detail: { decision, addedToTeam },
  });
  if (addedToTeam) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "case_team.add",
      subjectType: "User",
      subjectId: request.requesterUserId,
      caseId: request.caseId,
      outcome: "done",
      detail: { accessRequestId: request.id },
    });
  }
  return { ok: true, decision, addedToTeam };
}

/**
 * Approving a request for one record shares that record with the requester (a person share, for case work, on the
 * lawful basis the approver gives), made by the approver through the share rule like any share (so only someone
 * who may share it, reading it in full by standing access, can approve). Nobody is added to the case team.
 */
function approveRecordRequest(
  actor: Actor,
  request: typeof accessRequests.$inferSelect,
  values: Values,
  note: string,
): Result<{ decision: "approve"; addedToTeam: boolean; shared: boolean }> {
  const lawfulBasis = typeof values.lawfulBasis === "string" ? values.lawfulBasis : "";
  if (!(LAWFUL_BASES as readonly string[]).includes(lawfulBasis))
    return { ok: false, errors: { lawfulBasis: "Select the lawful basis for sharing" } };
  const requester = getDb()
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, request.requesterUserId))
    .get();
  const shared = shareRecord(actor, request.recordId!, {
    recipientKind: "user",
    userEmail: requester?.email ?? "",
    purpose: "case_work",
    lawfulBasis,
  });
  if (!shared.ok)
    return { ok: false, errors: { decision: Object.values(shared.errors)[0] ?? "This record cannot be shared" } };
  const now = new Date().toISOString();
  const told = getDb().transaction((tx) => {
    const changed = tx
      .update(accessRequests)
      .set({ status: "approved", decidedBy: actor.userId, decidedAt: now, decisionNote: note || null })
      .where(and(eq(accessRequests.id, request.id), eq(accessRequests.status, "pending")))
      .run().changes;
    return changed ? toldDecided(tx, request.requesterUserId, now) : null;
  });
  if (!told) return { ok: false, errors: { decision: "This request has already been decided" } };
  told();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "access_request.decide",
    subjectType: "AccessRequest",
    subjectId: request.id,
    caseId: request.caseId,
    outcome: "done",
    detail: { decision: "approve", shareId: shared.shareId },
  });
  return { ok: true, decision: "approve", addedToTeam: false, shared: true };
}
