import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectMyWork } from "./helpers";

test("a person can sign in using only the keyboard", async ({ page }) => {
  await page.goto("/login");

  // The first Tab reaches the skip link; following it moves focus into the main content.
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);

  // The next Tab from the main content is the email field, then the password, then the button.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type("pom@prison.concord.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");

  await expectMyWork(page);
  await expect(page.getByTestId("signed-in-user")).toContainText("Owen Stroud");
});
