import { expect, test, type Browser, type Page } from "@playwright/test";
import { baseUrl, errorSummary, expectNoAxeViolations, loadsNewDocument, signIn, signOut, todayGroup } from "./helpers";

// Synthetic victim contact from db/seed/demo-cases.ts: it must never reach a meeting page.
const VICTIM_ADDRESS = "14 Larkspur Close";
const VICTIM_PHONE = "07700 900123";

async function click(page: Page, name: string | RegExp): Promise<void> {
  await loadsNewDocument(page, () => page.getByRole("button", { name }).first().click());
}

/** A page in a context with JavaScript switched off: the meeting must work as ordinary forms. */
async function noScriptPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseUrl() });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function expectNoVictimContact(page: Page): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(VICTIM_ADDRESS);
  expect(html).not.toContain(VICTIM_PHONE);
}

test("a clinic meeting is arranged with an agenda, run without JavaScript and its minutes signed off", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000); // the papers are read on the item page, the minutes written on the meeting page: a few more page loads
  // An accepted clinic referral for the agenda.
  await signIn(page, "advocate@isac.concord.test");
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Referrals" }).click();
  await page.getByRole("link", { name: "Refer to the stalking clinic" }).click();
  await page.getByLabel("Reason for the referral").fill("Meetings e2e: contact escalating.");
  await page.getByLabel("High").check();
  await page.getByLabel("What are you asking the clinic to do?").fill("Advice on risk management.");
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByText("Clinic referral sent to the clinic coordinator")).toBeVisible();
  await signOut(page);

  await signIn(page, "clinic@partnership.concord.test");
  await page.goto("/clinic/referrals");
  await page.getByTestId("clinic-queue").getByRole("link", { name: "NS-2026-00001" }).first().click();
  await page.getByLabel("Accept").check();
  await page.getByLabel("Urgent").check();
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByText("Referral triaged: the referrer has been told")).toBeVisible();

  // Arrange the meeting.
  await page.goto("/meetings");
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Arrange a meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Arrange a meeting" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Create meeting" }).click();
  await expect(errorSummary(page)).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Enter a title for the meeting" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Stalking clinic: case review").check();
  await page.getByLabel("Title").fill("Clinic review (e2e)");
  const date = page.getByRole("group", { name: "Date of the meeting" });
  await date.getByLabel("Day").fill("15");
  await date.getByLabel("Month").fill("6");
  await date.getByLabel("Year").fill(String(new Date().getFullYear() + 1));
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Chair").selectOption({ label: "Dana Whitlock (Northshire Police)" });
  await page.getByLabel("Jess Marlowe (Northshire Stalking Advocacy Service)").check();
  await page.getByLabel("Lee Farrant (Northshire Probation Delivery Unit)").check();
  // A date long past is refused (unless the meeting is recorded as already held), the form kept as entered.
  await date.getByLabel("Year").fill("2020");
  await page.getByRole("button", { name: "Create meeting" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: /The date of the meeting must be today or in the future/ }),
  ).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("Clinic review (e2e)");
  await expectNoAxeViolations(page);
  await date.getByLabel("Year").fill(String(new Date().getFullYear() + 1));
  await page.getByRole("button", { name: "Create meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Clinic review (e2e)" })).toBeVisible();
  const meetingUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("confidentiality-statement")).toContainText("OFFICIAL-SENSITIVE");
  await page
    .getByRole("group", { name: "Add cases to the agenda" })
    .getByLabel(/NS-2026-00001: Urgent/)
    .check();
  await page.getByRole("button", { name: "Add to agenda" }).click();
  await expect(page.getByText("Agenda updated")).toBeVisible();
  await expect(page.getByTestId("agenda")).toContainText("NS-2026-00001");
  await expect(page.getByTestId("agenda")).toContainText("20 minutes");
  // Removing is a secondary action on each row, not a red warning button (issue 15).
  const removes = page.getByRole("button", { name: /^Remove/ });
  expect(await removes.count()).toBeGreaterThan(0);
  for (const button of await removes.all()) {
    await expect(button).toHaveClass(/govuk-button--secondary/);
    await expect(button).not.toHaveClass(/govuk-button--warning/);
  }
  await expectNoAxeViolations(page);
  await signOut(page);

  // The chair runs the meeting without JavaScript.
  const chair = await noScriptPage(browser, "investigator@police.concord.test");
  await chair.goto(meetingUrl);
  await expect(chair.getByRole("heading", { level: 1, name: "Clinic review (e2e)" })).toBeVisible();
  await click(chair, "I acknowledge the confidentiality statement");
  await expect(chair.getByText("You acknowledged this statement.")).toBeVisible();
  await click(chair, "Open the meeting");
  // The meeting page is the one place to write minutes, decisions and actions (decision 0046); the item page has the papers.
  await expect(chair.getByTestId("now-discussing")).toHaveText("Item 1: NS-2026-00001");
  await expect(chair.getByTestId("item-record")).toContainText("item 1, NS-2026-00001");
  const itemUrl = (await chair.getByTestId("now-discussing").getByRole("link").getAttribute("href"))!;
  await chair.goto(itemUrl);
  await expect(chair.getByTestId("papers")).toBeVisible();
  await expectNoVictimContact(chair);
  await chair.getByRole("link", { name: /Write the minutes, decisions and actions on the meeting page/ }).click();

  // Probation sees no papers until acknowledging, then its own papers, never the victim's contact details.
  const probation = await noScriptPage(browser, "practitioner@probation.concord.test");
  await probation.goto(itemUrl);
  await expect(probation.getByText("Acknowledge the confidentiality statement")).toBeVisible();
  await expect(probation.getByTestId("papers")).toHaveCount(0);
  await probation.goto(meetingUrl);
  await click(probation, "I acknowledge the confidentiality statement");
  await chair.getByLabel("Minutes for NS-2026-00001").fill("Risk discussed.");
  await click(chair, "Save minutes");
  await expect(chair.getByText("Minutes saved")).toBeVisible();
  await probation.goto(itemUrl);
  await expect(probation.getByTestId("papers")).toBeVisible();
  await expect(probation.getByTestId("item-minutes")).toHaveText("Risk discussed.");
  await expectNoVictimContact(probation);
  await probation.goto(meetingUrl);

  // Minutes: both have version 1 open; the chair saves first, so probation's change to the same line is a conflict, not an overwrite.
  await chair.getByLabel("Minutes for NS-2026-00001").fill("Risk discussed: high.");
  await click(chair, "Save minutes");
  await expect(chair.getByText("Minutes saved")).toBeVisible();
  await probation.getByLabel("Minutes for NS-2026-00001").fill("Risk discussed: medium.");
  await click(probation, "Save minutes");
  await expect(probation.getByTestId("minutes-conflict")).toBeVisible();
  await expect(probation.getByTestId("conflict-theirs")).toHaveText("Risk discussed: high.");
  await expect(probation.getByTestId("conflict-yours")).toHaveText("Risk discussed: medium.");
  await probation
    .getByLabel("Minutes for NS-2026-00001")
    .fill("Risk discussed: high.\nProbation: licence conditions reviewed.");
  await click(probation, "Save minutes");
  await expect(probation.getByText("Minutes saved")).toBeVisible();

  // Decisions and actions; an action needs an owner.
  await chair.reload();
  await expect(chair.getByLabel("Minutes for NS-2026-00001")).toHaveValue(
    "Risk discussed: high.\nProbation: licence conditions reviewed.",
  );
  await chair.getByLabel("Record a decision").fill("Consider a stalking protection order application.");
  await click(chair, "Record decision");
  await expect(chair.getByText("Decision recorded")).toBeVisible();
  await chair.getByLabel("Record an action").fill("Update the victim on the outcome");
  await click(chair, "Record action");
  await expect(errorSummary(chair).getByRole("link", { name: "Choose who owns the action" })).toBeVisible();
  await chair
    .getByLabel("Owner (a person or an agency)")
    .selectOption({ label: "Jess Marlowe (Northshire Stalking Advocacy Service)" });
  const due = chair.getByRole("group", { name: "Due date" });
  await due.getByLabel("Day").fill("1");
  await due.getByLabel("Month").fill("9");
  await due.getByLabel("Year").fill(String(new Date().getFullYear() + 1));
  await click(chair, "Record action");
  await expect(chair.getByText("Action recorded")).toBeVisible();
  await expect(chair.getByTestId("item-actions")).toContainText("Update the victim on the outcome");

  await chair.goto(meetingUrl);
  // Closing asks first; "No" leaves the meeting open.
  await chair.getByRole("link", { name: "Close the meeting" }).click();
  await expect(chair.getByTestId("close-confirmation")).toContainText("Closing ends the live meeting for everyone");
  await chair.getByRole("link", { name: "No, keep the meeting open" }).click();
  await expect(chair.getByTestId("close-confirmation")).toHaveCount(0);
  await expect(chair.getByTestId("meeting-status")).not.toHaveText("Closed: minutes being finalised");
  await chair.getByRole("link", { name: "Close the meeting" }).click();
  await click(chair, "Yes, close the meeting");
  await expect(chair.getByTestId("meeting-status")).toHaveText("Closed: minutes being finalised");
  // Drafts cannot be downloaded, so nothing offers it.
  await expect(chair.getByTestId("minutes-downloads")).toHaveCount(0);
  await chair.getByRole("link", { name: "Finalise the minutes" }).click();
  await expect(chair.getByTestId("marking")).toHaveText("OFFICIAL-SENSITIVE");
  await expect(chair.getByTestId("minutes-downloads")).toHaveCount(0);
  await click(chair, "Sign off the minutes");
  await expect(chair.getByTestId("minutes-status")).toContainText("Minutes signed off");
  // Signed off: the Word file and the PDF are downloaded from links on the minutes page and the meeting page.
  for (const [name, extension, magic] of [
    ["Download the minutes as a Word document", "docx", "PK"],
    ["Download the minutes as a PDF", "pdf", "%PDF"],
  ] as const) {
    const downloading = chair.waitForEvent("download");
    await chair.getByRole("link", { name: new RegExp(name) }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^concord-minutes-.+\\.${extension}$`));
    const { readFile } = await import("node:fs/promises");
    expect((await readFile((await file.path())!)).subarray(0, magic.length).toString("latin1")).toBe(magic);
  }
  await chair.goto(meetingUrl);
  await expect(chair.getByTestId("minutes-downloads").getByRole("link")).toHaveCount(2);
  await chair.getByRole("link", { name: "Read the minutes" }).click();
  await click(chair, "Share with my agreement as chair");
  await expect(errorSummary(chair)).toBeVisible();
  await chair.context().close();
  await probation.context().close();

  // Axe on the item and minutes pages (in a context with scripts, where axe can run), and the action on the owner's home page.
  await signIn(page, "advocate@isac.concord.test");
  await expect(todayGroup(page, "Tasks and actions")).toContainText("Update the victim on the outcome");
  await expectNoAxeViolations(page);
  await page.goto(meetingUrl);
  await expectNoAxeViolations(page);
  await page.goto(`${meetingUrl}/minutes`);
  await expect(page.getByText("Probation: licence conditions reviewed.")).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);
  await signIn(page, "investigator@police.concord.test");
  await page.goto(itemUrl);
  await expectNoAxeViolations(page);
  await page.goto(`${meetingUrl}/minutes`);
  await expectNoAxeViolations(page);
});

test("someone not invited cannot open a meeting", async ({ page }) => {
  await signIn(page, "prosecutor@cps.concord.test");
  const response = await page.goto("/meetings/not-a-meeting");
  expect(response?.status()).toBe(404);
});
