import { expect, test } from "@playwright/test";
import fs from "node:fs/promises";
import { errorSummary, expectNoAxeViolations, signIn, signOut } from "./helpers";
import { parseCsv } from "../rfc4180";

const AUDITOR = "auditor@partnership.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const WORKED_CASE = "NS-2026-00001";
const CSV_HEADER = [
  "Kind",
  "When (UTC)",
  "Case reference",
  "Information",
  "Owning agency",
  "Recipient",
  "Purpose",
  "Lawful basis",
  "Reason given",
  "Shared, granted or approved by",
  "Status",
];

test("an investigator is refused the audit log", async ({ page }) => {
  await signIn(page, INVESTIGATOR);
  await expect(
    page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Audit" }),
  ).toHaveCount(0);
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
  const disclosures = await page.goto("/audit/disclosures.csv");
  expect(disclosures?.status()).toBe(403);
});

test("an auditor searches the log by case, sees who has seen it, and downloads the disclosure log", async ({
  page,
}) => {
  // The investigator opens the worked case, so the log has something to find.
  await signIn(page, INVESTIGATOR);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: WORKED_CASE }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Case ${WORKED_CASE}` })).toBeVisible();
  await signOut(page);

  await signIn(page, AUDITOR);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A date that does not exist: the error summary, no results, nothing broken.
  await page.getByLabel("From date").fill("2026-02-30");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Start date must be a real date" })).toHaveAttribute(
    "href",
    "#from",
  );
  await expect(page).toHaveTitle("Error: Audit log – Concord");
  await expectNoAxeViolations(page);

  await page.getByLabel("From date").fill("");
  await page.getByLabel("Case reference").fill(WORKED_CASE);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/[?&]case=NS-2026-00001/);
  const entries = page.getByTestId("audit-entries");
  await expect(entries).toBeVisible();
  await expect(entries.getByText("case.records_view").first()).toBeVisible();
  await expect(entries).toContainText("Dana Whitlock");
  // Every entry is about the worked case.
  const caseCells = entries.locator("tbody tr td:nth-child(6)");
  const count = await caseCells.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(caseCells.nth(i)).toContainText(WORKED_CASE);
  await expectNoAxeViolations(page);

  // From an entry to "who has seen this case".
  await entries
    .getByRole("link", { name: new RegExp(`^${WORKED_CASE}`) })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Who has seen this case" })).toBeVisible();
  await expect(page.getByTestId("case-access")).toContainText("Dana Whitlock");
  await expectNoAxeViolations(page);

  await page.goto("/audit");
  await page.getByRole("link", { name: "See the disclosure log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Disclosure log" })).toBeVisible();
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /^Download CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^disclosure-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(await fs.readFile((await download.path())!, "utf8"));
  expect(rows[0]).toEqual(CSV_HEADER);
  for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
  for (const row of rows.slice(1)) {
    expect(row[7], "every disclosure states its lawful basis").not.toBe("");
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }
  // The page still works after the download.
  await expect(page.getByRole("heading", { level: 1, name: "Disclosure log" })).toBeVisible();
});
