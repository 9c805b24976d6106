import { createAdapter as clusterAdapter } from "@socket.io/cluster-adapter";
import { createAdapter as redisAdapter } from "@socket.io/redis-adapter";
import cluster from "node:cluster";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { getConfig } from "~/config.server";
import { logger } from "~/logger.server";

/**
 * How this process's socket.io reaches the others serving the same database (decision 0022), one interface
 * (socket.io's adapter) chosen by configuration:
 * - REDIS_URL set: the Redis adapter, for server processes on several machines or started separately;
 * - a worker of the clustered server (WORKERS > 1): the cluster adapter, over the primary's IPC channel;
 * - otherwise one process: socket.io's own in-memory adapter.
 * Rooms, broadcasts, disconnecting a user's sockets and server-side events then reach every process.
 */
export type RealtimeLink = { kind: "redis" | "cluster" | "local"; close(): Promise<void> };

export async function linkProcesses(io: Server): Promise<RealtimeLink> {
  const { redisUrl } = getConfig();
  if (redisUrl) {
    const pub = createClient({ url: redisUrl });
    const sub = pub.duplicate();
    // The client reconnects by itself; until it does, events do not reach the other processes. The address is
    // never logged: it may carry a password.
    for (const client of [pub, sub])
      client.on("error", (error: Error) =>
        logger.error({ err: { message: error.message } }, "Redis connection failed"),
      );
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.destroy();
      sub.destroy();
      throw new Error(
        `Could not connect to Redis at REDIS_URL: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    io.adapter(redisAdapter(pub, sub));
    return {
      kind: "redis",
      // The subscriber first: a question from another process (whose answer this process publishes) can then no
      // longer arrive after the publisher has closed, which rejected unhandled and crashed the stopping process.
      async close() {
        await sub.close().catch(() => undefined);
        await pub.close().catch(() => undefined);
      },
    };
  }
  if (cluster.isWorker) {
    io.adapter(clusterAdapter());
    return { kind: "cluster", close: async () => {} };
  }
  return { kind: "local", close: async () => {} };
}
