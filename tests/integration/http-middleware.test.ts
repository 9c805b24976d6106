// The request middleware (security headers, body limit, CSRF) on a real Express app on 127.0.0.1, driven with fetch.
import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfCookieName, csrfProtection } from "../../server/csrf";
import { bufferBody, MAX_BODY_BYTES } from "../../server/request-body";
import { securityHeaders } from "../../server/security-headers";

let server: Server;
let origin: string;
const COOKIE = csrfCookieName(false);

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ development: false, hsts: false }));
  app.use(bufferBody());
  app.use(csrfProtection({ secure: false, trustProxy: false }));
  app.all("*", (_req, res) => {
    res.setHeader("X-Test-Nonce", String(res.locals.cspNonce));
    res.status(200).type("text").send("ok");
  });
  // Express's default error handler would print a stack; make sure none of our middleware ever gets there.
  app.use(((error, _req, res, _next) => {
    res
      .status(599)
      .type("text")
      .send(`unexpected: ${(error as Error).message}`);
  }) as express.ErrorRequestHandler);
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A GET, as a browser's first visit: returns the CSRF token from the cookie it sets. */
async function csrfToken(): Promise<string> {
  const res = await fetch(`${origin}/`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  expect(setCookie).toBeDefined();
  return setCookie!.split(";")[0]!.slice(COOKIE.length + 1);
}

function postForm(body: URLSearchParams | FormData, headers: Record<string, string>): Promise<Response> {
  return fetch(`${origin}/submit`, { method: "POST", body, headers, redirect: "manual" });
}

describe("security headers", () => {
  it("sends a CSP with a fresh nonce per response and the other headers", async () => {
    const a = await fetch(`${origin}/`);
    const b = await fetch(`${origin}/`);
    const csp = a.headers.get("content-security-policy")!;
    const nonce = a.headers.get("x-test-nonce")!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(b.headers.get("x-test-nonce")).not.toBe(nonce);
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("same-origin");
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("CSRF protection", () => {
  it("a GET sets an HttpOnly, SameSite=Lax CSRF cookie, and keeps an existing one", async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie.split(";")[0]!.length).toBeGreaterThan(COOKIE.length + 40);

    const token = cookie.split(";")[0]!.slice(COOKIE.length + 1);
    const again = await fetch(`${origin}/`, { headers: { cookie: `${COOKIE}=${token}` } });
    expect(again.headers.getSetCookie().filter((c) => c.startsWith(`${COOKIE}=`))).toEqual([]);
  });

  it("lets through a form POST with the matching token and our Origin", async () => {
    const token = await csrfToken();
    const res = await postForm(new URLSearchParams({ csrf: token, name: "Ada" }), {
      cookie: `${COOKIE}=${token}`,
      origin,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("accepts a multipart form and the Referer when there is no Origin", async () => {
    const token = await csrfToken();
    const fd = new FormData();
    fd.append("csrf", token);
    fd.append("file", new Blob(["hello"]), "hello.txt");
    expect((await postForm(fd, { cookie: `${COOKIE}=${token}`, origin })).status).toBe(200);
    expect(
      (
        await postForm(new URLSearchParams({ csrf: token }), {
          cookie: `${COOKIE}=${token}`,
          referer: `${origin}/form`,
        })
      ).status,
    ).toBe(200);
  });

  it("refuses a POST without the token: a 403 page that gives nothing away", async () => {
    const token = await csrfToken();
    const res = await postForm(new URLSearchParams({ name: "Ada" }), { cookie: `${COOKIE}=${token}`, origin });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("Your form could not be sent");
    expect(html).not.toMatch(/at \S+ \(|node_modules|Error:|\/submit/);
  });

  it("refuses a token that does not match the cookie, and a missing cookie", async () => {
    const token = await csrfToken();
    const other = await csrfToken();
    expect(
      (await postForm(new URLSearchParams({ csrf: other }), { cookie: `${COOKIE}=${token}`, origin })).status,
    ).toBe(403);
    expect((await postForm(new URLSearchParams({ csrf: token }), { origin })).status).toBe(403);
  });

  it("refuses a POST from another origin, or with no Origin or Referer, even with the right token", async () => {
    const token = await csrfToken();
    expect(
      (
        await postForm(new URLSearchParams({ csrf: token }), {
          cookie: `${COOKIE}=${token}`,
          origin: "https://evil.example",
        })
      ).status,
    ).toBe(403);
    expect(
      (await postForm(new URLSearchParams({ csrf: token }), { cookie: `${COOKIE}=${token}`, origin: "null" })).status,
    ).toBe(403);
    expect((await postForm(new URLSearchParams({ csrf: token }), { cookie: `${COOKIE}=${token}` })).status).toBe(403);
  });

  it("accepts the x-csrf-token header in place of the form field, and refuses a wrong one", async () => {
    const token = await csrfToken();
    const form = new URLSearchParams({ name: "Ada" });
    const ok = await fetch(`${origin}/api`, {
      method: "POST",
      body: form,
      headers: { cookie: `${COOKIE}=${token}`, origin, "x-csrf-token": token },
    });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${origin}/api`, {
      method: "POST",
      body: form,
      headers: { cookie: `${COOKIE}=${token}`, origin, "x-csrf-token": "wrong" },
    });
    expect(wrong.status).toBe(403);
  });
});

describe("body types", () => {
  it("refuses JSON, text, binary and bodiless requests with 415 and a clear page, before any other check", async () => {
    const token = await csrfToken();
    const withToken = { cookie: `${COOKIE}=${token}`, origin, "x-csrf-token": token };
    const sent: [string, RequestInit][] = [
      [
        "JSON",
        {
          method: "POST",
          body: JSON.stringify({ csrf: token }),
          headers: { ...withToken, "content-type": "application/json" },
        },
      ],
      [
        "text",
        {
          method: "POST",
          body: `csrf=${token}`,
          headers: { ...withToken, "content-type": "text/plain;charset=UTF-8" },
        },
      ],
      [
        "binary",
        {
          method: "PUT",
          body: new Uint8Array(10),
          headers: { ...withToken, "content-type": "application/octet-stream" },
        },
      ],
      ["no body", { method: "DELETE", headers: withToken }],
      ["JSON without a CSRF token", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }],
    ];
    for (const [what, init] of sent) {
      const res = await fetch(`${origin}/api`, init);
      expect(res.status, what).toBe(415);
      expect(res.headers.get("accept-post"), what).toBe("application/x-www-form-urlencoded, multipart/form-data");
      expect(res.headers.get("cache-control"), what).toBe("no-store");
      const html = await res.text();
      expect(html, what).toContain("Concord accepts forms only");
      expect(html, what).not.toMatch(/at \S+ \(|node_modules|Error:|\/api/);
    }
  });

  it("lets forms through whatever their parameters", async () => {
    const token = await csrfToken();
    const res = await fetch(`${origin}/submit`, {
      method: "POST",
      body: `csrf=${token}&name=Ada`,
      headers: {
        "content-type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
        cookie: `${COOKIE}=${token}`,
        origin,
      },
    });
    expect(res.status).toBe(200);
  });
});

describe("body limit", () => {
  it("refuses a body over 1 MB with 413 before any check runs", async () => {
    const token = await csrfToken();
    const big = new URLSearchParams({ csrf: token, text: "x".repeat(MAX_BODY_BYTES + 10) });
    const res = await postForm(big, { cookie: `${COOKIE}=${token}`, origin });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("What you sent is too large");
  });

  it("refuses an over-limit body sent without a Content-Length (chunked)", async () => {
    const token = await csrfToken();
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${origin}/upload`, {
      method: "POST",
      body: stream,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${COOKIE}=${token}`,
        origin,
        "x-csrf-token": token,
      },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("accepts a body just under the limit", async () => {
    const token = await csrfToken();
    const body = new Uint8Array(MAX_BODY_BYTES - 100);
    const res = await fetch(`${origin}/upload`, {
      method: "POST",
      body,
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        cookie: `${COOKIE}=${token}`,
        origin,
        "x-csrf-token": token,
      },
    });
    expect(res.status).toBe(200);
  });
});
