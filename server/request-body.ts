import type { RequestHandler, Response } from "express";
import { sendErrorPage } from "./error-page";

/** Ordinary forms are small; anything larger than this is refused before it reaches a route. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The bodies actions read (request.formData()): what a browser's form sends, with or without files. */
export const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

/** The media type of a Content-Type header, lower case, without parameters ("" when there is none). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Requests to the JSON API (issue 22, decision 0050): their own body rule, and CSRF is a valid token (server/csrf.ts). */
export const API_PREFIX = "/api/v1/";

/** A JSON API body is a referral or an update, never a file: far smaller than a form may be. */
export const MAX_API_BODY_BYTES = 256 * 1024;

export function isApiPath(pathname: string): boolean {
  return pathname.startsWith(API_PREFIX);
}

/**
 * Whether a request with this method and Content-Type may reach an action. GET and HEAD carry no body. The JSON API
 * takes JSON and nothing else; every other route takes forms and nothing else.
 */
export function acceptsBody(method: string, contentType: string | undefined, pathname = "/"): boolean {
  if (method === "GET" || method === "HEAD") return true;
  if (isApiPath(pathname)) return mediaType(contentType) === "application/json";
  return (FORM_CONTENT_TYPES as readonly string[]).includes(mediaType(contentType));
}

/** An RFC 9457 problem for the API's refusals before any route runs (app/api/problem.ts has the routes' own). */
export function sendApiProblem(
  res: Response,
  status: 401 | 413 | 415 | 400,
  detail: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const slug = { 400: "bad-request", 401: "unauthorised", 413: "too-large", 415: "unsupported-media-type" }[status];
  const title = {
    400: "The request is not valid",
    401: "A valid API token is required",
    413: "The body is too large",
    415: "Send application/json",
  }[status];
  res.status(status).set({ "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers });
  res.send(JSON.stringify({ type: `https://concord.invalid/problems/${slug}`, title, status, detail }));
}

/**
 * Uploads (documents, and files of cases to import): the requests whose body is not read here but streamed to the
 * action, which parses it with busboy under the file limits (app/files/multipart-upload.server.ts; decisions 0052
 * and 0055). Multipart only.
 */
export function isStreamedUpload(method: string, pathname: string, contentType: string | undefined): boolean {
  return (
    method === "POST" &&
    /^(\/cases\/[^/]+\/documents\/new|\/admin\/imports)(\.data)?$/.test(pathname) &&
    mediaType(contentType) === "multipart/form-data"
  );
}

/**
 * The one place that decides which bodies reach actions: every request other than GET and HEAD must be a form
 * (415 otherwise, before anything is read, so JSON, text or a bodiless POST never reaches an action), and is
 * read into res.locals.body up to the limit (413 beyond). Under /api/v1/ the body must be JSON, up to
 * MAX_API_BODY_BYTES, and refusals are problem details rather than pages.
 */
export function bufferBody(limit = MAX_BODY_BYTES, apiLimit = MAX_API_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const api = isApiPath(req.path);
    if (!acceptsBody(req.method, req.headers["content-type"], req.path)) {
      if (api)
        return sendApiProblem(res, 415, "The API takes a JSON body: send Content-Type: application/json", {
          "Accept-Post": "application/json",
          "Accept-Patch": "application/json",
        });
      res.setHeader("Accept-Post", FORM_CONTENT_TYPES.join(", "));
      return sendErrorPage(res, 415);
    }
    if (isStreamedUpload(req.method, req.path, req.headers["content-type"])) {
      res.locals.streamedUpload = true;
      return next();
    }
    const max = api ? apiLimit : limit;
    const tooLarge = () =>
      api ? sendApiProblem(res, 413, `A request body may be at most ${apiLimit / 1024} KB`) : sendErrorPage(res, 413);
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > max) {
        refused = true;
        tooLarge();
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
