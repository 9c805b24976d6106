import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { baseUrl, SIGN_IN_FAILED, errorSummary, expectNoAxeViolations, signIn, submitSignIn } from "./helpers";

const STACK_TRACE = /\n\s+at \S+ \(|node_modules|\.tsx?:\d+|\.js:\d+:\d+/;

/** Visits /login so the request context holds the CSRF cookie; returns its value. */
async function csrfToken(request: APIRequestContext): Promise<string> {
  const response = await request.get("/login");
  expect(response.status()).toBe(200);
  const cookie = (await request.storageState()).cookies.find((c) => c.name === "concord_csrf");
  expect(cookie, "GET /login sets the CSRF cookie").toBeTruthy();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  // The page's forms carry the same token.
  expect(await response.text()).toContain(`name="csrf" value="${cookie!.value}"`);
  return cookie!.value;
}

async function expectRefusedCsrf(response: APIResponse): Promise<void> {
  expect(response.status()).toBe(403);
  const body = await response.text();
  expect(body).toContain("Your form could not be sent");
  expect(body).not.toMatch(STACK_TRACE);
}

test("pages are sent with a strict content security policy and the other security headers", async ({ request }) => {
  const response = await request.get("/login");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("'nonce-");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();

  // Every inline script carries this response's nonce, and the nonce is new for every response.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = (await request.get("/login")).headers()["content-security-policy"] ?? "";
  expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
});

test("a form sent without the CSRF token is refused with a plain page", async ({ request }) => {
  await csrfToken(request);
  const response = await request.post("/login", {
    headers: { origin: baseUrl() },
    form: { email: "auditor@partnership.concord.test", password: "whatever-it-is" },
  });
  await expectRefusedCsrf(response);
});

test("a form sent with the right token from another origin is refused", async ({ request }) => {
  const token = await csrfToken(request);
  const form = { csrf: token, email: "auditor@partnership.concord.test", password: "not-the-password-1" };

  await expectRefusedCsrf(await request.post("/login", { headers: { origin: "https://evil.example" }, form }));
  await expectRefusedCsrf(
    await request.post("/login", {
      headers: { origin: `http://localhost:${Number(new URL(baseUrl()).port) + 1}` },
      form,
    }),
  );
  // No Origin and no Referer at all is refused too.
  await expectRefusedCsrf(await request.post("/login", { form }));
  // A token that is not the cookie's is refused even from our own origin.
  await expectRefusedCsrf(
    await request.post("/login", {
      headers: { origin: baseUrl() },
      form: { ...form, csrf: `${token.slice(0, -2)}xx` },
    }),
  );

  // The same request from our own origin gets through to the sign-in check (so the refusals above were CSRF).
  const ours = await request.post("/login", { headers: { origin: baseUrl() }, form });
  expect(ours.status()).toBe(401);
  expect(await ours.text()).toContain(SIGN_IN_FAILED);
});

test("in the browser, a form with a stale token shows a plain, accessible 'could not be sent' page", async ({
  page,
}) => {
  await page.goto("/login");
  // As if the page had been open while the cookie changed (for example after signing in elsewhere).
  await page
    .locator('input[name="csrf"]')
    .first()
    .evaluate((input: HTMLInputElement) => {
      input.value = "stale-token-from-an-old-page-0000000000";
    });
  await page.getByLabel("Email address").fill("auditor@partnership.concord.test");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(response.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Your form could not be sent" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("auditor@partnership.concord.test");
  await expectNoAxeViolations(page);
});

test("a body over 1 MB is refused with 413", async ({ request }) => {
  const token = await csrfToken(request);
  const body = `csrf=${token}&email=${"a".repeat(1024 * 1024)}&password=x`;
  const response = await request.post("/login", {
    headers: { origin: baseUrl(), "content-type": "application/x-www-form-urlencoded" },
    data: body,
  });
  expect(response.status()).toBe(413);
  const text = await response.text();
  expect(text).toContain("What you sent is too large");
  expect(text).not.toMatch(STACK_TRACE);

  // Just under the limit is read as normal (and refused only for what it says).
  const small = await request.post("/login", {
    headers: { origin: baseUrl(), "content-type": "application/x-www-form-urlencoded" },
    data: `csrf=${token}&email=a@b.test&password=${"p".repeat(1000)}&padding=${"x".repeat(900 * 1024)}`,
  });
  expect(small.status()).toBe(400);
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("an unknown address sends a signed-out visitor to sign in, and shows a 404 once signed in", async ({
  request,
  page,
}) => {
  const response = await request.get("/no-such-page/here", { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toBe("/login?returnTo=%2Fno-such-page%2Fhere");

  await page.goto("/no-such-page/here");
  await expect(page).toHaveURL(/\/login\?returnTo=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();

  await signIn(page, "performance@partnership.concord.test");
  const notFound = await page.goto("/no-such-page/here");
  expect(notFound?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an over-long email address gets a clear error and 400, not a server error", async ({ request, page }) => {
  const longEmail = `${"y".repeat(293)}@a.test`;
  expect(longEmail.length).toBe(300);

  const token = await csrfToken(request);
  const response = await request.post("/login", {
    headers: { origin: baseUrl() },
    form: { csrf: token, email: longEmail, password: "anything-at-all" },
  });
  expect(response.status()).toBe(400);
  const body = await response.text();
  expect(body).toContain("Email address must be 254 characters or fewer");
  expect(body).not.toMatch(STACK_TRACE);

  // In the browser, the message is in the error summary.
  await page.goto("/login");
  await submitSignIn(page, longEmail, "anything-at-all");
  await expect(page).toHaveURL(/\/login$/);
  await expect(errorSummary(page)).toContainText("Email address must be 254 characters or fewer");
});
