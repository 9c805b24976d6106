import { expect, test } from "@playwright/test";
import {
  DEMO_PASSWORD,
  SIGN_IN_FAILED,
  errorSummary,
  expectMyWork,
  expectNoAxeViolations,
  signInFresh,
  signOut,
  submitSignIn,
} from "./helpers";

// Each test uses its own demo account: the tests share one database.

test("a demo account signs in and lands on My work with its name and agency in the header", async ({ page }) => {
  await page.goto("/login");
  await expect(page).toHaveTitle("Sign in – Concord");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();
  await expectNoAxeViolations(page);

  await submitSignIn(page, "investigator@police.concord.test", DEMO_PASSWORD);
  await expectMyWork(page);
  await expect(page).toHaveTitle("My work – Concord");
  const header = page.getByTestId("signed-in-user");
  await expect(header).toContainText("Dana Whitlock");
  await expect(header).toContainText("Northshire Police");
  await expect(
    page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "My work" }),
  ).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(page);

  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Your account" })
    .click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("sessions")).toContainText("This session");
  await expectNoAxeViolations(page);
});

test("a wrong password and an unknown email get the same message and stay on the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await submitSignIn(page, "supervisor@police.concord.test", "not-the-password-1");
  await expect(page).toHaveURL(/\/login$/);
  await expect(errorSummary(page)).toBeVisible();
  await expect(errorSummary(page)).toBeFocused();
  const wrongPassword = (await errorSummary(page).locator(".govuk-error-summary__list").innerText()).trim();
  expect(wrongPassword).toBe(SIGN_IN_FAILED);
  // The email stays filled in; the password never comes back.
  await expect(page.getByLabel("Email address")).toHaveValue("supervisor@police.concord.test");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expectNoAxeViolations(page);

  await submitSignIn(page, "nobody.here@police.concord.test", "not-the-password-1");
  await expect(page).toHaveURL(/\/login$/);
  await expect(errorSummary(page)).toBeVisible();
  const unknownEmail = (await errorSummary(page).locator(".govuk-error-summary__list").innerText()).trim();
  expect(unknownEmail).toBe(wrongPassword);
  await expect(page.getByLabel("Email address")).toHaveValue("nobody.here@police.concord.test");
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);

  // And the account itself still works: one wrong password does not lock it.
  await submitSignIn(page, "supervisor@police.concord.test", DEMO_PASSWORD);
  await expectMyWork(page);
});

test("an empty form says what is missing in a GOV.UK error summary", async ({ page }) => {
  await page.goto("/login");
  await submitSignIn(page, "", "");
  await expect(page).toHaveURL(/\/login$/);
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Enter your email address" })).toHaveAttribute("href", "#email");
  await expect(summary.getByRole("link", { name: "Enter your password" })).toHaveAttribute("href", "#password");
  // Each field shows its own message too, and is linked to it for screen readers.
  await expect(page.locator("#email-error")).toContainText("Enter your email address");
  await expect(page.locator("#password-error")).toContainText("Enter your password");
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-describedby", /email-error/);
  await expectNoAxeViolations(page);

  // The summary's link moves focus to the field.
  await summary.getByRole("link", { name: "Enter your password" }).click();
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
});

test("signing out returns to the sign-in page and the session no longer works", async ({ page }) => {
  await signInFresh(page, "prosecutor@cps.concord.test");
  await expect(page.getByTestId("signed-in-user")).toContainText("Hannah Pell");
  await signOut(page);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();
  await page.goto("/account/sessions");
  await expect(page).toHaveURL(/\/login\?returnTo=%2Faccount%2Fsessions$/);

  // Signing in from there goes back to the page that was asked for.
  await submitSignIn(page, "prosecutor@cps.concord.test", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
});
