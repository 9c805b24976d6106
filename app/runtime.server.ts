import type { Server as HttpServer } from "node:http";
import { writeAuditCheckpoint } from "~/access/audit-checkpoints.server";
import { headVerifiesWithConfiguredKeys, writePendingAudit } from "~/access/audit.server";
import { getConfig } from "~/config.server";
import { closeDb, getDb } from "~/db.server";
import { logger } from "~/logger.server";
import { inRequestScope } from "~/request-scope.server";
import { runScheduledBackup, stopRunningBackup } from "~/operations/scheduled-backup.server";
import { setRealtimeServer } from "~/realtime/hub.server";
import { refreshAllPresence, stopMeetingBus } from "~/realtime/meeting-socket.server";
import { attachRealtime } from "~/realtime/socket-server.server";
import { startDeadlineAlerts } from "~/services/deadline-alerts.server";
import { startRetentionRuns } from "~/services/retention-run.server";
import { ensureDefaultSchedules } from "~/services/retention-schedules.server";
import { catchUpDisposalLog, replayDisposals } from "~/services/disposal-log.server";
import { deleteStoredFiles } from "~/services/record-files-disposal.server";
import { sealLegacyTotpSecrets } from "~/services/mfa.server";
import { authenticateToken } from "~/services/service-accounts.server";
import { startIdempotencyKeySweep } from "~/api/idempotency.server";
import { startDocumentRescans } from "~/services/documents.server";
import { refreshOversightSums } from "~/services/oversight-sums.server";
import { startSweep } from "~/services/sweeps.server";
import { transportFor, type MailTransport } from "~/services/mail-transports.server";
import { startDeliveryChecks } from "~/services/outbox-delivery.server";
import { outboxSettings, startOutboxSender, type OutboxSender } from "~/services/outbox-sender.server";

/** Sent to every socket when this process stops; clients reconnect, to another worker or node. */
export const SERVER_STOPPING_EVENT = "server:stopping";

let stopDeadlineAlerts: (() => void) | undefined;
let stopRetentionRuns: (() => void) | undefined;
let stopIdempotencySweep: (() => void) | undefined;
let stopDocumentRescans: (() => void) | undefined;
let stopAuditCheckpoints: (() => void) | undefined;
let stopScheduledBackups: (() => void) | undefined;
let stopDeliveryChecks: (() => void) | undefined;
let outboxSender: OutboxSender | undefined;
let mailTransport: MailTransport | undefined;

function logFailure(message: string, error: unknown): void {
  logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, message);
}

/**
 * What the Express server needs from the app, exported through entry.server so that pages, sockets and the
 * health check share one set of modules (one database connection, one socket.io server).
 */
export const runtime = {
  getConfig,
  logger,
  /** Runs one request's handling in its own scope (the session and Actor read once for all its loaders). */
  inRequestScope,
  /** Opens the database and applies migrations before the first request, and starts the sweeps and schedules. */
  startUp(): void {
    getDb();
    // TOTP secrets still in plaintext from before decision 0021 are encrypted before the first request.
    const sealed = sealLegacyTotpSecrets();
    if (sealed > 0) logger.info({ sealed }, "legacy TOTP secrets encrypted");
    if (getConfig().secretKeySource === "development" && !getConfig().demo)
      logger.warn("CONCORD_SECRET_KEY is not set: TOTP secrets are encrypted with the public development key");
    // The oversight sums catch up before the first request (decision 0019); the first start after their
    // migration works every case out once. A failure is logged: the dashboard's next read tries again.
    try {
      refreshOversightSums(getDb().$client);
    } catch (error) {
      logFailure("oversight sums refresh failed", error);
    }
    stopDeadlineAlerts = startDeadlineAlerts();
    // Retention (decision 0051): every agency has a schedule for every category before the first request; the run
    // that brings due records to the review queues takes place in one process, a minute after start-up and every 6 hours.
    ensureDefaultSchedules();
    // Decision 0057: a database restored from before a disposal is put right before the first request (the signed
    // disposal log outside it is replayed; the records' files go after), and the log catches up with any disposal a
    // stopped process committed without appending.
    const replay = replayDisposals();
    if (replay.replayed || replay.unsigned)
      logger.warn(
        {
          disposalReplay: {
            replayed: replay.replayed,
            unsigned: replay.unsigned,
            missingRecords: replay.missingRecords,
          },
        },
        "disposals replayed from the disposal log",
      );
    void deleteStoredFiles(replay.fileAddresses).catch((error: unknown) =>
      logFailure("replayed disposals' files not deleted", error),
    );
    const caughtUp = catchUpDisposalLog(replay.loggedReviewIds);
    if (caughtUp)
      logger.warn({ disposalLogCaughtUp: caughtUp }, "disposals added to the disposal log from the database");
    stopRetentionRuns = startRetentionRuns();
    // The API's idempotency keys are kept a day (decision 0056).
    stopIdempotencySweep = startIdempotencyKeySweep();
    // Files left awaiting a malware scan are scanned when the scanner answers again (decision 0052, addendum).
    stopDocumentRescans = startDocumentRescans();
    // Decision 0026: say so at once if the audit chain's newest entry is not signed with the configured key. Then a
    // signed checkpoint of the log outside the database now (a file that cannot be written stops start-up) and
    // from a sweep, in one process, every AUDIT_CHECKPOINT_INTERVAL_SECONDS.
    if (!headVerifiesWithConfiguredKeys())
      logger.error(
        "the newest audit entry is not signed with CONCORD_SECRET_KEY (nor AUDIT_PREVIOUS_KEYS): the key has changed or the entry was altered; run npm run audit:verify",
      );
    writeAuditCheckpoint({ force: true });
    const config = getConfig();
    stopAuditCheckpoints = startSweep({ name: "audit-checkpoint", everyMs: config.auditCheckpointIntervalMs }, () =>
      writeAuditCheckpoint(),
    );
    // Backups when configured (BACKUP_INTERVAL_MINUTES; off in the demo), decision 0027: a minute after start-up if
    // no process made one within the interval, then every interval.
    if (config.backupIntervalMs > 0) {
      stopScheduledBackups = startSweep(
        { name: "backup", everyMs: config.backupIntervalMs, firstAfterMs: 60_000 },
        () => void runScheduledBackup(),
      );
      logger.info(
        { backup: { everyMinutes: config.backupIntervalMs / 60_000, dir: config.backupDir, keep: config.backupKeep } },
        "scheduled backups on",
      );
    }
    // Email (decision 0042): this process's outbox sender sends what was queued before it started (a stop between
    // commit and send), then whatever is queued. The transport's TLS is checked now; a failure is logged and the
    // outbox keeps the mail for the next attempt.
    const transport = (mailTransport = transportFor(config.mail));
    transport.verify().then(
      () => logger.info({ mail: config.mail.transport }, "email transport ready"),
      (error: unknown) =>
        logFailure(
          `email transport ${config.mail.transport} cannot be reached or refused TLS; mail waits in the outbox`,
          error,
        ),
    );
    outboxSender = startOutboxSender(transport);
    // Notify delivers after accepting: one process asks what became of recent sends (bounces recorded, decision 0048).
    stopDeliveryChecks = startDeliveryChecks(transport, outboxSettings());
  },
  /** Lets a pass of the outbox sender under way finish (its sends recorded) and stops it. */
  async stopOutbox(): Promise<void> {
    stopDeliveryChecks?.();
    stopDeliveryChecks = undefined;
    await outboxSender?.stop();
    mailTransport?.close();
    outboxSender = undefined;
    mailTransport = undefined;
  },
  /** Whether a bearer token is a live service account's (the API's writes are exempt from CSRF only then). */
  apiTokenIsLive(token: string): boolean {
    return authenticateToken(token).ok;
  },
  checkHealth(): boolean {
    return getDb().$client.prepare("SELECT 1 AS ok").get() !== undefined;
  },
  /** socket.io on the server, linked to the other processes serving the database (decision 0022), if any. */
  async attachRealtime(server: HttpServer) {
    const { io, link } = await attachRealtime(server);
    return {
      io,
      /** Another server process stopped: the presence lists of meetings served here are sent again. */
      peerStopped: refreshAllPresence,
      /**
       * At shutdown: every socket of this process is told (SERVER_STOPPING_EVENT), then its connection is closed
       * once that is sent, without socket.io's "disconnect" packet, so clients reconnect on their own (to another
       * worker or node). The HTTP server is left to the caller's drain: io.close() would close it too, cutting
       * keep-alive connections a request may be on its way down.
       */
      close() {
        setRealtimeServer(undefined);
        stopMeetingBus();
        for (const socket of io.of("/").sockets.values()) {
          socket.emit(SERVER_STOPPING_EVENT, { reconnect: true });
          socket.conn.close();
        }
        // Connections that have not joined yet (a handshake under way) close too. engine.io documents `clients`
        // (by id) as public; its type declares it protected.
        const engineClients = (io.engine as unknown as { clients: Record<string, { close(): void }> }).clients;
        for (const client of Object.values(engineClients)) client.close();
        // The other processes stop counting this one (its adapter says goodbye), then its Redis clients close.
        void Promise.resolve(io.of("/").adapter.close()).finally(() => link.close());
      },
    };
  },
  /** Stops the schedules, writes the final audit checkpoint and closes the database. */
  shutDown(): void {
    stopDeadlineAlerts?.();
    stopRetentionRuns?.();
    stopIdempotencySweep?.();
    stopDocumentRescans?.();
    stopAuditCheckpoints?.();
    stopScheduledBackups?.();
    stopRunningBackup();
    try {
      writePendingAudit();
      writeAuditCheckpoint({ force: true });
    } catch (error) {
      logFailure("final audit checkpoint failed", error);
    }
    closeDb();
  },
};

export type Runtime = typeof runtime;
