import { expect, test } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, loadsNewDocument, signIn } from "./helpers";

const SYSADMIN = "sysadmin@partnership.concord.test";
// In force today: starts on 1 January this year, review by 31 December next year.
const YEAR = new Date().getUTCFullYear();

test("the system administrator adds an information sharing agreement, sees it listed and retires it", async ({
  page,
}) => {
  // One long journey with six axe runs: more than the default 30 seconds on a busy machine.
  test.setTimeout(90_000);
  const name = `Victim care to probation ${Date.now()}`;

  await signIn(page, SYSADMIN);
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Sharing agreements" })
    .click();
  await expect(page).toHaveURL(/\/admin\/agreements$/);
  await expect(page.getByRole("heading", { level: 1, name: "Information sharing agreements" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Add an agreement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add an information sharing agreement" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sent empty: every problem is listed, each linking to its field, and the title says there is an error.
  await page.getByRole("button", { name: "Add agreement" }).click();
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary.getByRole("link", { name: "Enter a name for the agreement" })).toHaveAttribute("href", "#name");
  await expect(
    summary.getByRole("link", { name: "Select the category of information the agreement shares" }),
  ).toHaveAttribute("href", "#category");
  await expect(summary.getByRole("link", { name: "Select the agency that shares the information" })).toHaveAttribute(
    "href",
    "#fromAgencyId",
  );
  await expect(summary.getByRole("link", { name: /^Choose who receives the information/ })).toHaveAttribute(
    "href",
    "#recipients",
  );
  await expect(summary.getByRole("link", { name: "Select at least one purpose" })).toHaveAttribute("href", "#purposes");
  await expect(
    summary.getByRole("link", { name: "Select how much of each record the agreement shares" }),
  ).toHaveAttribute("href", "#level");
  await expect(summary.getByRole("link", { name: "Select the lawful basis for sharing" })).toHaveAttribute(
    "href",
    "#lawfulBasis",
  );
  await expect(summary.getByRole("link", { name: "Enter the date the agreement starts" })).toHaveAttribute(
    "href",
    "#startsOn",
  );
  await expect(summary.getByRole("link", { name: "Enter the date the agreement must be reviewed by" })).toHaveAttribute(
    "href",
    "#reviewOn",
  );
  await expectNoAxeViolations(page);

  // A review date before the start is refused, and what was typed stays.
  await page.getByLabel("Name of the agreement").fill(name);
  await page
    .getByLabel("Information it shares")
    .selectOption({ label: "Victim care (needs assessment, safety plan, support notes)" });
  await page
    .getByLabel("Agency sharing the information")
    .selectOption({ label: "Northshire Stalking Advocacy Service" });
  await page.getByLabel("Type of agency").selectOption({ label: "Probation" });
  await page.getByRole("checkbox", { name: "Case work" }).check();
  await page.getByRole("radio", { name: "Full record" }).check();
  await page.getByLabel("Lawful basis").selectOption({ label: "Crime and Disorder Act 1998, section 115" });
  const startsOn = page.getByRole("group", { name: "Starts on" });
  await startsOn.getByLabel("Day").fill("1");
  await startsOn.getByLabel("Month").fill("1");
  await startsOn.getByLabel("Year").fill(String(YEAR));
  const reviewOn = page.getByRole("group", { name: "Review by" });
  await reviewOn.getByLabel("Day").fill("31");
  await reviewOn.getByLabel("Month").fill("12");
  await reviewOn.getByLabel("Year").fill(String(YEAR - 1));
  await page.getByRole("button", { name: "Add agreement" }).click();
  await expect(summary.getByRole("link", { name: "The review date must be after the start date" })).toHaveAttribute(
    "href",
    "#reviewOn",
  );
  await expect(summary.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByLabel("Name of the agreement")).toHaveValue(name);
  await expect(page.getByRole("checkbox", { name: "Case work" })).toBeChecked();

  await reviewOn.getByLabel("Year").fill(String(YEAR + 1));
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Add agreement" }).click());
  await expect(page).toHaveURL(/\/admin\/agreements\?done=added$/);
  await expect(page.getByText("Agreement added")).toBeVisible();
  const row = page.getByTestId("agreements").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Victim care (needs assessment, safety plan, support notes)");
  await expect(row).toContainText("Northshire Stalking Advocacy Service");
  await expect(row).toContainText("Agency type: Probation");
  await expect(row).toContainText("Case work");
  await expect(row).toContainText("Full record");
  await expect(row).toContainText("Crime and Disorder Act 1998, section 115");
  await expect(row).toContainText(`Starts 1 January ${YEAR}`);
  await expect(row).toContainText(`Review by 31 December ${YEAR + 1}`);
  await expect(row).toContainText("In force");
  await expectNoAxeViolations(page);

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByLabel("Name of the agreement")).toHaveValue(name);
  await expect(page.getByRole("radio", { name: "Full record" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Case work" })).toBeChecked();
  await expect(page.getByRole("group", { name: "Review by" }).getByLabel("Year")).toHaveValue(String(YEAR + 1));
  await expectNoAxeViolations(page);

  // A change: summary only. Listed at once.
  await page.getByRole("radio", { name: "Summary line only" }).check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save changes" }).click());
  await expect(page).toHaveURL(/\/admin\/agreements\?done=updated$/);
  await expect(page.getByTestId("agreements").getByRole("row").filter({ hasText: name })).toContainText(
    "Summary line only",
  );

  // Edited with a bad value: the error summary, on the edit page.
  await page.getByTestId("agreements").getByRole("link", { name }).click();
  await page.getByRole("checkbox", { name: "Case work" }).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(summary.getByRole("link", { name: "Select at least one purpose" })).toHaveAttribute("href", "#purposes");
  await expect(page).toHaveTitle(`Error: ${name} – Concord`);
  await expectNoAxeViolations(page);

  await loadsNewDocument(page, () => page.getByRole("button", { name: "Retire agreement" }).click());
  await expect(page).toHaveURL(/\/admin\/agreements\?done=retired$/);
  await expect(page.getByText("Agreement retired. It no longer applies")).toBeVisible();
  await expect(page.getByTestId("agreements").getByText(name)).toHaveCount(0);
  await expect(page.getByTestId("retired-agreements")).toContainText(name);
});

test("an agency administrator reads the agreements but cannot add one", async ({ page }) => {
  await signIn(page, "admin@police.concord.test");
  await page.goto("/admin/agreements");
  await expect(page.getByRole("heading", { level: 1, name: "Information sharing agreements" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add an agreement" })).toHaveCount(0);
  const response = await page.goto("/admin/agreements/new");
  expect(response?.status()).toBe(403);
});
