// Issue 16 item 7 and issue 18: a link is shown only when the page or action it leads to is allowed. For every demo
// account, every link of the navigation and the home page; for every demo account that works on cases, on the cases it may open (NS-2026-00021 and NS-2026-00001 first), this walks the case overview and every
// case tab through the real server, follows each action link ("Add a note", "Share...", "Record...", "Start...",
// "Change", "Amend"...) and asserts none answers with a refusal (404 or 403). Which cases a person may open is the
// gate's own answer, from the server's database, in this process.
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../db/seed/demo-accounts";
import { e2eDatabasePath } from "../../scripts/e2e-database";
import { sharedServerPort, signIn } from "./helpers";

/** The words an action link starts with. Links to read something (a note, a person) are not actions. */
const ACTION =
  /^(Add|Share|Record|Start|Change|Amend|Edit|Refer|New|Create|Continue|Ask|Request|Countersign|Sign off|Raise|Lower|Link|Remove|Retract|Close|Reopen|Review|Write|Update)\b/i;

type Anchor = { href: string; text: string };

function decode(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;|&#160;/g, " ");
}

/** The page's links, from its HTML (visually hidden words included, as a screen reader hears them). */
function anchors(html: string): Anchor[] {
  const out: Anchor[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    out.push({
      href: decode(m[1]!),
      text: decode(m[2]!.replace(/<[^>]+>/g, " "))
        .replace(/\s+/g, " ")
        .trim(),
    });
  }
  return out;
}

test("every link on the home page and navigation, and every action link on the case pages, each demo role sees leads to the page, not a refusal", async ({
  browser,
}) => {
  test.setTimeout(900_000);
  // The services below open the database of this lane's shared server (the first import opens it).
  process.env.DATABASE_PATH = e2eDatabasePath(sharedServerPort());
  const db = await import("~/db.server");
  const { loadActor } = await import("~/access/actor.server");
  const { accessLevel } = await import("~/access/redact");
  const { caseAsRecord } = await import("~/access/record-columns.server");
  const { worksOnCases } = await import("~/access/case-work.server");
  const sql = db.getDb().$client;
  type Row = Record<string, unknown>;
  const cases = sql
    .prepare(
      "SELECT id, reference, lead_agency_id, charging_referred_at FROM cases ORDER BY reference = 'NS-2026-00021' DESC, reference = 'NS-2026-00001' DESC, reference",
    )
    .all() as Row[];

  const failures: string[] = [];
  let followed = 0;
  let homeLinks = 0;
  for (const account of DEMO_ACCOUNTS) {
    const request = await signedIn(browser, account.email);
    if (!request) continue;
    // Issue 18: every link of the navigation and the home page, for every role (administrators, auditors and leads
    // too), leads to a page, not a refusal: the links are chosen by the predicates that guard the pages.
    const home = await request.get("/");
    const homeHtml = await home.text();
    for (const href of new Set(anchors(homeHtml).map((a) => a.href))) {
      if (
        !href.startsWith("/") ||
        href.startsWith("//") ||
        /^\/(sign-out|logout|assets|build)\b|\.(docx|pdf|csv|ics)$|#/.test(href)
      )
        continue;
      const response = await request.get(href);
      homeLinks++;
      if (response.status() === 404 || response.status() === 403)
        failures.push(`${account.email}: the link to ${href} on the home page answered ${response.status()}`);
    }
    if (!worksOnCases(account.roles)) continue;
    const userId = String((sql.prepare("SELECT id FROM users WHERE email = ?").get(account.email) as Row).id);
    const actor = loadActor(userId, "action-links-oracle")!;
    // Cases the gate lets them open: the two named in the issue if they may, and one or two more.
    const readable = cases
      .filter(
        (c) =>
          accessLevel(
            actor,
            caseAsRecord({
              id: String(c.id),
              leadAgencyId: String(c.lead_agency_id),
              chargingReferredAt: (c.charging_referred_at as string | null) ?? null,
            }),
          ) === "full",
      )
      .slice(0, 3);
    for (const c of readable) {
      const base = `/cases/${c.id}`;
      const overview = await request.get(base);
      if (overview.status() !== 200) {
        failures.push(`${account.email} ${c.reference}: the case overview answered ${overview.status()}`);
        continue;
      }
      const html = await overview.text();
      // The case's tabs: links to /cases/:id/<page> with no further segment.
      const tabs = [
        ...new Set(
          anchors(html)
            .map((a) => a.href)
            .filter((h) => new RegExp(`^${base}/[a-z-]+$`).test(h)),
        ),
      ];
      const pages = [{ href: base, html }];
      for (const tab of tabs) {
        const response = await request.get(tab);
        if (response.status() === 200) pages.push({ href: tab, html: await response.text() });
      }
      const seen = new Set<string>();
      for (const page of pages) {
        for (const link of anchors(page.html)) {
          if (
            !ACTION.test(link.text) ||
            !link.href.startsWith("/") ||
            link.href.startsWith("//") ||
            seen.has(link.href)
          )
            continue;
          if (!link.href.startsWith(base) && !link.href.startsWith("/records/")) continue;
          seen.add(link.href);
          const response = await request.get(link.href);
          followed++;
          if (response.status() === 404 || response.status() === 403)
            failures.push(
              `${account.email} ${c.reference}: "${link.text}" on ${page.href} leads to ${link.href}, which answered ${response.status()}`,
            );
        }
      }
    }
  }
  expect(failures, failures.join("\n")).toEqual([]);
  expect(followed).toBeGreaterThan(20);
  expect(homeLinks).toBeGreaterThan(DEMO_ACCOUNTS.length * 3);
});

async function signedIn(browser: Browser, email: string): Promise<APIRequestContext | null> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, email);
    return context.request;
  } catch {
    // An earlier spec on the same server may have locked the account or enrolled it in a second factor.
    test.info().annotations.push({ type: "account left out", description: email });
    return null;
  } finally {
    await page.close();
  }
}
