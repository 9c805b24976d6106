import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, signIn, signOut } from "./helpers";

async function openCaseReferrals(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Referrals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Referrals" })).toBeVisible();
}

test("a clinic referral is made, triaged by the coordinator and the outcome seen by the referrer", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "advocate@isac.concord.test");
  await openCaseReferrals(page);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Refer to the stalking clinic" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(errorSummary(page)).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Select the current risk" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Reason for the referral").fill("Contact escalating after the interim order.");
  await page.getByLabel("High").check();
  await page.getByLabel("What are you asking the clinic to do?").fill("Advice on risk management.");
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByText("Clinic referral sent to the clinic coordinator")).toBeVisible();
  await expect(page.getByTestId("clinic-referral-status").first()).toHaveText("Awaiting triage");
  await signOut(page);

  await signIn(page, "clinic@partnership.concord.test");
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Clinic referrals" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Clinic referrals" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByTestId("clinic-queue").getByRole("link", { name: "NS-2026-00001" }).first().click();
  await expect(page.getByText("Contact escalating after the interim order.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Accept").check();
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Select a priority" })).toBeVisible();
  await page.getByLabel("Urgent").check();
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByText("Referral triaged: the referrer has been told")).toBeVisible();
  // The coordinator is not on the team: the case stays closed to them.
  const response = await page.goto(page.url().replace(/\/clinic\/referrals.*$/, "/cases"));
  expect(response?.status()).toBeLessThan(500);
  await signOut(page);

  await signIn(page, "advocate@isac.concord.test");
  await openCaseReferrals(page);
  await expect(page.getByTestId("clinic-referral-status").first()).toHaveText("Accepted");
  await expect(page.getByTestId("clinic-referral").first()).toContainText("Urgent");
});

test("a MAPPA referral is made, endorsed by the manager and screened by the MAPPA coordinator", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "practitioner@probation.concord.test");
  await openCaseReferrals(page);
  await page.getByRole("link", { name: "Make a MAPPA category 3 referral" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save and ask my manager to endorse" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Select the level requested" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Level 3: senior-level meetings with extra resources").check();
  await page.getByLabel("Full name").fill("Kieran Voss");
  await page.getByLabel("Address").fill("NFA");
  await page.getByLabel("Index offence or caution").fill("Stalking involving fear of violence");
  await page.getByLabel("Sentence, or caution given").fill("18 months custody");
  const offence = page.getByRole("group", {
    name: "Date of the index offence",
  });
  await offence.getByLabel("Day").fill("3");
  await offence.getByLabel("Month").fill("1");
  await offence.getByLabel("Year").fill("2025");
  await page.getByLabel("Reason for referral", { exact: true }).fill("Fixated; continued contact.");
  await page.getByLabel("Very high").check();
  await page.getByLabel("Proposed risk management").fill("Licence conditions and exclusion zone.");
  await page.getByLabel("Why level 1 management is not enough").fill("Needs several agencies together.");
  await page.getByLabel("Victim issues").fill("Victim fears release.");
  await page.getByLabel("Diversity issues").fill("None known");
  await page.getByRole("button", { name: "Save and ask my manager to endorse" }).click();
  await expect(page.getByText("MAPPA referral saved: your manager has been asked to endorse it")).toBeVisible();
  await expect(page.getByTestId("mappa-referral-status").first()).toHaveText("Awaiting manager endorsement");
  await signOut(page);

  await signIn(page, "spo@probation.concord.test");
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "MAPPA referrals" })
    .click();
  await expectNoAxeViolations(page);
  await page.getByTestId("mappa-to-endorse").getByRole("link", { name: "NS-2026-00001" }).first().click();
  await expectNoAxeViolations(page);
  await page.getByLabel("I endorse this referral").check();
  await page.getByRole("button", { name: "Endorse and submit" }).click();
  await expect(page.getByText("Referral endorsed and sent to the MAPPA coordinator")).toBeVisible();
  await signOut(page);

  await signIn(page, "mappa@partnership.concord.test");
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "MAPPA referrals" })
    .click();
  await expectNoAxeViolations(page);
  await page.getByTestId("mappa-to-screen").getByRole("link", { name: "NS-2026-00001" }).first().click();
  await page.getByRole("group", { name: "Does the offender meet MAPPA category 3?" }).getByLabel("Yes").check();
  await page.getByLabel("Accept for MAPPA management").check();
  await page.getByRole("button", { name: "Record screening decision" }).click();
  await expect(
    errorSummary(page).getByRole("link", {
      name: "Select the level of management, 2 or 3",
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Level 3").check();
  await page.getByLabel("Reasons for the decision").fill("Meets category 3; level 3 for senior resources.");
  await page.getByRole("button", { name: "Record screening decision" }).click();
  await expect(page.getByText("Screening decision recorded")).toBeVisible();
  await expect(page.getByTestId("mappa-accepted")).toContainText("waiting for a meeting");
  await signOut(page);

  await signIn(page, "practitioner@probation.concord.test");
  await openCaseReferrals(page);
  await expect(page.getByTestId("mappa-referral-status").first()).toHaveText("Accepted");
  await expect(page.getByTestId("mappa-referral").first()).toContainText("Level 3");
});
