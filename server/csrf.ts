import crypto from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { sendErrorPage } from "./error-page";
import { isApiPath, sendApiProblem } from "./request-body";

export const CSRF_FIELD = "csrf";
const TOKEN_BYTES = 32;

export function csrfCookieName(secure: boolean): string {
  // __Host- cookies cannot be set by a sibling subdomain, which closes the cookie-tossing hole in double submit.
  return secure ? "__Host-concord_csrf" : "concord_csrf";
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

function sameOrigin(req: Request, trustProxy: boolean): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return false;
  }
  const host = (trustProxy ? req.headers["x-forwarded-host"] : undefined) ?? req.headers.host;
  return typeof host === "string" && sourceHost === host;
}

function tokensMatch(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

async function submittedToken(req: Request, res: Response): Promise<string | undefined> {
  const headerToken = req.headers["x-csrf-token"];
  if (typeof headerToken === "string") return headerToken;
  const type = req.headers["content-type"] ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  try {
    const body = new Uint8Array(res.locals.body as Buffer);
    const form = await new globalThis.Request("http://local/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }).formData();
    const value = form.get(CSRF_FIELD);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The token of an `Authorization: Bearer` header, if there is one. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec((header ?? "").trim());
  return match ? match[1]! : null;
}

export type CsrfOptions = {
  secure: boolean;
  trustProxy: boolean;
  /** Whether a bearer token belongs to a live service account (the app's authenticateToken; decision 0050). */
  apiTokenIsLive?: (token: string) => boolean;
};

/**
 * CSRF protection for every non-GET request: the Origin (or Referer) must be ours, and the submitted token
 * must equal the token in the CSRF cookie (double submit). GET requests make sure the cookie exists.
 * Runs after bufferBody, before any route.
 *
 * The JSON API under /api/v1/ (decision 0056) is the one exception, and only for a request carrying a live service
 * account's token: cookies never authenticate the API, so a cross-site request has nothing to ride on, and a browser
 * cannot add an Authorization header to a cross-site request without a CORS preflight we never grant. Any other write
 * to the API (no token, or one unknown, expired or revoked) is refused here with a 401 problem before a route runs.
 */
export function csrfProtection({ secure, trustProxy, apiTokenIsLive }: CsrfOptions): RequestHandler {
  const name = csrfCookieName(secure);
  return async (req, res, next) => {
    if (isApiPath(req.path)) {
      if (req.method === "GET" || req.method === "HEAD") return next();
      const bearer = bearerToken(req.headers.authorization);
      if (bearer && apiTokenIsLive?.(bearer) === true) return next();
      res.locals.log?.warn({ event: "api.write_refused" }, "API write refused: no live token");
      return sendApiProblem(res, 401, "Send a live service account's token as Authorization: Bearer <token>", {
        "WWW-Authenticate": 'Bearer realm="concord"',
      });
    }
    let token = readCookie(req, name);
    if (req.method === "GET" || req.method === "HEAD") {
      if (!token || token.length < 20) {
        token = crypto.randomBytes(TOKEN_BYTES).toString("base64url");
        res.append("Set-Cookie", `${name}=${token}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
      }
      res.locals.csrfToken = token;
      return next();
    }
    // A streamed upload's token is its first form field, checked by the upload parser against this cookie before it
    // reads any file (app/files/multipart-upload.server.ts); here only the origin and the cookie.
    if (res.locals.streamedUpload === true) {
      if (!sameOrigin(req, trustProxy) || !token || token.length < 20) {
        res.locals.log?.warn({ event: "csrf.refused" }, "request refused: CSRF check failed");
        return sendErrorPage(res, 403, "csrf");
      }
      res.locals.csrfToken = token;
      return next();
    }
    if (!sameOrigin(req, trustProxy) || !tokensMatch(token, await submittedToken(req, res))) {
      res.locals.log?.warn({ event: "csrf.refused" }, "request refused: CSRF check failed");
      return sendErrorPage(res, 403, "csrf");
    }
    res.locals.csrfToken = token;
    next();
  };
}
