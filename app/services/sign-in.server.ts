import { eq } from "drizzle-orm";
import { audit } from "~/access/audit.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { afterFailure, isLocked } from "~/domain/sign-in-lockout";
import { users } from "../../db/schema";
import { safeReturnTo } from "~/domain/return-to";
import { mfaRequired } from "./current-user.server";
import { verifyPassword } from "./passwords.server";
import { createRateLimiter } from "./rate-limit.server";
import { describeDevice, startSession } from "./sessions.server";

let ipLimiter: ReturnType<typeof createRateLimiter> | undefined;
function limiter() {
  ipLimiter ??= createRateLimiter({ limit: getConfig().loginIpLimit, windowMs: 15 * 60_000 });
  return ipLimiter;
}

/** Clears the counters and re-reads the limit from the configuration (LOGIN_IP_LIMIT) on the next attempt. */
export function resetSignInRateLimitForTests(): void {
  ipLimiter?.reset();
  ipLimiter = undefined;
}

export type SignInResult =
  | { ok: true; cookie: string; next: string }
  | { ok: false; reason: "invalid" | "rate-limited" };

/**
 * Checks an email and password. Every failure, whatever its cause (unknown email, wrong password, locked or
 * suspended account), looks the same to the person signing in; the cause is only in the audit log.
 */
export async function signIn(input: { email: string; password: string; clientIp: string; userAgent: string | null; returnTo?: string | null }): Promise<SignInResult> {
  const db = getDb();
  const now = new Date();
  // Decided first: nothing about where to go next can fail once a session exists.
  const returnTo = safeReturnTo(input.returnTo);
  if (!limiter().take(input.clientIp, now.getTime())) {
    audit({ actorUserId: null, actorAgencyId: null, action: "auth.sign_in", outcome: "failed", detail: { reason: "rate-limited" } });
    return { ok: false, reason: "rate-limited" };
  }
  const user = db.select().from(users).where(eq(users.email, input.email.trim().toLowerCase())).get();
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  const fail = (reason: string): SignInResult => {
    audit({ actorUserId: user?.id ?? null, actorAgencyId: user?.agencyId ?? null, action: "auth.sign_in", outcome: "failed", subjectType: "User", subjectId: user?.id ?? null, detail: { reason } });
    return { ok: false, reason: "invalid" };
  };
  if (!user) return fail("unknown-account");
  if (isLocked(user.lockedUntil, now)) return fail("locked");
  if (!passwordOk) {
    db.update(users).set(afterFailure(user.failedSignIns, now)).where(eq(users.id, user.id)).run();
    return fail("wrong-password");
  }
  if (user.status !== "active") return fail("suspended");

  db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
  const hasTotp = Boolean(user.totpEnabledAt);
  const verified = !hasTotp && !mfaRequired();
  const cookie = await startSession(user.id, { mfaVerified: verified, device: describeDevice(input.userAgent) });
  audit({ actorUserId: user.id, actorAgencyId: user.agencyId, action: "auth.sign_in", outcome: "done", subjectType: "User", subjectId: user.id, detail: { secondFactor: hasTotp ? "pending" : verified ? "not-required" : "enrolment-required" } });
  const next = verified ? returnTo : hasTotp ? `/login/mfa?returnTo=${encodeURIComponent(returnTo)}` : "/account/mfa/setup";
  return { ok: true, cookie, next };
}
