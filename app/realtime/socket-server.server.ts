import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { loadActor } from "~/access/actor.server";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";
import { getSession, liveSession, liveSessions } from "~/services/sessions.server";
import { linkProcesses, type RealtimeLink } from "./adapter.server";
import { sessionRoom, setRealtimeServer, userRoom } from "./hub.server";
import { registerMeetingSocket, startMeetingBus } from "./meeting-socket.server";
import { admitEvent, forgetFullBuckets, SOCKETS_PER_SESSION } from "./socket-limits.server";

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
  forgetFullBuckets();
}

/** Sockets of each session in this process, counted from admission (before they join any room) to disconnect. */
const perSession = new Map<string, number>();

/**
 * socket.io on the page server's port. The handshake is authenticated with the same session cookie as pages
 * (and must come from our own origin), and one session has at most SOCKETS_PER_SESSION in this process. Each
 * socket joins its user's and its session's rooms; features add rooms that the gate admits them to. Linked to the other processes serving the same database, if any, before the first
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
      const open = perSession.get(actor.sessionId) ?? 0;
      if (open >= SOCKETS_PER_SESSION) return next(new Error("too_many_connections"));
      perSession.set(actor.sessionId, open + 1);
      socket.data.userId = actor.userId;
      socket.data.agencyId = actor.agencyId;
      socket.data.sessionId = actor.sessionId;
      next();
    } catch {
      next(new Error("unauthorised"));
    }
  });
  io.on("connection", (socket) => {
    // Its user's room and its session's room: ending either disconnects it, on whichever node it is.
    const sessionId = socket.data.sessionId as string;
    void socket.join([userRoom(socket.data.userId as string), sessionRoom(sessionId)]);
    socket.once("disconnect", () => {
      const left = (perSession.get(sessionId) ?? 1) - 1;
      if (left > 0) perSession.set(sessionId, left);
      else perSession.delete(sessionId);
    });
    // Before any handler sees an event: the rate limits (no database), then the session, read afresh; an event
    // of an ended session is dropped and its sockets disconnected. `identity` is who the person is now, for the
    // handler of this event.
    socket.use(([event], next) => {
      try {
        if (!admitEvent(socket, String(event))) return;
        const identity = liveSession(sessionId, { touch: true });
        if (!identity) return;
        socket.data.identity = identity;
      } catch (e) {
        logger.error(
          { event: "socket.check_failed", err: e instanceof Error ? e.message : "unknown" },
          "socket event check failed",
        );
        return;
      }
      next();
    });
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
      logger.error(
        { event: "socket.sweep_failed", err: e instanceof Error ? e.message : "unknown" },
        "session sweep failed",
      );
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
