/**
 * Fixed-window counters kept in this process's memory. Enough for one node; with several nodes the
 * per-account lockout (in the database) still holds, and this moves to Redis (docs/decisions/0005).
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one attempt; returns false when the key has used up its window. */
    take(key: string, now = Date.now()): boolean {
      const w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= limit;
    },
    reset(): void {
      windows.clear();
    },
  };
}
