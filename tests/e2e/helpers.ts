import fs from "node:fs";
import { createRequire } from "node:module";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { AxeResults } from "axe-core";
import { Secret, TOTP } from "otpauth";

/** Where the running test's shared server listens: its project's baseURL (playwright.config.ts; decision 0043). */
export function baseUrl(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("This test's project has no baseURL: it is not one of the shared-server lanes");
  return url;
}

/** The port of the running test's shared server, which names its database (scripts/e2e-database.ts). */
export function sharedServerPort(): number {
  return Number(new URL(baseUrl()).port);
}

/** The password every demo account shares (db/seed/demo-accounts.ts). */
export const DEMO_PASSWORD = "Concord-demo-2026!";

/** The one message for every failed sign-in (app/routes/login.tsx). */
export const SIGN_IN_FAILED =
  "Enter a correct email address and password. After 5 failed attempts the account cannot be signed in to from your network for 15 minutes.";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * The page's structure as axe sees it: the address with its ids taken out, and a hash over every element of its
 * tag, classes, role, type, aria-* attributes and the other attributes axe's WCAG rules read (uuids and numbers in
 * values normalised; attributes that point at ids reduced to whether those ids exist; alt, title, href and the
 * like to whether they are empty), whether its own text is empty, and how many ids are duplicated. Siblings of
 * the same structure (table rows, list items, timeline entries) count once, so a list one entry longer is the
 * same structure, while an entry of a new kind (another tag, a missing label) makes it a new one.
 */
async function structureKey(page: Page): Promise<string> {
  const path = new URL(page.url()).pathname
    .split("/")
    .map((segment) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
      /^\d+$/.test(segment) ||
      /^[A-Za-z0-9_-]{20,}$/.test(segment)
        ? ":id"
        : segment,
    )
    .join("/");
  const signature = await page.evaluate(() => {
    const ID_REFS = new Set([
      "for",
      "headers",
      "list",
      "form",
      "aria-labelledby",
      "aria-describedby",
      "aria-controls",
      "aria-owns",
      "aria-activedescendant",
      "aria-errormessage",
      "aria-details",
      "aria-flowto",
    ]);
    const KEPT = new Set([
      "class",
      "role",
      "type",
      "lang",
      "xml:lang",
      "tabindex",
      "hidden",
      "open",
      "disabled",
      "scope",
      "autocomplete",
      "style",
      "name",
      "content",
      "http-equiv",
      "inert",
      "contenteditable",
      "accesskey",
      "dir",
    ]);
    const PRESENT = new Set(["id", "alt", "title", "href", "src", "value", "placeholder"]);
    const ids = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    const normal = (v: string) =>
      v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id").replace(/\d+/g, "#");
    // cyrb53: a fast 53-bit string hash; a collision could only skip a check, never fail one.
    const hash = (text: string) => {
      let h1 = 0xdeadbeef;
      let h2 = 0x41c6ce57;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
      }
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
    };
    const describe = (el: Element): string => {
      let line = el.tagName;
      for (const { name, value } of Array.from(el.attributes)) {
        if (ID_REFS.has(name))
          line += ` ${name}=${
            value
              .split(/\s+/)
              .filter(Boolean)
              .every((id) => ids.has(id))
              ? "ok"
              : "missing"
          }`;
        else if (name === "href" && value.startsWith("#") && value.length > 1)
          line += ` href=#${ids.has(decodeURIComponent(value.slice(1))) ? "ok" : "missing"}`;
        else if (PRESENT.has(name)) line += ` ${name}${value.trim() ? "" : "=''"}`;
        else if (KEPT.has(name) || name.startsWith("aria-")) line += ` ${name}=${normal(value)}`;
      }
      if (Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== ""))
        line += " T";
      const seen = new Set<string>();
      for (const child of Array.from(el.children)) {
        const sub = describe(child);
        if (!seen.has(sub)) line += ` ${sub}`;
        seen.add(sub);
      }
      return hash(line);
    };
    let duplicated = 0;
    for (const n of ids.values()) if (n > 1) duplicated++;
    return `${describe(document.documentElement)} dup:${duplicated}`;
  });
  return `${path} ${signature}`;
}

/** axe-core's browser script: the copy @axe-core/playwright depends on. */
const AXE_SOURCE = fs.readFileSync(
  createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * axe.run() in the page, as @axe-core/playwright's legacy mode does, minus its overheads: the script is put into
 * a document once (a Remix navigation keeps the document, so error states are checked without it again), and
 * nothing is finished in a new blank page (the builder's default, which doubles the time; the app has no frames).
 */
async function runAxe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: "tag", values: tags } },
      ),
    WCAG_TAGS,
  );
}

/** Page structures axe has passed in this worker process (see expectNoAxeViolations). */
const axeChecked = new Set<string>();

/**
 * Runs axe-core on the page as it is now and fails with a readable list (rule, impact, the offending
 * elements) when there is any WCAG 2.2 A/AA violation.
 *
 * Once per page structure per worker: the specs visit the same pages many times with different data, and a
 * full axe run costs seconds on a loaded CI machine. The key is the address with its ids taken out plus a hash
 * of the page's structure (structureKey), so a page in another state (an error summary shown, other components,
 * an attribute pointing at a missing id) is still checked; only the same markup with different data is skipped.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const key = await structureKey(page);
  if (axeChecked.has(key)) {
    if (process.env.E2E_AXE_LOG) console.log(`axe skipped: ${key}`);
    return;
  }
  const results = await runAxe(page);
  const described = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? "no impact"}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\n/g, " ") ?? ""}`).join("\n")}`,
  );
  expect(described, `axe found accessibility violations on ${page.url()}`).toEqual([]);
  // A sanity check that axe really looked at the page (for example that its script was not blocked).
  expect(results.passes.length, `axe checked nothing on ${page.url()}`).toBeGreaterThan(5);
  axeChecked.add(key);
  if (process.env.E2E_AXE_LOG) console.log(`axe ran: ${key}`);
}

/** The GOV.UK error summary on the page. */
export function errorSummary(page: Page) {
  return page.locator(".govuk-error-summary");
}

/**
 * Runs an action that loads a new document (a full-page form post or link) and waits until that document
 * has loaded, so later checks cannot pass on the page that was there before.
 */
export async function loadsNewDocument(page: Page, action: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 15_000,
  });
  try {
    await action();
  } catch (error) {
    navigated.catch(() => undefined);
    throw error;
  }
  await navigated;
  await page.waitForLoadState("load");
}

/** Fills and sends the sign-in form, without checking where it leads. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/login") await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Sign in" }).click());
}

/** The session cookie (app/services/sessions.server.ts; the e2e server does not use secure cookies). */
const SESSION_COOKIE = "concord_session";
type SessionCookie = Awaited<ReturnType<BrowserContext["cookies"]>>[number];

/** Session cookies from the first real sign-in of each account in this worker process (see signIn). */
const sessions = new Map<string, SessionCookie>();

/**
 * Signs in an account that needs no second factor (demo mode) and waits for My work.
 *
 * Most tests sign in only to get to their pages, so after an account's first real sign-in in this worker its
 * session cookie is reused: put into the new browser context, then My work is loaded to prove it still works.
 * A session that has ended (signed out, suspended, past the idle limit) sends the browser to sign in, and
 * then the real sign-in happens and its cookie is kept instead. Tests about signing in itself (the form,
 * second factors, sessions) use signInFresh or submitSignIn.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const cookie = sessions.get(email);
  if (cookie && password === DEMO_PASSWORD) {
    await page.context().addCookies([cookie]);
    await page.goto("/");
    if (new URL(page.url()).pathname === "/") {
      await expectMyWork(page);
      return;
    }
    sessions.delete(email);
  }
  await signInFresh(page, email, password);
  const fresh = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (fresh && password === DEMO_PASSWORD) sessions.set(email, fresh);
}

/** Signs in through the sign-in form, always starting a new session, and waits for My work. */
export async function signInFresh(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await expectMyWork(page);
}

/** Still on the sign-in page (after a refused attempt the address may keep its query, like ?signedOut=1). */
export async function expectSignInPage(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Concord" })).toBeVisible();
}

export async function expectMyWork(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
}

/** Signs out with the header button and waits for the signed-out sign-in page. */
export async function signOut(page: Page): Promise<void> {
  // The session ends: forget it, so the next signIn of that account goes straight to the form.
  const ending = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
  for (const [email, cookie] of sessions) if (cookie.value === ending) sessions.delete(email);
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Sign out", exact: true }).click());
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByText("You have signed out")).toBeVisible();
}

/** The 6-digit code an authenticator app would show now for a base32 key (spaces allowed). */
export function totpFor(key: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(key.replace(/\s+/g, "")), digits: 6, period: 30, algorithm: "SHA1" });
}

/** The 30-second time step a timestamp falls in. */
export function timeStep(at = Date.now()): number {
  return Math.floor(at / 30_000);
}

/** Enrols the signed-in person's authenticator app; returns the key, the code used and the recovery codes. */
export async function enrolAuthenticator(
  page: Page,
): Promise<{ key: string; usedCode: string; usedStep: number; recoveryCodes: string[] }> {
  await page.goto("/account/mfa/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Set up your authenticator app" })).toBeVisible();
  const key = ((await page.getByTestId("manual-key").textContent()) ?? "").replace(/\s+/g, "");
  expect(key).toMatch(/^[A-Z2-7]{16,}$/);
  // A code taken in the last second of a step may reach the server in the next one; still valid (window 1),
  // but waiting a moment keeps the step we record exact.
  if (30_000 - (Date.now() % 30_000) < 1_500) await page.waitForTimeout(1_600);
  const usedStep = timeStep();
  const usedCode = totpFor(key).generate();
  await page.getByLabel("Code from your authenticator app").fill(usedCode);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: "Your authenticator app is set up" })).toBeVisible();
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  return { key, usedCode, usedStep, recoveryCodes };
}

/** A London calendar date `days` from today: the parts for a GOV.UK date input and the text the app shows. */
export function londonDay(days: number): { parts: [string, string, string]; text: string } {
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

/** Fills the GOV.UK date input whose fieldset has this legend. */
export async function fillDate(page: Page, legend: string, parts: [string, string, string]): Promise<void> {
  const group = page.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(parts[0]);
  await group.getByLabel("Month").fill(parts[1]);
  await group.getByLabel("Year").fill(parts[2]);
}

/** A page in a fresh browser context, signed in as this demo account. */
export async function personPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** The home page's "Today" entry whose link reads `name` (a substring unless a RegExp). */
export function todayEntry(page: Page, name: string | RegExp) {
  return page.getByTestId("today-entry").filter({ has: page.getByRole("link", { name }) });
}

/** One group of the home page's "Today" list, by its heading ("Tasks and actions", "Charging deadlines", ...). */
export function todayGroup(page: Page, heading: string) {
  return page
    .getByTestId("today-group")
    .filter({ has: page.getByRole("heading", { level: 3, name: heading, exact: true }) });
}
