// Issue 16: a senior probation officer of the author's agency who is not on the case team signs off (or returns)
// pre-sentence input from the sign-off page, by the agency-supervisor rule: that one submitted report, audited with
// the countersigning purpose, nothing else of the case. On a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTERSIGN_PURPOSE } from "~/access/agency-supervision";
import { requireCase } from "~/services/case-access.server";
import { listNotifications } from "~/services/notifications.server";
import { setSentenceProposal } from "~/services/pre-sentence-proposal.server";
import {
  addOwnText,
  decideSignOff,
  reportsAwaitingSignOff,
  signOffPage,
  startReport,
  submitReport,
} from "~/services/pre-sentence.server";
import { PSR_SECTIONS } from "~/domain/pre-sentence";
import { makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const COURT = "court@probation.concord.test";
const SPO = "spo@probation.concord.test";
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

const NOW = new Date("2026-06-01T10:00:00Z");
const START = {
  court: "Northshire Magistrates' Court",
  "hearing-day": "22",
  "hearing-month": "6",
  "hearing-year": "2026",
  "convicted-day": "15",
  "convicted-month": "5",
  "convicted-year": "2026",
  reportType: "standard",
  offences: ["stalking_s2a"],
};
const PROPOSAL = {
  sentence: "conditional_discharge",
  dischargeMonths: "12",
  sentenceRationale: "A first offence, now accepted.",
};

let t: TestDb;
let c: TestCase;

function ok<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true };
}

/** A complete draft by the court team on a case where no senior probation officer is on the team, submitted. */
function submitted(): string {
  const court = t.actorFor(COURT);
  const id = ok(startReport(court, c.id, START, NOW)).id;
  for (const s of PSR_SECTIONS)
    ok(addOwnText(court, c.id, id, { section: s.code, text: `My view on ${s.heading.toLowerCase()}.` }, NOW));
  ok(setSentenceProposal(court, c.id, id, PROPOSAL, NOW));
  ok(submitReport(court, c.id, id, NOW));
  return id;
}

const purposes = (action: string, subjectId: string) =>
  (
    t.db.$client
      .prepare("SELECT purpose, outcome FROM audit_log WHERE action = ? AND subject_id = ? ORDER BY seq")
      .all(action, subjectId) as { purpose: string | null; outcome: string }[]
  ).map((r) => `${r.outcome}:${r.purpose}`);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  c = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [COURT, "offender_manager"],
    ],
  });
});
afterAll(() => t.cleanup());

describe("signing off pre-sentence input off the case team", () => {
  it("asks the agency's senior probation officer, who is not on the team, and lists it on their home page with the sign-off page's link", () => {
    const id = submitted();
    const spo = t.actorFor(SPO);
    expect(statusOf(() => requireCase(spo, c.id))).toBe(404);
    const waiting = reportsAwaitingSignOff(spo).find((r) => r.reportId === id);
    expect(waiting).toMatchObject({ reference: c.reference, href: `/countersign/pre-sentence/${id}` });
    expect(listNotifications(spo).items.some((n) => n.href === `/countersign/pre-sentence/${id}`)).toBe(true);
  });

  it("opens the one report by the grant, audited with the countersigning purpose, without the case's header", () => {
    const id = submitted();
    const page = signOffPage(t.actorFor(SPO), id, NOW);
    expect(page).toMatchObject({ id, reference: c.reference, state: "submitted", maySignOff: true });
    expect(page.sentenceProposal?.sentence.type).toBe("conditional_discharge");
    expect(page.sections.find((s) => s.code === "proposal")!.statements[0]!.text).toBe("My view on proposal.");
    expect("case" in page).toBe(false);
    expect(purposes("psr.view", id)).toContain(`done:${COUNTERSIGN_PURPOSE}`);
    // Others get the same audited 404: another agency's supervisor, a practitioner of the same agency, the author
    // (who reads it on the case page), and anyone once it is no longer waiting.
    for (const email of [POLICE_SUPERVISOR, PRACTITIONER, INVESTIGATOR])
      expect(statusOf(() => signOffPage(t.actorFor(email), id, NOW))).toBe(404);
    expect(statusOf(() => signOffPage(t.actorFor(SPO), "not-a-report", NOW))).toBe(404);
  });

  it("signs it off or returns it from there, audited with the countersigning purpose; then the grant ends", () => {
    const returned = submitted();
    const spo = t.actorFor(SPO);
    expect(decideSignOff(spo, returned, { intent: "return", reason: "" }, NOW)).toMatchObject({
      ok: false,
      errors: { reason: "Enter what needs to change" },
    });
    ok(decideSignOff(spo, returned, { intent: "return", reason: "Say more about the breach." }, NOW));
    expect(purposes("psr.return", returned)).toEqual([`done:${COUNTERSIGN_PURPOSE}`]);
    expect(statusOf(() => signOffPage(spo, returned, NOW))).toBe(404);

    const id = submitted();
    expect(statusOf(() => decideSignOff(t.actorFor(POLICE_SUPERVISOR), id, { intent: "sign_off" }, NOW))).toBe(404);
    ok(decideSignOff(spo, id, { intent: "sign_off" }, NOW));
    // The police supervisor's refusal is audited too.
    expect(purposes("psr.sign_off", id)).toEqual([`denied:${COUNTERSIGN_PURPOSE}`, `done:${COUNTERSIGN_PURPOSE}`]);
    expect(statusOf(() => signOffPage(spo, id, NOW))).toBe(404);
    expect(statusOf(() => decideSignOff(spo, id, { intent: "sign_off" }, NOW))).toBe(404);
  });
});
