import { and, asc, desc, eq, inArray, isNull, lte, ne } from "drizzle-orm";
import { defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { MEETING_PURPOSES } from "~/access/baseline-policy";
import { notFound } from "~/access/gate.server";
import { caseAsRecord, caseRecordColumns, recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { scope } from "~/access/scope.server";
import type { Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { CASE_ROLE_LABELS } from "~/domain/case-vocabulary";
import { londonToday } from "~/domain/expiry-date";
import {
  addCalendarDays,
  CONTACT_METHODS,
  contactSummary,
  ENHANCED_RIGHTS_REASONS,
  lastUpdateAfter,
  NEED_LEVELS,
  NEEDS_AREAS,
  needsAssessmentSummary,
  nextUpdateDue,
  ONLINE_SAFETY_ADVICE,
  REFERRAL_RESPONSES,
  referralSummary,
  RIGHTS_EXPLAINED_HOW,
  safetyPlanSummary,
  SUPPORT_SERVICES,
  UPDATE_METHODS,
  updateDueState,
  UPDATES_DUE_WINDOW_DAYS,
  updatePlanSummary,
  VICTIM_CARE_TITLES,
  victimsCodeSummary,
  type ContactMethod,
  type EnhancedRightsReason,
  type NeedLevel,
  type NeedsArea,
  type OnlineSafetyAdvice,
  type ReferralResponse,
  type RightsExplainedHow,
  type SupportService,
  type UpdateMethod,
  type VictimCareKind,
} from "~/domain/victim-care";
import type { FieldErrors } from "~/forms/parse-form";
import { agencies, caseRecords, cases, supportReferrals, users, victimUpdatePlans } from "../../db/schema";
import { requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { insertCaseRecord, type Tx } from "./case-record-store.server";
import { caseHeaderData, mayRecord, reviseCaseRecord } from "./case-records.server";
import { parseBody } from "./cases.server";
import { casesWhereMember } from "./own-work.server";
import {
  parseContact,
  parseNeeds,
  parseReferral,
  parseReferralResponse,
  parseSafetyPlan,
  parseUpdateGiven,
  parseUpdatePlan,
  parseVictimsCode,
  type ContactInput,
  type FormValues,
  type NeedsInput,
  type ReferralInput,
  type SafetyPlanInput,
  type UpdatePlanInput,
  type VictimsCodeInput,
} from "./victim-care-forms.server";

/*
 * Victim care (issue 4 items 2 and 6): contact details and safe-contact preferences (category victim_contact, with
 * the victim-confidential caveat the store adds), and the Victims' Code items (category victim_care): enhanced
 * rights, needs assessment, agreed updates, referrals to specialist support and the safety plan. Each is a case
 * record; a new version of a single item (everything but referrals) replaces the one shown and keeps the one
 * it replaces in record_versions. Anyone on the team who records the category and can read the item in full may
 * revise it, so the advocate and the police case team keep one shared picture (the victim tells it once).
 */

/** The kinds shown on the victim care page besides contact details. */
export const VICTIM_CARE_KINDS = [
  "victims_code",
  "needs_assessment",
  "victim_update_plan",
  "support_referral",
  "safety_plan",
] as const;
type CareKind = (typeof VICTIM_CARE_KINDS)[number];

/** Who holds victim contact details by default: what everyone else sees, whether or not any are recorded. */
export const CONTACT_HELD_BY = "the victim's advocate and the police case team";

export const STALE_MESSAGE =
  "Someone changed this since you opened it. The form now shows their version: make your change again and save.";

// ---- Stored bodies. Read defensively: a record written elsewhere (a seed, an older version) never breaks the page.

export type ContactBody = {
  address: string;
  phone: string;
  email: string;
  workplace: string;
  safeTimes: string;
  safeMethod: ContactMethod | null;
  avoidMethods: ContactMethod[];
  leaveMessages: boolean | null;
  notes: string;
};
export type VictimsCodeBody = {
  entitled: boolean | null;
  reasons: EnhancedRightsReason[];
  explained: { on: string; by: string; how: RightsExplainedHow | null } | null;
};
export type NeedsBody = { areas: Record<NeedsArea, { level: NeedLevel | null; notes: string }>; completedOn: string };
export type UpdatePlanBody = {
  frequencyDays: number;
  method: UpdateMethod | null;
  agreedOn: string;
  updatesGiven: { on: string; by: string }[];
};
export type ReferralBody = {
  service: SupportService | null;
  otherService: string;
  offeredOn: string;
  response: ReferralResponse;
  respondedOn: string | null;
};
export type SafetyPlanBody = {
  measures: string[];
  advice: OnlineSafetyAdvice[];
  otherAdvice: string;
  reviewOn: string;
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const oneOf = <T extends string>(v: unknown, options: readonly T[]): T | null =>
  (options as readonly unknown[]).includes(v) ? (v as T) : null;
const someOf = <T extends string>(v: unknown, options: readonly T[]): T[] =>
  strs(v).filter((x): x is T => (options as readonly string[]).includes(x));
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function readContact(b: Record<string, unknown>): ContactBody {
  return {
    address: str(b.address),
    phone: str(b.phone),
    email: str(b.email),
    workplace: str(b.workplace),
    safeTimes: str(b.safeTimes),
    safeMethod: oneOf(b.safeMethod, CONTACT_METHODS),
    avoidMethods: someOf(b.avoidMethods, CONTACT_METHODS),
    leaveMessages: bool(b.leaveMessages),
    notes: str(b.notes),
  };
}
export function readVictimsCode(b: Record<string, unknown>): VictimsCodeBody {
  const e = b.explained ? obj(b.explained) : null;
  return {
    entitled: bool(b.entitled),
    reasons: someOf(b.reasons, ENHANCED_RIGHTS_REASONS),
    explained: e ? { on: str(e.on), by: str(e.by), how: oneOf(e.how, RIGHTS_EXPLAINED_HOW) } : null,
  };
}
export function readNeeds(b: Record<string, unknown>): NeedsBody {
  const areas = obj(b.areas);
  return {
    areas: Object.fromEntries(
      NEEDS_AREAS.map((a) => [a, { level: oneOf(obj(areas[a]).level, NEED_LEVELS), notes: str(obj(areas[a]).notes) }]),
    ) as NeedsBody["areas"],
    completedOn: str(b.completedOn),
  };
}
export function readUpdatePlan(b: Record<string, unknown>): UpdatePlanBody {
  const given = Array.isArray(b.updatesGiven)
    ? b.updatesGiven.map(obj).map((u) => ({ on: str(u.on), by: str(u.by) }))
    : [];
  return {
    frequencyDays: typeof b.frequencyDays === "number" ? b.frequencyDays : 0,
    method: oneOf(b.method, UPDATE_METHODS),
    agreedOn: str(b.agreedOn),
    updatesGiven: given,
  };
}
export function readReferral(b: Record<string, unknown>): ReferralBody {
  return {
    service: oneOf(b.service, SUPPORT_SERVICES),
    otherService: str(b.otherService),
    offeredOn: str(b.offeredOn),
    response: oneOf(b.response, REFERRAL_RESPONSES) ?? "pending",
    respondedOn: str(b.respondedOn) || null,
  };
}
export function readSafetyPlan(b: Record<string, unknown>): SafetyPlanBody {
  return {
    measures: strs(b.measures),
    advice: someOf(b.advice, ONLINE_SAFETY_ADVICE),
    otherAdvice: str(b.otherAdvice),
    reviewOn: str(b.reviewOn),
  };
}

// ---- What each item is written as. Exported so the demo seed writes exactly what the forms write.

export type BuiltRecord = { title: string; summary: string; body: Record<string, unknown> };

export function contactRecord(input: Omit<ContactInput, "baseVersion">, recordedBy: string): BuiltRecord {
  const { address, phone, email, workplace, safeTimes, safeMethod, avoidMethods, leaveMessages, notes } = input;
  return {
    title: VICTIM_CARE_TITLES.victim_contact,
    summary: contactSummary(),
    body: { address, phone, email, workplace, safeTimes, safeMethod, avoidMethods, leaveMessages, notes, recordedBy },
  };
}
export function victimsCodeRecord(input: Omit<VictimsCodeInput, "baseVersion">, recordedBy: string): BuiltRecord {
  return {
    title: VICTIM_CARE_TITLES.victims_code,
    summary: victimsCodeSummary({ entitled: input.entitled, explainedOn: input.explained?.on ?? null }),
    body: { entitled: input.entitled, reasons: input.reasons, explained: input.explained, recordedBy },
  };
}
export function needsRecord(input: Omit<NeedsInput, "baseVersion">, recordedBy: string): BuiltRecord {
  return {
    title: VICTIM_CARE_TITLES.needs_assessment,
    summary: needsAssessmentSummary(input.completedOn),
    body: { areas: input.areas, completedOn: input.completedOn, recordedBy },
  };
}
export function updatePlanRecord(
  input: Omit<UpdatePlanInput, "baseVersion">,
  updatesGiven: { on: string; by: string }[],
  nextDueOn: string,
  recordedBy: string,
): BuiltRecord {
  return {
    title: VICTIM_CARE_TITLES.victim_update_plan,
    summary: updatePlanSummary(input.frequencyDays, nextDueOn),
    body: {
      frequencyDays: input.frequencyDays,
      method: input.method,
      agreedOn: input.agreedOn,
      updatesGiven,
      recordedBy,
    },
  };
}
export function referralRecord(input: ReferralInput, recordedBy: string): BuiltRecord {
  return {
    title: VICTIM_CARE_TITLES.support_referral,
    summary: referralSummary(input.offeredOn, input.response),
    body: { ...input, recordedBy },
  };
}
export function safetyPlanRecord(input: Omit<SafetyPlanInput, "baseVersion">, recordedBy: string): BuiltRecord {
  return {
    title: VICTIM_CARE_TITLES.safety_plan,
    summary: safetyPlanSummary(input.reviewOn),
    body: {
      measures: input.measures,
      advice: input.advice,
      otherAdvice: input.otherAdvice,
      reviewOn: input.reviewOn,
      recordedBy,
    },
  };
}

// ---- Reading.

type ItemBase = {
  id: string;
  kind: VictimCareKind;
  level: "full" | "summary";
  title: string;
  summary: string;
  ownerAgency: string;
  ownerAgencyId: string;
  /** Who recorded the version shown (full access), or the owning agency (summary access). */
  recordedBy: string;
  updatedAt: string;
  version: number;
};
export type Item<B> = ItemBase & { body: B | null };
export type PlanItem = Item<UpdatePlanBody> & {
  plan: { nextDueOn: string; lastUpdateOn: string | null; due: "overdue" | "due_soon" | "later" } | null;
};

export type ContactSection =
  { state: "shown"; item: Item<ContactBody> } | { state: "none" } | { state: "withheld"; heldBy: string };

/**
 * May the actor hold victim contact details on this case by default (the advocate's agency and the police case
 * team, on the team, not in a meeting)? Decides only between "No contact details recorded" and the withheld
 * marker when they can see none: never whether any exist.
 */
function holdsContactByDefault(actor: Actor, caseId: string): boolean {
  return mayRecord(actor, caseId, "victim_contact") && !MEETING_PURPOSES.includes(actor.purpose);
}

const recordedByUser = (body: Record<string, unknown>, authorUserId: string) =>
  typeof body.recordedBy === "string" && body.recordedBy ? body.recordedBy : authorUserId;

function namesOf(ids: string[]): Map<string, string> {
  if (!ids.length) return new Map();
  const rows = getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Row = ReturnType<typeof visibleRecords>[number];

/** Records of these kinds on the case the actor may see at `level` or better, newest first, filtered in SQL. */
function visibleRecords(actor: Actor, caseId: string, kinds: readonly string[], level: "read" | "read_summary") {
  return getDb()
    .select({
      r: caseRecords,
      ownerAgency: agencies.name,
      chargingReferredAt: cases.chargingReferredAt,
      plan: victimUpdatePlans,
    })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
    .leftJoin(victimUpdatePlans, eq(victimUpdatePlans.recordId, caseRecords.id))
    .where(
      and(
        eq(caseRecords.caseId, caseId),
        inArray(caseRecords.kind, [...kinds]),
        isNull(caseRecords.retractedAt),
        scope(actor, level, "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(desc(caseRecords.updatedAt), desc(caseRecords.id))
    .all();
}

/** The item the actor would revise: the newest of its kind they can read in full. */
function currentReadable(actor: Actor, caseId: string, kind: string) {
  return visibleRecords(actor, caseId, [kind], "read")[0] ?? null;
}

function toItem<B>(
  actor: Actor,
  row: Row,
  read: (b: Record<string, unknown>) => B,
  names: Map<string, string>,
  ability = defineAbilityFor(actor),
): Item<B> | null {
  const level = accessLevel(actor, recordAttributes(row.r, row.chargingReferredAt), ability);
  // The SQL filter already excluded what the actor may not see; this is the single-record check agreeing.
  if (level === "none") return null;
  const body = parseBody(row.r.body);
  return {
    id: row.r.id,
    kind: row.r.kind as VictimCareKind,
    level,
    title: row.r.title,
    summary: row.r.summary,
    ownerAgency: row.ownerAgency,
    ownerAgencyId: row.r.ownerAgencyId,
    recordedBy:
      level === "full" ? (names.get(recordedByUser(body, row.r.authorUserId)) ?? row.ownerAgency) : row.ownerAgency,
    updatedAt: row.r.updatedAt,
    version: row.r.version,
    body: level === "full" ? read(body) : null,
  };
}

/**
 * The victim care page: each item at the level the actor may see it (redacted here, on the server), and the
 * contact section as details, "none recorded" or the uniform withheld marker. Audited.
 */
export function victimCarePage(actor: Actor, caseId: string, now = new Date()) {
  const c = requireCase(actor, caseId);
  const ability = defineAbilityFor(actor);
  const today = londonToday(now);
  const rows = visibleRecords(actor, c.id, VICTIM_CARE_KINDS, "read_summary");
  const contactRows = visibleRecords(actor, c.id, ["victim_contact"], "read");
  const names = namesOf([...rows, ...contactRows].map(({ r }) => recordedByUser(parseBody(r.body), r.authorUserId)));

  const first = <K extends CareKind, B>(kind: K, read: (b: Record<string, unknown>) => B) => {
    const row = rows.find((r) => r.r.kind === kind);
    return row ? toItem(actor, row, read, names, ability) : null;
  };
  const planRow = rows.find((r) => r.r.kind === "victim_update_plan");
  const planItem = first("victim_update_plan", readUpdatePlan);
  const plan: PlanItem | null = planItem
    ? {
        ...planItem,
        plan:
          planItem.level === "full" && planRow?.plan
            ? {
                nextDueOn: planRow.plan.nextDueOn,
                lastUpdateOn: planRow.plan.lastUpdateOn,
                due: updateDueState(planRow.plan.nextDueOn, today),
              }
            : null,
      }
    : null;
  const referrals = rows
    .filter((r) => r.r.kind === "support_referral")
    .map((r) => toItem(actor, r, readReferral, names, ability))
    .filter((i): i is Item<ReferralBody> => i !== null);

  const contactItem = contactRows[0] ? toItem(actor, contactRows[0], readContact, names, ability) : null;
  const contact: ContactSection =
    contactItem && contactItem.level === "full"
      ? { state: "shown", item: contactItem }
      : holdsContactByDefault(actor, c.id)
        ? { state: "none" }
        : { state: "withheld", heldBy: CONTACT_HELD_BY };

  const victimsCode = first("victims_code", readVictimsCode);
  const needs = first("needs_assessment", readNeeds);
  const safetyPlan = first("safety_plan", readSafetyPlan);
  const items = [victimsCode, needs, plan, safetyPlan, ...referrals].filter((i) => i !== null);
  // Would the actor see victim care on this case recorded by any agency (a record owned by none, so only the
  // case-team rules decide)? If not (a supervisor off the team, a meeting panel member), an empty section shows
  // the withheld marker, never "not recorded", which would claim to know.
  const careVisible =
    accessLevel(actor, { ...caseAsRecord(c), id: "", ownerAgencyId: "", category: "victim_care" }, ability) !== "none";
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "victim_care.view",
    subjectType: "Case",
    subjectId: c.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
    detail: {
      items: items.length,
      full: items.filter((i) => i.level === "full").length,
      contact: contact.state,
      records: items.map((i) => i.id).join(","),
    },
  });
  if (contact.state === "shown") {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "victim_contact.view",
      subjectType: "CaseRecord",
      subjectId: contact.item.id,
      caseId: c.id,
      purpose: actor.purpose,
      outcome: "allowed",
      detail: { version: contact.item.version },
    });
  }

  return {
    case: caseHeaderData(c),
    contact,
    victimsCode,
    needs,
    plan,
    safetyPlan,
    referrals,
    careVisible,
    careHeldBy: CONTACT_HELD_BY,
    canRecordCare: mayRecord(actor, c.id, "victim_care"),
    canRecordContact: mayRecord(actor, c.id, "victim_contact"),
  };
}

const KIND_CATEGORY: Record<VictimCareKind, Category> = {
  victim_contact: "victim_contact",
  victims_code: "victim_care",
  needs_assessment: "victim_care",
  victim_update_plan: "victim_care",
  support_referral: "victim_care",
  safety_plan: "victim_care",
};

/** Starts every victim care write (and its form): the case, then may this person record this category here? Else 404, audited. */
function beginWrite(actor: Actor, caseId: string, kind: VictimCareKind, action: string): CaseRow {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, mayRecord(actor, c.id, KIND_CATEGORY[kind]), action);
  return c;
}

/**
 * A victim care form: the case and the item as it stands now (full access only; its read is audited), so the form
 * starts from it and carries its version.
 */
export function victimCareForm<B>(
  actor: Actor,
  caseId: string,
  kind: Exclude<VictimCareKind, "support_referral">,
  read: (b: Record<string, unknown>) => B,
) {
  const c = beginWrite(actor, caseId, kind, `${kind}.form`);
  const row = currentReadable(actor, c.id, kind);
  const item = row
    ? toItem(actor, row, read, namesOf([recordedByUser(parseBody(row.r.body), row.r.authorUserId)]))
    : null;
  if (item)
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: `${kind}.view`,
      subjectType: "CaseRecord",
      subjectId: item.id,
      caseId: c.id,
      purpose: actor.purpose,
      outcome: "allowed",
      detail: { version: item.version },
    });
  return {
    case: caseHeaderData(c),
    item,
    plan: row?.plan ? { nextDueOn: row.plan.nextDueOn, lastUpdateOn: row.plan.lastUpdateOn } : null,
  };
}

// ---- Writing.

export type SaveResult =
  { ok: true; id: string } | { ok: false; errors: FieldErrors; values: FormValues; stale?: boolean };

const stale = (values: FormValues): SaveResult => ({ ok: false, errors: { form: STALE_MESSAGE }, values, stale: true });

function done(
  actor: Actor,
  c: CaseRow,
  action: string,
  id: string,
  detail: Record<string, string | number | boolean | null>,
): void {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "CaseRecord",
    subjectId: id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "done",
    detail,
  });
}

/**
 * Saves a single item: revises the current one if the form was based on its version, or adds the first one.
 * `detail` writes the item's detail-table row in the same transaction.
 */
function saveSingle(
  actor: Actor,
  c: CaseRow,
  kind: Exclude<VictimCareKind, "support_referral">,
  values: FormValues,
  baseVersion: number,
  build: (current: Row | null) => BuiltRecord,
  now: Date,
  detail?: (tx: Tx, recordId: string, isNew: boolean) => void,
): SaveResult {
  const current = currentReadable(actor, c.id, kind);
  if ((current?.r.version ?? 0) !== baseVersion) return stale(values);
  const built = build(current);
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    if (current) {
      if (reviseCaseRecord(tx, current.r.id, baseVersion, built, at) === "stale") return null;
      detail?.(tx, current.r.id, false);
      return current.r.id;
    }
    const created = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind,
        category: KIND_CATEGORY[kind],
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        ...built,
      },
      at,
    );
    detail?.(tx, created, true);
    return created;
  });
  if (!id) return stale(values);
  done(actor, c, `${kind}.record`, id, { version: baseVersion + 1 });
  return { ok: true, id };
}

export function saveContact(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "victim_contact", "victim_contact.record");
  const parsed = parseContact(values);
  if (!parsed.ok) return parsed;
  return saveSingle(
    actor,
    c,
    "victim_contact",
    values,
    parsed.data.baseVersion,
    () => contactRecord(parsed.data, actor.userId),
    now,
  );
}

export function saveVictimsCode(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "victims_code", "victims_code.record");
  const parsed = parseVictimsCode(values, londonToday(now));
  if (!parsed.ok) return parsed;
  return saveSingle(
    actor,
    c,
    "victims_code",
    values,
    parsed.data.baseVersion,
    () => victimsCodeRecord(parsed.data, actor.userId),
    now,
  );
}

export function saveNeeds(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "needs_assessment", "needs_assessment.record");
  const parsed = parseNeeds(values, londonToday(now));
  if (!parsed.ok) return parsed;
  return saveSingle(
    actor,
    c,
    "needs_assessment",
    values,
    parsed.data.baseVersion,
    () => needsRecord(parsed.data, actor.userId),
    now,
  );
}

export function saveSafetyPlan(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "safety_plan", "safety_plan.record");
  const parsed = parseSafetyPlan(values, londonToday(now));
  if (!parsed.ok) return parsed;
  return saveSingle(
    actor,
    c,
    "safety_plan",
    values,
    parsed.data.baseVersion,
    () => safetyPlanRecord(parsed.data, actor.userId),
    now,
  );
}

/** Agrees (or changes) how often and how the victim is updated; the next update is due one interval after the last. */
export function saveUpdatePlan(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "victim_update_plan", "victim_update_plan.record");
  const parsed = parseUpdatePlan(values, londonToday(now));
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  let schedule = { nextDueOn: "", lastUpdateOn: null as string | null };
  return saveSingle(
    actor,
    c,
    "victim_update_plan",
    values,
    input.baseVersion,
    (current) => {
      const lastUpdateOn = current?.plan?.lastUpdateOn ?? null;
      schedule = {
        lastUpdateOn,
        nextDueOn: nextUpdateDue({ frequencyDays: input.frequencyDays, agreedOn: input.agreedOn, lastUpdateOn }),
      };
      const given = current ? readUpdatePlan(parseBody(current.r.body)).updatesGiven : [];
      return updatePlanRecord(input, given, schedule.nextDueOn, actor.userId);
    },
    now,
    (tx, recordId, isNew) => {
      const row = {
        frequencyDays: input.frequencyDays,
        method: input.method,
        nextDueOn: schedule.nextDueOn,
        lastUpdateOn: schedule.lastUpdateOn,
      };
      if (isNew)
        tx.insert(victimUpdatePlans)
          .values({ recordId, caseId: c.id, ...row })
          .run();
      else tx.update(victimUpdatePlans).set(row).where(eq(victimUpdatePlans.recordId, recordId)).run();
    },
  );
}

/** "Record an update given": moves the next update on one interval from the latest update. */
export function recordUpdateGiven(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "victim_update_plan", "victim_update.given");
  const parsed = parseUpdateGiven(values, londonToday(now));
  if (!parsed.ok) return parsed;
  const current = currentReadable(actor, c.id, "victim_update_plan");
  if (!current?.plan)
    return {
      ok: false,
      errors: { givenOn: "Agree how often the victim will be updated before recording an update" },
      values,
    };
  const body = readUpdatePlan(parseBody(current.r.body));
  if (body.agreedOn && parsed.data.givenOn < body.agreedOn)
    return {
      ok: false,
      errors: { givenOn: "The date of the update must be on or after the date the updates were agreed" },
      values,
    };
  const lastUpdateOn = lastUpdateAfter(current.plan.lastUpdateOn, parsed.data.givenOn);
  const frequencyDays = current.plan.frequencyDays;
  const nextDueOn = nextUpdateDue({ frequencyDays, agreedOn: body.agreedOn || lastUpdateOn, lastUpdateOn });
  const built = updatePlanRecord(
    {
      frequencyDays,
      method: body.method ?? (current.plan.method as UpdateMethod),
      agreedOn: body.agreedOn || lastUpdateOn,
    },
    [...body.updatesGiven, { on: parsed.data.givenOn, by: actor.userId }],
    nextDueOn,
    actor.userId,
  );
  const at = now.toISOString();
  const ok = getDb().transaction((tx) => {
    if (reviseCaseRecord(tx, current.r.id, current.r.version, built, at) === "stale") return false;
    tx.update(victimUpdatePlans)
      .set({ lastUpdateOn, nextDueOn })
      .where(eq(victimUpdatePlans.recordId, current.r.id))
      .run();
    return true;
  });
  if (!ok) return stale(values);
  done(actor, c, "victim_update.given", current.r.id, { nextDueOn });
  return { ok: true, id: current.r.id };
}

/** A referral to specialist support; each referral is its own record with a support_referrals row. */
export function addReferral(actor: Actor, caseId: string, values: FormValues, now = new Date()): SaveResult {
  const c = beginWrite(actor, caseId, "support_referral", "support_referral.record");
  const parsed = parseReferral(values, londonToday(now));
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  const built = referralRecord(input, actor.userId);
  const at = now.toISOString();
  const id = getDb().transaction((tx) => {
    const created = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "support_referral",
        category: "victim_care",
        ownerAgencyId: actor.agencyId,
        authorUserId: actor.userId,
        ...built,
      },
      at,
    );
    tx.insert(supportReferrals)
      .values({
        recordId: created,
        caseId: c.id,
        service: input.service,
        offeredOn: input.offeredOn,
        response: input.response,
        respondedOn: input.respondedOn,
      })
      .run();
    return created;
  });
  done(actor, c, "support_referral.record", id, { service: input.service, response: input.response });
  return { ok: true, id };
}

/** The referral the actor may read in full on this case, or 404 (audited) whether or not it exists. */
function requireReferral(actor: Actor, c: CaseRow, referralId: string, action: string) {
  const row = visibleRecords(actor, c.id, ["support_referral"], "read").find((r) => r.r.id === referralId);
  if (!row) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action,
      subjectType: "CaseRecord",
      subjectId: referralId,
      caseId: c.id,
      outcome: "denied",
    });
    throw notFound();
  }
  return row;
}

export function referralForm(actor: Actor, caseId: string, referralId: string | null) {
  const c = beginWrite(actor, caseId, "support_referral", "support_referral.form");
  if (!referralId) return { case: caseHeaderData(c), referral: null };
  const row = requireReferral(actor, c, referralId, "support_referral.view");
  const item = toItem(actor, row, readReferral, namesOf([recordedByUser(parseBody(row.r.body), row.r.authorUserId)]));
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "support_referral.view",
    subjectType: "CaseRecord",
    subjectId: row.r.id,
    caseId: c.id,
    purpose: actor.purpose,
    outcome: "allowed",
  });
  return { case: caseHeaderData(c), referral: item };
}

/** Records the victim's answer to a referral (accepted or declined, and when), keeping the earlier version. */
export function respondToReferral(
  actor: Actor,
  caseId: string,
  referralId: string,
  values: FormValues,
  now = new Date(),
): SaveResult {
  const c = beginWrite(actor, caseId, "support_referral", "support_referral.respond");
  const row = requireReferral(actor, c, referralId, "support_referral.respond");
  const body = readReferral(parseBody(row.r.body));
  const parsed = parseReferralResponse(values, londonToday(now), body.offeredOn);
  if (!parsed.ok) return parsed;
  if (parsed.data.baseVersion !== row.r.version) return stale(values);
  const input: ReferralInput = {
    service: body.service ?? "other",
    otherService: body.otherService,
    offeredOn: body.offeredOn,
    response: parsed.data.response,
    respondedOn: parsed.data.respondedOn,
  };
  const at = now.toISOString();
  const ok = getDb().transaction((tx) => {
    if (reviseCaseRecord(tx, row.r.id, row.r.version, referralRecord(input, actor.userId), at) === "stale")
      return false;
    tx.update(supportReferrals)
      .set({ response: input.response, respondedOn: input.respondedOn })
      .where(eq(supportReferrals.recordId, row.r.id))
      .run();
    return true;
  });
  if (!ok) return stale(values);
  done(actor, c, "support_referral.respond", row.r.id, { response: input.response });
  return { ok: true, id: row.r.id };
}

// ---- The officer's home page.

export type VictimUpdateDue = { caseId: string; reference: string; nextDueOn: string; overdue: boolean };

// Case roles are stored as codes; teams made before the vocabulary (and the demo seed) hold the label.
const OFFICER_IN_CASE = ["officer_in_case", CASE_ROLE_LABELS.officer_in_case];

/**
 * "Victim updates due": cases where the actor is the officer in the case and the victim's next agreed update is
 * overdue or due within 7 days, soonest first. Filtered in SQL by membership and by the gate's scope.
 */
export function victimUpdatesDue(actor: Actor, now = new Date()): VictimUpdateDue[] {
  const today = londonToday(now);
  const rows = getDb()
    .select({ caseId: cases.id, reference: cases.reference, nextDueOn: victimUpdatePlans.nextDueOn })
    .from(victimUpdatePlans)
    .innerJoin(caseRecords, eq(caseRecords.id, victimUpdatePlans.recordId))
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        // From the person's own cases, not from every plan in the partnership.
        inArray(victimUpdatePlans.caseId, casesWhereMember(actor.userId, OFFICER_IN_CASE)),
        isNull(caseRecords.retractedAt),
        ne(cases.status, "closed"),
        // Overdue or due within the window (ISO dates compare as text).
        lte(victimUpdatePlans.nextDueOn, addCalendarDays(today, UPDATES_DUE_WINDOW_DAYS)),
        scope(actor, "read_summary", "CaseRecord", caseRecordColumns),
      ),
    )
    .orderBy(asc(victimUpdatePlans.nextDueOn), desc(caseRecords.updatedAt))
    .all();
  const seen = new Set<string>();
  const due: VictimUpdateDue[] = [];
  for (const r of rows) {
    // One line per case (the soonest, should a case hold two plans); membership and access were decided in SQL above.
    if (seen.has(r.caseId)) continue;
    seen.add(r.caseId);
    due.push({ ...r, overdue: updateDueState(r.nextDueOn, today) === "overdue" });
  }
  return due;
}
