// Issue 7, "must show", end to end in Chromium on the demo's sentencing case NS-2026-00003 (db/seed/demo-sentencing.ts):
// 1. The probation court-team author starts pre-sentence input, pulls the incident timeline into Offence analysis,
//    the SAM summary into Pattern and motivation and a clinic decision into The multi-agency view (each statement
//    keeping its provenance), writes their own text in every section, proposes and gives the rationale, and asks
//    the advocate for input on Victim impact by a date.
// 2. The advocate finds the question on their home page and answers it; the answer lands in the draft as a
//    contribution with the advocate's name and agency.
// 3. The author submits; they cannot sign off their own input (no button, and a forged sign-off is refused and
//    changes nothing); the senior probation officer signs it off.
// 4. The Word and PDF downloads open; the Word file has the seven sections, the statements and provenance footnotes.
// Victim contact details never reach a pull page, the report page or the export, and a forged pull of the victim
// contact record is refused with an error summary. axe-core on every page added for the issue.
// Other specs share the database: everything here is found through this run's own report.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { inflateSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import {
  SENTENCING_CASE,
  SENTENCING_CASE_REFERENCE,
  SENTENCING_DECISIONS,
  SENTENCING_SECRETS,
} from "../../db/seed/demo-sentencing";
import { pdfTextLines, readDocx } from "../export-readers";
import { baseUrl, errorSummary, expectNoAxeViolations, fillDate, londonDay, personPage, todayGroup } from "./helpers";

test.describe.configure({ mode: "serial" });

const AUTHOR = "court@probation.concord.test";
const AUTHOR_NAME = "Noor Baptiste";
const SPO = "spo@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const ADVOCATE_NAME = "Jess Marlowe";
const ISAC = "Northshire Stalking Advocacy Service";
const HEALTH = "Northshire Forensic Mental Health Service";
const PSYCHOLOGIST_NAME = "Dr Imogen Vale";
const SAM_TITLE = "Stalking assessment and management (SAM-structured)";
const S2A = "Stalking (Protection from Harassment Act 1997, s2A)";

const SECTIONS = [
  ["offence_analysis", "Offence analysis"],
  ["pattern_motivation", "Pattern and motivation"],
  ["risk_of_harm", "Risk of serious harm, and to whom"],
  ["victim_impact", "Victim impact and safety considerations"],
  ["orders_compliance", "Previous orders and compliance"],
  ["multi_agency", "The multi-agency view"],
  ["proposal", "Proposal"],
] as const;

// The author's own words, one per section, tagged with this run so nothing else on the case matches them.
const RUN = Date.now().toString(36);
const OWN: Record<(typeof SECTIONS)[number][0], string> = {
  offence_analysis: `Eleven months of unwanted contact escalating to a breach of the full SPO (run ${RUN}).`,
  pattern_motivation: `A rejected ex-partner whose motive has moved from reconciliation to grievance (run ${RUN}).`,
  risk_of_harm: `Risk of serious harm to the victim and her family is medium, highest after sentence (run ${RUN}).`,
  victim_impact: `The victim reports lasting fear and has changed her routine to avoid him (run ${RUN}).`,
  orders_compliance: `A full SPO was breached within weeks; bail has been kept since the arrest (run ${RUN}).`,
  multi_agency: `The stalking clinic supports a community sentence with treatment (run ${RUN}).`,
  proposal: `A community order keeps the SPO prohibitions in place while he completes the programme (run ${RUN}).`,
};
const QUESTION = `What should the court know about the victim's safety and wishes at sentence? (run ${RUN})`;
const ANSWER = `She wants no contact of any kind and asks to be told the outcome the same day. Safety plan reviewed (run ${RUN}).`;
const SECRETS = [
  SENTENCING_SECRETS.victimAddress,
  SENTENCING_SECRETS.victimPhone,
  SENTENCING_SECRETS.victimPhone.replace(/\s/g, ""),
  "Thistlewood",
];
const SOURCE_NOT_AVAILABLE =
  "One or more of the statements you chose is not available to you. Choose statements from the list";

let caseId = "";
let reportUrl = "";
let contactRecordId = "";
let samSummary = "";
let accountIncidentId = "";

/** A London calendar date `days` from today: the parts for a GOV.UK date input and the text the app shows. */
const HEARING = londonDay(21);
const DUE = londonDay(7);

/** The served PDF's content streams inflated, so tests/export-readers.ts can read its text as it reads an uncompressed one. */
function inflatedPdf(pdf: Buffer): Buffer {
  const source = pdf.toString("latin1");
  const streams = [...source.matchAll(/\/FlateDecode[^]*?stream\r?\n/g)].map((m) => {
    const start = m.index + m[0].length;
    const end = source.indexOf("endstream", start);
    try {
      return inflateSync(pdf.subarray(start, end));
    } catch {
      return Buffer.alloc(0); // not a content stream we can read (for example an embedded image)
    }
  });
  return Buffer.concat(streams);
}

/** The page's whole HTML (including the data sent to the browser) holds none of the victim's contact details. */
async function expectNoVictimContact(page: Page): Promise<void> {
  const html = await page.content();
  for (const secret of SECRETS) expect(html, `${secret} on ${page.url()}`).not.toContain(secret);
}

function section(page: Page, code: string) {
  return page.getByTestId(`section-${code}`);
}

/** Long drafts collapse their sections: opens one (its statements and forms) if it is closed. */
async function openSection(page: Page, code: string): Promise<void> {
  const details = section(page, code).getByTestId("section-details");
  if (!(await details.evaluate((e) => (e as HTMLDetailsElement).open)))
    await details.locator(":scope > summary").click();
}

/** Opens a section's pull page from the draft. */
async function openPull(page: Page, code: string, heading: string): Promise<void> {
  // After adding statements the draft is already open: no need to load it again.
  if (new URL(page.url()).pathname !== reportUrl) await page.goto(reportUrl);
  await openSection(page, code);
  await section(page, code)
    .getByRole("link", { name: `Pull statements from records into ${heading}` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: `Pull statements into “${heading}”` })).toBeVisible();
  await expectNoVictimContact(page);
}

/** Sends a form as a browser would (same origin, the page's CSRF token) without the page offering it: a forgery. */
async function forgePost(page: Page, url: string, form: Record<string, string>) {
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  return page.request.post(url, { headers: { origin: baseUrl() }, form: { csrf, ...form }, maxRedirects: 0 });
}

test("the advocate, who holds the victim's contact details, sees no pre-sentence input in the case navigation", async ({
  browser,
}) => {
  const page = await personPage(browser, ADVOCATE);
  // Find the case through the advocate's cases list (a fresh demo puts it near the top).
  await page.goto("/cases");
  for (let n = 1; n <= 10 && !caseId; n++) {
    const link = page.getByTestId("cases").getByRole("link", { name: SENTENCING_CASE_REFERENCE, exact: true });
    if (await link.count()) caseId = ((await link.getAttribute("href")) ?? "").split("/")[2] ?? "";
    else await page.getByRole("link", { name: "Next page" }).click();
  }
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  await page.goto(`/cases/${caseId}`);
  await expect(
    page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Victim care" }),
  ).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Pre-sentence input" }),
  ).toHaveCount(0);
  // The contact record's id, which the advocate's own page holds: used below to forge a pull of it.
  await page.goto(`/cases/${caseId}/victim-care`);
  await expect(page.getByTestId("contact-details")).toContainText(SENTENCING_SECRETS.victimPhone);
  contactRecordId = await page.evaluate(() => {
    const data = (
      window as unknown as {
        __remixRouter: { state: { loaderData: Record<string, { contact?: { item?: { id?: string } } }> } };
      }
    ).__remixRouter.state.loaderData;
    return data["routes/cases.$caseId.victim-care._index"]?.contact?.item?.id ?? "";
  });
  expect(contactRecordId).toMatch(/^[0-9a-f-]{36}$/);
  await page.context().close();
});

test("the author starts pre-sentence input and pulls the incident timeline, the SAM summary and a clinic decision", async ({
  browser,
}) => {
  // Generous: on a loaded machine (two cores shared by several runs) the axe checks alone take most of a minute.
  test.setTimeout(180_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(`/cases/${caseId}`);
  await page
    .getByRole("navigation", { name: "Case sections" })
    .getByRole("link", { name: "Pre-sentence input" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Pre-sentence input" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Start pre-sentence input" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing filled in: every problem listed, nothing started.
  const before = await page.getByTestId("report-row").count();
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: "Enter the court" })).toBeVisible();
  await expect(
    errorSummary(page).getByRole("link", { name: "Enter the date of the sentencing hearing" }),
  ).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Enter the date of conviction" })).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Select the report the input is for" })).toBeVisible();
  await expect(
    errorSummary(page).getByRole("link", { name: "Select the offences the perpetrator was convicted of" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  // A date in the past is refused; what was entered is kept.
  await page.getByLabel("Court", { exact: true }).fill(SENTENCING_CASE.court);
  await fillDate(page, "Date of the sentencing hearing", londonDay(-3).parts);
  await fillDate(page, "Date of conviction", londonDay(-21).parts);
  await page.getByLabel("Pre-sentence input to a standard delivery report").check();
  await page.getByLabel(S2A).check();
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "The hearing date must be today or in the future" }),
  ).toBeVisible();
  await expect(page.getByLabel("Court", { exact: true })).toHaveValue(SENTENCING_CASE.court);
  await expect(page.getByLabel(S2A)).toBeChecked();
  await expect(page.getByTestId("report-row")).toHaveCount(before);

  await fillDate(page, "Date of the sentencing hearing", HEARING.parts);
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Pre-sentence input started");
  expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/cases/${caseId}/pre-sentence/[0-9a-f-]{36}$`));
  reportUrl = new URL(page.url()).pathname;
  const details = page.getByTestId("report-details");
  await expect(details).toContainText(SENTENCING_CASE.court);
  await expect(details).toContainText(HEARING.text);
  await expect(details).toContainText(S2A);
  await expect(details.getByTestId("psr-state")).toHaveText("Draft");
  await expect(details).toContainText(AUTHOR_NAME);
  await expectNoAxeViolations(page);
  // Not signed off: nothing to download.
  expect((await page.request.get(`${reportUrl}.docx`, { maxRedirects: 0 })).status()).toBe(409);

  // Offence analysis: the incident timeline, as the author sees it, in the order things happened.
  await openPull(page, "offence_analysis", "Offence analysis");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Add to the draft" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Select at least one statement to add" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The course-of-conduct summary of the whole timeline comes first, then each incident's summary line.
  const timeline = page.locator('input[name="sources"][value="timeline:summary"]');
  await expect(timeline).toHaveCount(1);
  await expect(page.getByTestId("source").first().locator("legend")).toHaveText(
    /^Incident timeline \(\d+ incidents\)$/,
  );
  const summaries = page.locator('input[name="sources"][value$=":summary"]');
  const chosen = await summaries.count();
  expect(chosen).toBeGreaterThanOrEqual(7);
  const titles = await page.getByTestId("source").locator("legend").allTextContents();
  for (let i = 0; i < chosen; i++) await summaries.nth(i).check();

  // A forged statement added in the browser, the victim's contact record: the whole choice is refused, nothing added.
  await page
    .getByTestId("source")
    .first()
    .evaluate((fieldset, id) => {
      const forged = document.createElement("input");
      forged.type = "hidden";
      forged.name = "sources";
      forged.value = `${id}:summary`;
      fieldset.appendChild(forged);
    }, contactRecordId);
  await page.getByRole("button", { name: "Add to the draft" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page)).toContainText(SOURCE_NOT_AVAILABLE);
  await expectNoVictimContact(page);
  await expectNoAxeViolations(page);
  await page.goto(reportUrl);
  await expect(section(page, "offence_analysis").getByTestId("statement")).toHaveCount(0);

  await openPull(page, "offence_analysis", "Offence analysis");
  for (let i = 0; i < chosen; i++) await summaries.nth(i).check();
  // And one incident's full account (the author may read incidents in full).
  const account = page.getByLabel(/^Contacting third parties, social media contact on .*: Messaged Niamh's mother/);
  await account.check();
  accountIncidentId = ((await account.getAttribute("value")) ?? "").replace(/:account$/, "");
  expect(accountIncidentId).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Add to the draft" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statements added to the draft");
  const offence = section(page, "offence_analysis").getByTestId("statement");
  await expect(offence).toHaveCount(chosen + 1);
  await expect(offence.first().getByTestId("statement-text")).toHaveText(/^Course of conduct: \d+ incidents between /);
  await expect(offence.first().getByTestId("provenance")).toContainText(`From: ${titles[0]}, Northshire Police, `);
  await expect(offence.nth(1).getByTestId("provenance")).toContainText(`From: ${titles[1]}, Northshire Police, `);
  // Pulled again, they are marked as already in the draft and cannot be chosen twice.
  await openPull(page, "offence_analysis", "Offence analysis");
  await expect(summaries.first()).toBeDisabled();
  await expect(page.getByText("Already in the draft").first()).toBeVisible();

  // Pattern and motivation: the SAM's summary line, from the psychologist's signed-off assessment.
  await openPull(page, "pattern_motivation", "Pattern and motivation");
  await expectNoAxeViolations(page);
  const sam = page.getByTestId("source").filter({ has: page.locator("legend", { hasText: SAM_TITLE }) });
  await expect(sam).toHaveCount(1);
  await expect(sam).toContainText(`${HEALTH}, ${PSYCHOLOGIST_NAME}`);
  const samCheckbox = sam.locator('input[name="sources"][value$=":summary"]');
  samSummary = ((await sam.locator(`label[for="${await samCheckbox.getAttribute("id")}"]`).textContent()) ?? "").trim();
  expect(samSummary.length).toBeGreaterThan(10);
  await samCheckbox.check();
  await page.getByRole("button", { name: "Add to the draft" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statements added to the draft");
  const pattern = section(page, "pattern_motivation").getByTestId("statement");
  await expect(pattern).toHaveCount(1);
  await expect(pattern.getByTestId("statement-text")).toHaveText(samSummary);
  await expect(pattern.getByTestId("provenance")).toContainText(
    `From: ${SAM_TITLE}, ${HEALTH}, ${PSYCHOLOGIST_NAME}, `,
  );

  // The multi-agency view: the clinic's recommendation, from the finalised minutes the author attended.
  await openPull(page, "multi_agency", "The multi-agency view");
  await expectNoAxeViolations(page);
  await page.getByLabel(`Decision: ${SENTENCING_DECISIONS[0]}`, { exact: true }).check();
  await page.getByRole("button", { name: "Add to the draft" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statements added to the draft");
  const clinic = section(page, "multi_agency").getByTestId("statement");
  await expect(clinic).toHaveCount(1);
  await expect(clinic.getByTestId("statement-text")).toHaveText(`Decision: ${SENTENCING_DECISIONS[0]}`);
  await expect(clinic.getByTestId("provenance")).toContainText(
    "From: Minutes: Stalking clinic case review (decision), Northshire Stalking Partnership Office",
  );

  // Victim impact: what the sharing rules allow (the DASH only as its summary line); the contact details never.
  await openPull(page, "victim_impact", "Victim impact and safety considerations");
  await expectNoAxeViolations(page);
  const dash = page.getByTestId("source").filter({ hasText: "DASH" });
  if (await dash.count()) await expect(dash.first()).toContainText("Summary only");
  // The contact record sent straight to the action, alone or with a statement that could be pulled: refused.
  for (const sources of [`${contactRecordId}:summary`, `${contactRecordId}:address`, `${randomUUID()}:summary`]) {
    const forged = await forgePost(page, page.url(), { sources });
    expect(forged.status()).toBe(400);
    const html = await forged.text();
    expect(html).toContain(SOURCE_NOT_AVAILABLE);
    for (const secret of SECRETS) expect(html).not.toContain(secret);
  }
  await page.goto(reportUrl);
  await expect(section(page, "victim_impact").getByTestId("statement")).toHaveCount(0);
  await expectNoVictimContact(page);
  await page.context().close();
});

test("a source that changes flags its statement, and the author takes the current text", async ({ browser }) => {
  // Two people, several page loads and an accessibility check: more than the default 30 seconds on a busy machine.
  test.setTimeout(120_000);
  // The investigator corrects the incident whose account the author pulled.
  const police = await personPage(browser, "investigator@police.concord.test");
  await police.goto(`/cases/${caseId}/incidents/${accountIncidentId}`);
  await expect(police.getByRole("heading", { level: 1, name: "Change incident" })).toBeVisible();
  const described = police.getByLabel("What happened", { exact: true });
  const before = await described.inputValue();
  await described.fill(`${before} Corrected on review (run ${RUN}).`);
  await police.getByRole("button", { name: "Save changes" }).click();
  await expect(police.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await police.context().close();

  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  const flagged = section(page, "offence_analysis")
    .getByTestId("statement")
    .filter({ hasText: "The source has changed since this was pulled" });
  const account = flagged.filter({ hasText: "Messaged Niamh's mother" });
  await expect(account).toHaveCount(1);
  await expect(account.getByTestId("statement-text")).not.toContainText("Corrected on review");
  // (Saving the incident form writes its summary line afresh too, so that statement may be flagged as well.)
  const n = await flagged.count();
  await expect(page.getByText(/statements? needs? your attention/)).toBeVisible();
  await expectNoAxeViolations(page);
  await account.getByRole("button", { name: /^Use the current text/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("The statement now has its source's current text");
  await expect(flagged).toHaveCount(n - 1);
  for (let left = n - 1; left > 0; left--) {
    await flagged
      .first()
      .getByRole("button", { name: /^Use the current text/ })
      .click();
    await expect(flagged).toHaveCount(left - 1);
  }
  const refreshed = section(page, "offence_analysis")
    .getByTestId("statement")
    .filter({ hasText: `Corrected on review (run ${RUN}).` });
  await expect(refreshed).toHaveCount(1);
  await expect(refreshed).not.toContainText("The source has changed");
  await expect(page.getByText(/statements? needs? your attention/)).toHaveCount(0);
  await page.context().close();
});

test("the author writes in every section, proposes, and asks the advocate for input on victim impact", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);

  // An empty text is refused, with the error summary pointing at that section's text box.
  await openSection(page, "risk_of_harm");
  await section(page, "risk_of_harm")
    .getByRole("button", { name: "Add your text to Risk of serious harm, and to whom" })
    .click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter your text" })).toHaveAttribute(
    "href",
    "#text-risk_of_harm",
  );
  await expectNoAxeViolations(page);

  for (const [code, heading] of SECTIONS) {
    await openSection(page, code);
    await section(page, code).getByLabel("Add your own text").fill(OWN[code]);
    await section(page, code)
      .getByRole("button", { name: `Add your text to ${heading}` })
      .click();
    await expect(section(page, code).getByTestId("statement-text").filter({ hasText: OWN[code] })).toHaveCount(1);
  }

  // Submitting before proposing: refused with the reason, still a draft.
  await page.getByRole("button", { name: "Submit for sign-off", exact: true }).click();
  await expect(errorSummary(page)).toContainText("Add your proposal: the sentence you propose");
  await expect(page.getByTestId("report-details").getByTestId("psr-state")).toHaveText("Draft");

  const proposal = section(page, "proposal");
  await openSection(page, "proposal");
  await proposal.getByLabel("Community order", { exact: true }).check();
  await proposal.getByLabel("Length of the order in months").fill("18");
  await proposal
    .getByLabel("Why you propose this sentence")
    .fill(`The programme can run its course in the community (run ${RUN}).`);
  await proposal.getByLabel("Accredited programme requirement", { exact: true }).check();
  await proposal.getByLabel("Accredited programme requirement: number of days").fill("30");
  await proposal.getByLabel("Which programme").fill("Stalking perpetrator programme");
  await proposal
    .getByLabel("Why you propose the accredited programme requirement")
    .fill("He accepts he needs help to stop.");
  await proposal.getByLabel("Prohibited activity requirement", { exact: true }).check();
  await proposal.getByLabel("Prohibited activity requirement: for how many months").fill("18");
  await proposal.getByLabel("What is prohibited").fill("No contact with the victim by any means");
  await proposal
    .getByLabel("Why you propose the prohibited activity requirement")
    .fill("The victim fears further contact.");
  await proposal.getByRole("button", { name: "Save the proposal" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Proposal saved");
  await expect(section(page, "proposal").getByTestId("sentence-proposal")).toContainText(
    "Community orderTermsFor 18 months",
  );

  // Ask the advocate.
  await page.getByRole("link", { name: "Ask a partner for input" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ask a partner for input" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Send the question" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Choose the section the input is for" })).toBeVisible();
  await expect(errorSummary(page).getByRole("link", { name: "Enter your question" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByLabel("Which section is the input for?")
    .selectOption({ label: "Victim impact and safety considerations" });
  await page
    .getByRole("group", { name: "Who do you want to ask?" })
    .getByLabel(new RegExp(`^${ADVOCATE_NAME} \\(${ISAC}`))
    .check();
  await page.getByLabel("Your question").fill(QUESTION);
  await fillDate(page, "When do you need the answer by?", londonDay(30).parts);
  await page.getByRole("button", { name: "Send the question" }).click();
  await expect(errorSummary(page)).toContainText("The due date must be on or before the hearing date");
  await fillDate(page, "When do you need the answer by?", DUE.parts);
  await page.getByRole("button", { name: "Send the question" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Your question was sent");
  const request = page.getByTestId("request-row").filter({ hasText: QUESTION });
  await expect(request).toContainText(`${ADVOCATE_NAME}, ${ISAC}`);
  await expect(request).toContainText(DUE.text);
  await expect(request).toContainText("Waiting for an answer");
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("the advocate finds the question on their home page and answers it", async ({ browser }) => {
  const page = await personPage(browser, ADVOCATE);
  const row = todayGroup(page, "Pre-sentence input")
    .getByTestId("today-entry")
    .filter({ hasText: "Answer a question for pre-sentence input" })
    .filter({ hasText: SENTENCING_CASE_REFERENCE })
    .filter({ hasText: HEARING.text });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(DUE.text);
  await expect(row).toContainText(AUTHOR_NAME);
  await expectNoAxeViolations(page);
  await row.getByRole("link", { name: "Victim impact and safety considerations" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Input asked of you for pre-sentence input" }),
  ).toBeVisible();
  const question = page.getByTestId("question");
  await expect(question).toContainText(QUESTION);
  await expect(question).toContainText(SENTENCING_CASE.court);
  await expect(question).toContainText(HEARING.text);
  await expectNoAxeViolations(page);
  // The advocate sees the question, never the draft.
  const requestUrl = new URL(page.url()).pathname;
  expect((await page.request.get(reportUrl)).status()).toBe(404);

  await page.getByRole("button", { name: "Send your answer" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter your answer" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Your answer").fill(ANSWER);
  await page.getByRole("button", { name: "Send your answer" }).click();
  await expect(page.getByTestId("confirmation")).toContainText("Answer sent");
  await expect(page.getByTestId("answer")).toHaveText(ANSWER);
  await expect(page.getByRole("button", { name: "Send your answer" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect(new URL(page.url()).pathname).toBe(requestUrl);
  // Off the home page once answered.
  await page.goto("/");
  await expect(
    page
      .getByTestId("today-entry")
      .filter({ hasText: "Answer a question for pre-sentence input" })
      .filter({ hasText: SENTENCING_CASE_REFERENCE })
      .filter({ hasText: HEARING.text }),
  ).toHaveCount(0);
  await page.context().close();
});

test("the author sees the contribution with its provenance, submits, and cannot sign off their own input", async ({
  browser,
}) => {
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  const contribution = section(page, "victim_impact").locator('[data-origin="contribution"]');
  await expect(contribution).toHaveCount(1);
  await expect(contribution.getByTestId("statement-text")).toHaveText(ANSWER);
  await expect(contribution.getByTestId("provenance")).toContainText(`, ${ISAC}, ${ADVOCATE_NAME}, `);
  await expect(contribution.getByTestId("provenance")).toContainText("From: Answer to a request for input of");
  await expect(page.getByTestId("request-row").filter({ hasText: QUESTION })).toContainText("Answered");

  await page.getByRole("button", { name: "Submit for sign-off", exact: true }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Submitted for sign-off");
  await expect(page.getByTestId("report-details").getByTestId("psr-state")).toHaveText("Waiting for sign-off");
  await expect(page.getByRole("button", { name: "Sign off" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Add your text/ })).toHaveCount(0);
  await expect(page.getByTestId("waiting")).toBeVisible();
  await expectNoAxeViolations(page);

  // A forged sign-off by the author: refused with the reason, and it changes nothing.
  const forged = await forgePost(page, reportUrl, { intent: "sign_off" });
  expect([400, 403]).toContain(forged.status());
  if (forged.status() === 400)
    expect(await forged.text()).toContain("You cannot sign off pre-sentence input you wrote or submitted");
  await page.reload();
  await expect(page.getByTestId("report-details").getByTestId("psr-state")).toHaveText("Waiting for sign-off");
  await page.context().close();
});

test("the senior probation officer signs it off from their home page", async ({ browser }) => {
  const page = await personPage(browser, SPO);
  const toSign = todayGroup(page, "To countersign or sign off")
    .getByTestId("today-entry")
    .filter({ hasText: `Sign off pre-sentence input for case ${SENTENCING_CASE_REFERENCE}` });
  await expect(toSign).toContainText(`sentencing on ${HEARING.text}`);
  await expectNoAxeViolations(page);
  await toSign.locator(`a[href="${reportUrl}"]`).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pre-sentence input" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(reportUrl);
  await expect(section(page, "pattern_motivation").getByTestId("statement-text").first()).toHaveText(samSummary);
  await expectNoVictimContact(page);
  // The officer did not attend the clinic meeting, so the decision pulled from its minutes is withheld from them:
  // who holds it, never its text or which record it came from (page and data).
  await expect(section(page, "multi_agency").getByTestId("statement-withheld")).toContainText(
    "Held by Northshire Stalking Partnership Office",
  );
  const html = await page.content();
  expect(html).not.toContain(SENTENCING_DECISIONS[0]);
  expect(html).not.toContain("Minutes: Stalking clinic case review");
  await expectNoAxeViolations(page);

  // Returning needs a reason.
  await page.getByRole("button", { name: "Return for changes" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter what needs to change" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign off", exact: true }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Pre-sentence input signed off");
  await expect(page.getByTestId("report-details").getByTestId("psr-state")).toHaveText("Signed off");
  await expect(page.getByTestId("report-details")).toContainText("Gareth Linley");
  await expect(page.getByRole("button", { name: "Sign off", exact: true })).toHaveCount(0);
  await page.goto("/");
  await expect(page.locator(`a[href="${reportUrl}"]`)).toHaveCount(0);
  await page.context().close();
});

test("the author downloads the Word and PDF files: sections, statements and provenance footnotes, no contact details", async ({
  browser,
}) => {
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  await expect(page.getByTestId("report-details").getByTestId("psr-state")).toHaveText("Signed off");
  await expectNoAxeViolations(page);

  const [wordDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download (Word)" }).click(),
  ]);
  expect(wordDownload.suggestedFilename()).toMatch(/\.docx$/);
  const docx = await readDocx(await fs.readFile((await wordDownload.path())!));
  const headings = docx.headings.map(([, text]) => text);
  for (const [, heading] of SECTIONS) expect(headings).toContain(heading);
  const body = docx.paragraphs.join("\n");
  for (const text of Object.values(OWN)) expect(body).toContain(text);
  expect(body).toContain(samSummary);
  expect(body).toMatch(/Course of conduct: \d+ incidents between /);
  expect(body).toContain(`Decision: ${SENTENCING_DECISIONS[0]}`);
  expect(body).toContain(ANSWER);
  expect(body).toContain("Accredited programme requirement");
  expect(body).toContain("30 days. Stalking perpetrator programme");
  const notes = [...docx.footnotes.values()];
  expect(notes.length).toBeGreaterThanOrEqual(3);
  for (const note of notes) expect(note).toMatch(/^Source: /);
  expect(notes.some((n) => n.includes(SAM_TITLE) && n.includes(HEALTH) && n.includes(PSYCHOLOGIST_NAME))).toBe(true);
  expect(
    notes.some((n) => n.includes("Answer to a request for input") && n.includes(ISAC) && n.includes(ADVOCATE_NAME)),
  ).toBe(true);
  expect(notes.some((n) => n.includes("Minutes: Stalking clinic case review"))).toBe(true);
  expect(docx.footnoteReferences.length).toBe(notes.length);
  for (const secret of SECRETS) expect(docx.allText).not.toContain(secret);

  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download (PDF)" }).click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = await fs.readFile((await pdfDownload.path())!);
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const lines = pdfTextLines(inflatedPdf(pdf));
  for (const [, heading] of SECTIONS) expect(lines).toContain(heading);
  const text = lines.join("\n");
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  await page.context().close();
});
