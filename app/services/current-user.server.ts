import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { requestScoped } from "~/request-scope.server";
import { users } from "../../db/schema";
import { blankSessionCookie, getSession } from "./sessions.server";

export function mfaRequired(): boolean {
  return !getConfig().demo;
}

function totpEnabled(userId: string): boolean {
  const row = getDb().select({ enabled: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get();
  return Boolean(row?.enabled);
}

/** Where a half-signed-in person must go next: enter their code, or enrol when they have none. */
export function secondFactorStep(userId: string): "/login/mfa" | "/account/mfa/setup" {
  return totpEnabled(userId) ? "/login/mfa" : "/account/mfa/setup";
}

/** The signed-in, fully verified actor, or a redirect to sign in (or to finish the second factor). */
/**
 * The request's session, read once however many loaders ask (request-scope.server.ts); keyed by the cookie header
 * so a different cookie is never answered with another's session.
 */
function sessionOf(request: Request) {
  const cookie = request.headers.get("Cookie") ?? "";
  return requestScoped(`session\u0000${cookie}`, () => getSession(request));
}

/** The Actor, built once per request for this user and session. */
function actorOf(userId: string, sessionId: string): Actor | null {
  return requestScoped(`actor\u0000${userId}\u0000${sessionId}`, () => loadActor(userId, sessionId));
}

export async function requireActor(request: Request): Promise<Actor> {
  const url = new URL(request.url);
  const found = await sessionOf(request);
  if (!found) {
    const returnTo = url.pathname === "/" ? "" : `?returnTo=${encodeURIComponent(url.pathname + url.search)}`;
    throw redirect(`/login${returnTo}`, { headers: { "Set-Cookie": blankSessionCookie() } });
  }
  if (!found.session.mfaVerified) throw redirect(secondFactorStep(found.user.id));
  const actor = actorOf(found.user.id, found.session.id);
  if (!actor) throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
  return actor;
}

/** The actor when signed in and verified, otherwise null (for pages that also serve signed-out people). */
export async function optionalActor(request: Request): Promise<Actor | null> {
  const found = await sessionOf(request);
  if (!found || !found.session.mfaVerified) return null;
  return actorOf(found.user.id, found.session.id);
}

/** For the second-factor pages: a session that has passed the password but not yet the code. */
export async function requireSession(request: Request) {
  const found = await getSession(request);
  if (!found) throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
  return found;
}
