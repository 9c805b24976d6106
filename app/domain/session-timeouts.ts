export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** Last-seen is written at most this often, to keep page views from writing on every request. */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

export type SessionTimes = { createdAt: string; lastSeenAt: string };

export function sessionExpiry(times: SessionTimes, now: Date): "idle" | "absolute" | null {
  const t = now.getTime();
  if (t - new Date(times.createdAt).getTime() >= ABSOLUTE_TIMEOUT_MS) return "absolute";
  if (t - new Date(times.lastSeenAt).getTime() >= IDLE_TIMEOUT_MS) return "idle";
  return null;
}

export function shouldTouch(lastSeenAt: string, now: Date): boolean {
  return now.getTime() - new Date(lastSeenAt).getTime() >= LAST_SEEN_WRITE_INTERVAL_MS;
}
