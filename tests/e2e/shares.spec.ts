import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, signIn, signOut } from "./helpers";

const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

/** The signed-in advocate opens the worked case and the share page of its safety plan. */
async function openSafetyPlanShare(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Case NS-2026-00001" })).toBeVisible();
  await page.getByRole("link", { name: "Share Safety plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Share “Safety plan”" })).toBeVisible();
}

test("the advocate shares the safety plan with the probation practitioner, who reads it and acknowledges receipt", async ({
  page,
}) => {
  await signIn(page, ADVOCATE);
  await openSafetyPlanShare(page);
  await expect(page.getByText("This record has not been shared.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Without a lawful basis: an error summary, and nothing shared.
  await page.getByLabel("Someone else, by email address").check();
  await page.getByLabel("Their work email address").fill(PRACTITIONER);
  await page.getByRole("group", { name: "Purpose of sharing" }).getByLabel("Case work", { exact: true }).check();
  await page.getByRole("button", { name: "Share record" }).click();
  await expect(errorSummary(page)).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Select the lawful basis for sharing" })).toBeVisible();
  await expect(errorSummary(page)).toBeFocused();
  await expect(page.getByText("This record has not been shared.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Crime and Disorder Act 1998, section 115").check();
  await page.getByRole("button", { name: "Share record" }).click();
  await expect(page.getByText("Record shared")).toBeVisible();
  const row = page.getByTestId("share");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Lee Farrant, Northshire Probation Delivery Unit");
  await expect(row).toContainText("Crime and Disorder Act 1998, section 115");
  await expect(row).toContainText("Not yet");
  // The form is empty again for the next share.
  await expect(page.getByLabel("Someone else, by email address")).not.toBeChecked();
  await expectNoAxeViolations(page);
  await signOut(page);

  // The practitioner reads it in full and acknowledges receipt.
  await signIn(page, PRACTITIONER);
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Shared with you" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Shared with you" })).toBeVisible();
  const card = page.getByTestId("shared-record");
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("heading", { name: "Safety plan" })).toBeVisible();
  await expect(card).toContainText("shared with you by Jess Marlowe, Northshire Stalking Advocacy Service");
  await expect(card).toContainText("Personal alarm issued");
  await expect(card).toContainText("Case work");
  await expect(card).toContainText("Crime and Disorder Act 1998, section 115");
  await expectNoAxeViolations(page);
  await card.getByRole("button", { name: "Acknowledge receipt of Safety plan" }).click();
  await expect(card).toContainText("Acknowledged on");
  await expect(card.getByRole("button", { name: /Acknowledge receipt/ })).toHaveCount(0);
  await signOut(page);

  // The advocate sees the acknowledgement.
  await signIn(page, ADVOCATE);
  await openSafetyPlanShare(page);
  await expect(page.getByTestId("share")).toContainText("Acknowledged by Lee Farrant");
});
