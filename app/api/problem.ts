/*
 * Errors of the JSON API as RFC 9457 problem details (application/problem+json): a type naming the kind of problem,
 * a title, the status and, where it helps the caller, a detail. Never a stack trace, never anything of a record.
 */

export const PROBLEM_BASE = "https://concord.invalid/problems/";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
};

const TITLES: Record<number, [string, string]> = {
  400: ["bad-request", "The request is not valid"],
  401: ["unauthorised", "A valid API token is required"],
  403: ["forbidden", "The token may not do this"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  406: ["not-acceptable", "Only application/json is offered"],
  409: ["conflict", "The request conflicts with the record's state"],
  412: ["precondition-failed", "The record has changed since you read it"],
  422: ["idempotency-key-reused", "The Idempotency-Key was used with a different request"],
  428: ["precondition-required", "Send If-Match with the ETag you last read"],
  429: ["rate-limited", "Too many requests"],
  500: ["server-error", "Something went wrong on our side"],
};

export function problemResponse(
  status: number,
  detail?: string,
  extra: { headers?: Record<string, string>; errors?: Problem["errors"] } = {},
): Response {
  const [slug, title] = TITLES[status] ?? TITLES[500]!;
  const body: Problem = {
    type: `${PROBLEM_BASE}${slug}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...extra.headers },
  });
}
