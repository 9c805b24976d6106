// Sign-in limits (decision 0005) on a real database: the hard lock is on one account at one address, so nobody can
// lock someone else out; failures from many addresses slow the account (each attempt waits its turn, one whose turn
// is too far off is refused unchecked) except at addresses the account has signed in from; unknown emails are
// treated alike, so nothing tells which accounts exist. A clock that moves on when asked to wait stands in for time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WAIT_MS, WINDOW_MS } from "~/domain/sign-in-limits";
import { signIn } from "~/services/sign-in.server";
import { pruneSignInLimits, takeAddressAttempt, type Clock } from "~/services/sign-in-limits.server";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
});
afterAll(() => t.cleanup());

/** A clock that stands still until asked to wait, and records each wait. */
function fakeClock(start = Date.now()) {
  let ms = start;
  const waits: number[] = [];
  const clock: Clock = {
    now: () => new Date(ms),
    sleep: async (wait) => {
      waits.push(wait);
      ms += wait;
    },
  };
  return { clock, waits, advance: (by: number) => (ms += by) };
}

const attempt = (email: string, clientIp: string, clock: Clock, password = DEMO_PASSWORD) =>
  signIn({ email, password, clientIp, userAgent: null }, clock);
const lastReason = () => JSON.parse(t.auditRows().at(-1)!.detail!).reason as string;

describe("the lock on one account at one address", () => {
  it("five wrong passwords lock the account there and nowhere else", async () => {
    const { clock } = fakeClock();
    const email = "investigator@police.concord.test";
    for (let i = 0; i < 5; i++)
      expect(await attempt(email, "198.51.100.1", clock, `wrong ${i}`)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(email, "198.51.100.1", clock)).toEqual({ ok: false, reason: "invalid" });
    expect(lastReason()).toBe("locked");
    // The owner, at another address, signs in.
    expect(await attempt(email, "198.51.100.2", clock)).toMatchObject({ ok: true });
  });

  it("a completed sign-in starts the count at that address again", async () => {
    const { clock } = fakeClock();
    const email = "spoc@police.concord.test";
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        expect(await attempt(email, "198.51.100.3", clock, `wrong ${i}`)).toMatchObject({ ok: false });
      expect(await attempt(email, "198.51.100.3", clock)).toMatchObject({ ok: true });
    }
  });
});

describe("one account tried from many addresses", () => {
  it("is slowed, not locked: each attempt waits its turn; the owner's usual address is not slowed", async () => {
    const { clock, waits, advance } = fakeClock();
    const email = "advocate@isac.concord.test";
    // The owner signed in from the office before: that address is familiar.
    expect(await attempt(email, "203.0.113.10", clock)).toMatchObject({ ok: true });

    for (let i = 0; i < 9; i++)
      expect(await attempt(email, `198.51.100.${20 + i}`, clock, `guess ${i}`)).toEqual({
        ok: false,
        reason: "invalid",
      });
    // No waiting for the first five failures; then turns 1 s, 2 s and 4 s apart, doubling.
    expect(waits).toEqual([1000, 2000, 4000]);

    // The owner at the office goes straight in.
    expect(await attempt(email, "203.0.113.10", clock)).toMatchObject({ ok: true });
    expect(waits).toHaveLength(3);
    // From a new address the right password works once its turn comes (8 s away)...
    expect(await attempt(email, "198.51.100.40", clock)).toMatchObject({ ok: true });
    expect(waits.at(-1)).toBe(8000);
    // ...and an attempt whose turn is more than 10 s off is refused at once, unchecked, saying to wait.
    const before = waits.length;
    expect(await attempt(email, "198.51.100.41", clock)).toEqual({ ok: false, reason: "slowed" });
    expect(waits).toHaveLength(before);
    expect(lastReason()).toBe("slowed");
    expect(MAX_WAIT_MS).toBe(10_000);

    // Nothing is locked: once the window has passed, a new address goes straight in.
    advance(2 * WINDOW_MS);
    const quiet = waits.length;
    expect(await attempt(email, "198.51.100.42", clock)).toMatchObject({ ok: true });
    expect(waits).toHaveLength(quiet);
  });

  it("an unknown email is slowed exactly as a real one, so slowing reveals nothing", async () => {
    const real = fakeClock();
    const unknown = fakeClock();
    const outcomes = async (email: string, clock: Clock, waits: number[]) => {
      const results: string[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await attempt(email, `192.0.2.${100 + i}`, clock, `guess ${i}`);
        results.push(r.ok ? "ok" : r.reason);
      }
      return { results, waits: [...waits] };
    };
    const a = await outcomes("practitioner@probation.concord.test", real.clock, real.waits);
    const b = await outcomes("nobody-here@probation.concord.test", unknown.clock, unknown.waits);
    expect(a).toEqual(b);
    expect(a.results.at(-1)).toBe("slowed");
  });
});

describe("the per-address limit", () => {
  it("is counted in the database, so every process shares it, and forgets a window once it has passed", () => {
    const start = new Date("2030-01-01T09:00:00.000Z");
    for (let i = 0; i < 3; i++) expect(takeAddressAttempt("198.51.100.200", 3, start)).toBe(true);
    expect(takeAddressAttempt("198.51.100.200", 3, start)).toBe(false);
    expect(takeAddressAttempt("198.51.100.201", 3, start)).toBe(true);
    const later = new Date(start.getTime() + WINDOW_MS);
    expect(takeAddressAttempt("198.51.100.200", 3, later)).toBe(true);
    const rows = t.db.$client.prepare("SELECT * FROM sign_in_address_windows").all();
    expect(JSON.stringify(rows)).not.toContain("198.51.100");
  });

  it("old rows are pruned", () => {
    const far = new Date("2031-01-01T00:00:00.000Z");
    pruneSignInLimits(far);
    for (const table of ["sign_in_address_windows", "sign_in_account_windows", "sign_in_account_addresses"]) {
      expect((t.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
  });
});
