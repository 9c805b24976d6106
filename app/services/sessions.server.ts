import { hashSecret } from "./secret-hash.server";
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { and, eq, sql } from "drizzle-orm";
import { Cookie, generateIdFromEntropySize, Lucia, TimeSpan, type Session, type User } from "lucia";
import { getConfig } from "~/config.server";
import { getDb, preparedOnce } from "~/db.server";
import { disconnectSession, disconnectUser } from "~/realtime/hub.server";
import type { Identity } from "~/access/actor";
import { isRole } from "~/domain/roles";
import { sessionExpiry, shouldTouch } from "~/domain/session-timeouts";
import { sessions, userRoles, users } from "../../db/schema";

/**
 * The session id stored in the database is the SHA-256 of the token in the cookie, so a copy of the database
 * (a backup, a stolen file) holds no token that signs anyone in. Everything on the server (sockets, "your
 * sessions", the Actor) knows a session by this id; only the browser holds the token.
 */
export function sessionIdOf(token: string): string {
  return hashSecret(token);
}

function cookieOptions() {
  const secure = getConfig().secureCookies;
  return {
    name: secure ? "__Host-concord_session" : "concord_session",
    attributes: { secure, sameSite: "lax" as const, path: "/", httpOnly: true },
  };
}

function createLucia() {
  const { name, attributes } = cookieOptions();
  return new Lucia(new DrizzleSQLiteAdapter(getDb(), sessions, users), {
    // Lucia's own expiry is the 12-hour absolute limit; idle and absolute limits are enforced in getSession.
    sessionExpiresIn: new TimeSpan(12, "h"),
    // Lucia's session cookie is used only to read the cookie and to blank it (startSession writes its own).
    sessionCookie: { name, attributes },
    // The drizzle adapter hands over rows with drizzle's property names (camelCase).
    getSessionAttributes: (a) => ({
      createdAt: a.createdAt,
      lastSeenAt: a.lastSeenAt,
      mfaVerified: a.mfaVerified === 1,
      device: a.device,
    }),
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
    DatabaseUserAttributes: {
      email: string;
      name: string;
      agencyId: string;
      status: "active" | "suspended" | "service";
    };
  }
}

export type SignedInSession = Session;
export type SessionUser = User;

/** Starts a session; returns its Set-Cookie header, which carries the only copy of the token. */
export async function startSession(userId: string, o: { mfaVerified: boolean; device: string }): Promise<string> {
  const now = new Date().toISOString();
  const token = generateIdFromEntropySize(25);
  await getLucia().createSession(
    userId,
    { createdAt: now, lastSeenAt: now, mfaVerified: o.mfaVerified ? 1 : 0, device: o.device },
    { sessionId: sessionIdOf(token) },
  );
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
    await endSession(session.id);
    return null;
  }
  if (shouldTouch(session.lastSeenAt, now)) {
    getDb().update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, session.id)).run();
  }
  return { session, user };
}

// Every way a session row goes away below also disconnects that session's sockets at once (by its room, which
// socket.io's adapter reaches on every node). Sockets re-check their session on every event (liveSession) as well.

/** Ends one session (sign-out, a limit passed, the half-signed-in session replaced) and its sockets. */
export async function endSession(sessionId: string): Promise<void> {
  await getLucia().invalidateSession(sessionId);
  disconnectSession(sessionId);
}

/** Ends every session of a user and drops their open sockets at once. */
export async function endAllSessions(userId: string): Promise<void> {
  await getLucia().invalidateUserSessions(userId);
  disconnectUser(userId);
}

type SessionCheckRow = { id: string; createdAt: string; lastSeenAt: string; mfaVerified: number; status: string };

// Prepared once per connection: sockets check their session on every event, so this is one indexed lookup with
// no query building. The single form also reads who the person is (name, agency, roles as they are now); the
// list form takes a JSON array of ids, for every socket of a room at once.
const checks = preparedOnce((db) => {
  const columns = {
    id: sessions.id,
    createdAt: sessions.createdAt,
    lastSeenAt: sessions.lastSeenAt,
    mfaVerified: sessions.mfaVerified,
    status: users.status,
  };
  const base = <C extends typeof columns>(c: C) =>
    db.select(c).from(sessions).innerJoin(users, eq(users.id, sessions.userId));
  const roles = sql<
    string | null
  >`(SELECT group_concat(${userRoles.role}) FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id})`;
  return {
    one: base({ ...columns, userId: users.id, name: users.name, agencyId: users.agencyId, roles })
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
    many: base(columns)
      .where(sql`${sessions.id} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`)
      .prepare(),
    touch: db
      .update(sessions)
      .set({ lastSeenAt: sql`${sql.placeholder("at")}` })
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  };
});

function usable(row: SessionCheckRow | undefined, now: Date): row is SessionCheckRow {
  return !!row && row.mfaVerified === 1 && row.status === "active" && !sessionExpiry(row, now);
}

/** Deletes a session that may no longer be used (if it is still there) and disconnects its sockets. */
function endUnusable(sessionId: string): void {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
  disconnectSession(sessionId);
}

/**
 * The person behind a socket's session, if the session may still be used: its row exists, is fully signed in,
 * its user is active, and it is within the idle and absolute limits. Anything else ends the session and
 * disconnects its sockets (null). With `touch` (an event the person sent), counts as activity for the idle
 * limit, written at most once a minute like pages. One prepared lookup: not a whole Actor.
 */
export function liveSession(sessionId: string, o: { touch?: boolean } = {}): Identity | null {
  const now = new Date();
  const row = checks().one.get({ id: sessionId });
  if (!usable(row, now)) {
    endUnusable(sessionId);
    return null;
  }
  if (o.touch && shouldTouch(row.lastSeenAt, now)) checks().touch.run({ id: sessionId, at: now.toISOString() });
  return {
    sessionId,
    userId: row.userId,
    name: row.name,
    agencyId: row.agencyId,
    roles: (row.roles ?? "").split(",").filter(isRole),
  };
}

/** The ids among `sessionIds` that may still be used (one query); the others are ended as liveSession does. */
export function liveSessions(sessionIds: Iterable<string>): Set<string> {
  const ids = [...new Set(sessionIds)];
  if (!ids.length) return new Set();
  const now = new Date();
  const live = new Set(
    checks()
      .many.all({ ids: JSON.stringify(ids) })
      .filter((r) => usable(r, now))
      .map((r) => r.id),
  );
  for (const id of ids) if (!live.has(id)) endUnusable(id);
  return live;
}

export function listSessions(userId: string) {
  return getDb()
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      device: sessions.device,
      mfaVerified: sessions.mfaVerified,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .all();
}

/** Removes one of the user's own sessions (and disconnects its sockets); false when the id is not one of theirs. */
export function endOwnSession(userId: string, sessionId: string): boolean {
  const ended =
    getDb()
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
      .run().changes === 1;
  if (ended) disconnectSession(sessionId);
  return ended;
}

/** A short, non-identifying description of the browser for "your sessions". */
export function describeDevice(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Unknown browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "unknown system";
  return `${browser} on ${os}`;
}
