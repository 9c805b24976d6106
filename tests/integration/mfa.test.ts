import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import {
  beginEnrolment,
  clearSecondFactor,
  completeSignIn,
  confirmEnrolment,
  RECOVERY_CODE_COUNT,
  remainingRecoveryCodes,
  sealLegacyTotpSecrets,
} from "~/services/mfa.server";
import { open } from "~/services/secret-box.server";
import { getSession, listSessions, sessionIdOf, startSession } from "~/services/sessions.server";
import { signIn } from "~/services/sign-in.server";
import { accountKey } from "~/services/sign-in-limits.server";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const EMAIL = "advocate@isac.concord.test";
/** The address codes are sent from (the sign-in limits count per account and address). */
const IP = "198.51.100.99";
let userId: string;
let agencyId: string;

/** The session's id as the server knows it: the hash of the token in the cookie. */
function sessionIdFrom(setCookie: string): string {
  return sessionIdOf(setCookie.split(";")[0]!.split("=")[1]!);
}

/** The raw column, as anyone holding a copy of the database file would read it. */
function storedSecret(id = userId): string | null {
  return (getDb().$client.prepare("SELECT totp_secret AS s FROM users WHERE id = ?").get(id) as { s: string | null }).s;
}

/** The base32 secret, decrypted with the configured key. */
function openedSecret(id = userId): string {
  return open(storedSecret(id)!, getConfig().secretKey);
}

function codeNow(secret: string, offsetSeconds = 0): string {
  return new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  userId = t.userId(EMAIL);
  agencyId = t.actorFor(EMAIL).agencyId;
});
afterAll(() => t.cleanup());

describe("second factor (TOTP)", () => {
  let recovery: string[] = [];
  let firstCode = "";

  it("begins enrolment with a pending secret, the same one when resumed", async () => {
    const first = await beginEnrolment(userId);
    expect(first.alreadyEnabled).toBe(false);
    if (first.alreadyEnabled) return;
    expect(first.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // The column holds the secret encrypted, never the base32 the person types in.
    const stored = storedSecret()!;
    const secret = openedSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret);
    expect(first.manualKey.replace(/ /g, "")).toBe(secret);
    const again = await beginEnrolment(userId);
    expect(again).toMatchObject({ alreadyEnabled: false, manualKey: first.manualKey });
  });

  it("refuses a wrong code during enrolment", async () => {
    const session = await startSession(userId, { mfaVerified: false, device: "test" });
    const code = codeNow(openedSecret());
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    const result = await confirmEnrolment({
      userId,
      agencyId,
      sessionId: sessionIdFrom(session),
      code: wrong,
      userAgent: null,
      clientIp: IP,
    });
    expect(result).toEqual({ ok: false, error: "wrong" });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.mfa_enrol", outcome: "failed" });
  });

  it("confirms enrolment with a code from the secret: 10 recovery codes and a new verified session", async () => {
    const pending = await startSession(userId, { mfaVerified: false, device: "test" });
    firstCode = codeNow(openedSecret());
    const result = await confirmEnrolment({
      userId,
      agencyId,
      sessionId: sessionIdFrom(pending),
      code: firstCode,
      userAgent: null,
      clientIp: IP,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(result.codes).toHaveLength(10);
    expect(new Set(result.codes).size).toBe(10);
    for (const c of result.codes) expect(c).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
    recovery = result.codes;

    // The half-signed-in session is gone; the new one is verified and has a different id.
    expect(await getSession(new Request("http://x/", { headers: { Cookie: pending.split(";")[0]! } }))).toBeNull();
    const found = await getSession(new Request("http://x/", { headers: { Cookie: result.cookie.split(";")[0]! } }));
    expect(found?.session.mfaVerified).toBe(true);
    expect(found?.session.id).not.toBe(sessionIdFrom(pending));
    // Only hashes are stored.
    const stored = getDb()
      .$client.prepare("SELECT code_hash AS h FROM recovery_codes WHERE user_id = ?")
      .all(userId) as { h: string }[];
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.h)).not.toContain(recovery[0]);
    expect(await beginEnrolment(userId)).toEqual({ alreadyEnabled: true });
    // Still encrypted once confirmed.
    expect(storedSecret()).toMatch(/^v1:/);
    expect(storedSecret()).not.toContain(openedSecret());
  });

  it("sends an enrolled user to enter their code after the password", async () => {
    const result = await signIn({
      email: EMAIL,
      password: DEMO_PASSWORD,
      clientIp: "198.51.100.1",
      userAgent: null,
      returnTo: "/cases",
    });
    expect(result).toMatchObject({ ok: true, next: `/login/mfa?returnTo=${encodeURIComponent("/cases")}` });
  });

  it("lets an enrolled user in with the next code from their app (the secret is decrypted to check it)", async () => {
    const first = await signIn({ email: EMAIL, password: DEMO_PASSWORD, clientIp: "198.51.100.3", userAgent: null });
    expect(first).toMatchObject({ ok: true, next: expect.stringMatching(/^\/login\/mfa\?/) });
    if (!first.ok) return;
    // The enrolment code used this time step; the app's next code is still within the window and not a replay.
    const result = await completeSignIn({
      userId,
      agencyId,
      sessionId: sessionIdFrom(first.cookie),
      code: codeNow(openedSecret(), 30),
      kind: "totp",
      userAgent: null,
      clientIp: IP,
    });
    expect(result.ok).toBe(true);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.second_factor", outcome: "done" });
  });

  it("refuses the same code a second time (replay)", async () => {
    const session = await startSession(userId, { mfaVerified: false, device: "test" });
    const result = await completeSignIn({
      userId,
      agencyId,
      sessionId: sessionIdFrom(session),
      code: firstCode,
      kind: "totp",
      userAgent: null,
      clientIp: IP,
    });
    expect(result).toEqual({ ok: false, error: "replayed" });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ kind: "totp", reason: "replayed" });
  });

  it("accepts a recovery code once (in any case, with or without the hyphen)", async () => {
    const s1 = await startSession(userId, { mfaVerified: false, device: "test" });
    const ok = await completeSignIn({
      userId,
      agencyId,
      sessionId: sessionIdFrom(s1),
      code: recovery[0]!.toUpperCase().replace("-", ""),
      kind: "recovery",
      userAgent: null,
      clientIp: IP,
    });
    expect(ok.ok).toBe(true);
    expect(remainingRecoveryCodes(userId)).toBe(9);

    const s2 = await startSession(userId, { mfaVerified: false, device: "test" });
    const again = await completeSignIn({
      userId,
      agencyId,
      sessionId: sessionIdFrom(s2),
      code: recovery[0]!,
      kind: "recovery",
      userAgent: null,
      clientIp: IP,
    });
    expect(again).toEqual({ ok: false, error: "wrong" });
    expect(remainingRecoveryCodes(userId)).toBe(9);
  });

  it("clearSecondFactor removes the secret and the recovery codes, so the user enrols again", async () => {
    clearSecondFactor(userId);
    expect(storedSecret()).toBeNull();
    expect(remainingRecoveryCodes(userId)).toBe(0);
    const row = getDb()
      .$client.prepare("SELECT totp_enabled_at AS e, totp_last_step AS s FROM users WHERE id = ?")
      .get(userId);
    expect(row).toEqual({ e: null, s: null });
    const result = await signIn({ email: EMAIL, password: DEMO_PASSWORD, clientIp: "198.51.100.2", userAgent: null });
    expect(result).toMatchObject({ ok: true, next: "/account/mfa/setup" });
    expect(listSessions(userId).length).toBeGreaterThan(0);
  });
});

describe("TOTP secrets from before encryption (plaintext rows)", () => {
  const PLAIN = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const OTHER_PLAIN = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA";

  /** An account enrolled before the change: the base32 secret in the column as it was stored then. */
  function enrolledInPlaintext(email: string, secret: string): string {
    const id = t.userId(email);
    getDb()
      .$client.prepare("UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = NULL WHERE id = ?")
      .run(secret, new Date().toISOString(), id);
    return id;
  }

  async function secondStep(email: string, id: string, code: string, ip: string) {
    const first = await signIn({ email, password: DEMO_PASSWORD, clientIp: ip, userAgent: null });
    if (!first.ok) throw new Error("password step failed");
    expect(first.next).toMatch(/^\/login\/mfa\?/);
    return completeSignIn({
      userId: id,
      agencyId: t.actorFor(email).agencyId,
      sessionId: sessionIdFrom(first.cookie),
      code,
      kind: "totp",
      userAgent: null,
      clientIp: ip,
    });
  }

  it("still accepts a code from a plaintext secret, and encrypts it on that successful use", async () => {
    const email = "manager@isac.concord.test";
    const id = enrolledInPlaintext(email, PLAIN);

    // A wrong code changes nothing about the stored value.
    const wrong = String((Number(codeNow(PLAIN)) + 500_000) % 1_000_000).padStart(6, "0");
    expect(await secondStep(email, id, wrong, "198.51.100.10")).toEqual({ ok: false, error: "wrong" });
    expect(storedSecret(id)).toBe(PLAIN);

    expect((await secondStep(email, id, codeNow(PLAIN), "198.51.100.11")).ok).toBe(true);
    const stored = storedSecret(id)!;
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(PLAIN);
    expect(openedSecret(id)).toBe(PLAIN);

    // The person's app keeps working: the next code lets them in against the encrypted row.
    expect((await secondStep(email, id, codeNow(PLAIN, 30), "198.51.100.12")).ok).toBe(true);
    expect(storedSecret(id)).toBe(stored);
  });

  it("a pending plaintext secret is encrypted when enrolment resumes, with the same key shown", async () => {
    const id = t.userId("court@probation.concord.test");
    getDb()
      .$client.prepare("UPDATE users SET totp_secret = ?, totp_enabled_at = NULL WHERE id = ?")
      .run(OTHER_PLAIN, id);
    const resumed = await beginEnrolment(id);
    expect(resumed.alreadyEnabled).toBe(false);
    if (resumed.alreadyEnabled) return;
    expect(resumed.manualKey.replace(/ /g, "")).toBe(OTHER_PLAIN);
    expect(storedSecret(id)).toMatch(/^v1:/);
    expect(openedSecret(id)).toBe(OTHER_PLAIN);
  });

  it("the start-up pass encrypts every plaintext secret, dormant accounts included, and only those", async () => {
    const a = enrolledInPlaintext("spo@probation.concord.test", PLAIN);
    const b = enrolledInPlaintext("prosecutor@cps.concord.test", OTHER_PLAIN);
    const alreadySealed = storedSecret(t.userId("manager@isac.concord.test"));

    expect(sealLegacyTotpSecrets()).toBe(2);
    const raw = getDb().$client.prepare("SELECT totp_secret AS s FROM users WHERE totp_secret IS NOT NULL").all() as {
      s: string;
    }[];
    expect(raw.length).toBeGreaterThanOrEqual(4);
    for (const { s } of raw) {
      expect(s).toMatch(/^v1:/);
      expect(s).not.toContain(PLAIN);
      expect(s).not.toContain(OTHER_PLAIN);
    }
    expect(openedSecret(a)).toBe(PLAIN);
    expect(openedSecret(b)).toBe(OTHER_PLAIN);
    // Values already encrypted are left alone, and a second pass finds nothing to do.
    expect(storedSecret(t.userId("manager@isac.concord.test"))).toBe(alreadySealed);
    expect(sealLegacyTotpSecrets()).toBe(0);

    expect((await secondStep("spo@probation.concord.test", a, codeNow(PLAIN), "198.51.100.13")).ok).toBe(true);
  });
});

describe("the encryption key", () => {
  it("production refuses to start without a valid CONCORD_SECRET_KEY, with a clear message that never echoes it", () => {
    try {
      t.setEnv({ NODE_ENV: "production", CONCORD_SECRET_KEY: undefined });
      expect(() => getConfig()).toThrow(/^Invalid configuration: CONCORD_SECRET_KEY must be set in production/);
      t.setEnv({ CONCORD_SECRET_KEY: "correct-horse-battery" });
      expect(() => getConfig()).toThrow(/^Invalid configuration: CONCORD_SECRET_KEY must be 32 random bytes/);
      expect(() => getConfig()).not.toThrow(/correct-horse/);
      const key = randomBytes(32);
      t.setEnv({ CONCORD_SECRET_KEY: key.toString("base64") });
      expect(getConfig().secretKeySource).toBe("environment");
      expect(getConfig().secretKey.export().equals(key)).toBe(true);
    } finally {
      t.setEnv({ NODE_ENV: "test", CONCORD_SECRET_KEY: undefined });
    }
    expect(getConfig().secretKeySource).toBe("development");
  });

  it("a secret encrypted with another key is refused without counting toward lockout, and audited as unreadable", async () => {
    const email = "psychologist@health.concord.test";
    const id = t.userId(email);
    await beginEnrolment(id);
    const secret = openedSecret(id);
    const pending = await startSession(id, { mfaVerified: false, device: "test" });
    expect(
      (
        await confirmEnrolment({
          userId: id,
          agencyId: t.actorFor(email).agencyId,
          sessionId: sessionIdFrom(pending),
          code: codeNow(secret),
          userAgent: null,
          clientIp: IP,
        })
      ).ok,
    ).toBe(true);

    try {
      // The key changes (say, a different CONCORD_SECRET_KEY on a restored server).
      t.setEnv({ CONCORD_SECRET_KEY: randomBytes(32).toString("hex") });
      const session = await startSession(id, { mfaVerified: false, device: "test" });
      const result = await completeSignIn({
        userId: id,
        agencyId: t.actorFor(email).agencyId,
        sessionId: sessionIdFrom(session),
        code: codeNow(secret, 30),
        kind: "totp",
        userAgent: null,
        clientIp: IP,
      });
      expect(result).toEqual({ ok: false, error: "wrong" });
      expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ kind: "totp", reason: "unreadable" });
      const counted = getDb()
        .$client.prepare("SELECT count(*) AS n FROM sign_in_account_windows WHERE account_key = ?")
        .get(accountKey(email));
      expect(counted).toEqual({ n: 0 });
    } finally {
      t.setEnv({ CONCORD_SECRET_KEY: undefined });
    }
    // With the right key back, the same person's next code works.
    const session = await startSession(id, { mfaVerified: false, device: "test" });
    const result = await completeSignIn({
      userId: id,
      agencyId: t.actorFor(email).agencyId,
      sessionId: sessionIdFrom(session),
      code: codeNow(secret, 30),
      kind: "totp",
      userAgent: null,
      clientIp: IP,
    });
    expect(result.ok).toBe(true);
  });
});

describe("wrong codes and the sign-in limits (decision 0005)", () => {
  it("count toward the lock on the account at that address only; a right password alone does not clear them", async () => {
    const email = "lead@health.concord.test";
    const id = t.userId(email);
    const agency = t.actorFor(email).agencyId;
    await beginEnrolment(id);
    const secret = openedSecret(id);
    const pending = await startSession(id, { mfaVerified: false, device: "test" });
    expect(
      (
        await confirmEnrolment({
          userId: id,
          agencyId: agency,
          sessionId: sessionIdFrom(pending),
          code: codeNow(secret),
          userAgent: null,
          clientIp: "203.0.113.60",
        })
      ).ok,
    ).toBe(true);
    const wrong = String((Number(codeNow(secret, 30)) + 500_000) % 1_000_000).padStart(6, "0");
    const code = async (ip: string, value: string) => {
      const session = await startSession(id, { mfaVerified: false, device: "test" });
      return completeSignIn({
        userId: id,
        agencyId: agency,
        sessionId: sessionIdFrom(session),
        code: value,
        kind: "totp",
        userAgent: null,
        clientIp: ip,
      });
    };

    // Four wrong codes, then the right password again, then one more wrong code: five in a row at that address.
    for (let i = 0; i < 4; i++) expect(await code("203.0.113.61", wrong)).toEqual({ ok: false, error: "wrong" });
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: "203.0.113.61", userAgent: null })).toMatchObject({
      ok: true,
    });
    expect(await code("203.0.113.61", wrong)).toEqual({ ok: false, error: "wrong" });
    // Locked there, for codes and passwords alike.
    expect(await code("203.0.113.61", codeNow(secret, 30))).toEqual({ ok: false, error: "locked" });
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: "203.0.113.61", userAgent: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ reason: "locked" });
    // The owner elsewhere signs in with password and code.
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: "203.0.113.62", userAgent: null })).toMatchObject({
      ok: true,
    });
    expect((await code("203.0.113.62", codeNow(secret, 30))).ok).toBe(true);
  });
});
