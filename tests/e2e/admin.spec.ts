import { expect, test, type Page } from "@playwright/test";
import {
  baseUrl,
  SIGN_IN_FAILED,
  errorSummary,
  expectMyWork,
  expectSignInPage,
  expectNoAxeViolations,
  loadsNewDocument,
  signIn,
  signOut,
  submitSignIn,
} from "./helpers";

const POLICE_ADMIN = "admin@police.concord.test";
const NEW_PASSWORD = "harbour lantern violet 42";

function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1000)}@police.concord.test`;
}

/** As the signed-in police agency administrator: opens People. */
async function openPeople(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "People" }).click();
  await expect(page).toHaveURL(/\/admin\/agencies\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "People in Northshire Police" })).toBeVisible();
}

/** As the signed-in police agency administrator: adds an investigator and returns the one-time password link. */
async function addInvestigator(page: Page, name: string, email: string): Promise<string> {
  await openPeople(page);
  await page.getByRole("link", { name: "Add a person" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a person" })).toBeVisible();
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Work email address").fill(email);
  await page.getByRole("checkbox", { name: /^Investigator/ }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Account created" })).toBeVisible();
  const link = ((await page.getByTestId("password-link").textContent()) ?? "").trim();
  expect(link.startsWith(`${baseUrl()}/set-password/`), link).toBe(true);
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{20,}$/);
  return link;
}

/** Opens a one-time link and sets the password (signed out). */
async function setPassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(password);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save password" }).click());
  await expect(page).toHaveURL(/\/login\?passwordSet=1$/);
  await expect(page.getByText("Your password has been saved. Sign in with it now")).toBeVisible();
}

test("an agency administrator adds a person, who sets a password from the link and signs in", async ({ page }) => {
  const name = "Jordan Pike";
  const email = uniqueEmail("new.officer");

  await signIn(page, POLICE_ADMIN);
  await expect(page.getByTestId("signed-in-user")).toContainText("Morgan Teale");
  await openPeople(page);
  await expect(page.getByTestId("people")).toContainText("investigator@police.concord.test");
  // People of other agencies are not listed.
  await expect(page.getByTestId("people")).not.toContainText("@health.concord.test");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Add a person" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a person" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sent empty: every problem is listed.
  await page.getByRole("button", { name: "Create account" }).click();
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter the person's full name" })).toHaveAttribute("href", "#name");
  await expect(summary.getByRole("link", { name: "Enter an email address" })).toHaveAttribute("href", "#email");
  await expect(summary.getByRole("link", { name: "Select at least one role" })).toHaveAttribute("href", "#roles");
  await expectNoAxeViolations(page);

  // An existing email address is refused, and what was typed stays.
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Work email address").fill("investigator@police.concord.test");
  await page.getByRole("checkbox", { name: /^Investigator/ }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(summary.getByRole("link", { name: "An account with this email address already exists" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue(name);
  await expect(page.getByRole("checkbox", { name: /^Investigator/ })).toBeChecked();

  await page.getByLabel("Work email address").fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Account created" })).toBeVisible();
  const link = ((await page.getByTestId("password-link").textContent()) ?? "").trim();
  expect(link.startsWith(`${baseUrl()}/set-password/`), link).toBe(true);
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{20,}$/);
  await expectNoAxeViolations(page);
  await signOut(page);

  // The new person opens the link.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Create your password" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Too short.
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Confirm new password").fill("short");
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save password" }).click());
  await expect(errorSummary(page)).toContainText("Password must be 12 characters or more");
  await expectNoAxeViolations(page);

  // The two do not match.
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}!`);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save password" }).click());
  await expect(errorSummary(page).getByRole("link", { name: "The passwords do not match" })).toHaveAttribute(
    "href",
    "#confirm",
  );
  await expect(errorSummary(page)).not.toContainText("12 characters");

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save password" }).click());
  await expect(page).toHaveURL(/\/login\?passwordSet=1$/);
  await expect(page.getByText("Your password has been saved. Sign in with it now")).toBeVisible();

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();

  await submitSignIn(page, email, NEW_PASSWORD);
  await expectMyWork(page);
  await expect(page.getByTestId("signed-in-user")).toContainText(name);
  await expect(page.getByTestId("signed-in-user")).toContainText("Northshire Police");
});

test("an agency administrator cannot open the agencies list or a person in another agency", async ({
  page,
  browser,
}) => {
  // The system administrator can browse every agency: find a person in another agency.
  const sysadminContext = await browser.newContext();
  const sysadmin = await sysadminContext.newPage();
  await signIn(sysadmin, "sysadmin@partnership.concord.test");
  await sysadmin
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Agencies" })
    .click();
  await expect(sysadmin.getByRole("heading", { level: 1, name: "Agencies in the partnership" })).toBeVisible();
  await expectNoAxeViolations(sysadmin);
  await sysadmin.getByRole("link", { name: "Northshire Forensic Mental Health Service" }).click();
  await expect(
    sysadmin.getByRole("heading", { level: 1, name: "People in Northshire Forensic Mental Health Service" }),
  ).toBeVisible();
  await expectNoAxeViolations(sysadmin);
  await sysadmin.getByRole("link", { name: "Dr Imogen Vale" }).click();
  await expect(sysadmin).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(sysadmin.getByRole("heading", { level: 1, name: "Dr Imogen Vale" })).toBeVisible();
  const otherAgencyPath = new URL(sysadmin.url()).pathname;
  await sysadminContext.close();

  await signIn(page, POLICE_ADMIN);
  // The agency administrator's navigation has no Agencies link, and the address itself is refused.
  await expect(
    page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Agencies" }),
  ).toHaveCount(0);
  const agencies = await page.goto("/admin/agencies");
  expect(agencies?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
  await expect(page).toHaveTitle("You do not have access to this page – Concord");
  await expectNoAxeViolations(page);

  // A person in another agency is named by an id the administrator may not read: a 404 that confirms nothing.
  const person = await page.goto(otherAgencyPath);
  expect(person?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  // Nothing about the person leaks onto the page.
  await expect(page.locator("body")).not.toContainText("Imogen Vale");
  await expect(page.locator("body")).not.toContainText("psychologist@health.concord.test");

  // A person in the administrator's own agency opens as normal.
  await openPeople(page);
  await page.getByRole("link", { name: "Dana Whitlock" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dana Whitlock" })).toBeVisible();
  await expect(page.getByTestId("status")).toHaveText("Active");
  await expectNoAxeViolations(page);
});

test("a suspended person can no longer sign in", async ({ page }) => {
  const name = "Casey Brandt";
  const email = uniqueEmail("suspended.officer");

  await signIn(page, POLICE_ADMIN);
  const link = await addInvestigator(page, name, email);
  await signOut(page);
  await setPassword(page, link, NEW_PASSWORD);
  // Before suspension the account works.
  await submitSignIn(page, email, NEW_PASSWORD);
  await expectMyWork(page);
  await signOut(page);

  await signIn(page, POLICE_ADMIN);
  await openPeople(page);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("status")).toHaveText("Active");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Suspend account" }).click();
  await expect(page.getByText("Account suspended. Their sessions have ended")).toBeVisible();
  await expect(page.getByTestId("status")).toHaveText("Suspended");
  await expect(page.getByRole("button", { name: "Re-enable account" })).toBeVisible();
  await expectNoAxeViolations(page);
  await openPeople(page);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Suspended");
  await signOut(page);

  // The right password no longer works, and the message is the same as for any failed sign-in.
  await submitSignIn(page, email, NEW_PASSWORD);
  await expectSignInPage(page);
  expect((await errorSummary(page).locator(".govuk-error-summary__list").innerText()).trim()).toBe(SIGN_IN_FAILED);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
});
