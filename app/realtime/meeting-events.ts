// The live meeting's socket events and payloads, shared by the server (meeting-socket.server.ts) and the client
// (components/live-meeting.tsx). Types only: every payload is built per recipient on the server.
import type { ActionView, DecisionView, Papers } from "~/services/meeting-items.server";
import type { InviteeView, MeetingView } from "~/services/meetings.server";

export const MEETING_EVENTS = {
  join: "meeting:join",
  leave: "meeting:leave",
  advance: "meeting:advance",
  minutes: "meeting:minutes",
  editing: "meeting:editing",
  decision: "meeting:decision",
  action: "meeting:action",
  state: "meeting:state",
  advanced: "meeting:advanced",
  minutesSaved: "meeting:minutes-saved",
  minutesConflict: "meeting:minutes-conflict",
  presence: "meeting:presence",
  status: "meeting:status",
  members: "meeting:members",
  removed: "meeting:removed",
  error: "meeting:error",
} as const;

export const LIVE_ID_MAX = 64;
export const LIVE_MINUTES_MAX = 20_000;
export const LIVE_TEXT_MAX = 2000;

export type PresenceEntry = { userId: string; name: string; agency: string; editing: string | null };

/** `meeting:state`: everything this recipient may see, sent on join and on every reconnect. */
export type LiveState = {
  meeting: MeetingView["meeting"];
  me: MeetingView["me"];
  items: (Omit<MeetingView["items"][number], "papers" | "plan"> & { papers: Papers | null })[];
  invitees: InviteeView[];
  presence: PresenceEntry[];
  owners: { value: string; text: string }[];
};

/** `meeting:advanced`: the chair moved on; papers of the new item as this recipient may see them. */
export type LiveAdvanced = { meetingId: string; currentItemId: string; papers: Papers | null; by: string };
/** `meeting:minutes` (server to client): someone saved; the merged text as this recipient may see it. */
export type LiveMinutes = {
  meetingId: string;
  itemId: string;
  text: string;
  version: number;
  by: string;
  byUserId: string;
  merged: boolean;
};
/** To the sender only. */
export type LiveMinutesSaved = { meetingId: string; itemId: string; text: string; version: number; merged: boolean };
export type LiveMinutesConflict = { meetingId: string; itemId: string; version: number; theirs: string; yours: string };
export type LiveDecision = { meetingId: string; itemId: string; decision: DecisionView };
export type LiveAction = { meetingId: string; itemId: string; action: ActionView };
export type LivePresence = { meetingId: string; presence: PresenceEntry[] };
/** `meeting:status`: the chair opened or closed the meeting (waiting attendees follow without reloading). */
export type LiveStatus = {
  meetingId: string;
  status: MeetingView["meeting"]["status"];
  statusLabel: string;
  currentItemId: string | null;
};
/** `meeting:members`: the members as this recipient may see them (acknowledgements, arrivals, attendance). */
export type LiveMembers = { meetingId: string; invitees: InviteeView[] };
export type LiveError = {
  event: string;
  code: "invalid" | "not_joined" | "not_found" | "forbidden" | "failed";
  message: string;
  errors?: Record<string, string>;
};
