import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Work shared by everything that answers one request: the root loader and the route loader both need the
 * signed-in person's session and Actor, and would otherwise each read them (decision 0030). Only requests that
 * change nothing (GET, HEAD) get a scope: after an action the loaders must see what it changed (a team left, a
 * session ended), so there everything is read afresh, as before.
 */
const scopes = new AsyncLocalStorage<Map<string, unknown>>();

/** Runs `fn` (the whole of one request) with a scope of its own when the method changes nothing. */
export function inRequestScope<T>(method: string, fn: () => T): T {
  return method === "GET" || method === "HEAD" ? scopes.run(new Map(), fn) : fn();
}

/** `compute()` once per request and key (its promise, when it returns one); without a scope, every time. */
export function requestScoped<T>(key: string, compute: () => T): T {
  const scope = scopes.getStore();
  if (!scope) return compute();
  if (scope.has(key)) return scope.get(key) as T;
  const value = compute();
  scope.set(key, value);
  return value;
}
