// Sign-in limits kept in the database (decision 0005), so that they hold across every process of the server: the
// per-address limit, the lock on one account at one address, and the spacing of attempts on one account from many
// addresses. The rules are in app/domain/sign-in-limits.ts; this module keeps their state.
import { createHmac, type KeyObject } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import {
  afterPairFailure,
  FAMILIAR_FOR_MS,
  inWindow,
  isFamiliar,
  isLocked,
  nextTurn,
  WINDOW_MS,
} from "~/domain/sign-in-limits";
import { signInAccountAddresses, signInAccountWindows, signInAddressWindows } from "../../db/schema";
import { deriveKey } from "./secret-box.server";

/** The time, and waiting for a turn: tests pass one that moves on by itself instead of sleeping. */
export type Clock = { now(): Date; sleep(ms: number): Promise<void> };
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let hashKey: { secret: KeyObject; key: KeyObject } | undefined;

/**
 * A keyed hash of an email or address, so the tables hold neither (addresses are personal data, and IPv4 is too
 * small a space for a plain hash). The key is derived from CONCORD_SECRET_KEY for this purpose only.
 */
function keyOf(kind: "account" | "address", value: string): string {
  const secret = getConfig().secretKey;
  if (hashKey?.secret !== secret) hashKey = { secret, key: deriveKey(secret, "concord/sign-in-limits/v1") };
  return createHmac("sha256", hashKey.key).update(`${kind}:${value}`).digest("base64url").slice(0, 32);
}

/** Accounts are keyed by the email typed (trimmed, lower case): unknown emails are counted exactly as real ones. */
export function accountKey(email: string): string {
  return keyOf("account", email.trim().toLowerCase());
}

function addressKey(address: string): string {
  return keyOf("address", address);
}

/**
 * Counts one sign-in attempt from an address; false once it has made more than `limit` in its window. One
 * statement, so two processes counting at once both count.
 */
export function takeAddressAttempt(address: string, limit: number, now = new Date()): boolean {
  const windowFloor = new Date(now.getTime() - WINDOW_MS).toISOString();
  const row = getDb()
    .$client.prepare(
      `INSERT INTO sign_in_address_windows (address_key, window_started_at, attempts) VALUES (?, ?, 1)
       ON CONFLICT (address_key) DO UPDATE SET
         attempts = CASE WHEN window_started_at <= ? THEN 1 ELSE attempts + 1 END,
         window_started_at = CASE WHEN window_started_at <= ? THEN excluded.window_started_at ELSE window_started_at END
       RETURNING attempts`,
    )
    .get(addressKey(address), now.toISOString(), windowFloor, windowFloor) as { attempts: number };
  return row.attempts <= limit;
}

export type Admission = { go: true; waitMs: number } | { go: false; reason: "locked" | "slowed" };

/**
 * Whether an attempt (a password or a code) on an account from an address may be checked: not while that account
 * is locked at that address; from an unfamiliar address on an account with many recent failures, only at its turn
 * (waitMs from now), or not at all when its turn is too far off. Taking a turn is written at once, under the write
 * lock, so attempts at any process queue behind each other.
 */
export function admitAttempt(email: string, address: string, now = new Date()): Admission {
  const account = accountKey(email);
  const where = and(
    eq(signInAccountAddresses.accountKey, account),
    eq(signInAccountAddresses.addressKey, addressKey(address)),
  );
  return getDb().transaction((tx) => {
    const pair = tx.select().from(signInAccountAddresses).where(where).get();
    if (isLocked(pair?.lockedUntil, now)) return { go: false, reason: "locked" } as const;
    if (isFamiliar(pair?.lastSignedInAt, now)) return { go: true, waitMs: 0 } as const;
    const counted = tx.select().from(signInAccountWindows).where(eq(signInAccountWindows.accountKey, account)).get();
    if (!counted || !inWindow(counted.windowStartedAt, now)) return { go: true, waitMs: 0 } as const;
    const turn = nextTurn(counted.nextAttemptAt, counted.failures, now);
    if (!turn.go) return { go: false, reason: "slowed" } as const;
    if (turn.nextAttemptAt)
      tx.update(signInAccountWindows)
        .set({ nextAttemptAt: turn.nextAttemptAt })
        .where(eq(signInAccountWindows.accountKey, account))
        .run();
    return { go: true, waitMs: turn.waitMs } as const;
  });
}

/** A wrong password or code: counts toward the lock at this address and toward slowing the account everywhere. */
export function recordFailedAttempt(email: string, address: string, now = new Date()): void {
  const account = accountKey(email);
  const at = now.toISOString();
  const db = getDb();
  db.transaction((tx) => {
    const where = and(
      eq(signInAccountAddresses.accountKey, account),
      eq(signInAccountAddresses.addressKey, addressKey(address)),
    );
    const pair = tx.select().from(signInAccountAddresses).where(where).get();
    const next = afterPairFailure(pair, now);
    if (pair)
      tx.update(signInAccountAddresses)
        .set({ ...next, updatedAt: at })
        .where(where)
        .run();
    else
      tx.insert(signInAccountAddresses)
        .values({ accountKey: account, addressKey: addressKey(address), ...next, updatedAt: at })
        .run();

    const counted = tx.select().from(signInAccountWindows).where(eq(signInAccountWindows.accountKey, account)).get();
    if (!counted)
      tx.insert(signInAccountWindows).values({ accountKey: account, windowStartedAt: at, failures: 1 }).run();
    else if (!inWindow(counted.windowStartedAt, now))
      tx.update(signInAccountWindows)
        .set({ windowStartedAt: at, failures: 1, nextAttemptAt: null })
        .where(eq(signInAccountWindows.accountKey, account))
        .run();
    else
      tx.update(signInAccountWindows)
        .set({ failures: counted.failures + 1 })
        .where(eq(signInAccountWindows.accountKey, account))
        .run();
  });
  pruneSignInLimits(now);
}

/**
 * A completed sign-in (the second factor passed, or not needed): the count at this address starts again and the
 * address becomes familiar. The account's failures from elsewhere still count: a guesser is not let off by its
 * owner signing in.
 */
export function recordSignedIn(email: string, address: string, now = new Date()): void {
  const at = now.toISOString();
  getDb()
    .insert(signInAccountAddresses)
    .values({
      accountKey: accountKey(email),
      addressKey: addressKey(address),
      consecutiveFailures: 0,
      lockedUntil: null,
      lastSignedInAt: at,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: [signInAccountAddresses.accountKey, signInAccountAddresses.addressKey],
      set: { consecutiveFailures: 0, lockedUntil: null, lastSignedInAt: at, updatedAt: at },
    })
    .run();
}

/** Clears every lock and count on an account (its password set by a link, or re-enabled by an administrator). */
export function clearSignInLimits(email: string): void {
  const account = accountKey(email);
  const db = getDb();
  db.transaction((tx) => {
    tx.delete(signInAccountAddresses).where(eq(signInAccountAddresses.accountKey, account)).run();
    tx.delete(signInAccountWindows).where(eq(signInAccountWindows.accountKey, account)).run();
  });
}

/** Drops rows that can no longer matter (old windows; account-address rows neither locked nor familiar). */
export function pruneSignInLimits(now = new Date()): void {
  const windowFloor = new Date(now.getTime() - WINDOW_MS).toISOString();
  const db = getDb();
  db.delete(signInAddressWindows).where(lt(signInAddressWindows.windowStartedAt, windowFloor)).run();
  // A window's spacing can outlast it by at most MAX_SPACING_MS; twice the window is more than enough.
  db.delete(signInAccountWindows)
    .where(lt(signInAccountWindows.windowStartedAt, new Date(now.getTime() - 2 * WINDOW_MS).toISOString()))
    .run();
  db.delete(signInAccountAddresses)
    .where(lt(signInAccountAddresses.updatedAt, new Date(now.getTime() - FAMILIAR_FOR_MS).toISOString()))
    .run();
}
