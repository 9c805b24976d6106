// Issue 4, "must show", end to end in Chromium on one new case:
// 1. A police investigator creates a case, adds a victim and a perpetrator, records five incidents from three crime
//    reports and links them into one course of conduct, records an SPO consideration and adds an ISAC advocate and a
//    probation practitioner to the team; the advocate records the victim's contact details and a safety plan; the
//    practitioner sees the case and the incidents but the contact details only as withheld (page and data request).
// 2. A breach of a granted SPO creates the review task, raises the case's priority and reaches the team.
// The two tests share the case, so they run in order. axe-core on every distinct page visited.
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, loadsNewDocument, signIn, signOut, todayEntry } from "./helpers";

test.describe.configure({ mode: "serial" });

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

// Synthetic people and a run tag, so nothing here collides with the demo data or another spec's records
// (crime references must be unique to one case across the partnership).
const RUN = Date.now().toString(36).toUpperCase();
const VICTIM = "Ottilie Brackenwold";
const PERPETRATOR = "Caspian Thornlea";
const CRIME_REFS = [`CJ/${RUN}/1`, `CJ/${RUN}/2`, `CJ/${RUN}/3`];

// What the advocate types as the victim's contact details: none of it may reach the practitioner.
const ADDRESS = "9 Quillowen Row, Northshire NS4 2QT";
const PHONE = "07700 900417";
const EMAIL = "o.brackenwold@example.org";
const WORKPLACE = "Fernbrake Library";
const SAFE_TIMES = "Tuesdays after 6pm";
const MEASURE = "Video doorbell fitted at the flat";
const CONTACT_SECRETS = [
  ADDRESS,
  "Quillowen",
  "NS4 2QT",
  PHONE,
  PHONE.replace(/\s/g, ""),
  EMAIL,
  WORKPLACE,
  SAFE_TIMES,
];

/** A London calendar date `days` from today: the parts for a GOV.UK date input and the text the app shows. */
function londonDay(days: number): { parts: [string, string, string]; text: string } {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return {
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

async function caseSection(page: Page, name: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** Opens the case from the cases list, as someone on its team would. */
async function openCase(page: Page, reference: string): Promise<void> {
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Case ${reference}` })).toBeVisible();
}

async function addToTeam(page: Page, email: string, role: string): Promise<void> {
  const value = await page.locator("#userId option", { hasText: email }).getAttribute("value");
  await page.getByLabel("Person", { exact: true }).selectOption(value!);
  await page.getByRole("group", { name: "Their role in the case" }).getByLabel(role, { exact: true }).check();
  await submit(page, "Add to the team");
}

type Incident = { daysAgo: number; behaviour: string; source: string; ref: string; description: string };
const INCIDENTS: Incident[] = [
  {
    daysAgo: 90,
    behaviour: "Unwanted messages",
    source: "Victim",
    ref: CRIME_REFS[0]!,
    description: "Thirty messages overnight from a new number.",
  },
  {
    daysAgo: 75,
    behaviour: "Unwanted calls",
    source: "Victim",
    ref: CRIME_REFS[0]!,
    description: "Repeated calls to her work phone, hanging up when answered.",
  },
  {
    daysAgo: 50,
    behaviour: "Following",
    source: "Witness",
    ref: CRIME_REFS[1]!,
    description: "Followed her from the library to the bus stop.",
  },
  {
    daysAgo: 30,
    behaviour: "Loitering",
    source: "Police",
    ref: CRIME_REFS[1]!,
    description: "Parked opposite her flat for most of the evening.",
  },
  {
    daysAgo: 12,
    behaviour: "Threats",
    source: "Victim",
    ref: CRIME_REFS[2]!,
    description: "Left a note on her car saying he would not stop.",
  },
];

let caseId = "";
let reference = "";

test("an investigator builds the case and its team; the advocate records contact details and a safety plan; probation sees them only as withheld", async ({
  browser,
}) => {
  // Three people, about twenty pages, axe on each; nothing is timed.
  test.setTimeout(240_000);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, INVESTIGATOR);

  // --- The investigator creates a case.
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Create a case" }).click();
  await expect(page).toHaveURL(/\/cases\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create a case" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Where is the case now?" }).getByLabel("Active", { exact: true }).check();
  await page.getByLabel("Ex-intimate partner").check();
  await page.getByLabel("Online element").check();
  await submit(page, "Create case");
  await expect(page.getByTestId("success-banner")).toContainText("Case created");
  caseId = new URL(page.url()).pathname.split("/")[2]!;
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  reference = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Case ", "").trim();
  expect(reference).toMatch(/^NS-\d{4}-\d{5,}$/);
  await expect(page.getByTestId("case-details")).toContainText("Ex-intimate partner");
  await expectNoAxeViolations(page);

  // --- People: a victim and a perpetrator.
  await caseSection(page, "People", "People");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Add a victim" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a victim" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Full name").fill(VICTIM);
  await fillDate(page, "Date of birth (optional)", ["4", "11", "1990"]);
  await submit(page, "Add victim");
  await expect(page.getByTestId("success-banner")).toContainText("Person added");
  await page.getByRole("link", { name: "Add a perpetrator or suspect" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a perpetrator or suspect" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Full name").fill(PERPETRATOR);
  await page.getByLabel("Other names (optional)").fill("@thornlea_watch");
  await fillDate(page, "Date of birth (optional)", ["19", "2", "1986"]);
  await submit(page, "Add perpetrator or suspect");
  const parties = page.getByTestId("party");
  await expect(parties).toHaveCount(2);
  await expect(parties.filter({ hasText: VICTIM })).toContainText("Victim");
  await expect(parties.filter({ hasText: PERPETRATOR })).toContainText("Perpetrator or suspect");
  await expectNoAxeViolations(page);

  // --- Course of conduct: five incidents under three crime reports, entered one by one.
  await caseSection(page, "Course of conduct", "Course of conduct");
  await expect(page.getByText("No incidents you can see have been recorded on this case.")).toBeVisible();
  await expectNoAxeViolations(page);
  for (const [i, e] of INCIDENTS.entries()) {
    await page.getByRole("link", { name: "Record an incident" }).click();
    await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/incidents/new$`));
    await expect(page.getByRole("heading", { level: 1, name: "Record an incident" })).toBeVisible();
    if (i === 0) await expectNoAxeViolations(page);
    await fillDate(page, "When did it happen?", londonDay(-e.daysAgo).parts);
    await page.getByLabel("Time", { exact: true }).fill("19:45");
    await page.getByRole("group", { name: "What happened?" }).getByLabel(e.behaviour, { exact: true }).check();
    await page.getByRole("group", { name: "FOUR indicators" }).getByLabel("Unwanted", { exact: true }).check();
    await page.getByRole("group", { name: "FOUR indicators" }).getByLabel("Repeated", { exact: true }).check();
    await page.getByRole("group", { name: "Who reported it?" }).getByLabel(e.source, { exact: true }).check();
    await page.getByLabel("Crime reference (optional)").fill(e.ref);
    await page.getByLabel("What happened", { exact: true }).fill(e.description);
    await submit(page, "Save incident");
    await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
    await expect(page.getByTestId("incident")).toHaveCount(i + 1);
  }
  await expect(page.getByTestId("pattern-count")).toHaveText("5");
  await expect(page.getByTestId("pattern-crime-reports")).toHaveText("3");
  for (const ref of CRIME_REFS)
    await expect(page.getByTestId("crime-reference").filter({ hasText: ref }).first()).toBeVisible();

  // The prompt links them into one course of conduct.
  const prompt = page.getByTestId("link-prompt");
  await expect(prompt).toContainText(
    "These 5 incidents were recorded under 3 separate crime reports. Stalking is a course of conduct: link them into one course of conduct?",
  );
  await expectNoAxeViolations(page);
  await loadsNewDocument(page, () => prompt.getByRole("button", { name: "Link into one course of conduct" }).click());
  await expect(page.getByText("The incidents are linked into one course of conduct")).toBeVisible();
  await expect(page.getByTestId("link-prompt")).toHaveCount(0);
  await expect(page.getByText("Part of the course of conduct")).toHaveCount(5);
  await expectNoAxeViolations(page);

  // --- SPO consideration (Offences and orders, then its own page).
  await caseSection(page, "Offences and orders", "Offences and orders");
  await expect(page.getByTestId("spo-not-considered")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Record a stalking protection order consideration" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/spo-consideration$`));
  await expect(page.getByRole("heading", { level: 1, name: "Stalking protection order consideration" })).toBeVisible();
  await expect(page.getByTestId("no-spo")).toBeVisible();
  await expectNoAxeViolations(page);
  const today = londonDay(0);
  await fillDate(page, "Date considered", today.parts);
  await page.getByLabel("Apply for a full SPO").check();
  await page
    .getByLabel("Rationale")
    .fill("Fixated and escalating over three months across three crime reports: apply for a full order.");
  await submit(page, "Save consideration");
  await expect(page.getByTestId("success-banner")).toContainText("Stalking protection order consideration recorded");
  await expect(page.getByTestId("latest-spo")).toContainText("Apply for a full SPO");
  await expect(page.getByTestId("latest-spo")).toContainText(`Dana Whitlock on ${today.text}`);
  await expect(page.getByTestId("spo-not-considered")).toHaveCount(0);

  // --- The team: the ISAC advocate and the probation practitioner.
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Overview" }).click();
  await page.getByRole("link", { name: "Manage the case team" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/team$`));
  await expect(page.getByRole("heading", { level: 1, name: "Case team" })).toBeVisible();
  await expectNoAxeViolations(page);
  await addToTeam(page, ADVOCATE, "Advocate");
  await expect(page.getByTestId("success-banner")).toContainText("Jess Marlowe was added to the case team");
  await addToTeam(page, PRACTITIONER, "Offender manager");
  await expect(page.getByTestId("success-banner")).toContainText("Lee Farrant was added to the case team");
  const members = page.getByTestId("member");
  await expect(members).toHaveCount(3);
  await expect(members.filter({ hasText: "Dana Whitlock" })).toContainText("Officer in the case");
  await expect(members.filter({ hasText: "Jess Marlowe" })).toContainText("Advocate");
  await expect(members.filter({ hasText: "Lee Farrant" })).toContainText("Offender manager");
  await expectNoAxeViolations(page);
  await signOut(page);

  // --- The advocate: contact details and a safety plan.
  await signIn(page, ADVOCATE);
  await expectNoAxeViolations(page);
  await openCase(page, reference);
  await expect(page.getByTestId("parties")).toContainText(`${VICTIM} (victim)`);
  await expectNoAxeViolations(page);
  await caseSection(page, "Victim care", "Victim care");
  await expect(page.getByTestId("contact-none")).toHaveText("No contact details recorded");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Record contact details" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/victim-care/contact$`));
  await expect(
    page.getByRole("heading", { level: 1, name: "Contact details and safe-contact preferences" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Address", { exact: true }).fill(ADDRESS);
  await page.getByLabel("Phone number").fill(PHONE);
  await page.getByLabel("Email address").fill(EMAIL);
  await page.getByLabel("Workplace").fill(WORKPLACE);
  await page.getByLabel("Safe times to call").fill(SAFE_TIMES);
  await page
    .getByRole("group", { name: "What is the safest way to contact the victim?" })
    .getByLabel("Text message")
    .check();
  await page.getByRole("group", { name: "Ways NOT to contact the victim" }).getByLabel("Letter").check();
  await page.getByRole("group", { name: "Is it safe to leave messages?" }).getByLabel("No").check();
  await submit(page, "Save contact details");
  await expect(page.getByTestId("success-banner")).toContainText("Contact details saved");
  // Shown to her exactly as typed, so their absence for probation below means something.
  const details = page.getByTestId("contact-details");
  for (const value of [ADDRESS, PHONE, EMAIL, WORKPLACE, SAFE_TIMES]) await expect(details).toContainText(value);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Record a safety plan" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/victim-care/safety-plan$`));
  await expect(page.getByRole("heading", { level: 1, name: "Safety plan" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Safety measures").fill(`${MEASURE}\nAgreed code word with her sister`);
  const advice = page.getByRole("group", { name: "Online safety advice given" });
  await advice.getByLabel("Checked devices and accounts for tracking and unknown logins").check();
  await advice.getByLabel("Set up two-step verification").check();
  const review = londonDay(21);
  await fillDate(page, "When will the plan be reviewed?", review.parts);
  await submit(page, "Save safety plan");
  await expect(page.getByTestId("success-banner")).toContainText("Safety plan saved");
  await expect(page.getByTestId("safety-plan")).toContainText(MEASURE);
  await expect(page.getByTestId("safety-plan")).toContainText("Set up two-step verification");
  await expect(page.getByTestId("safety-plan")).toContainText(review.text);
  await expectNoAxeViolations(page);
  // The data request carries the details to her, so their absence for probation below is a real check.
  const ownData = await (await page.request.get(`/cases/${caseId}/victim-care.data`)).text();
  for (const value of [ADDRESS, PHONE, EMAIL, MEASURE]) expect(ownData).toContain(value);
  await signOut(page);

  // --- The probation practitioner: the case and the incidents, the contact details only as withheld.
  await signIn(page, PRACTITIONER);
  await expectNoAxeViolations(page);
  await openCase(page, reference);
  await expect(page.getByTestId("team")).toContainText(
    "Lee Farrant, Offender manager (Northshire Probation Delivery Unit)",
  );
  await expect(page.getByTestId("parties")).toContainText(`${VICTIM} (victim)`);
  await expect(page.getByTestId("parties")).toContainText(`${PERPETRATOR} (perpetrator or suspect)`);
  await expect(page.getByRole("link", { name: "Manage the case team" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await caseSection(page, "Course of conduct", "Course of conduct");
  await expect(page.getByTestId("incident")).toHaveCount(5);
  await expect(page.getByTestId("pattern-count")).toHaveText("5");
  await expect(page.getByTestId("pattern-crime-reports")).toHaveText("3");
  for (const e of INCIDENTS)
    await expect(page.getByTestId("description").filter({ hasText: e.description })).toHaveCount(1);
  await expect(page.getByText("Part of the course of conduct")).toHaveCount(5);
  await expectNoAxeViolations(page);

  await caseSection(page, "Victim care", "Victim care");
  const withheld = page.getByTestId("contact-withheld").getByTestId("withheld");
  await expect(withheld).toHaveText("Held by the victim's advocate and the police case team: request access");
  await expect(withheld.getByRole("link", { name: "request access" })).toHaveAttribute(
    "href",
    `/cases/${caseId}/request-access`,
  );
  await expect(page.getByTestId("contact-details")).toHaveCount(0);
  await expect(page.getByTestId("section-safety-plan").getByTestId("summary-line")).toHaveText(
    `Safety plan in place, next review ${review.text}`,
  );
  await expect(page.getByRole("link", { name: /contact details/i })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Nowhere in any page she opened, nor in the data behind them (Remix single-fetch requests, her cookies).
  for (const path of ["", "/people", "/incidents", "/victim-care"]) {
    const html = await (await page.request.get(`/cases/${caseId}${path}`)).text();
    for (const secret of [...CONTACT_SECRETS, MEASURE])
      expect(html, `${secret} in the HTML of /cases/<id>${path}`).not.toContain(secret);
  }
  const html = await page.content();
  for (const secret of [...CONTACT_SECRETS, MEASURE]) expect(html).not.toContain(secret);
  const careData = await page.request.get(`/cases/${caseId}/victim-care.data`);
  expect(careData.status()).toBe(200);
  const careBody = await careData.text();
  // The request really returned this page's data (the withheld marker's holder and the case reference)...
  expect(careBody).toContain("the victim's advocate and the police case team");
  expect(careBody).toContain(reference);
  // ...and none of what the advocate typed.
  for (const secret of [...CONTACT_SECRETS, MEASURE])
    expect(careBody, `${secret} in victim-care.data`).not.toContain(secret);
  for (const path of ["", "/people", "/incidents"]) {
    const res = await page.request.get(`/cases/${caseId}${path}.data`);
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body).toContain(reference);
    for (const secret of CONTACT_SECRETS) expect(body, `${secret} in /cases/<id>${path}.data`).not.toContain(secret);
  }
  // The contact form is not hers: a 404 that confirms nothing, for the page and its data.
  for (const path of ["/victim-care/contact", "/victim-care/contact.data"]) {
    const res = await page.request.get(`/cases/${caseId}${path}`);
    expect(res.status()).toBe(404);
    const body = await res.text();
    for (const secret of CONTACT_SECRETS) expect(body).not.toContain(secret);
  }
  await page.context().close();
});

test("a breach creates the review task, raises priority and reaches the team", async ({ browser }) => {
  test.setTimeout(180_000);
  const today = londonDay(0);
  const until = londonDay(365);
  const breachText = `Breach recorded on case ${reference}`;
  const reviewTask = "Review risk after a breach of the stalking protection order";

  // The advocate is on her home page, live, while the breach is recorded.
  const advocate = await (await browser.newContext()).newPage();
  await signIn(advocate, ADVOCATE);
  const link = advocate.getByTestId("notifications-link");
  await expect(link).toHaveAttribute("data-live", "connected");
  const badge = advocate.getByTestId("notification-count");
  const before = (await badge.count()) ? Number(await badge.textContent()) : 0;

  const page = await (await browser.newContext()).newPage();
  await signIn(page, INVESTIGATOR);
  await openCase(page, reference);
  await expect(page.getByTestId("case-priority")).toHaveCount(0);
  await caseSection(page, "Offences and orders", "Offences and orders");

  // A granted SPO.
  await page.getByRole("link", { name: "Add a protective order" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/orders/new$`));
  await expect(page.getByRole("heading", { level: 1, name: "Add a protective order" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { name: /^Stalking protection order \(breach is a criminal offence\)/ }).check();
  await page.getByLabel("Granted").check();
  await fillDate(page, "Date of the court's decision", today.parts);
  await page
    .getByLabel("Prohibitions")
    .fill(`Not to contact ${VICTIM} directly or indirectly, including online\nNot to enter Quillowen Row`);
  await page.getByLabel("Positive requirements").fill("Attend the stalking perpetrator programme");
  await fillDate(page, "Expiry date (optional)", until.parts);
  await submit(page, "Save order");
  await expect(page.getByTestId("success-banner")).toContainText("Protective order recorded");
  const order = page.getByTestId("order");
  await expect(order).toHaveCount(1);
  await expect(order).toContainText("Not to enter Quillowen Row");
  await expect(order).toContainText("Granted");
  await expect(
    order.locator(".govuk-summary-list__row", { hasText: "Breach is a criminal offence" }).locator("dd"),
  ).toHaveText("Yes");
  await expectNoAxeViolations(page);

  // The breach.
  await page.getByRole("link", { name: "Record a breach" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/breaches/new$`));
  await expect(page.getByRole("heading", { level: 1, name: "Record a breach" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { name: `Stalking protection order, made ${today.text}, until ${until.text}` }).check();
  await fillDate(page, "Date of the breach", today.parts);
  await page.getByLabel("What happened?").fill("Messaged the victim from an alias account the day the order was made.");
  await page.getByLabel("Arrested").check();
  await fillDate(page, "Date of the police action", today.parts);
  await submit(page, "Record breach");
  await expect(page.getByTestId("success-banner")).toContainText("Breach recorded");
  await expect(page.getByTestId("case-priority")).toHaveText("Priority raised");
  await expect(page.getByTestId("priority-panel")).toContainText(
    `Breach of the stalking protection order recorded on ${today.text}`,
  );
  await expect(page.getByTestId("breaches")).toContainText("Messaged the victim from an alias account");
  await expectNoAxeViolations(page);

  // It reaches the advocate at once: her header count goes up and the live region says what arrived.
  await expect(badge).toHaveText(String(before + 1));
  await expect(advocate.getByTestId("notification-announcement")).toHaveText(`New notification: ${breachText}`);

  // The case shows the raised priority on its overview, and the review task on its tasks page.
  await caseSection(page, "Overview", `Case ${reference}`);
  await expect(page.getByTestId("case-priority")).toHaveText("Priority raised");
  await expect(page.getByTestId("case-details")).toContainText(
    `Raised: Breach of the stalking protection order recorded on ${today.text}`,
  );
  await expectNoAxeViolations(page);
  await caseSection(page, "Tasks", "Tasks");
  const task = page.getByTestId("open-tasks").getByTestId("task").filter({ hasText: reviewTask });
  await expect(task).toHaveCount(1);
  await expect(task).toContainText(londonDay(3).text);
  await expectNoAxeViolations(page);
  // The officer in the case owns the review: it is on the investigator's home page, against this case.
  await page.goto("/");
  // (Incidents with threats opened their own risk review earlier, so this case may have more than one task.)
  await expect(todayEntry(page, reviewTask).filter({ hasText: `Task on case ${reference},` })).toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.context().close();

  // The advocate: her home page carries the new notification (the task is the officer's, see above); the
  // notification centre lists the breach and leads to the case, where she sees the raised priority and the task.
  await advocate.reload();
  await expect(advocate.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
  await expect(badge).toHaveText(String(before + 1));
  await expect(link).toHaveAccessibleName(`Notifications ${before + 1} unread`);
  await expectNoAxeViolations(advocate);
  await link.click();
  await expect(advocate.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const notice = advocate.getByTestId("notification").filter({ hasText: breachText });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText("Unread");
  await expect(notice.getByRole("link", { name: breachText })).toHaveAttribute("href", `/cases/${caseId}/orders`);
  await expect(
    advocate.getByTestId("notification").filter({ hasText: `You were added to the team for case ${reference}` }),
  ).toHaveCount(1);
  await expectNoAxeViolations(advocate);
  await notice.getByRole("link", { name: breachText }).click();
  await expect(advocate.getByRole("heading", { level: 1, name: "Offences and orders" })).toBeVisible();
  await expect(advocate.getByTestId("case-priority")).toHaveText("Priority raised");
  await expect(advocate.getByTestId("breaches")).toContainText("Messaged the victim from an alias account");
  await expectNoAxeViolations(advocate);
  await caseSection(advocate, "Tasks", "Tasks");
  await expect(advocate.getByTestId("open-tasks").getByTestId("task").filter({ hasText: reviewTask })).toHaveCount(1);
  await advocate.context().close();

  // The rest of the team is told too.
  const probation = await (await browser.newContext()).newPage();
  await signIn(probation, PRACTITIONER);
  await probation.goto("/notifications");
  await expect(probation.getByTestId("notification").filter({ hasText: breachText })).toHaveCount(1);
  await expectNoAxeViolations(probation);
  await probation.context().close();
});
