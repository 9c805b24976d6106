import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import { Readable } from "node:stream";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { LoadContext } from "../app/load-context";
import type { Runtime } from "../app/runtime.server";
import { sendErrorPage } from "./error-page";

function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  const init: RequestInit = { method: req.method, headers, signal: controller.signal };
  if (res.locals.streamedUpload === true) {
    // Streamed to the action (server/request-body.ts isStreamedUpload), which applies the upload limits.
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    (init as RequestInit & { duplex: "half" }).duplex = "half";
  } else if (req.method !== "GET" && req.method !== "HEAD") init.body = new Uint8Array(res.locals.body as Buffer);
  return new Request(url, init);
}

/** Lazy route discovery's manifest: public, keyed by the build's version, so it keeps Remix's own caching. */
const ROUTE_MANIFEST_PATH = "/__manifest";
const CACHE_HEADERS = new Set(["cache-control", "pragma", "expires"]);

async function sendFetchResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // Whatever Remix answers (a page, page data, a download, a redirect, an error) may hold case data, so no
  // browser or proxy keeps a copy; this is the one place that decides it, whatever a route set.
  const storable = req.path === ROUTE_MANIFEST_PATH;
  for (const [key, value] of response.headers.entries()) {
    const name = key.toLowerCase();
    if (name !== "set-cookie" && (storable || !CACHE_HEADERS.has(name))) res.append(key, value);
  }
  if (!storable) {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
  }
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Refuses Remix's old data requests (`?_data=<route id>`) with a clean 400 before anything is read. The app uses
 * single fetch (`.data`); the old form runs loaders through another path, where several of ours answered 500.
 */
export const refuseLegacyDataRequests: RequestHandler = (req, res, next) => {
  // Parsed as Remix parses it (URLSearchParams), so no spelling of the parameter slips past.
  const query = req.originalUrl.indexOf("?");
  if (query === -1 || !new URLSearchParams(req.originalUrl.slice(query)).has("_data")) return next();
  sendErrorPage(res, 400, "legacyData");
};

/**
 * Hands a request to Remix. The body was already read (and size-checked, and CSRF-checked) by earlier
 * middleware, which is why we adapt here instead of using @remix-run/express (see docs/decisions/0004).
 */
export function remixHandler(getBuild: () => Promise<ServerBuild>, mode: string): RequestHandler {
  const handlers = new WeakMap<ServerBuild, ReturnType<typeof createRequestHandler>>();
  return async (req, res, next) => {
    try {
      const build = await getBuild();
      let handle = handlers.get(build);
      if (!handle) {
        handle = createRequestHandler(build, mode);
        handlers.set(build, handle);
      }
      const context: LoadContext = {
        cspNonce: res.locals.cspNonce as string,
        csrfToken: res.locals.csrfToken as string,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? "unknown",
      };
      // The app's request scope (reached through the build, like every app module): the session and Actor are
      // read once for the root loader and the route loader.
      const runtime = (build.entry.module as unknown as { runtime: Runtime }).runtime;
      const request = toFetchRequest(req, res);
      await sendFetchResponse(req, res, await runtime.inRequestScope(req.method, () => handle(request, context)));
    } catch (error) {
      next(error);
    }
  };
}
