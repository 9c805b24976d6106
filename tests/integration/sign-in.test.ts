import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUserStatus } from "~/services/accounts.server";
import { requireActor } from "~/services/current-user.server";
import { getSession } from "~/services/sessions.server";
import { signIn } from "~/services/sign-in.server";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
let ipCounter = 0;
/** A fresh client address per attempt group, so the per-address limit only matters where a test wants it. */
const freshIp = () => `192.0.2.${++ipCounter}`;

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
});
afterAll(() => t.cleanup());

describe("signIn", () => {
  it("signs in with the right password: a session cookie and the return path", async () => {
    const result = await signIn({
      email: "investigator@police.concord.test",
      password: DEMO_PASSWORD,
      clientIp: freshIp(),
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
      returnTo: "/cases",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next).toBe("/cases");
    expect(result.cookie).toMatch(/^concord_session=[^;]+;.*HttpOnly/i);
    expect(result.cookie).toMatch(/SameSite=Lax/i);

    const actor = await requireActor(
      new Request("http://localhost/cases", { headers: { Cookie: cookiePair(result.cookie) } }),
    );
    expect(actor.email).toBe("investigator@police.concord.test");
    expect(actor.roles).toEqual(["investigator"]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.sign_in", outcome: "done", actorUserId: actor.userId });
  });

  it("accepts the email in any case and with spaces, and never follows an off-site return path", async () => {
    const result = await signIn({
      email: "  SPOC@Police.Concord.Test ",
      password: DEMO_PASSWORD,
      clientIp: freshIp(),
      userAgent: null,
      returnTo: "//evil.example/x",
    });
    expect(result).toMatchObject({ ok: true, next: "/" });
  });

  it("follows only a safe same-origin return path, decided before the session exists (one session, never an error)", async () => {
    const sessionsOf = (email: string) =>
      (
        t.db.$client.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(t.userId(email)) as {
          n: number;
        }
      ).n;
    const email = "clinician@health.concord.test";
    for (const [returnTo, next] of [
      ["/\n/x", "/"],
      ["/\t/evil.example/phish", "/"],
      ["/\\evil.example", "/"],
      ["/cases ", "/"],
      ["/cases?page=2", "/cases?page=2"],
    ] as const) {
      const before = sessionsOf(email);
      expect(
        await signIn({ email, password: DEMO_PASSWORD, clientIp: freshIp(), userAgent: null, returnTo }),
        JSON.stringify(returnTo),
      ).toMatchObject({ ok: true, next });
      expect(sessionsOf(email)).toBe(before + 1);
    }
  });

  it("answers a wrong password and an unknown email the same way, and audits the real reason", async () => {
    const wrong = await signIn({
      email: "advocate@isac.concord.test",
      password: "not the password at all",
      clientIp: freshIp(),
      userAgent: null,
    });
    const unknown = await signIn({
      email: "nobody@isac.concord.test",
      password: DEMO_PASSWORD,
      clientIp: freshIp(),
      userAgent: null,
    });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    const [a, b] = t.auditRows().slice(-2);
    expect(a).toMatchObject({
      action: "auth.sign_in",
      outcome: "failed",
      actorUserId: t.userId("advocate@isac.concord.test"),
    });
    expect(JSON.parse(a!.detail!)).toEqual({ reason: "wrong-password" });
    expect(b).toMatchObject({ action: "auth.sign_in", outcome: "failed", actorUserId: null });
    expect(JSON.parse(b!.detail!)).toEqual({ reason: "unknown-account" });
  });

  it("locks the account after 5 wrong passwords from one address, so even the right one then fails there", async () => {
    const email = "manager@isac.concord.test";
    const ip = freshIp();
    const before = t.auditRows().length;
    for (let i = 0; i < 5; i++) {
      expect(await signIn({ email, password: `wrong password ${i}`, clientIp: ip, userAgent: null })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: ip, userAgent: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const reasons = t
      .auditRows()
      .slice(before)
      .map((r) => JSON.parse(r.detail!).reason);
    expect(reasons).toEqual([
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "locked",
    ]);
    // The lock is in the database, keyed by a hash of the account and address: no email or address is stored.
    const pair = t.db.$client
      .prepare("SELECT * FROM sign_in_account_addresses WHERE locked_until IS NOT NULL")
      .all() as Record<string, unknown>[];
    expect(pair).toHaveLength(1);
    expect(JSON.stringify(pair)).not.toMatch(/manager|isac|192\.0\.2/);
    expect(new Date(pair[0]!.locked_until as string).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // Once the lock has passed, the right password works again.
    t.db.$client
      .prepare("UPDATE sign_in_account_addresses SET locked_until = ?")
      .run(new Date(Date.now() - 1000).toISOString());
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: ip, userAgent: null })).toMatchObject({ ok: true });
  });

  it("refuses a suspended user with the same answer", async () => {
    const admin = t.actorFor("admin@police.concord.test");
    const email = "supervisor@police.concord.test";
    expect(await setUserStatus(admin, t.userId(email), "suspended")).toEqual({ ok: true });
    expect(await signIn({ email, password: DEMO_PASSWORD, clientIp: freshIp(), userAgent: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ reason: "suspended" });
  });

  it("limits attempts from one address (LOGIN_IP_LIMIT)", async () => {
    t.setEnv({ LOGIN_IP_LIMIT: "3" });
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect(
        await signIn({
          email: "nobody@police.concord.test",
          password: "whatever whatever",
          clientIp: ip,
          userAgent: null,
        }),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    // The limit holds even for the right password.
    expect(
      await signIn({ email: "court@probation.concord.test", password: DEMO_PASSWORD, clientIp: ip, userAgent: null }),
    ).toEqual({ ok: false, reason: "rate-limited" });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "auth.sign_in", outcome: "failed", actorUserId: null });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ reason: "rate-limited" });
    // Another address is not affected.
    expect(
      await signIn({
        email: "court@probation.concord.test",
        password: DEMO_PASSWORD,
        clientIp: freshIp(),
        userAgent: null,
      }),
    ).toMatchObject({ ok: true });
    t.setEnv({ LOGIN_IP_LIMIT: undefined });
  });

  it("sets a browser-session cookie: no Max-Age or Expires, so closing the browser ends it", async () => {
    const result = await signIn({
      email: "practitioner@probation.concord.test",
      password: DEMO_PASSWORD,
      clientIp: freshIp(),
      userAgent: null,
    });
    if (!result.ok) throw new Error("sign-in refused");
    expect(result.cookie).not.toMatch(/Max-Age/i);
    expect(result.cookie).not.toMatch(/Expires/i);
    expect(result.cookie).toMatch(/HttpOnly/i);
  });

  it("stores only a hash of each session token: no id in the sessions table signs anyone in", async () => {
    const result = await signIn({
      email: "spo@probation.concord.test",
      password: DEMO_PASSWORD,
      clientIp: freshIp(),
      userAgent: null,
    });
    if (!result.ok) throw new Error("sign-in refused");
    const token = cookiePair(result.cookie).split("=")[1]!;
    const ids = (t.db.$client.prepare(`SELECT id FROM sessions`).all() as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(token);
    expect(ids).toContain(createHash("sha256").update(token).digest("hex"));
    // The token itself still works; a copy of the table's ids does not.
    expect(
      await getSession(new Request("http://localhost/", { headers: { Cookie: cookiePair(result.cookie) } })),
    ).not.toBeNull();
    for (const id of ids)
      expect(
        await getSession(new Request("http://localhost/", { headers: { Cookie: `concord_session=${id}` } })),
      ).toBeNull();
  });

  describe("outside demo mode (CONCORD_DEMO unset)", () => {
    beforeAll(() => t.setEnv({ CONCORD_DEMO: undefined }));
    afterAll(() => t.setEnv({ CONCORD_DEMO: "1" }));

    it("requires a second factor: sends the user to enrol and the session is not verified", async () => {
      const result = await signIn({
        email: "prosecutor@cps.concord.test",
        password: DEMO_PASSWORD,
        clientIp: freshIp(),
        userAgent: null,
        returnTo: "/cases",
      });
      expect(result).toMatchObject({ ok: true, next: "/account/mfa/setup" });
      if (!result.ok) return;
      const request = new Request("http://localhost/cases", { headers: { Cookie: cookiePair(result.cookie) } });
      const found = await getSession(request);
      expect(found?.session.mfaVerified).toBe(false);

      const error = await thrown(requireActor(request));
      expect(error).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(302);
      expect((error as Response).headers.get("Location")).toBe("/account/mfa/setup");
      expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ secondFactor: "enrolment-required" });
    });

    it("sends a request without a session to sign in, keeping where it was going", async () => {
      const error = await thrown(requireActor(new Request("http://localhost/admin/agencies?x=1")));
      expect((error as Response).status).toBe(302);
      expect((error as Response).headers.get("Location")).toBe(
        `/login?returnTo=${encodeURIComponent("/admin/agencies?x=1")}`,
      );
    });
  });
});
