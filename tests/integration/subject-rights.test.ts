// Rectification, objection and restriction requests (issue 21, decision 0057) on a real SQLite file with the demo
// partnership: the police's data protection lead records Kieran Voss's request against the police's records about
// him, never another agency's; there is no right to object to law enforcement processing (DPA 2018 Part 3) while the
// advocacy service (UK GDPR) records an objection; the owning agency's decision, with its reason, closes the request;
// every step is audited without the person's words.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCalendarMonths, londonDate } from "~/domain/limitation-deadline";
import { findSubjects } from "~/services/subject-access.server";
import {
  decideSubjectRights,
  getSubjectRights,
  listSubjectRights,
  recordsAbout,
  requireMayRecordSubjectRights,
  startSubjectRights,
} from "~/services/subject-rights.server";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const LEAD = "dpo@police.concord.test";
const ISAC_LEAD = "dpo-rights@isac.concord.test";
const STATEMENT = "My date of birth is recorded wrongly on the perpetrator record";
let t: TestDb;
let kieran: string;
let requestId: string;
const today = londonDate(new Date());
const [y, m, d] = today.split("-");
const received = { "receivedOn-day": d!, "receivedOn-month": m!, "receivedOn-year": y! };

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const isac = (t.db.$client.prepare(`SELECT id FROM agencies WHERE type = 'isac'`).get() as { id: string }).id;
  const id = randomUUID();
  t.db.$client
    .prepare(
      `INSERT INTO users (id, agency_id, email, name, status, created_at) VALUES (?, ?, ?, 'Test ISAC lead', 'active', ?)`,
    )
    .run(id, isac, ISAC_LEAD, new Date().toISOString());
  t.db.$client.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'data_protection_lead')`).run(id);
  kieran = (findSubjects(t.actorFor(LEAD), "Kieran Voss") as { people: { personId: string }[] }).people[0]!.personId;
});
afterAll(() => t.cleanup());

describe("rectification, objection and restriction requests", () => {
  it("offers only the lead's own agency's records about the person", () => {
    const about = recordsAbout(t.actorFor(LEAD), kieran);
    expect(about.regime).toBe("law_enforcement");
    expect(about.records.length).toBeGreaterThan(0);
    const owners = t.db.$client
      .prepare(
        `SELECT DISTINCT a.type FROM case_records r JOIN agencies a ON a.id = r.owner_agency_id WHERE r.id IN (${about.records.map(() => "?").join(",")})`,
      )
      .all(...about.records.map((r) => r.recordId));
    expect(owners).toEqual([{ type: "police" }]);
    expect(statusOf(() => recordsAbout(t.actorFor("investigator@police.concord.test"), kieran))).toBe(403);
    expect(statusOf(() => requireMayRecordSubjectRights(t.actorFor("investigator@police.concord.test")))).toBe(403);
    expect(() => requireMayRecordSubjectRights(t.actorFor(LEAD))).not.toThrow();
  });

  it("records a request against those records with its deadline; bad input, objection under Part 3 and another agency's record change nothing", () => {
    const lead = t.actorFor(LEAD);
    const police = recordsAbout(lead, kieran).records;
    const health = (
      t.db.$client
        .prepare(
          `SELECT r.id FROM case_records r JOIN agencies a ON a.id = r.owner_agency_id JOIN case_parties p ON p.case_id = r.case_id WHERE a.type = 'health' AND p.person_id = ? LIMIT 1`,
        )
        .get(kieran) as { id: string }
    ).id;
    const count = () =>
      (t.db.$client.prepare(`SELECT count(*) AS n FROM subject_rights_requests`).get() as { n: number }).n;
    expect(startSubjectRights(lead, { personId: kieran, right: "", statement: "", ...received })).toMatchObject({
      ok: false,
      errors: {
        right: "Select what the person asks for",
        statement: "Enter what the person says is wrong, or why they object",
        recordIds: "Select the records the request concerns",
      },
    });
    expect(
      startSubjectRights(lead, {
        personId: kieran,
        right: "objection",
        statement: STATEMENT,
        recordIds: police[0]!.recordId,
        ...received,
      }),
    ).toMatchObject({ ok: false, errors: { right: expect.stringContaining("no right to object") } });
    expect(
      startSubjectRights(lead, {
        personId: kieran,
        right: "rectification",
        statement: STATEMENT,
        recordIds: [police[0]!.recordId, health],
        ...received,
      }),
    ).toMatchObject({ ok: false, errors: { recordIds: expect.stringContaining("your agency holds") } });
    expect(count()).toBe(0);
    const started = startSubjectRights(lead, {
      personId: kieran,
      right: "rectification",
      statement: STATEMENT,
      recordIds: [police[0]!.recordId, police[1]!.recordId],
      ...received,
    });
    expect(started.ok).toBe(true);
    requestId = (started as { id: string }).id;
    const view = getSubjectRights(lead, requestId);
    expect(view).toMatchObject({
      personName: "Kieran Voss",
      right: "rectification",
      statement: STATEMENT,
      status: "open",
      receivedOn: today,
      dueOn: addCalendarMonths(today, 1),
    });
    expect(view.rightLabel).toContain("section 46");
    expect(view.records.map((r) => r.recordId).sort()).toEqual([police[0]!.recordId, police[1]!.recordId].sort());
    const start = t.auditRows().find((r) => r.action === "subject_rights.start")!;
    expect(start.subjectId).toBe(requestId);
    expect(JSON.stringify(t.auditRows())).not.toContain("date of birth is recorded wrongly");
  });

  it("is the lead's agency's queue: overdue once the month has passed, and no one else's", () => {
    expect(listSubjectRights(t.actorFor(LEAD))).toMatchObject([
      { id: requestId, personName: "Kieran Voss", status: "open", overdue: false, records: 2 },
    ]);
    expect(listSubjectRights(t.actorFor(LEAD), new Date(Date.now() + 40 * 86400_000))).toMatchObject([
      { id: requestId, overdue: true },
    ]);
    expect(listSubjectRights(t.actorFor(ISAC_LEAD))).toEqual([]);
    expect(statusOf(() => getSubjectRights(t.actorFor(ISAC_LEAD), requestId))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "subject_rights.read",
      outcome: "denied",
      subjectId: requestId,
    });
    expect(statusOf(() => listSubjectRights(t.actorFor("investigator@police.concord.test")))).toBe(403);
  });

  it("the owning agency decides once, with a reason, audited", () => {
    const lead = t.actorFor(LEAD);
    expect(
      statusOf(() =>
        decideSubjectRights(t.actorFor(ISAC_LEAD), requestId, { decision: "accept", decisionReason: "x" }),
      ),
    ).toBe(404);
    expect(decideSubjectRights(lead, requestId, { decision: "accept", decisionReason: " " })).toMatchObject({
      ok: false,
      errors: { decisionReason: expect.stringContaining("Enter the reason") },
    });
    expect(
      decideSubjectRights(lead, requestId, {
        decision: "accept",
        decisionReason: "Date of birth corrected by the officer in the case against the PNC record",
      }),
    ).toEqual({ ok: true });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "subject_rights.accept",
      outcome: "done",
      subjectId: requestId,
    });
    expect(
      decideSubjectRights(lead, requestId, { decision: "refuse", decisionReason: "Changed my mind" }),
    ).toMatchObject({ ok: false, errors: { decision: "This request has already been decided" } });
    expect(getSubjectRights(lead, requestId)).toMatchObject({
      status: "accepted",
      decisionReason: "Date of birth corrected by the officer in the case against the PNC record",
      decidedByName: expect.any(String),
    });
    expect(listSubjectRights(lead, new Date(Date.now() + 40 * 86400_000))).toMatchObject([
      { id: requestId, status: "accepted", overdue: false },
    ]);
  });

  it("an agency processing under the UK GDPR records an objection", () => {
    const lead = t.actorFor(ISAC_LEAD);
    const jordan = (findSubjects(t.actorFor(LEAD), "Jordan Ashby") as { people: { personId: string }[] }).people[0]!
      .personId;
    const about = recordsAbout(lead, jordan);
    expect(about.regime).toBe("general");
    expect(about.records.length).toBeGreaterThan(0);
    const started = startSubjectRights(lead, {
      personId: jordan,
      right: "objection",
      statement: "I no longer want the service to hold my support plan",
      recordIds: about.records[0]!.recordId,
      ...received,
    });
    expect(started.ok).toBe(true);
    expect(
      decideSubjectRights(lead, (started as { id: string }).id, {
        decision: "refuse",
        decisionReason:
          "Compelling grounds: the plan protects her while the order is in force. Told of her right to complain to the ICO.",
      }),
    ).toEqual({ ok: true });
    expect(listSubjectRights(lead)).toMatchObject([{ status: "refused", right: "objection" }]);
  });
});
