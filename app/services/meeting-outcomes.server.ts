import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { attendanceAtClose } from "~/domain/attendance";
import { isWithheld } from "~/access/redact";
import { getDb } from "~/db.server";
import { formatDate, formatDateTime } from "~/domain/dates";
import { londonDate } from "~/domain/limitation-deadline";
import {
  CLINIC_RISK_LABELS,
  CONFIRMABLE_LEVELS,
  MAPPA_CATEGORIES,
  nextReviewAfterMeeting,
  OASYS_ROSH_LABELS,
  type ClinicRiskLevel,
  type OasysRoshLevel,
} from "~/domain/mappa";
import { meetingFamily } from "~/domain/meeting-kinds";
import { IDENTIFIER_LABELS, type IdentifierKey } from "~/domain/person-identifiers";
import { roleLabel } from "~/domain/roles";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import {
  agencies,
  cases,
  clinicReferrals,
  mappaReferrals,
  meetingDisclosures,
  meetingInvitees,
  meetingItems,
  minutesShares,
  userRoles,
  users,
} from "../../db/schema";
import { meetingAudit, requireChair, requireMember, requireStatus, type MeetingRow } from "./meeting-access.server";
import { requireAcknowledged, requireItem, TEXT_MAX } from "./meeting-items.server";
import { casePeople } from "./people.server";

/*
 * What a MAPPA B (or clinic case review) record needs beyond minutes, decisions and actions (issue 15): per item, the
 * level and category the panel confirmed, disclosure decisions, the next review date from the level, the clinic's
 * recommendations; for the meeting, who was present, sent apologies or was absent (agency and role), and the
 * distribution list. Recorded while the meeting is open or closed; shown on the minutes page and in the files.
 */

type Values = Record<string, string | string[]>;
type Result = { ok: true } | { ok: false; errors: FieldErrors; values: Values };
const WRITABLE = ["open", "closed"] as const;

function requireFamily(m: MeetingRow, family: "mappa" | "clinic", values: Values): Result | null {
  if (meetingFamily(m.kind) === family) return null;
  return {
    ok: false,
    errors: {
      form:
        family === "mappa"
          ? "Only MAPPA meetings record a level, category or disclosure decision"
          : "Only clinic meetings record the clinic's recommendations",
    },
    values,
  };
}

const LevelSchema = z.object({
  level: z.coerce
    .number({ invalid_type_error: "Choose the MAPPA level confirmed" })
    .refine((n) => (CONFIRMABLE_LEVELS as readonly number[]).includes(n), "Choose the MAPPA level confirmed"),
  category: z.coerce
    .number({ invalid_type_error: "Choose the MAPPA category confirmed" })
    .refine((n) => (MAPPA_CATEGORIES as readonly number[]).includes(n), "Choose the MAPPA category confirmed"),
});

/** The chair records the level and category the panel confirmed for an item (MAPPA meetings). */
export function confirmLevel(actor: Actor, meetingId: string, itemId: string, values: Values): Result {
  const { meeting } = requireChair(actor, meetingId, "meeting.level_confirm");
  requireStatus(actor, meeting, WRITABLE, "meeting.level_confirm");
  const item = requireItem(actor, meeting, itemId, "meeting.level_confirm");
  const wrong = requireFamily(meeting, "mappa", values);
  if (wrong) return wrong;
  const parsed = parseValues(values, LevelSchema);
  if (!parsed.ok) return { ...parsed, values };
  getDb()
    .update(meetingItems)
    .set({ levelConfirmed: parsed.data.level, categoryConfirmed: parsed.data.category })
    .where(eq(meetingItems.id, item.id))
    .run();
  meetingAudit(
    actor,
    meeting,
    "meeting.level_confirm",
    { itemId: item.id, level: parsed.data.level, category: parsed.data.category },
    item.caseId,
  );
  return { ok: true };
}

const DISCLOSURE_MAX = 1000;
const required = (missing: string, label: string) =>
  z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .min(1, missing)
    .max(DISCLOSURE_MAX, `${label} must be ${DISCLOSURE_MAX.toLocaleString("en-GB")} characters or fewer`);
const DisclosureSchema = z.object({
  toWhom: required("Enter to whom the information is disclosed", "To whom"),
  what: required("Enter what is disclosed", "What is disclosed"),
  why: required("Enter why it is disclosed", "Why"),
  byWhom: required("Enter who makes the disclosure", "Who makes the disclosure"),
});

/** An attendee who has acknowledged the statement records a disclosure decision against an item (MAPPA meetings). */
export function addDisclosure(actor: Actor, meetingId: string, itemId: string, values: Values): Result {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.disclosure_add");
  requireAcknowledged(actor, meeting, invitee, "meeting.disclosure_add");
  requireStatus(actor, meeting, WRITABLE, "meeting.disclosure_add");
  const item = requireItem(actor, meeting, itemId, "meeting.disclosure_add");
  const wrong = requireFamily(meeting, "mappa", values);
  if (wrong) return wrong;
  const parsed = parseValues(values, DisclosureSchema);
  if (!parsed.ok) return { ...parsed, values };
  const id = randomUUID();
  getDb()
    .insert(meetingDisclosures)
    .values({
      id,
      meetingId: meeting.id,
      itemId: item.id,
      caseId: item.caseId,
      ...parsed.data,
      createdBy: actor.userId,
      createdAt: new Date().toISOString(),
    })
    .run();
  meetingAudit(actor, meeting, "meeting.disclosure_add", { itemId: item.id, disclosureId: id }, item.caseId);
  return { ok: true };
}

const RecommendationsSchema = z.object({
  recommendations: z
    .string({ invalid_type_error: "Enter the recommendations" })
    .trim()
    .max(TEXT_MAX * 2, `The recommendations must be ${(TEXT_MAX * 2).toLocaleString("en-GB")} characters or fewer`)
    .default(""),
});

/** The chair records the clinic's recommendations for an item (clinic meetings). */
export function saveRecommendations(actor: Actor, meetingId: string, itemId: string, values: Values): Result {
  const { meeting } = requireChair(actor, meetingId, "meeting.recommendations_save");
  requireStatus(actor, meeting, WRITABLE, "meeting.recommendations_save");
  const item = requireItem(actor, meeting, itemId, "meeting.recommendations_save");
  const wrong = requireFamily(meeting, "clinic", values);
  if (wrong) return wrong;
  const parsed = parseValues(values, RecommendationsSchema);
  if (!parsed.ok) return { ...parsed, values };
  getDb()
    .update(meetingItems)
    .set({ recommendations: parsed.data.recommendations })
    .where(eq(meetingItems.id, item.id))
    .run();
  meetingAudit(actor, meeting, "meeting.recommendations_save", { itemId: item.id }, item.caseId);
  return { ok: true };
}

export type DisclosureView = {
  id: string;
  toWhom: string;
  what: string;
  why: string;
  byWhom: string;
  recordedBy: string;
  when: string;
};

function disclosuresOf(meetingId: string): (DisclosureView & { itemId: string })[] {
  return getDb()
    .select({ d: meetingDisclosures, by: users.name })
    .from(meetingDisclosures)
    .innerJoin(users, eq(users.id, meetingDisclosures.createdBy))
    .where(eq(meetingDisclosures.meetingId, meetingId))
    .orderBy(asc(meetingDisclosures.createdAt), asc(meetingDisclosures.id))
    .all()
    .map(({ d, by }) => ({
      id: d.id,
      itemId: d.itemId,
      toWhom: d.toWhom,
      what: d.what,
      why: d.why,
      byWhom: d.byWhom,
      recordedBy: by,
      when: formatDateTime(d.createdAt),
    }));
}

export type Offender = { name: string; identifiers: { label: string; value: string }[] };
export type ItemOutcome = {
  family: "clinic" | "mappa";
  levelConfirmed: number | null;
  categoryConfirmed: number | null;
  nextReview: { on: string | null; onText: string | null; text: string } | null;
  disclosures: DisclosureView[];
  recommendations: string;
  /** The risk level the case came to the meeting with (the referral's), as shown. */
  riskLevel: string | null;
  /** The offender's name and identifiers as this reader may see them; null when they may not see the case. */
  offender: Offender | null;
};

/** The offender on a case as the reader may see them (name: case core; identifiers: perpetrator details). */
function offenderFor(actor: Actor, caseId: string): Offender | null {
  let people: ReturnType<typeof casePeople>;
  try {
    people = casePeople(actor, caseId);
  } catch (e) {
    if (e instanceof Response && e.status === 404) return null;
    throw e;
  }
  const p = people.parties.find((x) => x.partyRole === "perpetrator");
  if (!p) return null;
  const identifiers = isWithheld(p.details)
    ? []
    : Object.entries(p.details.identifiers).map(([k, v]) => ({
        label: IDENTIFIER_LABELS[k as IdentifierKey] ?? k,
        value: v,
      }));
  return { name: p.name, identifiers };
}

/** The risk level on the referral that brought the case: the clinic referral's current risk, or OASys RoSH for MAPPA. */
function riskLevelOf(item: Pick<typeof meetingItems.$inferSelect, "source" | "sourceId">): string | null {
  if (!item.sourceId) return null;
  if (item.source === "clinic_referral") {
    const r = getDb()
      .select({ risk: clinicReferrals.currentRisk })
      .from(clinicReferrals)
      .where(eq(clinicReferrals.id, item.sourceId))
      .get();
    return r ? `${CLINIC_RISK_LABELS[r.risk as ClinicRiskLevel] ?? r.risk} (on the clinic referral)` : null;
  }
  const r = getDb()
    .select({ body: mappaReferrals.body })
    .from(mappaReferrals)
    .where(eq(mappaReferrals.id, item.sourceId))
    .get();
  if (!r) return null;
  let rosh: unknown;
  try {
    rosh = (JSON.parse(r.body) as Record<string, unknown>).oasysRosh;
  } catch {
    rosh = undefined;
  }
  return typeof rosh === "string" && rosh in OASYS_ROSH_LABELS
    ? `${OASYS_ROSH_LABELS[rosh as OasysRoshLevel]} risk of serious harm (OASys, on the MAPPA referral)`
    : null;
}

/** Each item's outcome for the minutes, read for this reader. */
export function itemOutcomes(
  actor: Actor,
  meeting: MeetingRow,
  items: (typeof meetingItems.$inferSelect)[],
): Map<string, ItemOutcome> {
  const family = meetingFamily(meeting.kind);
  const disclosures = family === "mappa" ? disclosuresOf(meeting.id) : [];
  const day = londonDate(meeting.startsAt);
  return new Map(
    items.map((i) => {
      const next = family === "mappa" ? nextReviewAfterMeeting(i.levelConfirmed, day) : null;
      return [
        i.id,
        {
          family,
          levelConfirmed: i.levelConfirmed,
          categoryConfirmed: i.categoryConfirmed,
          nextReview: next ? { ...next, onText: next.on ? formatDate(`${next.on}T12:00:00Z`) : null } : null,
          disclosures: disclosures.filter((d) => d.itemId === i.id).map(({ itemId: _itemId, ...d }) => d),
          recommendations: i.recommendations,
          riskLevel: riskLevelOf(i),
          offender: offenderFor(actor, i.caseId),
        },
      ];
    }),
  );
}

export type Participant = { userId: string; name: string; agency: string; role: string; note: string | null };
export type MinutesStructure = {
  present: Participant[];
  apologies: Participant[];
  absent: Participant[];
  distribution: { name: string; agency: string }[];
};

/**
 * Who was present, sent apologies (declined, or sent a deputy) or was absent, with agency and role; and the
 * distribution list: everyone invited (present, apologies, absent) and everyone the chair agreed to share with.
 */
export function minutesStructure(meeting: Pick<MeetingRow, "id" | "chairUserId">): MinutesStructure {
  const db = getDb();
  const rows = db
    .select({ i: meetingInvitees, name: users.name, agency: agencies.name })
    .from(meetingInvitees)
    .innerJoin(users, eq(users.id, meetingInvitees.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(meetingInvitees.meetingId, meeting.id),
        or(isNull(meetingInvitees.removedAt), eq(meetingInvitees.response, "deputy")),
      ),
    )
    .orderBy(asc(agencies.name), asc(users.name))
    .all();
  const shared = db
    .select({ userId: users.id, name: users.name, agency: agencies.name })
    .from(minutesShares)
    .innerJoin(users, eq(users.id, minutesShares.toUserId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(minutesShares.meetingId, meeting.id))
    .orderBy(asc(agencies.name), asc(users.name))
    .all();
  const ids = [
    ...new Set([
      ...rows.map((r) => r.i.userId),
      ...rows.map((r) => r.i.deputyForUserId).filter((x): x is string => !!x),
    ]),
  ];
  const roles = new Map<string, string[]>();
  for (const r of ids.length ? db.select().from(userRoles).where(inArray(userRoles.userId, ids)).all() : [])
    roles.set(r.userId, [...(roles.get(r.userId) ?? []), roleLabel(r.role)]);
  const names = new Map(rows.map((r) => [r.i.userId, r.name]));
  const deputyOf = new Map(
    rows.filter((r) => r.i.deputyForUserId && !r.i.removedAt).map((r) => [r.i.deputyForUserId!, r.name]),
  );
  const out: MinutesStructure = { present: [], apologies: [], absent: [], distribution: [] };
  for (const { i, name, agency } of rows) {
    const role = `${(roles.get(i.userId) ?? []).join(", ")}${i.userId === meeting.chairUserId ? " (chair)" : ""}`;
    const base = { userId: i.userId, name, agency, role };
    // Attendance as recorded (app/domain/attendance.ts); before the close, anyone not yet seen counts as the close would.
    const attendance = i.attendance ?? attendanceAtClose(i);
    if (i.removedAt) out.apologies.push({ ...base, note: `Deputy: ${deputyOf.get(i.userId) ?? "sent"}` });
    else if (attendance === "present" || attendance === "deputy")
      out.present.push({
        ...base,
        note: i.deputyForUserId
          ? `Deputy for ${names.get(i.deputyForUserId) ?? "a colleague"}`
          : attendance === "deputy"
            ? "Deputy"
            : null,
      });
    else if (attendance === "apologies") out.apologies.push({ ...base, note: null });
    else out.absent.push({ ...base, note: null });
  }
  const seen = new Set<string>();
  for (const p of [...rows.map((r) => ({ userId: r.i.userId, name: r.name, agency: r.agency })), ...shared]) {
    if (seen.has(p.userId)) continue;
    seen.add(p.userId);
    out.distribution.push({ name: p.name, agency: p.agency });
  }
  return out;
}

/** The item's outcome page: what is recorded so far, and who may record what (chair: level, category, recommendations). */
export function itemOutcomePage(actor: Actor, meetingId: string, itemId: string) {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.outcome_view");
  requireAcknowledged(actor, meeting, invitee, "meeting.outcome_view");
  const item = requireItem(actor, meeting, itemId, "meeting.outcome_view");
  const reference =
    getDb().select({ reference: cases.reference }).from(cases).where(eq(cases.id, item.caseId)).get()?.reference ?? "";
  const family = meetingFamily(meeting.kind);
  const writable = (WRITABLE as readonly string[]).includes(meeting.status);
  meetingAudit(actor, meeting, "meeting.outcome_view", { itemId: item.id }, item.caseId, "allowed");
  const next = family === "mappa" ? nextReviewAfterMeeting(item.levelConfirmed, londonDate(meeting.startsAt)) : null;
  return {
    meeting: { id: meeting.id, title: meeting.title, family },
    item: {
      id: item.id,
      position: item.position,
      caseReference: reference,
      levelConfirmed: item.levelConfirmed,
      categoryConfirmed: item.categoryConfirmed,
      recommendations: item.recommendations,
    },
    disclosures: family === "mappa" ? disclosuresOf(meeting.id).filter((d) => d.itemId === item.id) : [],
    nextReview: next ? (next.on ? `${formatDate(`${next.on}T12:00:00Z`)} (${next.text})` : next.text) : null,
    isChair: meeting.chairUserId === actor.userId,
    writable,
  };
}

/** What each item's signed-off minutes record keeps of its outcome (MAPPA B, or the clinic's recommendations). */
export function recordedOutcomes(
  meeting: MeetingRow,
  items: (typeof meetingItems.$inferSelect)[],
): Map<string, Record<string, unknown>> {
  const family = meetingFamily(meeting.kind);
  if (family === "clinic") return new Map(items.map((i) => [i.id, { recommendations: i.recommendations }]));
  const disclosures = disclosuresOf(meeting.id);
  const day = londonDate(meeting.startsAt);
  return new Map(
    items.map((i) => [
      i.id,
      {
        levelConfirmed: i.levelConfirmed,
        categoryConfirmed: i.categoryConfirmed,
        nextReviewOn: nextReviewAfterMeeting(i.levelConfirmed, day)?.on ?? null,
        disclosures: disclosures
          .filter((d) => d.itemId === i.id)
          .map((d) => ({ toWhom: d.toWhom, what: d.what, why: d.why, byWhom: d.byWhom })),
      },
    ]),
  );
}
