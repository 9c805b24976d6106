// Issue 16, item 4: every home page says what to do today. On a server of its own (a fresh demo database, so the
// pre-sentence draft and the referral made here touch no other spec's data), the court team, the clinic
// coordinator and the police supervisor each see the "today" list the seeded demo data implies, each entry a link
// to where they act; and "SPO" (stalking protection order) is spelled out and shown only to roles who act on it.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { dash } from "../../app/instruments/dash";
import { SENTENCING_CASE, SENTENCING_CASE_REFERENCE } from "../../db/seed/demo-sentencing";
import { expectNoAxeViolations, fillDate, londonDay, signIn, todayEntry, todayGroup } from "./helpers";
import { ownDemoServer } from "./own-server";

test.describe.configure({ mode: "serial" });

const own = ownDemoServer();
const S2A = "Stalking (Protection from Harassment Act 1997, s2A)";
const SEEDED_ACTION = "Send the clinic's treatment recommendation to the court team for the pre-sentence report";

async function personPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: own.server.base })).newPage();
  await signIn(page, email);
  return page;
}

function caseIdOf(reference: string): string {
  return (own.db.prepare("SELECT id FROM cases WHERE reference = ?").get(reference) as { id: string }).id;
}

test("the court team: their case is a link, and their draft and its sentencing hearing are on today's list", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const caseId = caseIdOf(SENTENCING_CASE_REFERENCE);
  const page = await personPage(browser, "court@probation.concord.test");
  await expect(page.getByRole("heading", { level: 2, name: "Today" })).toBeVisible();
  // Nothing started yet: nothing to do today, said so.
  await expect(page.getByTestId("today-empty")).toHaveText("Nothing needs you today.");
  // "Cases you work on" entries are links to the case.
  await expect(page.getByTestId("my-cases").getByRole("link", { name: SENTENCING_CASE_REFERENCE })).toHaveAttribute(
    "href",
    `/cases/${caseId}`,
  );
  await expectNoAxeViolations(page);

  // The court team starts pre-sentence input for the sentencing hearing in three weeks.
  const hearing = londonDay(21);
  await page.goto(`/cases/${caseId}/pre-sentence`);
  await page.getByLabel("Court", { exact: true }).fill(SENTENCING_CASE.court);
  await fillDate(page, "Date of the sentencing hearing", hearing.parts);
  await fillDate(page, "Date of conviction", londonDay(-21).parts);
  await page.getByLabel("Pre-sentence input to a standard delivery report").check();
  await page.getByLabel(S2A).check();
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Pre-sentence input started");
  const reportUrl = new URL(page.url()).pathname;

  await page.goto("/");
  const draft = todayEntry(page, `Finish your draft pre-sentence input for case ${SENTENCING_CASE_REFERENCE}`);
  await expect(draft).toContainText(`Sentencing at ${SENTENCING_CASE.court} on ${hearing.text}`);
  await expect(draft.locator(".govuk-tag")).toHaveText("Draft");
  const hearingEntry = todayEntry(page, `Sentencing hearing for case ${SENTENCING_CASE_REFERENCE}`);
  await expect(hearingEntry).toContainText(`${SENTENCING_CASE.court}, ${hearing.text}`);
  await expect(hearingEntry.locator(".govuk-tag")).toHaveText("In 21 days");
  await expectNoAxeViolations(page);
  // Each entry is a link to where the work is done.
  await draft.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${reportUrl}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Pre-sentence input" })).toBeVisible();
  await page.context().close();
});

test("the clinic coordinator: the seeded action to follow up, a referral awaiting triage and a meeting this week", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, "clinic@partnership.concord.test");
  // Seeded: the clinic case review she chaired a week ago left an open action with the psychologist, due in 5 days.
  const action = todayEntry(page, `Follow up: ${SEEDED_ACTION}`);
  await expect(action).toContainText(`Owned by Dr Imogen Vale; from Stalking clinic case review`);
  await expect(action).toContainText(`case ${SENTENCING_CASE_REFERENCE}; due ${londonDay(5).text}`);
  await expect(action.locator(".govuk-tag")).toHaveText("In 5 days");
  await expect(page.getByTestId("today-entry").filter({ hasText: "Triage the clinic referral" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The advocate refers NS-2026-00001 to the clinic.
  const advocate = await personPage(browser, "advocate@isac.concord.test");
  await advocate.goto(`/cases/${caseIdOf("NS-2026-00001")}/referrals/clinic`);
  await advocate.getByLabel("Reason for the referral").fill("Today list e2e: contact escalating.");
  await advocate.getByLabel("High").check();
  await advocate.getByLabel("What are you asking the clinic to do?").fill("Advice on risk management.");
  await advocate.getByRole("button", { name: "Send referral" }).click();
  await expect(advocate.getByText("Clinic referral sent to the clinic coordinator")).toBeVisible();

  await page.reload();
  const triage = todayEntry(page, "Triage the clinic referral for case NS-2026-00001");
  await expect(triage).toContainText("From Northshire Stalking Advocacy Service");
  await expect(triage.locator(".govuk-tag")).toHaveText("Awaiting triage");

  // She arranges a clinic case review for tomorrow, chaired by the investigator: it is on her list this week (the coordinator is invited to what she arranges),
  // and on the invited advocate's.
  const tomorrow = londonDay(1);
  await page.goto("/meetings/new");
  await page.getByLabel("Stalking clinic: case review").check();
  await page.getByLabel("Title").fill("Clinic review (today list)");
  await fillDate(page, "Date of the meeting", tomorrow.parts);
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Chair").selectOption({ label: "Dana Whitlock (Northshire Police)" });
  await page.getByLabel("Jess Marlowe (Northshire Stalking Advocacy Service)").check();
  await page.getByRole("button", { name: "Create meeting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Clinic review (today list)" })).toBeVisible();
  const meetingUrl = new URL(page.url()).pathname;

  await page.goto("/");
  const meeting = todayEntry(page, "Attend Clinic review (today list)");
  await expect(meeting).toContainText(`Stalking clinic: case review, ${tomorrow.text} at 10:00am`);
  await expect(meeting.locator(".govuk-tag")).toHaveText("Tomorrow");
  await expect(meeting.getByRole("link")).toHaveAttribute("href", meetingUrl);
  await expectNoAxeViolations(page);
  await triage.getByRole("link").click();
  await expect(page).toHaveURL(/\/clinic\/referrals\/[0-9a-f-]{36}$/);

  await advocate.goto("/");
  await expect(todayEntry(advocate, "Attend Clinic review (today list)").locator(".govuk-tag")).toHaveText("Tomorrow");
  await page.context().close();
  await advocate.context().close();
});

test("the police supervisor: stalking protection orders to consider and an assessment to countersign; other supervisors are not shown SPOs", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const first = caseIdOf("NS-2026-00001");
  const page = await personPage(browser, "supervisor@police.concord.test");
  // Seeded: neither small police case has had a stalking protection order considered (30 and 8 days open).
  for (const [reference, days] of [
    ["NS-2026-00001", 30],
    ["NS-2026-00002", 8],
  ] as const) {
    const spo = todayEntry(page, `Stalking protection order not yet considered on case ${reference}`);
    await expect(spo).toContainText(`Open ${days} days; it should be considered within 7 days`);
    await expect(spo.getByRole("link")).toHaveAttribute("href", `/cases/${caseIdOf(reference)}/orders`);
  }
  await expect(
    page.getByRole("heading", { level: 3, name: "Stalking protection order consideration outstanding" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: /^SPO / })).toHaveCount(0);
  await expect(page.getByTestId("today-entry").filter({ hasText: "Countersign" })).toHaveCount(0);
  // Nothing to countersign yet: said so, with the way to the full list kept on the page.
  const signOff = todayGroup(page, "To countersign or sign off");
  await expect(signOff).toContainText("Nothing waiting.");
  await expect(
    signOff.getByRole("link", { name: "Everything waiting for your countersignature or sign-off" }),
  ).toHaveAttribute("href", "/countersign");
  await expectNoAxeViolations(page);

  // The investigator submits a DASH on NS-2026-00001 for countersigning.
  const investigator = await personPage(browser, "investigator@police.concord.test");
  await investigator.goto(`/cases/${first}/risk`);
  await investigator
    .getByRole("group", { name: "Start a risk assessment" })
    .getByLabel(dash.name, { exact: true })
    .check();
  await investigator.getByRole("button", { name: "Start assessment" }).click();
  await expect(investigator.getByTestId("instrument-form")).toBeVisible();
  const dashUrl = new URL(investigator.url()).pathname.replace(/\/edit$/, "");
  const form = investigator.getByTestId("instrument-form");
  for (const section of dash.sections) {
    for (const item of section.items) {
      if (item.response.kind !== "yes_no") continue;
      await form
        .locator("fieldset")
        .filter({ has: investigator.locator(`input[type=radio][name="item.${item.id}"]`) })
        .getByLabel(item.id === "dash_stalking" ? "Yes" : "No", { exact: true })
        .check();
    }
  }
  await form
    .locator("fieldset")
    .filter({ has: investigator.locator('input[type=radio][name="item.risk_level"]') })
    .getByLabel("Standard", { exact: true })
    .check();
  await investigator.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(investigator.getByTestId("assessment-state")).toHaveText("Waiting for countersignature");
  await investigator.context().close();

  await page.reload();
  const countersign = todayEntry(page, `Countersign the ${dash.shortName} on case NS-2026-00001`);
  await expect(countersign.locator(".govuk-tag")).toHaveText("Waiting");
  await countersign.getByRole("link").click();
  // The entry opens the submission for countersigning (the agency-wide countersign pages, issue 16 item 2).
  await expect(page).toHaveURL(new RegExp(`/countersign/${dashUrl.split("/").at(-1)}$`));
  await expect(page.getByTestId("countersign")).toBeVisible();
  await page.context().close();

  // The senior probation officer and the advocate manager do not apply for SPOs: no SPO list, heading or entry.
  for (const email of ["spo@probation.concord.test", "manager@isac.concord.test"]) {
    const other = await personPage(browser, email);
    await expect(other.getByRole("heading", { level: 2, name: "Today" })).toBeVisible();
    await expect(other.getByText(/stalking protection order|SPO/i)).toHaveCount(0);
    await other.context().close();
  }
});

test("the investigator: each thing to do once, under a heading for its kind, each entry a link", async ({
  browser,
}) => {
  // She gives herself a task due today on NS-2026-00001. Before, it was listed twice ("Today" and "My tasks").
  const caseId = caseIdOf("NS-2026-00001");
  const title = "Call the victim back (today list)";
  const page = await personPage(browser, "investigator@police.concord.test");
  await page.goto(`/cases/${caseId}/tasks`);
  await page.getByLabel("What needs to be done?").fill(title);
  const me = await page.locator("#ownerUserId option", { hasText: "(you)" }).getAttribute("value");
  await page.getByLabel("Who will do it?").selectOption(me ?? "");
  await fillDate(page, "Due date", londonDay(0).parts);
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Task added");

  await page.goto("/");
  await expect(page.getByTestId("today-group").getByRole("heading", { level: 3 }).first()).toHaveText(
    "Tasks and actions",
  );
  // Once on the whole page, in its group, as a link to the case's tasks, with its case and when it is due.
  await expect(page.getByText(title, { exact: true })).toHaveCount(1);
  const task = todayGroup(page, "Tasks and actions").getByTestId("today-entry").filter({ hasText: title });
  await expect(task).toContainText(`Task on case NS-2026-00001, due ${londonDay(0).text}`);
  await expect(task.getByRole("link")).toHaveAttribute("href", `/cases/${caseId}/tasks`);
  await expect(task.locator(".govuk-tag")).toHaveText("Today");
  // No entry repeats another (same words, same place), and every entry is a link.
  const entries = page.getByTestId("today-entry");
  const links = await entries
    .getByRole("link")
    .evaluateAll((as) => as.map((a) => `${a.textContent} -> ${a.getAttribute("href")}`));
  expect(links.length).toBe(await entries.count());
  expect(new Set(links).size).toBe(links.length);
  // The old sections are gone.
  await expect(
    page.getByRole("heading", {
      name: /^(My tasks|Overdue|Risk reviews overdue|Assessments to countersign|Actions from meetings)$/,
    }),
  ).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.context().close();
});
