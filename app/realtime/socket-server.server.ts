import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { loadActor } from "~/access/actor.server";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";
import { getSession, liveSessions } from "~/services/sessions.server";
import { linkProcesses, type RealtimeLink } from "./adapter.server";
import { sessionRoom, setRealtimeServer, userRoom } from "./hub.server";
import { registerMeetingSocket, startMeetingBus } from "./meeting-socket.server";

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = (getConfig().trustProxy ? req.headers["x-forwarded-host"] : undefined) ?? req.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** How often open sockets' sessions are checked for limits passed while the socket sent nothing. */
export const SESSION_SWEEP_MS = 10_000;

let current: Server | undefined;

/**
 * Ends the sessions of this process's sockets that may no longer be used (idle or absolute limit passed, row gone,
 * user suspended or deleted) and disconnects their sockets. Every socket event and every delivery checks its
 * session first, so nothing is read or written meanwhile; this closes the connections of sockets that are quiet.
 */
export function sweepSessions(): void {
  if (!current) return;
  const ids = new Set<string>();
  for (const socket of current.sockets.sockets.values()) ids.add(socket.data.sessionId as string);
  liveSessions(ids);
}

/**
 * socket.io on the page server's port. The handshake is authenticated with the same session cookie as pages
 * (and must come from our own origin); each socket joins only its user's room. Later features add rooms that
 * the gate admits them to. Linked to the other processes serving the same database, if any, before the first
 * connection (app/realtime/adapter.server.ts).
 */
export async function attachRealtime(httpServer: HttpServer): Promise<{ io: Server; link: RealtimeLink }> {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => callback(null, sameOrigin(req)),
  });
  io.use(async (socket, next) => {
    try {
      const cookie = socket.request.headers.cookie ?? "";
      const found = await getSession(new Request("http://local/socket", { headers: { cookie } }));
      const actor = found?.session.mfaVerified ? loadActor(found.user.id, found.session.id) : null;
      if (!actor) return next(new Error("unauthorised"));
      socket.data.userId = actor.userId;
      socket.data.sessionId = actor.sessionId;
      next();
    } catch {
      next(new Error("unauthorised"));
    }
  });
  io.on("connection", (socket) => {
    // Its user's room and its session's room: ending either disconnects it, on whichever node it is.
    void socket.join([userRoom(socket.data.userId as string), sessionRoom(socket.data.sessionId as string)]);
    registerMeetingSocket(io, socket);
    logger.debug({ event: "socket.connect" }, "socket connected");
  });
  const link = await linkProcesses(io);
  startMeetingBus(io, link.kind !== "local");
  setRealtimeServer(io);
  current = io;
  const sweep = setInterval(() => {
    try {
      sweepSessions();
    } catch (e) {
      logger.error({ event: "socket.sweep_failed", err: e instanceof Error ? e.message : "unknown" }, "session sweep failed");
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();
  // io.close() closes the HTTP server too.
  httpServer.once("close", () => {
    clearInterval(sweep);
    if (current === io) current = undefined;
  });
  return { io, link };
}
