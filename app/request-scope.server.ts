import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Work shared by everything that answers one request: the root loader and the route loader both need the
 * signed-in person's session and Actor, and would otherwise each read them (decision 0030). Only requests that
 * change nothing (GET, HEAD) get a scope: after an action the loaders must see what it changed (a team left, a
 * session ended), so there everything is read afresh, as before.
 */
type Scope = { shared: Map<string, unknown>; beforeResponse: Promise<unknown>[] };
const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `fn` (the whole of one request) with a scope of its own when the method changes nothing, and settles what
 * the request handed to `beforeResponse` (its audit entries being written, decision 0032) before its response is
 * given back: a failure there fails the request, so nothing is served that was not audited.
 */
export async function inRequestScope<T>(method: string, fn: () => Promise<T>): Promise<T> {
  if (method !== "GET" && method !== "HEAD") return fn();
  const scope: Scope = { shared: new Map(), beforeResponse: [] };
  const result = await scopes.run(scope, fn);
  // Awaited one by one: one written in a later batch is added while an earlier one settles.
  while (scope.beforeResponse.length) await scope.beforeResponse.shift();
  return result;
}

/** `compute()` once per request and key (its promise, when it returns one); without a scope, every time. */
export function requestScoped<T>(key: string, compute: () => T): T {
  const scope = scopes.getStore();
  if (!scope) return compute();
  if (scope.shared.has(key)) return scope.shared.get(key) as T;
  const value = compute();
  scope.shared.set(key, value);
  return value;
}

/** Within a request scope, holds the response until `promise` settles, and fails the request if it rejects. */
export function beforeResponse(promise: Promise<unknown>): void {
  scopes.getStore()?.beforeResponse.push(promise);
}

/**
 * Whether this code runs within a request scope (a GET or HEAD being answered), where work handed to
 * `beforeResponse` is waited for; outside one (tests, scripts, socket events, requests that change something)
 * work must be done at once.
 */
export function inReadRequest(): boolean {
  return scopes.getStore() !== undefined;
}
