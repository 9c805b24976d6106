// Issue 16 "done when" (a), end to end in Chromium on a case of its own: the advocate's DASH goes through versions 1
// and 2; she shares version 2 with the investigator (picked from the case team, following later versions), amends to
// version 3 and submits; her manager, who is NOT on the case team, finds it from her home page, opens it for
// countersigning and countersigns it; the investigator is told "updated" and sees the full DASH version 3 in the
// risk picture. Bad input on the share form and the return form is refused with a GOV.UK error summary, changing
// nothing. axe-core on the countersigning pages and the share form.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { dash } from "../../app/instruments/dash";
import { errorSummary, expectNoAxeViolations, signIn, todayEntry } from "./helpers";

test.describe.configure({ mode: "serial" });

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";

const RATIONALE_V1 = "Threats to kill at the Quellbrook marina; first account";
const RATIONALE_V3 = "Moved to the Ostermead flats; he was seen at the bus stop opposite three times";
const DASH_YES = new Set([
  "dash_frightened",
  "dash_stalking",
  "dash_threat_to_kill",
  "sdash_frightened",
  "sdash_turning_up",
  "sdash_threats",
]);

let caseId = "";
let reference = "";

async function personPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

function itemGroup(page: Page, itemId: string) {
  return page
    .getByTestId("instrument-form")
    .locator("fieldset")
    .filter({ has: page.locator(`input[type=radio][name="item.${itemId}"]`) });
}

/** The manager's journey to a submission: home page, the "to countersign" link, countersign. Not on the case team. */
async function managerCountersigns(browser: Browser, version: number): Promise<void> {
  const manager = await personPage(browser, MANAGER);
  await manager.goto("/");
  const link = todayEntry(manager, `Countersign the ${dash.shortName} on case ${reference}`).getByRole("link");
  await expect(link).toBeVisible();
  await link.click();
  await expect(manager.getByRole("heading", { level: 1 })).toHaveText(
    `Countersign ${dash.shortName}, version ${version}`,
  );
  await expect(manager.getByText(`Case ${reference}`)).toBeVisible();
  await expectNoAxeViolations(manager);
  // The case itself stays closed to her (she is not on its team): its address offers only emergency access.
  const caseResponse = await manager.request.get(`/cases/${caseId}`, { maxRedirects: 0 });
  expect(caseResponse.status()).toBe(302);
  expect(caseResponse.headers().location).toMatch(/\/break-glass$/);
  await manager.getByRole("button", { name: "Countersign and sign off" }).click();
  await expect(manager).toHaveURL(/\/countersign\?done=countersigned$/);
  await expect(manager.getByTestId("success-banner")).toContainText("Assessment countersigned and signed off");
  await expectNoAxeViolations(manager);
  await manager.context().close();
}

/** The advocate amends the latest version and submits it unchanged or with a new rationale; returns the new version's path. */
async function amendAndSubmit(advocate: Page, fromPath: string, rationale?: string): Promise<string> {
  await advocate.goto(fromPath);
  await advocate.getByRole("button", { name: "Amend (start a new version)" }).click();
  await expect(advocate).toHaveURL(new RegExp(`/cases/${caseId}/risk/[0-9a-f-]{36}/edit$`));
  const path = new URL(advocate.url()).pathname.replace(/\/edit$/, "");
  if (rationale) await advocate.getByLabel("Rationale", { exact: true }).fill(rationale);
  await advocate.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(advocate).toHaveURL(new RegExp(`${path}\\?done=submitted$`));
  await expect(advocate.getByTestId("asked-to-countersign")).toContainText("Ruth Kessler");
  return path;
}

test("the case: the investigator creates it with the advocate on the team (her manager is not)", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await personPage(browser, INVESTIGATOR);
  await page.goto("/cases/new");
  await page.getByRole("group", { name: "Where is the case now?" }).getByLabel("Active", { exact: true }).check();
  await page.getByLabel("Ex-intimate partner").check();
  await page.getByRole("button", { name: "Create case", exact: true }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Case created");
  caseId = new URL(page.url()).pathname.split("/")[2]!;
  reference = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Case ", "").trim();
  await page.goto(`/cases/${caseId}/team`);
  const value = await page.locator("#userId option", { hasText: ADVOCATE }).getAttribute("value");
  await page.getByLabel("Person", { exact: true }).selectOption(value!);
  await page.getByRole("group", { name: "Their role in the case" }).getByLabel("Advocate", { exact: true }).check();
  await page.getByRole("button", { name: "Add to the team", exact: true }).click();
  await expect(page.getByTestId("member")).toHaveCount(2);
  await page.context().close();
});

test("share version 2, amend to 3: the manager off the team countersigns from her home page; the investigator is told 'updated' and reads version 3 in full", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  expect(caseId, "the case was created").not.toBe("");
  const advocate = await personPage(browser, ADVOCATE);

  // Version 1, through the form.
  await advocate.goto(`/cases/${caseId}/risk`);
  await advocate.getByRole("group", { name: "Start a risk assessment" }).getByLabel(dash.name, { exact: true }).check();
  await advocate.getByRole("button", { name: "Start assessment" }).click();
  await expect(advocate).toHaveURL(new RegExp(`/cases/${caseId}/risk/[0-9a-f-]{36}/edit$`));
  const v1 = new URL(advocate.url()).pathname.replace(/\/edit$/, "");
  for (const section of dash.sections) {
    for (const item of section.items) {
      if (item.response.kind !== "yes_no") continue;
      await itemGroup(advocate, item.id)
        .getByLabel(DASH_YES.has(item.id) ? "Yes" : "No", { exact: true })
        .check();
    }
  }
  await itemGroup(advocate, "risk_level").getByLabel("High", { exact: true }).check();
  await advocate.getByLabel("Rationale", { exact: true }).fill(RATIONALE_V1);
  await advocate.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(advocate).toHaveURL(new RegExp(`${v1}\\?done=submitted$`));
  // She is shown who will be asked: her manager, who is not on the team.
  await expect(advocate.getByTestId("asked-to-countersign")).toContainText("Ruth Kessler");
  await managerCountersigns(browser, 1);

  // Version 2, countersigned the same way.
  const v2 = await amendAndSubmit(advocate, v1);
  await managerCountersigns(browser, 2);

  // The advocate shares version 2 with the investigator, picked from the case team.
  await advocate.goto(v2);
  await expect(advocate.getByTestId("assessment-state")).toHaveText("Signed off");
  await advocate.getByRole("link", { name: "Share this assessment" }).click();
  await expect(advocate.getByLabel("This version and later versions")).toBeChecked();
  await expectNoAxeViolations(advocate);
  // Bad input first: no purpose or lawful basis. The error summary, and nothing shared.
  await advocate.getByLabel("Someone on the case team").check();
  await advocate.getByLabel("Person", { exact: true }).selectOption({ label: "Dana Whitlock, Northshire Police" });
  await advocate.getByRole("button", { name: "Share record" }).click();
  await expect(errorSummary(advocate)).toBeVisible();
  await expect(errorSummary(advocate).getByRole("link", { name: "Select the purpose of sharing" })).toBeVisible();
  await expect(advocate.getByTestId("shares")).toHaveCount(0);
  await expectNoAxeViolations(advocate);
  await advocate.getByRole("group", { name: "Purpose of sharing" }).getByLabel("Case work", { exact: true }).check();
  await advocate.getByLabel("Crime and Disorder Act 1998, section 115").check();
  await advocate.getByRole("button", { name: "Share record" }).click();
  await expect(advocate.getByText("Record shared")).toBeVisible();
  await expect(advocate.getByTestId("share")).toContainText("Dana Whitlock");
  await expect(advocate.getByTestId("share-versions")).toContainText("Version 2");

  // Version 3 with a new rationale, submitted; the manager returns nothing empty and countersigns.
  const v3 = await amendAndSubmit(advocate, v2, RATIONALE_V3);
  const manager = await personPage(browser, MANAGER);
  await manager.goto("/");
  await todayEntry(manager, `Countersign the ${dash.shortName} on case ${reference}`).getByRole("link").click();
  await expect(manager.getByText(RATIONALE_V3)).toBeVisible();
  await manager.getByRole("button", { name: "Return for changes" }).click();
  await expect(errorSummary(manager).getByRole("link", { name: "Enter what needs to change" })).toBeVisible();
  await expect(manager.getByTestId("assessment-state")).toHaveText("Waiting for countersignature");
  await expectNoAxeViolations(manager);
  await manager.context().close();
  await managerCountersigns(browser, 3);

  // The share page of version 3 shows the investigator sees versions 2 and 3.
  await advocate.goto(v3);
  await advocate.getByRole("link", { name: "Share this assessment" }).click();
  await expect(advocate.getByTestId("share-versions")).toContainText("Versions 2 and 3");
  await advocate.context().close();

  // The investigator: told "updated" (the kind of record and the case, never the content), and the full version 3.
  const investigator = await personPage(browser, INVESTIGATOR);
  await investigator.goto("/notifications");
  const updated = investigator
    .getByTestId("notification")
    .filter({ hasText: `A risk assessment on case ${reference} shared with you was updated` });
  await expect(updated).toHaveCount(1);
  await expect(investigator.getByTestId("notifications")).not.toContainText("Ostermead");
  await investigator.goto(`/cases/${caseId}/risk`);
  const row = investigator.getByTestId("risk-picture").getByRole("row").filter({ hasText: dash.shortName });
  await expect(row).toContainText("Risk level: High");
  await expect(row.getByRole("link", { name: "request access" })).toHaveCount(0);
  await row.getByRole("link", { name: dash.shortName }).click();
  await expect(investigator).toHaveURL(new RegExp(`${v3}$`));
  await expect(investigator.getByText(RATIONALE_V3)).toBeVisible();
  await expect(investigator.getByTestId("assessment-withheld")).toHaveCount(0);
  await investigator.context().close();
});
