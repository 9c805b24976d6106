import { defineConfig } from "@playwright/test";
import fs from "node:fs";

// The end-to-end tests run against a production build served by scripts/e2e-server.ts, with a fresh demo
// database each run. Tests share that one server and database, so each test uses its own accounts.
// E2E_PORT lets several runs share a machine (each builds and serves its own copy on its own port).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${PORT}`;
// The second shared server (decision 0043) listens on the next port, on a demo database of its own.
const secondBaseURL = `http://localhost:${PORT + 1}`;
// Chromium's headless shell (Debian's chromium-headless-shell, which .ci/run installs) does the same work as the full
// browser for these tests at about half its processor time (decision 0053); the full browser is the fallback.
const systemChromium = [process.env.E2E_CHROMIUM, "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find(
  (p) => p && fs.existsSync(p),
);
const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  },
};
// Specs that start servers of their own (tests/e2e/own-server.ts) on their own databases and never touch the
// shared one. They run beside the shared-server specs, one at a time each (decision 0038).
export const OWN_SERVER_SPEC_NAMES = [
  "backup-restore",
  "cluster",
  "email-invitations",
  "home-today",
  "http-responses",
  "meeting-panel-journey",
  "phone",
  "redis",
  "shutdown",
  "sign-in-limits",
  "sign-in-return",
];
const OWN_SERVER_SPECS = OWN_SERVER_SPEC_NAMES.map((name) => `**/${name}.spec.ts`);
// Shared-server specs that run on the second shared server, so that two of them run at once, each on its own
// database (decision 0043). Chosen so that this lane plus the own-server lane take about as long as the first
// shared server's lane (timings of the last full run); a spec not named here runs on the first.
export const SECOND_SERVER_SPEC_NAMES = [
  "action-links",
  "agreements",
  "pre-sentence",
  "risk-assessments",
  "routes-by-id",
  "sign-in",
];
const SECOND_SERVER_SPECS = SECOND_SERVER_SPEC_NAMES.map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  // Two at a time (the machine has two cores): two of the three lanes below.
  workers: 2,
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
    // A failed test keeps its trace (DOM snapshots, network, console) and a screenshot; the screencast is left out of
    // traces, as it cost a tenth of the run's processor time. E2E_TRACE=on records everything when you need it.
    trace: process.env.E2E_TRACE === "on" ? "on" : { mode: "retain-on-failure", screenshots: false, snapshots: true },
    screenshot: "only-on-failure",
  },
  projects: [
    // Each shared server's specs run one at a time: they share its database (each with its own accounts, but
    // counts and lists on home pages would see each other's work).
    { name: "shared-server", testIgnore: [...OWN_SERVER_SPECS, ...SECOND_SERVER_SPECS], workers: 1, use: chromium },
    {
      name: "second-shared-server",
      testMatch: SECOND_SERVER_SPECS,
      workers: 1,
      use: { ...chromium, baseURL: secondBaseURL },
    },
    { name: "own-server", testMatch: OWN_SERVER_SPECS, workers: 1, use: chromium },
  ],
  // Playwright starts these one after the other, so the second serves the build the first made.
  webServer: [
    { ...sharedServer(PORT), command: "npx remix vite:build && npx tsx scripts/e2e-server.ts", timeout: 180_000 },
    { ...sharedServer(PORT + 1), command: "npx tsx scripts/e2e-server.ts", timeout: 60_000 },
  ],
});

function sharedServer(port: number) {
  return {
    url: `http://localhost:${port}/healthz`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    // SIGTERM (not the default SIGKILL) lets the server finish and the harness remove its temporary database.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
  };
}
