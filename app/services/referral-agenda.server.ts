import { and, asc, eq, exists, inArray, isNotNull, lte, ne, notExists } from "drizzle-orm";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import {
  CLINIC_RISK_LABELS,
  type ClinicRiskLevel,
  isMappaLevel,
  mappaPriority,
  nextMappaReviewOn,
  type Priority,
} from "~/domain/mappa";
import type { Tx } from "./case-record-store.server";
import { agencies, cases, clinicReferrals, mappaReferrals, meetingItems, meetings } from "../../db/schema";

// What the meetings helper builds agendas from (contract in notes/meetings.md). Plain data, no access check:
// agendas are built by the coordinator's meeting service, which checks who may build them; items carry the case
// id and reason only, never case records.

export type AgendaCandidate = {
  source: "clinic_referral" | "mappa_referral" | "review";
  sourceId: string;
  caseId: string;
  priority: Priority;
  reason: string;
};

/** The case is in this partnership (its lead agency's) and not closed. */
function caseInPartnership(
  caseId: typeof clinicReferrals.caseId | typeof mappaReferrals.caseId,
  partnershipId: string,
) {
  return exists(
    getDb()
      .select({ one: agencies.id })
      .from(cases)
      .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
      .where(and(eq(cases.id, caseId), eq(agencies.partnershipId, partnershipId), ne(cases.status, "closed"))),
  );
}

function onAnyItem(
  source: "clinic_referral" | "mappa_referral",
  id: typeof clinicReferrals.id | typeof mappaReferrals.id,
) {
  return getDb()
    .select({ one: meetingItems.id })
    .from(meetingItems)
    .where(and(eq(meetingItems.source, source), eq(meetingItems.sourceId, id)));
}

/**
 * Accepted referrals not yet on any meeting's agenda: clinic referrals (priority set on acceptance) or MAPPA
 * referrals (optionally of one decided level; level 3 urgent, level 2 soon). Oldest decision first.
 */
export function referralsAwaitingMeeting(
  kind: "clinic" | "mappa",
  partnershipId: string,
  level?: 2 | 3,
): AgendaCandidate[] {
  const db = getDb();
  if (kind === "clinic") {
    return db
      .select({
        id: clinicReferrals.id,
        caseId: clinicReferrals.caseId,
        priority: clinicReferrals.priority,
        reason: clinicReferrals.reason,
      })
      .from(clinicReferrals)
      .where(
        and(
          eq(clinicReferrals.status, "accepted"),
          caseInPartnership(clinicReferrals.caseId, partnershipId),
          notExists(onAnyItem("clinic_referral", clinicReferrals.id)),
        ),
      )
      .orderBy(asc(clinicReferrals.decidedAt), asc(clinicReferrals.id))
      .all()
      .map((r) => ({
        source: "clinic_referral" as const,
        sourceId: r.id,
        caseId: r.caseId,
        priority: (r.priority as Priority | null) ?? "routine",
        reason: r.reason,
      }));
  }
  return db
    .select({
      id: mappaReferrals.id,
      caseId: mappaReferrals.caseId,
      level: mappaReferrals.levelDecided,
      body: mappaReferrals.body,
    })
    .from(mappaReferrals)
    .where(
      and(
        eq(mappaReferrals.status, "accepted"),
        level ? eq(mappaReferrals.levelDecided, level) : undefined,
        caseInPartnership(mappaReferrals.caseId, partnershipId),
        notExists(onAnyItem("mappa_referral", mappaReferrals.id)),
      ),
    )
    .orderBy(asc(mappaReferrals.decidedAt), asc(mappaReferrals.id))
    .all()
    .map((r) => ({
      source: "mappa_referral" as const,
      sourceId: r.id,
      caseId: r.caseId,
      priority: isMappaLevel(r.level) ? mappaPriority(r.level) : "soon",
      reason: mappaReason(r.body, r.level),
    }));
}

function mappaReason(body: string, level: number | null): string {
  let reason = "";
  try {
    const parsed = JSON.parse(body) as { reasonForReferral?: unknown };
    if (typeof parsed.reasonForReferral === "string") reason = parsed.reasonForReferral;
  } catch {
    // a malformed body still gives an agenda line
  }
  return `MAPPA level ${level ?? "?"}${reason ? `: ${reason}` : ""}`;
}

/**
 * Cases due for review on or before `onOrBefore` (London yyyy-mm-dd). MAPPA: accepted referrals whose next
 * review date has come and that are not already on a meeting that has not yet been held. Clinic: no review
 * interval is modelled (a clinic case comes back by a fresh referral), so none.
 */
export function casesDueForReview(
  kind: "clinic" | "mappa",
  partnershipId: string,
  onOrBefore: string,
  level?: 2 | 3,
): AgendaCandidate[] {
  if (kind === "clinic") return [];
  const db = getDb();
  const pendingReview = db
    .select({ one: meetingItems.id })
    .from(meetingItems)
    .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
    .where(
      and(
        inArray(meetingItems.source, ["review", "mappa_referral"]),
        eq(meetingItems.sourceId, mappaReferrals.id),
        inArray(meetings.status, ["planned", "open"]),
      ),
    );
  return db
    .select({
      id: mappaReferrals.id,
      caseId: mappaReferrals.caseId,
      level: mappaReferrals.levelDecided,
      nextReviewOn: mappaReferrals.nextReviewOn,
    })
    .from(mappaReferrals)
    .where(
      and(
        eq(mappaReferrals.status, "accepted"),
        level ? eq(mappaReferrals.levelDecided, level) : undefined,
        isNotNull(mappaReferrals.nextReviewOn),
        lte(mappaReferrals.nextReviewOn, onOrBefore),
        caseInPartnership(mappaReferrals.caseId, partnershipId),
        notExists(pendingReview),
      ),
    )
    .orderBy(asc(mappaReferrals.nextReviewOn), asc(mappaReferrals.id))
    .all()
    .map((r) => ({
      source: "review" as const,
      sourceId: r.id,
      caseId: r.caseId,
      priority: isMappaLevel(r.level) ? mappaPriority(r.level) : "soon",
      reason: `MAPPA level ${r.level ?? "?"} review due ${r.nextReviewOn}`,
    }));
}

/**
 * Called (inside the caller's transaction) when an agenda item is discussed: for a MAPPA referral or review,
 * sets the next review date from the meeting date (yyyy-mm-dd, or an instant taken as its London date) and
 * the level decided (or confirmed by the panel). Level 1 confirmed ends the MAPPA meeting cycle: managed at level 1,
 * no next review. Clinic referrals have no review interval: nothing changes.
 */
export function markReviewed(
  tx: Tx,
  source: "clinic_referral" | "mappa_referral" | "review",
  sourceId: string,
  meetingDate: string,
  /** The level the panel confirmed (MAPPA B), when it did: the interval follows it rather than the referral's. */
  levelConfirmed: number | null = null,
): string | null {
  if (source === "clinic_referral") return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(meetingDate) ? meetingDate : londonToday(new Date(meetingDate));
  const row = tx
    .select({
      level: mappaReferrals.levelDecided,
      status: mappaReferrals.status,
    })
    .from(mappaReferrals)
    .where(eq(mappaReferrals.id, sourceId))
    .get();
  if (!row || row.status !== "accepted" || !isMappaLevel(row.level)) return null;
  if (levelConfirmed === 1) {
    // Level 1 is ordinary agency management: the referral is managed at level 1 by the lead agency and leaves the
    // level 2 and 3 meeting cycle, with no next review (figures count it as managed at level 1).
    tx.update(mappaReferrals)
      .set({ levelDecided: 1, nextReviewOn: null, updatedAt: new Date().toISOString() })
      .where(eq(mappaReferrals.id, sourceId))
      .run();
    return null;
  }
  const next = nextMappaReviewOn(isMappaLevel(levelConfirmed) ? levelConfirmed : row.level, date);
  tx.update(mappaReferrals)
    .set({ nextReviewOn: next, updatedAt: new Date().toISOString() })
    .where(eq(mappaReferrals.id, sourceId))
    .run();
  return next;
}

/** The referral that brought a case to a meeting, as the first of the item's papers (issue 15). */
export type ReferralPaper =
  | { kind: "clinic"; reason: string; currentRisk: string; ask: string; from: string; on: string }
  | { kind: "mappa"; level: string; reason: string; review: boolean; from: string; on: string };

/**
 * The referral behind an agenda item (clinic: reason, current risk, what the clinic is asked; MAPPA: the level
 * and the reason for referral; a MAPPA review names its referral). Plain data: the meeting's papers call it only
 * for an attendee who may see the case at the meeting's purpose.
 */
export function referralPaper(source: string, sourceId: string | null): ReferralPaper | null {
  if (!sourceId) return null;
  const db = getDb();
  if (source === "clinic_referral") {
    const r = db
      .select({
        reason: clinicReferrals.reason,
        risk: clinicReferrals.currentRisk,
        ask: clinicReferrals.ask,
        from: agencies.name,
        at: clinicReferrals.createdAt,
      })
      .from(clinicReferrals)
      .innerJoin(agencies, eq(agencies.id, clinicReferrals.referrerAgencyId))
      .where(eq(clinicReferrals.id, sourceId))
      .get();
    if (!r) return null;
    return {
      kind: "clinic",
      reason: r.reason,
      currentRisk: CLINIC_RISK_LABELS[r.risk as ClinicRiskLevel] ?? r.risk,
      ask: r.ask,
      from: r.from,
      on: formatDate(r.at),
    };
  }
  if (source !== "mappa_referral" && source !== "review") return null;
  const r = db
    .select({
      body: mappaReferrals.body,
      decided: mappaReferrals.levelDecided,
      requested: mappaReferrals.levelRequested,
      from: agencies.name,
      at: mappaReferrals.createdAt,
    })
    .from(mappaReferrals)
    .innerJoin(agencies, eq(agencies.id, mappaReferrals.referrerAgencyId))
    .where(eq(mappaReferrals.id, sourceId))
    .get();
  if (!r) return null;
  let reason = "";
  try {
    const parsed = JSON.parse(r.body) as { reasonForReferral?: unknown };
    if (typeof parsed.reasonForReferral === "string") reason = parsed.reasonForReferral;
  } catch {
    // a malformed body still names the level
  }
  return {
    kind: "mappa",
    level: `Level ${r.decided ?? r.requested}`,
    reason,
    review: source === "review",
    from: r.from,
    on: formatDate(r.at),
  };
}
