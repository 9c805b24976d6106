// Issue 16, item 8: on a phone (390 x 844) the home, case overview, risk and pre-sentence pages never scroll
// sideways, the service navigation and the case sections collapse behind toggles that work by keyboard, and wide
// tables scroll inside their own box. On a server of its own: the court team starts pre-sentence input here.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SENTENCING_CASE, SENTENCING_CASE_REFERENCE } from "../../db/seed/demo-sentencing";
import { expectNoAxeViolations, fillDate, londonDay, signIn } from "./helpers";
import { ownDemoServer } from "./own-server";

test.describe.configure({ mode: "serial" });

const own = ownDemoServer();
const PHONE = { width: 390, height: 844 };

async function phonePage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: own.server.base, viewport: PHONE })).newPage();
  await signIn(page, email);
  return page;
}

/** The page is no wider than the screen: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(
    scrollWidth,
    `${new URL(page.url()).pathname} is ${scrollWidth}px wide on a ${innerWidth}px screen`,
  ).toBeLessThanOrEqual(innerWidth);
}

/** Presses Tab from the top of the page until `target` has focus (at most `limit` presses). */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, limit = 20): Promise<void> {
  await page.locator("body").focus();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reached by keyboard in ${limit} presses`);
}

function caseIdOf(reference: string): string {
  return (own.db.prepare("SELECT id FROM cases WHERE reference = ?").get(reference) as { id: string }).id;
}

test("the navigation collapses behind a Menu toggle that works by keyboard", async ({ browser }) => {
  const page = await phonePage(browser, "supervisor@police.concord.test");
  const nav = page.getByRole("navigation", { name: "Primary navigation" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Cases" })).toBeHidden();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  // The header and the collapsed navigation leave most of the screen for the page (they took 330px before).
  const top = await page.locator("main").evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeLessThan(260);

  await tabTo(page, menu);
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Cases" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "My work" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Cases" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/cases$/);
  // A new page closes the menu again.
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await page.context().close();
});

test("the case sections collapse behind a toggle naming the section shown, and it works by keyboard", async ({
  browser,
}) => {
  const caseId = caseIdOf(SENTENCING_CASE_REFERENCE);
  const page = await phonePage(browser, "court@probation.concord.test");
  await page.goto(`/cases/${caseId}`);
  const sections = page.getByRole("navigation", { name: "Case sections" });
  const toggle = sections.getByRole("button", { name: "Case sections: Overview" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(sections.getByRole("link", { name: "People" })).toBeHidden();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);

  await tabTo(page, toggle, 30);
  await page.keyboard.press("Enter");
  await expect(sections.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(sections.getByRole("link", { name: "People" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/people$`));
  await expect(sections.getByRole("button", { name: "Case sections: People" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await page.context().close();
});

test("home, case overview, risk and pre-sentence pages fit a phone, wide tables scrolling in their own box", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const caseId = caseIdOf(SENTENCING_CASE_REFERENCE);
  const page = await phonePage(browser, "court@probation.concord.test");

  // Pre-sentence input started on the phone, so its page has content to fit.
  await page.goto(`/cases/${caseId}/pre-sentence`);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  await page.getByLabel("Court", { exact: true }).fill(SENTENCING_CASE.court);
  await fillDate(page, "Date of the sentencing hearing", londonDay(21).parts);
  await fillDate(page, "Date of conviction", londonDay(-21).parts);
  await page.getByLabel("Pre-sentence input to a standard delivery report").check();
  await page.getByLabel("Stalking (Protection from Harassment Act 1997, s2A)").check();
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Pre-sentence input started");
  const reportUrl = new URL(page.url()).pathname;

  const riskRecord = (
    own.db
      .prepare(
        "SELECT id FROM case_records WHERE case_id = ? AND category = 'risk_assessment' AND status = 'signed_off' LIMIT 1",
      )
      .get(caseId) as { id: string }
  ).id;
  for (const path of [
    "/",
    `/cases/${caseId}`,
    `/cases/${caseId}/risk`,
    `/cases/${caseId}/risk/${riskRecord}`,
    `/cases/${caseId}/pre-sentence`,
    reportUrl,
  ]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  }

  // The risk picture is wider than the phone: it scrolls inside its own named, focusable box.
  await page.goto(`/cases/${caseId}/risk`);
  const box = page.getByRole("region", { name: "Risk picture" });
  const { scrollWidth, clientWidth } = await box.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await box.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await page.context().close();
});

test("the Cases list shows names, lead agency and status, filters by keyboard-usable form, and fits a phone", async ({
  browser,
}) => {
  const page = await phonePage(browser, "court@probation.concord.test");
  await page.goto("/cases");
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  const row = page.getByTestId("case-row").filter({ hasText: SENTENCING_CASE_REFERENCE });
  await expect(row.getByTestId("victim")).toHaveText(SENTENCING_CASE.victim);
  await expect(row.getByTestId("suspect")).toHaveText(SENTENCING_CASE.perpetrator);
  await expect(row).toContainText("Northshire Police");
  // Filtering to cases in triage: the court team's one case is active, so nothing is listed or counted.
  await page.getByLabel("Status").selectOption({ label: "Triage" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=triage/);
  await expect(page.getByText("Cases you can see: 0")).toBeVisible();
  await expect(page.getByLabel("Status")).toHaveValue("triage");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page.getByTestId("case-row").filter({ hasText: SENTENCING_CASE_REFERENCE })).toHaveCount(1);
  await page.context().close();
});
