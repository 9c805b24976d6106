import type { ServerBuild } from "@remix-run/node";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Runtime } from "../app/runtime.server";
import { createApp } from "./app";
import { setErrorPageStylesheet } from "./error-page";

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

  const app = createApp({
    getBuild,
    development,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logger,
    checkHealth: runtime.checkHealth,
    viteMiddleware,
  });
  const server = http.createServer(app);
  const realtime = runtime.attachRealtime(server);

  server.listen(config.port, config.host, () => {
    logger.info({ port: config.port, demo: config.demo, env: config.env }, `Concord is listening on http://localhost:${config.port}`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing requests");
    const force = setTimeout(() => {
      logger.warn("requests still open after 10 seconds; closing anyway");
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    // Closing socket.io disconnects every socket and closes the HTTP server, which waits for open requests.
    realtime.close(() => {
      runtime.shutDown();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Concord could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
