import type { Server } from "socket.io";

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

/** Disconnects a user's sockets at once, for example when their sessions end or they are suspended. */
export function disconnectUser(userId: string): void {
  io?.in(userRoom(userId)).disconnectSockets(true);
}
