import { defineConfig } from "@playwright/test";
import fs from "node:fs";

// The end-to-end tests run against a production build served by scripts/e2e-server.ts, with a fresh demo
// database each run. Tests share that one server and database, so each test uses its own accounts.
// E2E_PORT lets several runs share a machine (each builds and serves its own copy on its own port).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${PORT}`;
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  // Playwright empties its output folder when a run starts: one folder per port, so runs side by side
  // (E2E_PORT) do not delete each other's traces mid-run.
  outputDir: process.env.E2E_PORT ? `test-results/e2e-${PORT}` : "test-results",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          ...(fs.existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
});
