// Issue 17, "done when", end to end in Chromium on the demo's sentencing case NS-2026-00003:
// 1. A partner's answer giving a new address and mobile is refused with a message naming them; nothing is saved.
// 2. The author's own text with a court's address is refused, then added with the override, which the auditor finds.
// 3. After a later incident the pulled course-of-conduct statement needs attention; the author follows the link,
//    keeps it as at conviction, and the footnote's count matches the text's.
// 4. A statement is edited and moved.
// 5. The structured proposal: a restraining-order term naming a street is refused, then kept with the override.
// 6. Signed off, the Word file has the header block, the structured proposal and the sources list; the PDF is tagged.
// Other specs share the database: everything here is found through this run's own report.
import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { SENTENCING_CASE, SENTENCING_CASE_REFERENCE } from "../../db/seed/demo-sentencing";
import { pdfStructTypes, pdfStructure, readDocx } from "../export-readers";
import { errorSummary, expectNoAxeViolations, fillDate, londonDay, personPage } from "./helpers";

test.describe.configure({ mode: "serial" });

const AUTHOR = "court@probation.concord.test";
const SPO = "spo@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const AUDITOR = "auditor@partnership.concord.test";
const S2A = "Stalking (Protection from Harassment Act 1997, s2A)";
const RUN = Date.now().toString(36);
const SECTIONS = [
  ["offence_analysis", "Offence analysis"],
  ["pattern_motivation", "Pattern and motivation"],
  ["risk_of_harm", "Risk of serious harm, and to whom"],
  ["victim_impact", "Victim impact and safety considerations"],
  ["orders_compliance", "Previous orders and compliance"],
  ["multi_agency", "The multi-agency view"],
  ["proposal", "Proposal"],
] as const;

let caseId = "";
let reportUrl = "";

const CONVICTED = londonDay(-21);
// Not the other pre-sentence spec's dates, so the advocate's home page row is this run's.
const HEARING = londonDay(23);
const DUE = londonDay(9);

const section = (page: Page, code: string) => page.getByTestId(`section-${code}`);
async function openSection(page: Page, code: string): Promise<void> {
  const details = section(page, code).getByTestId("section-details");
  if (!(await details.evaluate((e) => (e as HTMLDetailsElement).open)))
    await details.locator(":scope > summary").click();
}

test("the author starts input and asks the advocate; an answer with a new address and mobile is refused, naming them", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto("/cases");
  for (let n = 1; n <= 10 && !caseId; n++) {
    const link = page.getByTestId("cases").getByRole("link", { name: SENTENCING_CASE_REFERENCE, exact: true });
    if (await link.count()) caseId = ((await link.getAttribute("href")) ?? "").split("/")[2] ?? "";
    else await page.getByRole("link", { name: "Next page" }).click();
  }
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  await page.goto(`/cases/${caseId}/pre-sentence`);
  await page.getByLabel("Court", { exact: true }).fill(SENTENCING_CASE.court);
  await fillDate(page, "Date of conviction", CONVICTED.parts);
  await fillDate(page, "Date of the sentencing hearing", HEARING.parts);
  await page.getByLabel("Pre-sentence input to a fast delivery report").check();
  await page.getByLabel(S2A).check();
  await page.getByRole("button", { name: "Start pre-sentence input" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Pre-sentence input started");
  reportUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("report-details")).toContainText(`Date of conviction${CONVICTED.text}`);

  await page.getByRole("link", { name: "Ask a partner for input" }).click();
  await page
    .getByLabel("Which section is the input for?")
    .selectOption({ label: "Victim impact and safety considerations" });
  await page
    .getByRole("group", { name: "Who do you want to ask?" })
    .getByLabel(/^Jess Marlowe/)
    .check();
  await page.getByLabel("Your question").fill(`Has anything changed for the victim? (run ${RUN})`);
  await fillDate(page, "When do you need the answer by?", DUE.parts);
  await page.getByRole("button", { name: "Send the question" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Your question was sent");
  await page.context().close();

  const advocate = await personPage(browser, ADVOCATE);
  await advocate.goto("/");
  const row = advocate
    .getByTestId("today-entry")
    .filter({ hasText: "Answer a question for pre-sentence input" })
    .filter({ hasText: SENTENCING_CASE_REFERENCE })
    .filter({ hasText: HEARING.text })
    .filter({ hasText: DUE.text });
  await row.last().getByRole("link", { name: "Victim impact and safety considerations" }).click();
  await expect(advocate.getByTestId("question")).toContainText(RUN);
  const answer = advocate.getByLabel("Your answer");
  await answer.fill("She has moved: she lives at 9 Mill Lane, Northshire NS4 2PQ, mobile 07700 900123.");
  await advocate.getByRole("button", { name: "Send your answer" }).click();
  const summary = errorSummary(advocate);
  await expect(summary).toContainText('a phone number ("07700 900123")');
  await expect(summary).toContainText('a postcode ("NS4 2PQ")');
  await expect(summary).toContainText('an address ("lives at 9 Mill")');
  await expect(summary).toContainText("goes to the court and the defence");
  await expectNoAxeViolations(advocate);
  await answer.fill(`She has moved and wants no contact of any kind (run ${RUN}).`);
  await advocate.getByRole("button", { name: "Send your answer" }).click();
  await expect(advocate.getByTestId("confirmation")).toContainText("Answer sent");
  await advocate.context().close();

  const back = await personPage(browser, AUTHOR);
  await back.goto(reportUrl);
  await expect(section(back, "victim_impact").getByTestId("statement-text")).toHaveText(
    `She has moved and wants no contact of any kind (run ${RUN}).`,
  );
  await expect(back.locator("body")).not.toContainText("Mill Lane");
  await back.context().close();
});

test("the author's text with a court's address is refused, then added with the override, which the auditor finds", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  await openSection(page, "orders_compliance");
  const text = `Bail was set at Northshire Magistrates' Court, 1 Castle Street, NS1 1AA (run ${RUN}).`;
  await section(page, "orders_compliance").getByLabel("Add your own text").fill(text);
  await section(page, "orders_compliance")
    .getByRole("button", { name: /^Add your text/ })
    .click();
  await expect(errorSummary(page)).toContainText('a postcode ("NS1 1AA")');
  await expectNoAxeViolations(page);
  await section(page, "orders_compliance").getByLabel("It is not anyone's contact details").check();
  await section(page, "orders_compliance")
    .getByRole("button", { name: /^Add your text/ })
    .click();
  await expect(page.getByTestId("success-banner")).toContainText("Your text was added");
  await expect(section(page, "orders_compliance").getByTestId("statement-text").filter({ hasText: RUN })).toHaveText(
    text,
  );
  await page.context().close();

  const auditor = await personPage(browser, AUDITOR);
  await auditor.goto("/audit?actionPrefix=psr.contact_override");
  await expect(auditor.getByRole("table")).toContainText("psr.contact_override");
  await auditor.context().close();
});

test("after a later incident the timeline statement needs attention; kept as at conviction, its footnote counts what its text counts", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(`${reportUrl}/sections/offence_analysis`);
  await page.getByRole("checkbox", { name: /Course of conduct/ }).check();
  await page.getByRole("button", { name: /^Add/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statements added to the draft");
  const timeline = section(page, "offence_analysis").getByTestId("statement").filter({ hasText: "Course of conduct:" });
  const before = (await timeline.getByTestId("statement-text").textContent()) ?? "";
  const n = Number(/(\d+) incidents/.exec(before)?.[1]);

  const police = await personPage(browser, INVESTIGATOR);
  await police.goto(`/cases/${caseId}/incidents/new`);
  await fillDate(police, "When did it happen?", londonDay(-2).parts);
  await police.getByLabel("Time", { exact: true }).fill("18:10");
  await police.getByRole("group", { name: "What happened?" }).getByLabel("Unwanted messages", { exact: true }).check();
  await police.getByRole("group", { name: "FOUR indicators" }).getByLabel("Repeated", { exact: true }).check();
  await police.getByRole("group", { name: "Who reported it?" }).getByLabel("Victim", { exact: true }).check();
  await police
    .getByLabel("What happened", { exact: true })
    .fill(`A card left at her new workplace after the conviction (run ${RUN}).`);
  await police.getByRole("button", { name: "Save incident" }).click();
  await expect(police.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await police.context().close();

  await page.goto(reportUrl);
  const attention = page.getByTestId("attention").getByRole("link", { name: /statements? needs? your attention/ });
  await expect(attention).toBeVisible();
  await attention.click();
  await expect(timeline).toBeFocused();
  await expect(timeline).toContainText("The source has changed since this was pulled");
  await expectNoAxeViolations(page);
  await timeline.getByRole("button", { name: new RegExp(`^Keep as at conviction \\(${CONVICTED.text}\\)`) }).click();
  await expect(page.getByTestId("success-banner")).toContainText("as at the date of conviction");
  await expect(timeline.getByTestId("statement-text")).toContainText(`${n} incidents`);
  await expect(timeline.getByTestId("provenance")).toContainText(
    `Incident timeline (${n} incidents as at conviction on ${CONVICTED.text})`,
  );
  await expect(timeline).not.toContainText("The source has changed");
  await page.context().close();
});

test("the author edits a statement and moves it, then completes the input; the senior probation officer signs it off", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  for (const [code, heading] of SECTIONS) {
    await openSection(page, code);
    await section(page, code).getByLabel("Add your own text").fill(`My view on ${heading.toLowerCase()} (run ${RUN}).`);
    await section(page, code)
      .getByRole("button", { name: `Add your text to ${heading}` })
      .click();
    await expect(page.getByTestId("success-banner")).toContainText("Your text was added");
  }
  await openSection(page, "offence_analysis");
  const mine = section(page, "offence_analysis")
    .getByTestId("statement")
    .filter({ hasText: `My view on offence analysis (run ${RUN}).` });
  await mine.locator("summary", { hasText: "Edit" }).click();
  await mine.getByLabel("Your text").fill(`My view on offence analysis, revised (run ${RUN}).`);
  await mine.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statement changed");
  await openSection(page, "offence_analysis");
  const revised = section(page, "offence_analysis").getByTestId("statement").filter({ hasText: "revised" });
  await revised.getByRole("button", { name: /^Move up/ }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Statement moved");
  const texts = await section(page, "offence_analysis").getByTestId("statement-text").allTextContents();
  expect(texts.at(-2)).toContain("revised");
  await expectNoAxeViolations(page);

  // The structured proposal: a restraining-order term naming a street is refused, then kept with the override.
  await openSection(page, "proposal");
  const proposal = section(page, "proposal");
  await proposal.getByLabel("Suspended sentence order", { exact: true }).check();
  await proposal.getByLabel("Custodial term to be suspended", { exact: true }).fill("16");
  await proposal.getByRole("group", { name: "Term to be suspended in" }).getByLabel("Weeks").check();
  await proposal.getByLabel("Suspended for how many months").fill("24");
  await proposal
    .getByLabel("Why you propose this sentence")
    .fill(`Custody is justified, but the programme protects her better (run ${RUN}).`);
  await proposal.getByLabel("Curfew requirement", { exact: true }).check();
  await proposal.getByLabel("Curfew requirement: for how many months").fill("6");
  await proposal.getByLabel("Hours a day").fill("12");
  await proposal.getByLabel("Days a week").fill("7");
  await proposal.getByLabel("Propose electronic monitoring of the curfew").check();
  await proposal.getByLabel("Why you propose the curfew requirement").fill("The incidents happened in the evenings.");
  await proposal.getByLabel("Restraining order on conviction").check();
  await proposal
    .getByLabel("Proposed terms, one on each line")
    .fill("Not to contact the victim directly or indirectly\nNot to go to 14 Larkspur Road");
  await proposal.getByLabel("Until further order").check();
  await proposal.getByLabel("Why you propose a restraining order").fill("She fears contact after the order ends.");
  await proposal.getByRole("button", { name: "Save the proposal" }).click();
  await expect(errorSummary(page)).toContainText(
    'The terms of the restraining order on conviction contains what looks like an address ("14 Larkspur Road")',
  );
  await expectNoAxeViolations(page);
  await section(page, "proposal").getByLabel("It is not anyone's contact details").check();
  await section(page, "proposal").getByRole("button", { name: "Save the proposal" }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Proposal saved");
  await page.getByRole("button", { name: "Submit for sign-off", exact: true }).click();
  await expect(page.getByTestId("success-banner")).toContainText("Submitted for sign-off");
  await page.context().close();

  const spo = await personPage(browser, SPO);
  await spo.goto(reportUrl);
  await spo.getByRole("button", { name: "Sign off", exact: true }).click();
  await expect(spo.getByTestId("success-banner")).toContainText("signed off");
  await spo.context().close();
});

test("the Word file has the header block, the proposal and the sources list; the PDF is tagged", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, AUTHOR);
  await page.goto(reportUrl);
  const [wordDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download (Word)" }).click(),
  ]);
  const docx = await readDocx(await fs.readFile((await wordDownload.path())!));
  for (const text of [
    "Defendant",
    "Date of birth",
    "PNC number",
    "Case reference",
    SENTENCING_CASE_REFERENCE,
    "Date of conviction",
    CONVICTED.text,
    S2A,
    "Pre-sentence input to a fast delivery report",
    "Author",
  ])
    expect(docx.allText).toContain(text);
  const headings = docx.headings.map(([, h]) => h);
  expect(headings).toEqual([
    "Pre-sentence input",
    "Details",
    ...SECTIONS.map(([, h]) => h),
    "Proposed sentence",
    "Requirements",
    "Curfew requirement",
    "Ancillary orders",
    "Restraining order on conviction",
    "Sources",
  ]);
  // The structured proposal, read back from the file: each part under its own heading, with its terms and rationale.
  const after = (heading: string) => docx.paragraphs.slice(docx.paragraphs.indexOf(heading) + 1).join("\n");
  expect(after("Proposed sentence")).toMatch(
    /^Sentence\s*Suspended sentence order\s*Terms\s*16 weeks custody, suspended for 24 months\s*Rationale\s*Custody is justified/,
  );
  expect(after("Curfew requirement")).toMatch(
    /^Terms\s*For 6 months, 12 hours a day on 7 days a week, with electronic monitoring\s*Rationale\s*The incidents happened in the evenings\./,
  );
  expect(after("Restraining order on conviction")).toMatch(
    /^Proposed terms\s*Not to contact the victim directly or indirectly\s*Not to go to 14 Larkspur Road\s*Duration\s*Until further order\s*Rationale\s*She fears contact/,
  );
  expect(docx.allText).toContain("Every record and contribution drawn on");
  expect(docx.allText).toMatch(/Incident timeline \(\d+ incidents as at conviction on/);
  expect(docx.allText).not.toContain("Mill Lane");

  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download (PDF)" }).click(),
  ]);
  const pdf = await fs.readFile((await pdfDownload.path())!);
  const { lang, marked, root } = pdfStructure(pdf);
  expect(lang).toBe("en-GB");
  expect(marked).toBe(true);
  const types = pdfStructTypes(root);
  expect(types.slice(0, 3)).toEqual(["StructTreeRoot", "Document", "H1"]);
  expect(types.filter((t) => t === "H2")).toHaveLength(SECTIONS.length + 2);
  expect(types).toContain("Table");
  await page.context().close();
});
