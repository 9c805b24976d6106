import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, loadsNewDocument, signIn, signOut } from "./helpers";

const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const S2A = "Stalking (Protection from Harassment Act 1997, s2A)";
const OFFENCES_QUESTION = "Offences this incident is part of";
const LABEL = `${S2A}, crime reference E2E/IO/1`;

/** The London calendar date `daysAgo` days before today, as [year, month, day]. */
function londonDaysAgo(daysAgo: number): [number, number, number] {
  const iso = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() - daysAgo * 86_400_000));
  return iso.split("-").map(Number) as [number, number, number];
}

async function fillIncident(page: Page, daysAgo: number, description: string): Promise<void> {
  const [y, m, d] = londonDaysAgo(daysAgo);
  const when = page.getByRole("group", { name: "When did it happen?" });
  await when.getByLabel("Day").fill(String(d));
  await when.getByLabel("Month").fill(String(m));
  await when.getByLabel("Year").fill(String(y));
  await page.getByLabel("Time", { exact: true }).fill("19:00");
  await page.getByRole("group", { name: "What happened?" }).getByLabel("Turning up", { exact: true }).check();
  await page.getByRole("group", { name: "Who reported it?" }).getByLabel("Victim", { exact: true }).check();
  await page.getByLabel("What happened", { exact: true }).fill(description);
}

async function addToTeam(page: Page, caseId: string, email: string, role: string): Promise<void> {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole("link", { name: "Manage the case team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Case team" })).toBeVisible();
  const value = await page.locator("#userId option", { hasText: email }).getAttribute("value");
  await page.getByLabel("Person", { exact: true }).selectOption(value!);
  await page.getByRole("group", { name: "Their role in the case" }).getByLabel(role, { exact: true }).check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Add to the team" }).click());
  await expect(page.getByTestId("success-banner")).toContainText("was added to the case team");
}

test("incidents are linked to an offence on record and on edit, the offence counts them, a forged offence is refused, and probation sees no offences", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, INVESTIGATOR);
  await page.goto("/cases/new");
  await page.getByRole("group", { name: "Where is the case now?" }).getByLabel("Active", { exact: true }).check();
  await page.getByLabel("Ex-intimate partner").check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Create case" }).click());
  const caseId = new URL(page.url()).pathname.split("/")[2]!;

  // No offences yet: the question is not asked.
  await page.goto(`/cases/${caseId}/incidents/new`);
  await expect(page.getByRole("heading", { level: 1, name: "Record an incident" })).toBeVisible();
  await expect(page.getByRole("group", { name: OFFENCES_QUESTION })).toHaveCount(0);

  await page.goto(`/cases/${caseId}/offences/new`);
  await page.getByLabel(`${S2A}: summary only`).check();
  await page.getByLabel("Crime reference (optional)").fill("E2E/IO/1");
  await page.getByRole("button", { name: "Save offence" }).click();
  await expect(page.getByTestId("linked-incidents")).toHaveText("0 incidents");

  // The question, with its legend and hint, lists the offence.
  await page.goto(`/cases/${caseId}/incidents/new`);
  const question = page.getByRole("group", { name: OFFENCES_QUESTION });
  await expect(question).toBeVisible();
  await expect(question).toContainText("Select any offences on this case that this incident is evidence of.");
  await expect(question.getByLabel(LABEL, { exact: true })).not.toBeChecked();
  await expectNoAxeViolations(page);

  // A forged offence id added to the form in the browser (once the page is live): a clear error, nothing saved.
  await page.waitForLoadState("networkidle");
  await fillIncident(page, 12, "Waited outside her gym.");
  await question.evaluate((fieldset) => {
    const forged = document.createElement("input");
    forged.type = "hidden";
    forged.name = "offences";
    forged.value = "forged-offence-id";
    fieldset.appendChild(forged);
  });
  await page.getByRole("button", { name: "Save incident" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: "Select offences from the list" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(`/cases/${caseId}/incidents`);
  await expect(page.getByText("No incidents you can see have been recorded on this case.")).toBeVisible();

  // Linked as it is recorded.
  await page.goto(`/cases/${caseId}/incidents/new`);
  await fillIncident(page, 12, "Waited outside her gym.");
  await page.getByRole("group", { name: OFFENCES_QUESTION }).getByLabel(LABEL, { exact: true }).check();
  await page.getByRole("button", { name: "Save incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await expect(page.getByTestId("incident-offences")).toHaveText(LABEL);
  await expectNoAxeViolations(page);
  await page.goto(`/cases/${caseId}/offences`);
  await expect(page.getByTestId("linked-incidents")).toHaveText("1 incident");
  await expectNoAxeViolations(page);

  // Probation on the team sees the incident in full, but no offence, and is not asked about offences.
  await addToTeam(page, caseId, PRACTITIONER, "Offender manager");
  await signOut(page);
  await signIn(page, PRACTITIONER);
  await page.goto(`/cases/${caseId}/incidents`);
  await expect(page.getByTestId("description")).toHaveText("Waited outside her gym.");
  await expect(page.getByTestId("incident-offences")).toHaveCount(0);
  expect(await page.content()).not.toMatch(/s2A|E2E\/IO\/1/);
  await page.getByRole("link", { name: "Record an incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record an incident" })).toBeVisible();
  await expect(page.getByRole("group", { name: OFFENCES_QUESTION })).toHaveCount(0);
  await signOut(page);

  // Unlinked on an edit.
  await signIn(page, INVESTIGATOR);
  await page.goto(`/cases/${caseId}/incidents`);
  await page.getByRole("link", { name: /^Change incident: Turning up on/ }).click();
  const linked = page.getByRole("group", { name: OFFENCES_QUESTION }).getByLabel(LABEL, { exact: true });
  await expect(linked).toBeChecked();
  await expectNoAxeViolations(page);
  await linked.uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await expect(page.getByTestId("incident-offences")).toHaveCount(0);
  await page.goto(`/cases/${caseId}/offences`);
  await expect(page.getByTestId("linked-incidents")).toHaveText("0 incidents");
});
