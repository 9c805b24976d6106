import { expect, test } from "@playwright/test";
import {
  DEMO_PASSWORD,
  enrolAuthenticator,
  errorSummary,
  expectMyWork,
  expectNoAxeViolations,
  loadsNewDocument,
  signInFresh,
  signOut,
  submitSignIn,
  timeStep,
  totpFor,
} from "./helpers";

test("an authenticator app is set up, then a used code is refused and the next one lets the person in", async ({
  page,
}) => {
  // Up to one 30-second step of waiting for a fresh code.
  test.setTimeout(90_000);

  // Demo mode: no second factor needed to sign in until the person sets one up.
  await signInFresh(page, "clinician@health.concord.test");
  await page.goto("/account/mfa/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Set up your authenticator app" })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // A wrong code is refused and the page says so.
  const key = ((await page.getByTestId("manual-key").textContent()) ?? "").replace(/\s+/g, "");
  const wrong = String((Number(totpFor(key).generate()) + 1) % 1_000_000).padStart(6, "0");
  await page.getByLabel("Code from your authenticator app").fill(wrong);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(errorSummary(page)).toContainText("The code is not correct");
  await expectNoAxeViolations(page);

  const { key: sameKey, usedCode, usedStep, recoveryCodes } = await enrolAuthenticator(page);
  expect(sameKey).toBe(key);
  expect(recoveryCodes).toHaveLength(10);
  for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
  expect(new Set(recoveryCodes).size).toBe(10);
  await expectNoAxeViolations(page);

  // The account page now says the app is set up.
  await page.goto("/account/sessions");
  await expect(page.getByText("Your authenticator app is set up. You have 10 unused recovery codes.")).toBeVisible();

  await signOut(page);
  await submitSignIn(page, "clinician@health.concord.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa(\?|$)/);
  const codeField = page.getByRole("textbox", { name: "Enter the code from your authenticator app" });
  await expect(codeField).toBeVisible();
  // Half-signed-in: nothing of the service is shown yet, and other pages send the person back here.
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The code that confirmed enrolment cannot be used again, even though it is still within its window.
  expect(timeStep() - usedStep, "the replay must happen while the used code is still valid").toBeLessThanOrEqual(1);
  await codeField.fill(usedCode);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Continue" }).click());
  await expect(page).toHaveURL(/\/login\/mfa(\?|$)/);
  await expect(errorSummary(page)).toContainText("That code has already been used");
  await expect(errorSummary(page)).toBeFocused();
  await expectNoAxeViolations(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\/mfa$/);

  // Wait for the authenticator to show the next code (at most one 30-second step), then use it.
  const waitMs = (usedStep + 1) * 30_000 - Date.now() + 500;
  expect(waitMs).toBeLessThanOrEqual(31_000);
  if (waitMs > 0) await page.waitForTimeout(waitMs);
  expect(timeStep()).toBeGreaterThan(usedStep);
  await page.getByRole("textbox", { name: "Enter the code from your authenticator app" }).fill(totpFor(key).generate());
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Continue" }).click());
  await expectMyWork(page);
  await expect(page.getByTestId("signed-in-user")).toContainText("Ada Quarrie");

  // Set up once: the setup page now says so instead of showing a new key.
  await page.goto("/account/mfa/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Your authenticator app is already set up" })).toBeVisible();
  await expect(page.getByTestId("manual-key")).toHaveCount(0);
});

test("a recovery code lets a person in once", async ({ page }) => {
  const email = "psychiatrist@health.concord.test";
  await signInFresh(page, email);
  const { recoveryCodes } = await enrolAuthenticator(page);
  expect(recoveryCodes).toHaveLength(10);
  const [first, second] = recoveryCodes as [string, string];
  await page.getByRole("link", { name: "Continue to your home page" }).click();
  await expectMyWork(page);
  await signOut(page);

  await submitSignIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa(\?|$)/);
  await page.getByRole("link", { name: /use a recovery code/ }).click();
  await expect(page).toHaveURL(/\/login\/mfa\?recovery=1$/);
  const recoveryField = page.getByRole("textbox", { name: "Enter one of your recovery codes" });
  await expect(recoveryField).toBeVisible();
  await expectNoAxeViolations(page);

  await recoveryField.fill(first);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Continue" }).click());
  await expectMyWork(page);
  await page.goto("/account/sessions");
  await expect(page.getByText("You have 9 unused recovery codes.")).toBeVisible();
  await signOut(page);

  // The same code again is refused; another one works.
  await submitSignIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa(\?|$)/);
  await page.goto("/login/mfa?recovery=1");
  await page.getByRole("textbox", { name: "Enter one of your recovery codes" }).fill(first);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Continue" }).click());
  await expect(page).toHaveURL(/\/login\/mfa\?recovery=1$/);
  await expect(errorSummary(page)).toContainText("The code is not correct");
  await expectNoAxeViolations(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\/mfa$/);

  await page.goto("/login/mfa?recovery=1");
  // Recovery codes are accepted without their hyphen and in capitals, as people may type them.
  await page
    .getByRole("textbox", { name: "Enter one of your recovery codes" })
    .fill(second.replace("-", "").toUpperCase());
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Continue" }).click());
  await expectMyWork(page);
  await expect(page.getByTestId("signed-in-user")).toContainText("Dr Tomasz Reid");
});
