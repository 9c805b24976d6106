// Incidents linked to the offences they evidence, through the gate, on a real SQLite file with the demo partnership:
// the offences offered on the incident form (only those the user may read in full), links saved on record and on
// edit, forged or foreign ids refused with nothing saved, offence names on the timeline only for those who may read
// them, and each offence's count of linked incidents.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWithheld } from "~/access/redact";
import { OFFENCES } from "~/domain/offences";
import { retractCaseRecord } from "~/services/case-records.server";
import {
  editIncident,
  incidentForEdit,
  incidentTimeline,
  newIncidentPage,
  recordIncident,
  timelineQuery,
  type IncidentView,
} from "~/services/incidents.server";
import { caseOffences, recordOffence } from "~/services/offences.server";
import { caseRecords, cases, incidents, recordVersions } from "../../db/schema";
import { count, incidentForm, makeCase, offenceForm, type TestCase } from "./course-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
// A fixed "now" (13:00 BST on 20 August 2026).
const NOW = new Date("2026-08-20T12:00:00Z");
const INVESTIGATOR = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROSECUTOR = "prosecutor@cps.concord.test";
const S2A = OFFENCES.stalking_s2a.label;
const S4A = OFFENCES.stalking_s4a.label;
const REFUSED = { offences: "Select offences from the list" };

const q = () => timelineQuery(new URLSearchParams());
function ok<T extends { ok: boolean }>(r: T): T & { ok: true; id: string } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true; id: string };
}
const offence = (caseId: string, o: Parameters<typeof offenceForm>[0] = {}) =>
  ok(recordOffence(t.actorFor(INVESTIGATOR), caseId, offenceForm(o))).id;
const linkedIds = (incidentId: string): string[] =>
  JSON.parse(
    t.db.select({ ids: incidents.offenceIds }).from(incidents).where(eq(incidents.recordId, incidentId)).get()!.ids,
  ) as string[];
const writes = () => [
  count(t, "case_records"),
  count(t, "incidents"),
  count(t, "record_versions"),
  count(t, "search_documents"),
  count(t, "incidents", "offence_ids <> '[]'"),
];
const viewOf = (email: string, caseId: string, id: string): IncidentView | undefined =>
  incidentTimeline(t.actorFor(email), caseId, q(), NOW).incidents.find((v) => v.id === id);
const offencesOn = (v: IncidentView | undefined) => (v && !isWithheld(v.detail) ? v.detail.offences : null);
/** An offence the police may no longer read: held by the health service under its health-confidential caveat. */
function hideFromPolice(offenceId: string): void {
  const health = t.actorFor("clinician@health.concord.test").agencyId;
  t.db
    .update(caseRecords)
    .set({ ownerAgencyId: health, cavHealthConfidential: true })
    .where(eq(caseRecords.id, offenceId))
    .run();
}

let c: TestCase;
let other: TestCase;
// s2A and s4A on the case; one retracted; one the police may not read (see hideFromPolice); one on another case.
const o: Record<"s2a" | "s4a" | "retracted" | "unreadable" | "foreign", string> = {
  s2a: "",
  s4a: "",
  retracted: "",
  unreadable: "",
  foreign: "",
};

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  const team: [string, string][] = [
    [INVESTIGATOR, "officer_in_case"],
    [SPOC, "coordinator"],
    [PRACTITIONER, "offender_manager"],
    [ADVOCATE, "advocate"],
    [PROSECUTOR, "prosecutor"],
  ];
  c = makeCase(t, { team });
  other = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
  o.s2a = offence(c.id, { crimeReference: "NS/4100/26" });
  o.s4a = offence(c.id, { offenceType: "stalking_s4a" });
  o.retracted = offence(c.id, { offenceType: "harassment_s2" });
  t.db.transaction((tx) => retractCaseRecord(tx, o.retracted, t.userId(INVESTIGATOR), "Recorded in error"));
  o.unreadable = offence(c.id, { offenceType: "malicious_communications" });
  hideFromPolice(o.unreadable);
  o.foreign = offence(other.id, { crimeReference: "NS/4200/26" });
});
afterAll(() => t.cleanup());

describe("the offences offered on the incident form", () => {
  it("lists the case's offences the recorder may read in full, named with their crime reference, oldest first", () => {
    expect(newIncidentPage(t.actorFor(INVESTIGATOR), c.id).offences).toEqual([
      { value: o.s2a, text: `${S2A}, crime reference NS/4100/26` },
      { value: o.s4a, text: S4A },
    ]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "offence_choices.view", outcome: "allowed" });
  });

  it("offers none to probation or an ISAC (who may not read offences), nor on a case without offences", () => {
    for (const email of [PRACTITIONER, ADVOCATE]) {
      const page = newIncidentPage(t.actorFor(email), c.id);
      expect(page.offences).toEqual([]);
      expect(JSON.stringify(page)).not.toMatch(/s2A|s4A|NS\/4100\/26/);
    }
    const bare = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"]] });
    expect(newIncidentPage(t.actorFor(INVESTIGATOR), bare.id).offences).toEqual([]);
  });
});

describe("linking an incident to offences", () => {
  it("saves the links when the incident is recorded, and audits their ids", () => {
    const id = ok(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        { ...incidentForm({ date: "2026-03-01" }), offences: [o.s4a, o.s2a] },
        NOW,
      ),
    ).id;
    // Kept in the order the offences are offered, whatever order they were sent in.
    expect(linkedIds(id)).toEqual([o.s2a, o.s4a]);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "incident.create", outcome: "done", subjectId: id });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toMatchObject({ offences: `${o.s2a},${o.s4a}` });
    // One offence, sent as a single value (one ticked checkbox); none at all.
    expect(
      linkedIds(
        ok(
          recordIncident(
            t.actorFor(INVESTIGATOR),
            c.id,
            { ...incidentForm({ date: "2026-03-02" }), offences: o.s2a },
            NOW,
          ),
        ).id,
      ),
    ).toEqual([o.s2a]);
    expect(
      linkedIds(ok(recordIncident(t.actorFor(INVESTIGATOR), c.id, incidentForm({ date: "2026-03-03" }), NOW)).id),
    ).toEqual([]);
  });

  it("refuses a forged id, an offence on another case, a retracted one or one the recorder may not read: one clear message, nothing saved", () => {
    for (const bad of ["made-up-offence", o.foreign, o.retracted, o.unreadable, "' OR 1=1 --"]) {
      const before = writes();
      const result = recordIncident(t.actorFor(INVESTIGATOR), c.id, { ...incidentForm(), offences: [o.s2a, bad] }, NOW);
      expect(result).toEqual({ ok: false, errors: REFUSED, values: expect.anything() });
      expect(writes()).toEqual(before);
    }
  });

  it("refuses any offence from someone who was offered none (probation), nothing saved", () => {
    const before = writes();
    expect(recordIncident(t.actorFor(PRACTITIONER), c.id, { ...incidentForm(), offences: o.s2a }, NOW)).toMatchObject({
      ok: false,
      errors: REFUSED,
    });
    expect(recordIncident(t.actorFor(ADVOCATE), c.id, { ...incidentForm(), offences: [o.s4a] }, NOW)).toMatchObject({
      ok: false,
      errors: REFUSED,
    });
    expect(writes()).toEqual(before);
    // Reported with every other problem at once.
    expect(recordIncident(t.actorFor(PRACTITIONER), c.id, { offences: o.s2a }, NOW)).toMatchObject({
      ok: false,
      errors: { ...REFUSED, behaviours: "Select at least one behaviour" },
    });
    expect(writes()).toEqual(before);
  });
});

describe("changing an incident's links", () => {
  let id: string;
  beforeAll(() => {
    id = ok(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        { ...incidentForm({ date: "2026-04-01", description: "Waited by her car" }), offences: [o.s2a] },
        NOW,
      ),
    ).id;
  });

  it("fills the edit form with the links, offering the same offences", () => {
    const form = incidentForEdit(t.actorFor(INVESTIGATOR), c.id, id);
    expect(form.values.offences).toEqual([o.s2a]);
    expect(form.offences.map((x) => x.value)).toEqual([o.s2a, o.s4a]);
  });

  it("saves changed links on an edit, keeping the earlier version", () => {
    const versions = count(t, "record_versions", "record_id = ?", id);
    expect(
      editIncident(
        t.actorFor(SPOC),
        c.id,
        id,
        { ...incidentForm({ date: "2026-04-01", description: "Waited by her car" }), offences: [o.s4a] },
        NOW,
      ),
    ).toEqual({ ok: true, id });
    expect(linkedIds(id)).toEqual([o.s4a]);
    expect(count(t, "record_versions", "record_id = ?", id)).toBe(versions + 1);
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toMatchObject({ offences: o.s4a });
    // Unticking every offence removes the links (the field is absent from the form data then).
    expect(
      editIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        id,
        incidentForm({ date: "2026-04-01", description: "Waited by her car" }),
        NOW,
      ).ok,
    ).toBe(true);
    expect(linkedIds(id)).toEqual([]);
    expect(count(t, "record_versions", "record_id = ?", id)).toBe(versions + 2);
  });

  it("refuses forged, foreign, retracted or unreadable offences on an edit and changes nothing", () => {
    ok(
      editIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        id,
        { ...incidentForm({ date: "2026-04-01", description: "Waited by her car" }), offences: [o.s2a] },
        NOW,
      ),
    );
    const title = t.db
      .select({ title: caseRecords.title, body: caseRecords.body })
      .from(caseRecords)
      .where(eq(caseRecords.id, id))
      .get();
    for (const bad of ["made-up-offence", o.foreign, o.retracted, o.unreadable]) {
      const before = writes();
      const result = editIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        id,
        { ...incidentForm({ date: "2026-05-05", description: "Changed" }), offences: [bad] },
        NOW,
      );
      expect(result).toMatchObject({ ok: false, errors: REFUSED });
      expect(writes()).toEqual(before);
    }
    expect(linkedIds(id)).toEqual([o.s2a]);
    expect(
      t.db
        .select({ title: caseRecords.title, body: caseRecords.body })
        .from(caseRecords)
        .where(eq(caseRecords.id, id))
        .get(),
    ).toEqual(title);
  });

  it("keeps links to offences the editor may not read, and never shows them on the form", () => {
    // A link to an offence the police cannot read (caveated after it was linked) and to one retracted since.
    t.db
      .update(incidents)
      .set({ offenceIds: JSON.stringify([o.s2a, o.unreadable, o.retracted]) })
      .where(eq(incidents.recordId, id))
      .run();
    const form = incidentForEdit(t.actorFor(INVESTIGATOR), c.id, id);
    expect(form.values.offences).toEqual([o.s2a]);
    expect(JSON.stringify(form)).not.toContain(o.unreadable);
    ok(
      editIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        id,
        { ...incidentForm({ date: "2026-04-01", description: "Waited by her car" }), offences: [o.s4a] },
        NOW,
      ),
    );
    expect(linkedIds(id)).toEqual([o.s4a, o.unreadable, o.retracted]);
  });
});

describe("offences on the timeline and incidents on the offences", () => {
  let tl: TestCase;
  const ids: Record<string, string> = {};
  const off: Record<string, string> = {};
  beforeAll(() => {
    tl = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [PRACTITIONER, "offender_manager"],
        [ADVOCATE, "advocate"],
        [PROSECUTOR, "prosecutor"],
      ],
    });
    off.s2a = offence(tl.id, { crimeReference: "NS/4300/26" });
    off.s4a = offence(tl.id, { offenceType: "stalking_s4a" });
    off.hidden = offence(tl.id, { offenceType: "malicious_communications", crimeReference: "NS/4301/26" });
    const investigator = t.actorFor(INVESTIGATOR);
    const record = (date: string, offences: string[], extra: Parameters<typeof incidentForm>[0] = {}) =>
      ok(recordIncident(investigator, tl.id, { ...incidentForm({ date, ...extra }), offences }, NOW)).id;
    ids.both = record("2026-02-01", [off.s2a, off.s4a]);
    ids.s2a = record("2026-02-02", [off.s2a]);
    ids.hidden = record("2026-02-03", [off.s2a, off.hidden]);
    ids.none = record("2026-02-04", []);
    // Police intelligence: probation does not see this incident at all.
    ids.intel = record("2026-02-05", [off.s2a], { caveats: ["police_intelligence"] });
    ids.retracted = record("2026-02-06", [off.s2a, off.s4a]);
    t.db.transaction((tx) => retractCaseRecord(tx, ids.retracted!, t.userId(INVESTIGATOR), "Duplicate"));
    // The police may no longer read this offence (a caveat added after the links were made).
    hideFromPolice(off.hidden!);
  });

  it("shows the investigator the names of the linked offences they may read, and nothing of the rest", () => {
    expect(offencesOn(viewOf(INVESTIGATOR, tl.id, ids.both!))).toEqual([`${S2A}, crime reference NS/4300/26`, S4A]);
    expect(offencesOn(viewOf(INVESTIGATOR, tl.id, ids.s2a!))).toEqual([`${S2A}, crime reference NS/4300/26`]);
    expect(offencesOn(viewOf(INVESTIGATOR, tl.id, ids.hidden!))).toEqual([`${S2A}, crime reference NS/4300/26`]);
    expect(offencesOn(viewOf(INVESTIGATOR, tl.id, ids.none!))).toEqual([]);
    const json = JSON.stringify(incidentTimeline(t.actorFor(INVESTIGATOR), tl.id, q(), NOW));
    expect(json).not.toContain(off.hidden);
    expect(json).not.toMatch(/Malicious|NS\/4301\/26/);
  });

  it("shows probation the incidents in full but no offence names, ids or counts", () => {
    const view = incidentTimeline(t.actorFor(PRACTITIONER), tl.id, q(), NOW);
    expect(view.incidents.map((v) => v.id).sort()).toEqual([ids.both, ids.s2a, ids.hidden, ids.none].sort());
    expect(view.incidents.every((v) => v.level === "full" && offencesOn(v)?.length === 0)).toBe(true);
    const json = JSON.stringify(view);
    for (const id of Object.values(off)) expect(json).not.toContain(id);
    expect(json).not.toMatch(/Stalking \(|s2A|s4A|Malicious|NS\/430[01]\/26|offence_ids|offenceIds/);
    // Nor the ISAC advocate.
    expect(JSON.stringify(incidentTimeline(t.actorFor(ADVOCATE), tl.id, q(), NOW))).not.toMatch(/s2A|s4A|NS\/4300\/26/);
  });

  it("counts on each offence the incidents linked to it that the reader may read, in SQL", () => {
    const counts = (email: string) =>
      Object.fromEntries(caseOffences(t.actorFor(email), tl.id, NOW).offences.map((x) => [x.id, x.incidents]));
    // s2A: both, s2a, hidden and intel (the retracted one is not counted); s4A: both.
    expect(counts(INVESTIGATOR)).toEqual({ [off.s2a!]: 4, [off.s4a!]: 1 });
    expect(caseOffences(t.actorFor(PRACTITIONER), tl.id, NOW).offences).toEqual([]);
  });

  it("counts for the CPS, once the case is referred, only the incidents the CPS may read", () => {
    expect(caseOffences(t.actorFor(PROSECUTOR), tl.id, NOW).offences).toEqual([]);
    t.db.update(cases).set({ chargingReferredAt: "2026-08-01T09:00:00.000Z" }).where(eq(cases.id, tl.id)).run();
    try {
      const prosecutor = t.actorFor(PROSECUTOR);
      // Incidents are case core, which the CPS on the team reads; the police-intelligence one is kept from them.
      expect(
        incidentTimeline(prosecutor, tl.id, q(), NOW)
          .incidents.map((v) => v.id)
          .sort(),
      ).toEqual([ids.both, ids.s2a, ids.hidden, ids.none].sort());
      const counts = Object.fromEntries(caseOffences(prosecutor, tl.id, NOW).offences.map((x) => [x.id, x.incidents]));
      expect(counts).toEqual({ [off.s2a!]: 3, [off.s4a!]: 1 });
      expect(offencesOn(viewOf(PROSECUTOR, tl.id, ids.both!))).toEqual([`${S2A}, crime reference NS/4300/26`, S4A]);
    } finally {
      t.db.update(cases).set({ chargingReferredAt: null }).where(eq(cases.id, tl.id)).run();
    }
  });

  it("keeps each incident's links out of every earlier version's text (history holds no offence ids)", () => {
    const bodies = t.db
      .select({ body: recordVersions.body })
      .from(recordVersions)
      .all()
      .map((v) => v.body)
      .join("\n");
    for (const id of Object.values(off)) expect(bodies).not.toContain(id);
  });
});
