/** After this many consecutive failures an account is locked for LOCKOUT_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil).getTime() > now.getTime();
}

/** What the account's counters become after a failed attempt. */
export function afterFailure(failedSignIns: number, now: Date): { failedSignIns: number; lockedUntil: string | null } {
  const failures = failedSignIns + 1;
  if (failures >= MAX_FAILED_SIGN_INS) {
    return { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() };
  }
  return { failedSignIns: failures, lockedUntil: null };
}
