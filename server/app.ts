import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler } from "express";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { csrfProtection } from "./csrf";
import { sendErrorPage } from "./error-page";
import { refuseLegacyDataRequests, remixHandler } from "./remix-handler";
import { bufferBody } from "./request-body";
import { requestLog } from "./request-log";
import { securityHeaders } from "./security-headers";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

export type AppOptions = {
  getBuild: () => Promise<ServerBuild>;
  development: boolean;
  secureCookies: boolean;
  trustProxy: boolean;
  logger: Logger;
  checkHealth: () => boolean;
  /** Whether a bearer token is a live service account's: the JSON API's writes need one (server/csrf.ts). */
  apiTokenIsLive?: (token: string) => boolean;
  viteMiddleware?: express.RequestHandler;
};

export function createApp(o: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (o.trustProxy) app.set("trust proxy", 1);

  app.use(requestLog(o.logger));
  app.use(securityHeaders({ development: o.development, hsts: o.secureCookies && !o.development }));
  app.use(compression());

  app.get("/healthz", (_req, res) => {
    let ok = false;
    try {
      ok = o.checkHealth();
    } catch {
      ok = false;
    }
    res
      .status(ok ? 200 : 503)
      .setHeader("Cache-Control", "no-store")
      .json({ status: ok ? "ok" : "unavailable" });
  });

  if (o.viteMiddleware) {
    app.use(o.viteMiddleware);
  } else {
    // Vite's hashed build output can be cached for a year; anything else briefly.
    app.use(
      "/assets",
      express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y", index: false }),
    );
    app.use(express.static(path.join(root, "build/client"), { maxAge: "1h", index: false }));
  }
  // GOV.UK and MOJ Frontend's own images (favicons, icons their stylesheets refer to).
  app.use(
    "/assets",
    express.static(path.join(root, "node_modules/govuk-frontend/dist/govuk/assets"), { maxAge: "1d", index: false }),
  );
  app.use(
    "/assets",
    express.static(path.join(root, "node_modules/@ministryofjustice/frontend/moj/assets"), {
      maxAge: "1d",
      index: false,
    }),
  );

  app.use(refuseLegacyDataRequests);
  app.use(bufferBody());
  app.use(csrfProtection({ secure: o.secureCookies, trustProxy: o.trustProxy, apiTokenIsLive: o.apiTokenIsLive }));
  app.all("*", remixHandler(o.getBuild, o.development ? "development" : "production"));

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    // Log the error class and message only; never the request or its body.
    o.logger.error(
      { err: { type: (error as Error)?.name, message: (error as Error)?.message }, requestId: res.locals.requestId },
      "unhandled error",
    );
    sendErrorPage(res, 500);
  };
  app.use(onError);
  return app;
}
