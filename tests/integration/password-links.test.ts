import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { PASSWORD_PROBLEM_MESSAGES } from "~/domain/password-policy";
import { checkPasswordLink, issuePasswordLink, setPasswordWithLink } from "~/services/password-links.server";
import { listSessions, startSession } from "~/services/sessions.server";
import { signIn } from "~/services/sign-in.server";
import { admitAttempt, recordFailedAttempt } from "~/services/sign-in-limits.server";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
const EMAIL = "practitioner@probation.concord.test";
const NEW_PASSWORD = "amber kettle drifts north";
let userId: string;

function tokenOf(path: string): string {
  expect(path).toMatch(/^\/set-password\/[A-Za-z0-9_-]{43}$/);
  return path.slice("/set-password/".length);
}

function passwordHash(): string {
  return (getDb().$client.prepare("SELECT password_hash AS h FROM users WHERE id = ?").get(userId) as { h: string }).h;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
  userId = t.userId(EMAIL);
});
afterAll(() => t.cleanup());

describe("password links", () => {
  let token = "";

  it("issues a link; only the token's hash is stored", () => {
    token = tokenOf(issuePasswordLink(userId, null, "reset"));
    expect(checkPasswordLink(token)).toEqual({ usable: true, purpose: "reset" });
    const rows = getDb()
      .$client.prepare("SELECT token_hash AS h FROM password_reset_tokens WHERE user_id = ?")
      .all(userId) as { h: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.h).not.toBe(token);
    expect(checkPasswordLink("not-a-real-token")).toEqual({ usable: false });
  });

  it("refuses a password that breaks the policy and changes nothing", async () => {
    const before = passwordHash();
    expect(await setPasswordWithLink(token, "passwordpassword")).toEqual({
      ok: false,
      error: "password",
      message: PASSWORD_PROBLEM_MESSAGES.common,
    });
    expect(await setPasswordWithLink(token, "short")).toEqual({
      ok: false,
      error: "password",
      message: PASSWORD_PROBLEM_MESSAGES["too-short"],
    });
    expect(await setPasswordWithLink(token, "my practitioner password")).toEqual({
      ok: false,
      error: "password",
      message: PASSWORD_PROBLEM_MESSAGES["contains-email"],
    });
    expect(passwordHash()).toBe(before);
    expect(checkPasswordLink(token)).toEqual({ usable: true, purpose: "reset" });
  });

  it("sets the password, ends the user's sessions and clears a lockout", async () => {
    await startSession(userId, { mfaVerified: true, device: "test" });
    for (let i = 0; i < 5; i++) recordFailedAttempt(EMAIL, "203.0.113.1");
    expect(admitAttempt(EMAIL, "203.0.113.1")).toEqual({ go: false, reason: "locked" });
    expect(await setPasswordWithLink(token, NEW_PASSWORD)).toEqual({ ok: true });
    expect(listSessions(userId)).toEqual([]);
    expect(admitAttempt(EMAIL, "203.0.113.1")).toEqual({ go: true, waitMs: 0 });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.password_set", outcome: "done", subjectId: userId });

    expect(
      await signIn({ email: EMAIL, password: NEW_PASSWORD, clientIp: "203.0.113.1", userAgent: null }),
    ).toMatchObject({ ok: true });
    expect(await signIn({ email: EMAIL, password: DEMO_PASSWORD, clientIp: "203.0.113.1", userAgent: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("cannot be used again", async () => {
    expect(checkPasswordLink(token)).toEqual({ usable: false });
    expect(await setPasswordWithLink(token, "another fine long phrase")).toEqual({ ok: false, error: "link" });
  });

  it("stops an earlier unused link working when a new one is issued", async () => {
    const older = tokenOf(issuePasswordLink(userId, null, "reset"));
    const newer = tokenOf(issuePasswordLink(userId, null, "reset"));
    expect(checkPasswordLink(older)).toEqual({ usable: false });
    expect(checkPasswordLink(newer)).toEqual({ usable: true, purpose: "reset" });
  });

  it("refuses an expired link", async () => {
    const expired = tokenOf(issuePasswordLink(userId, null, "new-account"));
    getDb()
      .$client.prepare("UPDATE password_reset_tokens SET expires_at = ? WHERE user_id = ? AND used_at IS NULL")
      .run(new Date(Date.now() - 1000).toISOString(), userId);
    const before = passwordHash();
    expect(checkPasswordLink(expired)).toEqual({ usable: false });
    expect(await setPasswordWithLink(expired, "yet another long phrase")).toEqual({ ok: false, error: "link" });
    expect(passwordHash()).toBe(before);
  });

  it("refuses a link for a suspended account", async () => {
    const link = tokenOf(issuePasswordLink(userId, null, "reset"));
    getDb().$client.prepare("UPDATE users SET status = 'suspended' WHERE id = ?").run(userId);
    expect(checkPasswordLink(link)).toEqual({ usable: false });
    expect(await setPasswordWithLink(link, "yet another long phrase")).toEqual({ ok: false, error: "link" });
  });
});
