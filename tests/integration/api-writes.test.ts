// The JSON API's writes (issue 22, decision 0056) over real HTTP on a real SQLite file: the server's own body and CSRF
// middleware in front of the route modules, driven with fetch. A referral for screening is created through the pages'
// services and gate, once per Idempotency-Key; a referral's details change only with a current If-Match; a token
// whose role could not create a case on the page cannot refer one; nothing is written by a refused request and no
// error names anything the account may not see.
import express from "express";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { pruneIdempotencyKeys } from "~/api/idempotency.server";
import { loader as otherLoader, action as otherAction } from "~/routes/api.v1.$";
import { action as referralsAction, loader as referralsLoader } from "~/routes/api.v1.referrals";
import { action as referralAction, loader as referralLoader } from "~/routes/api.v1.referrals.$caseId";
import { changeStatus, newCaseForm } from "~/services/case-lifecycle.server";
import { authenticateToken, createServiceAccount } from "~/services/service-accounts.server";
import { signIn } from "~/services/sign-in.server";
import { userRoles, users } from "../../db/schema";
import { csrfProtection } from "../../server/csrf";
import { bufferBody, MAX_API_BODY_BYTES } from "../../server/request-body";
import { DEMO_PASSWORD, setupTestDb, type TestDb } from "./test-db";

const POLICE_ADMIN = "admin@police.concord.test";
const PROBATION_ADMIN = "admin@probation.concord.test";
const ISAC_ADMIN = "admin@isac.concord.test";
const CONTEXT = { cspNonce: "", csrfToken: "", requestId: "test", clientIp: "127.0.0.1" };

let t: TestDb;
let server: Server;
let origin: string;
const tokens: Record<string, string> = {};

/** The route modules under /api/v1 the tests call, dispatched as Remix would (the real server's middleware before them). */
function dispatch(request: Request, path: string): Promise<Response> {
  const args = (params: Record<string, string>) => ({ request, params, context: CONTEXT });
  const referral = /^\/api\/v1\/referrals\/([^/]+)$/.exec(path);
  const read = request.method === "GET" || request.method === "HEAD";
  if (path === "/api/v1/referrals") return read ? referralsLoader() : referralsAction(args({}));
  if (referral)
    return read ? referralLoader(args({ caseId: referral[1]! })) : referralAction(args({ caseId: referral[1]! }));
  return read ? otherLoader() : otherAction();
}

function token(adminEmail: string, role: string, scopes: string[], name = `${role} system`): string {
  const made = createServiceAccount(t.actorFor(adminEmail), { name, role, scopes, expiresInDays: "90" });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.token;
}

function accountIdOf(tk: string): string {
  const check = authenticateToken(tk);
  if (!check.ok) throw new Error("token not live");
  return check.account.id;
}

function call(
  method: string,
  path: string,
  o: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...o.headers };
  if (o.body !== undefined || o.raw !== undefined) headers["Content-Type"] ??= "application/json";
  return fetch(`${origin}${path}`, {
    method,
    headers,
    body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    redirect: "manual",
  });
}

/** What a page's loader answers: 200, or the status of the Response it throws. */
function pageStatus(load: () => unknown): number {
  try {
    load();
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

const counts = () =>
  getDb()
    .$client.prepare(
      "SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM case_parties) AS parties",
    )
    .get();

function referral(o: { pnc?: string; crimeReference?: string; description?: string } = {}) {
  return {
    case: { relationship: "ex_intimate_partner", motivation: "rejected", flags: ["domestic_abuse"] },
    people: [
      { partyRole: "victim", fullName: "Avery Synthetic", dateOfBirth: "1991-04-12" },
      { partyRole: "perpetrator", fullName: "Rowan Madeup", aliases: ["Ro Madeup"], ...(o.pnc ? { pnc: o.pnc } : {}) },
    ],
    incidents: [
      {
        occurredOn: "2026-03-01",
        time: "21:15",
        behaviours: ["turning_up", "messages"],
        four: ["fixated", "repeated"],
        source: "victim",
        description: o.description ?? "Waited outside her flat and sent forty messages.",
        ...(o.crimeReference ? { crimeReference: o.crimeReference } : {}),
      },
      {
        occurredOn: "2026-03-04",
        time: "08:05",
        behaviours: ["following"],
        source: "police",
        description: "Followed her to the station.",
      },
    ],
  };
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  for (const [email, agencyOf] of [
    [PROBATION_ADMIN, "practitioner@probation.concord.test"],
    [ISAC_ADMIN, "advocate@isac.concord.test"],
  ] as const) {
    const id = randomUUID();
    getDb()
      .insert(users)
      .values({ id, agencyId: t.actorFor(agencyOf).agencyId, email, name: email, status: "active" })
      .run();
    getDb().insert(userRoles).values({ userId: id, role: "agency_admin" }).run();
  }
  tokens.investigator = token(POLICE_ADMIN, "investigator", ["referrals:write"]);
  tokens.policeSupervisor = token(POLICE_ADMIN, "police_supervisor", ["referrals:write"]);
  tokens.readOnly = token(POLICE_ADMIN, "investigator", ["cases:read"], "Read-only");
  tokens.spo = token(PROBATION_ADMIN, "senior_probation_officer", ["referrals:write"]);
  tokens.practitioner = token(PROBATION_ADMIN, "probation_practitioner", ["referrals:write"]);
  tokens.advocate = token(ISAC_ADMIN, "advocate", ["referrals:write"]);

  // The server's middleware, as server/app.ts orders it, with the live-token check the runtime gives it.
  const app = express();
  app.use(bufferBody());
  app.use(csrfProtection({ secure: false, trustProxy: false, apiTokenIsLive: (tk) => authenticateToken(tk).ok }));
  app.all("*", (req, res, next) => {
    const url = `http://${req.headers.host}${req.originalUrl}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(res.locals.body as Buffer);
    dispatch(new Request(url, { method: req.method, headers, body }), req.path)
      .then(async (response) => {
        res.status(response.status);
        response.headers.forEach((value, key) => res.setHeader(key, value));
        res.send(Buffer.from(await response.arrayBuffer()));
      })
      .catch(next);
  });
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
  t.cleanup();
});

describe("the API's body and CSRF rule", () => {
  it("a write needs a live token: none, an unknown, expired or revoked one, or a session cookie alone is a 401 problem and nothing runs", async () => {
    const before = counts();
    const signedIn = await signIn({
      email: "investigator@police.concord.test",
      password: DEMO_PASSWORD,
      clientIp: "127.0.0.1",
      userAgent: null,
    });
    const cookie = signedIn.ok ? signedIn.cookie.split(";")[0]! : "";
    expect(cookie).toMatch(/^concord_session=/);
    const expired = token(POLICE_ADMIN, "investigator", ["referrals:write"], "Expired");
    getDb()
      .$client.prepare("UPDATE service_accounts SET expires_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 1000).toISOString(), accountIdOf(expired));
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Bearer concord_unknown" },
      { Authorization: `Bearer ${expired}` },
      { Cookie: cookie, Origin: origin },
    ];
    for (const headers of attempts) {
      const res = await call("POST", "/api/v1/referrals", {
        body: referral(),
        headers: { "Idempotency-Key": randomUUID(), ...headers },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ status: 401 });
    }
    expect(counts()).toEqual(before);
  });

  it("takes JSON only, up to 256 KB, and says so as a problem; a body that is not JSON is a 400 problem", async () => {
    const form = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      raw: "a=1",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ status: 415 });
    const big = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      raw: JSON.stringify({ pad: "x".repeat(MAX_API_BODY_BYTES) }),
      headers: { "Idempotency-Key": "k-big" },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const broken = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      raw: "{not json",
      headers: { "Idempotency-Key": "k-broken" },
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ detail: "The body is not valid JSON" });
    // JSON anywhere else is still refused before a route runs.
    expect((await call("POST", "/cases/new", { body: {}, headers: { Origin: origin } })).status).toBe(415);
  });
});

describe("POST /api/v1/referrals", () => {
  it("creates the case (Referred, led by the account's agency), its people and incidents through the pages' services, audited with the account", async () => {
    const res = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      body: referral({ pnc: "87/123456X", crimeReference: "CR/100/26" }),
      headers: { "Idempotency-Key": "police-rms-1" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      reference: string;
      status: string;
      people: { id: string; partyRole: string; linked: boolean }[];
      incidents: { id: string }[];
    };
    expect(body).toMatchObject({
      status: "referred",
      reference: expect.stringMatching(/^NS-\d{4}-/),
      people: [
        { partyRole: "victim", linked: false },
        { partyRole: "perpetrator", linked: true },
      ],
    });
    // The perpetrator's PNC is the demo's Kieran Voss: linked to that one person record, as the page links by identifier.
    expect(getDb().$client.prepare("SELECT full_name AS n FROM people WHERE id = ?").get(body.people[1]!.id)).toEqual({
      n: "Kieran Voss",
    });
    expect(body.incidents).toHaveLength(2);
    expect(res.headers.get("location")).toBe(`/api/v1/referrals/${body.id}`);
    const account = accountIdOf(tokens.investigator!);
    const row = getDb()
      .$client.prepare("SELECT status, lead_agency_id AS lead, created_by AS by FROM cases WHERE id = ?")
      .get(body.id);
    expect(row).toEqual({
      status: "referred",
      lead: t.actorFor("investigator@police.concord.test").agencyId,
      by: account,
    });
    const authors = getDb()
      .$client.prepare(
        "SELECT DISTINCT r.author_user_id AS a FROM case_records r WHERE r.case_id = ? AND r.kind = 'incident'",
      )
      .all(body.id);
    expect(authors).toEqual([{ a: account }]);
    const actions = t
      .auditRows()
      .filter((r) => r.actorUserId === account)
      .map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        "case.create:done",
        "person.create:done",
        "incident.create:done",
        "referral.create:done",
        "api.call:allowed",
      ]),
    );
    // The account's own users row can never sign in.
    expect(
      (
        await signIn({
          email: `${account}@service-accounts.concord.invalid`,
          password: DEMO_PASSWORD,
          clientIp: "127.0.0.2",
          userAgent: null,
        })
      ).ok,
    ).toBe(false);
  });

  it("the same Idempotency-Key and body get the first answer and write nothing; another body with that key is a 422; no key is a 400", async () => {
    const key = `retry-${randomUUID()}`;
    const first = await call("POST", "/api/v1/referrals", {
      token: tokens.policeSupervisor,
      body: referral(),
      headers: { "Idempotency-Key": key },
    });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const after = counts();
    const again = await call("POST", "/api/v1/referrals", {
      token: tokens.policeSupervisor,
      body: referral(),
      headers: { "Idempotency-Key": key },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(counts()).toEqual(after);
    const other = await call("POST", "/api/v1/referrals", {
      token: tokens.policeSupervisor,
      body: referral({ description: "A different account of events." }),
      headers: { "Idempotency-Key": key },
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ status: 422, type: expect.stringContaining("idempotency") });
    expect(counts()).toEqual(after);
    // Keys are per account: another account's same key is its own.
    expect(
      (
        await call("POST", "/api/v1/referrals", {
          token: tokens.investigator,
          body: referral(),
          headers: { "Idempotency-Key": key },
        })
      ).status,
    ).toBe(201);
    expect((await call("POST", "/api/v1/referrals", { token: tokens.investigator, body: referral() })).status).toBe(
      400,
    );
    // Kept a day: after that the key is forgotten (the sweep) and may be used again.
    getDb()
      .$client.prepare("UPDATE api_idempotency_keys SET created_at = ? WHERE key = ?")
      .run(new Date(Date.now() - 25 * 3_600_000).toISOString(), key);
    expect(pruneIdempotencyKeys()).toBe(2);
  });

  it("bad fields are listed with their paths, the forms' own messages included, and nothing is written", async () => {
    const before = counts();
    const res = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      body: {
        ...referral({ pnc: "not a pnc" }),
        incidents: [{ ...referral().incidents[0], occurredOn: "2099-01-01" }],
      },
      headers: { "Idempotency-Key": randomUUID() },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["incidents.0.occurredOn", "people.1.pnc"]);
    expect(problem.errors.find((e) => e.field === "people.1.pnc")!.message).toMatch(/PNC number in the correct format/);
    expect(counts()).toEqual(before);
    const shape = await call("POST", "/api/v1/referrals", {
      token: tokens.investigator,
      body: { case: { relationship: "nonsense" }, people: [], extra: 1 },
      headers: { "Idempotency-Key": randomUUID() },
    });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["case.relationship", "people", "request"]),
    );
    expect(counts()).toEqual(before);
  });

  it("the gate matrix: a token refers only if a person of its role could create the case on the page; refusals write nothing and name nothing", async () => {
    const people: Record<string, string> = {
      investigator: "investigator@police.concord.test",
      policeSupervisor: "supervisor@police.concord.test",
      spo: "spo@probation.concord.test",
      practitioner: "practitioner@probation.concord.test",
      advocate: "advocate@isac.concord.test",
    };
    const seen = new Set<number>();
    for (const [name, email] of Object.entries(people)) {
      const page = pageStatus(() => newCaseForm(t.actorFor(email)));
      seen.add(page);
      const before = counts();
      const res = await call("POST", "/api/v1/referrals", {
        token: tokens[name],
        body: referral(),
        headers: { "Idempotency-Key": randomUUID() },
      });
      expect(res.status, name).toBe(page === 200 ? 201 : 403);
      if (res.status === 403) {
        expect(counts(), name).toEqual(before);
        const text = await res.text();
        expect(text).not.toMatch(/Avery|Rowan|NS-/);
      }
    }
    // Both sides of the matrix were tried (police roles may create a case; probation and ISAC roles may not).
    expect([...seen].sort()).toEqual([200, 403]);
    // A token without the scope: 403 before anything is read.
    expect(
      (
        await call("POST", "/api/v1/referrals", {
          token: tokens.readOnly,
          body: referral(),
          headers: { "Idempotency-Key": randomUUID() },
        })
      ).status,
    ).toBe(403);
  });

  it("a crime reference another case holds is refused with the page's message, which names no case", async () => {
    const res = await call("POST", "/api/v1/referrals", {
      token: tokens.policeSupervisor,
      body: referral({ crimeReference: "CR/100/26" }),
      headers: { "Idempotency-Key": randomUUID() },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      errors: [
        { field: "incidents.0.crimeReference", message: "This crime reference is already recorded on another case" },
      ],
    });
    expect(text).not.toMatch(/NS-\d{4}/);
  });
});

describe("If-Match on a referral's details", () => {
  it("428 without it, 412 when stale, 200 with the current ETag; 409 once screened; other agencies' tokens get 404", async () => {
    const made = (await (
      await call("POST", "/api/v1/referrals", {
        token: tokens.investigator,
        body: referral(),
        headers: { "Idempotency-Key": randomUUID() },
      })
    ).json()) as { id: string };
    const path = `/api/v1/referrals/${made.id}`;
    const read = await call("GET", path, { token: tokens.investigator });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      id: made.id,
      status: "referred",
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flags: ["domestic_abuse"],
    });
    const etag = read.headers.get("etag")!;
    const change = {
      relationship: "ex_intimate_partner",
      motivation: "resentful",
      flags: ["domestic_abuse", "online"],
    };
    expect((await call("PATCH", path, { token: tokens.investigator, body: change })).status).toBe(428);
    expect(
      (await call("PATCH", path, { token: tokens.investigator, body: change, headers: { "If-Match": '"stale"' } }))
        .status,
    ).toBe(412);
    expect(
      (await call("PATCH", path, { token: tokens.investigator, body: change, headers: { "If-Match": `W/${etag}` } }))
        .status,
    ).toBe(412);
    const changed = await call("PATCH", path, {
      token: tokens.investigator,
      body: change,
      headers: { "If-Match": etag },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ motivation: "resentful", flags: ["domestic_abuse", "online"] });
    const newTag = changed.headers.get("etag")!;
    expect(newTag).not.toBe(etag);
    // The old ETag is stale now: a second writer who read before the change is refused, and nothing changes.
    expect(
      (
        await call("PATCH", path, {
          token: tokens.investigator,
          body: { ...change, motivation: "predatory" },
          headers: { "If-Match": etag },
        })
      ).status,
    ).toBe(412);
    expect((await (await call("GET", path, { token: tokens.investigator })).json()) as object).toMatchObject({
      motivation: "resentful",
    });
    // Bad fields: 400 with the form's message, nothing changed.
    const bad = await call("PATCH", path, {
      token: tokens.investigator,
      body: { ...change, motivation: "x" },
      headers: { "If-Match": newTag },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      errors: [{ field: "motivation", message: expect.stringContaining("motivation") }],
    });
    // Probation's token may not update police's case: 404, the same as a case that does not exist.
    const hidden = await call("GET", path, { token: tokens.spo });
    const missing = await call("GET", `/api/v1/referrals/${randomUUID()}`, { token: tokens.spo });
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(await hidden.text()).toBe(await missing.text());
    expect(
      (await call("PATCH", path, { token: tokens.spo, body: change, headers: { "If-Match": newTag } })).status,
    ).toBe(404);
    // Screened (moved on by the lead agency's supervisor): 409.
    expect(changeStatus(t.actorFor("supervisor@police.concord.test"), made.id, { status: "triage" }).ok).toBe(true);
    const screened = await call("GET", path, { token: tokens.investigator });
    expect(
      (
        await call("PATCH", path, {
          token: tokens.investigator,
          body: change,
          headers: { "If-Match": screened.headers.get("etag")! },
        })
      ).status,
    ).toBe(409);
  });
});

describe("service accounts' users rows", () => {
  it("migration 0031 gives each existing account its row (status service), and only those without one", () => {
    const id = accountIdOf(tokens.readOnly!);
    getDb().$client.prepare("PRAGMA foreign_keys = OFF").run();
    getDb().$client.prepare("DELETE FROM users WHERE id = ?").run(id);
    getDb().$client.prepare("PRAGMA foreign_keys = ON").run();
    const backfill = fs
      .readFileSync(new URL("../../db/migrations/0031_api_writes.sql", import.meta.url), "utf8")
      .split("--> statement-breakpoint")
      .find((s) => s.includes("INSERT INTO `users`"))!;
    const servicesBefore = (
      getDb().$client.prepare("SELECT count(*) AS n FROM users WHERE status = 'service'").get() as { n: number }
    ).n;
    getDb().$client.exec(backfill);
    expect(getDb().$client.prepare("SELECT status, name, password_hash AS p FROM users WHERE id = ?").get(id)).toEqual({
      status: "service",
      name: "Read-only (partner system)",
      p: null,
    });
    expect(
      (getDb().$client.prepare("SELECT count(*) AS n FROM users WHERE status = 'service'").get() as { n: number }).n,
    ).toBe(servicesBefore + 1);
    expect(
      (
        getDb()
          .$client.prepare("SELECT count(*) AS n FROM service_accounts WHERE id NOT IN (SELECT id FROM users)")
          .get() as { n: number }
      ).n,
    ).toBe(0);
  });
});
