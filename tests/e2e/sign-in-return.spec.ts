// Sign-in's return address, through the real built server: only a same-origin path of safe characters is followed,
// anything else goes to the home page, and it is decided before a session exists (no 500, no orphaned session).
import { expect, test } from "@playwright/test";
import { CookieJar, postSignIn, ownDemoServer } from "./own-server";

const EMAIL = "psychiatrist@health.concord.test";
const own = ownDemoServer();

const sessions = () =>
  (
    own.db
      .prepare("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?")
      .get(EMAIL) as { n: number }
  ).n;

test("a return address that is not a safe same-origin path sends the person home, with one working session", async () => {
  const cases: [string, string][] = [
    ["/\n/x", "/"],
    ["/\t/evil.example/phish", "/"],
    ["/\r\n/evil.example", "/"],
    ["//evil.example/phish", "/"],
    ["/\\evil.example/phish", "/"],
    ["https://evil.example/", "/"],
    ["/cases /x", "/"],
    ["/cases?x=//evil.example", "/"],
    ["/cases?page=2", "/cases?page=2"],
    ["/people/search?q=Kieran%20Voss", "/people/search?q=Kieran%20Voss"],
  ];
  const { server } = own;
  for (const [returnTo, expected] of cases) {
    const before = sessions();
    const jar = new CookieJar();
    const response = await postSignIn(server.base, jar, { email: EMAIL, returnTo });
    const what = JSON.stringify(returnTo);
    expect(response.status, what).toBe(302);
    expect(response.headers.get("location"), what).toBe(expected);
    // Where the browser would go: resolved against our address, it stays on our origin.
    expect(new URL(response.headers.get("location")!, server.base).origin, what).toBe(server.base);
    expect(sessions(), `${what}: exactly one new session`).toBe(before + 1);
    const home = await fetch(`${server.base}/`, { headers: { cookie: jar.header() }, redirect: "manual" });
    expect(home.status, `${what}: the session works`).toBe(200);
  }
});
