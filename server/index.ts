import cluster from "node:cluster";
import { getConfig } from "../app/config.server";
import { logger } from "../app/logger.server";
import { runPrimary } from "./primary";
import { serve } from "./serve";

// One port for pages and sockets. WORKERS > 1 (default: one per core; decision 0022): this process becomes the
// primary, which listens and hands connections to that many worker processes, each serving as a single process
// would. WORKERS=1, or development with Vite (--dev): this one process serves everything.
const development = process.argv.includes("--dev");

async function main(): Promise<void> {
  if (cluster.isWorker) return serve({ development: false, worker: true });
  const config = getConfig();
  if (development || config.workers === 1) return serve({ development, worker: false });
  return runPrimary({
    workers: config.workers,
    port: config.port,
    host: config.host,
    databasePath: config.databasePath,
    logger: logger.child({ role: "primary" }),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Concord could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
