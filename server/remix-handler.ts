import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { LoadContext } from "../app/load-context";

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
  if (req.method !== "GET" && req.method !== "HEAD") init.body = new Uint8Array(res.locals.body as Buffer);
  return new Request(url, init);
}

async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    if (key.toLowerCase() !== "set-cookie") res.append(key, value);
  }
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

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
      await sendFetchResponse(res, await handle(toFetchRequest(req, res), context));
    } catch (error) {
      next(error);
    }
  };
}
