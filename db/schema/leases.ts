import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Periodic sweeps run once across the server's processes (decision 0022): a process runs a sweep only when it
 * claims the sweep's row, which it can do only once the last claim has expired (app/services/sweeps.server.ts).
 */
export const sweepLeases = sqliteTable("sweep_leases", {
  name: text("name").primaryKey(),
  /** The process that claimed it last (host, process id and a random tag): for diagnosis only. */
  holder: text("holder").notNull(),
  claimedAt: text("claimed_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});
