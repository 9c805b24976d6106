import type { RequestHandler } from "express";
import { sendErrorPage } from "./error-page";

/** Ordinary forms are small; anything larger than this is refused before it reaches a route. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body into res.locals.body, refusing bodies over the limit with 413. */
export function bufferBody(limit = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return sendErrorPage(res, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        sendErrorPage(res, 413);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      res.locals.body = Buffer.concat(chunks);
      next();
    });
    req.on("error", () => {
      if (!refused) sendErrorPage(res, 400);
    });
  };
}
