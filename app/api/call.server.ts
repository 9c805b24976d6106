import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Actor } from "~/access/actor";
import { loadServiceActor } from "~/access/actor.server";
import { audit } from "~/access/audit.server";
import type { ApiScope } from "~/access/service-accounts";
import { logger } from "~/logger.server";
import { createRateLimiter } from "~/services/rate-limit.server";
import { authenticateToken, type ServiceAccount } from "~/services/service-accounts.server";
import { problemResponse } from "./problem";

/*
 * One way into the JSON API (issue 22, decision 0050). Every call: the bearer token is checked (401 when missing,
 * unknown, expired or revoked), the account's calls are limited (429 with Retry-After), its scope checked (403),
 * the Actor built through the gate (a person of the account's role), the answer parsed through its response schema
 * (nothing undeclared leaves) and sent with an ETag (304 for a matching If-None-Match), and the call audited with
 * the account. A refusal the services throw (404, 403) becomes a problem; anything else a 500 with no detail.
 * API calls never read the session cookie: a token is the only way in, so there is nothing for CSRF to ride on.
 * Writes (decision 0056) arrive with a JSON body (server/request-body.ts: JSON only, 256 KB) and a live token
 * (server/csrf.ts refuses any other write before a route runs); `handle` gets the parsed body.
 */

/** Calls per account per minute, across its endpoints, in this process (decision 0005's fixed windows). */
export const API_CALLS_PER_MINUTE = 120;
const limiter = createRateLimiter({ limit: API_CALLS_PER_MINUTE, windowMs: 60_000 });

/** `body`: the request's JSON for a write (already parsed; a body that is not JSON is refused before `handle`). */
export type ApiContext = { actor: Actor; account: ServiceAccount; url: URL; request: Request; body: unknown };
export type ApiFailureStatus = 400 | 403 | 404 | 409 | 412 | 422 | 428;
export type ApiAnswer =
  | { ok: true; body: unknown; status?: 200 | 201; headers?: Record<string, string> }
  | { ok: false; status: ApiFailureStatus; detail?: string; errors?: { field: string; message: string }[] };

function bearerOf(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/** The ETag of an answer's JSON text: what If-None-Match and If-Match are compared with. */
export function etagOf(text: string): string {
  return `"${createHash("sha256").update(text).digest("base64url").slice(0, 32)}"`;
}

/** The JSON text of an answer as it is sent: parsed through its schema, so nothing undeclared leaves. */
export function answerText(schema: z.ZodTypeAny, body: unknown): string {
  return JSON.stringify(schema.parse(body));
}

/** Runs one API call for `endpoint` (a path template, for the audit), answering with `schema`. */
export async function apiCall<S extends z.ZodTypeAny>(
  request: Request,
  endpoint: string,
  scope: ApiScope,
  schema: S,
  handle: (ctx: ApiContext) => ApiAnswer,
): Promise<Response> {
  const url = new URL(request.url);
  const check = authenticateToken(bearerOf(request));
  const record = (
    outcome: "allowed" | "denied",
    status: number,
    account?: { id: string; agencyId: string },
    reason?: string,
  ) =>
    audit({
      actorUserId: account?.id ?? null,
      actorAgencyId: account?.agencyId ?? null,
      action: "api.call",
      subjectType: "ServiceAccount",
      subjectId: account?.id ?? null,
      outcome,
      detail: { endpoint, method: request.method, status, ...(reason ? { reason } : {}) },
    });
  if (!check.ok) {
    record(
      "denied",
      401,
      check.accountId ? { id: check.accountId, agencyId: check.agencyId! } : undefined,
      check.reason,
    );
    const detail =
      check.reason === "expired"
        ? "The token has expired: ask your agency administrator for a new one"
        : check.reason === "revoked"
          ? "The token has been revoked"
          : "Send a service account's token as Authorization: Bearer <token>";
    return problemResponse(401, detail, { headers: { "WWW-Authenticate": 'Bearer realm="concord"' } });
  }
  const { account } = check;
  if (!limiter.take(account.id)) {
    record("denied", 429, account, "rate_limited");
    return problemResponse(429, `At most ${API_CALLS_PER_MINUTE} calls a minute per account`, {
      headers: { "Retry-After": "60" },
    });
  }
  if (!account.scopes.includes(scope)) {
    record("denied", 403, account, "scope");
    return problemResponse(403, `This endpoint needs the scope ${scope}`);
  }
  const actor = loadServiceActor(account);
  if (!actor) {
    record("denied", 401, account, "account_unusable");
    return problemResponse(401, "The account can no longer be used");
  }
  const write = request.method !== "GET" && request.method !== "HEAD";
  let body: unknown = undefined;
  if (write) {
    try {
      body = JSON.parse(await request.text());
    } catch {
      record("denied", 400, account, "input");
      return problemResponse(400, "The body is not valid JSON");
    }
  }
  let answer: ApiAnswer;
  try {
    answer = handle({ actor, account, url, request, body });
  } catch (error) {
    if (error instanceof Response && (error.status === 404 || error.status === 403)) {
      // The gate's refusals: 404 for what the account may not see, whether or not it exists (already audited).
      record("denied", 404, account, "gate");
      return problemResponse(404);
    }
    logger.error(
      { err: { type: (error as Error)?.name, message: (error as Error)?.message }, endpoint },
      "api call failed",
    );
    record("denied", 500, account, "error");
    return problemResponse(500);
  }
  if (!answer.ok) {
    record("denied", answer.status, account, "input");
    return problemResponse(answer.status, answer.detail, { errors: answer.errors });
  }
  const text = answerText(schema, answer.body);
  const etag = etagOf(text);
  const status = answer.status ?? 200;
  record("allowed", status, account);
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    ETag: etag,
    "Cache-Control": "no-store",
    ...answer.headers,
  };
  if (
    !write &&
    (request.headers.get("if-none-match") ?? "")
      .split(",")
      .map((s) => s.trim())
      .includes(etag)
  )
    return new Response(null, { status: 304, headers });
  return new Response(text, { status, headers });
}

/** zod issues as the problem's `errors` list. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "request", message: i.message }));
}
