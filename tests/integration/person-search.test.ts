// Find without seeing (issue 3, item 5) on a real SQLite file with the demo seed: the search, what it reveals,
// the audit entries, and access requests from the search and from a case page through to the owning agency's decision.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import {
  caseAccessRequestForm,
  decideAccessRequest,
  myAccessRequests,
  pendingAccessRequests,
  personAccessRequestForm,
  recordAccessRequestForm,
  requestAccessToRecord,
  requestAccessForPerson,
  requestAccessToCase,
} from "~/services/access-requests.server";
import { caseOverview } from "~/services/cases.server";
import { accessLevel } from "~/access/redact";
import { recordAttributes } from "~/access/record-columns.server";
import { loadActor } from "~/access/actor.server";
import { eq } from "drizzle-orm";
import { caseRecords, cases } from "../../db/schema";
import {
  findPeople,
  personSearchForm,
  type PersonResult,
  type UnseenPerson,
  type VisiblePerson,
} from "~/services/person-search.server";
import { DEMO_SECRETS, WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { type TestDb, setupTestDb, statusOf } from "./test-db";

const CLINICIAN = "clinician@health.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const ISAC_MANAGER = "manager@isac.concord.test";
const REASON = "Referred to the stalking clinic today; need the risk history before the assessment.";

let t: TestDb;
let police: string;
let isac: string;
let health: string;
let cps: string;
let workedCase: string;
let secondCase: string;
let kieran: string;

const one = <T>(sql: string, ...params: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) =>
  getDb()
    .$client.prepare(sql)
    .all(...params) as T[];
const agencyId = (name: string) => one<{ id: string }>("SELECT id FROM agencies WHERE name = ?", name).id;
const caseId = (reference: string) => one<{ id: string }>("SELECT id FROM cases WHERE reference = ?", reference).id;
const requestCount = () => one<{ n: number }>("SELECT count(*) AS n FROM access_requests").n;
const lastAudit = () => t.auditRows().at(-1)!;

function search(email: string, q: string): PersonResult[] {
  const result = findPeople(t.actorFor(email), q);
  if (!result.ok) throw new Error(`search failed: ${JSON.stringify(result.errors)}`);
  return result.results;
}

/** Adds a person with identifiers to a case, straight into the database (what a future "add party" would do). */
function addPerson(o: {
  name: string;
  identifiers: string;
  caseId: string;
  role: "victim" | "perpetrator";
  dob?: string;
}): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  getDb()
    .$client.prepare(
      "INSERT INTO people (id, full_name, search_name, date_of_birth, identifiers, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(id, o.name, o.name.toLowerCase(), o.dob ?? null, o.identifiers, now);
  getDb()
    .$client.prepare("INSERT INTO case_parties (case_id, person_id, party_role, added_at) VALUES (?, ?, ?, ?)")
    .run(o.caseId, id, o.role, now);
  return id;
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
  police = agencyId("Northshire Police");
  isac = agencyId("Northshire Stalking Advocacy Service");
  health = agencyId("Northshire Forensic Mental Health Service");
  cps = agencyId("CPS Northshire");
  workedCase = caseId(WORKED_CASE_REFERENCE);
  secondCase = caseId("NS-2026-00002");
  kieran = one<{ id: string }>("SELECT id FROM people WHERE search_name = 'kieran voss'").id;
});
afterAll(() => t.cleanup());

describe("findPeople: the clinician, who is not on the worked case", () => {
  it("learns that Kieran is known and which agencies hold records, and nothing else", () => {
    const results = search(CLINICIAN, "kieran");
    expect(results).toHaveLength(1);
    const r = results[0] as UnseenPerson;
    expect(r.kind).toBe("known");
    expect(r.heldBy.map((h) => h.agencyName)).toEqual([
      "Northshire Forensic Mental Health Service",
      "Northshire Police",
      "Northshire Stalking Advocacy Service",
    ]);
    expect(r.heldBy.find((h) => h.agencyName === "Northshire Police")?.agencyId).toBe(police);
    expect(r.emergency).toEqual([{ caseId: workedCase, leadAgency: "Northshire Police" }]);
    // No reference, no date of birth, no name, no role in the case, no record content anywhere in what is returned.
    const text = JSON.stringify(results);
    for (const secret of [
      WORKED_CASE_REFERENCE,
      "1987-09-03",
      "Kieran",
      "Voss",
      "perpetrator",
      "victim",
      "87/123456X",
      "Course of conduct",
      "Ex-partner",
      ...Object.values(DEMO_SECRETS),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(r).sort()).toEqual(["emergency", "heldBy", "kind", "personId"]);
  });

  it("finds the same person by PNC, ignoring case and spaces", () => {
    const byName = search(CLINICIAN, "Kieran Voss");
    for (const q of ["87/123456X", " 87/123456x "]) {
      expect(search(CLINICIAN, q)).toEqual(byName);
    }
    expect(search(CLINICIAN, "87/123456")).toEqual([]);
    expect(search(CLINICIAN, "87123456X")).toEqual([]);
  });

  it("matches when every word of the query starts a word of the name, in any order", () => {
    expect(search(CLINICIAN, "kier vo").map((r) => r.personId)).toEqual([kieran]);
    expect(search(CLINICIAN, "VOSS, Kieran").map((r) => r.personId)).toEqual([kieran]);
    expect(search(CLINICIAN, "ieran")).toEqual([]);
    expect(search(CLINICIAN, "kieran ashby")).toEqual([]);
    expect(search(CLINICIAN, "jordan")).toHaveLength(1);
  });

  it("treats LIKE wildcards as text", () => {
    expect(search(CLINICIAN, "%%")).toEqual([]);
    expect(search(CLINICIAN, "_%_")).toEqual([]);
  });

  it('finds no one for an unknown name: "No one matching your search is known"', () => {
    expect(search(CLINICIAN, "Zebedee Quill")).toEqual([]);
  });

  it("audits the number of results only, never the search term", () => {
    search(CLINICIAN, "kieran");
    const row = lastAudit();
    expect(row).toMatchObject({ action: "person.search", outcome: "allowed", actorUserId: t.userId(CLINICIAN) });
    expect(JSON.parse(row.detail!)).toEqual({ results: 1, more: false });
    expect(row.detail!.toLowerCase()).not.toContain("kieran");
    search(CLINICIAN, "87/123456X");
    expect(lastAudit().detail).not.toContain("123456");
    // Nothing in the whole log holds a search term.
    const log = JSON.stringify(all("SELECT * FROM audit_log")).toLowerCase();
    expect(log).not.toContain("kieran");
    expect(log).not.toContain("123456");
  });

  it("refuses bad input with a message, audits nothing as a search and does not fail", () => {
    const before = t.auditRows().length;
    for (const [q, message] of [
      ["", "Enter a name or an identifier to search for"],
      ["   ", "Enter a name or an identifier to search for"],
      ["k", "Enter at least 2 characters"],
      ["k".repeat(101), "Search for 100 characters or fewer"],
    ] as const) {
      const result = findPeople(t.actorFor(CLINICIAN), q);
      expect(result).toEqual({ ok: false, errors: { q: message } });
    }
    expect(t.auditRows().length).toBe(before);
  });
});

describe("findPeople: who sees what", () => {
  it("shows the officer in the case the person's name and a link to the case", () => {
    const [r] = search("investigator@police.concord.test", "kieran") as VisiblePerson[];
    expect(r).toEqual({
      kind: "visible",
      personId: kieran,
      name: "Kieran Voss",
      cases: [{ caseId: workedCase, reference: WORKED_CASE_REFERENCE, partyRole: "perpetrator" }],
      elsewhere: null,
    });
  });

  it("follows the gate: a police supervisor oversees police-led cases without being on the team", () => {
    expect(search(POLICE_SUPERVISOR, "kieran")[0]).toMatchObject({ kind: "visible", name: "Kieran Voss" });
    expect(search("spoc@police.concord.test", "kieran")[0]).toMatchObject({ kind: "known" });
  });

  it("searches crime references inside a list, and survives a malformed identifiers value", () => {
    addPerson({
      name: "Rowan Tilsley",
      identifiers: JSON.stringify({ crimeRefs: ["NS/4455/26", "NS/4456/26"], nhs: "943 476 5919" }),
      caseId: secondCase,
      role: "perpetrator",
      dob: "1979-01-02",
    });
    addPerson({ name: "Rowan Tilsley", identifiers: "not json {", caseId: secondCase, role: "victim" });
    const found = search(CLINICIAN, "ns/4456/26");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "known", heldBy: [{ agencyId: police, agencyName: "Northshire Police" }] });
    expect(JSON.stringify(found)).not.toContain("1979");
    expect(search(CLINICIAN, "9434765919")).toEqual(found);
    expect(search(CLINICIAN, "NS/4455")).toEqual([]);
    // By name both match (the malformed one too); the SPOC on that case sees both, with roles.
    expect(search(CLINICIAN, "rowan")).toHaveLength(2);
    const spoc = search("spoc@police.concord.test", "rowan tilsley") as VisiblePerson[];
    expect(spoc.map((r) => r.cases[0]!.partyRole).sort()).toEqual(["perpetrator", "victim"]);
  });

  it("a person in a visible and a hidden case: links to one, agencies for the other", () => {
    addPerson({ name: "Kieran Voss", identifiers: "{}", caseId: secondCase, role: "perpetrator" });
    const kierans = search("spoc@police.concord.test", "kieran voss");
    const visible = kierans.find((r) => r.kind === "visible") as VisiblePerson;
    expect(visible.cases.map((c) => c.reference)).toEqual(["NS-2026-00002"]);
    expect(kierans.find((r) => r.kind === "known")).toMatchObject({ personId: kieran });
    // Link the seeded Kieran to the second case too: the SPOC sees that case, and the worked case only as agencies.
    getDb()
      .$client.prepare(
        "INSERT INTO case_parties (case_id, person_id, party_role, added_at) VALUES (?, ?, 'perpetrator', ?)",
      )
      .run(secondCase, kieran, new Date().toISOString());
    const again = search("spoc@police.concord.test", "87/123456X") as VisiblePerson[];
    expect(again).toHaveLength(1);
    expect(again[0]!.cases.map((c) => c.reference)).toEqual(["NS-2026-00002"]);
    expect(again[0]!.elsewhere?.heldBy.map((h) => h.agencyName)).toContain("Northshire Stalking Advocacy Service");
    expect(again[0]!.elsewhere?.emergency).toEqual([{ caseId: workedCase, leadAgency: "Northshire Police" }]);
    expect(JSON.stringify(again[0]!.elsewhere)).not.toContain(WORKED_CASE_REFERENCE);
    getDb().$client.prepare("DELETE FROM case_parties WHERE case_id = ? AND person_id = ?").run(secondCase, kieran);
  });

  it("refuses a performance lead and an agency administrator (403, audited)", () => {
    for (const email of [
      "performance@partnership.concord.test",
      "admin@police.concord.test",
      "auditor@partnership.concord.test",
    ]) {
      expect(statusOf(() => findPeople(t.actorFor(email), "kieran"))).toBe(403);
      expect(lastAudit()).toMatchObject({ action: "person.discover", outcome: "denied", actorUserId: t.userId(email) });
      expect(lastAudit().detail ?? "").not.toContain("kieran");
      expect(statusOf(() => personSearchForm(t.actorFor(email)))).toBe(403);
    }
  });
});

describe("access requests from the search", () => {
  it("offers the form only for an agency that holds records on a case the actor cannot see", () => {
    const clinician = t.actorFor(CLINICIAN);
    expect(personAccessRequestForm(clinician, kieran, police)).toEqual({
      personId: kieran,
      agencyId: police,
      agencyName: "Northshire Police",
    });
    expect(statusOf(() => personAccessRequestForm(clinician, kieran, cps))).toBe(404);
    expect(statusOf(() => personAccessRequestForm(clinician, randomUUID(), police))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "access_request.form", outcome: "denied" });
    expect(
      statusOf(() => personAccessRequestForm(t.actorFor("performance@partnership.concord.test"), kieran, police)),
    ).toBe(403);
  });

  it("needs a reason of 20 to 2,000 characters and changes nothing otherwise", () => {
    const clinician = t.actorFor(CLINICIAN);
    const before = requestCount();
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police })).toEqual({
      ok: false,
      errors: { reason: "Enter why you need access" },
    });
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police, reason: "  " })).toEqual({
      ok: false,
      errors: { reason: "Enter why you need access" },
    });
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police, reason: "too short" })).toEqual({
      ok: false,
      errors: { reason: "The reason must be 20 characters or more" },
    });
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police, reason: "x".repeat(2001) })).toEqual({
      ok: false,
      errors: { reason: "The reason must be 2,000 characters or fewer" },
    });
    expect(requestAccessForPerson(clinician, { person: "", agency: police, reason: REASON })).toMatchObject({
      ok: false,
    });
    expect(
      statusOf(() => requestAccessForPerson(clinician, { person: randomUUID(), agency: police, reason: REASON })),
    ).toBe(404);
    expect(statusOf(() => requestAccessForPerson(clinician, { person: kieran, agency: cps, reason: REASON }))).toBe(
      404,
    );
    expect(
      statusOf(() => requestAccessForPerson(clinician, { person: kieran, agency: "' OR 1=1 --", reason: REASON })),
    ).toBe(404);
    expect(requestCount()).toBe(before);
  });

  it("records one request per case for the agency, once; the requester sees it without the reference", () => {
    const clinician = t.actorFor(CLINICIAN);
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police, reason: REASON })).toEqual({
      ok: true,
      agencyName: "Northshire Police",
      created: 1,
      alreadyPending: 0,
    });
    expect(lastAudit()).toMatchObject({ action: "access_request.create", outcome: "done" });
    expect(requestAccessForPerson(clinician, { person: kieran, agency: police, reason: REASON })).toMatchObject({
      ok: true,
      created: 0,
      alreadyPending: 1,
    });
    expect(
      all(
        "SELECT case_id AS caseId, owning_agency_id AS owner, status FROM access_requests WHERE requester_user_id = ?",
        clinician.userId,
      ),
    ).toEqual([{ caseId: workedCase, owner: police, status: "pending" }]);
    const mine = myAccessRequests(clinician);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      agency: "Northshire Police",
      status: "pending",
      reference: null,
      caseId: null,
      reason: REASON,
    });
  });

  it("is decided only by a supervisor of the owning agency", () => {
    const [request] = pendingAccessRequests(t.actorFor(POLICE_SUPERVISOR));
    expect(request).toMatchObject({
      requester: "Ada Quarrie",
      reference: WORKED_CASE_REFERENCE,
      reason: REASON,
      onTeam: false,
    });
    expect(pendingAccessRequests(t.actorFor(ISAC_MANAGER))).toEqual([]);
    expect(pendingAccessRequests(t.actorFor("auditor@partnership.concord.test"))).toEqual([]);

    expect(statusOf(() => decideAccessRequest(t.actorFor(ISAC_MANAGER), request!.id, { decision: "approve" }))).toBe(
      403,
    );
    expect(lastAudit()).toMatchObject({ action: "accessrequest.decide", outcome: "denied", subjectId: request!.id });
    expect(statusOf(() => decideAccessRequest(t.actorFor(CLINICIAN), request!.id, { decision: "approve" }))).toBe(403);
    expect(
      statusOf(() => decideAccessRequest(t.actorFor(POLICE_SUPERVISOR), randomUUID(), { decision: "approve" })),
    ).toBe(404);
    expect(one("SELECT status FROM access_requests WHERE id = ?", request!.id)).toEqual({ status: "pending" });
  });

  it("checks the decision form and changes nothing on bad input", () => {
    const supervisor = t.actorFor(POLICE_SUPERVISOR);
    const [request] = pendingAccessRequests(supervisor);
    expect(decideAccessRequest(supervisor, request!.id, {})).toEqual({
      ok: false,
      errors: { decision: "Select approve or refuse" },
    });
    expect(decideAccessRequest(supervisor, request!.id, { decision: "maybe" })).toEqual({
      ok: false,
      errors: { decision: "Select approve or refuse" },
    });
    expect(decideAccessRequest(supervisor, request!.id, { decision: "refuse", note: " " })).toEqual({
      ok: false,
      errors: { note: "Enter a note saying why you are refusing" },
    });
    expect(decideAccessRequest(supervisor, request!.id, { decision: "approve", note: "n".repeat(2001) })).toEqual({
      ok: false,
      errors: { note: "The note must be 2,000 characters or fewer" },
    });
    expect(one("SELECT status FROM access_requests WHERE id = ?", request!.id)).toEqual({ status: "pending" });
  });

  it("approved: the clinician joins the case team and can open the case", () => {
    expect(statusOf(() => caseOverview(t.actorFor(CLINICIAN), workedCase))).toBe(404);
    const supervisor = t.actorFor(POLICE_SUPERVISOR);
    const [request] = pendingAccessRequests(supervisor);
    expect(
      decideAccessRequest(supervisor, request!.id, { decision: "approve", note: "Agreed for the clinic assessment" }),
    ).toEqual({ ok: true, decision: "approve", addedToTeam: true });
    const rows = t.auditRows().slice(-2);
    expect(rows.map((r) => r.action)).toEqual(["access_request.decide", "case_team.add"]);
    expect(rows[1]).toMatchObject({ subjectId: t.userId(CLINICIAN) });

    const overview = caseOverview(t.actorFor(CLINICIAN), workedCase);
    expect(overview.case.reference).toBe(WORKED_CASE_REFERENCE);
    expect(overview.viaBreakGlass).toBe(false);
    expect(overview.team).toContainEqual(
      expect.objectContaining({ name: "Ada Quarrie", roleInCase: "Access approved by Northshire Police" }),
    );
    expect(myAccessRequests(t.actorFor(CLINICIAN))[0]).toMatchObject({
      status: "approved",
      reference: WORKED_CASE_REFERENCE,
      caseId: workedCase,
      decisionNote: "Agreed for the clinic assessment",
    });
    // Once only.
    expect(decideAccessRequest(supervisor, request!.id, { decision: "refuse", note: "changed my mind" })).toEqual({
      ok: false,
      errors: { decision: "This request has already been decided" },
    });
    // Now on the team, a search shows the case.
    expect(search(CLINICIAN, "kieran")[0]).toMatchObject({
      kind: "visible",
      cases: [{ reference: WORKED_CASE_REFERENCE }],
    });
  });

  it("refused: nothing is added, and the requester sees the note", () => {
    const prosecutor = t.actorFor("prosecutor@cps.concord.test");
    expect(requestAccessForPerson(prosecutor, { person: kieran, agency: police, reason: REASON })).toMatchObject({
      ok: true,
      created: 1,
    });
    const teamBefore = all("SELECT * FROM case_members WHERE case_id = ?", workedCase);
    const supervisor = t.actorFor(POLICE_SUPERVISOR);
    const request = pendingAccessRequests(supervisor).find((r) => r.requester === "Hannah Pell")!;
    expect(
      decideAccessRequest(supervisor, request.id, { decision: "refuse", note: "Not before a charging referral" }),
    ).toEqual({ ok: true, decision: "refuse", addedToTeam: false });
    expect(all("SELECT * FROM case_members WHERE case_id = ?", workedCase)).toEqual(teamBefore);
    expect(statusOf(() => caseOverview(t.actorFor("prosecutor@cps.concord.test"), workedCase))).toBe(404);
    expect(myAccessRequests(prosecutor)[0]).toMatchObject({
      status: "refused",
      reference: null,
      decisionNote: "Not before a charging referral",
    });
  });

  it("a supervisor cannot decide their own request", () => {
    const manager = t.actorFor(ISAC_MANAGER);
    expect(requestAccessForPerson(manager, { person: kieran, agency: isac, reason: REASON })).toMatchObject({
      ok: true,
      created: 1,
    });
    expect(pendingAccessRequests(manager)).toEqual([]);
    const own = one<{ id: string }>("SELECT id FROM access_requests WHERE requester_user_id = ?", manager.userId);
    expect(decideAccessRequest(manager, own.id, { decision: "approve" })).toEqual({
      ok: false,
      errors: { decision: "You cannot decide your own request" },
    });
    expect(one("SELECT status FROM access_requests WHERE id = ?", own.id)).toEqual({ status: "pending" });
  });
});

describe("access requests from a case page", () => {
  it("lists the agencies the actor can already see on the case, never their own", () => {
    const advocate = t.actorFor("advocate@isac.concord.test");
    const form = caseAccessRequestForm(advocate, workedCase);
    expect(form.reference).toBe(WORKED_CASE_REFERENCE);
    expect(form.agencies.map((a) => a.name)).toEqual([
      "Northshire Forensic Mental Health Service",
      "Northshire Police",
      "Northshire Probation Delivery Unit",
    ]);
    // Asking their own agency (a forged form) is refused like any agency not offered.
    expect(requestAccessToCase(advocate, workedCase, { agency: advocate.agencyId, reason: REASON })).toEqual({
      ok: false,
      errors: { agency: "Select the agency you are asking" },
    });
  });

  it("is 404 for a case the actor cannot see or that does not exist", () => {
    expect(statusOf(() => caseAccessRequestForm(t.actorFor("pom@prison.concord.test"), workedCase))).toBe(404);
    expect(statusOf(() => caseAccessRequestForm(t.actorFor("advocate@isac.concord.test"), randomUUID()))).toBe(404);
    expect(
      statusOf(() =>
        requestAccessToCase(t.actorFor("pom@prison.concord.test"), workedCase, { agency: police, reason: REASON }),
      ),
    ).toBe(404);
    expect(
      statusOf(() =>
        requestAccessToCase(t.actorFor("advocate@isac.concord.test"), "../../etc", { agency: police, reason: REASON }),
      ),
    ).toBe(404);
  });

  it("checks the agency and the reason, then records the request", () => {
    const advocate = t.actorFor("advocate@isac.concord.test");
    const before = requestCount();
    expect(requestAccessToCase(advocate, workedCase, { reason: REASON })).toEqual({
      ok: false,
      errors: { agency: "Select the agency you are asking" },
    });
    expect(requestAccessToCase(advocate, workedCase, { agency: cps, reason: REASON })).toEqual({
      ok: false,
      errors: { agency: "Select the agency you are asking" },
    });
    expect(requestAccessToCase(advocate, workedCase, { agency: health })).toEqual({
      ok: false,
      errors: { reason: "Enter why you need access" },
    });
    expect(requestAccessToCase(advocate, workedCase, { agency: health, reason: "y".repeat(2001) })).toEqual({
      ok: false,
      errors: { reason: "The reason must be 2,000 characters or fewer" },
    });
    expect(requestCount()).toBe(before);
    expect(requestAccessToCase(advocate, workedCase, { agency: police, reason: REASON })).toEqual({
      ok: true,
      agencyName: "Northshire Police",
      created: 1,
      alreadyPending: 0,
    });
    // Already on the team: the supervisor is told approving adds nothing.
    expect(
      pendingAccessRequests(t.actorFor(POLICE_SUPERVISOR)).find((r) => r.requester === "Jess Marlowe"),
    ).toMatchObject({ onTeam: true });
    expect(myAccessRequests(advocate)[0]).toMatchObject({ reference: WORKED_CASE_REFERENCE, status: "pending" });
  });
});

describe("access requests for one record (request access beside it)", () => {
  const PRACTITIONER = "practitioner@probation.concord.test";
  // A victim care record of the advocacy service the practitioner on the team sees only as a summary line.
  const careRecord = () =>
    one<{ id: string; title: string }>(
      "SELECT id, title FROM case_records WHERE case_id = ? AND category = 'victim_care' AND owner_agency_id = ? AND status = 'signed_off' AND cav_victim_confidential = 0 ORDER BY created_at LIMIT 1",
      workedCase,
      isac,
    );
  const levelFor = (email: string, recordId: string) => {
    const found = getDb()
      .select({ r: caseRecords, at: cases.chargingReferredAt })
      .from(caseRecords)
      .innerJoin(cases, eq(cases.id, caseRecords.caseId))
      .where(eq(caseRecords.id, recordId))
      .get()!;
    return accessLevel(loadActor(t.userId(email), "t")!, recordAttributes(found.r, found.at));
  };

  it("names the record and the agency that holds it, never the requester's own; 404 where there is nothing to ask", () => {
    const record = careRecord();
    const form = recordAccessRequestForm(t.actorFor(PRACTITIONER), record.id);
    expect(form).toMatchObject({
      recordId: record.id,
      caseId: workedCase,
      reference: WORKED_CASE_REFERENCE,
      agencyName: "Northshire Stalking Advocacy Service",
      title: record.title,
    });
    expect(form.kind).toMatch(/\w/);
    // The advocate reads it already; the prison offender manager cannot open the case; an unknown id.
    expect(statusOf(() => recordAccessRequestForm(t.actorFor("advocate@isac.concord.test"), record.id))).toBe(404);
    expect(statusOf(() => recordAccessRequestForm(t.actorFor("pom@prison.concord.test"), record.id))).toBe(404);
    expect(statusOf(() => recordAccessRequestForm(t.actorFor(PRACTITIONER), randomUUID()))).toBe(404);
  });

  it("is sent to the owning agency; approving shares that record with the requester, on the lawful basis the approver gives", () => {
    const record = careRecord();
    const practitioner = t.actorFor(PRACTITIONER);
    expect(levelFor(PRACTITIONER, record.id)).toBe("summary");
    const before = requestCount();
    expect(requestAccessToRecord(practitioner, record.id, {})).toEqual({
      ok: false,
      errors: { reason: "Enter why you need access" },
    });
    expect(requestCount()).toBe(before);
    expect(requestAccessToRecord(practitioner, record.id, { reason: REASON })).toMatchObject({
      ok: true,
      created: 1,
      agencyName: "Northshire Stalking Advocacy Service",
    });
    const pending = pendingAccessRequests(t.actorFor(ISAC_MANAGER)).find((r) => r.recordId === record.id)!;
    expect(pending).toMatchObject({
      requesterAgency: "Northshire Probation Delivery Unit",
      reference: WORKED_CASE_REFERENCE,
      recordTitle: record.title,
    });
    expect(pendingAccessRequests(t.actorFor(POLICE_SUPERVISOR)).some((r) => r.id === pending.id)).toBe(false);

    expect(decideAccessRequest(t.actorFor(ISAC_MANAGER), pending.id, { decision: "approve" })).toEqual({
      ok: false,
      errors: { lawfulBasis: "Select the lawful basis for sharing" },
    });
    expect(
      decideAccessRequest(t.actorFor(ISAC_MANAGER), pending.id, { decision: "approve", lawfulBasis: "cda_1998_s115" }),
    ).toMatchObject({ ok: true, decision: "approve", addedToTeam: false, shared: true });
    expect(levelFor(PRACTITIONER, record.id)).toBe("full");
    expect(myAccessRequests(practitioner).find((r) => r.id === pending.id)).toMatchObject({ status: "approved" });
  });
});
