import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { caseWorkingUserIds } from "~/access/case-work.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { absoluteLink } from "~/domain/email-content";
import { formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import { calendarFile } from "~/domain/ics";
import { londonDate, londonWallClockToUtc } from "~/domain/limitation-deadline";
import { meetingDateProblem } from "~/domain/meeting-dates";
import { MEETING_KIND_LABELS, meetingFamily, type MeetingKind } from "~/domain/meeting-kinds";
import { dateField, isoToParts, withDateParts } from "~/forms/date-field";
import { placeField, timeField, videoLinkField } from "~/forms/meeting-place";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { leaveMeeting } from "~/realtime/hub.server";
import { agencies, meetingInvitees, meetingItems, meetings, users } from "../../db/schema";
import type { Tx } from "./case-record-store.server";
import {
  isChair,
  meetingAudit,
  requireChair,
  requireMember,
  requireStatus,
  type MeetingRow,
} from "./meeting-access.server";
import { notify } from "./notifications.server";
import { withdrawWaitingMeetingEmails } from "./outbox.server";

/*
 * Invitations to a clinic or MAPPA meeting (issue 15): invitees are told in Concord, reply (accept, decline with
 * apologies, or send a deputy from their own agency), download a calendar file; the coordinator and chair see the
 * replies; a change of date, time or place tells everyone again. Notifications carry a kind and a link only, so an
 * email can later be sent from them as they are (issue 19): the details are behind the sign-in, on the invitation.
 */

type Values = Record<string, string | string[]>;
type FormFailure = { ok: false; errors: FieldErrors; values: Values };

export const RESPONSES = ["pending", "accepted", "declined", "deputy"] as const;
export type InvitationResponse = (typeof RESPONSES)[number];
export const RESPONSE_LABELS: Record<InvitationResponse, string> = {
  pending: "No reply yet",
  accepted: "Accepted",
  declined: "Sent apologies",
  deputy: "Sent a deputy",
};

const invitationHref = (meetingId: string) => `/meetings/${meetingId}/invitation`;

/**
 * Tells people they are invited (inside the caller's transaction; call the result after it commits). Their email
 * carries the meeting's calendar file (METHOD:REQUEST) so it lands in their calendar.
 */
export function notifyInvited(tx: Tx, meetingId: string, userIds: readonly string[], at: string): () => void {
  const meeting = tx.select().from(meetings).where(eq(meetings.id, meetingId)).get();
  return notify(
    tx,
    userIds,
    {
      kind: "meeting_invitation",
      text: "You are invited to a meeting. Open the invitation to see when and where, and to reply.",
      href: invitationHref(meetingId),
      calendar: meeting ? emailedCalendar(meeting as MeetingRow, "REQUEST") : undefined,
    },
    at,
  );
}

function currentInviteeIds(meetingId: string): string[] {
  return getDb()
    .select({ id: meetingInvitees.userId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meetingId), isNull(meetingInvitees.removedAt)))
    .all()
    .map((r) => r.id);
}

/** Active case-working people of the invitee's own agency who are not invited already: who may be sent as a deputy. */
function deputyChoices(m: MeetingRow, actor: Actor) {
  const invited = currentInviteeIds(m.id);
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.agencyId, actor.agencyId),
        eq(users.status, "active"),
        ne(users.id, actor.userId),
        inArray(users.id, caseWorkingUserIds()),
      ),
    )
    .orderBy(asc(users.name))
    .all()
    .filter((u) => !invited.includes(u.id));
}

function meetingEnd(m: MeetingRow): Date {
  const total =
    getDb()
      .select({ n: sql<number>`coalesce(sum(${meetingItems.minutesAllowed}), 0)` })
      .from(meetingItems)
      .where(eq(meetingItems.meetingId, m.id))
      .get()?.n ?? 0;
  // An hour when the agenda is still empty or short: a calendar entry of a few minutes helps nobody plan.
  return new Date(Date.parse(m.startsAt) + Math.max(60, total) * 60_000);
}

/** The invitation as the invitee sees it: when, where, their reply, and whom they could send instead. */
export function invitationView(actor: Actor, meetingId: string) {
  const { meeting, invitee } = requireMember(actor, meetingId, "meeting.invitation_view");
  meetingAudit(actor, meeting, "meeting.invitation_view", {}, null, "allowed");
  const chair = isChair(actor, meeting);
  return {
    id: meeting.id,
    title: meeting.title,
    kindLabel: MEETING_KIND_LABELS[meeting.kind],
    status: meeting.status,
    when: formatDateTime(meeting.startsAt),
    place: meeting.place,
    videoLink: meeting.videoLink,
    response: invitee.response as InvitationResponse,
    responseLabel: RESPONSE_LABELS[invitee.response as InvitationResponse] ?? invitee.response,
    respondedAt: invitee.respondedAt ? formatDateTime(invitee.respondedAt) : null,
    isChair: chair,
    mayReply: meeting.status === "planned",
    deputies: meeting.status === "planned" && !chair ? deputyChoices(meeting, actor) : [],
  };
}

const ReplySchema = z
  .object({
    response: z.enum(["accepted", "declined", "deputy"], {
      errorMap: () => ({ message: "Choose whether you will attend" }),
    }),
    deputy: z.string().trim().max(64).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.response === "deputy" && !v.deputy)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["deputy"], message: "Choose who will attend in your place" });
  });

/**
 * The invitee replies while the meeting is planned. Sending a deputy removes the invitee's own membership (they
 * keep no access as an attendee) and invites the deputy with the same membership, recorded as standing in for them.
 */
export function replyToInvitation(actor: Actor, meetingId: string, values: Values): { ok: true } | FormFailure {
  const { meeting } = requireMember(actor, meetingId, "meeting.reply");
  requireStatus(actor, meeting, ["planned"], "meeting.reply");
  const parsed = parseValues(values, ReplySchema);
  if (!parsed.ok) return { ...parsed, values };
  const { response, deputy } = parsed.data;
  if (response !== "accepted" && isChair(actor, meeting))
    return {
      ok: false,
      errors: { response: "The chair leads the meeting: ask the coordinator to choose another chair first" },
      values,
    };
  let deputyId: string | null = null;
  if (response === "deputy") {
    const choice = deputyChoices(meeting, actor).find((u) => u.id === deputy);
    if (!choice)
      return {
        ok: false,
        errors: { deputy: "Choose someone from your agency who works on cases and is not already invited" },
        values,
      };
    deputyId = choice.id;
  }
  const at = new Date().toISOString();
  const mine = and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, actor.userId));
  const push = getDb().transaction((tx) => {
    tx.update(meetingInvitees)
      .set({ response, respondedAt: at, ...(deputyId ? { removedAt: at } : {}) })
      .where(mine)
      .run();
    if (!deputyId) return () => {};
    const theirs = and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.userId, deputyId));
    const fresh = {
      removedAt: null,
      invitedBy: actor.userId,
      invitedAt: at,
      acknowledgedAt: null,
      response: "pending",
      respondedAt: null,
      deputyForUserId: actor.userId,
    };
    if (tx.select({ id: meetingInvitees.userId }).from(meetingInvitees).where(theirs).get())
      tx.update(meetingInvitees).set(fresh).where(theirs).run();
    else
      tx.insert(meetingInvitees)
        .values({ meetingId: meeting.id, userId: deputyId, ...fresh })
        .run();
    return notifyInvited(tx, meeting.id, [deputyId], at);
  });
  push();
  meetingAudit(actor, meeting, "meeting.reply", { response, ...(deputyId ? { deputyUserId: deputyId } : {}) });
  if (deputyId) leaveMeeting(actor.userId, meeting.id);
  return { ok: true };
}

export type ReplyView = {
  userId: string;
  name: string;
  agency: string;
  response: InvitationResponse;
  responseLabel: string;
  respondedAt: string | null;
  deputyFor: string | null;
  deputyName: string | null;
  isChair: boolean;
};

/** Every reply (current invitees, and those who sent a deputy) for the coordinator and chair. Others 403. */
export function invitationReplies(actor: Actor, meetingId: string): ReplyView[] {
  const { meeting } = requireChair(actor, meetingId, "meeting.replies_view", true);
  return repliesOf(meeting);
}

export function repliesOf(meeting: Pick<MeetingRow, "id" | "chairUserId">): ReplyView[] {
  const rows = getDb()
    .select({ i: meetingInvitees, name: users.name, agency: agencies.name })
    .from(meetingInvitees)
    .innerJoin(users, eq(users.id, meetingInvitees.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(meetingInvitees.meetingId, meeting.id),
        sql`(${meetingInvitees.removedAt} IS NULL OR ${meetingInvitees.response} = 'deputy')`,
      ),
    )
    .orderBy(asc(agencies.name), asc(users.name))
    .all();
  const names = new Map(rows.map((r) => [r.i.userId, r.name]));
  const deputyOf = new Map(
    rows.filter((r) => r.i.deputyForUserId && !r.i.removedAt).map((r) => [r.i.deputyForUserId!, r.name]),
  );
  const deputyForNames = new Map(
    rows.some((r) => r.i.deputyForUserId && !names.has(r.i.deputyForUserId))
      ? getDb()
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(
            inArray(
              users.id,
              rows.map((r) => r.i.deputyForUserId).filter((x): x is string => !!x),
            ),
          )
          .all()
          .map((u) => [u.id, u.name] as const)
      : [],
  );
  return rows.map(({ i, name, agency }) => {
    const response = (RESPONSES as readonly string[]).includes(i.response)
      ? (i.response as InvitationResponse)
      : "pending";
    return {
      userId: i.userId,
      name,
      agency,
      response,
      responseLabel: RESPONSE_LABELS[response],
      respondedAt: i.respondedAt ? formatDateTime(i.respondedAt) : null,
      deputyFor: i.deputyForUserId
        ? (names.get(i.deputyForUserId) ?? deputyForNames.get(i.deputyForUserId) ?? null)
        : null,
      deputyName: response === "deputy" ? (deputyOf.get(i.userId) ?? null) : null,
      isChair: i.userId === meeting.chairUserId,
    };
  });
}

/** The current date, time and place, for the change form. */
export function scheduleOf(actor: Actor, meetingId: string) {
  const { meeting } = requireChair(actor, meetingId, "meeting.schedule_view", true);
  requireStatus(actor, meeting, ["planned"], "meeting.schedule_view");
  const day = londonDate(meeting.startsAt);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(meeting.startsAt));
  return {
    id: meeting.id,
    title: meeting.title,
    kindLabel: MEETING_KIND_LABELS[meeting.kind],
    date: isoToParts(day),
    time,
    place: meeting.place ?? "",
    videoLink: meeting.videoLink ?? "",
  };
}

const ScheduleSchema = z.object({
  date: dateField("Date of the meeting", "Enter the date of the meeting"),
  time: timeField,
  place: placeField,
  videoLink: videoLinkField,
});

/**
 * The coordinator or chair changes the date, time or place of a planned meeting. Every other invitee is told; a
 * new date or time also asks them to reply again (an acceptance was for the old time).
 */
export function rescheduleMeeting(actor: Actor, meetingId: string, values: Values): { ok: true } | FormFailure {
  const { meeting } = requireChair(actor, meetingId, "meeting.reschedule", true);
  requireStatus(actor, meeting, ["planned"], "meeting.reschedule");
  const parsed = parseValues(withDateParts(values, ["date"]) as Values, ScheduleSchema);
  if (!parsed.ok) return { ...parsed, values };
  const v = parsed.data;
  const errors: FieldErrors = {};
  const dateProblem = meetingDateProblem(v.date, londonToday(new Date()), false);
  if (dateProblem) errors.date = dateProblem;
  const startsAt = londonWallClockToUtc(v.date, v.time);
  if (!startsAt) errors.time = "Enter a time that exists on that date";
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const moved = startsAt !== meeting.startsAt;
  const changed = moved || v.place !== meeting.place || v.videoLink !== meeting.videoLink;
  if (!changed) return { ok: true };
  const at = new Date().toISOString();
  const push = getDb().transaction((tx) => {
    const changedMeeting = {
      ...meeting,
      startsAt: startsAt!,
      place: v.place,
      videoLink: v.videoLink,
      scheduleVersion: meeting.scheduleVersion + 1,
    };
    tx.update(meetings)
      .set({
        startsAt: changedMeeting.startsAt,
        place: v.place,
        videoLink: v.videoLink,
        scheduleVersion: changedMeeting.scheduleVersion,
      })
      .where(eq(meetings.id, meeting.id))
      .run();
    if (moved)
      tx.update(meetingInvitees)
        .set({ response: "pending", respondedAt: null })
        .where(
          and(
            eq(meetingInvitees.meetingId, meeting.id),
            isNull(meetingInvitees.removedAt),
            ne(meetingInvitees.userId, meeting.chairUserId),
          ),
        )
        .run();
    const others = currentInviteeIds(meeting.id).filter((u) => u !== actor.userId);
    return notify(
      tx,
      others,
      {
        kind: "meeting_changed",
        text: moved
          ? "A meeting you are invited to has a new date or time. Open the invitation to see it and to reply again."
          : "A meeting you are invited to has a new place or video link. Open the invitation to see it.",
        href: invitationHref(meeting.id),
        calendar: emailedCalendar(changedMeeting, "REQUEST"),
      },
      at,
    );
  });
  push();
  meetingAudit(actor, meeting, "meeting.reschedule", {
    moved,
    placeChanged: v.place !== meeting.place,
    videoLinkChanged: v.videoLink !== meeting.videoLink,
  });
  return { ok: true };
}

/**
 * The coordinator or chair cancels a planned meeting. Every other invitee is told, and their email carries a
 * METHOD:CANCEL calendar file with the meeting's UID and a higher SEQUENCE, so the entry leaves their calendar.
 */
export function cancelMeeting(actor: Actor, meetingId: string): { ok: true } {
  const { meeting } = requireChair(actor, meetingId, "meeting.cancel", true);
  requireStatus(actor, meeting, ["planned"], "meeting.cancel");
  const at = new Date().toISOString();
  const push = getDb().transaction((tx) => {
    const cancelled = { ...meeting, status: "cancelled", scheduleVersion: meeting.scheduleVersion + 1 };
    tx.update(meetings)
      .set({ status: "cancelled", scheduleVersion: cancelled.scheduleVersion })
      .where(eq(meetings.id, meeting.id))
      .run();
    const others = currentInviteeIds(meeting.id).filter((u) => u !== actor.userId);
    withdrawWaitingMeetingEmails(tx, meeting.id);
    return notify(
      tx,
      others,
      {
        kind: "meeting_cancelled",
        text: "A meeting you were invited to has been cancelled.",
        href: `/meetings/${meeting.id}`,
        calendar: emailedCalendar(cancelled, "CANCEL"),
      },
      at,
    );
  });
  push();
  meetingAudit(actor, meeting, "meeting.cancel", {});
  return { ok: true };
}

/** "Stalking clinic" or "MAPPA meeting": all a calendar entry says of what the meeting is. */
export function calendarTitle(kind: MeetingKind): string {
  return meetingFamily(kind) === "mappa" ? "MAPPA meeting" : "Stalking clinic";
}

/**
 * The meeting as a calendar event: the kind of meeting, when, where and a link; never the title (coordinators may
 * type a name into it), the agenda or anything of a case. One UID per meeting; SEQUENCE is its schedule version.
 */
function meetingEvent(
  meeting: MeetingRow,
  url: string,
  method: "PUBLISH" | "REQUEST" | "CANCEL",
  attendee?: string,
): string {
  const where = [meeting.place, meeting.videoLink].filter(Boolean).join("; ") || null;
  return calendarFile({
    uid: `${meeting.id}@concord`,
    sequence: meeting.scheduleVersion,
    start: new Date(meeting.startsAt),
    end: meetingEnd(meeting),
    summary: calendarTitle(meeting.kind),
    location: where,
    url,
    description:
      method === "CANCEL" || meeting.status === "cancelled"
        ? `This meeting has been cancelled. ${url}`
        : `Open the meeting in Concord for the agenda, your papers and to reply: ${url}`,
    cancelled: meeting.status === "cancelled",
    stamp: new Date(),
    method,
    ...(method === "PUBLISH" ? {} : { organizer: getConfig().mail.from, attendee }),
  });
}

/** The calendar file emailed to each recipient (their own address as the attendee). */
function emailedCalendar(meeting: MeetingRow, method: "REQUEST" | "CANCEL"): (address: string) => string {
  const url = absoluteLink(getConfig().mail.baseUrl, `/meetings/${meeting.id}`);
  return (address) => meetingEvent(meeting, url, method, address);
}

/** The meeting as a calendar file for one invitee to download: when, where and a link; nothing of the agenda or title. */
export function meetingCalendar(actor: Actor, meetingId: string, origin: string): { filename: string; body: string } {
  const { meeting } = requireMember(actor, meetingId, "meeting.calendar");
  const body = meetingEvent(meeting, `${origin}/meetings/${meeting.id}`, "PUBLISH");
  meetingAudit(actor, meeting, "meeting.calendar", {}, null, "allowed");
  return { filename: `concord-meeting-${londonDate(meeting.startsAt)}.ics`, body };
}
