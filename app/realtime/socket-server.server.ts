import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { loadActor } from "~/access/actor.server";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";
import { getSession } from "~/services/sessions.server";
import { setRealtimeServer, userRoom } from "./hub.server";
import { registerMeetingSocket } from "./meeting-socket.server";

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

/**
 * socket.io on the page server's port. The handshake is authenticated with the same session cookie as pages
 * (and must come from our own origin); each socket joins only its user's room. Later features add rooms that
 * the gate admits them to.
 */
export function attachRealtime(httpServer: HttpServer): Server {
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
    void socket.join(userRoom(socket.data.userId as string));
    registerMeetingSocket(io, socket);
    logger.debug({ event: "socket.connect" }, "socket connected");
  });
  setRealtimeServer(io);
  return io;
}
