// Subject access (issue 21), one journey: the police's data protection lead finds Kieran Voss through the one
// person record, starts his request, sees the victim's name highlighted as another person's detail, and downloads
// the PDF bundle, which is parsed: his record is there with the victim's details withheld, and the schedule says
// that the intelligence and the health service's records are withheld and why; then the answer is recorded as sent,
// and a request to correct a record is recorded against his records and decided.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_SECRETS } from "../../db/seed/demo-cases";
import { downloadedPdfTextLines } from "../export-readers";
import { baseUrl, expectNoAxeViolations, fillDate, londonDay, signIn } from "./helpers";

test("the data protection lead answers Kieran Voss's subject access request with a bundle that withholds the victim's details and others' exempt material", async ({
  page,
}) => {
  await signIn(page, "dpo@police.concord.test");
  await page
    .getByRole("navigation", { name: "Primary navigation" })
    .getByRole("link", { name: "Subject access" })
    .click();
  await page.getByRole("link", { name: "Start a request" }).click();
  await page.getByLabel("The person's name or an identifier").fill("Kieran Voss");
  await page.getByRole("button", { name: "Find the person" }).click();
  await page.getByRole("radio", { name: "Kieran Voss" }).check();
  await fillDate(page, "When the request was received", londonDay(-2).parts);
  await page.getByRole("button", { name: "Start the request" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Kieran Voss" })).toBeVisible();
  expect(new URL(page.url()).pathname).toMatch(/^\/subject-access\/[\w-]+$/);
  await expect(page.getByTestId("third-party").filter({ hasText: "Jordan Ashby" }).first()).toBeVisible();
  // Records another agency holds are listed, never shown.
  await expect(page.getByText(DEMO_SECRETS.clinicalDetail)).toHaveCount(0);
  await expectNoAxeViolations(page);

  const downloading = page.waitForEvent("download");
  await page.getByTestId("bundle-pdf").click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^concord-subject-access-.+\.pdf$|^subject-access-.+\.pdf$/);
  const text = downloadedPdfTextLines(await readFile((await file.path())!))
    .join(" ")
    .replace(/\s+/g, " ");
  expect(text).toContain("Subject access request: Kieran Voss");
  expect(text).toContain("Course of conduct");
  expect(text).toContain("[withheld: another person's details]");
  for (const secret of [
    "Jordan",
    "Ashby",
    DEMO_SECRETS.victimAddress,
    DEMO_SECRETS.clinicalDetail,
    DEMO_SECRETS.intelligence,
  ])
    expect(text).not.toContain(secret);
  expect(text).toContain("Held by another agency, the controller of this record");
  expect(text).toContain("Prevention or detection of crime");
  expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin);

  // The answer as sent, naming the bundle just downloaded, closes the request.
  await page.reload();
  await fillDate(page, "When the answer was sent", londonDay(0).parts);
  await page.getByRole("radio", { name: "By secure email" }).check();
  await page.getByRole("button", { name: "Record the answer" }).click();
  await expect(page.getByTestId("answered")).toContainText("by secure email");
  await expect(page.getByRole("button", { name: "Record the answer" })).toHaveCount(0);

  // He also asks for a record to be corrected: recorded against the police's records about him, then decided.
  await page.goto(`${baseUrl()}/subject-access`);
  await page.getByRole("link", { name: "Rectification, objection and restriction requests" }).click();
  await page.getByRole("link", { name: "Record a request" }).click();
  await page.getByLabel("The person's name or an identifier").fill("Kieran Voss");
  await page.getByRole("button", { name: "Find the person" }).click();
  await page.getByTestId("people-found").getByRole("link", { name: "Kieran Voss" }).click();
  // Police processing is law enforcement: no right to object is offered.
  await expect(page.getByRole("radio", { name: /Objection/ })).toHaveCount(0);
  await page.getByRole("radio", { name: /Rectification/ }).check();
  await fillDate(page, "When the request was received", londonDay(0).parts);
  await page
    .getByLabel("What the person says is wrong, or why they object")
    .fill("The address on my record is out of date");
  await page.getByRole("group", { name: "The records the request concerns" }).getByRole("checkbox").first().check();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Record the request" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kieran Voss" })).toBeVisible();
  await page.getByRole("radio", { name: "Accept" }).check();
  await page.getByLabel("The reason, and what was done").fill("Address corrected on the perpetrator record");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByTestId("subject-rights-decision")).toContainText("Accepted");
});
