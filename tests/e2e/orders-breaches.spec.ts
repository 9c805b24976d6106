import { expect, test, type Page } from "@playwright/test";
import {
  errorSummary,
  expectNoAxeViolations,
  loadsNewDocument,
  signIn,
  signOut,
  todayEntry,
  todayGroup,
} from "./helpers";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const WORKED_CASE = "NS-2026-00001";

/** A London calendar date `days` from today, as [day, month, year] for a GOV.UK date input. */
function londonDay(days: number): { iso: string; parts: [string, string, string]; text: string } {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return {
    iso: date.toISOString().slice(0, 10),
    parts: [String(date.getUTCDate()), String(date.getUTCMonth() + 1), String(date.getUTCFullYear())],
    text: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(
      date,
    ),
  };
}

async function fillDate(page: Page, legend: string, parts: [string, string, string]): Promise<void> {
  const group = page.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(parts[0]);
  await group.getByLabel("Month").fill(parts[1]);
  await group.getByLabel("Year").fill(parts[2]);
}

async function submit(page: Page, button: string): Promise<void> {
  await loadsNewDocument(page, () => page.getByRole("button", { name: button, exact: true }).click());
}

test("an investigator records an SPO consideration, a granted SPO and a breach; the case team is told and given the work", async ({
  page,
}) => {
  // A long journey across two accounts with axe on every page.
  test.setTimeout(120_000);
  const today = londonDay(0);
  const prohibition = "Not to contact Jordan Ashby directly or indirectly, by any means including social media";
  const taskTitle = "Tell the victim about the breach and review the safety plan";

  await signIn(page, INVESTIGATOR);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: WORKED_CASE }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Case ${WORKED_CASE}` })).toBeVisible();
  const caseUrl = new URL(page.url()).pathname.replace(/\/$/, "");
  await page.goto(`${caseUrl}/orders`);
  await expect(page.getByRole("heading", { level: 1, name: "Offences and orders" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Offences and orders" }),
  ).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(page);

  // SPO consideration: nothing entered gets an error summary; then it is recorded.
  await page.getByRole("link", { name: "Record a stalking protection order consideration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stalking protection order consideration" })).toBeVisible();
  await expectNoAxeViolations(page);
  await submit(page, "Save consideration");
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: "Enter the rationale for the decision" })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "Date considered", today.parts);
  await page.getByLabel("Apply for a full SPO").check();
  await page
    .getByLabel("Rationale")
    .fill("Persistent course of conduct since January, continuing after a warning: apply for a full order.");
  await submit(page, "Save consideration");
  await expect(page.getByTestId("success-banner")).toContainText("Stalking protection order consideration recorded");
  await expect(page.getByTestId("latest-spo")).toContainText("Apply for a full SPO");
  await expect(page.getByTestId("latest-spo")).toContainText(`Dana Whitlock on ${today.text}`);

  // A granted SPO with prohibitions: first without its decision date (refused, nothing saved).
  await page.getByRole("link", { name: "Add a protective order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a protective order" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { name: /^Stalking protection order \(breach is a criminal offence\)/ }).check();
  await page.getByLabel("Granted").check();
  await page.getByLabel("Prohibitions").fill(`${prohibition}\nNot to enter Larkspur Close`);
  await page.getByLabel("Positive requirements").fill("Attend the perpetrator intervention programme");
  await submit(page, "Save order");
  await expect(errorSummary(page).getByRole("link", { name: "Enter the date of the court's decision" })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "Date of the court's decision", today.parts);
  await fillDate(page, "Expiry date (optional)", londonDay(730).parts);
  await submit(page, "Save order");
  await expect(page.getByTestId("success-banner")).toContainText("Protective order recorded");
  const card = page.getByTestId("order").filter({ hasText: prohibition });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Granted");
  await expect(card).toContainText("Breach is a criminal offence");
  await expectNoAxeViolations(page);

  // The order's own page: a variation keeps the version it replaced.
  await card.getByRole("link", { name: "View Stalking protection order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stalking protection order" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Vary the order" }).click();
  await expect(page.getByLabel("Prohibitions as varied")).toHaveValue(`${prohibition}\nNot to enter Larkspur Close`);
  await expectNoAxeViolations(page);
  await fillDate(page, "Date the court varied the order", today.parts);
  await page
    .getByLabel("Prohibitions as varied")
    .fill(`${prohibition}\nNot to enter Larkspur Close\nNot to go to the victim's workplace`);
  await submit(page, "Record variation");
  await expect(page.getByTestId("success-banner")).toContainText("Variation recorded");
  await expect(page.getByTestId("order-details")).toContainText("Not to go to the victim's workplace");
  await expect(page.getByTestId("order-version")).toHaveCount(1);
  await expectNoAxeViolations(page);

  // The breach.
  await page.getByRole("link", { name: "Back to offences and orders" }).click();
  await page.getByRole("link", { name: "Record a breach" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a breach" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByRole("radio", { name: `Stalking protection order, made ${today.text}, until ${londonDay(730).text}` })
    .check();
  await fillDate(page, "Date of the breach", today.parts);
  await page
    .getByLabel("What happened?")
    .fill("Sent the victim a message from a new social media account <script>window.pwned = 1</script>");
  await page.getByLabel("Arrested").check();
  await fillDate(page, "Date of the police action", today.parts);
  await submit(page, "Record breach");
  await expect(page.getByTestId("success-banner")).toContainText("Breach recorded");
  await expect(page.getByTestId("case-priority")).toHaveText("Priority raised");
  await expect(page.getByTestId("priority-panel")).toContainText(
    `Breach of the stalking protection order recorded on ${today.text}`,
  );
  // Text, never run.
  await expect(page.getByTestId("breaches")).toContainText("<script>window.pwned = 1</script>");
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expectNoAxeViolations(page);

  // The risk review task is on the case; the investigator gives the advocate a task of her own.
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Tasks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await expect(page.getByTestId("open-tasks")).toContainText(
    "Review risk after a breach of the stalking protection order",
  );
  await expectNoAxeViolations(page);
  await page.getByLabel("What needs to be done?").fill(taskTitle);
  const advocate = await page.locator("#ownerUserId option", { hasText: "Jess Marlowe" }).getAttribute("value");
  await page.getByLabel("Who will do it?").selectOption(advocate ?? "");
  await fillDate(page, "Due date", londonDay(-1).parts);
  await submit(page, "Add task");
  await expect(errorSummary(page).getByRole("link", { name: "Due date must be today or in the future" })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "Due date", londonDay(2).parts);
  await submit(page, "Add task");
  await expect(page.getByTestId("success-banner")).toContainText("Task added");
  await expect(page.getByTestId("open-tasks")).toContainText(taskTitle);
  await expectNoAxeViolations(page);

  // The officer in the case owns the review task: it is on their home page.
  await page.goto("/");
  await expect(todayGroup(page, "Tasks and actions")).toContainText(
    "Review risk after a breach of the stalking protection order",
  );
  await expectNoAxeViolations(page);
  await signOut(page);

  // The advocate, on the team: the task on her home page, and the breach in her notifications.
  await signIn(page, ADVOCATE);
  const mine = todayEntry(page, taskTitle);
  await expect(mine).toContainText(`Task on case ${WORKED_CASE},`);
  await expectNoAxeViolations(page);
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: `Breach recorded on case ${WORKED_CASE}` }).first()).toBeVisible();
  await expect(
    page.getByRole("link", { name: `Task assigned to you on case ${WORKED_CASE}: ${taskTitle}` }),
  ).toBeVisible();
  await page.goto("/");
  await mine.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await expect(page.getByTestId("case-priority")).toHaveText("Priority raised");
  const row = page.getByTestId("task").filter({ hasText: taskTitle });
  await row.getByRole("button", { name: `Mark done ${taskTitle}` }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Task marked as done");
  await expect(page.getByTestId("closed-tasks")).toContainText(taskTitle);
  await expectNoAxeViolations(page);
});
