import type { ServerBuild } from "@remix-run/node";
import { setupWorker } from "@socket.io/sticky";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Runtime } from "../app/runtime.server";
import { createApp } from "./app";
import { isClusterMessage, PEER_STOPPED, WORKER_READY, WORKER_STOPPING } from "./cluster-messages";
import { setErrorPageStylesheet } from "./error-page";
import { DRAIN_TIMEOUT_MS, trackConnections } from "./graceful-shutdown";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

async function loadBuild(
  development: boolean,
): Promise<{ getBuild: () => Promise<ServerBuild>; viteMiddleware?: import("express").RequestHandler }> {
  if (development) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    return {
      getBuild: () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      viteMiddleware: server.middlewares as unknown as import("express").RequestHandler,
    };
  }
  const build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  return { getBuild: async () => build };
}

/**
 * One process serving pages and sockets: on its own (listening on the port), or as a worker of the clustered
 * server (server/primary.ts), which listens and hands each connection to a worker. In development Vite serves the
 * app with HMR; otherwise the production build is loaded from build/.
 */
export async function serve(options: { development: boolean; worker: boolean }): Promise<void> {
  const { getBuild, viteMiddleware } = await loadBuild(options.development);
  const build = await getBuild();
  // The app's server-side modules are reached through the build, so the server and Remix share one
  // database connection, one logger and one socket.io instance.
  const runtime = (build.entry.module as unknown as { runtime: Runtime }).runtime;
  const config = runtime.getConfig();
  const logger = runtime.logger;
  runtime.startUp();
  setErrorPageStylesheet(build.assets.routes["root"]?.css?.[0]);

  let stopping = false;
  const app = createApp({
    getBuild,
    development: options.development,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logger,
    // Unhealthy while stopping, so a load balancer sends nothing more here.
    checkHealth: () => !stopping && runtime.checkHealth(),
    apiTokenIsLive: runtime.apiTokenIsLive,
    viteMiddleware,
  });
  const server = http.createServer(app);
  const realtime = await runtime.attachRealtime(server);
  // Counts connections handed over by a primary as well as accepted ones (both arrive as "connection").
  const drain = trackConnections(server);

  if (options.worker) {
    setupWorker(realtime.io);
    process.on("message", (message: unknown) => {
      if (isClusterMessage(message) && message.type === PEER_STOPPED) realtime.peerStopped();
    });
    // The primary hands this worker connections only from now on (server/primary.ts).
    process.send!({ type: WORKER_READY });
    // The other workers' adapters answered this one's first greeting while the primary still kept messages from
    // it; greeting them again now makes it count them at once (for presence) rather than at their next heartbeat.
    void realtime.io.of("/").adapter.init();
    logger.info({ pid: process.pid }, "worker ready");
  } else {
    server.listen(config.port, config.host, () => {
      logger.info(
        { port: config.port, demo: config.demo, env: config.env },
        `Concord is listening on http://localhost:${config.port}`,
      );
    });
  }

  // Nothing is cut (docs/operations.md, "Shutdown"): stop accepting (a worker first tells its primary to hand it no
  // more connections), tell socket clients to reconnect elsewhere, let every open request finish with
  // Connection: close, then the app's own shutdown (sweeps, final audit checkpoint, database) and exit.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal }, "shutting down: no new connections, finishing open requests");
    if (options.worker && process.connected) process.send!({ type: WORKER_STOPPING });
    realtime.close();
    const { cut } = await drain.start();
    if (cut > 0) logger.warn({ cut }, `requests still open after ${DRAIN_TIMEOUT_MS / 1000} seconds; closing anyway`);
    try {
      await runtime.stopOutbox();
      runtime.shutDown();
    } catch (error) {
      logger.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        "shutdown step failed",
      );
    }
    logger.info({ ms: Date.now() - started }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // A worker whose primary has gone stops too, rather than run on unreachable.
  if (options.worker) process.on("disconnect", () => void shutdown("primary gone"));
}
