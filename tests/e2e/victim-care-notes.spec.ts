// Victim care and case notes in Chromium: the advocate records the victim's contact details and a safety plan;
// the probation practitioner on the same case sees the contact details only as withheld and the safety plan as
// its summary line; a note containing markup is shown as text and never run. axe-core on every page.
import { expect, test, type Page } from "@playwright/test";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { errorSummary, expectNoAxeViolations, signIn, signOut, todayEntry } from "./helpers";

const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";

const PHONE = "07700 900654";
const ADDRESS = "22 Fennel Mews, Northshire NS2 8XB";
const MEASURE = "Panic button fitted at the front door";

/** A London calendar date `days` from today, as day, month and year. */
function londonDate(days: number): { day: string; month: string; year: string } {
  const iso = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + days * 86_400_000));
  const [year, month, day] = iso.split("-") as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

async function openWorkedCase(page: Page): Promise<string> {
  await page.goto("/cases");
  await page.getByRole("link", { name: WORKED_CASE_REFERENCE }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+$/);
  return new URL(page.url()).pathname;
}

async function fillDate(page: Page, legend: string, d: { day: string; month: string; year: string }): Promise<void> {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(d.day);
  await group.getByLabel("Month").fill(d.month);
  await group.getByLabel("Year").fill(d.year);
}

test("the advocate records contact details and a safety plan; probation sees them withheld and as a summary", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADVOCATE);
  const caseUrl = await openWorkedCase(page);
  await page.goto(`${caseUrl}/victim-care`);
  await expect(page.getByRole("heading", { level: 1, name: "Victim care" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Victim care" }),
  ).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(page);

  // Contact details (the demo seed may already hold some: then this records a new version). Bad input first.
  await page.getByRole("link", { name: /^(Record|Change) contact details$/ }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Contact details and safe-contact preferences" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Phone number").fill("ring me");
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Save contact details" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter a phone number, like 07700 900 982 or +44 808 157 0192" }),
  ).toBeVisible();
  await expect(
    errorSummary(page).getByRole("link", {
      name: "Enter an email address in the correct format, like name@example.org",
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Address", { exact: true }).fill(ADDRESS);
  await page.getByLabel("Phone number").fill(PHONE);
  await page.getByLabel("Email address").fill("");
  await page.getByLabel("Safe times to call").fill("Weekdays 10am to 12pm");
  await page
    .getByRole("group", { name: "What is the safest way to contact the victim?" })
    .getByLabel("Phone call")
    .check();
  const avoid = page.getByRole("group", { name: "Ways NOT to contact the victim" });
  for (const box of await avoid.getByRole("checkbox").all()) await box.uncheck();
  await avoid.getByLabel("Letter").check();
  await page.getByRole("group", { name: "Is it safe to leave messages?" }).getByLabel("No").check();
  await page.getByRole("button", { name: "Save contact details" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Contact details saved");
  const details = page.getByTestId("contact-details");
  await expect(details).toContainText(PHONE);
  await expect(details).toContainText(ADDRESS);
  await expect(details).toContainText("Letter");
  await expectNoAxeViolations(page);

  // Safety plan, with online safety advice that never isolates or blames.
  await page.getByRole("link", { name: /^(Record a|Change the) safety plan$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Safety plan" })).toBeVisible();
  const advice = page.getByRole("group", { name: "Online safety advice given" });
  await expect(advice).toContainText("Advice must not isolate or blame the victim");
  await expect(advice.getByRole("checkbox")).toHaveCount(5);
  for (const label of await advice.locator("label").allTextContents())
    expect(label).not.toMatch(/come off|change (your|their) number/i);
  await expectNoAxeViolations(page);
  // Emptied (the seed may have a plan), it is refused.
  await page.getByLabel("Safety measures").fill("");
  for (const box of await advice.getByRole("checkbox").all()) await box.uncheck();
  await fillDate(page, "When will the plan be reviewed?", { day: "", month: "", year: "" });
  await page.getByRole("button", { name: "Save safety plan" }).click();
  await expect(
    errorSummary(page).getByRole("link", {
      name: "Enter at least one safety measure or select the online safety advice given",
    }),
  ).toBeVisible();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter the date the safety plan will be reviewed" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Safety measures").fill(`${MEASURE}\nRoute to work varied`);
  await advice.getByLabel("Reviewed privacy settings with the victim").check();
  await advice.getByLabel("Explained how to keep and export evidence of messages").check();
  const review = londonDate(28);
  await fillDate(page, "When will the plan be reviewed?", review);
  await page.getByRole("button", { name: "Save safety plan" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Safety plan saved");
  await expect(page.getByTestId("safety-plan")).toContainText(MEASURE);
  await expect(page.getByTestId("safety-plan")).toContainText("Reviewed privacy settings with the victim");
  await expectNoAxeViolations(page);
  await signOut(page);

  // The probation practitioner on the same team.
  await signIn(page, PRACTITIONER);
  await page.goto(`${caseUrl}/victim-care`);
  await expect(page.getByRole("heading", { level: 1, name: "Victim care" })).toBeVisible();
  const withheld = page.getByTestId("contact-withheld");
  await expect(withheld).toHaveText("Held by the victim's advocate and the police case team: request access");
  await expect(withheld.getByRole("link", { name: "request access" })).toHaveAttribute(
    "href",
    `${caseUrl}/request-access`,
  );
  const safety = page.getByTestId("section-safety-plan");
  await expect(safety.getByTestId("summary-line")).toHaveText(/^Safety plan in place, next review \d{1,2} \w+ \d{4}$/);
  await expect(safety.getByTestId("withheld")).toContainText("Held by Northshire Stalking Advocacy Service");
  await expect(page.getByRole("link", { name: /Record|Change/ })).toHaveCount(0);
  const html = await page.content();
  for (const secret of [PHONE, ADDRESS, MEASURE, "Reviewed privacy settings", "Weekdays 10am"])
    expect(html).not.toContain(secret);
  await expectNoAxeViolations(page);
  // The forms are not theirs: a 404 that confirms nothing.
  const form = await page.request.get(`${caseUrl}/victim-care/contact`);
  expect(form.status()).toBe(404);
  expect(await form.text()).not.toContain(PHONE);
});

test("a note with markup is shown as text and never run; the author changes and retracts it", async ({ page }) => {
  test.setTimeout(120_000);
  const script = "<script>window.__concordPwned = true</script>";
  const title = '<img src=x onerror="window.__concordPwned = true"> Markup test';
  await signIn(page, INVESTIGATOR);
  const caseUrl = await openWorkedCase(page);
  await page.goto(`${caseUrl}/notes`);
  await expect(page.getByRole("heading", { level: 1, name: "Notes" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Add a note" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a note" })).toBeVisible();
  // The investigator's agency default: investigation material.
  await expect(page.getByLabel("Investigation and evidence")).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter a title" })).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Enter the note" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary line").fill("Markup stays text");
  await page.getByLabel("Note", { exact: true }).fill(`Before ${script} after`);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Note added");
  const card = page.getByTestId("note").filter({ hasText: "Markup stays text" });
  await expect(card).toContainText(`Before ${script} after`);
  await expect(card.getByRole("link", { name: title })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __concordPwned?: boolean }).__concordPwned)).toBeUndefined();
  // The server's HTML carries it escaped.
  const listHtml = await (await page.request.get(`${caseUrl}/notes`)).text();
  expect(listHtml).toContain("&lt;script&gt;window.__concordPwned = true&lt;/script&gt;");
  expect(listHtml).not.toContain(script);
  expect(listHtml).not.toContain("<img src=x");
  await expectNoAxeViolations(page);

  // Open it, change it (history kept), then retract it (still there, marked).
  await card.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("note-text")).toHaveText(`Before ${script} after`);
  await expectNoAxeViolations(page);
  await page.getByLabel("Note", { exact: true }).fill("Corrected text");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Note changed");
  await expect(page.getByTestId("note-text")).toHaveText("Corrected text");
  await expect(page.getByTestId("note-version")).toContainText(`Before ${script} after`);
  expect(await page.evaluate(() => (window as unknown as { __concordPwned?: boolean }).__concordPwned)).toBeUndefined();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Retract note" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter why you are retracting this note" })).toBeVisible();
  await page.getByLabel("Why are you retracting it?").fill("Added while testing how markup is shown");
  await page.getByRole("button", { name: "Retract note" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Note retracted");
  await expect(page.getByTestId("retracted")).toContainText("Reason: Added while testing how markup is shown");
  await expect(page.getByRole("button", { name: "Retract note" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "All notes on this case" }).click();
  await expect(
    page.getByTestId("note").filter({ hasText: "Markup stays text" }).getByTestId("retraction"),
  ).toContainText("Added while testing how markup is shown");
});

test("the officer agrees updates, sees them due on the home page, and every victim care form passes axe", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, INVESTIGATOR);
  const caseUrl = await openWorkedCase(page);
  await page.goto(`${caseUrl}/victim-care`);
  await expect(page.getByRole("heading", { level: 1, name: "Victim care" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Agreed updates: weekly, agreed three days ago, so the next is due in four days.
  await page
    .getByRole("link", { name: /^(Agree updates with the victim|Record an update given or change the agreement)$/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Agreed updates" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByRole("group", { name: "How often will the victim be updated?" })
    .getByLabel("Another number of days")
    .check();
  await page.getByLabel("If another number of days, how many? (1 to 90)").fill("91");
  await page.getByRole("button", { name: /^Save (agreed updates|changes)$/ }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter a number of days between 1 and 90" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "How often will the victim be updated?" }).getByLabel("Every week").check();
  await page.getByLabel("If another number of days, how many? (1 to 90)").fill("");
  await page.getByRole("group", { name: "How will they be updated?" }).getByLabel("Phone").check();
  await fillDate(page, "When was this agreed with the victim?", londonDate(-3));
  await page.getByRole("button", { name: /^Save (agreed updates|changes)$/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Agreed updates saved");
  const due = londonDate(4);
  const dueText = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(Number(due.year), Number(due.month) - 1, Number(due.day))));
  await expect(page.getByTestId("next-update-due")).toContainText(dueText);

  // The officer's home page.
  await page.goto("/");
  const updatesDue = todayEntry(page, `Update the victim on case ${WORKED_CASE_REFERENCE}`);
  await expect(updatesDue).toContainText(`Next agreed update ${dueText}`);
  await expect(updatesDue.getByRole("link")).toHaveAttribute("href", `${caseUrl}/victim-care#updates`);
  await expectNoAxeViolations(page);

  // The other forms.
  for (const [path, heading] of [
    ["rights", "Victims' Code enhanced rights"],
    ["needs", "Victim needs assessment"],
  ] as const) {
    await page.goto(`${caseUrl}/victim-care/${path}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoAxeViolations(page);
  }
  await page.goto(`${caseUrl}/victim-care/referrals`);
  await expect(page.getByRole("heading", { level: 1, name: "Refer to specialist support" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save referral" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "Select the service the victim was referred to" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Independent domestic violence advocate (IDVA)").check();
  await fillDate(page, "When was it offered?", londonDate(0));
  await page.getByRole("button", { name: "Save referral" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Referral saved");
  const referral = page.getByTestId("referral").filter({ hasText: "Independent domestic violence advocate (IDVA)" });
  await expect(referral).toContainText("waiting for a response");
  await referral.getByRole("link", { name: /^Record the response/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record the victim's response" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Accepted").check();
  await fillDate(page, "If they accepted or declined, when?", londonDate(0));
  await page.getByRole("button", { name: "Save response" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Response saved");
  await expect(
    page.getByTestId("referral").filter({ hasText: "Independent domestic violence advocate (IDVA)" }),
  ).toContainText("accepted on");
});
