// Issue 22 (decision 0055), one journey through the real built server: the police agency administrator downloads the
// template, uploads a file with a bad row and sees every problem by row and column with nothing imported, uploads the
// corrected file, checks what will happen to each row, imports it and sees it done.
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers";

const HEADINGS =
  "record,source_key,case_key,owner,case_status,relationship,motivation,full_name,occurred_on,time,behaviours,reported_by,description";
const key = `E2E-${Date.now()}`;
const file = (date: string) =>
  Buffer.from(
    [
      HEADINGS,
      `case,${key},${key},investigator@police.concord.test,referred,stranger,not_known,,,,,,`,
      `victim,${key}-V,${key},,,,,Robin Example,,,,,`,
      `incident,${key}-I,${key},,,,,,${date},21:15,messages;following,victim,Followed home from the station (synthetic).`,
    ].join("\r\n"),
  );

test("an agency administrator checks a file, corrects it and imports cases", async ({ page }) => {
  await signIn(page, "admin@police.concord.test");
  await page.getByRole("link", { name: "Import cases" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import cases" })).toBeVisible();
  await expectNoAxeViolations(page);
  const template = await page.request.get("/admin/imports/template.csv");
  expect(template.headers()["content-type"]).toContain("text/csv");
  expect(await template.text()).toMatch(/^record,source_key,case_key,/);

  await page.getByLabel("Where the file comes from").fill("Police records export");
  await page
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: file("31/02/2025") });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check the file" })).toBeVisible();
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("occurred_on");
  await expect(errors).toContainText("must be a real date");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto("/admin/imports");
  await page.getByLabel("Where the file comes from").fill("Police records export");
  await page
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: file("14/01/2026") });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByTestId("import-counts")).toContainText("3 rows will be created");
  await expect(page.getByTestId("import-rows")).toContainText(`${key}-V`);
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  // The page refreshes itself while the import runs.
  await expect(page.getByRole("heading", { level: 1, name: "Cases imported" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-outcome")).toContainText("3 rows created, 0 updated, 0 unchanged");
});
