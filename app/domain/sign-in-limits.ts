// The rules for slowing password and code guessing (decision 0005). Pure: the state they read and write is kept in
// the database by app/services/sign-in-limits.server.ts, so the rules hold across every process of the server.

/** Counting windows: attempts from an address, and failures on an account, are counted over this long. */
export const WINDOW_MS = 15 * 60_000;

/** Consecutive failures on one account from one address that lock that account at that address... */
export const MAX_FAILED_SIGN_INS = 5;
/** ...for this long. */
export const LOCKOUT_MINUTES = 15;

/** Failures on one account within the window, from any addresses, after which attempts on it are spaced out. */
export const SLOW_AFTER_FAILURES = 5;
/** The spacing starts at one second and doubles with each further failure, up to this. */
export const MAX_SPACING_MS = 30_000;
/** An attempt that would have to wait longer than this for its turn is refused at once, unchecked. */
export const MAX_WAIT_MS = 10_000;

/** An address the account completed a sign-in from within this long is familiar: it is not slowed. */
export const FAMILIAR_FOR_MS = 30 * 24 * 60 * 60_000;

const ms = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : Number.NEGATIVE_INFINITY);

export function isLocked(lockedUntil: string | null | undefined, now: Date): boolean {
  return ms(lockedUntil) > now.getTime();
}

/** Whether a count that began at windowStartedAt still runs at now. */
export function inWindow(windowStartedAt: string | null | undefined, now: Date): boolean {
  return now.getTime() - ms(windowStartedAt) < WINDOW_MS;
}

/** One account at one address after a failed password or code: five in a row (within a window) lock it there. */
export function afterPairFailure(
  pair: { consecutiveFailures: number; updatedAt: string } | undefined,
  now: Date,
): { consecutiveFailures: number; lockedUntil: string | null } {
  const failures = (pair && inWindow(pair.updatedAt, now) ? pair.consecutiveFailures : 0) + 1;
  if (failures >= MAX_FAILED_SIGN_INS)
    return { consecutiveFailures: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() };
  return { consecutiveFailures: failures, lockedUntil: null };
}

export function isFamiliar(lastSignedInAt: string | null | undefined, now: Date): boolean {
  return now.getTime() - ms(lastSignedInAt) < FAMILIAR_FOR_MS;
}

/** How far apart attempts on an account must be, given its failures within the window (0: not slowed). */
export function spacingMs(failures: number): number {
  if (failures < SLOW_AFTER_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - SLOW_AFTER_FAILURES), MAX_SPACING_MS);
}

/**
 * An attempt's turn on a slowed account: it goes at the account's next free moment (now if that has passed), and
 * the one after it is spacing later. Refused when the turn is more than MAX_WAIT_MS away.
 */
export function nextTurn(
  nextAttemptAt: string | null | undefined,
  failures: number,
  now: Date,
): { go: true; waitMs: number; nextAttemptAt: string | null } | { go: false } {
  const spacing = spacingMs(failures);
  if (spacing === 0) return { go: true, waitMs: 0, nextAttemptAt: null };
  const turn = Math.max(ms(nextAttemptAt), now.getTime());
  const waitMs = turn - now.getTime();
  if (waitMs > MAX_WAIT_MS) return { go: false };
  return { go: true, waitMs, nextAttemptAt: new Date(turn + spacing).toISOString() };
}
