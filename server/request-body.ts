import type { RequestHandler } from "express";
import { sendErrorPage } from "./error-page";

/** Ordinary forms are small; anything larger than this is refused before it reaches a route. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The bodies actions read (request.formData()): what a browser's form sends, with or without files. */
export const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

/** The media type of a Content-Type header, lower case, without parameters ("" when there is none). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Whether a request with this method and Content-Type may reach an action. GET and HEAD carry no body. */
export function acceptsBody(method: string, contentType: string | undefined): boolean {
  if (method === "GET" || method === "HEAD") return true;
  return (FORM_CONTENT_TYPES as readonly string[]).includes(mediaType(contentType));
}

/**
 * Document uploads: the one kind of request whose body is not read here but streamed to the action, which parses it
 * with busboy under the file limits (app/files/multipart-upload.server.ts; decision 0052). Multipart only.
 */
export function isStreamedUpload(method: string, pathname: string, contentType: string | undefined): boolean {
  return method === "POST" && /^\/cases\/[^/]+\/documents\/new(\.data)?$/.test(pathname) && mediaType(contentType) === "multipart/form-data";
}

/**
 * The one place that decides which bodies reach actions: every request other than GET and HEAD must be a form
 * (415 otherwise, before anything is read, so JSON, text or a bodiless POST never reaches an action), and is
 * read into res.locals.body up to the limit (413 beyond).
 */
export function bufferBody(limit = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    if (!acceptsBody(req.method, req.headers["content-type"])) {
      res.setHeader("Accept-Post", FORM_CONTENT_TYPES.join(", "));
      return sendErrorPage(res, 415);
    }
    if (isStreamedUpload(req.method, req.path, req.headers["content-type"])) {
      res.locals.streamedUpload = true;
      return next();
    }
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
