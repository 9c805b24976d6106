import type { Server as HttpServer } from "node:http";
import { getConfig } from "~/config.server";
import { closeDb, getDb } from "~/db.server";
import { logger } from "~/logger.server";
import { setRealtimeServer } from "~/realtime/hub.server";
import { attachRealtime } from "~/realtime/socket-server.server";
import { startDeadlineAlerts } from "~/services/deadline-alerts.server";
import { sealLegacyTotpSecrets } from "~/services/mfa.server";
import { refreshOversightSums } from "~/services/oversight-sums.server";

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
    // TOTP secrets still in plaintext from before decision 0021 are encrypted before the first request.
    const sealed = sealLegacyTotpSecrets();
    if (sealed > 0) logger.info({ sealed }, "legacy TOTP secrets encrypted");
    if (getConfig().secretKeySource === "development" && !getConfig().demo) logger.warn("CONCORD_SECRET_KEY is not set: TOTP secrets are encrypted with the public development key");
    // The oversight sums catch up before the first request (decision 0019); the first start after their
    // migration works every case out once. A failure is logged: the dashboard's next read tries again.
    try {
      refreshOversightSums(getDb().$client);
    } catch (error) {
      logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "oversight sums refresh failed");
    }
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
