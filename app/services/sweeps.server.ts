import { randomBytes } from "node:crypto";
import os from "node:os";
import { getDb } from "~/db.server";
import { logger } from "~/logger.server";

/** This process, as it signs its claims (diagnosis only: which worker ran a sweep). */
export const PROCESS_HOLDER = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

/**
 * A claim lasts nine tenths of the period, so the process that claimed last claims again at its next tick (timers
 * never fire early, but a tenth leaves room for clocks read a moment apart), and any other process may take over
 * as soon as a period has passed without one.
 */
const CLAIM_SHARE = 0.9;

/**
 * Claims the named sweep for one period: true for exactly one process until the claim expires, however many
 * processes share the database (one statement, so the check and the claim are one write under SQLite's lock).
 */
export function claimSweep(name: string, periodMs: number, holder = PROCESS_HOLDER, now = new Date()): boolean {
  const expiresAt = new Date(now.getTime() + Math.round(periodMs * CLAIM_SHARE)).toISOString();
  const claimed = getDb()
    .$client.prepare(
      `INSERT INTO sweep_leases (name, holder, claimed_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
       WHERE sweep_leases.expires_at <= excluded.claimed_at`,
    )
    .run(name, holder, now.toISOString(), expiresAt);
  return claimed.changes === 1;
}

export type SweepOptions = {
  /** The sweep's name, the key of its lease row. */
  name: string;
  /** How often it runs, across all processes. */
  everyMs: number;
  /** The first attempt after start-up (it runs then only if no process has run it within the last period). */
  firstAfterMs?: number;
};

/**
 * Runs a sweep every period in whichever one process claims it (decision 0022): every process ticks, one claims.
 * If that process stops, another claims at its next tick after the claim has expired. A sweep that throws is
 * logged and tried again at the next period. Returns a function that stops this process's ticks.
 */
export function startSweep(options: SweepOptions, sweep: (claimedAt: Date) => unknown): () => void {
  const tick = () => {
    const now = new Date();
    try {
      if (!claimSweep(options.name, options.everyMs, PROCESS_HOLDER, now)) return;
    } catch (error) {
      logger.error(
        { sweep: options.name, err: { message: error instanceof Error ? error.message : String(error) } },
        "sweep could not be claimed",
      );
      return;
    }
    try {
      logger.debug({ sweep: options.name, holder: PROCESS_HOLDER }, "sweep ran");
      const done = sweep(now);
      // An asynchronous sweep (drainInBatches) reports its failure when it ends.
      if (done instanceof Promise)
        done.catch((error: unknown) =>
          logger.error(
            { sweep: options.name, err: { message: error instanceof Error ? error.message : String(error) } },
            "sweep failed",
          ),
        );
    } catch (error) {
      logger.error(
        { sweep: options.name, err: { message: error instanceof Error ? error.message : String(error) } },
        "sweep failed",
      );
    }
  };
  const first = setTimeout(tick, options.firstAfterMs ?? 1_000);
  const timer = setInterval(tick, options.everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** Rows a sweep handles in one transaction before giving the event loop back. */
export const SWEEP_BATCH = 50;

/**
 * Runs `batch(limit)` until it takes up fewer than `limit` rows, yielding to the event loop between batches: a
 * backlog of thousands (the first sweep of a large database, or after downtime) must not hold every request for
 * seconds, as one synchronous pass over 100,000 cases did (11 s in the profile). Returns the rows taken up.
 */
export async function drainInBatches(batch: (limit: number) => number, limit = SWEEP_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const taken = batch(limit);
    total += taken;
    if (taken < limit) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
