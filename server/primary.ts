import { setupPrimary as setupAdapterPrimary } from "@socket.io/cluster-adapter";
import { setupMaster as setupStickyPrimary } from "@socket.io/sticky";
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import { Socket } from "node:net";
import type { Logger } from "pino";
import { MessageType } from "socket.io-adapter";
import { migrateDatabase, openDatabase } from "../db/client";
import { isClusterMessage, PEER_STOPPED, WORKER_READY, WORKER_STOPPING } from "./cluster-messages";

export type PrimaryOptions = { workers: number; port: number; host: string; databasePath: string; logger: Logger };

/** A replacement for a worker that died within this long of starting waits before it starts (doubling, to 30 s). */
const CRASH_LOOP_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long the primary waits for workers to finish their requests when stopping. */
const STOP_GRACE_MS = 15_000;

/** @socket.io/cluster-adapter's messages carry this source and the sending adapter's uid. */
const ADAPTER_SOURCE = "_sio_adapter";

/**
 * The clustered server's primary (decision 0022): it migrates the database once, forks the workers, listens on the
 * port and hands each connection to a worker (@socket.io/sticky: a socket.io session's requests always reach the
 * worker that holds it), relays socket.io between workers (@socket.io/cluster-adapter), starts a new worker when one
 * dies, and on SIGTERM or SIGINT stops taking connections and lets every worker finish its requests and stop.
 * It serves nothing itself and never loads the app.
 *
 * Sticky and the adapter send to the workers listed in `cluster.workers`. A worker is listed there only while it can
 * serve: from its "ready" (app loaded, sockets linked) until it says it is stopping. A message sent to a worker
 * before it listens for messages is lost, and with it a connection handed over; a worker still loading would hold
 * a connection for seconds.
 */
type InFlight = {
  _pendingMessage?: { handle?: { close?: () => void } } | null;
  _handleQueue?: { handle?: unknown }[] | null;
};

/**
 * Connections handed to a worker that died before taking them. Node keeps a handed-over connection until the
 * receiving process acknowledges it, and queues the next ones behind it; a dead worker never does, and the clients
 * would wait (socket.io for 20 seconds) on a connection nobody serves. Closing them makes the clients retry at once,
 * with a live worker. This reads Node's internal fields, hence the care: if they change, nothing is closed and the
 * clients time out and retry as before.
 */
function releaseConnectionsInFlight(worker: Worker): void {
  const channel = worker.process as unknown as InFlight;
  try {
    channel._pendingMessage?.handle?.close?.();
    for (const queued of channel._handleQueue ?? []) if (queued.handle instanceof Socket) queued.handle.destroy();
  } catch {
    // Already closed.
  }
}

export async function runPrimary(o: PrimaryOptions): Promise<void> {
  const { logger } = o;
  // Before any worker opens the file: migrations run once, not raced by several processes.
  const db = openDatabase(o.databasePath);
  migrateDatabase(db);
  db.$client.close();

  // Buffers cross the IPC channel as Buffers (sticky hands over each connection's first bytes).
  cluster.setupPrimary({ serialization: "advanced" });
  const httpServer = http.createServer();
  // Round robin: each new connection (the workers close every HTTP connection after its response, so that
  // a socket.io session's next request is routed afresh) goes to the next worker.
  setupStickyPrimary(httpServer, { loadBalancingMethod: "round-robin" });
  setupAdapterPrimary();

  const workers = cluster.workers!;
  /** Every worker process alive, serving or not. */
  const alive = new Map<number, Worker>();
  const startedAt = new Map<number, number>();
  const adapterUids = new Map<number, Map<string, string>>();
  let stopping = false;
  let listening = false;
  let everReady = 0;
  let restartDelay = 0;

  const serving = (worker: Worker, yes: boolean) => {
    if (yes && !stopping) workers[worker.id] = worker;
    else delete workers[worker.id];
  };

  const fork = (): void => {
    const worker = cluster.fork();
    serving(worker, false);
    alive.set(worker.id, worker);
    startedAt.set(worker.id, Date.now());
  };

  cluster.on("message", (worker, message: unknown) => {
    const m = message as { source?: unknown; uid?: unknown; nsp?: unknown } | null;
    if (m?.source === ADAPTER_SOURCE && typeof m.uid === "string" && typeof m.nsp === "string") {
      const uids = adapterUids.get(worker.id) ?? new Map<string, string>();
      uids.set(m.uid, m.nsp);
      adapterUids.set(worker.id, uids);
      return;
    }
    if (!isClusterMessage(message)) return;
    if (message.type === WORKER_STOPPING) return serving(worker, false);
    if (message.type !== WORKER_READY) return;
    serving(worker, true);
    everReady += 1;
    if (!listening && everReady >= o.workers) {
      listening = true;
      httpServer.listen(o.port, o.host, () => {
        logger.info(
          { port: o.port, workers: o.workers },
          `Concord is listening on http://localhost:${o.port} with ${o.workers} workers`,
        );
      });
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    alive.delete(worker.id);
    serving(worker, false);
    releaseConnectionsInFlight(worker);
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    // The other workers' adapters stop waiting for the dead one's answers at once, rather than after their
    // heartbeat times out, and recount presence without its sockets.
    const uids = adapterUids.get(worker.id);
    adapterUids.delete(worker.id);
    for (const other of alive.values()) {
      if (!other.isConnected()) continue;
      for (const [uid, nsp] of uids ?? [])
        other.send({ source: ADAPTER_SOURCE, type: MessageType.ADAPTER_CLOSE, uid, nsp });
      other.send({ type: PEER_STOPPED });
    }

    if (stopping) {
      if (alive.size === 0) {
        logger.info("stopped");
        process.exit(process.exitCode ?? 0);
      }
      return;
    }
    if (!listening) {
      // A worker that cannot start (configuration, database) will not start on a second try either.
      logger.fatal({ pid: worker.process.pid, code, signal }, "a worker could not start; stopping");
      process.exitCode = 1;
      stop("a worker could not start");
      return;
    }
    restartDelay = lived < CRASH_LOOP_MS ? Math.min(MAX_RESTART_DELAY_MS, Math.max(1_000, restartDelay * 2)) : 0;
    logger.error(
      { pid: worker.process.pid, code, signal, restartInMs: restartDelay },
      "a worker stopped; starting another",
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, restartDelay).unref();
  });

  function stop(reason: string): void {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutting down: no new connections, workers finishing their requests");
    httpServer.close();
    for (const worker of alive.values()) serving(worker, false);
    if (alive.size === 0) process.exit(process.exitCode ?? 0);
    // Each worker stops as a single server does: no new sockets, open requests finished, database closed.
    for (const worker of alive.values()) worker.process.kill("SIGTERM");
    setTimeout(() => {
      logger.warn("workers still running after 15 seconds; stopping them");
      for (const worker of alive.values()) worker.process.kill("SIGKILL");
    }, STOP_GRACE_MS).unref();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  for (let i = 0; i < o.workers; i++) fork();
}
