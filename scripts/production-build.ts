// The production build (build/server/index.js), built first when it is missing or older than any source it is
// built from, so figures from `npm run bench` and `npm run loadtest` are for the code in the tree.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
export const serverBuildPath = path.join(repositoryRoot, "build/server/index.js");

/** Builds when stale; returns whether it built. Build output goes to stderr. */
export function ensureProductionBuild(label: string): boolean {
  const newest = (p: string): number => {
    const stat = fs.statSync(p);
    return stat.isDirectory()
      ? Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))))
      : stat.mtimeMs;
  };
  const sources = ["app", "db/schema", "vite.config.ts", "package.json"]
    .map((p) => path.join(repositoryRoot, p))
    .filter((p) => fs.existsSync(p));
  const stale =
    !fs.existsSync(serverBuildPath) || fs.statSync(serverBuildPath).mtimeMs < Math.max(...sources.map(newest));
  if (!stale) return false;
  const build = spawnSync("npx", ["remix", "vite:build"], {
    cwd: repositoryRoot,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (build.status !== 0) throw new Error(`${label}: npx remix vite:build failed`);
  return true;
}
