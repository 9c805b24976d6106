import { eq } from "drizzle-orm";
import { audit } from "~/access/audit.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { safeReturnTo } from "~/domain/return-to";
import { users } from "../../db/schema";
import { mfaRequired } from "./current-user.server";
import { verifyPassword } from "./passwords.server";
import {
  admitAttempt,
  recordFailedAttempt,
  recordSignedIn,
  systemClock,
  takeAddressAttempt,
  type Clock,
} from "./sign-in-limits.server";
import { describeDevice, startSession } from "./sessions.server";

export type SignInResult =
  { ok: true; cookie: string; next: string } | { ok: false; reason: "invalid" | "rate-limited" | "slowed" };

/**
 * Checks an email and password. Every failure, whatever its cause (unknown email, wrong password, locked or
 * suspended account), looks the same to the person signing in; the cause is only in the audit log. The limits
 * (decision 0005) come first: too many attempts from the address, the account locked at this address, or the
 * account slowed by failures from many addresses, when this attempt waits its turn or, if that is too far off,
 * is refused unchecked.
 */
export async function signIn(
  input: { email: string; password: string; clientIp: string; userAgent: string | null; returnTo?: string | null },
  clock: Clock = systemClock,
): Promise<SignInResult> {
  const db = getDb();
  // Decided first: nothing about where to go next can fail once a session exists.
  const returnTo = safeReturnTo(input.returnTo);
  const email = input.email.trim().toLowerCase();
  if (!takeAddressAttempt(input.clientIp, getConfig().loginIpLimit, clock.now())) {
    audit({
      actorUserId: null,
      actorAgencyId: null,
      action: "auth.sign_in",
      outcome: "failed",
      detail: { reason: "rate-limited" },
    });
    return { ok: false, reason: "rate-limited" };
  }
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const fail = (reason: string): SignInResult => {
    audit({
      actorUserId: user?.id ?? null,
      actorAgencyId: user?.agencyId ?? null,
      action: "auth.sign_in",
      outcome: "failed",
      subjectType: "User",
      subjectId: user?.id ?? null,
      detail: { reason },
    });
    return { ok: false, reason: reason === "slowed" ? "slowed" : "invalid" };
  };
  const admission = admitAttempt(email, input.clientIp, clock.now());
  if (!admission.go && admission.reason === "slowed") return fail("slowed");
  if (admission.go && admission.waitMs > 0) await clock.sleep(admission.waitMs);
  // Checked even when locked, so a locked account takes as long to answer as any other.
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!admission.go) return fail("locked");
  if (!user || !passwordOk) {
    recordFailedAttempt(email, input.clientIp, clock.now());
    return fail(user ? "wrong-password" : "unknown-account");
  }
  if (user.status !== "active") return fail("suspended");

  const hasTotp = Boolean(user.totpEnabledAt);
  const verified = !hasTotp && !mfaRequired();
  // Only a completed sign-in clears this address's count: a password alone does not, or code guesses could go on.
  if (verified) recordSignedIn(email, input.clientIp, clock.now());
  const cookie = await startSession(user.id, { mfaVerified: verified, device: describeDevice(input.userAgent) });
  audit({
    actorUserId: user.id,
    actorAgencyId: user.agencyId,
    action: "auth.sign_in",
    outcome: "done",
    subjectType: "User",
    subjectId: user.id,
    detail: { secondFactor: hasTotp ? "pending" : verified ? "not-required" : "enrolment-required" },
  });
  const next = verified
    ? returnTo
    : hasTotp
      ? `/login/mfa?returnTo=${encodeURIComponent(returnTo)}`
      : "/account/mfa/setup";
  return { ok: true, cookie, next };
}
