import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, SIGN_IN_FAILED, errorSummary, submitSignIn } from "./helpers";

// This test locks its account from this address (the only one e2e tests use) for 15 minutes; no other test uses
// spoc@police.concord.test. That the lock holds at that address only is in sign-in-limits.spec.ts.
const ACCOUNT = "spoc@police.concord.test";

test("after 5 wrong passwords the right password is refused too, with the same message", async ({ page }) => {
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, ACCOUNT, `wrong-password-${attempt}`);
    await expect(page, `attempt ${attempt}`).toHaveURL(/\/login$/);
    await expect(errorSummary(page), `attempt ${attempt}`).toContainText(SIGN_IN_FAILED);
  }

  await submitSignIn(page, ACCOUNT, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/login$/);
  await expect(errorSummary(page)).toBeVisible();
  // Nothing tells the person (or an attacker) that the account is locked rather than the password wrong.
  expect((await errorSummary(page).locator(".govuk-error-summary__list").innerText()).trim()).toBe(SIGN_IN_FAILED);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);

  // Still locked on a fresh visit: no session was started.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});
