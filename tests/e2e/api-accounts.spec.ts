// Issue 22 (decision 0050), one journey through the real built server: the police agency administrator creates an
// API account for a partner system, copies the token shown once, the partner system calls the API with it (JSON, an
// ETag, the OpenAPI description), the token is not shown again, and once revoked the API refuses it with a problem.
import { expect, test } from "@playwright/test";
import { baseUrl, expectNoAxeViolations, signIn } from "./helpers";

const POLICE_ADMIN = "admin@police.concord.test";

test("an agency administrator creates an API account, the system calls the API with its token, and revoking it stops it", async ({
  page,
  playwright,
}) => {
  await signIn(page, POLICE_ADMIN);
  await page.getByRole("link", { name: "API accounts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API accounts" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Bad input: every error listed, nothing made.
  await page.getByRole("button", { name: "Create the account" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the name of the partner system");
  await expect(page.locator(".govuk-error-summary")).toContainText("Choose the role the system acts as");

  await page.getByLabel("Name of the partner system").fill("Force records system");
  await page.getByLabel("Acts as").selectOption({ label: "Police supervisor" });
  await page.getByLabel("List actions from meetings assigned to the agency").check();
  await page.getByLabel("30 days").check();
  await page.getByRole("button", { name: "Create the account" }).click();
  const token = (await page.getByTestId("new-token").locator("code").textContent())!.trim();
  expect(token).toMatch(/^concord_[A-Za-z0-9_-]{43}$/);

  const api = await playwright.request.newContext({ baseURL: baseUrl() });
  const answer = await api.get("/api/v1/actions?limit=5", { headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toContain("application/json");
  expect(await answer.json()).toMatchObject({ items: expect.any(Array), next: null });
  const again = await api.get("/api/v1/actions?limit=5", {
    headers: { Authorization: `Bearer ${token}`, "If-None-Match": answer.headers()["etag"]! },
  });
  expect(again.status()).toBe(304);
  expect((await api.get("/api/v1/cases/anything", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(
    403,
  );
  const description = await api.get("/api/v1/openapi.json");
  expect((await description.json()).openapi).toBe("3.0.3");

  // Shown once: the list keeps only its first characters.
  await page.goto("/admin/service-accounts");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("service-accounts").getByRole("row", { name: /Force records system/ });
  await expect(row).toContainText(token.slice(0, 12));
  expect(await page.content()).not.toContain(token);
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(page.locator(".govuk-notification-banner")).toContainText("The token is revoked");

  const refused = await api.get("/api/v1/actions", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(await refused.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/revoked/) });
  await api.dispose();
});
