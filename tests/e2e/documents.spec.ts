import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { expectNoAxeViolations, signIn, signOut } from "./helpers";

// Issue 20's one journey: the advocate uploads three screenshots (linking to an incident is tested in
// tests/integration/documents.test.ts: the demo data holds no incidents), marks one victim-confidential,
// uploads a redacted copy of it and shares the copy with the investigator, who opens it; probation sees the other two.
const ADVOCATE = "advocate@isac.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

const screenshot = async (colour: string) => ({
  name: `screenshot-${colour.slice(1)}.png`,
  mimeType: "image/png",
  buffer: await sharp({ create: { width: 120, height: 80, channels: 3, background: colour } })
    .png()
    .toBuffer(),
});

test("evidence screenshots: uploaded, one kept victim-confidential, its redacted copy shared and opened; probation sees two", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADVOCATE);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Documents" }).click();
  await expect(page.getByTestId("not-scanned-notice")).toBeVisible();
  await page.getByRole("link", { name: "Upload documents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upload documents" })).toBeVisible();
  await page
    .getByLabel("Files")
    .setInputFiles([await screenshot("#cc3333"), await screenshot("#33cc33"), await screenshot("#3333cc")]);
  await page.getByRole("radio", { name: "Victim care (needs assessment, safety plan, support notes)" }).check();
  await page.getByLabel("Title").fill("Screenshots of messages");
  await page.getByLabel("Description (optional)").fill("Messages sent on a social network after the order");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Documents uploaded")).toBeVisible();
  await expect(page.getByTestId("document")).toHaveCount(3);

  // The second screenshot shows where the victim lives: victim-confidential.
  await page.getByRole("link", { name: "Screenshots of messages (2 of 3)" }).click();
  await expect(page.getByTestId("thumbnail")).toBeVisible();
  await page.getByLabel("Victim-confidential").check();
  await page.getByRole("button", { name: "Save handling" }).click();
  await expect(page.getByText("Handling changed")).toBeVisible();

  // A redacted copy beside it, also victim-confidential, shared with the investigator only.
  await page.getByRole("link", { name: "Upload a redacted copy" }).click();
  await page.getByLabel("Redacted file").setInputFiles(await screenshot("#777777"));
  await page.getByLabel("Title").fill("Screenshot of messages, redacted");
  await page.getByLabel("Victim-confidential").check();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Document uploaded")).toBeVisible();
  await expect(page.getByText("This is a redacted copy of")).toBeVisible();
  await page.getByRole("link", { name: "Share", exact: true }).click();
  await page.getByLabel("Someone else, by email address").check();
  await page.getByLabel("Their work email address").fill(INVESTIGATOR);
  await page.getByRole("group", { name: "Purpose of sharing" }).getByLabel("Case work", { exact: true }).check();
  await page.getByLabel("Crime and Disorder Act 1998, section 115").check();
  await page.getByRole("button", { name: "Share record" }).click();
  await expect(page.getByText("Record shared")).toBeVisible();
  await signOut(page);

  // The investigator opens the shared copy: the image itself, sent as what it is, never sniffed or cached.
  await signIn(page, INVESTIGATOR);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Documents" }).click();
  await page.getByRole("link", { name: "Screenshot of messages, redacted" }).click();
  const opened = page.waitForResponse((r) => r.url().includes("/file?as=inline"));
  await page.getByTestId("open-document").click();
  const response = await opened;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["content-security-policy"]).toContain("sandbox");
  await page.goBack();
  await signOut(page);

  // Probation: the two others, at summary level, and nothing of the confidential one or its copy.
  await signIn(page, PRACTITIONER);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Documents" }).click();
  await expect(page.getByTestId("document")).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Screenshots of messages (1 of 3)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Screenshots of messages (3 of 3)" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("(2 of 3)");
  await expect(page.locator("body")).not.toContainText("redacted");
});
