// Victims and perpetrators on a case, on a real SQLite file with the demo partnership: one person record per
// person across cases (serial stalking), who sees dates of birth and identifiers, bad input, and the audit.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "~/services/case-team.server";
import { createCase } from "~/services/case-lifecycle.server";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { caseOverview } from "~/services/cases.server";
import {
  addParty,
  casePeople,
  editPartyForm,
  newPartyForm,
  updateParty,
  type PartyView,
} from "~/services/people.server";
import { caseParties, cases, incidents, people, searchDocuments } from "../../db/schema";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const SPOC = "spoc@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
// Synthetic identifiers no seed uses, so counts here depend only on this file.
const PNC = "1979/0424242Q";
const NHS = "943 476 5919";

let t: TestDb;
let worked: string;
const count = () => ({
  people: t.db.select({ id: people.id }).from(people).all().length,
  parties: t.db.select({ id: caseParties.personId }).from(caseParties).all().length,
});
const lastAudit = () => t.auditRows().at(-1)!;

function newCase(email = INVESTIGATOR): string {
  const result = createCase(t.actorFor(email), { status: "active", relationship: "stranger", motivation: "not_known" });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

function add(caseId: string, values: Record<string, string>, email = INVESTIGATOR) {
  return addParty(t.actorFor(email), caseId, values);
}

const dob = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "dateOfBirth-day": day!, "dateOfBirth-month": month!, "dateOfBirth-year": year! };
};

const party = (list: PartyView[], name: string) => list.find((p) => p.name === name)!;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  worked = t.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, WORKED_CASE_REFERENCE)).get()!.id;
});
afterAll(() => t.cleanup());

describe("adding people to a case", () => {
  let caseId: string;
  beforeAll(() => {
    caseId = newCase();
  });

  it("adds a victim and a perpetrator with names, other names, dates of birth and identifiers, stored normalised and searchable", () => {
    const before = count();
    const victim = add(caseId, {
      partyRole: "victim",
      fullName: "Morwenna Tregarth",
      aliases: "Wenna\n\n  wenna \nM. Tregarth",
      ...dob("1990-02-14"),
      nhs: NHS,
    });
    expect(victim).toMatchObject({ ok: true, linked: false });
    expect(lastAudit()).toMatchObject({
      action: "person.create",
      outcome: "done",
      subjectId: (victim as { personId: string }).personId,
    });
    const perpetrator = add(caseId, {
      partyRole: "perpetrator",
      fullName: "Lorcan Petrie",
      aliases: "@lp_watcher",
      ...dob("1979-06-01"),
      pnc: "1979/0424242q",
      ndelius: "x424242",
    });
    expect(perpetrator).toMatchObject({ ok: true, linked: false });
    expect(count()).toEqual({ people: before.people + 2, parties: before.parties + 2 });

    const stored = t.db
      .select()
      .from(people)
      .where(eq(people.id, (perpetrator as { personId: string }).personId))
      .get()!;
    expect(stored).toMatchObject({
      fullName: "Lorcan Petrie",
      searchName: "lorcan petrie",
      dateOfBirth: "1979-06-01",
      aliases: JSON.stringify(["@lp_watcher"]),
    });
    expect(JSON.parse(stored.identifiers)).toEqual({ pnc: PNC, ndelius: "X424242" });
    const victimRow = t.db
      .select()
      .from(people)
      .where(eq(people.id, (victim as { personId: string }).personId))
      .get()!;
    expect(JSON.parse(victimRow.aliases)).toEqual(["Wenna", "M. Tregarth"]);
    expect(JSON.parse(victimRow.identifiers)).toEqual({ nhs: "9434765919" });

    // The case-core search document now carries the parties' names and other names.
    const doc = t.db
      .select()
      .from(searchDocuments)
      .where(eq(searchDocuments.docKey, `case:${caseId}`))
      .get()!;
    expect(doc.text).toContain("Morwenna Tregarth");
    expect(doc.text).toContain("@lp_watcher");
    expect(caseOverview(t.actorFor(INVESTIGATOR), caseId).parties.map((p) => [p.name, p.partyRole])).toEqual([
      ["Morwenna Tregarth", "victim"],
      ["Lorcan Petrie", "perpetrator"],
    ]);
  });

  it("the lead agency's team sees every detail; each person shown is audited as person.view", () => {
    const start = t.auditRows().length;
    const view = casePeople(t.actorFor(INVESTIGATOR), caseId);
    expect(view.canEdit).toBe(true);
    expect(party(view.parties, "Morwenna Tregarth").details).toEqual({
      dateOfBirth: "1990-02-14",
      identifiers: { nhs: "9434765919" },
    });
    expect(party(view.parties, "Lorcan Petrie").details).toEqual({
      dateOfBirth: "1979-06-01",
      identifiers: { pnc: PNC, ndelius: "X424242" },
    });
    const rows = t.auditRows().slice(start);
    expect(
      rows.filter((r) => r.action === "person.view").map((r) => [JSON.parse(r.detail!).partyRole, r.outcome]),
    ).toEqual([
      ["victim", "allowed"],
      ["perpetrator", "allowed"],
    ]);
  });

  it("bad input: a clear message for each field, nothing saved", () => {
    const before = count();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ partyRole: "victim", fullName: "  " }, { fullName: "Enter the person's full name" }],
      [{ partyRole: "victim", fullName: "x".repeat(121) }, { fullName: "Full name must be 120 characters or fewer" }],
      [
        {
          partyRole: "victim",
          fullName: "Ann Other",
          aliases: Array.from({ length: 11 }, (_, i) => `Alias ${i}`).join("\n"),
        },
        { aliases: "Enter 10 other names or fewer" },
      ],
      [
        { partyRole: "victim", fullName: "Ann Other", aliases: `ok\n${"y".repeat(121)}` },
        { aliases: "Each other name must be 120 characters or fewer" },
      ],
      [
        { partyRole: "victim", fullName: "Ann Other", ...dob("2999-01-01") },
        { dateOfBirth: "Date of birth must be in the past" },
      ],
      [
        {
          partyRole: "victim",
          fullName: "Ann Other",
          "dateOfBirth-day": "31",
          "dateOfBirth-month": "2",
          "dateOfBirth-year": "1990",
        },
        { dateOfBirth: "Date of birth must be a real date" },
      ],
      [
        { partyRole: "victim", fullName: "Ann Other", "dateOfBirth-day": "3", "dateOfBirth-year": "1990" },
        { dateOfBirth: "Date of birth must include a month" },
      ],
      [
        { partyRole: "perpetrator", fullName: "Ann Other", pnc: "ABC123" },
        { pnc: "Enter a PNC number in the correct format, like 87/123456X or 1987/0123456X" },
      ],
      [
        { partyRole: "perpetrator", fullName: "Ann Other", ndelius: "123" },
        { ndelius: "Enter an nDelius CRN in the correct format, like X123456" },
      ],
      [
        { partyRole: "victim", fullName: "Ann Other", nhs: "943 476 5918" },
        { nhs: "Enter a real 10-digit NHS number, like 943 476 5919" },
      ],
      [
        { partyRole: "witness", fullName: "Ann Other" },
        { partyRole: "Select whether this person is the victim or the perpetrator" },
      ],
    ];
    for (const [values, errors] of cases) {
      expect(add(caseId, values), JSON.stringify(values).slice(0, 80)).toEqual({ ok: false, errors, values });
    }
    expect(count()).toEqual(before);
  });

  it("a date of birth on or after the case's first incident is refused", () => {
    const before = count();
    const investigator = t.actorFor(INVESTIGATOR);
    t.db.transaction((tx) => {
      const recordId = insertCaseRecord(tx, {
        caseId,
        kind: "incident",
        category: "case_core",
        ownerAgencyId: investigator.agencyId,
        authorUserId: investigator.userId,
        title: "Incident",
        summary: "Followed home",
        body: {},
      });
      tx.insert(incidents)
        .values({
          recordId,
          caseId,
          occurredAt: "2020-03-10T18:00:00.000Z",
          occurredOn: "2020-03-10",
          behaviours: "[]",
          source: "victim",
        })
        .run();
    });
    expect(add(caseId, { partyRole: "victim", fullName: "Ann Other", ...dob("2020-03-10") })).toMatchObject({
      ok: false,
      errors: { dateOfBirth: "Date of birth must be before the first incident on this case (10 March 2020)" },
    });
    expect(count()).toEqual(before);
  });

  it("only the lead agency's team may add people: others get 404, audited, nothing saved", () => {
    const before = count();
    const practitioner = t.actorFor(PRACTITIONER);
    expect(statusOf(() => addParty(practitioner, worked, { partyRole: "victim", fullName: "Ann Other" }))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "person.create", outcome: "denied", actorUserId: practitioner.userId });
    expect(statusOf(() => newPartyForm(practitioner, worked, "victim"))).toBe(404);
    const spoc = t.actorFor(SPOC);
    expect(statusOf(() => addParty(spoc, caseId, { partyRole: "victim", fullName: "Ann Other" }))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "case.view", outcome: "denied", actorUserId: spoc.userId });
    expect(count()).toEqual(before);
  });
});

describe("one person record across cases: serial stalking", () => {
  let first: string;
  let second: string;
  let third: string;
  let lorcan: string;
  beforeAll(() => {
    first = t.db
      .select({ caseId: caseParties.caseId, personId: caseParties.personId })
      .from(caseParties)
      .innerJoin(people, eq(people.id, caseParties.personId))
      .where(eq(people.fullName, "Lorcan Petrie"))
      .get()!.caseId;
    lorcan = t.db.select({ id: people.id }).from(people).where(eq(people.fullName, "Lorcan Petrie")).get()!.id;
    second = newCase();
    third = newCase(SPOC);
  });

  it("an identifier that matches links the existing person: no second record; a different name becomes another name", () => {
    const before = count();
    const linked = add(second, { partyRole: "perpetrator", fullName: "Lorry Petrie", pnc: "1979/0424242Q", nhs: "" });
    expect(linked).toEqual({ ok: true, personId: lorcan, linked: true });
    expect(count()).toEqual({ people: before.people, parties: before.parties + 1 });
    expect(lastAudit()).toMatchObject({ action: "person.link", outcome: "done", subjectId: lorcan });
    const row = t.db.select().from(people).where(eq(people.id, lorcan)).get()!;
    expect(row.fullName).toBe("Lorcan Petrie");
    expect(JSON.parse(row.aliases)).toEqual(["@lp_watcher", "Lorry Petrie"]);
    // The new other name reaches the search documents of every case he is party to.
    for (const caseId of [first, second])
      expect(
        t.db
          .select()
          .from(searchDocuments)
          .where(eq(searchDocuments.docKey, `case:${caseId}`))
          .get()!.text,
      ).toContain("Lorry Petrie");

    // By nDelius CRN too, from another officer's case.
    expect(add(third, { partyRole: "perpetrator", fullName: "L Petrie", ndelius: "X424242" }, SPOC)).toEqual({
      ok: true,
      personId: lorcan,
      linked: true,
    });
    expect(count().people).toBe(before.people);
  });

  it("counts other cases once each, and only those the viewer may see; the rest is 'known to the partnership'", () => {
    // The investigator is on the first and second cases, not the third.
    const fromSecond = party(casePeople(t.actorFor(INVESTIGATOR), second).parties, "Lorcan Petrie");
    expect(fromSecond.otherCases.map((c) => c.caseId)).toEqual([first]);
    expect(fromSecond.knownElsewhere).toBe(true);
    expect(fromSecond.searchQuery).toBe(PNC);

    // The SPOC on the third case sees neither of the others.
    const spocView = party(casePeople(t.actorFor(SPOC), third).parties, "Lorcan Petrie");
    expect(spocView.otherCases).toEqual([]);
    expect(spocView.knownElsewhere).toBe(true);
    expect(JSON.stringify(spocView)).not.toMatch(/NS-\d{4}-\d+/);

    // Once the SPOC joins the second case, it counts, once, for them.
    expect(
      addMember(t.actorFor(INVESTIGATOR), second, { userId: t.userId(SPOC), roleInCase: "officer_in_case" }),
    ).toMatchObject({ ok: true });
    const after = party(casePeople(t.actorFor(SPOC), third).parties, "Lorcan Petrie");
    expect(after.otherCases.map((c) => c.caseId)).toEqual([second]);
    expect(after.knownElsewhere).toBe(true);

    // The lead agency's supervisor sees all three cases: two others, nothing hidden.
    const supervisor = party(casePeople(t.actorFor("supervisor@police.concord.test"), third).parties, "Lorcan Petrie");
    expect(supervisor.otherCases.map((c) => c.caseId).sort()).toEqual([first, second].sort());
    expect(supervisor.knownElsewhere).toBe(false);
  });

  it("refuses identifiers that point at two different people, or that contradict the matched record, and a second entry in the same role", () => {
    const before = count();
    // The NHS number belongs to the victim of the first case, the PNC to Lorcan.
    expect(add(third, { partyRole: "perpetrator", fullName: "Someone", pnc: PNC, nhs: NHS }, SPOC)).toMatchObject({
      ok: false,
      errors: { nhs: "This NHS number is recorded for a different person from the PNC number: check both" },
    });
    const fourth = newCase();
    expect(
      add(fourth, { partyRole: "perpetrator", fullName: "Someone", ndelius: "X424242", pnc: "11/1111111A" }),
    ).toMatchObject({
      ok: false,
      errors: {
        pnc: "This PNC number does not match the existing person record with this nDelius CRN: check it, or leave it blank",
      },
    });
    expect(
      add(fourth, { partyRole: "perpetrator", fullName: "Someone", pnc: PNC, ...dob("1980-01-01") }),
    ).toMatchObject({
      ok: false,
      errors: {
        dateOfBirth:
          "The date of birth does not match the existing person record with this PNC number: check it, or leave it blank",
      },
    });
    expect(add(second, { partyRole: "perpetrator", fullName: "Lorcan Petrie", pnc: PNC })).toMatchObject({
      ok: false,
      errors: { pnc: "This PNC number belongs to the person already recorded as the perpetrator on this case" },
    });
    expect(count()).toEqual(before);
    expect(lastAudit()).toMatchObject({ action: "person.create", outcome: "failed" });
  });
});

describe("who sees a person's date of birth and identifiers", () => {
  it("probation on the worked case sees the perpetrator's details but the victim's date of birth only as withheld", () => {
    const view = casePeople(t.actorFor(PRACTITIONER), worked);
    expect(view.canEdit).toBe(false);
    const victim = view.parties.find((p) => p.partyRole === "victim")!;
    const perpetrator = view.parties.find((p) => p.partyRole === "perpetrator")!;
    expect(victim.name).toBe("Jordan Ashby");
    expect(victim.details).toEqual({ withheld: true, heldBy: "Northshire Police" });
    expect(perpetrator.details).toMatchObject({ dateOfBirth: "1987-09-03", identifiers: { pnc: "87/123456X" } });
    expect(JSON.stringify(view)).not.toContain("1991-04-12");
    expect(
      t
        .auditRows()
        .filter((r) => r.action === "person.view")
        .slice(-2)
        .map((r) => JSON.parse(r.detail!)),
    ).toEqual([
      { partyRole: "victim", details: "withheld" },
      { partyRole: "perpetrator", details: "full" },
    ]);
  });

  it("the advocate sees the victim's details but not the perpetrator's", () => {
    const view = casePeople(t.actorFor(ADVOCATE), worked);
    expect(view.parties.find((p) => p.partyRole === "victim")!.details).toEqual({
      dateOfBirth: "1991-04-12",
      identifiers: {},
    });
    const perpetrator = view.parties.find((p) => p.partyRole === "perpetrator")!;
    expect(perpetrator.details).toEqual({ withheld: true, heldBy: "Northshire Police" });
    expect(perpetrator.name).toBe("Kieran Voss");
    // The search link uses the name (case core) when the identifiers are withheld.
    expect(perpetrator.searchQuery).toBe("Kieran Voss");
    expect(JSON.stringify(view)).not.toContain("87/123456X");
    expect(JSON.stringify(view)).not.toContain("1987-09-03");
  });

  it("someone off the team gets 404, audited, and nothing of the people", () => {
    const prosecutor = t.actorFor("prosecutor@cps.concord.test");
    expect(statusOf(() => casePeople(prosecutor, worked))).toBe(404);
    expect(lastAudit()).toMatchObject({
      action: "case.view",
      outcome: "denied",
      actorUserId: prosecutor.userId,
      subjectId: worked,
    });
  });
});

describe("changing a person's details", () => {
  let caseId: string;
  let victimId: string;
  let otherId: string;
  beforeAll(() => {
    caseId = newCase();
    victimId = (
      add(caseId, { partyRole: "victim", fullName: "Tamsin Hoyle", ...dob("1985-05-05") }) as { personId: string }
    ).personId;
    const other = newCase();
    otherId = (
      add(other, { partyRole: "victim", fullName: "Ruth Penhaligon", nhs: "401 023 2137" }) as { personId: string }
    ).personId;
  });

  it("shows the form filled in, audited as a view, and saves a change to every case's search", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const form = editPartyForm(investigator, caseId, victimId);
    expect(form.values).toEqual({
      fullName: "Tamsin Hoyle",
      aliases: "",
      "dateOfBirth-day": "5",
      "dateOfBirth-month": "5",
      "dateOfBirth-year": "1985",
    });
    expect(form.identifierKeys).toEqual(["nhs"]);
    expect(lastAudit()).toMatchObject({ action: "person.view", subjectId: victimId });
    expect(
      updateParty(investigator, caseId, victimId, {
        fullName: "Tamsin Hoyle-Baker",
        aliases: "Tam",
        ...dob("1985-05-06"),
        nhs: "",
      }),
    ).toEqual({
      ok: true,
      changed: ["fullName", "aliases", "dateOfBirth"],
    });
    expect(t.db.select().from(people).where(eq(people.id, victimId)).get()).toMatchObject({
      fullName: "Tamsin Hoyle-Baker",
      searchName: "tamsin hoylebaker",
      dateOfBirth: "1985-05-06",
    });
    expect(
      t.db
        .select()
        .from(searchDocuments)
        .where(eq(searchDocuments.docKey, `case:${caseId}`))
        .get()!.text,
    ).toContain("Tamsin Hoyle-Baker");
    expect(lastAudit()).toMatchObject({ action: "person.update", outcome: "done" });
    expect(JSON.parse(lastAudit().detail!)).toEqual({ fields: "fullName,aliases,dateOfBirth" });
  });

  it("refuses an identifier already on a different person, and bad input, changing nothing", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    const before = t.db.select().from(people).where(eq(people.id, victimId)).get();
    expect(
      updateParty(investigator, caseId, victimId, { fullName: "Tamsin Hoyle-Baker", nhs: "4010232137" }),
    ).toMatchObject({
      ok: false,
      errors: { nhs: "This NHS number is already recorded for a different person" },
    });
    expect(updateParty(investigator, caseId, victimId, { fullName: "" })).toMatchObject({
      ok: false,
      errors: { fullName: "Enter the person's full name" },
    });
    expect(t.db.select().from(people).where(eq(people.id, victimId)).get()).toEqual(before);
  });

  it("a person who is not on this case cannot be reached through it (404, audited)", () => {
    const investigator = t.actorFor(INVESTIGATOR);
    expect(statusOf(() => editPartyForm(investigator, caseId, otherId))).toBe(404);
    expect(lastAudit()).toMatchObject({ action: "person.update", outcome: "denied", subjectId: otherId });
    expect(statusOf(() => updateParty(investigator, caseId, otherId, { fullName: "Changed" }))).toBe(404);
    expect(t.db.select().from(people).where(eq(people.id, otherId)).get()!.fullName).toBe("Ruth Penhaligon");
    expect(
      t.db
        .select()
        .from(caseParties)
        .where(and(eq(caseParties.caseId, caseId), eq(caseParties.personId, otherId)))
        .all(),
    ).toEqual([]);
  });
});
