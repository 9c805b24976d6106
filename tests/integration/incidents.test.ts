// The course of conduct through the gate, on a real SQLite file with the demo partnership: recording incidents,
// bad input (nothing saved), the timeline (filtered in SQL), linking into one course of conduct, and edits.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWithheld } from "~/access/redact";
import {
  editIncident,
  incidentForEdit,
  incidentTimeline,
  incidentTimelinePage,
  linkCourseOfConduct,
  newIncidentPage,
  recordIncident,
  timelineQuery,
} from "~/services/incidents.server";
import { caseRecords, cases, incidents, recordVersions, searchDocuments } from "../../db/schema";
import { count, incidentForm, makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

let t: TestDb;
// A fixed "now" (13:00 BST on 20 August 2026), so dates in the tests are worked by hand.
const NOW = new Date("2026-08-20T12:00:00Z");
const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const SPOC = "spoc@police.concord.test";

const q = (params = "") => timelineQuery(new URLSearchParams(params));
const recorded = (r: ReturnType<typeof recordIncident>) => {
  if (!r.ok) throw new Error(`not recorded: ${JSON.stringify(r.errors)}`);
  return r.id;
};
const writes = () => [
  count(t, "case_records"),
  count(t, "incidents"),
  count(t, "record_versions"),
  count(t, "search_documents"),
];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

describe("recording an incident", () => {
  let c: TestCase;
  beforeAll(() => {
    c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
      ],
    });
  });

  it("saves a case-core record owned by the recorder's agency and its detail row, in London time", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const id = recorded(recordIncident(investigator, c.id, incidentForm({ crimeReference: "  ns/1001/26 " }), NOW));
    const r = t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()!;
    expect(r).toMatchObject({
      kind: "incident",
      category: "case_core",
      ownerAgencyId: investigator.agencyId,
      authorUserId: investigator.userId,
      title: "Turning up, threats on 3 March 2026",
    });
    expect(r.summary).toBe("Turning up, threats on 3 March 2026 at 2:30pm, reported by the victim");
    expect(r.summary).not.toContain("workplace");
    const i = t.db.select().from(incidents).where(eq(incidents.recordId, id)).get()!;
    expect(i).toMatchObject({
      occurredAt: "2026-03-03T14:30:00.000Z",
      occurredOn: "2026-03-03",
      source: "victim",
      crimeReference: "NS/1001/26",
      fixated: true,
      obsessive: false,
      unwanted: false,
      repeated: true,
      linkedAt: null,
    });
    expect(JSON.parse(i.behaviours)).toEqual(["turning_up", "threats"]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "incident.create", outcome: "done", subjectId: id });
    // Searchable: the summary document carries the title, the full document the description.
    const docs = t.db
      .select({ level: searchDocuments.level, text: searchDocuments.text })
      .from(searchDocuments)
      .where(eq(searchDocuments.recordId, id))
      .all();
    expect(docs.find((d) => d.level === "full")?.text).toContain("workplace");
    expect(docs.find((d) => d.level === "summary")?.text).not.toContain("workplace");
  });

  it("counts 00:30 on 1 April (BST) as 1 April, stored as 23:30 UTC on 31 March; accepts 2:30pm", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const early = recorded(
      recordIncident(investigator, c.id, incidentForm({ date: "2026-04-01", time: "00:30" }), NOW),
    );
    expect(t.db.select().from(incidents).where(eq(incidents.recordId, early)).get()).toMatchObject({
      occurredAt: "2026-03-31T23:30:00.000Z",
      occurredOn: "2026-04-01",
    });
    const pm = recorded(recordIncident(investigator, c.id, incidentForm({ date: "2026-07-01", time: "2:30pm" }), NOW));
    expect(t.db.select().from(incidents).where(eq(incidents.recordId, pm)).get()?.occurredAt).toBe(
      "2026-07-01T13:30:00.000Z",
    );
  });

  it("lets any case-team agency record incidents, owned by that agency", () => {
    const practitioner = t.actorFor(PRACTITIONER);
    expect(newIncidentPage(practitioner, c.id).case.id).toBe(c.id);
    const id = recorded(
      recordIncident(practitioner, c.id, incidentForm({ source: "partner_agency", behaviours: ["gifts"] }), NOW),
    );
    expect(
      t.db.select({ owner: caseRecords.ownerAgencyId }).from(caseRecords).where(eq(caseRecords.id, id)).get()?.owner,
    ).toBe(practitioner.agencyId);
  });

  it("refuses people off the team, administrators and made-up cases with a 404, audited, nothing saved", () => {
    const before = writes();
    for (const email of [SPOC, "prosecutor@cps.concord.test", "admin@police.concord.test", ADVOCATE]) {
      expect(statusOf(() => recordIncident(t.actorFor(email), c.id, incidentForm(), NOW))).toBe(404);
      expect(t.auditRows().at(-1)).toMatchObject({ outcome: "denied" });
      expect(statusOf(() => newIncidentPage(t.actorFor(email), c.id))).toBe(404);
    }
    expect(statusOf(() => recordIncident(t.actorFor(INVESTIGATOR), "made-up-case", incidentForm(), NOW))).toBe(404);
    expect(writes()).toEqual(before);
  });
});

describe("bad input: clear messages, nothing saved", () => {
  let c: TestCase;
  let other: TestCase;
  let perpOnly: TestCase;
  beforeAll(() => {
    const team: [string, string][] = [
      [INVESTIGATOR, "officer_in_case"],
      [PRACTITIONER, "offender_manager"],
      [ADVOCATE, "advocate"],
    ];
    c = makeCase(t, {
      team,
      parties: [
        { name: "Alex Renner", dateOfBirth: "1995-06-01", role: "victim" },
        { name: "Corin Hale", dateOfBirth: "1990-01-01", role: "perpetrator" },
      ],
    });
    perpOnly = makeCase(t, {
      team,
      parties: [{ name: "Robin Ashdown", dateOfBirth: "2000-01-01", role: "perpetrator" }],
    });
    other = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    recorded(recordIncident(t.actorFor(INVESTIGATOR), other.id, incidentForm({ crimeReference: "NS/5000/26" }), NOW));
  });

  function refused(email: string, caseId: string, values: Record<string, string | string[]>) {
    const before = writes();
    const result = recordIncident(t.actorFor(email), caseId, values, NOW);
    expect(writes()).toEqual(before);
    if (result.ok) throw new Error("expected a refusal");
    return result.errors;
  }

  it("reports every missing required field at once", () => {
    expect(refused(INVESTIGATOR, c.id, {})).toEqual({
      occurred: "Enter the date of the incident",
      time: "Enter the time of the incident",
      behaviours: "Select at least one behaviour",
      source: "Select who reported the incident",
      description: "Enter a description of what happened",
    });
  });

  it("refuses an incident in the future: a later date, or a later time today", () => {
    expect(refused(INVESTIGATOR, c.id, incidentForm({ date: "2026-08-21", time: "09:00" }))).toEqual({
      occurred: "The date of the incident must be today or in the past",
    });
    // 14:00 BST on 20 August is after 13:00 BST, "now".
    expect(refused(INVESTIGATOR, c.id, incidentForm({ date: "2026-08-20", time: "14:00" }))).toEqual({
      time: "The time of the incident must be in the past",
    });
    expect(
      recordIncident(t.actorFor(INVESTIGATOR), c.id, incidentForm({ date: "2026-08-20", time: "12:30" }), NOW).ok,
    ).toBe(true);
  });

  it("refuses a date before a party's date of birth, naming them only to someone who may see their details", () => {
    // 1 January 1994 is after the perpetrator's birth (1990) but before the victim's (1995).
    expect(refused(INVESTIGATOR, c.id, incidentForm({ date: "1994-01-01" }))).toEqual({
      occurred: "The incident date must be after the date of birth of Alex Renner",
    });
    expect(refused(PRACTITIONER, c.id, incidentForm({ date: "1994-01-01" }))).toEqual({
      occurred: "The incident date must be after the person's date of birth",
    });
    expect(refused(INVESTIGATOR, perpOnly.id, incidentForm({ date: "1999-12-31" }))).toEqual({
      occurred: "The incident date must be after the date of birth of Robin Ashdown",
    });
    expect(refused(ADVOCATE, perpOnly.id, incidentForm({ date: "1999-12-31" }))).toEqual({
      occurred: "The incident date must be after the person's date of birth",
    });
    // No message ever carries the date of birth itself.
    expect(JSON.stringify(refused(INVESTIGATOR, c.id, incidentForm({ date: "1994-01-01" })))).not.toMatch(/1995|June/);
  });

  it("refuses a crime reference already recorded on another case, without naming it", () => {
    const errors = refused(INVESTIGATOR, c.id, incidentForm({ crimeReference: " ns/5000/26" }));
    expect(errors).toEqual({ crimeReference: "This crime reference is already recorded on another case" });
    expect(JSON.stringify(errors)).not.toContain(other.reference);
    // The same reference on its own case is the course of conduct continuing.
    expect(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        other.id,
        incidentForm({ crimeReference: "NS/5000/26", date: "2026-03-04" }),
        NOW,
      ).ok,
    ).toBe(true);
  });

  it("refuses over-long text and malformed values", () => {
    expect(refused(INVESTIGATOR, c.id, incidentForm({ description: "x".repeat(5_001) }))).toEqual({
      description: "Description must be 5,000 characters or fewer",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ crimeReference: "N".repeat(41) }))).toEqual({
      crimeReference: "Crime reference must be 40 characters or fewer",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ crimeReference: "NS#1" }))).toEqual({
      crimeReference: "Crime reference must only include letters, numbers, spaces, slashes and hyphens",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ time: "25:00" }))).toEqual({
      time: "Enter the time in the 24-hour format, like 14:30, or like 2:30pm",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ behaviours: ["threats", "teleportation"] }))).toEqual({
      behaviours: "Select behaviours from the list",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ four: ["fixated", "furious"] }))).toEqual({
      four: "Select FOUR indicators from the list",
    });
    expect(refused(INVESTIGATOR, c.id, incidentForm({ source: "rumour" }))).toEqual({
      source: "Select who reported the incident",
    });
    expect(refused(INVESTIGATOR, c.id, { ...incidentForm(), "occurred-day": "31", "occurred-month": "2" })).toEqual({
      occurred: "Date of the incident must be a real date",
    });
    // A caveat that would hide the incident from its own author is not offered, and refused if sent.
    expect(refused(ADVOCATE, c.id, incidentForm({ caveats: ["police_intelligence"] }))).toEqual({
      caveats: "Select caveats from the list",
    });
    expect(
      recordIncident(t.actorFor(INVESTIGATOR), c.id, incidentForm({ description: "y".repeat(5_000) }), NOW).ok,
    ).toBe(true);
  });

  it("refuses a time the clocks skip (01:30 on the last Sunday of March)", () => {
    expect(refused(INVESTIGATOR, c.id, incidentForm({ date: "2026-03-29", time: "01:30" })).time).toMatch(
      /clocks went forward/,
    );
  });

  it("keeps markup as text", () => {
    const id = recorded(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        other.id,
        incidentForm({ date: "2026-03-05", description: "<script>alert(1)</script>" }),
        NOW,
      ),
    );
    const view = incidentTimeline(t.actorFor(INVESTIGATOR), other.id, q()).incidents.find((v) => v.id === id)!;
    expect(isWithheld(view.detail) ? null : view.detail.description).toBe("<script>alert(1)</script>");
  });
});

describe("the timeline and the pattern", () => {
  let c: TestCase;
  const ids: Record<string, string> = {};
  beforeAll(() => {
    c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
        [ADVOCATE, "advocate"],
      ],
    });
    const investigator = t.actorFor(INVESTIGATOR);
    // Five incidents from three crime reports, entered out of order.
    const entered: [string, Parameters<typeof incidentForm>[0]][] = [
      ["feb", { date: "2026-02-10", time: "09:00", behaviours: ["messages"], crimeReference: "NS/100/26" }],
      [
        "mar",
        { date: "2026-03-03", time: "14:30", behaviours: ["turning_up", "threats"], crimeReference: "NS/100/26" },
      ],
      ["apr", { date: "2026-04-20", time: "18:00", behaviours: ["following"], crimeReference: "NS/200/26" }],
      ["jan", { date: "2026-01-15", time: "20:15", behaviours: ["messages", "calls"], crimeReference: "NS/300/26" }],
      [
        "may",
        { date: "2026-05-02", time: "07:45", behaviours: ["turning_up", "loitering"], crimeReference: "NS/200/26" },
      ],
    ];
    for (const [key, o] of entered) ids[key] = recorded(recordIncident(investigator, c.id, incidentForm(o), NOW));
  });

  it("shows the pattern: count, span, crime reports and a behaviours tally", () => {
    const view = incidentTimeline(t.actorFor(INVESTIGATOR), c.id, q(), NOW);
    expect(view.pattern).toEqual({
      count: 5,
      first: "15 January 2026",
      latest: "2 May 2026",
      crimeReports: 3,
      behaviours: [
        { code: "messages", label: "Unwanted messages", count: 2 },
        { code: "turning_up", label: "Turning up", count: 2 },
        { code: "calls", label: "Unwanted calls", count: 1 },
        { code: "following", label: "Following", count: 1 },
        { code: "loitering", label: "Loitering", count: 1 },
        { code: "threats", label: "Threats", count: 1 },
      ],
    });
  });

  it("lists newest or oldest first, and groups by crime report", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(incidentTimeline(investigator, c.id, q()).incidents.map((v) => v.id)).toEqual([
      ids.may,
      ids.apr,
      ids.mar,
      ids.feb,
      ids.jan,
    ]);
    expect(incidentTimeline(investigator, c.id, q("order=oldest")).incidents.map((v) => v.id)).toEqual([
      ids.jan,
      ids.feb,
      ids.mar,
      ids.apr,
      ids.may,
    ]);
    const grouped = incidentTimeline(investigator, c.id, q("view=crime_reference")).groups!;
    expect(grouped.map((g) => [g.label, g.incidents.map((v) => v.id)])).toEqual([
      ["Crime reference NS/200/26", [ids.may, ids.apr]],
      ["Crime reference NS/100/26", [ids.mar, ids.feb]],
      ["Crime reference NS/300/26", [ids.jan]],
    ]);
  });

  it("pages the incidents, keeping each crime report's group together; the pattern still counts them all", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const page = (params: string) => incidentTimelinePage(investigator, c.id, q(params), undefined, 2);
    const first = page("");
    expect(first.incidents.map((v) => v.id)).toEqual([ids.may, ids.apr]);
    expect(first.shown).toEqual({ total: 5, page: 1, pages: 3, from: 1, to: 2 });
    expect(first.pattern?.count).toBe(5);
    expect(page("page=2").incidents.map((v) => v.id)).toEqual([ids.mar, ids.feb]);
    expect(page("page=3").incidents.map((v) => v.id)).toEqual([ids.jan]);
    expect(page("page=3").shown).toEqual({ total: 5, page: 3, pages: 3, from: 5, to: 5 });
    // Past the last page, the last; anything that is not a page number, the first.
    expect(page("page=9").shown.page).toBe(3);
    for (const bad of ["0", "-1", "two", "1e3", "2.5", ""]) expect(page(`page=${bad}`).shown.page).toBe(1);
    // Grouped: the groups in their order, cut into pages; a group split by a page says how many it holds in all.
    const grouped = (n: number) =>
      page(`view=crime_reference&page=${n}`).groups!.map((g) => [g.label, g.total, g.incidents.map((v) => v.id)]);
    expect(grouped(1)).toEqual([["Crime reference NS/200/26", 2, [ids.may, ids.apr]]]);
    expect(grouped(2)).toEqual([["Crime reference NS/100/26", 2, [ids.mar, ids.feb]]]);
    expect(grouped(3)).toEqual([["Crime reference NS/300/26", 1, [ids.jan]]]);
    const byThree = incidentTimelinePage(investigator, c.id, q("view=crime_reference&page=2"), undefined, 3).groups!;
    expect(byThree.map((g) => [g.label, g.total, g.incidents.map((v) => v.id)])).toEqual([
      ["Crime reference NS/100/26", 2, [ids.feb]],
      ["Crime reference NS/300/26", 1, [ids.jan]],
    ]);
    // A filter pages what it found.
    expect(page("behaviour=turning_up").shown).toEqual({ total: 2, page: 1, pages: 1, from: 1, to: 2 });
  });

  it("filters by behaviour in SQL, keeping the pattern of the whole course of conduct; ignores unknown filters", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const turningUp = incidentTimeline(investigator, c.id, q("behaviour=turning_up"));
    expect(turningUp.incidents.map((v) => v.id)).toEqual([ids.may, ids.mar]);
    expect(turningUp.pattern?.count).toBe(5);
    expect(incidentTimeline(investigator, c.id, q("behaviour=threats")).incidents.map((v) => v.id)).toEqual([ids.mar]);
    expect(incidentTimeline(investigator, c.id, q("behaviour=violence")).incidents).toEqual([]);
    expect(incidentTimeline(investigator, c.id, q("behaviour=' OR 1=1 --")).incidents).toHaveLength(5);
  });

  it("shows a probation member the incidents in full; refuses people off the team with a 404, audited", () => {
    const view = incidentTimeline(t.actorFor(PRACTITIONER), c.id, q());
    expect(view.incidents).toHaveLength(5);
    expect(view.incidents.every((v) => v.level === "full")).toBe(true);
    expect(view.deadlines).toEqual([]);
    for (const email of [SPOC, "prosecutor@cps.concord.test", "admin@police.concord.test"]) {
      expect(statusOf(() => incidentTimeline(t.actorFor(email), c.id, q()))).toBe(404);
      expect(t.auditRows().at(-1)).toMatchObject({ action: "incidents.view", outcome: "denied" });
    }
  });

  it("keeps a victim-confidential incident from probation, in SQL, while police and its author see it", () => {
    const id = recorded(
      recordIncident(
        t.actorFor(ADVOCATE),
        c.id,
        incidentForm({
          date: "2026-05-01",
          behaviours: ["gifts"],
          caveats: ["victim_confidential"],
          description: "Flowers left at her new address",
        }),
        NOW,
      ),
    );
    expect(incidentTimeline(t.actorFor(PRACTITIONER), c.id, q()).incidents.map((v) => v.id)).not.toContain(id);
    expect(incidentTimeline(t.actorFor(PRACTITIONER), c.id, q()).pattern?.count).toBe(5);
    expect(JSON.stringify(incidentTimeline(t.actorFor(PRACTITIONER), c.id, q()))).not.toContain("new address");
    expect(incidentTimeline(t.actorFor(INVESTIGATOR), c.id, q()).incidents.map((v) => v.id)).toContain(id);
    expect(incidentTimeline(t.actorFor(ADVOCATE), c.id, q()).incidents.find((v) => v.id === id)?.caveats).toEqual([
      "Victim-confidential",
    ]);
  });

  it("offers to link incidents under separate crime reports to those who may change the case, and links them", () => {
    expect(incidentTimeline(t.actorFor(INVESTIGATOR), c.id, q()).linkPrompt).toEqual({ incidents: 5, crimeReports: 3 });
    expect(incidentTimeline(t.actorFor(PRACTITIONER), c.id, q()).linkPrompt).toBeNull();

    const before = t.db.select({ at: cases.courseLinkedAt }).from(cases).where(eq(cases.id, c.id)).get();
    expect(statusOf(() => linkCourseOfConduct(t.actorFor(PRACTITIONER), c.id, NOW))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "course.link", outcome: "denied" });
    expect(t.db.select({ at: cases.courseLinkedAt }).from(cases).where(eq(cases.id, c.id)).get()).toEqual(before);
    expect(count(t, "incidents", "case_id = ? AND linked_at IS NOT NULL", c.id)).toBe(0);

    const investigator = t.actorFor(INVESTIGATOR);
    // Six: the five, and the advocate's victim-confidential one, which the case holds too.
    expect(linkCourseOfConduct(investigator, c.id, NOW)).toEqual({ linked: 6 });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "course.link", outcome: "done" });
    expect(
      t.db.select({ at: cases.courseLinkedAt, by: cases.courseLinkedBy }).from(cases).where(eq(cases.id, c.id)).get(),
    ).toEqual({ at: NOW.toISOString(), by: investigator.userId });
    const view = incidentTimeline(investigator, c.id, q());
    expect(view.linkPrompt).toBeNull();
    expect(view.incidents.every((v) => v.linked)).toBe(true);

    // After linking, a new incident joins the course of conduct as it is recorded, whoever records it.
    const later = recorded(
      recordIncident(
        t.actorFor(PRACTITIONER),
        c.id,
        incidentForm({ date: "2026-06-01", crimeReference: "NS/400/26" }),
        new Date("2026-08-21T09:00:00Z"),
      ),
    );
    expect(t.db.select({ at: incidents.linkedAt }).from(incidents).where(eq(incidents.recordId, later)).get()?.at).toBe(
      "2026-08-21T09:00:00.000Z",
    );
    expect(incidentTimeline(investigator, c.id, q()).linkPrompt).toBeNull();
  });

  it("shows no prompt for one crime report", () => {
    const single = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    recorded(recordIncident(t.actorFor(INVESTIGATOR), single.id, incidentForm({ crimeReference: "NS/900/26" }), NOW));
    recorded(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        single.id,
        incidentForm({ crimeReference: "NS/900/26", date: "2026-03-10" }),
        NOW,
      ),
    );
    expect(incidentTimeline(t.actorFor(INVESTIGATOR), single.id, q()).linkPrompt).toBeNull();
  });
});

describe("editing an incident", () => {
  let c: TestCase;
  let id: string;
  beforeAll(() => {
    c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [SPOC, "coordinator"],
        [PRACTITIONER, "offender_manager"],
      ],
    });
    id = recorded(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        incidentForm({
          date: "2026-05-02",
          time: "07:45",
          behaviours: ["turning_up", "loitering"],
          description: "Waiting by the gate",
        }),
        NOW,
      ),
    );
  });

  it("fills the form with the incident as recorded (London time)", () => {
    const form = incidentForEdit(t.actorFor(INVESTIGATOR), c.id, id);
    expect(form.values).toMatchObject({
      "occurred-day": "2",
      "occurred-month": "5",
      "occurred-year": "2026",
      time: "07:45",
      behaviours: ["turning_up", "loitering"],
      source: "victim",
      description: "Waiting by the gate",
    });
    expect(form.version).toBe(1);
  });

  it("lets the author's agency change it, keeping each earlier version with who wrote it, and re-indexes it", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const spoc = t.actorFor(SPOC);
    expect(
      editIncident(
        investigator,
        c.id,
        id,
        incidentForm({
          date: "2026-06-10",
          time: "10:00",
          behaviours: ["turning_up", "loitering"],
          description: "Waiting by the school gate",
        }),
        NOW,
      ),
    ).toEqual({ ok: true, id });
    expect(
      editIncident(
        spoc,
        c.id,
        id,
        incidentForm({
          date: "2026-06-10",
          time: "10:00",
          behaviours: ["following"],
          description: "Followed her to the station",
        }),
        NOW,
      ).ok,
    ).toBe(true);
    expect(
      editIncident(
        investigator,
        c.id,
        id,
        incidentForm({
          date: "2026-06-11",
          time: "10:00",
          behaviours: ["following"],
          description: "Followed her to the bus station",
        }),
        NOW,
      ).ok,
    ).toBe(true);

    const versions = t.db
      .select()
      .from(recordVersions)
      .where(eq(recordVersions.recordId, id))
      .orderBy(recordVersions.version)
      .all();
    expect(versions.map((v) => [v.version, v.title, v.authorUserId])).toEqual([
      [1, "Turning up, loitering on 2 May 2026", investigator.userId],
      [2, "Turning up, loitering on 10 June 2026", investigator.userId],
      [3, "Following on 10 June 2026", spoc.userId],
    ]);
    expect(JSON.parse(versions[0]!.body)).toMatchObject({ text: "Waiting by the gate" });
    const r = t.db.select().from(caseRecords).where(eq(caseRecords.id, id)).get()!;
    expect(r).toMatchObject({ title: "Following on 11 June 2026", authorUserId: investigator.userId });
    expect(t.db.select().from(incidents).where(eq(incidents.recordId, id)).get()).toMatchObject({
      occurredOn: "2026-06-11",
      occurredAt: "2026-06-11T09:00:00.000Z",
      behaviours: '["following"]',
    });
    const full = t.db
      .select({ text: searchDocuments.text })
      .from(searchDocuments)
      .where(eq(searchDocuments.docKey, `record:${id}:full`))
      .get()?.text;
    expect(full).toContain("bus station");
    expect(full).not.toContain("school gate");
    expect(t.auditRows().at(-1)).toMatchObject({ action: "incident.update", outcome: "done", subjectId: id });
    expect(incidentForEdit(investigator, c.id, id).version).toBe(4);
  });

  it("refuses another agency, people off the team and a record on another case with a 404, audited, nothing changed", () => {
    const before = writes();
    expect(statusOf(() => incidentForEdit(t.actorFor(PRACTITIONER), c.id, id))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "incident.edit_form", outcome: "denied" });
    expect(statusOf(() => editIncident(t.actorFor(PRACTITIONER), c.id, id, incidentForm(), NOW))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "incident.update", outcome: "denied" });
    expect(
      statusOf(() => editIncident(t.actorFor("supervisor@police.concord.test"), c.id, id, incidentForm(), NOW)),
    ).toBe(404);
    const elsewhere = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    expect(statusOf(() => editIncident(t.actorFor(INVESTIGATOR), elsewhere.id, id, incidentForm(), NOW))).toBe(404);
    expect(writes()).toEqual(before);
  });

  it("refuses bad input on an edit and changes nothing", () => {
    const before = writes();
    const title = t.db.select({ title: caseRecords.title }).from(caseRecords).where(eq(caseRecords.id, id)).get();
    const result = editIncident(t.actorFor(INVESTIGATOR), c.id, id, incidentForm({ date: "2027-01-01" }), NOW);
    expect(result).toMatchObject({
      ok: false,
      errors: { occurred: "The date of the incident must be today or in the past" },
    });
    expect(writes()).toEqual(before);
    expect(t.db.select({ title: caseRecords.title }).from(caseRecords).where(eq(caseRecords.id, id)).get()).toEqual(
      title,
    );
  });
});
