import type { ServerBuild } from "@remix-run/node";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Runtime } from "../app/runtime.server";
import { createApp } from "./app";
import { setErrorPageStylesheet } from "./error-page";
import { DRAIN_TIMEOUT_MS, trackConnections } from "./graceful-shutdown";

// One process serves pages and sockets on one port. In development Vite serves the app with HMR;
// otherwise the production build is loaded from build/.
const development = process.argv.includes("--dev");
const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

async function loadBuild(): Promise<{ getBuild: () => Promise<ServerBuild>; viteMiddleware?: import("express").RequestHandler }> {
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

async function main(): Promise<void> {
  const { getBuild, viteMiddleware } = await loadBuild();
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
    development,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logger,
    // Unhealthy while stopping, so a load balancer sends nothing more here.
    checkHealth: () => !stopping && runtime.checkHealth(),
    viteMiddleware,
  });
  const server = http.createServer(app);
  const realtime = runtime.attachRealtime(server);
  const drain = trackConnections(server);

  server.listen(config.port, config.host, () => {
    logger.info({ port: config.port, demo: config.demo, env: config.env }, `Concord is listening on http://localhost:${config.port}`);
  });

  // Nothing is cut (docs/operations.md, "Shutdown"): stop accepting, tell socket clients to reconnect elsewhere,
  // let every open request finish with Connection: close, then the app's own shutdown (sweeps, final audit
  // checkpoint, database) and exit.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal }, "shutting down: no new connections, finishing open requests");
    realtime.close();
    const { cut } = await drain.start();
    if (cut > 0) logger.warn({ cut }, `requests still open after ${DRAIN_TIMEOUT_MS / 1000} seconds; closing anyway`);
    try {
      runtime.shutDown();
    } catch (error) {
      logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, "shutdown step failed");
    }
    logger.info({ ms: Date.now() - started }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Concord could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
