// The "today" list (issue 16, item 4) reads only what is the person's own: their own reports on cases they work
// on, shares addressed to them and not yet acknowledged, meetings they chair or are invited to, their
// partnership's triage queue for a coordinator. Nobody else's work appears, even as an entry without detail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { myWork } from "~/services/my-work.server";
import { addOwnText, returnReport, startReport, submitReport } from "~/services/pre-sentence.server";
import { setSentenceProposal } from "~/services/pre-sentence-proposal.server";
import { acknowledgeShare, shareRecord } from "~/services/shares.server";
import { todayList, type HomeParts } from "~/services/today.server";
import { makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const COURT = "court@probation.concord.test";
const SPO = "spo@probation.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";

const NOW = new Date("2026-06-01T10:00:00Z");
const EMPTY: HomeParts = {
  myTasks: [],
  overdueTasks: [],
  meetingActions: [],
  psrQuestions: [],
  psrToSignOff: null,
  toCountersign: [],
  reviewsDue: [],
  spoOutstanding: null,
  chargingDeadlines: [],
  victimUpdatesDue: [],
};

let t: TestDb;
let c: TestCase;

function ok<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true };
}

const keys = (actor: Actor) => todayList(actor, EMPTY, NOW).map((e) => e.key);
const entriesFor = (email: string) => todayList(t.actorFor(email), EMPTY, NOW);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  c = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [COURT, "offender_manager"],
      [SPO, "supervisor"],
      [PRACTITIONER, "offender_manager"],
    ],
  });
});
afterAll(() => t.cleanup());

describe("the court team's pre-sentence input", () => {
  it("lists the author's draft and its hearing, then the return with its reason; nobody else on the team or in the agency sees them", () => {
    const court = t.actorFor(COURT);
    const id = ok(
      startReport(
        court,
        c.id,
        {
          court: "Northshire Magistrates' Court",
          "hearing-day": "22",
          "hearing-month": "6",
          "hearing-year": "2026",
          "convicted-day": "15",
          "convicted-month": "5",
          "convicted-year": "2026",
          reportType: "standard",
          offences: ["stalking_s2a"],
        },
        NOW,
      ),
    ).id;
    const drafted = entriesFor(COURT);
    expect(drafted.map((e) => e.key)).toEqual(expect.arrayContaining([`psr-draft-${id}`, `hearing-${id}`]));
    const hearing = drafted.find((e) => e.key === `hearing-${id}`)!;
    expect(hearing).toMatchObject({
      href: `/cases/${c.id}/pre-sentence/${id}`,
      hint: "Northshire Magistrates' Court, 22 June 2026",
      status: { text: "In 21 days" },
    });
    // Not theirs: a practitioner on the same team, the senior probation officer (a supervisor of the agency).
    for (const email of [PRACTITIONER, SPO, INVESTIGATOR])
      expect(keys(t.actorFor(email)).filter((k) => k.endsWith(id))).toEqual([]);

    for (const section of [
      "offence_analysis",
      "pattern_motivation",
      "risk_of_harm",
      "victim_impact",
      "orders_compliance",
      "multi_agency",
      "proposal",
    ])
      ok(addOwnText(court, c.id, id, { section, text: `Author's assessment for ${section}.` }, NOW));
    ok(
      setSentenceProposal(
        court,
        c.id,
        id,
        {
          sentence: "community_order",
          orderMonths: "24",
          sentenceRationale: "The programme addresses the fixation.",
          requirements: ["accredited_programme"],
          "accredited_programme-amount": "30",
          "accredited_programme-detail": "Stalking perpetrator programme",
          "accredited_programme-rationale": "He accepts he needs help to stop.",
        },
        NOW,
      ),
    );
    ok(submitReport(court, c.id, id, NOW));
    // Submitted: no longer a draft to finish, the hearing still ahead.
    expect(keys(t.actorFor(COURT)).filter((k) => k.endsWith(id))).toEqual([`hearing-${id}`]);
    ok(returnReport(t.actorFor(SPO), c.id, id, { reason: "Say more about compliance with the interim order." }, NOW));
    const returned = entriesFor(COURT).find((e) => e.key === `psr-returned-${id}`);
    expect(returned).toMatchObject({ status: { text: "Returned", tone: "red" } });
    expect(returned!.hint).toContain("Say more about compliance with the interim order.");
    expect(keys(t.actorFor(SPO)).filter((k) => k.endsWith(id))).toEqual([]);
  });
});

describe("shares to acknowledge", () => {
  it("lists a record shared with the person until they acknowledge it; not the sharer's, nor anyone else's", () => {
    const police = t.db.$client.prepare("SELECT agency_id AS id FROM users WHERE email = ?").get(INVESTIGATOR) as {
      id: string;
    };
    const recordId = t.db.transaction((tx) =>
      insertCaseRecord(
        tx,
        {
          caseId: c.id,
          kind: "note",
          category: "investigation",
          ownerAgencyId: police.id,
          authorUserId: t.userId(INVESTIGATOR),
          title: "Today list: CCTV request",
          summary: "CCTV requested",
          body: { text: "CCTV from the car park requested." },
        },
        NOW.toISOString(),
      ),
    );
    const shared = ok(
      shareRecord(t.actorFor(INVESTIGATOR), recordId, {
        recipientKind: "user",
        userEmail: ADVOCATE,
        purpose: "case_work",
        lawfulBasis: "cda_1998_s115",
      }),
    );
    const entry = entriesFor(ADVOCATE).find((e) => e.key === `share-${shared.shareId}`);
    expect(entry).toMatchObject({ text: "Acknowledge a shared record: Today list: CCTV request", href: "/shared" });
    for (const email of [INVESTIGATOR, PRACTITIONER, COURT, PSYCHOLOGIST])
      expect(keys(t.actorFor(email))).not.toContain(`share-${shared.shareId}`);
    acknowledgeShare(t.actorFor(ADVOCATE), shared.shareId);
    expect(keys(t.actorFor(ADVOCATE))).not.toContain(`share-${shared.shareId}`);
  });
});

describe("the home page", () => {
  it("carries the list, built from the same reads as its sections", () => {
    const home = myWork(t.actorFor(COURT));
    // The report's hearing (22 June 2026) is past by the real clock: no hearing entry, but the return is still theirs to act on.
    expect(home.today.some((e) => e.key.startsWith("psr-returned-"))).toBe(true);
    expect(home.today.some((e) => e.key.startsWith("hearing-"))).toBe(false);
    // A person with no casework role (an administrator) is shown nothing from cases.
    expect(myWork(t.actorFor("admin@police.concord.test")).today).toEqual([]);
  });
});
