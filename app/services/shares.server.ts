import { and, asc, desc, eq, gt, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { defineAbilityFor, type RecordAttributes } from "~/access/ability";
import { CASEWORK_ROLES } from "~/access/baseline-policy";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { shareAudience } from "~/access/share-audience.server";
import { can, notFound } from "~/access/gate.server";
import { caseAsRecord, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel, redact, type RedactedRecord } from "~/access/redact";
import {
  carriesToNewVersion,
  SHARE_VERSION_CHOICES,
  shareFollowsSeries,
  shareReachesSharer,
  type ShareVersionChoice,
} from "~/access/share-rule";
import { scope } from "~/access/scope.server";
import { LAWFUL_BASES, LAWFUL_BASIS_LABELS, PURPOSE_LABELS, PURPOSES, type Purpose } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { parseExpiryDate } from "~/domain/expiry-date";
import { recordKindLabel, recordPath, withArticle } from "~/domain/record-kinds";
import { roleLabel, type Role } from "~/domain/roles";
import { emailField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { caseWorkingUserIds } from "~/access/case-work.server";
import {
  agencies,
  caseMembers,
  caseRecords,
  cases,
  recordShares,
  riskAssessments,
  shareAcknowledgements,
  userRoles,
  users,
} from "../../db/schema";
import type { Tx } from "./case-record-store.server";
import { parseBody } from "./cases.server";
import { notify } from "./notifications.server";

/** Why a record may be shared: any purpose except break-glass and countersigning, which are grants of their own and never a share. */
export const SHARE_PURPOSES = PURPOSES.filter(
  (p): p is Exclude<Purpose, "break_glass" | "countersign"> => p !== "break_glass" && p !== "countersign",
);
export type SharePurpose = (typeof SHARE_PURPOSES)[number];

export const RECIPIENT_KINDS = ["agency", "role", "user"] as const;

/** How the form names a recipient: someone on the case team, an agency, a role, or (the fallback) an email address. */
export const RECIPIENT_CHOICES = ["member", "agency", "role", "user"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * Roles a record may be shared with: the people who work on cases. Only they reach case content (the gate
 * ignores shares for anyone else), so a share cannot name an administrator, auditor or performance lead.
 */
export const SHAREABLE_ROLES: readonly Role[] = CASEWORK_ROLES;

export type ShareRecipient =
  | { kind: "member"; userId: string }
  | { kind: "agency"; agencyId: string }
  | { kind: "role"; role: Role }
  | { kind: "user"; email: string };

// Every field is read as text first so that one submission reports every problem at once (GOV.UK pattern).
const field = (max: number) =>
  z
    .string()
    .max(max, "Enter fewer characters")
    .optional()
    .transform((v) => (v ?? "").trim());

export const NewShareSchema = z
  .object({
    recipientKind: field(16),
    memberId: field(64),
    agencyId: field(64),
    role: field(64),
    userEmail: field(254),
    purpose: field(64),
    lawfulBasis: field(64),
    // For a record with versions: "series" (this and later versions, the default) or "this" (this version only).
    versions: field(16),
    // A GOV.UK date input (app/components/date-input.tsx); all three empty means no expiry.
    "expires-day": field(4),
    "expires-month": field(4),
    "expires-year": field(6),
  })
  .transform((v, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    let recipient: ShareRecipient | null = null;
    if (v.recipientKind === "member") {
      if (v.memberId) recipient = { kind: "member", userId: v.memberId };
      else problem("memberId", "Select the person on the case team to share with");
    } else if (v.recipientKind === "agency") {
      if (v.agencyId) recipient = { kind: "agency", agencyId: v.agencyId };
      else problem("agencyId", "Select the agency to share with");
    } else if (v.recipientKind === "role") {
      const role = SHAREABLE_ROLES.find((r) => r === v.role);
      if (role) recipient = { kind: "role", role };
      else problem("role", v.role ? "Select a role from the list" : "Select the role to share with");
    } else if (v.recipientKind === "user") {
      const email = emailField.safeParse(v.userEmail);
      if (email.success) recipient = { kind: "user", email: email.data };
      else problem("userEmail", email.error.issues[0]?.message ?? "Enter an email address");
    } else {
      problem("recipientKind", "Select who to share the record with");
    }
    const purpose = SHARE_PURPOSES.find((p) => p === v.purpose);
    if (!purpose) problem("purpose", "Select the purpose of sharing");
    const lawfulBasis = LAWFUL_BASES.find((b) => b === v.lawfulBasis);
    if (!lawfulBasis) problem("lawfulBasis", "Select the lawful basis for sharing");
    const expiry = parseExpiryDate(
      { day: v["expires-day"], month: v["expires-month"], year: v["expires-year"] },
      new Date(),
    );
    if (!expiry.ok) problem("expires", expiry.message);
    const versions: ShareVersionChoice | null = SHARE_VERSION_CHOICES.find((c) => c === v.versions) ?? null;
    if (v.versions && !versions) problem("versions", "Select which versions to share");
    if (!recipient || !purpose || !lawfulBasis || !expiry.ok || (v.versions && !versions)) return z.NEVER;
    return { recipient, purpose, lawfulBasis, expiresAt: expiry.expiresAt, versions };
  });
export type NewShare = z.infer<typeof NewShareSchema>;

/** A record's place in a series of versions (a risk assessment), or null for a record without versions. */
type SeriesPlace = { seriesId: string; versionNumber: number } | null;

type ShareableRecord = {
  attrs: RecordAttributes;
  title: string;
  caseReference: string;
  caseAttrs: RecordAttributes;
  kind: string;
  series: SeriesPlace;
};

/**
 * The owning agency's check for sharing, listing shares and revoking: the gate's share rule (`share_record` in
 * app/access/workflows.ts: the owning agency's team or supervisors, a signed-off record they read in full by
 * standing access). Unknown ids, records the actor may not read,
 * other agencies' records and drafts are refused alike before anything of the record is read out: audited, and a
 * 404 that confirms nothing.
 */
function requireShareable(actor: Actor, recordId: string, auditAction: string): ShareableRecord {
  const db = getDb();
  const row =
    recordId.length <= 64
      ? db
          .select({
            r: caseRecords,
            chargingReferredAt: cases.chargingReferredAt,
            caseReference: cases.reference,
            caseLeadAgencyId: cases.leadAgencyId,
            seriesId: riskAssessments.seriesId,
            versionNumber: riskAssessments.versionNumber,
          })
          .from(caseRecords)
          .innerJoin(cases, eq(cases.id, caseRecords.caseId))
          .leftJoin(riskAssessments, eq(riskAssessments.recordId, caseRecords.id))
          .where(eq(caseRecords.id, recordId))
          .get()
      : undefined;
  const attrs = row ? recordAttributes(row.r, row.chargingReferredAt) : null;
  if (!row || !attrs || !can(actor, "share_record", attrs)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: auditAction,
      subjectType: "CaseRecord",
      // A made-up id is not an identifier of anything; only real records are named.
      subjectId: row ? row.r.id : null,
      caseId: row ? row.r.caseId : null,
      purpose: actor.purpose,
      outcome: "denied",
      detail: row ? null : { reason: "not_found" },
    });
    throw notFound();
  }
  return {
    attrs,
    title: row.r.title,
    caseReference: row.caseReference,
    caseAttrs: caseAsRecord({
      id: row.r.caseId,
      leadAgencyId: row.caseLeadAgencyId,
      chargingReferredAt: row.chargingReferredAt,
    }),
    kind: row.r.kind,
    series:
      row.seriesId !== null && row.versionNumber !== null
        ? { seriesId: row.seriesId, versionNumber: row.versionNumber }
        : null,
  };
}

type ResolvedRecipient = { toAgencyId: string | null; toRole: string | null; toUserId: string | null };

/** Checks the recipient exists in the actor's partnership (and, for a person, is active and works on cases). */
function resolveRecipient(
  actor: Actor,
  recipient: ShareRecipient,
  record: ShareableRecord,
): { ok: true; to: ResolvedRecipient } | { ok: false; errors: FieldErrors } {
  const db = getDb();
  const partnershipId = actor.partnershipId;
  switch (recipient.kind) {
    case "member": {
      // Only someone the form could have offered: a current member of this case's team, other than the sharer.
      const offered = teamMembersToShareWith(actor, record).some((m) => m.value === recipient.userId);
      return offered
        ? { ok: true, to: { toAgencyId: null, toRole: null, toUserId: recipient.userId } }
        : { ok: false, errors: { memberId: "Select a person from the list" } };
    }
    case "agency": {
      if (shareReachesSharer(actor, recipient))
        return {
          ok: false,
          errors: { agencyId: "You work in that agency: choose another agency, or share with a person" },
        };
      const agency = db
        .select({ id: agencies.id })
        .from(agencies)
        .where(and(eq(agencies.id, recipient.agencyId), eq(agencies.partnershipId, partnershipId ?? "")))
        .get();
      return agency
        ? { ok: true, to: { toAgencyId: agency.id, toRole: null, toUserId: null } }
        : { ok: false, errors: { agencyId: "Select an agency from the list" } };
    }
    case "role":
      if (shareReachesSharer(actor, recipient))
        return { ok: false, errors: { role: "You have that role: choose another role, or share with a person" } };
      return { ok: true, to: { toAgencyId: null, toRole: recipient.role, toUserId: null } };
    case "user": {
      const person = db
        .select({ id: users.id })
        .from(users)
        .innerJoin(agencies, eq(agencies.id, users.agencyId))
        .where(
          and(
            eq(users.email, recipient.email),
            eq(users.status, "active"),
            eq(agencies.partnershipId, partnershipId ?? ""),
          ),
        )
        .get();
      if (!person)
        return {
          ok: false,
          errors: { userEmail: "Enter the email address of someone with an active Concord account" },
        };
      if (shareReachesSharer(actor, { kind: "user", userId: person.id }))
        return { ok: false, errors: { userEmail: "Enter the email address of someone other than yourself" } };
      const works = db
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(and(eq(userRoles.userId, person.id), inArray(userRoles.role, [...SHAREABLE_ROLES])))
        .get();
      if (!works) return { ok: false, errors: { userEmail: "Enter the email address of someone who works on cases" } };
      return { ok: true, to: { toAgencyId: null, toRole: null, toUserId: person.id } };
    }
  }
}

export type ShareResult =
  { ok: true; shareId: string } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * The owner shares one record with an agency, a role or a person, for a purpose, on a lawful basis, until an
 * optional expiry. The access check comes before validation, so a refused record is a 404 whatever was sent.
 * Each person the share reaches is told over their socket, with only what they may now see.
 */
export function shareRecord(actor: Actor, recordId: string, input: Record<string, string | string[]>): ShareResult {
  const record = requireShareable(actor, recordId, "record.share");
  const form = parseValues(input, NewShareSchema);
  if (!form.ok) return form;
  const resolved = resolveRecipient(actor, form.data.recipient, record);
  if (!resolved.ok) return { ok: false, errors: resolved.errors, values: input };

  const id = randomUUID();
  // The share and its notifications are stored together; the live push waits for the commit.
  const push = getDb().transaction((tx) => {
    tx.insert(recordShares)
      .values({
        id,
        recordId: record.attrs.id,
        sharedByUserId: actor.userId,
        sharedByAgencyId: actor.agencyId,
        ...resolved.to,
        purpose: form.data.purpose,
        lawfulBasis: form.data.lawfulBasis,
        expiresAt: form.data.expiresAt,
        createdAt: new Date().toISOString(),
        followsSeries: shareFollowsSeries(record.series !== null, form.data.versions),
      })
      .run();
    return notifyRecipients(tx, actor, resolved.to, record, "shared");
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "record.share",
    subjectType: "CaseRecord",
    subjectId: record.attrs.id,
    caseId: record.attrs.caseId,
    purpose: actor.purpose,
    outcome: "done",
    detail: {
      shareId: id,
      recipientKind: form.data.recipient.kind,
      purpose: form.data.purpose,
      lawfulBasis: form.data.lawfulBasis,
      expires: form.data.expiresAt !== null,
      ...(record.series ? { followsSeries: shareFollowsSeries(true, form.data.versions) } : {}),
    },
  });
  push();
  return { ok: true, shareId: id };
}

type NotifiedRecord = Pick<ShareableRecord, "attrs" | "caseAttrs" | "caseReference" | "kind">;

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An agency or role share tells at most this many people (the rest still find it under "Shared with you"). */
export const SHARE_NOTIFY_LIMIT = 500;

/**
 * Tells everyone a new share reaches, through notify() in the share's transaction. Who may read the record and who
 * may also open its case is one query in the gate (shareAudience), not a whole Actor per recipient. Nobody who
 * cannot see the record is told of it, and the text never carries the record's title: only the case reference, and
 * that only to those who may open the case.
 */
function notifyRecipients(
  tx: Tx,
  actor: Actor,
  to: ResolvedRecipient,
  record: NotifiedRecord,
  what: "shared" | "updated",
): () => void {
  const db = getDb();
  const userIds = to.toUserId
    ? [to.toUserId]
    : to.toAgencyId
      ? db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.agencyId, to.toAgencyId), eq(users.status, "active")))
          .orderBy(users.id)
          .limit(SHARE_NOTIFY_LIMIT)
          .all()
          .map((u) => u.id)
      : db
          .selectDistinct({ id: users.id })
          .from(users)
          .innerJoin(userRoles, eq(userRoles.userId, users.id))
          .where(and(eq(userRoles.role, to.toRole ?? ""), eq(users.status, "active")))
          .orderBy(users.id)
          .limit(SHARE_NOTIFY_LIMIT)
          .all()
          .map((u) => u.id);
  const { seeCase, seeRecordOnly } = shareAudience(
    userIds.filter((id) => id !== actor.userId),
    {
      caseId: record.attrs.caseId,
      leadAgencyId: record.caseAttrs.ownerAgencyId,
      chargingReferred: record.caseAttrs.chargingReferred,
    },
  );
  // The kind of record is said (a risk assessment, a case note), never its title or content.
  const a = withArticle(recordKindLabel(record.kind));
  const text = (onCase: string) =>
    what === "shared"
      ? `${upperFirst(a)}${onCase} was shared with you`
      : `${upperFirst(a)}${onCase} shared with you was updated`;
  const kind = what === "shared" ? "shared_with_you" : "share_updated";
  const pushes = [
    notify(tx, seeCase, {
      kind,
      text: text(` on case ${record.caseReference}`),
      href: "/shared",
      caseId: record.attrs.caseId,
    }),
    notify(tx, seeRecordOnly, { kind, text: text(""), href: "/shared" }),
  ];
  return () => pushes.forEach((p) => p());
}

/**
 * When a new version of a risk assessment is signed off, every share of the series that follows it and is still
 * in force is carried to the new version (decision 0034): a copy of the share (same recipient, purpose, lawful
 * basis, sharer and expiry) on the new record, marked with the share the sharer made. Runs inside the
 * countersignature's transaction, so the new version is never signed off without its carried shares or the other
 * way round; each carried share is audited there too. Recipients who may read the new version are told
 * "updated" (the kind of record and, to those who may open the case, its reference). Returns the live push.
 */
export function carrySeriesShares(
  tx: Tx,
  actor: Actor,
  version: { recordId: string; seriesId: string; versionNumber: number },
  at: string,
): () => void {
  const series = tx
    .select({ recordId: riskAssessments.recordId, versionNumber: riskAssessments.versionNumber })
    .from(riskAssessments)
    .where(eq(riskAssessments.seriesId, version.seriesId))
    .all();
  const versionOf = new Map(series.map((v) => [v.recordId, v.versionNumber]));
  const shares = tx
    .select()
    .from(recordShares)
    .where(
      inArray(
        recordShares.recordId,
        series.map((v) => v.recordId),
      ),
    )
    .all();
  // One disclosure per share the sharer made: the original and the copies already carried from it.
  const byOrigin = new Map<string, (typeof shares)[number][]>();
  for (const share of shares) {
    const origin = share.originShareId ?? share.id;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), share]);
  }
  const row = tx
    .select({
      r: caseRecords,
      chargingReferredAt: cases.chargingReferredAt,
      caseReference: cases.reference,
      caseLeadAgencyId: cases.leadAgencyId,
    })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(eq(caseRecords.id, version.recordId))
    .get();
  if (!row) return () => {};
  const record: NotifiedRecord = {
    attrs: recordAttributes(row.r, row.chargingReferredAt),
    caseAttrs: caseAsRecord({
      id: row.r.caseId,
      leadAgencyId: row.caseLeadAgencyId,
      chargingReferredAt: row.chargingReferredAt,
    }),
    caseReference: row.caseReference,
    kind: row.r.kind,
  };
  const pushes: (() => void)[] = [];
  for (const [originId, chain] of byOrigin) {
    const original = chain.find((s) => s.id === originId);
    if (!original || !carriesToNewVersion(original, at) || chain.some((s) => s.recordId === version.recordId)) continue;
    const fromVersion = Math.max(...chain.map((s) => versionOf.get(s.recordId) ?? 0));
    const id = randomUUID();
    const to: ResolvedRecipient = {
      toAgencyId: original.toAgencyId,
      toRole: original.toRole,
      toUserId: original.toUserId,
    };
    tx.insert(recordShares)
      .values({
        id,
        recordId: version.recordId,
        sharedByUserId: original.sharedByUserId,
        sharedByAgencyId: original.sharedByAgencyId,
        ...to,
        purpose: original.purpose,
        lawfulBasis: original.lawfulBasis,
        expiresAt: original.expiresAt,
        createdAt: at,
        followsSeries: true,
        originShareId: originId,
      })
      .run();
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "record.share_carried",
      subjectType: "CaseRecord",
      subjectId: version.recordId,
      caseId: row.r.caseId,
      purpose: actor.purpose,
      outcome: "done",
      detail: {
        shareId: id,
        originShareId: originId,
        fromVersion,
        version: version.versionNumber,
        recipientKind: to.toUserId ? "user" : to.toAgencyId ? "agency" : "role",
      },
    });
    pushes.push(notifyRecipients(tx, actor, to, record, "updated"));
  }
  return () => pushes.forEach((p) => p());
}

/** Shares addressed to the actor: to them in person, to their agency or to one of their roles. */
export function addressedTo(actor: Actor): SQL {
  const parts: SQL[] = [eq(recordShares.toUserId, actor.userId), eq(recordShares.toAgencyId, actor.agencyId)];
  if (actor.roles.length) parts.push(inArray(recordShares.toRole, actor.roles));
  return or(...parts)!;
}

/** Not revoked and not expired (the same test loadActor applies). */
export function activeShare(now: string): SQL {
  return and(isNull(recordShares.revokedAt), or(isNull(recordShares.expiresAt), gt(recordShares.expiresAt, now)))!;
}

function purposeLabel(p: string): string {
  return (PURPOSE_LABELS as Record<string, string>)[p] ?? p;
}

function lawfulBasisLabel(b: string): string {
  return (LAWFUL_BASIS_LABELS as Record<string, string>)[b] ?? b;
}

export type SharedWithMeView = RedactedRecord & {
  shareId: string;
  recordId: string;
  sharedBy: string;
  ownerAgency: string;
  purpose: string;
  lawfulBasis: string;
  sharedAt: string;
  expiresAt: string | null;
  acknowledgedAt: string | null;
  /** The case, only when the actor may open it; a share reaches one record, not the case. */
  case: { id: string; reference: string } | null;
  /** "risk assessment", "case note"... */
  kindLabel: string;
  /** The record's own page, only where the actor may open it (the case and the record in full); else null. */
  href: string | null;
};

const sharer = alias(users, "sharer");
const sharerAgency = alias(agencies, "sharer_agency");
const ownerAgency = alias(agencies, "owner_agency");

/**
 * Active shares addressed to the actor, newest first, filtered in SQL (recipient, active, and the gate's
 * scope), each record redacted through the gate. Shares the actor made themselves are not "shared with you".
 */
export function listSharedWithMe(actor: Actor): SharedWithMeView[] {
  const db = getDb();
  const now = new Date().toISOString();
  const rows = db
    .select({
      s: {
        id: recordShares.id,
        purpose: recordShares.purpose,
        lawfulBasis: recordShares.lawfulBasis,
        createdAt: recordShares.createdAt,
        expiresAt: recordShares.expiresAt,
      },
      r: caseRecords,
      case: {
        reference: cases.reference,
        leadAgencyId: cases.leadAgencyId,
        chargingReferredAt: cases.chargingReferredAt,
      },
      sharerName: sharer.name,
      sharerAgency: sharerAgency.name,
      ownerAgency: ownerAgency.name,
      acknowledgedAt: shareAcknowledgements.acknowledgedAt,
    })
    .from(recordShares)
    .innerJoin(caseRecords, eq(caseRecords.id, recordShares.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(sharer, eq(sharer.id, recordShares.sharedByUserId))
    .innerJoin(sharerAgency, eq(sharerAgency.id, recordShares.sharedByAgencyId))
    .innerJoin(ownerAgency, eq(ownerAgency.id, caseRecords.ownerAgencyId))
    .leftJoin(
      shareAcknowledgements,
      and(eq(shareAcknowledgements.shareId, recordShares.id), eq(shareAcknowledgements.userId, actor.userId)),
    )
    .where(
      and(
        addressedTo(actor),
        activeShare(now),
        ne(recordShares.sharedByUserId, actor.userId),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(recordShares.createdAt), desc(recordShares.id))
    .all();

  const ability = defineAbilityFor(actor);
  const views: SharedWithMeView[] = [];
  for (const row of rows) {
    const attrs = recordAttributes(row.r, row.case.chargingReferredAt);
    const redacted = redact(
      actor,
      attrs,
      { title: row.r.title, summary: row.r.summary, body: parseBody(row.r.body) },
      row.ownerAgency,
      ability,
    );
    // The SQL filter already excluded what the actor may not see; this is the single-record check agreeing.
    if (!redacted) continue;
    const caseVisible =
      accessLevel(
        actor,
        caseAsRecord({
          id: row.r.caseId,
          leadAgencyId: row.case.leadAgencyId,
          chargingReferredAt: row.case.chargingReferredAt,
        }),
        ability,
      ) === "full";
    views.push({
      ...redacted,
      shareId: row.s.id,
      recordId: row.r.id,
      sharedBy: `${row.sharerName}, ${row.sharerAgency}`,
      ownerAgency: row.ownerAgency,
      purpose: purposeLabel(row.s.purpose),
      lawfulBasis: lawfulBasisLabel(row.s.lawfulBasis),
      sharedAt: row.s.createdAt,
      expiresAt: row.s.expiresAt,
      acknowledgedAt: row.acknowledgedAt,
      case: caseVisible ? { id: row.r.caseId, reference: row.case.reference } : null,
      kindLabel: recordKindLabel(row.r.kind),
      href: caseVisible && redacted.level === "full" ? recordPath(row.r.kind, row.r.caseId, row.r.id) : null,
    });
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "shares.received_view",
    subjectType: "RecordShare",
    purpose: actor.purpose,
    outcome: "allowed",
    detail: {
      shares: views.length,
      full: views.filter((v) => v.level === "full").length,
      records: views.map((v) => v.recordId).join(","),
    },
  });
  return views;
}

/**
 * A recipient confirms they received a share. Only for an active share addressed to them; saying it twice keeps
 * the first time. Anything else is audited and a 404.
 */
export function acknowledgeShare(actor: Actor, shareId: string): { acknowledgedAt: string } {
  const db = getDb();
  const now = new Date().toISOString();
  const row =
    shareId.length <= 64
      ? db
          .select({ shareId: recordShares.id, r: caseRecords, chargingReferredAt: cases.chargingReferredAt })
          .from(recordShares)
          .innerJoin(caseRecords, eq(caseRecords.id, recordShares.recordId))
          .innerJoin(cases, eq(cases.id, caseRecords.caseId))
          .where(
            and(
              eq(recordShares.id, shareId),
              addressedTo(actor),
              activeShare(now),
              ne(recordShares.sharedByUserId, actor.userId),
            ),
          )
          .get()
      : undefined;
  if (!row || accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt)) === "none") {
    const exists =
      shareId.length <= 64
        ? db.select({ id: recordShares.id }).from(recordShares).where(eq(recordShares.id, shareId)).get()
        : undefined;
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "share.acknowledge",
      subjectType: "RecordShare",
      subjectId: exists?.id ?? null,
      outcome: "denied",
      detail: exists ? null : { reason: "not_found" },
    });
    throw notFound();
  }
  const inserted = db
    .insert(shareAcknowledgements)
    .values({ shareId, userId: actor.userId, acknowledgedAt: now })
    .onConflictDoNothing()
    .run();
  const stored = db
    .select({ at: shareAcknowledgements.acknowledgedAt })
    .from(shareAcknowledgements)
    .where(and(eq(shareAcknowledgements.shareId, shareId), eq(shareAcknowledgements.userId, actor.userId)))
    .get();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "share.acknowledge",
    subjectType: "RecordShare",
    subjectId: shareId,
    caseId: row.r.caseId,
    purpose: actor.purpose,
    outcome: "done",
    detail: { recordId: row.r.id, already: inserted.changes === 0 },
  });
  return { acknowledgedAt: stored?.at ?? now };
}

export type ShareStatus = "active" | "expired" | "revoked";

export type ShareOfRecordView = {
  /** The share the sharer made (for a share carried to later versions, the original). */
  id: string;
  /** For a record with versions: the version numbers this share reaches, oldest first; null otherwise. */
  versions: number[] | null;
  followsSeries: boolean;
  recipientKind: RecipientKind;
  recipient: string;
  sharedBy: string;
  purpose: string;
  lawfulBasis: string;
  sharedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ShareStatus;
  acknowledgements: { name: string; agency: string; at: string }[];
};

const toAgency = alias(agencies, "to_agency");
const toUser = alias(users, "to_user");
const toUserAgency = alias(agencies, "to_user_agency");

/** For the owning agency: the record, and every share of it with its status and who acknowledged it when. */
export function sharesOfRecord(
  actor: Actor,
  recordId: string,
): {
  record: { id: string; title: string; caseId: string; caseReference: string; versionNumber: number | null };
  shares: ShareOfRecordView[];
} {
  const record = requireShareable(actor, recordId, "record.shares_view");
  const db = getDb();
  const now = new Date().toISOString();
  // For a risk assessment, the shares of every version of its series, one row per share the sharer made.
  const versionOf = new Map<string, number>(
    record.series
      ? db
          .select({ id: riskAssessments.recordId, v: riskAssessments.versionNumber })
          .from(riskAssessments)
          .where(eq(riskAssessments.seriesId, record.series.seriesId))
          .all()
          .map((r) => [r.id, r.v])
      : [],
  );
  const allRows = db
    .select({
      s: recordShares,
      toAgency: toAgency.name,
      toUserName: toUser.name,
      toUserAgency: toUserAgency.name,
      sharerName: sharer.name,
    })
    .from(recordShares)
    .innerJoin(sharer, eq(sharer.id, recordShares.sharedByUserId))
    .leftJoin(toAgency, eq(toAgency.id, recordShares.toAgencyId))
    .leftJoin(toUser, eq(toUser.id, recordShares.toUserId))
    .leftJoin(toUserAgency, eq(toUserAgency.id, toUser.agencyId))
    .where(
      record.series
        ? inArray(recordShares.recordId, [...versionOf.keys()])
        : eq(recordShares.recordId, record.attrs.id),
    )
    .orderBy(desc(recordShares.createdAt), desc(recordShares.id))
    .all();
  const versionsByOrigin = new Map<string, number[]>();
  for (const r of allRows) {
    const origin = r.s.originShareId ?? r.s.id;
    versionsByOrigin.set(
      origin,
      [...(versionsByOrigin.get(origin) ?? []), versionOf.get(r.s.recordId) ?? 0].sort((a, b) => a - b),
    );
  }
  const rows = allRows.filter((r) => r.s.originShareId === null);
  const acks = rows.length
    ? db
        .select({
          shareId: shareAcknowledgements.shareId,
          name: users.name,
          agency: agencies.name,
          at: shareAcknowledgements.acknowledgedAt,
        })
        .from(shareAcknowledgements)
        .innerJoin(users, eq(users.id, shareAcknowledgements.userId))
        .innerJoin(agencies, eq(agencies.id, users.agencyId))
        .where(
          inArray(
            shareAcknowledgements.shareId,
            rows.map((r) => r.s.id),
          ),
        )
        .orderBy(asc(shareAcknowledgements.acknowledgedAt))
        .all()
    : [];
  const shares = rows.map(({ s, ...names }): ShareOfRecordView => {
    const recipientKind: RecipientKind = s.toUserId ? "user" : s.toAgencyId ? "agency" : "role";
    const recipient =
      recipientKind === "user"
        ? `${names.toUserName ?? "Unknown person"}, ${names.toUserAgency ?? ""}`
        : recipientKind === "agency"
          ? (names.toAgency ?? "Unknown agency")
          : `Everyone with the role ${roleLabel(s.toRole ?? "")}`;
    return {
      id: s.id,
      versions: record.series ? (versionsByOrigin.get(s.id) ?? []) : null,
      followsSeries: s.followsSeries,
      recipientKind,
      recipient,
      sharedBy: names.sharerName,
      purpose: purposeLabel(s.purpose),
      lawfulBasis: lawfulBasisLabel(s.lawfulBasis),
      sharedAt: s.createdAt,
      expiresAt: s.expiresAt,
      revokedAt: s.revokedAt,
      status: s.revokedAt ? "revoked" : s.expiresAt && s.expiresAt <= now ? "expired" : "active",
      acknowledgements: acks.filter((a) => a.shareId === s.id).map(({ name, agency, at }) => ({ name, agency, at })),
    };
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "record.shares_view",
    subjectType: "CaseRecord",
    subjectId: record.attrs.id,
    caseId: record.attrs.caseId,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: { shares: shares.length },
  });
  return {
    record: {
      id: record.attrs.id,
      title: record.title,
      caseId: record.attrs.caseId,
      caseReference: record.caseReference,
      versionNumber: record.series?.versionNumber ?? null,
    },
    shares,
  };
}

/**
 * The owning agency withdraws a share. It takes effect at once: loadActor, which runs on every request, reads
 * only shares that are not revoked. Revoking twice keeps the first time. Returns the record id.
 */
export function revokeShare(actor: Actor, shareId: string): { recordId: string } {
  const db = getDb();
  const share =
    shareId.length <= 64
      ? db
          .select({ id: recordShares.id, recordId: recordShares.recordId, originShareId: recordShares.originShareId })
          .from(recordShares)
          .where(eq(recordShares.id, shareId))
          .get()
      : undefined;
  if (!share) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "record.share_revoke",
      subjectType: "RecordShare",
      subjectId: null,
      outcome: "denied",
      detail: { reason: "not_found" },
    });
    throw notFound();
  }
  const record = requireShareable(actor, share.recordId, "record.share_revoke");
  // A share and its copies carried to later versions are one disclosure: revoking any of them revokes them all.
  const origin = share.originShareId ?? share.id;
  const changed = db
    .update(recordShares)
    .set({ revokedAt: new Date().toISOString(), revokedBy: actor.userId })
    .where(and(or(eq(recordShares.id, origin), eq(recordShares.originShareId, origin)), isNull(recordShares.revokedAt)))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "record.share_revoke",
    subjectType: "CaseRecord",
    subjectId: record.attrs.id,
    caseId: record.attrs.caseId,
    purpose: actor.purpose,
    outcome: "done",
    detail: { shareId: share.id, originShareId: origin, revoked: changed.changes, already: changed.changes === 0 },
  });
  return { recordId: record.attrs.id };
}

type Option = { value: string; text: string };

/**
 * The case team, as the share form offers it: current members who work on cases and are active, never the sharer.
 * Only to a sharer who may open the case (a supervisor off the team shares by agency, role or email), so the form
 * never tells anyone who is on a team they cannot see.
 */
function teamMembersToShareWith(actor: Actor, record: ShareableRecord): Option[] {
  if (accessLevel(actor, record.caseAttrs) !== "full") return [];
  return getDb()
    .selectDistinct({ id: users.id, name: users.name, agency: agencies.name })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(caseMembers.caseId, record.attrs.caseId),
        isNull(caseMembers.removedAt),
        eq(users.status, "active"),
        ne(users.id, actor.userId),
        inArray(users.id, caseWorkingUserIds()),
      ),
    )
    .orderBy(asc(users.name))
    .all()
    .map((m) => ({ value: m.id, text: `${m.name}, ${m.agency}` }));
}

/** The choices the share form offers for this record: its case team, agencies of the actor's partnership, the roles a share may name, purposes and lawful bases. */
export function shareOptions(
  actor: Actor,
  recordId: string,
): { members: Option[]; agencies: Option[]; roles: Option[]; purposes: Option[]; lawfulBases: Option[] } {
  const record = requireShareable(actor, recordId, "record.shares_view");
  const partnershipId = actor.partnershipId ?? "";
  const list = getDb()
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.partnershipId, partnershipId))
    .orderBy(asc(agencies.name))
    .all();
  // Only recipients the share could reach without reaching the sharer (the same test the action applies).
  return {
    members: teamMembersToShareWith(actor, record),
    agencies: list
      .filter((a) => !shareReachesSharer(actor, { kind: "agency", agencyId: a.id }))
      .map((a) => ({ value: a.id, text: a.name })),
    roles: SHAREABLE_ROLES.filter((r) => !shareReachesSharer(actor, { kind: "role", role: r })).map((r) => ({
      value: r,
      text: roleLabel(r),
    })),
    purposes: SHARE_PURPOSES.map((p) => ({ value: p, text: PURPOSE_LABELS[p] })),
    lawfulBases: LAWFUL_BASES.map((b) => ({ value: b, text: LAWFUL_BASIS_LABELS[b] })),
  };
}
