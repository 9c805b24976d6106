import type { Server as HttpServer } from "node:http";
import { getConfig } from "~/config.server";
import { closeDb, getDb } from "~/db.server";
import { logger } from "~/logger.server";
import { setRealtimeServer } from "~/realtime/hub.server";
import { attachRealtime } from "~/realtime/socket-server.server";
import { startDeadlineAlerts } from "~/services/deadline-alerts.server";

let stopDeadlineAlerts: (() => void) | undefined;

/**
 * What the Express server needs from the app, exported through entry.server so that pages, sockets and the
 * health check share one set of modules (one database connection, one socket.io server).
 */
export const runtime = {
  getConfig,
  logger,
  /** Opens the database and applies migrations before the first request, and starts the deadline sweep. */
  startUp(): void {
    getDb();
    stopDeadlineAlerts = startDeadlineAlerts();
  },
  checkHealth(): boolean {
    return getDb().$client.prepare("SELECT 1 AS ok").get() !== undefined;
  },
  attachRealtime(server: HttpServer) {
    const io = attachRealtime(server);
    return {
      close(done: () => void) {
        setRealtimeServer(undefined);
        void io.close(() => done());
      },
    };
  },
  shutDown(): void {
    stopDeadlineAlerts?.();
    closeDb();
  },
};

export type Runtime = typeof runtime;
