import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { beginEnrolment, clearSecondFactor, completeSignIn, confirmEnrolment, RECOVERY_CODE_COUNT, remainingRecoveryCodes } from "~/services/mfa.server";
import { getSession, listSessions, startSession } from "~/services/sessions.server";
import { resetSignInRateLimitForTests, signIn } from "~/services/sign-in.server";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const EMAIL = "advocate@isac.concord.test";
let userId: string;
let agencyId: string;

function sessionIdFrom(setCookie: string): string {
  return setCookie.split(";")[0]!.split("=")[1]!;
}

function storedSecret(): string | null {
  return (getDb().$client.prepare("SELECT totp_secret AS s FROM users WHERE id = ?").get(userId) as { s: string | null }).s;
}

function codeNow(secret: string): string {
  return new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  userId = t.userId(EMAIL);
  agencyId = t.actorFor(EMAIL).agencyId;
  resetSignInRateLimitForTests();
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
    const secret = storedSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.manualKey.replace(/ /g, "")).toBe(secret);
    const again = await beginEnrolment(userId);
    expect(again).toMatchObject({ alreadyEnabled: false, manualKey: first.manualKey });
  });

  it("refuses a wrong code during enrolment", async () => {
    const session = await startSession(userId, { mfaVerified: false, device: "test" });
    const code = codeNow(storedSecret()!);
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    const result = await confirmEnrolment({ userId, agencyId, sessionId: sessionIdFrom(session), code: wrong, userAgent: null });
    expect(result).toEqual({ ok: false, error: "wrong" });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.mfa_enrol", outcome: "failed" });
  });

  it("confirms enrolment with a code from the secret: 10 recovery codes and a new verified session", async () => {
    const pending = await startSession(userId, { mfaVerified: false, device: "test" });
    firstCode = codeNow(storedSecret()!);
    const result = await confirmEnrolment({ userId, agencyId, sessionId: sessionIdFrom(pending), code: firstCode, userAgent: null });
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
    const stored = getDb().$client.prepare("SELECT code_hash AS h FROM recovery_codes WHERE user_id = ?").all(userId) as { h: string }[];
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.h)).not.toContain(recovery[0]);
    expect(await beginEnrolment(userId)).toEqual({ alreadyEnabled: true });
  });

  it("sends an enrolled user to enter their code after the password", async () => {
    const result = await signIn({ email: EMAIL, password: DEMO_PASSWORD, clientIp: "198.51.100.1", userAgent: null, returnTo: "/cases" });
    expect(result).toMatchObject({ ok: true, next: `/login/mfa?returnTo=${encodeURIComponent("/cases")}` });
  });

  it("refuses the same code a second time (replay)", async () => {
    const session = await startSession(userId, { mfaVerified: false, device: "test" });
    const result = await completeSignIn({ userId, agencyId, sessionId: sessionIdFrom(session), code: firstCode, kind: "totp", userAgent: null });
    expect(result).toEqual({ ok: false, error: "replayed" });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ kind: "totp", reason: "replayed" });
  });

  it("accepts a recovery code once (in any case, with or without the hyphen)", async () => {
    const s1 = await startSession(userId, { mfaVerified: false, device: "test" });
    const ok = await completeSignIn({ userId, agencyId, sessionId: sessionIdFrom(s1), code: recovery[0]!.toUpperCase().replace("-", ""), kind: "recovery", userAgent: null });
    expect(ok.ok).toBe(true);
    expect(remainingRecoveryCodes(userId)).toBe(9);

    const s2 = await startSession(userId, { mfaVerified: false, device: "test" });
    const again = await completeSignIn({ userId, agencyId, sessionId: sessionIdFrom(s2), code: recovery[0]!, kind: "recovery", userAgent: null });
    expect(again).toEqual({ ok: false, error: "wrong" });
    expect(remainingRecoveryCodes(userId)).toBe(9);
  });

  it("clearSecondFactor removes the secret and the recovery codes, so the user enrols again", async () => {
    clearSecondFactor(userId);
    expect(storedSecret()).toBeNull();
    expect(remainingRecoveryCodes(userId)).toBe(0);
    const row = getDb().$client.prepare("SELECT totp_enabled_at AS e, totp_last_step AS s FROM users WHERE id = ?").get(userId);
    expect(row).toEqual({ e: null, s: null });
    const result = await signIn({ email: EMAIL, password: DEMO_PASSWORD, clientIp: "198.51.100.2", userAgent: null });
    expect(result).toMatchObject({ ok: true, next: "/account/mfa/setup" });
    expect(listSessions(userId).length).toBeGreaterThan(0);
  });
});
