import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize } from "~/access/gate.server";
import { getDb } from "~/db.server";
import { formatDateTime } from "~/domain/dates";
import {
  EMAIL_KIND_TEXT,
  EMAIL_KINDS,
  EMAIL_MODES,
  isRequiredKind,
  type EmailKind,
  type EmailMode,
} from "~/domain/email-content";
import type { FieldErrors } from "~/forms/parse-form";
import {
  agencyEmailDefaults,
  emailAddressProblems,
  emailDigestTimes,
  emailOutbox,
  emailPreferences,
  users,
} from "../../db/schema";
import { DEFAULT_DIGEST_TIME, emailModeFor } from "./outbox.server";
import { wakeOutboxSender } from "./outbox-sender.server";

/*
 * Which emails a person gets (issue 19, decision 0042): per kind straight away, in a daily summary at a time they
 * choose, or not at all, except the kinds someone's work waits on (never off, never delayed). Their agency's
 * administrators set the agency's defaults; a person's own choice wins. Agency administrators also see the
 * addresses of their agency's people that refused mail, and clear one once it is put right (held mail then goes).
 */

type Values = Record<string, string | string[]>;
export type Failure = { ok: false; errors: FieldErrors; values: Values };

const CHOOSABLE = EMAIL_KINDS.filter((k) => !isRequiredKind(k));
const modeField = z.enum(EMAIL_MODES, { errorMap: () => ({ message: "Choose how you get these emails" }) });
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function modesFrom(values: Values, errors: FieldErrors): Map<EmailKind, EmailMode> {
  const modes = new Map<EmailKind, EmailMode>();
  for (const kind of CHOOSABLE) {
    const parsed = modeField.safeParse(values[`mode-${kind}`]);
    if (parsed.success) modes.set(kind, parsed.data);
    else errors[`mode-${kind}`] = `Choose how you get emails about: ${EMAIL_KIND_TEXT[kind].label.toLowerCase()}`;
  }
  // A kind that cannot be turned off is not on the form; a forged value for one is refused, not ignored.
  for (const kind of EMAIL_KINDS.filter(isRequiredKind))
    if (values[`mode-${kind}`] !== undefined && values[`mode-${kind}`] !== "immediately")
      errors.form = "Some emails cannot be turned off or delayed";
  return modes;
}

/** The person's own settings: every kind with how it comes now (their choice, else their agency's default). */
export function myEmailPreferences(actor: Actor) {
  const db = getDb();
  const me = { id: actor.userId, agencyId: actor.agencyId };
  return {
    kinds: EMAIL_KINDS.map((kind) => ({
      kind,
      label: EMAIL_KIND_TEXT[kind].label,
      required: isRequiredKind(kind),
      mode: emailModeFor(db, me, kind),
    })),
    digestTime:
      db
        .select({ time: emailDigestTimes.time })
        .from(emailDigestTimes)
        .where(eq(emailDigestTimes.userId, actor.userId))
        .get()?.time ?? DEFAULT_DIGEST_TIME,
  };
}

/** Saves all of the person's choices at once (all or nothing); audited with what changed, never more. */
export function saveMyEmailPreferences(actor: Actor, values: Values): { ok: true } | Failure {
  const errors: FieldErrors = {};
  const modes = modesFrom(values, errors);
  const time = typeof values.digestTime === "string" ? values.digestTime.trim() : "";
  if (!TIME.test(time))
    errors.digestTime = "Enter the time of your daily summary as hours and minutes, for example 08:00 or 17:30";
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const at = new Date().toISOString();
  getDb().transaction((tx) => {
    for (const [kind, mode] of modes) {
      tx.insert(emailPreferences)
        .values({ userId: actor.userId, kind, mode, updatedAt: at })
        .onConflictDoUpdate({ target: [emailPreferences.userId, emailPreferences.kind], set: { mode, updatedAt: at } })
        .run();
    }
    tx.insert(emailDigestTimes)
      .values({ userId: actor.userId, time, updatedAt: at })
      .onConflictDoUpdate({ target: emailDigestTimes.userId, set: { time, updatedAt: at } })
      .run();
  });
  const counts = Object.fromEntries(EMAIL_MODES.map((m) => [m, [...modes.values()].filter((x) => x === m).length]));
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "email_preferences.update",
    subjectType: "User",
    subjectId: actor.userId,
    outcome: "done",
    detail: { ...counts, digestTime: time },
  });
  return { ok: true };
}

/** The agency's defaults, for its administrators (403 for anyone else, audited by the gate). */
export function agencyEmailSettings(actor: Actor) {
  authorize(actor, "update", "Agency", { id: actor.agencyId });
  const db = getDb();
  const defaults = new Map(
    db
      .select()
      .from(agencyEmailDefaults)
      .where(eq(agencyEmailDefaults.agencyId, actor.agencyId))
      .all()
      .map((r) => [r.kind, r.mode as EmailMode]),
  );
  const problems = db
    .select({
      id: emailAddressProblems.id,
      name: users.name,
      address: emailAddressProblems.address,
      reason: emailAddressProblems.reason,
      recordedAt: emailAddressProblems.recordedAt,
    })
    .from(emailAddressProblems)
    .innerJoin(users, eq(users.id, emailAddressProblems.userId))
    .where(and(eq(users.agencyId, actor.agencyId), isNull(emailAddressProblems.clearedAt)))
    .orderBy(asc(users.name))
    .all();
  return {
    agencyName: actor.agencyName,
    kinds: EMAIL_KINDS.map((kind) => ({
      kind,
      label: EMAIL_KIND_TEXT[kind].label,
      required: isRequiredKind(kind),
      mode: isRequiredKind(kind) ? ("immediately" as const) : (defaults.get(kind) ?? "immediately"),
    })),
    problems: problems.map((p) => ({ ...p, recorded: formatDateTime(p.recordedAt) })),
  };
}

export function saveAgencyEmailDefaults(actor: Actor, values: Values): { ok: true } | Failure {
  authorize(actor, "update", "Agency", { id: actor.agencyId });
  const errors: FieldErrors = {};
  const modes = modesFrom(values, errors);
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const at = new Date().toISOString();
  getDb().transaction((tx) => {
    for (const [kind, mode] of modes) {
      tx.insert(agencyEmailDefaults)
        .values({ agencyId: actor.agencyId, kind, mode, updatedAt: at, updatedBy: actor.userId })
        .onConflictDoUpdate({
          target: [agencyEmailDefaults.agencyId, agencyEmailDefaults.kind],
          set: { mode, updatedAt: at, updatedBy: actor.userId },
        })
        .run();
    }
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "email_defaults.update",
    subjectType: "Agency",
    subjectId: actor.agencyId,
    outcome: "done",
    detail: Object.fromEntries(EMAIL_MODES.map((m) => [m, [...modes.values()].filter((x) => x === m).length])),
  });
  return { ok: true };
}

/** Clears a refused address of the administrator's own agency once put right: mail held for that person goes now. */
export function clearAddressProblem(actor: Actor, values: Values): { ok: boolean } {
  authorize(actor, "update", "Agency", { id: actor.agencyId });
  const id = typeof values.problemId === "string" ? values.problemId.slice(0, 64) : "";
  const db = getDb();
  const problem = db
    .select({ id: emailAddressProblems.id, userId: emailAddressProblems.userId })
    .from(emailAddressProblems)
    .innerJoin(users, eq(users.id, emailAddressProblems.userId))
    .where(
      and(eq(emailAddressProblems.id, id), eq(users.agencyId, actor.agencyId), isNull(emailAddressProblems.clearedAt)),
    )
    .get();
  if (!problem) return { ok: false };
  const at = new Date().toISOString();
  db.transaction((tx) => {
    tx.update(emailAddressProblems)
      .set({ clearedAt: at, clearedBy: actor.userId })
      .where(eq(emailAddressProblems.id, problem.id))
      .run();
    tx.update(emailOutbox)
      .set({ status: "pending", nextAttemptAt: at })
      .where(and(eq(emailOutbox.userId, problem.userId), eq(emailOutbox.status, "held")))
      .run();
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "email_address.clear",
    subjectType: "User",
    subjectId: problem.userId,
    outcome: "done",
  });
  wakeOutboxSender();
  return { ok: true };
}
