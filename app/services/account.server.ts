import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { users } from "../../db/schema";
import { remainingRecoveryCodes } from "./mfa.server";
import { blankSessionCookie, endAllSessions, endOwnSession, listSessions } from "./sessions.server";

// Session ids are bearer secrets, so pages refer to sessions by a hash of the id, never the id itself.
function sessionKey(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 32);
}

export function accountOverview(actor: Actor) {
  const user = getDb()
    .select({ totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, actor.userId))
    .get();
  const sessions = listSessions(actor.userId)
    .filter((s) => s.mfaVerified === 1)
    .map((s) => ({
      key: sessionKey(s.id),
      device: s.device,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.id === actor.sessionId,
    }))
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  return {
    sessions,
    mfaEnabled: Boolean(user?.totpEnabledAt),
    recoveryCodesLeft: remainingRecoveryCodes(actor.userId),
  };
}

export async function endMySession(
  actor: Actor,
  key: string,
): Promise<{ ok: false } | { ok: true; wasCurrent: boolean; cookie: string }> {
  const target = listSessions(actor.userId).find((s) => sessionKey(s.id) === key);
  if (!target || !endOwnSession(actor.userId, target.id)) return { ok: false };
  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "auth.session_end", outcome: "done" });
  return { ok: true, wasCurrent: target.id === actor.sessionId, cookie: blankSessionCookie() };
}

export async function signOutEverywhere(actor: Actor): Promise<{ cookie: string }> {
  await endAllSessions(actor.userId);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "auth.sign_out_everywhere",
    outcome: "done",
  });
  return { cookie: blankSessionCookie() };
}
