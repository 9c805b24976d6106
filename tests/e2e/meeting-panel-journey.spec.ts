// Issue 15's "Done when": a MAPPA panel from invitation to distributed minutes, in one journey, on a server of its
// own (a fresh demo database: the meeting, replies and actions made here touch no other spec's data). The MAPPA
// coordinator invites five people from four agencies; one sends a deputy; the agenda is published and an attendee
// downloads their own pack (parsed: their own cut, no victim contact); the meeting runs; MAPPA B minutes with the
// four-part plan and a disclosure decision are signed off; the Word and PDF files are downloaded from the page's
// links and parsed for the structure; actions are added live, one reassigned and one completed while another screen
// watches, and the open one appears on its owner's home page and in the tracker. Every new page is checked with
// axe, and every new form refuses bad input with an error summary.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type Browser, type Download, type Page } from "@playwright/test";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { downloadedPdfTextLines, readDocx } from "../export-readers";
import { errorSummary, expectNoAxeViolations, fillDate, londonDay, signIn } from "./helpers";
import { ownDemoServer } from "./own-server";

test.describe.configure({ mode: "serial" });

const own = ownDemoServer();
const TITLE = "MAPPA level 2 panel journey";
const COORDINATOR = "mappa@partnership.concord.test"; // Felix Ambrose, who also chairs
const POLICE = "investigator@police.concord.test"; // Dana Whitlock
// Sam Okonjo (spoc@police.concord.test) is invited and never comes.
const PROBATION = "practitioner@probation.concord.test"; // Lee Farrant
const ADVOCATE = "advocate@isac.concord.test"; // Jess Marlowe
const PSYCHOLOGIST = "psychologist@health.concord.test"; // Dr Imogen Vale
const CLINICIAN = "clinician@health.concord.test"; // Ada Quarrie, her deputy
const PLAN = {
  Supervision: "Weekly supervision appointments with the probation practitioner",
  "Monitoring and control": "Exclusion zone around the victim's workplace, electronically monitored",
  "Interventions and treatment": "Stalking perpetrator programme from January",
  "Victim safety planning": "ISAC safety plan reviewed monthly with the victim",
};
const DISCLOSURE = {
  "To whom": "The victim's new employer",
  "What is disclosed": "That the offender must not enter the exclusion zone around the workplace",
  Why: "So the employer can keep the victim safe at work",
  "Who makes the disclosure": "Police public protection unit",
};
const ACTION_LEE = "Bring the programme start date to the next review";
const ACTION_POLICE = "Brief the neighbourhood team on the exclusion zone";

let meetingPath = "";

async function personPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: own.server.base, acceptDownloads: true })).newPage();
  await signIn(page, email);
  return page;
}

/** The row of a table whose first cell starts with this name. */
function rowOf(page: Page, testId: string, name: string) {
  return page
    .getByTestId(testId)
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: new RegExp(`^${name}`) }) });
}

function entry(page: Page, name: string | RegExp) {
  return page.getByTestId("today-entry").getByRole("link", { name });
}

async function downloaded(page: Page, click: () => Promise<unknown>): Promise<{ download: Download; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { download, body: fs.readFileSync((await download.path())!) };
}

test("a MAPPA panel: invitations and a deputy, the agenda pack, the meeting, MAPPA B minutes, actions", async ({
  browser,
}) => {
  test.setTimeout(480_000);
  // An accepted MAPPA referral waiting for a meeting (making one through the forms is referrals.spec.ts's journey).
  const rw = new Database(own.db.name);
  const id = (email: string) =>
    rw.prepare("SELECT id, agency_id AS agencyId FROM users WHERE email = ?").get(email) as {
      id: string;
      agencyId: string;
    };
  const caseId = (rw.prepare("SELECT id FROM cases WHERE reference = ?").get(WORKED_CASE_REFERENCE) as { id: string })
    .id;
  const now = new Date().toISOString();
  rw.prepare(
    "INSERT INTO mappa_referrals (id, case_id, referrer_user_id, referrer_agency_id, level_requested, body, status, meets_category3, level_decided, decided_by, decided_at, created_at, updated_at) VALUES (?, ?, ?, ?, 2, ?, 'accepted', 1, 2, ?, ?, ?, ?)",
  ).run(
    randomUUID(),
    caseId,
    id(PROBATION).id,
    id(PROBATION).agencyId,
    JSON.stringify({ oasysRosh: "high" }),
    id(COORDINATOR).id,
    now,
    now,
    now,
  );
  rw.close();

  // --- The coordinator arranges the meeting: place and video link; a link that is not https is refused.
  const coordinator = await personPage(browser, COORDINATOR);
  await coordinator.goto("/meetings/new");
  await coordinator.getByLabel("MAPPA level 2 meeting").check();
  await coordinator.getByLabel("Title").fill(TITLE);
  const day = londonDay(3);
  await fillDate(coordinator, "Date of the meeting", day.parts);
  await coordinator.getByLabel("Start time").fill("10:00");
  await coordinator.getByLabel("Place (optional)").fill("Room 4, Northshire House");
  await coordinator.getByLabel("Video link (optional)").fill("javascript:alert(1)");
  await coordinator
    .getByLabel("Chair")
    .selectOption({ label: "Felix Ambrose (Northshire Stalking Partnership Office)" });
  for (const person of [
    "Dana Whitlock (Northshire Police)",
    "Sam Okonjo (Northshire Police)",
    "Lee Farrant (Northshire Probation Delivery Unit)",
    "Jess Marlowe (Northshire Stalking Advocacy Service)",
    "Dr Imogen Vale (Northshire Forensic Mental Health Service)",
  ]) {
    await coordinator.getByLabel(person).check();
  }
  await coordinator.getByRole("button", { name: "Create meeting" }).click();
  await expect(
    errorSummary(coordinator).getByRole("link", {
      name: "Enter the video link as a full web address starting with https://",
    }),
  ).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Video link (optional)").fill("https://video.example/mappa-panel");
  await coordinator.getByRole("button", { name: "Create meeting" }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  meetingPath = new URL(coordinator.url()).pathname;
  await coordinator
    .getByRole("group", { name: "Add cases to the agenda" })
    .getByLabel(new RegExp(WORKED_CASE_REFERENCE))
    .check();
  await coordinator.getByRole("button", { name: "Add to agenda" }).click();
  await expect(coordinator.getByTestId("agenda")).toContainText(WORKED_CASE_REFERENCE);
  await expect(coordinator.getByTestId("replies")).toContainText("6 replies outstanding");
  await expectNoAxeViolations(coordinator);
  // The start moves (a past date refused first); everyone is told.
  await coordinator.getByRole("link", { name: "Change the date, time or place" }).click();
  await expectNoAxeViolations(coordinator);
  await fillDate(coordinator, "Date of the meeting", ["1", "1", "2020"]);
  await coordinator.getByRole("button", { name: "Save and tell the invitees" }).click();
  await expect(errorSummary(coordinator).getByRole("link", { name: /today or in the future/ })).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await fillDate(coordinator, "Date of the meeting", day.parts);
  await coordinator.getByLabel("Start time").fill("10:30");
  await coordinator.getByRole("button", { name: "Save and tell the invitees" }).click();
  await expect(coordinator.getByText("Date, time and place saved: the invitees have been told")).toBeVisible();

  // --- The psychologist is told in Concord, and sends a deputy from her agency (bad replies refused first).
  const psychologist = await personPage(browser, PSYCHOLOGIST);
  await entry(psychologist, `Reply to the invitation: ${TITLE}`).click();
  await expect(psychologist.getByRole("heading", { level: 1, name: "Your invitation" })).toBeVisible();
  await expect(psychologist.getByTestId("invitation")).toContainText("Room 4, Northshire House");
  await expect(psychologist.getByTestId("invitation")).toContainText("https://video.example/mappa-panel");
  await expectNoAxeViolations(psychologist);
  await psychologist.getByRole("button", { name: "Send reply" }).click();
  await expect(errorSummary(psychologist).getByRole("link", { name: "Choose whether you will attend" })).toBeVisible();
  await psychologist.getByLabel("I will send a deputy from my agency").check();
  await psychologist.getByRole("button", { name: "Send reply" }).click();
  await expect(
    errorSummary(psychologist).getByRole("link", { name: "Choose who will attend in your place" }),
  ).toBeVisible();
  await expectNoAxeViolations(psychologist);
  await psychologist.getByLabel("I will send a deputy from my agency").check();
  await psychologist.getByLabel("Who will attend in your place").selectOption({ label: "Ada Quarrie" });
  await psychologist.getByRole("button", { name: "Send reply" }).click();
  await expect(psychologist.getByText("Your deputy has been invited in your place")).toBeVisible();
  // She keeps no access as an attendee.
  const refused = await psychologist.goto(meetingPath);
  expect(refused?.status()).toBe(404);

  // --- The police officer accepts and downloads the calendar file; the advocate sends apologies.
  const police = await personPage(browser, POLICE);
  await police.goto(`${meetingPath}/invitation`);
  await police.getByLabel("Yes, I will attend").check();
  await police.getByRole("button", { name: "Send reply" }).click();
  await expect(police.getByTestId("my-reply")).toContainText("Accepted");
  const ics = (
    await downloaded(police, () => police.getByRole("link", { name: "Add to your calendar (.ics file)" }).click())
  ).body.toString("utf8");
  expect(ics).toContain("BEGIN:VEVENT");
  expect(ics).toContain("LOCATION:Room 4\\, Northshire House\\; https://video.example/mappa-panel");
  expect(ics).not.toContain(WORKED_CASE_REFERENCE);
  expect(ics).not.toContain(TITLE);
  const advocate = await personPage(browser, ADVOCATE);
  await advocate.goto(`${meetingPath}/invitation`);
  await advocate.getByLabel("No, I send my apologies").check();
  await advocate.getByRole("button", { name: "Send reply" }).click();
  await expect(advocate.getByTestId("my-reply")).toContainText("Sent apologies");

  // --- The coordinator sees the replies and publishes the agenda.
  await coordinator.goto("/");
  await expect(entry(coordinator, new RegExp(`replies outstanding for ${TITLE}`))).toBeVisible();
  await coordinator.goto(meetingPath);
  await expect(rowOf(coordinator, "replies", "Dr Imogen Vale")).toContainText("Sent a deputy (Ada Quarrie)");
  await expect(rowOf(coordinator, "replies", "Ada Quarrie")).toContainText("Deputy for Dr Imogen Vale");
  await expect(rowOf(coordinator, "replies", "Jess Marlowe")).toContainText("Sent apologies");
  await expect(rowOf(coordinator, "replies", "Dana Whitlock")).toContainText("Accepted");
  await coordinator.getByRole("button", { name: "Publish the agenda" }).click();
  await expect(
    coordinator.getByText("Agenda published: each invitee has been told their papers are ready"),
  ).toBeVisible();

  // --- Probation reads and downloads their own pack: their cut, marked, never the victim's contact details.
  const probation = await personPage(browser, PROBATION);
  await entry(probation, `Read your papers for ${TITLE}`).click();
  await probation.getByRole("button", { name: "I acknowledge the confidentiality statement" }).click();
  await probation.getByRole("link", { name: "Your papers" }).click();
  await expect(probation.getByRole("heading", { level: 1, name: `Your papers: ${TITLE}` })).toBeVisible();
  await expect(probation.getByTestId("agenda-pack")).toContainText(`Item 1: ${WORKED_CASE_REFERENCE}`);
  await expectNoAxeViolations(probation);
  const pack = await downloaded(probation, () =>
    probation.getByRole("link", { name: "Download your papers (PDF)" }).click(),
  );
  expect(pack.download.suggestedFilename()).toMatch(/^concord-agenda-pack-mappa-.+\.pdf$/);
  const packText = downloadedPdfTextLines(pack.body).join(" ").replace(/\s+/g, " ");
  expect(packText).toContain("OFFICIAL-SENSITIVE");
  expect(packText).toContain("Papers cut for Lee Farrant (Northshire Probation Delivery Unit)");
  expect(packText).toContain(`Item 1: ${WORKED_CASE_REFERENCE}`);
  expect(packText).toMatch(/Article 8\(2\)/);
  for (const secret of [
    DEMO_SECRETS.victimAddress,
    DEMO_SECRETS.victimPhone,
    DEMO_SECRETS.intelligence,
    DEMO_SECRETS.clinicalDetail,
  ])
    expect(packText).not.toContain(secret);

  // --- The meeting runs. The chair opens it; attendees arrive; Sam Okonjo never comes.
  await coordinator.goto(meetingPath);
  await coordinator.getByRole("button", { name: "I acknowledge the confidentiality statement" }).click();
  await coordinator.getByRole("button", { name: "Open the meeting" }).click();
  await expect(coordinator.getByTestId("now-discussing")).toHaveText(`Item 1: ${WORKED_CASE_REFERENCE}`);
  const itemPath = (await coordinator.getByTestId("now-discussing").getByRole("link").getAttribute("href"))!;
  const deputy = await personPage(browser, CLINICIAN);
  for (const p of [police, probation, deputy]) {
    await p.goto(meetingPath);
    const acknowledge = p.getByRole("button", { name: "I acknowledge the confidentiality statement" });
    if (await acknowledge.count()) await acknowledge.click();
    await expect(p.getByText("You acknowledged this statement.")).toBeVisible();
  }
  // Attendance comes from presence: the chair opening the meeting and each attendee on its page while it is open
  // are recorded present, whether they acknowledged before it opened or after (decision 0041).
  await coordinator.goto(meetingPath);
  for (const name of ["Felix Ambrose", "Lee Farrant", "Dana Whitlock", "Ada Quarrie"])
    await expect(
      coordinator
        .getByTestId("members")
        .getByRole("row", { name: new RegExp(name) })
        .getByTestId("attendance"),
    ).toHaveText(/Present|Deputy/);

  // The chair records two actions in the live meeting, the one place minutes and actions are written (decision 0046).
  const due = londonDay(14);
  for (const [text, owner] of [
    [ACTION_LEE, "Lee Farrant (Northshire Probation Delivery Unit)"],
    [ACTION_POLICE, "Northshire Police"],
  ] as const) {
    await coordinator.getByLabel(`Action for ${WORKED_CASE_REFERENCE}`, { exact: true }).fill(text);
    await coordinator.getByLabel(`Owner of the action for ${WORKED_CASE_REFERENCE}`).selectOption({ label: owner });
    await fillDate(coordinator, `Due date of the action for ${WORKED_CASE_REFERENCE}`, due.parts);
    await coordinator.getByRole("button", { name: `Add action for ${WORKED_CASE_REFERENCE}` }).click();
    await expect(probation.getByTestId("live-actions")).toContainText(text);
  }
  // The chair reassigns the police action to Dana Whitlock from its own page; the others' screens follow without reloading.
  await coordinator
    .getByTestId("live-actions")
    .getByRole("link", { name: `Change or complete the action: ${ACTION_POLICE}` })
    .click();
  await expectNoAxeViolations(coordinator);
  await coordinator
    .getByLabel("New owner (a person or an agency)")
    .selectOption({ label: "Dana Whitlock (Northshire Police)" });
  await coordinator.getByRole("button", { name: "Reassign" }).click();
  await expect(coordinator.getByText("Action reassigned: the new owner has been told")).toBeVisible();
  await expect(
    probation.getByTestId("live-actions").getByRole("listitem").filter({ hasText: ACTION_POLICE }),
  ).toContainText("Dana Whitlock");
  // Dana completes it with a note (a blank note refused first); the probation screen sees it done, live.
  await police
    .getByTestId("live-actions")
    .getByRole("link", { name: `Complete the action: ${ACTION_POLICE}` })
    .click();
  await police.getByRole("button", { name: "Complete the action" }).click();
  await expect(errorSummary(police).getByRole("link", { name: "Enter what was done" })).toBeVisible();
  await expectNoAxeViolations(police);
  await police.getByLabel("Complete the action").fill("Neighbourhood team briefed at the morning meeting.");
  await police.getByRole("button", { name: "Complete the action" }).click();
  await expect(police.getByTestId("action-summary")).toContainText("Neighbourhood team briefed");
  await expect(
    probation.getByTestId("live-actions").getByRole("listitem").filter({ hasText: ACTION_POLICE }),
  ).toContainText("done: Neighbourhood team briefed");

  // The chair records the four-part plan on the item page.
  await coordinator.goto(itemPath);
  for (const [label, text] of Object.entries(PLAN)) await coordinator.getByLabel(label, { exact: true }).fill(text);
  await coordinator.getByRole("button", { name: "Save plan" }).click();

  // Level, category and a disclosure decision on the item's outcome page (bad input refused first).
  await coordinator.getByRole("link", { name: /Level, category and disclosure decisions/ }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: "Level, category and disclosures" })).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByRole("button", { name: "Save level and category" }).click();
  await expect(errorSummary(coordinator).getByRole("link", { name: "Choose the MAPPA level confirmed" })).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Level 2", { exact: true }).check();
  await coordinator.getByLabel("Category 3", { exact: true }).check();
  await coordinator.getByRole("button", { name: "Save level and category" }).click();
  await expect(coordinator.getByTestId("outcome")).toContainText("Level 2, category 3");
  await coordinator.getByRole("button", { name: "Record the disclosure decision" }).click();
  await expect(
    errorSummary(coordinator).getByRole("link", { name: "Enter to whom the information is disclosed" }),
  ).toBeVisible();
  for (const [label, text] of Object.entries(DISCLOSURE))
    await coordinator.getByLabel(label, { exact: true }).fill(text);
  await coordinator.getByRole("button", { name: "Record the disclosure decision" }).click();
  await expect(coordinator.getByTestId("disclosures")).toContainText(DISCLOSURE["To whom"]);

  // Close (confirmed) and sign off.
  await coordinator.goto(meetingPath);
  await coordinator.getByRole("link", { name: "Close the meeting" }).click();
  await coordinator.getByRole("button", { name: "Yes, close the meeting" }).click();
  await coordinator.getByRole("link", { name: "Finalise the minutes" }).click();
  await coordinator.getByRole("button", { name: "Sign off the minutes" }).click();
  await expect(coordinator.getByTestId("minutes-status")).toContainText("Minutes signed off");
  for (const name of ["Felix Ambrose", "Dana Whitlock", "Lee Farrant"])
    await expect(rowOf(coordinator, "attendance-present", name)).toBeVisible();
  await expect(rowOf(coordinator, "attendance-present", "Ada Quarrie")).toContainText("Deputy for Dr Imogen Vale");
  await expect(rowOf(coordinator, "attendance-apologies", "Dr Imogen Vale")).toContainText("Deputy: Ada Quarrie");
  await expect(rowOf(coordinator, "attendance-apologies", "Jess Marlowe")).toBeVisible();
  await expect(rowOf(coordinator, "attendance-absent", "Sam Okonjo")).toBeVisible();
  await expect(coordinator.getByTestId("minutes-disclosures")).toContainText(DISCLOSURE["Who makes the disclosure"]);
  await expect(coordinator.getByTestId("distribution")).toContainText("Jess Marlowe");
  await expectNoAxeViolations(coordinator);

  // --- Word and PDF from the page's links, parsed for the MAPPA B structure.
  const word = await downloaded(police, async () => {
    await police.goto(`${meetingPath}/minutes`);
    await police.getByRole("link", { name: /Download the minutes as a Word document/ }).click();
  });
  const docx = await readDocx(word.body);
  const headings = docx.headings.map(([, text]) => text);
  for (const h of [
    "Attendance",
    "Present",
    "Apologies",
    "Absent",
    `Item 1: ${WORKED_CASE_REFERENCE}`,
    "Level and category",
    "Risk management plan",
    ...Object.keys(PLAN),
    "Disclosure decisions",
    "Next review",
    "Distribution list",
  ])
    expect(headings).toContain(h);
  const pdf = await downloaded(police, () =>
    police.getByRole("link", { name: /Download the minutes as a PDF/ }).click(),
  );
  const pdfText = downloadedPdfTextLines(pdf.body).join(" ").replace(/\s+/g, " ");
  for (const text of [docx.allText.replace(/\s+/g, " "), pdfText]) {
    for (const s of [
      "Present",
      "Apologies",
      "Absent",
      "Ada Quarrie",
      "Clinician",
      "Sam Okonjo",
      "Level 2, category 3, confirmed by the panel",
      "Kieran Voss",
      ...Object.values(PLAN),
      DISCLOSURE["To whom"],
      DISCLOSURE["Who makes the disclosure"],
      "Level 2: reviewed every 56 days",
      "Distribution list",
      "OFFICIAL-SENSITIVE",
    ])
      expect(text).toContain(s);
    for (const secret of [DEMO_SECRETS.victimAddress, DEMO_SECRETS.victimPhone]) expect(text).not.toContain(secret);
  }

  // --- The open action: on its owner's home page (a link to its page) and in the tracker with the chair's change link
  // (filters, bad input, CSV); the completed one is in neither.
  await probation.goto("/");
  await entry(probation, ACTION_LEE).click();
  await expect(probation.getByTestId("action-summary")).toContainText(ACTION_LEE);
  await coordinator.goto("/actions");
  const tracker = coordinator.getByTestId("action-tracker");
  await expect(tracker.getByRole("link", { name: `Change or complete the action: ${ACTION_LEE}` })).toBeVisible();
  await expect(tracker).not.toContainText(ACTION_POLICE);
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Case reference").fill("<script>");
  await coordinator.getByRole("button", { name: "Filter actions" }).click();
  await expect(
    errorSummary(coordinator).getByRole("link", { name: "Enter a case reference like NS-2026-00001" }),
  ).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Case reference").fill("");
  await coordinator.getByLabel("Owner").selectOption({ label: "Lee Farrant (Northshire Probation Delivery Unit)" });
  await coordinator.getByRole("button", { name: "Filter actions" }).click();
  await expect(tracker).toContainText(ACTION_LEE);
  const csv = (
    await downloaded(coordinator, () => coordinator.getByRole("link", { name: "Download these actions (CSV)" }).click())
  ).body.toString("utf8");
  expect(csv.split("\r\n")[0]).toBe("Action,Case,Meeting,Owner,Due,Overdue");
  expect(csv).toContain(ACTION_LEE);
  expect(csv).not.toContain(ACTION_POLICE);
});
