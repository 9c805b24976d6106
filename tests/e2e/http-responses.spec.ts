// Every route of app/routes, through the real built server: data requests (single fetch `.data` and the old
// `?_data=`), pages and bodies that are not forms. None may answer 500; nothing Remix answers may be cached
// (Cache-Control: no-store, Pragma: no-cache); a `?_data=` request gets a clean 400; a JSON or text/plain body
// gets 415 and reaches no action. Then the downloads: minutes as Word and PDF, oversight and disclosure CSVs.
import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { CookieJar, signedInJar, ownDemoServer } from "./own-server";

/** A flat-routes file name as Remix reads it: its route id and the address pattern (":param", "*" for a splat). */
export function routeFromFile(file: string): { id: string; pattern: string } {
  const name = file.replace(/\.tsx?$/, "");
  const segments: string[] = [];
  // Dots separate segments except inside [ ] (an escape, as in oversight[.csv] or minutes[.]docx).
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  const parts = segments
    .filter((s) => s !== "_index" && !/^_[^.]/.test(s))
    .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s.replace(/_$/, "")));
  return { id: `routes/${name}`, pattern: `/${parts.join("/")}` };
}

const own = ownDemoServer();
const jars = new Map<string, CookieJar>();

async function jar(email: string | null): Promise<CookieJar> {
  if (!email) return new CookieJar();
  let j = jars.get(email);
  if (!j) {
    j = await signedInJar(own.server.base, email);
    jars.set(email, j);
  }
  return j;
}

type Row = Record<string, string>;
function one(sql: string, ...args: unknown[]): Row | undefined {
  return own.db.prepare(sql).get(...args) as Row | undefined;
}

/** Real values for a route's parameters from the demo data (a random id where the demo has none of that kind). */
function fillParams(id: string, pattern: string): string {
  const workedCase = one("SELECT id FROM cases WHERE reference = ?", WORKED_CASE_REFERENCE)!.id!;
  const recordKind: Record<string, string> = {
    incidents: "incident",
    notes: "note",
    offences: "offence",
    orders: "protective_order",
    risk: "risk_assessment",
    records: "safety_plan",
  };
  const kindSegment = Object.keys(recordKind).find((k) => id.includes(`.${k}.$recordId`));
  const record = kindSegment
    ? one(
        "SELECT id, case_id FROM case_records WHERE kind = ? ORDER BY case_id = ? DESC LIMIT 1",
        recordKind[kindSegment],
        workedCase,
      )
    : undefined;
  const values: Record<string, string | undefined> = {
    caseId: record?.case_id ?? workedCase,
    recordId: record?.id,
    personId: one("SELECT person_id FROM case_parties WHERE case_id = ?", workedCase)?.person_id,
    referralId: id.startsWith("routes/clinic")
      ? one("SELECT id FROM clinic_referrals")?.id
      : one("SELECT id FROM mappa_referrals")?.id,
    meetingId: one("SELECT id FROM meetings")?.id,
    itemId: one("SELECT id FROM meeting_items")?.id,
    recommendationId: one("SELECT id FROM action_plan_recommendations")?.id,
    requirementId: one("SELECT id FROM action_plan_requirements")?.id,
    agencyId: one("SELECT id FROM agencies")?.id,
    agreementId: one("SELECT id FROM sharing_agreements")?.id,
    userId: one("SELECT id FROM users")?.id,
    reportId: one("SELECT record_id AS id FROM pre_sentence_reports")?.id,
    requestId: one("SELECT id FROM pre_sentence_input_requests")?.id,
    section: "offence_analysis",
  };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? randomUUID()).replace("*", "no-such-page");
}

/** Who asks for a route: someone who may well see it, someone who sees little, and nobody signed in. */
function askers(id: string): (string | null)[] {
  const owner = id.startsWith("routes/admin")
    ? "sysadmin@partnership.concord.test"
    : id.startsWith("routes/audit") || id.startsWith("routes/reviews")
      ? "auditor@partnership.concord.test"
      : id.startsWith("routes/oversight")
        ? "performance@partnership.concord.test"
        : id.startsWith("routes/clinic") || id.startsWith("routes/meetings")
          ? "clinic@partnership.concord.test"
          : id.startsWith("routes/mappa")
            ? "mappa@partnership.concord.test"
            : id.startsWith("routes/records")
              ? "advocate@isac.concord.test"
              : "investigator@police.concord.test";
  return [owner, "pom@prison.concord.test", null];
}

function expectNotStored(response: Response, what: string): void {
  expect(response.headers.get("cache-control"), `${what}: Cache-Control`).toBe("no-store");
  expect(response.headers.get("pragma"), `${what}: Pragma`).toBe("no-cache");
}

test("every route: data requests, pages and non-form bodies never 500, are never cached, and reach no action", async () => {
  test.setTimeout(600_000);
  const files = fs
    .readdirSync(path.join(process.cwd(), "app/routes"))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f));
  expect(files.length).toBeGreaterThan(80);
  const failures: string[] = [];
  // How many of each kind of failure, for the message: "500: ?_data" and the like.
  const tally = new Map<string, number>();
  let requests = 0;
  // Routes whose page data an asker really received (200): the checks above ran against real loaders.
  const dataServed = new Set<string>();
  const check = (ok: boolean, kind: string, message: string) => {
    if (ok) return;
    failures.push(message);
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
  };
  // Sign-out last: its action ends the session the other requests use.
  files.sort((a, b) => Number(a.startsWith("logout")) - Number(b.startsWith("logout")));
  for (const file of files) {
    const { id, pattern } = routeFromFile(file);
    const address = fillParams(id, pattern);
    const dataAddress = address === "/" ? "/_root.data" : `${address.replace(/\?.*$/, "")}.data`;
    const legacy = `${address}?_data=${encodeURIComponent(id)}`;
    for (const email of askers(id)) {
      const j = await jar(email);
      const who = email ?? "signed out";
      const get = async (url: string) => {
        requests++;
        const response = await fetch(`${own.server.base}${url}`, {
          headers: { cookie: j.header() },
          redirect: "manual",
        });
        await response.arrayBuffer();
        return response;
      };
      const post = async (url: string, contentType: string, body: string) => {
        const headers: Record<string, string> = {
          cookie: j.header(),
          origin: own.server.base,
          "content-type": contentType,
        };
        const csrf = j.get("concord_csrf");
        if (csrf) headers["x-csrf-token"] = csrf;
        requests++;
        const response = await fetch(`${own.server.base}${url}`, { method: "POST", body, headers, redirect: "manual" });
        return { status: response.status, headers: response.headers, text: await response.text() };
      };

      for (const [kind, url] of [
        ["page", address],
        [".data", dataAddress],
        ["?_data", legacy],
      ] as const) {
        const response = await get(url);
        check(response.status !== 500, `500 on ${kind}`, `${who} GET ${url} (${kind}) answered 500`);
        const cache = response.headers.get("cache-control");
        const pragma = response.headers.get("pragma");
        check(
          cache === "no-store" && pragma === "no-cache",
          `cacheable ${kind}`,
          `${who} GET ${url} (${kind}): ${response.status}, Cache-Control ${cache}, Pragma ${pragma}`,
        );
        if (kind === ".data" && response.status === 200) dataServed.add(id);
        if (kind === "?_data")
          check(response.status === 400, "?_data not 400", `${who} GET ${url}: ${response.status}, expected 400`);
      }
      for (const [contentType, body] of [
        ["application/json", JSON.stringify({ intent: "anything", csrf: j.get("concord_csrf") ?? "" })],
        ["text/plain", `csrf=${j.get("concord_csrf") ?? ""}\nname=value`],
      ] as const) {
        for (const url of [address, dataAddress]) {
          const response = await post(url, contentType, body);
          if (address.startsWith("/api/v1/")) {
            // The JSON API (decision 0056) takes JSON only, and no write without a live service account's token:
            // the session cookie and CSRF token sent here never count. Refused as problem details, before any route.
            const expected = contentType === "application/json" ? 401 : 415;
            check(
              response.status === expected &&
                (response.headers.get("content-type") ?? "").startsWith("application/problem+json"),
              `API ${contentType} not ${expected}${response.status === 500 ? " (500)" : ""}`,
              `${who} POST ${url} as ${contentType}: ${response.status}, expected ${expected} as problem details`,
            );
            continue;
          }
          check(
            response.status === 415,
            `${contentType} not 415${response.status === 500 ? " (500)" : ""}`,
            `${who} POST ${url} as ${contentType}: ${response.status}, expected 415`,
          );
          if (response.status === 415)
            check(
              response.text.includes("Concord accepts forms only"),
              "415 without message",
              `${who} POST ${url} as ${contentType}: 415 without the message`,
            );
        }
      }
      const legacyPost = await post(legacy, "application/x-www-form-urlencoded", `csrf=${j.get("concord_csrf") ?? ""}`);
      check(
        legacyPost.status === 400,
        `?_data POST not 400${legacyPost.status === 500 ? " (500)" : ""}`,
        `${who} POST ${legacy}: ${legacyPost.status}, expected 400`,
      );
    }
  }
  expect(dataServed.size, "routes whose .data answered 200 to someone").toBeGreaterThan(50);
  const summary = [...tally].map(([kind, n]) => `${n} × ${kind}`).join("; ");
  expect(
    failures,
    `${files.length} routes, ${requests} requests: ${summary}\n${failures.slice(0, 40).join("\n")}`,
  ).toEqual([]);
});

test("downloads are never cached: minutes as Word and PDF, oversight and disclosure CSVs", async () => {
  const meeting = one(
    "SELECT m.id, u.email FROM meetings m JOIN users u ON u.id = m.chair_user_id WHERE m.status = 'finalised'",
  )!;
  const downloads: [string, string, string][] = [
    [
      meeting.email!,
      `/meetings/${meeting.id}/minutes.docx`,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ],
    [meeting.email!, `/meetings/${meeting.id}/minutes.pdf`, "application/pdf"],
    ["performance@partnership.concord.test", "/oversight.csv?table=cases_by_status", "text/csv"],
    ["auditor@partnership.concord.test", "/audit/disclosures.csv", "text/csv"],
  ];
  for (const [email, url, type] of downloads) {
    const j = await jar(email);
    const response = await fetch(`${own.server.base}${url}`, { headers: { cookie: j.header() }, redirect: "manual" });
    expect(response.status, url).toBe(200);
    expect(response.headers.get("content-type"), url).toContain(type);
    expect(response.headers.get("content-disposition"), url).toMatch(/^attachment; filename="/);
    expect((await response.arrayBuffer()).byteLength, url).toBeGreaterThan(20);
    expectNotStored(response, url);
  }
  // Page data of the case that holds the victim's contact details (the example).
  const caseId = one("SELECT id FROM cases WHERE reference = ?", WORKED_CASE_REFERENCE)!.id;
  const contact = await fetch(`${own.server.base}/cases/${caseId}/victim-care/contact.data`, {
    headers: { cookie: (await jar("advocate@isac.concord.test")).header() },
  });
  expect(contact.status).toBe(200);
  expectNotStored(contact, "victim contact .data");
});
