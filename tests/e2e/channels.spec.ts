// The channel test (issue 3): for records an actor may not see, nothing of them (no field value, no title,
// no summary, not even their existence in a count) reaches that actor through any channel: page HTML, Remix
// data requests, search results, CSV exports, socket events or error pages.
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { DEMO_ACCOUNTS } from "../../db/seed/demo-accounts";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { signIn } from "./helpers";

// What the probation practitioner on the worked case must never receive: the victim's contact details
// (victim-confidential), police intelligence, the health-confidential formulation, a health draft, and
// police investigation material (CPS/police only). Titles and summaries count as much as details.
const NEVER = [
  ...Object.values(DEMO_SECRETS),
  "Safe contact details",
  "Safe contact arrangements agreed with the victim",
  "Intelligence report",
  "Intelligence held by police",
  "Clinical formulation",
  "Assessed by the stalking clinic psychologist",
  "SAM formulation (draft)",
  "Draft structured assessment in progress",
  "Evidence log",
  "Phone download and CCTV requested",
  "Personal alarm issued", // the safety plan's detail: probation sees its summary line only
];

function expectNothingHidden(text: string, where: string): void {
  for (const secret of NEVER) expect(text, `${where} must not contain "${secret}"`).not.toContain(secret);
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

async function workedCaseId(page: Page): Promise<string> {
  await page.goto("/cases");
  const href = await page.getByRole("link", { name: WORKED_CASE_REFERENCE }).getAttribute("href");
  return href!.split("/").pop()!;
}

async function get(request: APIRequestContext, url: string) {
  const response = await request.get(url, { maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}

test("a probation practitioner on the team receives none of the records kept from them, in any channel", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const probation = await browser.newContext();
  const advocate = await browser.newContext();
  const police = await browser.newContext();
  const probationPage = await probation.newPage();
  const advocatePage = await advocate.newPage();
  await signIn(probationPage, "practitioner@probation.concord.test");
  await signIn(advocatePage, "advocate@isac.concord.test");
  await signIn(await police.newPage(), "investigator@police.concord.test");
  const caseId = await workedCaseId(probationPage);

  // A socket for the practitioner, open for the whole test, recording every frame it receives.
  const received: string[] = [];
  const socket: Socket = io(baseURL!, {
    extraHeaders: { origin: baseURL!, cookie: await cookieHeader(probation) },
    transports: ["websocket"],
    reconnection: false,
  });
  socket.onAny((event, ...args) => received.push(JSON.stringify([event, ...args])));
  // The share's recipient also listens: the positive control that events do flow on this server.
  const policeSocket: Socket = io(baseURL!, {
    extraHeaders: { origin: baseURL!, cookie: await cookieHeader(police) },
    transports: ["websocket"],
    reconnection: false,
  });
  const policeReceived = new Promise<string>((resolve) =>
    policeSocket.on("notification", (payload) => resolve(JSON.stringify(payload))),
  );
  for (const s of [socket, policeSocket]) {
    await new Promise<void>((resolve, reject) => {
      // The first socket may have connected while the second was being set up.
      if (s.connected) return resolve();
      s.once("connect", () => resolve());
      s.once("connect_error", reject);
    });
  }

  // 1. Page HTML: the case page shows three records (course of conduct, perpetrator, safety plan summary).
  await probationPage.goto(`/cases/${caseId}`);
  await expect(probationPage.getByTestId("record")).toHaveCount(3);
  await expect(probationPage.getByTestId("withheld")).toHaveCount(1);
  expectNothingHidden(await probationPage.content(), "case page HTML");

  // 2. Remix data requests (single fetch .data, and the older ?_data form).
  const dataRequest = await get(probationPage.request, `/cases/${caseId}.data`);
  expect(dataRequest.status).toBe(200);
  expect(dataRequest.text).toContain("Course of conduct");
  expectNothingHidden(dataRequest.text, "case .data request");
  expectNothingHidden(
    (await get(probationPage.request, `/cases/${caseId}?_data=routes%2Fcases.%24caseId._index`)).text,
    "?_data request",
  );

  // 3. Counts: the practitioner is on one case; the partnership holds two.
  // Other specs may have put the practitioner on cases of their own: the list counts exactly the cases on
  // their My work (their teams), and never NS-2026-00002, which they are not on.
  await probationPage.goto("/");
  const teamCases = await probationPage.getByTestId("my-cases").locator("tbody tr").count();
  expect(teamCases).toBeGreaterThanOrEqual(1);
  await probationPage.goto("/cases");
  await expect(probationPage.getByText(`Cases you can see: ${teamCases}`)).toBeVisible();
  await expect(probationPage.getByText("NS-2026-00002")).toHaveCount(0);

  // 4. Search: find-without-seeing and every search the practitioner can run.
  // Partial terms: the search box shows what was typed, which is not a leak; the full values must never appear.
  for (const q of ["Jordan Ashby", "Kieran", "87/123456X", "Larkspur", "900123"]) {
    const search = await get(probationPage.request, `/people/search?q=${encodeURIComponent(q)}`);
    expect(search.status).toBe(200);
    expectNothingHidden(search.text, `search for ${q}`);
  }

  // 5. Exports: the disclosure log is the auditor's, and carries no record content even for them.
  const csvAsProbation = await get(probationPage.request, "/audit/disclosures.csv");
  expect(csvAsProbation.status).toBe(403);
  expectNothingHidden(csvAsProbation.text, "CSV refused");

  // 6. Error text: asking for a hidden record by id gives a page that names nothing.
  await advocatePage.goto(`/cases/${caseId}`);
  const contactCard = advocatePage.getByTestId("record").filter({ hasText: "Safe contact details" });
  const shareHref = await contactCard.getByRole("link", { name: /Share/ }).getAttribute("href");
  const hiddenRecordId = shareHref!.split("/")[2]!;
  const hidden = await get(probationPage.request, `/records/${hiddenRecordId}/share`);
  expect(hidden.status).toBe(404);
  expectNothingHidden(hidden.text, "404 for a hidden record");
  expectNothingHidden(
    (await get(probationPage.request, `/records/${hiddenRecordId}/share.data`)).text,
    "hidden record .data",
  );

  // 7. Socket events: the advocate shares the victim's contact details with the investigator; the
  //    practitioner's socket must receive nothing about it.
  await advocatePage.goto(shareHref!);
  await advocatePage.getByLabel("Someone else, by email address").check();
  await advocatePage.getByLabel("Their work email address").fill("investigator@police.concord.test");
  await advocatePage.getByLabel("Case work").check();
  await advocatePage.getByLabel("Crime and Disorder Act 1998, section 115").check();
  await advocatePage.getByRole("button", { name: "Share record" }).click();
  await expect(advocatePage.getByTestId("share").filter({ hasText: "Dana Whitlock" })).toBeVisible();
  expect(await policeReceived).toContain("A case note on case NS-2026-00001 was shared with you");
  await probationPage.waitForTimeout(1_000);
  for (const frame of received) expectNothingHidden(frame, "socket frame");

  socket.close();
  policeSocket.close();
  await police.close();
  await probation.close();
  await advocate.close();
});

test("the auditor's disclosure CSV lists shares with their lawful basis and no record content", async ({ browser }) => {
  const auditor = await browser.newContext();
  const page = await auditor.newPage();
  await signIn(page, "auditor@partnership.concord.test");
  const csv = await get(page.request, "/audit/disclosures.csv");
  expect(csv.status).toBe(200);
  expectNothingHidden(csv.text, "disclosure CSV");
  await auditor.close();
});

test("the share page of a record the reader may not read in full is a 404 that names nothing, on the page and its data request", async ({
  browser,
}) => {
  const advocate = await browser.newContext();
  const manager = await browser.newContext();
  const advocatePage = await advocate.newPage();
  const managerPage = await manager.newPage();
  await signIn(advocatePage, "advocate@isac.concord.test");
  await signIn(managerPage, "manager@isac.concord.test");
  const caseId = await workedCaseId(advocatePage);
  await advocatePage.goto(`/cases/${caseId}`);
  const contactHref = await advocatePage
    .getByTestId("record")
    .filter({ hasText: "Safe contact details" })
    .getByRole("link", { name: /Share/ })
    .getAttribute("href");
  // The advocate manager supervises the advocacy service but is not on this case: the policy keeps victim contact
  // details to the team, so she may neither read nor share them, and the share page says nothing of them.
  for (const url of [contactHref!, `${contactHref!}.data`]) {
    const answer = await get(managerPage.request, url);
    expect(answer.status, url).toBe(404);
    expectNothingHidden(answer.text, `share page ${url} for the manager`);
    expect(answer.text).not.toContain("NS-2026-00001");
  }
  await advocate.close();
  await manager.close();
});

test("someone who does not work on cases cannot be invited to a meeting, and sees none of it", async ({ browser }) => {
  const clinic = await browser.newContext();
  const auditor = await browser.newContext();
  const clinicPage = await clinic.newPage();
  const auditorPage = await auditor.newPage();
  await signIn(clinicPage, "clinic@partnership.concord.test");
  await signIn(auditorPage, "auditor@partnership.concord.test");
  await clinicPage.goto("/meetings/new");
  await expect(clinicPage.getByRole("heading", { level: 1 })).toBeVisible();
  // Neither the chair nor the invitees offered include anyone who does not work on cases (a forged choice is
  // refused too: tests/integration/meeting-attendees.test.ts).
  const offered = await clinicPage.locator("main").innerText();
  expect(offered).toContain(DEMO_ACCOUNTS.find((a) => a.email === "advocate@isac.concord.test")!.name);
  for (const email of [
    "auditor@partnership.concord.test",
    "performance@partnership.concord.test",
    "sysadmin@partnership.concord.test",
  ]) {
    expect(offered, email).not.toContain(DEMO_ACCOUNTS.find((a) => a.email === email)!.name);
  }
  // The coordinator's meeting (seeded, signed off) with the sentencing case on its agenda: the auditor gets a 404
  // everywhere, and a forged invitation is refused with nothing changed.
  await clinicPage.goto("/meetings");
  const meetingHref = await clinicPage
    .locator('main a[href^="/meetings/"]:not([href="/meetings/new"])')
    .first()
    .getAttribute("href");
  expect(meetingHref).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
  expect((await get(clinicPage.request, meetingHref!)).text).toContain("NS-2026-00003");
  for (const url of [meetingHref!, `${meetingHref!}.data`, `${meetingHref!}/minutes`, `${meetingHref!}/minutes.data`]) {
    const answer = await get(auditorPage.request, url);
    expect(answer.status, url).toBe(404);
    expect(answer.text).not.toContain("NS-2026-00003");
  }
  await auditor.close();
  await clinic.close();
});
