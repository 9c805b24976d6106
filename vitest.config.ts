import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; integration tests use real SQLite files in a temp dir.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "db/**/*.test.ts",
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
      "tests/integration/**/*.test.ts",
    ],
    environment: "node",
    pool: "forks",
    // Test files share their worker's loaded modules (decision 0049): importing the app's module graph afresh for
    // each of 135 files was about half of the run. Each file still opens its own SQLite file (setupTestDb).
    isolate: false,
    testTimeout: 20_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
