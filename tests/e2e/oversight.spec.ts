import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs/promises";
import { errorSummary, expectNoAxeViolations, signIn } from "./helpers";
import { parseCsv } from "../rfc4180";

const LEAD = "performance@partnership.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const METRICS = 14;

async function openDashboard(page: Page) {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Oversight" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Oversight dashboard" })).toBeVisible();
}

test("a performance lead sees every figure as a chart with its table, filters it and downloads the tables", async ({
  page,
}) => {
  await signIn(page, LEAD);
  await openDashboard(page);
  // Each metric: an SVG with a title and description, and the table beside it.
  await expect(page.locator('svg[role="img"]')).toHaveCount(METRICS);
  await expect(page.locator("table.govuk-table")).toHaveCount(METRICS);
  const chart = page.getByTestId("chart-online_share");
  await expect(chart.locator("title")).toHaveText("Online element (Cases)");
  await expect(chart.locator("desc")).toContainText("With an online element");
  // Other specs add cases to the shared e2e database, so the figures vary; what never varies is suppression:
  // no count of cases by status and month shows 1 to 4 (the months with few cases read "fewer than 5").
  const cells = await page.getByTestId("table-cases_by_status").locator("td").allInnerTexts();
  expect(cells.filter((c) => /^[1-4]$/.test(c.trim()))).toEqual([]);
  await expectNoAxeViolations(page);

  // A period with no cases.
  await page.getByLabel("Cases opened from").fill("2001-01-01");
  await page.getByLabel("To (including that day)").fill("2001-12-31");
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page).toHaveURL(/from=2001-01-01&to=2001-12-31/);
  await expect(page.getByTestId("table-cases_by_status")).toContainText("No cases in this period.");
  await expect(page.getByTestId("table-online_share")).not.toContainText("fewer than 5");

  // The CSV of a table, for the filters shown.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV of online element" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("oversight-online_share-2001-01-01-to-2001-12-31.csv");
  const rows = parseCsv(await fs.readFile((await download.path())!, "utf8"));
  expect(rows).toEqual([
    ["Online element", "Cases", "% of cases"],
    ["With an online element", "0", ""],
    ["Without an online element", "0", ""],
  ]);

  // Every table downloads and parses, with the header's width on every row; small counts stay suppressed.
  for (const key of [
    "cases_by_status",
    "relationship_mix",
    "spo_use",
    "support_referrals",
    "breaches",
    "mappa_referrals",
  ]) {
    const response = await page.request.get(`/oversight.csv?table=${key}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const parsed = parseCsv(await response.text());
    expect(parsed.length).toBeGreaterThan(1);
    for (const row of parsed) expect(row.length).toBe(parsed[0]!.length);
    if (key === "cases_by_status")
      for (const row of parsed.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[1-4]$/);
  }

  // A mistake in the filters: an error summary, no figures, and still accessible.
  await page.getByLabel("Cases opened from").fill("2001-02-30");
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(errorSummary(page)).toContainText("Start date must be a real date");
  await expect(page.locator('svg[role="img"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a performance lead updates the action plan and links a dashboard figure as evidence", async ({ page }) => {
  await signIn(page, LEAD);
  await openDashboard(page);
  await page.getByRole("link", { name: "Link as evidence (referrals to specialist support)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Link a figure as evidence" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Link as evidence" }).click();
  await expect(errorSummary(page)).toContainText("Select the evidence requirement");
  const option = await page
    .locator("#requirement option", { hasText: /^10\.1: Training covers/ })
    .getAttribute("value");
  await page.getByLabel("Evidence requirement").selectOption(option!);
  await page.getByRole("button", { name: "Link as evidence" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Action plan" })).toBeVisible();
  await expect(page.getByTestId("success-banner")).toContainText("Evidence linked");
  await expect(page.getByTestId("evidence")).toContainText("Cases offered a referral, per 100 cases");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Update requirement 7.2" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Update requirement 7.2" })).toBeVisible();
  await page.getByLabel("In progress").check();
  await page.getByLabel("Percentage complete").fill("150");
  await page.getByRole("button", { name: "Save requirement" }).click();
  await expect(errorSummary(page)).toContainText("Percentage complete must be 100 or less");
  await expect(errorSummary(page)).toContainText("Enter an update saying what has been done");
  await expectNoAxeViolations(page);
  await page
    .getByLabel("Update", { exact: true })
    .fill("Intelligence report template agreed for every stalking crime.");
  await page.getByLabel("Percentage complete").fill("20");
  await page.getByRole("button", { name: "Save requirement" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Requirement saved");
  const row = page.getByTestId("requirement").filter({ hasText: "7.2" });
  await expect(row).toContainText("Intelligence report template agreed");
  await expect(row).toContainText("In progress");
  await expect(row).toContainText("20%");
});

test("a supervisor reads the dashboard and the plan without changing it; an investigator is refused", async ({
  page,
  browser,
}) => {
  await signIn(page, SUPERVISOR);
  await openDashboard(page);
  await expect(page.locator('svg[role="img"]')).toHaveCount(METRICS);
  await expect(page.getByRole("link", { name: /^Link as evidence/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Action plan" }).click();
  await expect(page.getByTestId("recommendation")).toHaveCount(2);
  await expect(page.getByRole("link", { name: /^Update requirement/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect((await page.goto("/oversight/action-plan/new"))?.status()).toBe(403);

  // In a browser of their own: clearing this one's cookies raced its last page's requests, which could set a
  // new CSRF cookie under the sign-in form.
  const investigator = await (await browser.newContext()).newPage();
  await signIn(investigator, INVESTIGATOR);
  await expect(
    investigator.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Oversight" }),
  ).toHaveCount(0);
  const response = await investigator.goto("/oversight");
  expect(response?.status()).toBe(403);
  await expect(
    investigator.getByRole("heading", { level: 1, name: "You do not have access to this page" }),
  ).toBeVisible();
  expect((await investigator.goto("/oversight.csv?table=cases_by_status"))?.status()).toBe(403);
  expect((await investigator.goto("/oversight/action-plan"))?.status()).toBe(403);
  await investigator.context().close();
});
