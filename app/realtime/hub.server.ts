import type { Server } from "socket.io";
import { SESSION_ENDED_EVENT } from "./socket-events";

// The process's socket.io server, set once at start-up. Services send through here, never to sockets directly,
// so that every payload is built per recipient by the service that knows what they may see.
let io: Server | undefined;

export function setRealtimeServer(server: Server | undefined): void {
  io = server;
}

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Sends an event to every open socket of one user (their own room only). */
export function sendToUser(userId: string, event: string, payload: unknown): void {
  io?.to(userRoom(userId)).emit(event, payload);
}

/** The room of every socket opened with one session (its id is the hash stored at rest, never the token). */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

// Rooms, not this process's list of sockets: socket.io's adapter carries both calls to every node.
function endRoom(room: string): void {
  if (!io) return;
  io.to(room).emit(SESSION_ENDED_EVENT);
  io.in(room).disconnectSockets(true);
}

/** Disconnects a user's sockets at once, for example when their sessions end or they are suspended. */
export function disconnectUser(userId: string): void {
  endRoom(userRoom(userId));
}

/** Disconnects the sockets of one session at once (signed out, ended from "Your sessions", a limit passed). */
export function disconnectSession(sessionId: string): void {
  endRoom(sessionRoom(sessionId));
}

/** The room of a live meeting's sockets (app/realtime/meeting-socket.server.ts admits them through the gate). */
export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}

const meetingLeaveListeners: ((meetingId: string) => void)[] = [];

/** Called by the live meeting, to update everyone else's presence list when someone is removed. */
export function onMeetingLeave(listener: (meetingId: string) => void): void {
  meetingLeaveListeners.push(listener);
}

/**
 * Takes a user's sockets out of a meeting's room at once (they were removed from the meeting), so they stop
 * receiving its events, and tells them so.
 */
export function leaveMeeting(userId: string, meetingId: string): void {
  if (!io) return;
  io.in(userRoom(userId)).socketsLeave(meetingRoom(meetingId));
  io.to(userRoom(userId)).emit("meeting:removed", { meetingId });
  for (const listener of meetingLeaveListeners) listener(meetingId);
}

/**
 * What changed in a meeting outside a socket event (a page's form: the chair opened, closed or moved the meeting,
 * someone acknowledged, attendance was corrected, an action changed). Names only: the live meeting builds each
 * recipient's payload through the meetings services (app/realtime/meeting-socket.server.ts listens).
 */
export type MeetingChange =
  | { kind: "status"; meetingId: string }
  | { kind: "members"; meetingId: string }
  | { kind: "advanced"; meetingId: string; itemId: string; by: string }
  | { kind: "action"; meetingId: string; itemId: string; actionId: string };

const meetingChangeListeners: ((change: MeetingChange) => void)[] = [];

export function onMeetingChange(listener: (change: MeetingChange) => void): void {
  meetingChangeListeners.push(listener);
}

/** Tells the live meeting (every process serving it) that something changed. */
export function meetingChanged(change: MeetingChange): void {
  for (const listener of meetingChangeListeners) listener(change);
}
