import type { IncomingMessage, Server, ServerResponse } from "node:http";
import net from "node:net";

/**
 * How long a connection that is idle when shutdown begins (or falls idle after a response that went out before
 * it) stays open. A client may already be sending its next request down it; that request is answered, with
 * Connection: close, instead of meeting a reset. Clients sending nothing are closed when it runs out.
 */
export const IDLE_GRACE_MS = 1_000;

/** Requests still open after this are cut, so the process exits well inside a process manager's 10 seconds. */
export const DRAIN_TIMEOUT_MS = 8_000;

export type Drain = {
  /** True once draining has begun. */
  readonly draining: boolean;
  /**
   * Stops accepting connections and lets open ones finish: every response from now on (and every one still
   * being prepared) carries Connection: close, so each connection closes after its current request; idle
   * connections are closed after IDLE_GRACE_MS. Resolves when no connection is left, or after DRAIN_TIMEOUT_MS
   * with the number of requests that had to be cut.
   */
  start(): Promise<{ cut: number }>;
};

/**
 * Tracks an HTTP server's connections and open requests so that shutdown cuts nothing (issue 14). Call after
 * socket.io is attached: its request handler is wrapped around the app's, and ours must run before both.
 */
export function trackConnections(
  server: Server,
  timings = { idleGraceMs: IDLE_GRACE_MS, drainTimeoutMs: DRAIN_TIMEOUT_MS },
): Drain {
  /** Open requests per connection. A connection with none is idle (or upgraded to a websocket). */
  const open = new Map<net.Socket, number>();
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  let settle: (() => void) | undefined;

  const settleIfEmpty = () => {
    if (draining && open.size === 0) settle?.();
  };
  const closeIfStillIdle = (socket: net.Socket) => {
    const timer = setTimeout(() => {
      if ((open.get(socket) ?? 0) === 0 && !socket.destroyed) socket.destroy();
    }, timings.idleGraceMs);
    timer.unref();
  };

  server.on("connection", (socket: net.Socket) => {
    open.set(socket, 0);
    socket.once("close", () => {
      open.delete(socket);
      settleIfEmpty();
    });
    // A connection handed over after shutdown began (as a cluster primary may) gets the same treatment.
    if (draining) closeIfStillIdle(socket);
  });

  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (open.has(socket)) open.set(socket, open.get(socket)! + 1);
    unanswered.add(res);
    if (draining) res.setHeader("Connection", "close");
    res.once("close", () => {
      unanswered.delete(res);
      if (!open.has(socket)) return;
      const left = open.get(socket)! - 1;
      open.set(socket, left);
      // A response whose headers went out before shutdown promised keep-alive: close the connection once it is idle.
      if (draining && left === 0) closeIfStillIdle(socket);
    });
  });

  return {
    get draining() {
      return draining;
    },
    start() {
      draining = true;
      // Only the listening socket is closed here. http.Server#close() would also close idle connections at once,
      // racing requests already on their way down them; those are given IDLE_GRACE_MS instead.
      if (server.listening) net.Server.prototype.close.call(server);
      for (const res of unanswered) if (!res.headersSent) res.setHeader("Connection", "close");
      for (const [socket, requests] of open) if (requests === 0) closeIfStillIdle(socket);
      return new Promise((resolve) => {
        const timeout = setTimeout(() => {
          const cut = unanswered.size;
          for (const socket of open.keys()) socket.destroy();
          resolve({ cut });
        }, timings.drainTimeoutMs);
        timeout.unref();
        settle = () => {
          clearTimeout(timeout);
          resolve({ cut: 0 });
        };
        settleIfEmpty();
      });
    },
  };
}
