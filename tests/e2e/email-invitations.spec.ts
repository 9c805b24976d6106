// Issue 19's journey, on a server of its own sending mail over STARTTLS to an SMTP server this spec starts on a
// loopback port: the clinic coordinator invites two people to a meeting; each invitation arrives once with a
// calendar file that parses (METHOD:REQUEST, the meeting's UID, "Stalking clinic"); an attendee follows the email's
// link, signs in and lands on the meeting's invitation. The system administrator's outbox shows what was sent.
import { expect, test } from "@playwright/test";
import ICAL from "ical.js";
import fs from "node:fs";
import path from "node:path";
import { startSmtpTestServer, type SmtpTestServer } from "../smtp-test-server";
import { expectNoAxeViolations, fillDate, londonDay, signIn, submitSignIn } from "./helpers";
import { demoDatabase, freePort, startServer, type OwnServer } from "./own-server";

test.describe.configure({ mode: "serial" });

const COORDINATOR = "clinic@partnership.concord.test"; // Carys Wendle, who chairs
const ADVOCATE = "advocate@isac.concord.test"; // Jess Marlowe
const PROBATION = "practitioner@probation.concord.test"; // Lee Farrant
const TITLE = "Clinic for the email journey";

let smtp: SmtpTestServer;
let server: OwnServer;
let remove: () => void;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  smtp = await startSmtpTestServer();
  const made = await demoDatabase();
  remove = made.remove;
  const caFile = path.join(made.dir, "smtp-ca.pem");
  fs.writeFileSync(caFile, smtp.certPem);
  const port = await freePort();
  server = await startServer(made.databasePath, {
    PORT: String(port),
    LOG_LEVEL: "warn",
    CONCORD_BASE_URL: `http://localhost:${port}`,
    MAIL_TRANSPORT: "smtp",
    MAIL_FROM: "no-reply@concord.example.test",
    SMTP_HOST: "localhost",
    SMTP_PORT: String(smtp.port),
    SMTP_CA_FILE: caFile,
  });
});
test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  remove?.();
});

test("invitations arrive by email with calendar files; an attendee follows the link, signs in and lands on the meeting", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const coordinator = await (await browser.newContext({ baseURL: server.base })).newPage();
  await signIn(coordinator, COORDINATOR);
  await coordinator.goto("/meetings/new");
  await coordinator.getByLabel("Stalking clinic: case review").check();
  await coordinator.getByLabel("Title").fill(TITLE);
  await fillDate(coordinator, "Date of the meeting", londonDay(4).parts);
  await coordinator.getByLabel("Start time").fill("14:00");
  await coordinator.getByLabel("Place (optional)").fill("Room 2, Northshire House");
  await coordinator
    .getByLabel("Chair")
    .selectOption({ label: "Carys Wendle (Northshire Stalking Partnership Office)" });
  for (const person of [
    "Jess Marlowe (Northshire Stalking Advocacy Service)",
    "Lee Farrant (Northshire Probation Delivery Unit)",
  ])
    await coordinator.getByLabel(person).check();
  await coordinator.getByRole("button", { name: "Create meeting" }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  const meetingId = new URL(coordinator.url()).pathname.split("/")[2]!;

  // Each invitee's email arrives once (the coordinator chairs and is not told of her own meeting).
  const mails = await smtp.waitFor(2, 30_000);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([ADVOCATE, PROBATION].sort());
  const link = `${server.base}/meetings/${meetingId}/invitation`;
  for (const mail of mails) {
    expect(mail.parsed.subject).toBe("Concord: you are invited to a meeting");
    expect(mail.parsed.text).toContain(link);
    expect(`${mail.parsed.subject} ${mail.parsed.text}`).not.toContain(TITLE);
    const part = mail.parsed.attachments.find((a) => a.contentType.startsWith("text/calendar"));
    const ics = part!.content.toString("utf8");
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(event.uid).toBe(`${meetingId}@concord`);
    expect(event.summary).toBe("Stalking clinic");
    expect(event.location).toBe("Room 2, Northshire House");
    expect(ics).not.toContain(TITLE);
  }

  // The advocate follows the link from her email, signs in, and lands on the meeting's invitation.
  const advocateMail = mails.find((m) => m.to[0] === ADVOCATE)!;
  const followed = advocateMail.parsed.text!.match(/https?:\/\/\S+\/invitation/)![0];
  const advocate = await (await browser.newContext({ baseURL: server.base })).newPage();
  await advocate.goto(followed);
  await expect(advocate).toHaveURL(/\/login\?returnTo=/);
  await submitSignIn(advocate, ADVOCATE, "Concord-demo-2026!");
  await expect(advocate).toHaveURL(link);
  await expect(advocate.getByRole("heading", { level: 1, name: "Your invitation" })).toBeVisible();
  await expect(advocate.getByTestId("invitation")).toContainText("Room 2, Northshire House");

  // Her email choices page, and the system administrator's outbox with what was sent.
  await advocate.goto("/account/emails");
  await expect(advocate.getByRole("heading", { level: 1, name: "Emails from Concord" })).toBeVisible();
  await expectNoAxeViolations(advocate);
  const sysadmin = await (await browser.newContext({ baseURL: server.base })).newPage();
  await signIn(sysadmin, "sysadmin@partnership.concord.test");
  await sysadmin.goto("/admin/outbox?state=sent");
  await expect(sysadmin.getByTestId("outbox").getByRole("row")).toHaveCount(3);
  await expectNoAxeViolations(sysadmin);
});
