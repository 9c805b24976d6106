import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { and, eq, ne } from "drizzle-orm";
import { Cookie, generateIdFromEntropySize, Lucia, TimeSpan, type Session, type User } from "lucia";
import { createHash } from "node:crypto";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { disconnectUser } from "~/realtime/hub.server";
import { sessionExpiry, shouldTouch } from "~/domain/session-timeouts";
import { sessions, users } from "../../db/schema";

/**
 * The session id stored in the database is the SHA-256 of the token in the cookie, so a copy of the database
 * (a backup, a stolen file) holds no token that signs anyone in. Everything on the server (sockets, "your
 * sessions", the Actor) knows a session by this id; only the browser holds the token.
 */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function cookieOptions() {
  const secure = getConfig().secureCookies;
  return { name: secure ? "__Host-concord_session" : "concord_session", attributes: { secure, sameSite: "lax" as const, path: "/", httpOnly: true } };
}

function createLucia() {
  const { name, attributes } = cookieOptions();
  return new Lucia(new DrizzleSQLiteAdapter(getDb(), sessions, users), {
    // Lucia's own expiry is the 12-hour absolute limit; idle and absolute limits are enforced in getSession.
    sessionExpiresIn: new TimeSpan(12, "h"),
    // Lucia's session cookie is used only to read the cookie and to blank it (startSession writes its own).
    sessionCookie: { name, attributes },
    // The drizzle adapter hands over rows with drizzle's property names (camelCase).
    getSessionAttributes: (a) => ({ createdAt: a.createdAt, lastSeenAt: a.lastSeenAt, mfaVerified: a.mfaVerified === 1, device: a.device }),
    getUserAttributes: (a) => ({ email: a.email, name: a.name, agencyId: a.agencyId, status: a.status }),
  });
}

let lucia: ReturnType<typeof createLucia> | undefined;
let luciaDb: ReturnType<typeof getDb> | undefined;
function getLucia() {
  // Lucia's adapter holds a connection: build it again when the database was closed and reopened (closeDb).
  const db = getDb();
  if (!lucia || luciaDb !== db) {
    lucia = createLucia();
    luciaDb = db;
  }
  return lucia;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: string; lastSeenAt: string; mfaVerified: number; device: string };
    DatabaseUserAttributes: { email: string; name: string; agencyId: string; status: "active" | "suspended" };
  }
}

export type SignedInSession = Session;
export type SessionUser = User;

/** Starts a session; returns its Set-Cookie header, which carries the only copy of the token. */
export async function startSession(userId: string, o: { mfaVerified: boolean; device: string }): Promise<string> {
  const now = new Date().toISOString();
  const token = generateIdFromEntropySize(25);
  await getLucia().createSession(userId, { createdAt: now, lastSeenAt: now, mfaVerified: o.mfaVerified ? 1 : 0, device: o.device }, { sessionId: sessionIdOf(token) });
  // A browser-session cookie (no Max-Age, no Expires): closing the browser ends it. Lucia's own cookie would
  // carry Max-Age=400 days when asked for no expiry; the server enforces the idle and absolute limits.
  const { name, attributes } = cookieOptions();
  return new Cookie(name, token, attributes).serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

/**
 * The session and user for a request, or null. Ends sessions past the idle (30 minutes) or absolute
 * (12 hours) limit and sessions of suspended users.
 */
export async function getSession(request: Request): Promise<{ session: Session; user: User } | null> {
  const l = getLucia();
  const token = l.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!token) return null;
  const { session, user } = await l.validateSession(sessionIdOf(token));
  if (!session || !user) return null;
  const now = new Date();
  if (user.status !== "active" || sessionExpiry(session, now)) {
    await l.invalidateSession(session.id);
    return null;
  }
  if (shouldTouch(session.lastSeenAt, now)) {
    getDb().update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, session.id)).run();
  }
  return { session, user };
}

export async function endSession(sessionId: string): Promise<void> {
  await getLucia().invalidateSession(sessionId);
}

/** Ends every session of a user and drops their open sockets at once. */
export async function endAllSessions(userId: string): Promise<void> {
  await getLucia().invalidateUserSessions(userId);
  disconnectUser(userId);
}

export function endOtherSessions(userId: string, keepSessionId: string): number {
  return getDb().delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run().changes;
}

export function listSessions(userId: string) {
  return getDb()
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, device: sessions.device, mfaVerified: sessions.mfaVerified })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .all();
}

/** Removes one of the user's own sessions; returns false when the id is not one of theirs. */
export function endOwnSession(userId: string, sessionId: string): boolean {
  return getDb().delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).run().changes === 1;
}

/** A short, non-identifying description of the browser for "your sessions". */
export function describeDevice(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Unknown browser";
  const os = /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Linux/.test(ua) ? "Linux" : "unknown system";
  return `${browser} on ${os}`;
}
