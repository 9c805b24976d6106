// The JSON API (issue 22, decision 0050) on a real SQLite file: service accounts made by an agency administrator,
// tokens shown once and stored hashed, expired and revoked tokens refused, scopes, rate limits, problem details,
// ETags, every call audited with the account; the gate holds for tokens (an account sees exactly what a person of
// its role in its agency, on no case team, sees on the pages: never victim contact or police intelligence it may not
// read); and the OpenAPI description validates and every endpoint in it answers. Calls go through the route
// modules' loaders with real Requests, the way Remix calls them.
import SwaggerParser from "@apidevtools/swagger-parser";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { dash } from "~/instruments/dash";
import { answersToFormValues } from "~/instruments/answers";
import { sampleAnswers } from "~/instruments/sample-answers";
import { API_CALLS_PER_MINUTE } from "~/api/call.server";
import { API_ENDPOINTS } from "~/api/openapi.server";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { listOrders, createOrder } from "~/services/protective-orders.server";
import { riskPage } from "~/services/risk-assessment-views.server";
import { countersignAssessment, saveAssessment, startAssessment } from "~/services/risk-assessments.server";
import { hashSecret as hashToken } from "~/services/secret-hash.server";
import { createServiceAccount, revokeServiceAccount, serviceAccountsPage } from "~/services/service-accounts.server";
import { loader as actionsLoader } from "~/routes/api.v1.actions";
import { loader as caseLoader } from "~/routes/api.v1.cases.$caseId";
import { loader as chronologyLoader } from "~/routes/api.v1.cases.$caseId.chronology";
import { chronologyFile } from "~/services/chronology.server";
import { recordIncident } from "~/services/incidents.server";
import { incidentForm } from "./course-fixtures";
import { loader as openApiLoader } from "~/routes/api.v1.openapi[.]json";
import { action as referralsAction } from "~/routes/api.v1.referrals";
import { action as referralAction, loader as referralLoader } from "~/routes/api.v1.referrals.$caseId";
import { loader as otherLoader } from "~/routes/api.v1.$";
import { acknowledgeConfidentiality, addAction, meetingView, openMeeting } from "~/services/meetings.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import { userRoles, users } from "../../db/schema";
import { acceptedClinicReferral, clinicMeeting } from "./live-clients";
import { dateFields, londonDay, makeCase, type TestCase } from "./order-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const POLICE_ADMIN = "admin@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const SPO = "spo@probation.concord.test";
const CLINIC = "clinic@partnership.concord.test";
const PROBATION_ADMIN = "admin@probation.concord.test";
const VICTIM_CONTACT = "Safe address 9 Quillon Row, phone 07700 900555";
const INTELLIGENCE = "Grade A1: seen at the Quillon Row bus stop";

const CONTEXT = { cspNonce: "", csrfToken: "", requestId: "test", clientIp: "127.0.0.1" };
let t: TestDb;
let c: TestCase;
const tokens: Record<string, string> = {};

function jsonRequest(method: string, path: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://concord.test${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

function api(path: string, token: string | null, headers: Record<string, string> = {}) {
  const request = new Request(`http://concord.test${path}`, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const referralId = /^\/api\/v1\/referrals\/([^/?]+)/.exec(path)?.[1];
  if (referralId) return referralLoader({ request, params: { caseId: referralId }, context: CONTEXT });
  const caseId = /^\/api\/v1\/cases\/([^/?]+)/.exec(path)?.[1];
  if (caseId && path.endsWith("/chronology"))
    return chronologyLoader({ request, params: { caseId }, context: CONTEXT });
  if (caseId) return caseLoader({ request, params: { caseId }, context: CONTEXT });
  if (path.startsWith("/api/v1/actions")) return actionsLoader({ request, params: {}, context: CONTEXT });
  return otherLoader();
}

function token(adminEmail: string, role: string, scopes: string[], name = `${role} system`): string {
  const made = createServiceAccount(t.actorFor(adminEmail), { name, role, scopes, expiresInDays: "90" });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.token;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  // A probation administrator (the demo has a police one only).
  {
    const probationAgency = t.actorFor(PRACTITIONER).agencyId;
    const id = randomUUID();
    getDb()
      .insert(users)
      .values({ id, agencyId: probationAgency, email: PROBATION_ADMIN, name: "Probation Admin", status: "active" })
      .run();
    getDb().insert(userRoles).values({ userId: id, role: "agency_admin" }).run();
  }
  c = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [MANAGER, "supervisor"],
    ],
  });
  // A signed-off DASH by the investigator, countersigned by the police supervisor; a granted order; victim contact; intelligence.
  const started = startAssessment(t.actorFor(INVESTIGATOR), c.id, { instrument: dash.code });
  if (!started.ok) throw new Error("start refused");
  const answers = sampleAnswers(dash, { dash_stalking: "yes", risk_level: "high", rationale: "Escalating." });
  expect(
    saveAssessment(
      t.actorFor(INVESTIGATOR),
      c.id,
      started.id,
      { instrument: dash.code, instrumentVersion: dash.version, ...answersToFormValues(dash, answers) },
      true,
    ).ok,
  ).toBe(true);
  expect(countersignAssessment(t.actorFor(POLICE_SUPERVISOR), c.id, started.id, new Date()).ok).toBe(true);
  const order = createOrder(t.actorFor(INVESTIGATOR), c.id, {
    orderType: "spo_full",
    status: "granted",
    ...dateFields("appliedOn", londonDay(-30)),
    ...dateFields("decidedOn", londonDay(-20)),
    ...dateFields("expiresOn", londonDay(700)),
    prohibitions: "No contact with the victim",
    requirements: "",
  });
  expect(order.ok).toBe(true);
  getDb().transaction((tx) => {
    insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "note",
        category: "victim_contact",
        ownerAgencyId: t.actorFor(ADVOCATE).agencyId,
        authorUserId: t.userId(ADVOCATE),
        caveats: ["victim_confidential"],
        title: "Contact",
        summary: "Safe contact agreed",
        body: { text: VICTIM_CONTACT },
      },
      new Date().toISOString(),
    );
    insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "note",
        category: "police_intelligence",
        ownerAgencyId: t.actorFor(INVESTIGATOR).agencyId,
        authorUserId: t.userId(INVESTIGATOR),
        caveats: ["police_intelligence"],
        title: "Intelligence",
        summary: "Held by police",
        body: { text: INTELLIGENCE },
      },
      new Date().toISOString(),
    );
  });
  // Two incidents: one open to the team, one the police hold as intelligence (caveated).
  expect(
    recordIncident(
      t.actorFor(INVESTIGATOR),
      c.id,
      incidentForm({ date: "2026-03-01", description: "He followed her to the station." }),
    ).ok,
  ).toBe(true);
  expect(
    recordIncident(
      t.actorFor(INVESTIGATOR),
      c.id,
      incidentForm({ date: "2026-03-02", description: INTELLIGENCE, caveats: ["police_intelligence"] }),
    ).ok,
  ).toBe(true);
  tokens.policeSupervisor = token(POLICE_ADMIN, "police_supervisor", ["cases:read", "actions:read", "chronology:read"]);
  tokens.investigator = token(POLICE_ADMIN, "investigator", ["cases:read"]);
  tokens.spo = token(PROBATION_ADMIN, "senior_probation_officer", ["cases:read", "actions:read", "chronology:read"]);
});
afterAll(() => t.cleanup());

describe("service accounts", () => {
  it("are made by an agency administrator for their agency, with a case-working role; the token is shown once and kept only as a hash", () => {
    const admin = t.actorFor(POLICE_ADMIN);
    const page = serviceAccountsPage(admin);
    expect(page.roles.map((r) => r.value)).toEqual(expect.arrayContaining(["investigator", "police_supervisor"]));
    expect(page.roles.map((r) => r.value)).not.toContain("agency_admin");
    const stored = getDb().$client.prepare("SELECT token_hash AS h, token_prefix AS p FROM service_accounts").all() as {
      h: string;
      p: string;
    }[];
    for (const tk of [tokens.policeSupervisor!, tokens.investigator!]) {
      expect(stored.some((s) => s.h === hashToken(tk))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(tk);
    }
    // Bad input changes nothing; a role of another agency, or an administrator's, is refused.
    const before = stored.length;
    expect(
      createServiceAccount(admin, {
        name: "",
        role: "senior_probation_officer",
        scopes: ["nonsense"],
        expiresInDays: "9999",
      }),
    ).toMatchObject({
      ok: false,
      errors: {
        name: expect.any(String),
        role: expect.any(String),
        scopes: expect.any(String),
        expiresInDays: expect.any(String),
      },
    });
    expect(
      createServiceAccount(admin, { name: "x", role: "agency_admin", scopes: ["cases:read"], expiresInDays: "30" }),
    ).toMatchObject({ ok: false, errors: { role: expect.any(String) } });
    expect((getDb().$client.prepare("SELECT count(*) AS n FROM service_accounts").get() as { n: number }).n).toBe(
      before,
    );
    // Only administrators (of that agency) manage them.
    expect(statusOf(() => serviceAccountsPage(t.actorFor(POLICE_SUPERVISOR)))).toBe(403);
    expect(
      statusOf(() =>
        createServiceAccount(t.actorFor(INVESTIGATOR), {
          name: "x",
          role: "investigator",
          scopes: ["cases:read"],
          expiresInDays: "30",
        }),
      ),
    ).toBe(403);
    expect(t.auditRows().some((r) => r.action === "service_account.create" && r.outcome === "done")).toBe(true);
  });

  it("a missing, unknown, expired or revoked token is refused with a problem; a token lacking the scope gets 403", async () => {
    for (const bad of [null, "concord_nottoken", "Basic abc"]) {
      const res = await api(`/api/v1/cases/${c.id}`, bad);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ type: expect.stringContaining("unauthorised"), status: 401 });
    }
    const soon = token(POLICE_ADMIN, "police_supervisor", ["cases:read"], "Expiring");
    getDb()
      .$client.prepare("UPDATE service_accounts SET expires_at = ? WHERE token_hash = ?")
      .run(new Date(Date.now() - 1000).toISOString(), hashToken(soon));
    expect(await (await api(`/api/v1/cases/${c.id}`, soon)).json()).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/expired/),
    });
    const revoked = token(POLICE_ADMIN, "police_supervisor", ["cases:read"], "Revoked");
    expect((await api(`/api/v1/cases/${c.id}`, revoked)).status).toBe(200);
    const id = (
      getDb().$client.prepare("SELECT id FROM service_accounts WHERE token_hash = ?").get(hashToken(revoked)) as {
        id: string;
      }
    ).id;
    expect(revokeServiceAccount(t.actorFor(POLICE_ADMIN), { id })).toEqual({ ok: true });
    expect(await (await api(`/api/v1/cases/${c.id}`, revoked)).json()).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/revoked/),
    });
    // Another agency's administrator cannot revoke it.
    const policeId = (
      getDb()
        .$client.prepare("SELECT id FROM service_accounts WHERE token_hash = ?")
        .get(hashToken(tokens.policeSupervisor!)) as { id: string }
    ).id;
    expect(revokeServiceAccount(t.actorFor(PROBATION_ADMIN), { id: policeId })).toEqual({ ok: false });
    expect((await api("/api/v1/actions", tokens.investigator!)).status).toBe(403);
    const denied = t.auditRows().filter((r) => r.action === "api.call" && r.outcome === "denied");
    expect(denied.some((r) => JSON.parse(r.detail ?? "{}").reason === "revoked" && r.actorUserId === id)).toBe(true);
  });
});

describe("the gate holds for tokens", () => {
  it("an account sees what a person of its role in its agency sees on the pages, no more, and never victim contact or intelligence", async () => {
    for (const [name, email] of [
      ["policeSupervisor", POLICE_SUPERVISOR],
      ["spo", SPO],
      ["investigator", "spoc@police.concord.test"],
    ] as const) {
      const res = await api(`/api/v1/cases/${c.id}`, tokens[name]!);
      const person = t.actorFor(email);
      let expected: { status: number; risk?: unknown[]; orders?: unknown[] };
      try {
        expected = {
          status: 200,
          risk: riskPage(person, c.id).picture.entries.map((e) => e.recordId),
          orders: listOrders(person, c.id).map((o) => [o.id, o.level]),
        };
      } catch (error) {
        expected = { status: (error as Response).status };
      }
      expect(res.status, name).toBe(expected.status);
      const text = await res.text();
      expect(text).not.toContain(VICTIM_CONTACT);
      expect(text).not.toContain(INTELLIGENCE);
      if (res.status !== 200) {
        expect(JSON.parse(text)).toMatchObject({ status: 404 });
        continue;
      }
      const body = JSON.parse(text) as { riskPicture: { recordId: string }[]; orders: { id: string; level: string }[] };
      expect(
        body.riskPicture.map((e) => e.recordId),
        name,
      ).toEqual(expected.risk);
      expect(
        body.orders.map((o) => [o.id, o.level]),
        name,
      ).toEqual(expected.orders);
    }
    // The police supervisor (the lead agency) reads the signed-off DASH and the order in full.
    const police = (await (await api(`/api/v1/cases/${c.id}`, tokens.policeSupervisor!)).json()) as {
      riskPicture: { riskLevel: string }[];
      orders: { details: { status: string } }[];
    };
    expect(police.riskPicture).toEqual([
      expect.objectContaining({ instrument: "DASH with S-DASH", riskLevel: "high", level: "full" }),
    ]);
    expect(police.orders[0]!.details).toMatchObject({ status: "granted", inForce: true });
  });

  it("a case the role may not see is 404, the same as one that does not exist; every call is audited with the account", async () => {
    const other = makeCase(t, { team: [[ADVOCATE, "advocate"]], leadEmail: ADVOCATE });
    const hidden = await api(`/api/v1/cases/${other.id}`, tokens.spo!);
    const missing = await api(`/api/v1/cases/${randomUUID()}`, tokens.spo!);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(await hidden.text()).toBe(await missing.text());
    const spoId = (
      getDb().$client.prepare("SELECT id FROM service_accounts WHERE token_hash = ?").get(hashToken(tokens.spo!)) as {
        id: string;
      }
    ).id;
    const calls = t.auditRows().filter((r) => r.action === "api.call" && r.actorUserId === spoId);
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });
});

describe("the chronology", () => {
  it("is cut for the reader: by API, CSV and PDF each reader gets what they see on the pages", async () => {
    const police = (await (await api(`/api/v1/cases/${c.id}/chronology`, tokens.policeSupervisor!)).json()) as {
      entries: { kind: string; detail: string; on: string }[];
    };
    expect(police.entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["incident", "incident", "order", "risk"]),
    );
    expect(police.entries.map((e) => e.detail)).toEqual(
      expect.arrayContaining(["He followed her to the station.", INTELLIGENCE]),
    );
    expect(police.entries.map((e) => e.on)).toEqual([...police.entries.map((e) => e.on)].sort());
    // Probation: the same as a senior probation officer sees, never the intelligence.
    const res = await api(`/api/v1/cases/${c.id}/chronology`, tokens.spo!);
    const text = await res.text();
    expect(text).not.toContain(INTELLIGENCE);
    expect(text).not.toContain(VICTIM_CONTACT);
    if (res.status === 200) {
      const spo = JSON.parse(text) as { entries: unknown[] };
      const person = (await import("~/services/chronology.server")).caseChronology(t.actorFor(SPO), c.id, "json");
      expect(spo.entries).toEqual(JSON.parse(JSON.stringify(person.entries)));
    } else {
      expect(res.status).toBe(404);
      await expect(chronologyFile(t.actorFor(SPO), c.id, "csv")).rejects.toMatchObject({ status: 404 });
    }
    // People download it as CSV and PDF; the advocate's (ISAC, on the team) carries no intelligence either.
    const csv = (await chronologyFile(t.actorFor(ADVOCATE), c.id, "csv")).body.toString("utf8");
    expect(csv.split("\r\n")[0]).toBe("Date,Kind,What,Detail,Agency or author");
    expect(csv).toContain("He followed her to the station.");
    expect(csv).not.toContain(INTELLIGENCE);
    const pdf = await chronologyFile(t.actorFor(INVESTIGATOR), c.id, "pdf");
    expect(pdf.body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(t.auditRows().filter((r) => r.action === "chronology.export").length).toBeGreaterThanOrEqual(4);
  });
});

describe("endpoints", () => {
  it("actions assigned to the agency, a page at a time, with ETags; bad query parameters are a 400 problem listing each", async () => {
    const ref = acceptedClinicReferral(t, { caseId: c.id, referrerEmail: INVESTIGATOR, coordinatorEmail: CLINIC });
    const meetingId = clinicMeeting(t, {
      coordinatorEmail: CLINIC,
      chairEmail: INVESTIGATOR,
      members: [t.userId(ADVOCATE)],
    });
    addAgendaItems(t.actorFor(CLINIC), meetingId, [`clinic_referral:${ref}`]);
    acknowledgeConfidentiality(t.actorFor(INVESTIGATOR), meetingId);
    openMeeting(t.actorFor(INVESTIGATOR), meetingId);
    const itemId = meetingView(t.actorFor(INVESTIGATOR), meetingId, { papers: false }).items[0]!.id;
    const police = t.actorFor(INVESTIGATOR).agencyId;
    for (const [n, days] of [
      [1, 5],
      [2, 6],
      [3, 7],
    ] as const) {
      const iso = londonDay(days).split("-");
      expect(
        addAction(t.actorFor(INVESTIGATOR), meetingId, itemId, {
          text: `Police action ${n}`,
          owner: `agency:${police}`,
          "due-day": iso[2]!,
          "due-month": iso[1]!,
          "due-year": iso[0]!,
        }).ok,
      ).toBe(true);
    }
    const first = await api("/api/v1/actions?limit=2", tokens.policeSupervisor!);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: { text: string }[]; next: string };
    expect(page1.items.map((a) => a.text)).toEqual(["Police action 1", "Police action 2"]);
    const page2 = (await (
      await api(`/api/v1/actions?limit=2&after=${encodeURIComponent(page1.next)}`, tokens.policeSupervisor!)
    ).json()) as { items: { text: string }[]; next: string | null };
    expect(page2).toMatchObject({ items: [expect.objectContaining({ text: "Police action 3" })], next: null });
    // Probation's senior officer sees none of police's actions.
    expect(((await (await api("/api/v1/actions", tokens.spo!)).json()) as { items: unknown[] }).items).toEqual([]);
    // ETag: the same answer again is 304.
    const etag = first.headers.get("etag")!;
    expect((await api("/api/v1/actions?limit=2", tokens.policeSupervisor!, { "If-None-Match": etag })).status).toBe(
      304,
    );
    const bad = await api("/api/v1/actions?limit=0&due=soon&after=x", tokens.policeSupervisor!);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      "after",
      "due",
      "limit",
    ]);
  });

  it(`limits each account to ${API_CALLS_PER_MINUTE} calls a minute, with Retry-After`, async () => {
    const busy = token(POLICE_ADMIN, "police_supervisor", ["actions:read"], "Busy");
    for (let i = 0; i < API_CALLS_PER_MINUTE; i++)
      expect((await api("/api/v1/actions?limit=1", busy)).status).toBe(200);
    const refused = await api("/api/v1/actions?limit=1", busy);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    // Another account is not held back.
    expect((await api("/api/v1/actions?limit=1", tokens.policeSupervisor!)).status).toBe(200);
  });

  it("the OpenAPI description validates, names every endpoint, and every endpoint in it answers", async () => {
    const doc = (await (await openApiLoader()).json()) as { paths: Record<string, Record<string, unknown>> };
    await SwaggerParser.validate(structuredClone(doc) as never);
    const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(described.sort()).toEqual(API_ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort());
    // Writes need their own body; the referral made by POST is the case GET and PATCH then answer for.
    const writer = token(POLICE_ADMIN, "police_supervisor", ["referrals:write"], "Every endpoint");
    let referralId = c.id;
    let etag = "";
    const asWriter = (e: { path: string }) =>
      e.path.startsWith("/api/v1/referrals") ? writer : tokens.policeSupervisor!;
    for (const e of API_ENDPOINTS) {
      expect(doc.paths[e.path]?.[e.method], e.path).toBeDefined();
      const path = e.path.replace("{caseId}", e.path.startsWith("/api/v1/referrals") ? referralId : c.id);
      const res =
        e.method === "post"
          ? await referralsAction({
              request: jsonRequest(
                "POST",
                path,
                writer,
                {
                  case: { relationship: "stranger", motivation: "not_known" },
                  people: [{ partyRole: "victim", fullName: "Every Endpoint" }],
                },
                { "Idempotency-Key": randomUUID() },
              ),
              params: {},
              context: CONTEXT,
            })
          : e.method === "patch"
            ? await referralAction({
                request: jsonRequest(
                  "PATCH",
                  path,
                  writer,
                  { relationship: "stranger", motivation: "rejected" },
                  { "If-Match": etag },
                ),
                params: { caseId: referralId },
                context: CONTEXT,
              })
            : await api(path, asWriter(e));
      expect(res.status, `${e.method} ${e.path}`).toBe(e.method === "post" ? 201 : 200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      if (e.method === "post") referralId = ((await res.json()) as { id: string }).id;
      etag = res.headers.get("etag") ?? "";
    }
    const unknown = await api("/api/v1/nothing", tokens.policeSupervisor!);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
  });
});
