import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { audit } from "~/access/audit.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { logger } from "~/logger.server";
import { recoveryCodes, users } from "../../db/schema";
import { isSealed, open, seal } from "./secret-box.server";
import { describeDevice, endSession, startSession } from "./sessions.server";
import { admitAttempt, recordFailedAttempt, recordSignedIn, systemClock, type Clock } from "./sign-in-limits.server";

const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;

function totpFor(secretBase32: string, email: string): TOTP {
  return new TOTP({
    issuer: "Concord",
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/*
 * TOTP secrets are stored encrypted (decision 0021): `users.totp_secret` holds seal(base32 secret). Rows from
 * before that change hold the base32 plaintext. Start-up seals them all (sealLegacyTotpSecrets), so a copy of
 * the database file holds none, dormant accounts included; reading still accepts plaintext and seals it on
 * its next successful use, so a row that escaped the pass (say, a backup restored under a running server)
 * keeps working and is upgraded.
 */
type StoredSecret = { base32: string; legacy: boolean } | { unreadable: true };

function readSecret(stored: string, userId: string): StoredSecret {
  if (!isSealed(stored)) return { base32: stored, legacy: true };
  try {
    return { base32: open(stored, getConfig().secretKey), legacy: false };
  } catch {
    // The key changed or the row was altered. The user id only: never the value or the key.
    logger.error(
      { userId },
      "TOTP secret could not be decrypted: check CONCORD_SECRET_KEY, or reset the user's second factor",
    );
    return { unreadable: true };
  }
}

function sealSecret(base32: string): string {
  return seal(base32, getConfig().secretKey);
}

/** Encrypts every plaintext TOTP secret left from before decision 0021; returns how many. Run at start-up. */
export function sealLegacyTotpSecrets(): number {
  const db = getDb();
  return db.transaction((tx) => {
    const legacy = tx
      .select({ id: users.id, secret: users.totpSecret })
      .from(users)
      .where(and(isNotNull(users.totpSecret), sql`substr(${users.totpSecret}, 1, 3) <> 'v1:'`))
      .all();
    let sealed = 0;
    for (const row of legacy) {
      if (row.secret === null || isSealed(row.secret)) continue;
      tx.update(users)
        .set({ totpSecret: sealSecret(row.secret) })
        .where(eq(users.id, row.id))
        .run();
      sealed++;
    }
    return sealed;
  });
}

function hashCode(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("hex");
}

/** Starts (or resumes) enrolment: a pending secret kept until the first code confirms it. */
export async function beginEnrolment(
  userId: string,
): Promise<{ alreadyEnabled: true } | { alreadyEnabled: false; manualKey: string; qrCodeDataUrl: string }> {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error("user not found");
  if (user.totpEnabledAt) return { alreadyEnabled: true };
  const stored = user.totpSecret === null ? undefined : readSecret(user.totpSecret, userId);
  let secret: string;
  if (stored && !("unreadable" in stored)) {
    secret = stored.base32;
    if (stored.legacy)
      db.update(users)
        .set({ totpSecret: sealSecret(secret) })
        .where(and(eq(users.id, userId), eq(users.totpSecret, secret)))
        .run();
  } else {
    // None yet, or a pending one that cannot be read (nothing was confirmed with it, so a new one is harmless).
    secret = new Secret({ size: 20 }).base32;
    db.update(users)
      .set({ totpSecret: sealSecret(secret), totpLastStep: null })
      .where(eq(users.id, userId))
      .run();
  }
  const uri = totpFor(secret, user.email).toString();
  const qrCodeDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 200 });
  return { alreadyEnabled: false, manualKey: secret.replace(/(.{4})/g, "$1 ").trim(), qrCodeDataUrl };
}

type CodeCheck = "ok" | "wrong" | "replayed" | "locked" | "slowed";
// "unreadable": the stored secret cannot be decrypted. Audited as such, shown to the person as "wrong".
type TotpCheck = CodeCheck | "unreadable";
type User = typeof users.$inferSelect;

/** Checks a 6-digit code, refusing one already used (same or earlier time step). */
function checkTotp(user: User, code: string, now: Date): TotpCheck {
  if (!user.totpSecret) return "wrong";
  const stored = readSecret(user.totpSecret, user.id);
  if ("unreadable" in stored) return "unreadable";
  const delta = totpFor(stored.base32, user.email).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return "wrong";
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (user.totpLastStep !== null && step <= user.totpLastStep) return "replayed";
  getDb()
    .update(users)
    .set({ totpLastStep: step, ...(stored.legacy ? { totpSecret: sealSecret(stored.base32) } : {}) })
    .where(eq(users.id, user.id))
    .run();
  return "ok";
}

/** Uses a recovery code: each works once. */
function useRecoveryCode(user: User, code: string, now: Date): TotpCheck {
  const used = getDb()
    .update(recoveryCodes)
    .set({ usedAt: now.toISOString() })
    .where(
      and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashCode(code)), isNull(recoveryCodes.usedAt)),
    )
    .run().changes;
  return used === 1 ? "ok" : "wrong";
}

/**
 * One code check under the sign-in limits (decision 0005), as a password is: refused while the account is locked
 * at this address or slowed; a wrong code counts toward both; a right one completes the sign-in, which clears the
 * count at this address. An unreadable secret is not counted: a changed key would otherwise lock out everyone.
 */
async function limitedCodeCheck(
  userId: string,
  clientIp: string,
  clock: Clock,
  check: (user: User, now: Date) => TotpCheck,
): Promise<TotpCheck> {
  const read = () => getDb().select().from(users).where(eq(users.id, userId)).get();
  const before = read();
  if (!before) return "wrong";
  const admission = admitAttempt(before.email, clientIp, clock.now());
  if (!admission.go) return admission.reason;
  if (admission.waitMs > 0) await clock.sleep(admission.waitMs);
  // Read again after any wait: another request may have used a code meanwhile.
  const user = read();
  if (!user) return "wrong";
  const result = check(user, clock.now());
  if (result === "wrong") recordFailedAttempt(user.email, clientIp, clock.now());
  if (result === "ok") recordSignedIn(user.email, clientIp, clock.now());
  return result;
}

function newRecoveryCodes(userId: string): string[] {
  const db = getDb();
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  db.insert(recoveryCodes)
    .values(codes.map((c) => ({ id: randomUUID(), userId, codeHash: hashCode(c) })))
    .run();
  return codes;
}

/**
 * Confirms enrolment with the first code. Returns the recovery codes, shown once. The session is replaced by
 * a fully verified one (a new id, so a session id seen before the second factor is worthless).
 */
export async function confirmEnrolment(
  input: {
    userId: string;
    agencyId: string;
    sessionId: string;
    code: string;
    userAgent: string | null;
    clientIp: string;
  },
  clock: Clock = systemClock,
): Promise<{ ok: false; error: CodeCheck } | { ok: true; codes: string[]; cookie: string }> {
  const db = getDb();
  const user = db.select({ enabled: users.totpEnabledAt }).from(users).where(eq(users.id, input.userId)).get();
  if (user?.enabled) return { ok: false, error: "wrong" };
  const result = await limitedCodeCheck(input.userId, input.clientIp, clock, (u, now) => checkTotp(u, input.code, now));
  if (result !== "ok") {
    audit({
      actorUserId: input.userId,
      actorAgencyId: input.agencyId,
      action: "auth.mfa_enrol",
      outcome: "failed",
      detail: { reason: result },
    });
    return { ok: false, error: result === "unreadable" ? "wrong" : result };
  }
  db.update(users).set({ totpEnabledAt: new Date().toISOString() }).where(eq(users.id, input.userId)).run();
  const codes = newRecoveryCodes(input.userId);
  await endSession(input.sessionId);
  const cookie = await startSession(input.userId, { mfaVerified: true, device: describeDevice(input.userAgent) });
  audit({
    actorUserId: input.userId,
    actorAgencyId: input.agencyId,
    action: "auth.mfa_enrol",
    outcome: "done",
    subjectType: "User",
    subjectId: input.userId,
  });
  return { ok: true, codes, cookie };
}

/** The second step of sign-in, with an authenticator code or a recovery code. */
export async function completeSignIn(
  input: {
    userId: string;
    agencyId: string;
    sessionId: string;
    code: string;
    kind: "totp" | "recovery";
    userAgent: string | null;
    clientIp: string;
  },
  clock: Clock = systemClock,
): Promise<{ ok: false; error: CodeCheck } | { ok: true; cookie: string }> {
  const result = await limitedCodeCheck(input.userId, input.clientIp, clock, (user, now) =>
    input.kind === "totp" ? checkTotp(user, input.code, now) : useRecoveryCode(user, input.code, now),
  );
  if (result !== "ok") {
    audit({
      actorUserId: input.userId,
      actorAgencyId: input.agencyId,
      action: "auth.second_factor",
      outcome: "failed",
      detail: { kind: input.kind, reason: result },
    });
    return { ok: false, error: result === "unreadable" ? "wrong" : result };
  }
  await endSession(input.sessionId);
  const cookie = await startSession(input.userId, { mfaVerified: true, device: describeDevice(input.userAgent) });
  audit({
    actorUserId: input.userId,
    actorAgencyId: input.agencyId,
    action: "auth.second_factor",
    outcome: "done",
    detail: { kind: input.kind },
  });
  return { ok: true, cookie };
}

export function remainingRecoveryCodes(userId: string): number {
  return getDb()
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all().length;
}

/** Clears a user's second factor so they enrol again at next sign-in (called by an administrator's service). */
export function clearSecondFactor(userId: string): void {
  const db = getDb();
  db.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId)).run();
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
}
