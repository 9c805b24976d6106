// Issue 5, "must show", end to end in Chromium on a new case of its own (so other specs' data cannot interfere):
// 1. An advocate completes DASH with S-DASH (high) through the form, is stopped at submission while it is incomplete,
//    submits; their manager countersigns; the advocate shares it with the investigator, who reads it in full,
//    acknowledges it and sees it in the risk picture; the probation practitioner on the team sees only the summary line.
// 2. A psychologist's SAM draft is invisible to the investigator (not listed, its address 404s) until the clinical
//    lead countersigns it; then the investigator sees it.
// axe-core on the risk page, the instrument form (with and without errors) and the assessment page.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { dash, SDASH_ITEM_IDS } from "../../app/instruments/dash";
import { sam, SAM_FACTOR_IDS } from "../../app/instruments/sam";
import { errorSummary, expectNoAxeViolations, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const ISAC_MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const CLINICAL_LEAD = "lead@health.concord.test";

// Distinctive words from the victim's account: the full DASH, never its summary line.
const AFRAID_OF = "That he will find her at the Wrenmoor Lane allotments and set fire to her shed";
const DASH_RATIONALE =
  "Strangling and threats to kill reported with escalating visits; Pelsworth bus depot sightings weekly";
const DASH_SECRETS = [AFRAID_OF, "Wrenmoor", DASH_RATIONALE, "Pelsworth"];
const SAM_SCENARIO = "Likely to keep turning up at the Halberd Street clinic car park";

/** The DASH questions answered yes: enough for a high judgement, and the stalking question opens S-DASH. */
const DASH_YES = new Set([
  "dash_frightened",
  "dash_separation",
  "dash_stalking",
  "dash_more_often",
  "dash_worse",
  "dash_threat_to_kill",
  "dash_strangle",
  "dash_breach",
]);
const SDASH_YES = new Set([
  "sdash_frightened",
  "sdash_turning_up",
  "sdash_loitering",
  "sdash_threats",
  "sdash_third_parties",
]);

let caseId = "";
let reference = "";
let dashUrl = "";

async function personPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

function riskUrl(): string {
  return `/cases/${caseId}/risk`;
}

/** A yes/no (or choice) item's radios: the fieldset labelled by the item's short name. */
function itemGroup(page: Page, itemId: string) {
  return page
    .getByTestId("instrument-form")
    .locator("fieldset")
    .filter({ has: page.locator(`input[type=radio][name="item.${itemId}"]`) });
}

async function answer(page: Page, itemId: string, label: string): Promise<void> {
  await itemGroup(page, itemId).getByLabel(label, { exact: true }).check();
}

async function startAssessment(page: Page, instrumentName: string): Promise<string> {
  await page.goto(riskUrl());
  await page
    .getByRole("group", { name: "Start a risk assessment" })
    .getByLabel(instrumentName, { exact: true })
    .check();
  await page.getByRole("button", { name: "Start assessment" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/risk/[0-9a-f-]{36}/edit$`));
  await expect(page.getByTestId("instrument-form")).toBeVisible();
  return new URL(page.url()).pathname.replace(/\/edit$/, "");
}

/** The assessment's row in the case's list of assessments. */
function assessmentRow(page: Page, instrument: string) {
  return page.getByTestId("assessment-row").filter({ hasText: instrument });
}

test("the case: an investigator creates it and builds a team of advocate, practitioner, psychologist and the two supervisors", async ({
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
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  reference = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Case ", "").trim();

  await page.goto(`/cases/${caseId}/team`);
  // Supervisors countersign their own agency's work; they reach the case through its team.
  for (const [email, role] of [
    [ADVOCATE, "Advocate"],
    [ISAC_MANAGER, "Supervisor"],
    [PRACTITIONER, "Offender manager"],
    [PSYCHOLOGIST, "Psychologist"],
    [CLINICAL_LEAD, "Supervisor"],
  ] as const) {
    const value = await page.locator("#userId option", { hasText: email }).getAttribute("value");
    await page.getByLabel("Person", { exact: true }).selectOption(value!);
    await page.getByRole("group", { name: "Their role in the case" }).getByLabel(role, { exact: true }).check();
    await page.getByRole("button", { name: "Add to the team", exact: true }).click();
    await expect(page.getByTestId("success-banner")).toContainText("was added to the case team");
  }
  await expect(page.getByTestId("member")).toHaveCount(6);
  await page.context().close();
});

test("an advocate's DASH with S-DASH (high): countersigned by their manager, shared with and acknowledged by the investigator; probation sees only the summary", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  expect(caseId, "the case was created").not.toBe("");
  const advocate = await personPage(browser, ADVOCATE);

  // --- The risk page, then the form.
  await advocate.goto(riskUrl());
  await expect(advocate.getByRole("heading", { level: 1, name: "Risk" })).toBeVisible();
  await expect(advocate.getByText("No signed-off risk assessments you can see on this case yet.")).toBeVisible();
  await expectNoAxeViolations(advocate);
  dashUrl = await startAssessment(advocate, dash.name);
  await expectNoAxeViolations(advocate);

  // A few answers, saved as a draft: they are there when the form is opened again.
  await answer(advocate, "dash_injury", "No");
  await answer(advocate, "dash_frightened", "Yes");
  await answer(advocate, "dash_stalking", "Yes");
  await advocate.getByLabel("What the victim is afraid of", { exact: true }).fill(AFRAID_OF);
  await advocate.getByRole("button", { name: "Save draft" }).click();
  await expect(advocate).toHaveURL(new RegExp(`${dashUrl}/edit\\?saved=1$`));
  await advocate.reload();
  await expect(itemGroup(advocate, "dash_frightened").getByLabel("Yes", { exact: true })).toBeChecked();
  await expect(itemGroup(advocate, "dash_injury").getByLabel("No", { exact: true })).toBeChecked();
  await expect(advocate.getByLabel("What the victim is afraid of", { exact: true })).toHaveValue(AFRAID_OF);

  // Submitting it incomplete: the GOV.UK error summary, linked to the questions, and it stays a draft.
  await advocate.getByRole("button", { name: "Submit for countersigning" }).click();
  const summary = errorSummary(advocate);
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Select an answer for ‘Isolated’" })).toHaveAttribute(
    "href",
    "#item.dash_isolated",
  );
  // Stalking answered yes: the S-DASH questions become needed.
  await expect(summary.getByRole("link", { name: /‘Loitering’: the stalking questions are needed/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Select an answer for ‘Risk level’" })).toBeVisible();
  await expect(itemGroup(advocate, "dash_isolated").locator(".govuk-error-message")).toBeVisible();
  await expect(advocate).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(advocate);

  // Everything else, through the form.
  for (const section of dash.sections) {
    for (const item of section.items) {
      if (item.response.kind !== "yes_no" || ["dash_injury", "dash_frightened", "dash_stalking"].includes(item.id))
        continue;
      const yes = DASH_YES.has(item.id) || SDASH_YES.has(item.id);
      await answer(advocate, item.id, yes ? "Yes" : "No");
    }
  }
  await answer(advocate, "risk_level", "High");
  await advocate.getByLabel("Rationale", { exact: true }).fill(DASH_RATIONALE);
  await advocate.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(advocate).toHaveURL(new RegExp(`${dashUrl}\\?done=submitted$`));
  await expect(advocate.getByTestId("assessment-state")).toHaveText("Waiting for countersignature");
  await expect(advocate.getByTestId("assessment-summary")).toHaveText("DASH with S-DASH: not yet signed off");
  await expect(advocate.getByTestId("countersign")).toHaveCount(0);
  await expectNoAxeViolations(advocate);

  // --- The manager countersigns.
  const manager = await personPage(browser, ISAC_MANAGER);
  await manager.goto(dashUrl);
  await expect(manager.getByTestId("assessment-state")).toHaveText("Waiting for countersignature");
  await expect(manager.getByTestId("countersign")).toBeVisible();
  await expectNoAxeViolations(manager);
  await manager.getByRole("button", { name: "Countersign and sign off" }).click();
  await expect(manager).toHaveURL(new RegExp(`${dashUrl}\\?done=countersigned$`));
  await expect(manager.getByTestId("assessment-state")).toHaveText("Signed off");
  const summaryLine = `DASH with S-DASH: high risk (S-DASH: ${SDASH_YES.size} of ${SDASH_ITEM_IDS.length} stalking factors)`;
  await expect(manager.getByTestId("assessment-summary")).toHaveText(summaryLine);
  await expect(manager.getByTestId("countersign")).toHaveCount(0);
  await manager.context().close();

  // --- Before any share the investigator sees the judgement line only (the victim's account stays with ISAC).
  const investigator = await personPage(browser, INVESTIGATOR);
  await investigator.goto(dashUrl);
  await expect(investigator.getByTestId("assessment-summary")).toHaveText(summaryLine);
  await expect(investigator.getByTestId("assessment-withheld")).toContainText(
    "Held by Northshire Stalking Advocacy Service",
  );
  expect(await investigator.content()).not.toContain("Wrenmoor");

  // --- The advocate shares it with the investigator, with a purpose and a lawful basis.
  await advocate.goto(dashUrl);
  await expect(advocate.getByTestId("assessment-state")).toHaveText("Signed off");
  await advocate.getByRole("link", { name: "Share this assessment" }).click();
  await expect(advocate).toHaveURL(new RegExp(`/records/[0-9a-f-]{36}/share$`));
  await advocate.getByLabel("Someone else, by email address").check();
  await advocate.getByLabel("Their work email address").fill(INVESTIGATOR);
  await advocate.getByRole("group", { name: "Purpose of sharing" }).getByLabel("Case work", { exact: true }).check();
  await advocate.getByLabel("Crime and Disorder Act 1998, section 115").check();
  await advocate.getByRole("button", { name: "Share record" }).click();
  await expect(advocate.getByText("Record shared")).toBeVisible();
  await expect(advocate.getByTestId("share")).toContainText("Dana Whitlock");
  await advocate.context().close();

  // --- The investigator reads it in full, acknowledges it and sees it in the risk picture.
  await investigator.goto(dashUrl);
  await expect(investigator.getByTestId("assessment-withheld")).toHaveCount(0);
  await expect(investigator.getByTestId("assessment-summary")).toHaveText(summaryLine);
  await expect(investigator.getByText(AFRAID_OF)).toBeVisible();
  await expect(investigator.getByText(DASH_RATIONALE)).toBeVisible();
  await expect(investigator.getByTestId("judgements")).toContainText("High");
  await expectNoAxeViolations(investigator);

  await investigator.goto("/shared");
  const card = investigator
    .getByTestId("shared-record")
    .filter({ hasText: reference })
    .filter({ has: investigator.getByRole("heading", { name: dash.name }) });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("shared with you by Jess Marlowe, Northshire Stalking Advocacy Service");
  await expect(card).toContainText(summaryLine);
  await expect(card).toContainText("Crime and Disorder Act 1998, section 115");
  await card.getByRole("button", { name: `Acknowledge receipt of ${dash.name}` }).click();
  await expect(card).toContainText("Acknowledged on");
  await expect(card.getByRole("button", { name: /Acknowledge receipt/ })).toHaveCount(0);

  await investigator.goto(riskUrl());
  const picture = investigator.getByTestId("risk-picture");
  const entry = picture.getByRole("row").filter({ hasText: "DASH with S-DASH" });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Northshire Stalking Advocacy Service");
  await expect(entry).toContainText("High");
  await expect(entry).toContainText("Jess Marlowe");
  await expect(entry).toContainText("Risk level: High");
  await expect(investigator.getByTestId("risk-over-time")).toContainText("DASH with S-DASH");
  await expectNoAxeViolations(investigator);
  await investigator.context().close();

  // --- The probation practitioner on the team, without the share: the summary line and the withheld marker.
  const practitioner = await personPage(browser, PRACTITIONER);
  await practitioner.goto(dashUrl);
  await expect(practitioner.getByTestId("assessment-summary")).toHaveText(summaryLine);
  await expect(practitioner.getByTestId("assessment-withheld")).toContainText(
    "Held by Northshire Stalking Advocacy Service",
  );
  await expect(practitioner.getByTestId("judgements")).toHaveCount(0);
  await expect(practitioner.getByRole("link", { name: "Share this assessment" })).toHaveCount(0);
  const detailHtml = await practitioner.content();
  const dataResponse = await practitioner.request.get(`${dashUrl}.data`);
  expect(dataResponse.status()).toBe(200);
  const detailData = await dataResponse.text();
  expect(detailData).toContain(summaryLine);
  await practitioner.goto(riskUrl());
  const practitionerEntry = practitioner
    .getByTestId("risk-picture")
    .getByRole("row")
    .filter({ hasText: "DASH with S-DASH" });
  await expect(practitionerEntry).toContainText("High");
  await expect(practitionerEntry).toContainText("Held by Northshire Stalking Advocacy Service");
  const riskHtml = await practitioner.content();
  for (const secret of DASH_SECRETS) {
    expect(detailHtml, "the practitioner's assessment page").not.toContain(secret);
    expect(detailData, "the practitioner's assessment data").not.toContain(secret);
    expect(riskHtml, "the practitioner's risk page").not.toContain(secret);
  }
  await practitioner.context().close();
});

test("a psychologist's SAM draft is invisible to the investigator until the clinical lead countersigns it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  expect(caseId, "the case was created").not.toBe("");
  const psychologist = await personPage(browser, PSYCHOLOGIST);
  const samUrl = await startAssessment(psychologist, sam.name);

  // The 30 factors × 3 facets are clicked by script (the form is still sent by the page); the rest by label.
  await psychologist.evaluate(
    (ids) => {
      for (const id of ids) {
        for (const [facet, value] of [
          ["presence_recent", "Y"],
          ["presence_lifetime", "P"],
          ["relevance", "high"],
        ]) {
          (
            document.querySelector(
              `input[type=radio][name="item.${id}.${facet}"][value="${value}"]`,
            ) as HTMLInputElement
          ).click();
        }
      }
    },
    [...SAM_FACTOR_IDS],
  );
  await psychologist.getByLabel("Most likely scenario", { exact: true }).fill(SAM_SCENARIO);
  await psychologist
    .getByLabel("Victim safety planning", { exact: true })
    .fill("Agree a safe route to work with the advocate.");
  for (const id of ["sam_priority", "sam_continued", "sam_violence", "sam_imminence"])
    await answer(psychologist, id, "High");
  await psychologist.getByRole("button", { name: "Save draft" }).click();
  await expect(psychologist).toHaveURL(new RegExp(`${samUrl}/edit\\?saved=1$`));

  // The draft: not on the investigator's risk page, and its addresses are "not found".
  const investigator = await personPage(browser, INVESTIGATOR);
  const expectInvisible = async () => {
    await investigator.goto(riskUrl());
    await expect(investigator.getByRole("heading", { level: 1, name: "Risk" })).toBeVisible();
    await expect(investigator.getByTestId("assessments")).toBeVisible(); // the DASH is listed, so the list is there
    await expect(assessmentRow(investigator, "SAM")).toHaveCount(0);
    await expect(investigator.getByTestId("risk-picture").getByRole("row").filter({ hasText: "SAM" })).toHaveCount(0);
    expect(await investigator.content()).not.toContain(SAM_SCENARIO);
    for (const url of [samUrl, `${samUrl}/edit`]) {
      const response = await investigator.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(investigator.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    }
  };
  await expectInvisible();

  // Submitted without a rationale: the error summary; then completed and submitted.
  await psychologist.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(errorSummary(psychologist).getByRole("link", { name: "Enter ‘Rationale’" })).toBeVisible();
  await expectNoAxeViolations(psychologist);
  await psychologist
    .getByLabel("Rationale", { exact: true })
    .fill("Persistent and escalating; recent threats; imminence high.");
  await psychologist.getByRole("button", { name: "Submit for countersigning" }).click();
  await expect(psychologist).toHaveURL(new RegExp(`${samUrl}\\?done=submitted$`));
  await expect(psychologist.getByTestId("assessment-state")).toHaveText("Waiting for countersignature");
  await psychologist.context().close();

  // Waiting for countersignature is still not the police's to see.
  await expectInvisible();

  // The clinical lead countersigns.
  const lead = await personPage(browser, CLINICAL_LEAD);
  await lead.goto(samUrl);
  await lead.getByTestId("countersign").getByRole("button", { name: "Countersign and sign off" }).click();
  await expect(lead.getByTestId("assessment-state")).toHaveText("Signed off");
  await lead.context().close();

  // Signed off: the investigator sees it listed, in the risk picture and in full.
  await investigator.goto(riskUrl());
  await expect(assessmentRow(investigator, "SAM")).toHaveCount(1);
  await expect(assessmentRow(investigator, "SAM")).toContainText("Signed off");
  const entry = investigator.getByTestId("risk-picture").getByRole("row").filter({ hasText: "SAM" });
  await expect(entry).toContainText("Northshire Forensic Mental Health Service");
  await expect(entry).toContainText("High");
  await expect(entry).toContainText("Imminence: High");
  await investigator.goto(samUrl);
  await expect(investigator.getByTestId("assessment-state")).toHaveText("Signed off");
  await expect(investigator.getByTestId("assessment-summary")).toHaveText(
    "SAM: case prioritisation high (continued stalking: high; violence: high; imminence: high)",
  );
  await expect(investigator.getByTestId("assessment-withheld")).toHaveCount(0);
  await expect(investigator.getByText(SAM_SCENARIO)).toBeVisible();
  await expectNoAxeViolations(investigator);
  await investigator.context().close();
});
