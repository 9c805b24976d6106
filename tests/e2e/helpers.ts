import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

/** Where the e2e server listens (playwright.config.ts starts it; E2E_PORT moves it). */
export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3210}`;

/** The password every demo account shares (db/seed/demo-accounts.ts). */
export const DEMO_PASSWORD = "Concord-demo-2026!";

/** The one message for every failed sign-in (app/routes/login.tsx). */
export const SIGN_IN_FAILED = "Enter a correct email address and password. After 5 failed attempts an account is locked for 15 minutes.";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core on the page as it is now and fails with a readable list (rule, impact, the offending
 * elements) when there is any WCAG 2.2 A/AA violation.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const described = results.violations.map(
    (v) => `${v.id} (${v.impact ?? "no impact"}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\n/g, " ") ?? ""}`).join("\n")}`,
  );
  expect(described, `axe found accessibility violations on ${page.url()}`).toEqual([]);
  // A sanity check that axe really looked at the page (for example that its script was not blocked).
  expect(results.passes.length, `axe checked nothing on ${page.url()}`).toBeGreaterThan(5);
}

/** The GOV.UK error summary on the page. */
export function errorSummary(page: Page) {
  return page.locator(".govuk-error-summary");
}

/**
 * Runs an action that loads a new document (a full-page form post or link) and waits until that document
 * has loaded, so later checks cannot pass on the page that was there before.
 */
export async function loadsNewDocument(page: Page, action: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame(), timeout: 15_000 });
  try {
    await action();
  } catch (error) {
    navigated.catch(() => undefined);
    throw error;
  }
  await navigated;
  await page.waitForLoadState("load");
}

/** Fills and sends the sign-in form, without checking where it leads. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/login") await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Sign in" }).click());
}

/** Signs in an account that needs no second factor (demo mode) and waits for My work. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await expectMyWork(page);
}

/** Still on the sign-in page (after a refused attempt the address may keep its query, like ?signedOut=1). */
export async function expectSignInPage(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();
}

export async function expectMyWork(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
}

/** Signs out with the header button and waits for the signed-out sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Sign out", exact: true }).click());
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByText("You have signed out")).toBeVisible();
}

/** The 6-digit code an authenticator app would show now for a base32 key (spaces allowed). */
export function totpFor(key: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(key.replace(/\s+/g, "")), digits: 6, period: 30, algorithm: "SHA1" });
}

/** The 30-second time step a timestamp falls in. */
export function timeStep(at = Date.now()): number {
  return Math.floor(at / 30_000);
}

/** Enrols the signed-in person's authenticator app; returns the key, the code used and the recovery codes. */
export async function enrolAuthenticator(page: Page): Promise<{ key: string; usedCode: string; usedStep: number; recoveryCodes: string[] }> {
  await page.goto("/account/mfa/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Set up your authenticator app" })).toBeVisible();
  const key = ((await page.getByTestId("manual-key").textContent()) ?? "").replace(/\s+/g, "");
  expect(key).toMatch(/^[A-Z2-7]{16,}$/);
  // A code taken in the last second of a step may reach the server in the next one; still valid (window 1),
  // but waiting a moment keeps the step we record exact.
  if (30_000 - (Date.now() % 30_000) < 1_500) await page.waitForTimeout(1_600);
  const usedStep = timeStep();
  const usedCode = totpFor(key).generate();
  await page.getByLabel("Code from your authenticator app").fill(usedCode);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: "Your authenticator app is set up" })).toBeVisible();
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  return { key, usedCode, usedStep, recoveryCodes };
}
