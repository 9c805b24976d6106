/**
 * Emergency ("break-glass") access: read access to one case's signed-off records for a fixed time, with a
 * written reason, every view flagged in the audit log and a review afterwards. The length is data, not a
 * constant scattered through the code; change it here.
 */
export const BREAK_GLASS_HOURS = 4;

/** When a grant made at `grantedAt` ends. */
export function breakGlassExpiry(grantedAt: Date, hours: number = BREAK_GLASS_HOURS): Date {
  return new Date(grantedAt.getTime() + hours * 3_600_000);
}

/** Whether a grant ending at `expiresAt` still gives access at `now` (access ends at the expiry instant). */
export function isBreakGlassActive(expiresAt: string | Date, now: Date = new Date()): boolean {
  return new Date(expiresAt).getTime() > now.getTime();
}
