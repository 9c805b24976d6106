// Issue 4 (case, people, team): a police investigator opens a case, records the victim and the perpetrator, and
// builds a team from three agencies; the probation practitioner then sees the case and the perpetrator's details
// but the victim's date of birth only as withheld. Removing them takes the case away at once.
import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, loadsNewDocument, signIn } from "./helpers";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

async function fillDateOfBirth(page: Page, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole("group", { name: "Date of birth (optional)" });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

async function addToTeam(page: Page, email: string, role: string): Promise<void> {
  const value = await page.locator("#userId option", { hasText: email }).getAttribute("value");
  await page.getByLabel("Person", { exact: true }).selectOption(value!);
  await page.getByRole("group", { name: "Their role in the case" }).getByLabel(role, { exact: true }).check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Add to the team" }).click());
}

test("an investigator creates a case, adds its people and a team; probation sees the perpetrator but not the victim's date of birth", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const police = await browser.newContext();
  const probation = await browser.newContext();
  const page = await police.newPage();
  await signIn(page, INVESTIGATOR);

  // --- Create a case, from the cases list.
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "Create a case" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create a case" })).toBeVisible();
  await expect(
    page.getByRole("group", { name: "What seems to motivate the perpetrator?" }).getByLabel("Not yet known"),
  ).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: "Select the status the case starts in" })).toHaveAttribute(
    "href",
    "#status",
  );
  await expect(
    errorSummary(page).getByRole("link", { name: "Select the relationship of the perpetrator to the victim" }),
  ).toBeVisible();
  await expect(page).toHaveTitle("Error: Create a case – Concord");
  await expectNoAxeViolations(page);

  await page.getByRole("group", { name: "Where is the case now?" }).getByLabel("Active", { exact: true }).check();
  await page.getByLabel("Ex-intimate partner").check();
  await page.getByLabel("Online element").check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Create case" }).click());
  await expect(page.getByTestId("success-banner")).toContainText("Case created");
  const heading = (await page.getByRole("heading", { level: 1 }).textContent())!;
  const reference = heading.replace("Case ", "").trim();
  expect(reference).toMatch(/^NS-\d{4}-\d{5,}$/);
  const caseId = new URL(page.url()).pathname.split("/")[2]!;
  const details = page.getByTestId("case-details");
  await expect(details).toContainText("Northshire Police");
  await expect(details).toContainText("Dana Whitlock");
  await expect(details).toContainText("Ex-intimate partner");
  await expect(details).toContainText("Online element");
  await expect(page.getByTestId("team")).toHaveText("Dana Whitlock, Officer in the case (Northshire Police)");
  await expectNoAxeViolations(page);

  // --- Change its status: closing needs a reason.
  await page.getByRole("link", { name: "Change status" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change status" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Closed", { exact: true }).check();
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Select the reason for closing the case" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Monitoring", { exact: true }).check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Change status" }).click());
  await expect(page.getByTestId("success-banner")).toContainText("Status changed");
  await expect(page.getByTestId("case-status")).toHaveText("Monitoring");

  await page.getByRole("link", { name: "Change perpetrator motivation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change case details" })).toBeVisible();
  await expect(page.getByLabel("Ex-intimate partner")).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByLabel("Rejected", { exact: true }).check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Save changes" }).click());
  await expect(page.getByTestId("case-details")).toContainText("Rejected");

  // --- People: a victim (a date of birth in the future is refused first) and a perpetrator.
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(page.getByText("No victim or perpetrator has been recorded on this case yet.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Add a victim" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a victim" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Full name").fill("Elowen Carrick");
  await fillDateOfBirth(page, "12", "3", String(new Date().getFullYear() + 1));
  await page.getByRole("button", { name: "Add victim" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Date of birth must be in the past" })).toHaveAttribute(
    "href",
    "#dateOfBirth",
  );
  await expect(page.getByLabel("Full name")).toHaveValue("Elowen Carrick");
  await expectNoAxeViolations(page);
  await fillDateOfBirth(page, "12", "3", "1992");
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Add victim" }).click());
  await expect(page.getByTestId("success-banner")).toContainText("Person added");

  await page.getByRole("link", { name: "Add a perpetrator or suspect" }).click();
  await page.getByLabel("Full name").fill("Piran Mawgan");
  await page.getByLabel("Other names (optional)").fill("P. Mawgan\n@piran_watching");
  await fillDateOfBirth(page, "7", "7", "1984");
  await page.getByLabel("PNC number (optional)").fill("PNC 84 555123");
  await page.getByRole("button", { name: "Add perpetrator or suspect" }).click();
  await expect(
    errorSummary(page).getByRole("link", {
      name: "Enter a PNC number in the correct format, like 87/123456X or 1987/0123456X",
    }),
  ).toBeVisible();
  await page.getByLabel("PNC number (optional)").fill("84/555123z");
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Add perpetrator or suspect" }).click());
  const parties = page.getByTestId("party");
  await expect(parties).toHaveCount(2);
  const victim = parties.filter({ hasText: "Elowen Carrick" });
  const perpetrator = parties.filter({ hasText: "Piran Mawgan" });
  await expect(victim.getByTestId("date-of-birth")).toHaveText("12 March 1992");
  await expect(victim.getByRole("link", { name: "Contact details and safe-contact preferences" })).toHaveAttribute(
    "href",
    `/cases/${caseId}/victim-care#contact`,
  );
  await expect(perpetrator.getByTestId("date-of-birth")).toHaveText("7 July 1984");
  await expect(perpetrator.getByTestId("identifier-pnc")).toHaveText("84/555123Z");
  await expect(perpetrator).toContainText("@piran_watching");
  await expect(perpetrator.getByTestId("other-cases")).toContainText(
    "Not recorded as perpetrator in any other case you can see",
  );
  await expectNoAxeViolations(page);

  // --- The team: an ISAC advocate and a probation practitioner (choosing nobody is refused first).
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId("parties")).toContainText("Elowen Carrick (victim)");
  await page.getByRole("link", { name: "Manage the case team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Case team" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Select the person to add" })).toHaveAttribute(
    "href",
    "#userId",
  );
  await expect(errorSummary(page).getByRole("link", { name: "Select their role in the case" })).toBeVisible();
  await expectNoAxeViolations(page);
  await addToTeam(page, ADVOCATE, "Advocate");
  await expect(page.getByTestId("success-banner")).toContainText("Jess Marlowe was added to the case team");
  await addToTeam(page, PRACTITIONER, "Offender manager");
  await expect(page.getByTestId("success-banner")).toContainText("Lee Farrant was added to the case team");
  const members = page.getByTestId("member");
  await expect(members).toHaveCount(3);
  await expect(members.filter({ hasText: "Lee Farrant" })).toContainText("Offender manager");
  await expect(members.filter({ hasText: "Jess Marlowe" })).toContainText("Advocate");
  await expectNoAxeViolations(page);

  // --- The practitioner sees the case and the perpetrator's details; the victim's date of birth is withheld.
  const practitioner = await probation.newPage();
  await signIn(practitioner, PRACTITIONER);
  await practitioner.goto("/cases");
  await practitioner.getByRole("link", { name: reference }).click();
  await expect(practitioner.getByRole("heading", { level: 1, name: `Case ${reference}` })).toBeVisible();
  await expect(practitioner.getByTestId("team")).toContainText(
    "Lee Farrant, Offender manager (Northshire Probation Delivery Unit)",
  );
  await expect(practitioner.getByRole("link", { name: "Change status" })).toHaveCount(0);
  await expectNoAxeViolations(practitioner);
  await practitioner.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "People" }).click();
  await expect(practitioner.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(practitioner.getByRole("link", { name: "Add a victim" })).toHaveCount(0);
  const seenPerpetrator = practitioner.getByTestId("party").filter({ hasText: "Piran Mawgan" });
  await expect(seenPerpetrator.getByTestId("date-of-birth")).toHaveText("7 July 1984");
  await expect(seenPerpetrator.getByTestId("identifier-pnc")).toHaveText("84/555123Z");
  const seenVictim = practitioner.getByTestId("party").filter({ hasText: "Elowen Carrick" });
  await expect(seenVictim.getByTestId("date-of-birth").getByTestId("withheld")).toContainText(
    "Held by Northshire Police",
  );
  await expect(seenVictim.getByTestId("date-of-birth").getByRole("link", { name: "request access" })).toBeVisible();
  expect(await practitioner.content()).not.toContain("12 March 1992");
  expect(await (await practitioner.request.get(`/cases/${caseId}/people.data`)).text()).not.toContain("1992-03-12");
  await expectNoAxeViolations(practitioner);

  // --- Removing them takes the case away at their next request (and leaves the demo accounts as they were).
  for (const name of ["Lee Farrant", "Jess Marlowe"]) {
    await loadsNewDocument(page, () => page.getByRole("button", { name: `Remove ${name} from the team` }).click());
    await expect(page.getByTestId("success-banner")).toContainText(`${name} was removed from the case team`);
  }
  await expect(page.getByTestId("past-members")).toContainText("Lee Farrant");
  await practitioner.reload();
  await expect(practitioner.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  expect(await practitioner.content()).not.toContain("Piran Mawgan");

  await police.close();
  await probation.close();
});
