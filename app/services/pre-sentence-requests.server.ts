import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, max, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { CASEWORK_ROLES } from "~/access/baseline-policy";
import { notFound } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { PSR_SECTIONS, type PsrSectionCode } from "~/domain/pre-sentence";
import { ROLES, type Role } from "~/domain/roles";
import { dateField, withDateParts } from "~/forms/date-field";
import { parseValues } from "~/forms/parse-form";
import {
  agencies,
  caseMembers,
  cases,
  preSentenceInputRequests,
  preSentenceReports,
  preSentenceStatements,
  userRoles,
  users,
} from "../../db/schema";
import type { CaseHeaderData } from "~/components/case-header";
import { requireCase } from "./case-access.server";
import { caseHeaderData } from "./case-records.server";
import type { Tx } from "./case-record-store.server";
import { notify } from "./notifications.server";
import { checkContactDetails } from "./pre-sentence-contact-check.server";
import { requireReport, type Result, type Values } from "./pre-sentence.server";

/*
 * Input asked of partners for pre-sentence input (issue 7). The author asks someone on the case team from
 * another agency (the psychologist, the advocate, the investigator) a question for one section, by a date no later
 * than the hearing. The partner sees the question, never the draft; their answer lands in the section as a
 * contribution carrying their name, agency and the date, and the author is told.
 */

export type Recipient = { value: string; text: string };

/** Active case-team members of other agencies in case-working roles: who can be asked. */
export function inputRecipients(actor: Actor, caseId: string): Recipient[] {
  const rows = getDb()
    .select({
      id: users.id,
      name: users.name,
      agency: agencies.name,
      role: userRoles.role,
    })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(
        eq(caseMembers.caseId, caseId),
        isNull(caseMembers.removedAt),
        eq(users.status, "active"),
        ne(users.agencyId, actor.agencyId),
      ),
    )
    .orderBy(asc(agencies.name), asc(users.name))
    .all();
  const out = new Map<string, Recipient>();
  for (const r of rows) {
    if (!(CASEWORK_ROLES as readonly string[]).includes(r.role)) continue;
    const label = ROLES[r.role as Role]?.label ?? r.role;
    const existing = out.get(r.id);
    out.set(r.id, {
      value: r.id,
      text: existing ? `${existing.text}, ${label.toLowerCase()}` : `${r.name} (${r.agency}, ${label.toLowerCase()})`,
    });
  }
  return [...out.values()];
}

const AskSchema = (today: string, hearingOn: string) =>
  z.object({
    section: z.enum(PSR_SECTIONS.map((s) => s.code) as [PsrSectionCode, ...PsrSectionCode[]], {
      message: "Choose the section the input is for",
    }),
    to: z.string({ message: "Choose who to ask" }).min(1, "Choose who to ask").max(64, "Choose who to ask"),
    question: z
      .string({ message: "Enter your question" })
      .trim()
      .min(1, "Enter your question")
      .max(2000, "Your question must be 2,000 characters or fewer"),
    due: dateField("Due date", "Enter the date you need the answer by")
      .refine((d) => d >= today, "The due date must be today or in the future")
      .refine((d) => d <= hearingOn, `The due date must be on or before the hearing date, ${formatDate(hearingOn)}`),
  });

export function askForInput(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result<{ id: string }> {
  const c = requireCase(actor, caseId, "psr.request");
  const row = requireReport(actor, c, reportId, "psr.request");
  if (row.p.state !== "draft" || row.r.authorUserId !== actor.userId) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "psr.request",
      subjectType: "CaseRecord",
      subjectId: row.r.id,
      caseId: c.id,
      outcome: "denied",
      detail: {
        reason: row.p.state !== "draft" ? `state_${row.p.state}` : "not_author",
      },
    });
    throw new Response("Only the author can ask for input while the pre-sentence input is a draft", { status: 403 });
  }
  const form = parseValues(withDateParts(values, ["due"]) as Values, AskSchema(londonToday(now), row.p.hearingOn));
  if (!form.ok) return { ...form, values };
  const recipient = inputRecipients(actor, c.id).find((r) => r.value === form.data.to);
  if (!recipient) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "psr.request",
      subjectType: "CaseRecord",
      subjectId: row.r.id,
      caseId: c.id,
      outcome: "denied",
      detail: { reason: "recipient_not_on_team" },
    });
    return {
      ok: false,
      errors: { to: "Choose someone on the case team from the list" },
      values,
    };
  }
  const id = randomUUID();
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.insert(preSentenceInputRequests)
      .values({
        id,
        reportId: row.r.id,
        caseId: c.id,
        section: form.data.section,
        toUserId: recipient.value,
        question: form.data.question,
        dueOn: form.data.due,
        status: "open",
        requestedBy: actor.userId,
        requestedAt: at,
      })
      .run();
    return notify(
      tx,
      [recipient.value],
      {
        kind: "input_requested",
        text: `Input for pre-sentence input on case ${c.reference} is asked of you by ${formatDate(form.data.due)}`,
        href: `/cases/${c.id}/pre-sentence/requests/${id}`,
        caseId: c.id,
      },
      at,
    );
  });
  push();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "psr.request",
    subjectType: "CaseRecord",
    subjectId: row.r.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail: { requestId: id, section: form.data.section },
  });
  return { ok: true, id };
}

// --- The partner's side.

const requester = alias(users, "psr_requester");

function requestQuery() {
  return getDb()
    .select({
      q: preSentenceInputRequests,
      reference: cases.reference,
      court: preSentenceReports.court,
      hearingOn: preSentenceReports.hearingOn,
      reportState: preSentenceReports.state,
      requestedBy: requester.name,
    })
    .from(preSentenceInputRequests)
    .innerJoin(cases, eq(cases.id, preSentenceInputRequests.caseId))
    .innerJoin(preSentenceReports, eq(preSentenceReports.recordId, preSentenceInputRequests.reportId))
    .innerJoin(requester, eq(requester.id, preSentenceInputRequests.requestedBy));
}

export type InputRequest = {
  id: string;
  caseId: string;
  reference: string;
  court: string;
  hearingOn: string;
  section: string;
  question: string;
  dueOn: string;
  requestedBy: string;
  requestedAt: string;
  status: "open" | "answered" | "declined" | "withdrawn";
  answer: string | null;
  declineReason: string | null;
  overdue: boolean;
};

function toView(r: ReturnType<ReturnType<typeof requestQuery>["all"]>[number], today: string): InputRequest {
  return {
    id: r.q.id,
    caseId: r.q.caseId,
    reference: r.reference,
    court: r.court,
    hearingOn: r.hearingOn,
    section: PSR_SECTIONS.find((s) => s.code === r.q.section)?.heading ?? r.q.section,
    question: r.q.question,
    dueOn: r.q.dueOn,
    requestedBy: r.requestedBy,
    requestedAt: r.q.requestedAt,
    status: r.q.status as InputRequest["status"],
    answer: r.q.answer,
    declineReason: r.q.declineReason,
    overdue: r.q.status === "open" && r.q.dueOn < today,
  };
}

function auditRequest(
  actor: Actor,
  action: string,
  requestId: string,
  caseId: string,
  outcome: "done" | "denied",
  detail?: Record<string, string | number | boolean | null>,
) {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "InputRequest",
    subjectId: requestId,
    caseId,
    purpose: outcome === "done" ? actor.purpose : undefined,
    outcome,
    detail,
  });
}

/** The author is told their question was answered or declined. */
function tellRequester(
  tx: Tx,
  c: { id: string; reference: string },
  q: { requestedBy: string; reportId: string },
  outcome: "answered" | "declined",
  at: string,
) {
  return notify(
    tx,
    [q.requestedBy],
    {
      kind: "input_answered",
      text: `Your request for input on case ${c.reference} was ${outcome}`,
      href: `/cases/${c.id}/pre-sentence/${q.reportId}`,
      caseId: c.id,
    },
    at,
  );
}

/** Open questions asked of the actor, soonest due first (their home page). */
export function inputRequestsForMe(actor: Actor, now = new Date()): InputRequest[] {
  const today = londonToday(now);
  return requestQuery()
    .where(and(eq(preSentenceInputRequests.toUserId, actor.userId), eq(preSentenceInputRequests.status, "open")))
    .orderBy(asc(preSentenceInputRequests.dueOn))
    .all()
    .map((r) => toView(r, today));
}

/** A question asked of the actor, on a case they can still open; anyone else gets a 404 (audited). */
function requireMyRequest(actor: Actor, caseId: string, requestId: string, action: string) {
  const c = requireCase(actor, caseId, action);
  const r =
    requestId.length <= 64
      ? requestQuery()
          .where(and(eq(preSentenceInputRequests.id, requestId), eq(preSentenceInputRequests.caseId, c.id)))
          .get()
      : undefined;
  if (!r || r.q.toUserId !== actor.userId) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "InputRequest",
      subjectId: requestId.slice(0, 64),
      caseId: c.id,
      outcome: "denied",
      detail: { reason: r ? "not_recipient" : "not_found" },
    });
    throw notFound();
  }
  return { c, r };
}

export function inputRequest(
  actor: Actor,
  caseId: string,
  requestId: string,
  now = new Date(),
): InputRequest & { case: CaseHeaderData } {
  const { c, r } = requireMyRequest(actor, caseId, requestId, "psr.request_view");
  auditRequest(actor, "psr.request_view", r.q.id, c.id, "done");
  return { ...toView(r, londonToday(now)), case: caseHeaderData(c) };
}

const AnswerSchema = z.object({
  answer: z
    .string({ message: "Enter your answer" })
    .trim()
    .min(1, "Enter your answer")
    .max(5000, "Your answer must be 5,000 characters or fewer"),
});
const DeclineSchema = z.object({
  reason: z
    .string({ message: "Enter why you cannot answer" })
    .trim()
    .min(1, "Enter why you cannot answer")
    .max(1000, "The reason must be 1,000 characters or fewer"),
});

function requireOpen(actor: Actor, r: { q: { id: string; caseId: string; status: string } }, action: string): void {
  if (r.q.status === "open") return;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "InputRequest",
    subjectId: r.q.id,
    caseId: r.q.caseId,
    outcome: "denied",
    detail: { reason: `status_${r.q.status}` },
  });
  throw new Response("This question has already been answered, declined or withdrawn", { status: 409 });
}

/** The answer becomes a contribution in the section asked about, with the partner's name, agency and date. */
export function answerInputRequest(
  actor: Actor,
  caseId: string,
  requestId: string,
  values: Values,
  now = new Date(),
): Result {
  const { c, r } = requireMyRequest(actor, caseId, requestId, "psr.answer");
  requireOpen(actor, r, "psr.answer");
  const form = parseValues(values, AnswerSchema);
  if (!form.ok) return { ...form, values };
  // A partner cannot override: only the author confirms that something shaped like a contact detail is not one.
  const check = checkContactDetails(actor, c.id, form.data.answer, "Your answer", false);
  if (!check.ok) {
    auditRequest(actor, "psr.answer", r.q.id, c.id, "denied", {
      reason: check.known ? "victim_contact_in_text" : "contact_shape_in_text",
      kinds: check.kinds,
    });
    return {
      ok: false,
      errors: {
        answer: check.known
          ? check.message
          : `${check.message}. If it is not anyone's contact details (for example a court's address), say so in your answer without the detail itself`,
      },
      values,
    };
  }
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(preSentenceInputRequests)
      .set({ status: "answered", answer: form.data.answer, answeredAt: at })
      .where(eq(preSentenceInputRequests.id, r.q.id))
      .run();
    const position =
      (tx
        .select({ n: max(preSentenceStatements.position) })
        .from(preSentenceStatements)
        .where(eq(preSentenceStatements.reportId, r.q.reportId))
        .get()?.n ?? 0) + 1;
    tx.insert(preSentenceStatements)
      .values({
        id: randomUUID(),
        reportId: r.q.reportId,
        section: r.q.section,
        position,
        origin: "contribution",
        text: form.data.answer,
        sourceLabel: `Answer to a request for input of ${formatDate(r.q.requestedAt)}`,
        sourceAgencyId: actor.agencyId,
        sourceAuthorId: actor.userId,
        sourceDate: at,
        requestId: r.q.id,
        addedBy: actor.userId,
        addedAt: at,
      })
      .run();
    tx.update(preSentenceReports).set({ updatedAt: at }).where(eq(preSentenceReports.recordId, r.q.reportId)).run();
    return tellRequester(tx, c, r.q, "answered", at);
  });
  push();
  auditRequest(actor, "psr.answer", r.q.id, c.id, "done", { length: form.data.answer.length });
  return { ok: true };
}

export function declineInputRequest(
  actor: Actor,
  caseId: string,
  requestId: string,
  values: Values,
  now = new Date(),
): Result {
  const { c, r } = requireMyRequest(actor, caseId, requestId, "psr.decline");
  requireOpen(actor, r, "psr.decline");
  const form = parseValues(values, DeclineSchema);
  if (!form.ok) return { ...form, values };
  const at = now.toISOString();
  const push = getDb().transaction((tx) => {
    tx.update(preSentenceInputRequests)
      .set({
        status: "declined",
        declineReason: form.data.reason,
        answeredAt: at,
      })
      .where(eq(preSentenceInputRequests.id, r.q.id))
      .run();
    return tellRequester(tx, c, r.q, "declined", at);
  });
  push();
  auditRequest(actor, "psr.decline", r.q.id, c.id, "done");
  return { ok: true };
}
