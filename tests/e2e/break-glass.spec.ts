import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, signIn, signOut } from "./helpers";

// Uses the clinician (not on the worked case) and the auditor; the clinician keeps emergency access to
// NS-2026-00001 for the rest of the run, which no other spec relies on the absence of.
const CLINICIAN = "clinician@health.concord.test";
const AUDITOR = "auditor@partnership.concord.test";
const REASON = "The victim says he is outside her house now and the crisis team needs his treatment history.";

async function openNav(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name, exact: true }).click();
}

test("a clinician finds a person without seeing them, takes emergency access, and the auditor reviews it", async ({
  page,
}) => {
  // Two people, eight pages and nine axe scans in one journey: more than the default 30 seconds.
  test.setTimeout(90_000);
  await signIn(page, CLINICIAN);
  await openNav(page, "Find a person");
  await expect(page.getByRole("heading", { level: 1, name: "Find a person" })).toBeVisible();
  await expectNoAxeViolations(page);

  // An empty search is refused with the GOV.UK error summary.
  await page.getByRole("button", { name: "Search" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter a name or an identifier to search for" }),
  ).toHaveAttribute("href", "#q");
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  // An unknown name.
  await page.getByLabel("Name or identifier").fill("Zebedee Quill");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No one matching your search is known to the partnership")).toBeVisible();

  // Kieran Voss: known, with the agencies that hold records, and nothing about the case.
  await page.getByLabel("Name or identifier").fill("Kieran Voss");
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("search-results");
  await expect(results.getByText("A person matching your search is known to the partnership")).toBeVisible();
  await expect(results.getByTestId("held-by")).toContainText("Northshire Police");
  await expect(results.getByTestId("held-by")).toContainText("Northshire Stalking Advocacy Service");
  await expect(results.getByRole("button", { name: "Request access from Northshire Police" })).toBeVisible();
  for (const hidden of ["NS-2026-00001", "1987", "Kieran", "Voss", "perpetrator", "Course of conduct"]) {
    await expect(results).not.toContainText(hidden);
  }
  await expectNoAxeViolations(page);

  // Emergency access: first without a reason.
  await results.getByText("Emergency access", { exact: true }).click();
  await results.getByRole("link", { name: /^Get emergency access to the case led by Northshire Police$/ }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+\/break-glass$/);
  await expect(page.getByRole("heading", { level: 1, name: "Emergency access" })).toBeVisible();
  await expect(page.locator(".govuk-warning-text")).toContainText("Every view is recorded");
  await expect(page.locator("main")).not.toContainText("NS-2026-00001");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Confirm emergency access" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter the reason you need emergency access" }),
  ).toHaveAttribute("href", "#reason");
  await expect(page.locator("#reason-error")).toContainText("Enter the reason you need emergency access");
  await expectNoAxeViolations(page);

  await page.getByLabel("Why do you need emergency access?").fill(REASON);
  await page.getByRole("button", { name: "Confirm emergency access" }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Case NS-2026-00001" })).toBeVisible();
  await expect(page.locator(".govuk-warning-text")).toContainText("You are viewing this case with emergency access");
  // The record, not the case's "Course of conduct" section link.
  await expect(page.getByTestId("record").getByRole("heading", { name: "Course of conduct" })).toBeVisible();

  // The auditor reviews it.
  await signOut(page);
  await signIn(page, AUDITOR);
  await openNav(page, "Reviews");
  await expect(page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
  const grant = page.getByTestId("grant").filter({ hasText: "Ada Quarrie" });
  await expect(grant).toHaveCount(1);
  await expect(grant).toContainText("NS-2026-00001");
  await expect(grant).toContainText(REASON);
  await expect(grant).toContainText(/Views recorded\s*[1-9]/);
  await expectNoAxeViolations(page);

  // Sent with no outcome: the summary links to this grant's radios.
  await grant.getByRole("button", { name: /^Record review/ }).click();
  const link = errorSummary(page).getByRole("link", { name: "Select whether the emergency access was justified" });
  await expect(link).toBeVisible();
  const target = (await link.getAttribute("href"))!;
  await expect(page.locator(target)).toHaveAttribute("value", "justified");
  await expectNoAxeViolations(page);

  await grant.getByRole("radio", { name: "Justified", exact: true }).check();
  await grant.getByLabel("Note").fill("Crisis team confirmed the call");
  await grant.getByRole("button", { name: /^Record review/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Review recorded");
  await expect(page.getByTestId("grant").filter({ hasText: "Ada Quarrie" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a prosecutor asks Northshire Police for access from the search, and a police supervisor approves it", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, "prosecutor@cps.concord.test");
  await page.goto("/people/search?q=87%2F123456X");
  const results = page.getByTestId("search-results");
  await expect(results.getByText("A person matching your search is known to the partnership")).toBeVisible();
  await results.getByRole("button", { name: "Request access from Northshire Police" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request access" })).toBeVisible();
  await expect(page.locator("main")).toContainText("You are asking Northshire Police");
  await expect(page.locator("main")).not.toContainText("NS-2026-00001");

  await page.getByRole("button", { name: "Send request" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter why you need access" })).toHaveAttribute(
    "href",
    "#reason",
  );
  await expectNoAxeViolations(page);
  await page
    .getByLabel("Why do you need access?")
    .fill("Charging advice requested informally; I need the course of conduct to advise.");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/requests\?sent=1$/);
  await expect(page.getByTestId("success-banner")).toContainText("Your request has been sent");
  await expect(page.getByTestId("requests")).toContainText("A case you cannot see yet");
  await expect(page.getByTestId("requests")).toContainText("Waiting for a decision");
  await expectNoAxeViolations(page);
  await signOut(page);

  await signIn(page, "supervisor@police.concord.test");
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Reviews", exact: true })
    .click();
  const request = page.getByTestId("access-request").filter({ hasText: "Hannah Pell" });
  await expect(request).toContainText("NS-2026-00001");
  await expect(request).toContainText("No: approving adds them to the case team");
  await expectNoAxeViolations(page);
  await request.getByRole("radio", { name: "Refuse" }).check();
  await request.getByRole("button", { name: /^Record decision/ }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter a note saying why you are refusing" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await request.getByRole("radio", { name: "Approve" }).check();
  await request.getByRole("button", { name: /^Record decision/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText(
    "Request approved. They have been added to the case team",
  );
  await signOut(page);

  await signIn(page, "prosecutor@cps.concord.test");
  await page.goto("/requests");
  await expect(page.getByTestId("requests")).toContainText("Approved");
  await page.getByTestId("requests").getByRole("link", { name: "NS-2026-00001" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Case NS-2026-00001" })).toBeVisible();
  await expect(page.getByTestId("team")).toContainText("Hannah Pell, Access approved by Northshire Police");
  await expect(page.locator(".govuk-warning-text")).toHaveCount(0);

  // A record the prosecutor sees only as a summary links to the request form for that record, asking its owner only
  // (decision 0040).
  await page.getByTestId("withheld").first().getByRole("link", { name: "request access" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request access to a record" })).toBeVisible();
  await expect(page.getByTestId("requested-record")).toContainText("Northshire Stalking Advocacy Service");
  await expectNoAxeViolations(page);
});
