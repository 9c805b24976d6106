// Issue 7 pre-sentence input on a real SQLite file: starting a draft, pulling statements through the gate with
// their provenance (and never victim contact details, even when shared), flags when a source changes, input
// from partners, sign-off by a senior probation officer who is not the author, and the Word export.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sam } from "~/instruments/sam";
import { dash } from "~/instruments/dash";
import { sampleAnswers } from "~/instruments/sample-answers";
import { answersToFormValues } from "~/instruments/answers";
import type { Answer, Instrument } from "~/instruments/types";
import { insertCaseRecord } from "~/services/case-record-store.server";
import { retractCaseRecord, reviseCaseRecord } from "~/services/case-records.server";
import { recordIncident } from "~/services/incidents.server";
import { recordOffence } from "~/services/offences.server";
import { countersignAssessment, saveAssessment, startAssessment } from "~/services/risk-assessments.server";
import { shareRecord } from "~/services/shares.server";
import {
  OWN_SIGN_OFF,
  addOwnText,
  pullStatements,
  refreshStatement,
  removeStatement,
  reportView,
  reportsAwaitingSignOff,
  returnReport,
  sectionSourcesFor,
  signOffReport,
  startReport,
  submitReport,
  SOURCE_NOT_AVAILABLE,
} from "~/services/pre-sentence.server";
import { TIMELINE_KEY } from "~/domain/pre-sentence";
import {
  answerInputRequest,
  askForInput,
  declineInputRequest,
  inputRequest,
  inputRequestsForMe,
} from "~/services/pre-sentence-requests.server";
import { exportReport } from "~/services/pre-sentence-export.server";
import { setSentenceProposal } from "~/services/pre-sentence-proposal.server";
import {
  agencies,
  caseRecords,
  meetingInvitees,
  meetings,
  preSentenceReports,
  preSentenceStatements,
} from "../../db/schema";
import { readDocx } from "../export-readers";
import { count, incidentForm, makeCase, offenceForm, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const COURT = "court@probation.concord.test";
const SPO = "spo@probation.concord.test";
const PSYCHOLOGIST = "psychologist@health.concord.test";
const LEAD = "lead@health.concord.test";
const COORDINATOR = "clinic@partnership.concord.test";

const NOW = new Date("2026-06-01T10:00:00Z");
const HEARING = {
  "hearing-day": "22",
  "hearing-month": "6",
  "hearing-year": "2026",
  "convicted-day": "15",
  "convicted-month": "5",
  "convicted-year": "2026",
  reportType: "standard",
};
const VICTIM_ADDRESS = "14 Larkspur Row, Northshire NS9 4QT";
const VICTIM_PHONE = "07700 900417";

let t: TestDb;
let c: TestCase;
const ids = {} as Record<
  "incident1" | "incident2" | "offence" | "sam" | "dash" | "contact" | "safety" | "intel" | "minutes",
  string
>;

function ok<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true };
}

function form(instrument: Instrument, answers: Record<string, Answer>): Record<string, string | string[]> {
  return {
    instrument: instrument.code,
    instrumentVersion: instrument.version,
    ...answersToFormValues(instrument, answers),
  };
}

function signedOffAssessment(
  author: string,
  signer: string,
  instrument: Instrument,
  answers: Record<string, Answer>,
): string {
  const started = startAssessment(t.actorFor(author), c.id, {
    instrument: instrument.code,
  });
  if (!started.ok) throw new Error("start refused");
  ok(saveAssessment(t.actorFor(author), c.id, started.id, form(instrument, answers), true));
  ok(countersignAssessment(t.actorFor(signer), c.id, started.id));
  return started.id;
}

function agencyOf(email: string): string {
  return t.actorFor(email).agencyId;
}

const reportCount = () => count(t, "pre_sentence_reports");
const statementCount = () => count(t, "pre_sentence_statements");

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  c = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [MANAGER, "supervisor"],
      [COURT, "offender_manager"],
      [SPO, "supervisor"],
      [PRACTITIONER, "offender_manager"],
      [PSYCHOLOGIST, "psychologist"],
      [LEAD, "supervisor"],
    ],
  });
  const investigator = t.actorFor(INVESTIGATOR);
  ids.incident1 = ok(
    recordIncident(
      investigator,
      c.id,
      incidentForm({
        date: "2026-01-10",
        description: "Forty messages in one evening after the relationship ended.",
      }),
      NOW,
    ),
  ).id;
  ids.incident2 = ok(
    recordIncident(
      investigator,
      c.id,
      incidentForm({
        date: "2026-02-14",
        description: "Waited outside her workplace and followed her to the car park.",
      }),
      NOW,
    ),
  ).id;
  ids.offence = ok(
    recordOffence(
      investigator,
      c.id,
      offenceForm({
        status: "convicted",
        outcomeCode: "charged",
        chargedOn: "2026-03-01",
      }),
    ),
  ).id;
  ids.sam = signedOffAssessment(
    PSYCHOLOGIST,
    LEAD,
    sam,
    sampleAnswers(sam, {
      sam_priority: "high",
      sam_continued: "high",
      sam_violence: "moderate",
      sam_imminence: "moderate",
    }),
  );
  ids.dash = signedOffAssessment(
    ADVOCATE,
    MANAGER,
    dash,
    sampleAnswers(dash, {
      dash_stalking: "yes",
      risk_level: "high",
      rationale: "Escalating contact after the order.",
    }),
  );
  const at = NOW.toISOString();
  t.db.transaction((tx) => {
    ids.contact = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "victim_contact",
        category: "victim_contact",
        ownerAgencyId: agencyOf(ADVOCATE),
        authorUserId: t.userId(ADVOCATE),
        title: "Victim contact details",
        summary: "Contact details recorded",
        body: { address: VICTIM_ADDRESS, phone: VICTIM_PHONE },
      },
      at,
    );
    ids.safety = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "safety_plan",
        category: "victim_care",
        ownerAgencyId: agencyOf(ADVOCATE),
        authorUserId: t.userId(ADVOCATE),
        title: "Safety plan",
        summary: "Safety plan in place; reviewed weekly",
        body: { text: "Alarm issued." },
      },
      at,
    );
    ids.intel = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "note",
        category: "police_intelligence",
        ownerAgencyId: agencyOf(INVESTIGATOR),
        authorUserId: t.userId(INVESTIGATOR),
        title: "Intelligence",
        summary: "Intelligence held",
        body: { text: "Source-graded intelligence." },
      },
      at,
    );
  });
  // A finalised clinic meeting the court author attended, with its minutes record (as finaliseMinutes writes it).
  const meetingId = randomUUID();
  const partnershipId = t.db
    .select({ p: agencies.partnershipId })
    .from(agencies)
    .where(eq(agencies.id, agencyOf(COORDINATOR)))
    .get()!.p;
  t.db
    .insert(meetings)
    .values({
      id: meetingId,
      partnershipId,
      kind: "clinic_review",
      title: "Stalking clinic",
      startsAt: "2026-05-20T13:00:00.000Z",
      chairUserId: t.userId(COORDINATOR),
      status: "finalised",
      confidentialityStatement: "Confidential.",
      createdBy: t.userId(COORDINATOR),
      createdAt: at,
      finalisedAt: at,
      finalisedBy: t.userId(COORDINATOR),
    })
    .run();
  for (const email of [COURT, ADVOCATE, COORDINATOR])
    t.db
      .insert(meetingInvitees)
      .values({
        meetingId,
        userId: t.userId(email),
        invitedBy: t.userId(COORDINATOR),
        invitedAt: at,
        attendance: "present",
        acknowledgedAt: at,
      })
      .run();
  t.db.transaction((tx) => {
    ids.minutes = insertCaseRecord(
      tx,
      {
        caseId: c.id,
        kind: "meeting_minutes",
        category: "meeting_minutes",
        ownerAgencyId: agencyOf(COORDINATOR),
        authorUserId: t.userId(COORDINATOR),
        meetingId,
        title: "Minutes: Stalking clinic",
        summary: "Clinic case review",
        body: {
          itemId: "i1",
          minutes: "Discussed the course of conduct.",
          plan: null,
          decisions: ["Recommend the stalking perpetrator programme as a requirement"],
          actions: [],
        },
      },
      at,
    );
  });
});
afterAll(() => t.cleanup());

function start(): string {
  return ok(
    startReport(
      t.actorFor(COURT),
      c.id,
      {
        court: "Northshire Magistrates' Court",
        ...HEARING,
        offences: ["stalking_s2a"],
      },
      NOW,
    ),
  ).id;
}

describe("starting pre-sentence input", () => {
  it("is for the probation court team on the case, for a convicted offence", () => {
    const before = reportCount();
    for (const email of [INVESTIGATOR, ADVOCATE, PRACTITIONER])
      expect(
        statusOf(() =>
          startReport(t.actorFor(email), c.id, { court: "X", ...HEARING, offences: ["stalking_s2a"] }, NOW),
        ),
      ).toBe(404);
    expect(reportCount()).toBe(before);
  });

  it("refuses bad input with clear messages and changes nothing", () => {
    const before = reportCount();
    const court = t.actorFor(COURT);
    const bad = (values: Record<string, string | string[]>) => {
      const r = startReport(court, c.id, values, NOW);
      if (r.ok) throw new Error("accepted");
      return r.errors;
    };
    expect(bad({ court: "", ...HEARING, offences: ["stalking_s2a"] })).toMatchObject({ court: "Enter the court" });
    expect(
      bad({
        court: "A court",
        "hearing-day": "1",
        "hearing-month": "1",
        "hearing-year": "2026",
        offences: ["stalking_s2a"],
      }),
    ).toMatchObject({
      hearing: "The hearing date must be today or in the future",
    });
    expect(bad({ court: "A court", ...HEARING })).toMatchObject({
      offences: "Select the offences the perpetrator was convicted of",
    });
    // A forged offence code, and a record id passed off as an offence.
    expect(bad({ court: "A court", ...HEARING, offences: ["murder"] })).toMatchObject({
      offences: "Select offences from the list",
    });
    expect(bad({ court: "A court", ...HEARING, offences: [ids.incident1] })).toMatchObject({
      offences: "Select offences from the list",
    });
    expect(
      bad({
        court: "A court",
        ...HEARING,
        offences: [],
        otherOffence: "x".repeat(201),
      }),
    ).toMatchObject({
      otherOffence: "The other offence must be 200 characters or fewer",
    });
    expect(reportCount()).toBe(before);
  });

  it("keeps the draft to probation: other agencies get a 404", () => {
    const id = start();
    expect(reportView(t.actorFor(COURT), c.id, id, NOW).state).toBe("draft");
    expect(reportView(t.actorFor(SPO), c.id, id, NOW).isAuthor).toBe(false);
    for (const email of [INVESTIGATOR, ADVOCATE, PSYCHOLOGIST])
      expect(statusOf(() => reportView(t.actorFor(email), c.id, id, NOW))).toBe(404);
  });
});

describe("pulling statements", () => {
  it("offers each section only what the author can read, at the level they can read it", () => {
    const id = start();
    const court = t.actorFor(COURT);
    const offence = sectionSourcesFor(court, c.id, id, "offence_analysis").sources;
    expect(offence.map((s) => s.recordId)).toEqual(["timeline", ids.incident1, ids.incident2]);
    expect(offence[0]!.parts).toEqual([
      {
        part: "summary",
        label: "Course-of-conduct summary",
        key: TIMELINE_KEY,
        pulled: false,
        text: expect.stringMatching(/^Course of conduct: 2 incidents between 10 January 2026 and 14 February 2026 \(/),
      },
    ]);
    expect(offence.find((s) => s.recordId === ids.incident1)!.parts.map((p) => p.part)).toEqual(["summary", "account"]);
    const pattern = sectionSourcesFor(court, c.id, id, "pattern_motivation").sources;
    expect(pattern.map((s) => s.recordId)).toEqual([ids.sam]);
    expect(pattern[0]!.parts[0]!.text).toContain("SAM: case prioritisation high");
    // The DASH is the victim's account: probation reads its summary line only, so only that is offered.
    const victim = sectionSourcesFor(court, c.id, id, "victim_impact").sources;
    const dashSource = victim.find((s) => s.recordId === ids.dash)!;
    expect(dashSource.level).toBe("summary");
    expect(dashSource.parts.map((p) => p.part)).toEqual(["summary"]);
    expect(victim.map((s) => s.recordId)).toContain(ids.safety);
    expect(sectionSourcesFor(court, c.id, id, "multi_agency").sources[0]!.parts.map((p) => p.text)).toContain(
      "Decision: Recommend the stalking perpetrator programme as a requirement",
    );
    // Never the victim's contact details, nor police intelligence, in any section.
    const everything = JSON.stringify(
      [
        "offence_analysis",
        "pattern_motivation",
        "risk_of_harm",
        "victim_impact",
        "orders_compliance",
        "multi_agency",
      ].map((s) => sectionSourcesFor(court, c.id, id, s)),
    );
    expect(everything).not.toContain(ids.contact);
    expect(everything).not.toContain(VICTIM_ADDRESS);
    expect(everything).not.toContain(ids.intel);
  });

  it("adds statements with their provenance, worked out on the server", () => {
    const id = start();
    ok(
      pullStatements(
        t.actorFor(COURT),
        c.id,
        id,
        {
          section: "offence_analysis",
          sources: [`${ids.incident1}:account`, `${ids.incident2}:summary`],
        },
        NOW,
      ),
    );
    ok(
      pullStatements(
        t.actorFor(COURT),
        c.id,
        id,
        { section: "pattern_motivation", sources: [`${ids.sam}:summary`] },
        NOW,
      ),
    );
    const view = reportView(t.actorFor(COURT), c.id, id, NOW);
    const offence = view.sections.find((s) => s.code === "offence_analysis")!.statements;
    expect(offence.map((s) => s.text)).toEqual([
      expect.stringContaining("Forty messages in one evening"),
      expect.any(String),
    ]);
    expect(offence[0]).toMatchObject({
      origin: "pulled",
      standing: "current",
      provenance: { agency: "Northshire Police", author: "Dana Whitlock" },
    });
    const pattern = view.sections.find((s) => s.code === "pattern_motivation")!.statements[0]!;
    expect(pattern.provenance).toMatchObject({
      label: "Stalking assessment and management (SAM-structured)",
      author: "Dr Imogen Vale",
    });
    // Pulling the same statement again adds nothing.
    const before = statementCount();
    ok(
      pullStatements(
        t.actorFor(COURT),
        c.id,
        id,
        { section: "offence_analysis", sources: [`${ids.incident1}:account`] },
        NOW,
      ),
    );
    expect(statementCount()).toBe(before);
  });

  it("refuses forged and unreadable sources, victim contact above all (even when shared), and changes nothing", () => {
    const id = start();
    const court = t.actorFor(COURT);
    // The advocate shares the contact record with the court author: they may read it, but it can never be pulled.
    const shared = shareRecord(t.actorFor(ADVOCATE), ids.contact, {
      recipientKind: "user",
      userEmail: COURT,
      purpose: "pre_sentence_report",
      lawfulBasis: "cda_1998_s115",
    });
    expect(shared.ok).toBe(true);
    const before = statementCount();
    const attempts: [string, string][] = [
      ["victim_impact", `${ids.contact}:summary`],
      ["offence_analysis", `${randomUUID()}:summary`],
      ["offence_analysis", "not-a-key"],
      ["offence_analysis", `${ids.intel}:summary`],
      ["victim_impact", `${ids.dash}:answer:3`],
      ["pattern_motivation", `${ids.incident1}:summary`],
      ["offence_analysis", `${ids.incident1}:made_up`],
    ];
    for (const [section, source] of attempts) {
      const r = pullStatements(court, c.id, id, { section, sources: [`${ids.incident2}:summary`, source] }, NOW);
      expect(r.ok, source).toBe(false);
      if (!r.ok) expect(r.errors).toEqual({ sources: SOURCE_NOT_AVAILABLE });
    }
    expect(statementCount()).toBe(before);
    expect(
      t.auditRows().filter((a) => a.action === "psr.pull" && a.outcome === "denied").length,
    ).toBeGreaterThanOrEqual(attempts.length);
    // Another case's report id, and someone else's draft.
    expect(
      statusOf(() =>
        pullStatements(
          t.actorFor(SPO),
          c.id,
          id,
          {
            section: "offence_analysis",
            sources: [`${ids.incident2}:summary`],
          },
          NOW,
        ),
      ),
    ).toBe(403);
    expect(
      statusOf(() =>
        pullStatements(
          court,
          c.id,
          randomUUID(),
          {
            section: "offence_analysis",
            sources: [`${ids.incident2}:summary`],
          },
          NOW,
        ),
      ),
    ).toBe(404);
  });

  it("flags a statement whose source changes or is retracted, and the author can take the current text", () => {
    const id = start();
    ok(
      pullStatements(
        t.actorFor(COURT),
        c.id,
        id,
        { section: "offence_analysis", sources: [`${ids.incident2}:account`] },
        NOW,
      ),
    );
    const statement = () => reportView(t.actorFor(COURT), c.id, id, NOW).sections[0]!.statements[0]!;
    expect(statement().standing).toBe("current");
    const record = t.db.select().from(caseRecords).where(eq(caseRecords.id, ids.incident2)).get()!;
    const body = JSON.parse(record.body) as Record<string, unknown>;
    t.db.transaction((tx) =>
      reviseCaseRecord(tx, ids.incident2, record.version, {
        title: record.title,
        summary: record.summary,
        body: {
          ...body,
          text: "Waited outside her workplace, followed her, and shouted at a colleague.",
        },
      }),
    );
    expect(statement()).toMatchObject({
      standing: "changed",
      standingMessage: "The source has changed since this was pulled",
    });
    expect(reportView(t.actorFor(COURT), c.id, id, NOW).flagged).toBe(1);
    ok(refreshStatement(t.actorFor(COURT), c.id, id, { statementId: statement().id }, NOW));
    expect(statement()).toMatchObject({
      standing: "current",
      text: expect.stringContaining("shouted at a colleague"),
    });
  });
});

describe("the course-of-conduct summary", () => {
  it("is pulled from the whole timeline and flagged when an incident is added", () => {
    const id = start();
    ok(pullStatements(t.actorFor(COURT), c.id, id, { section: "offence_analysis", sources: [TIMELINE_KEY] }, NOW));
    const statement = () => reportView(t.actorFor(COURT), c.id, id, NOW).sections[0]!.statements[0]!;
    expect(statement()).toMatchObject({
      standing: "current",
      text: expect.stringContaining("Course of conduct: 2 incidents"),
      provenance: { label: "Incident timeline (2 incidents)", agency: "Northshire Police" },
    });
    const third = ok(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        c.id,
        incidentForm({ date: "2026-03-20", description: "Left flowers on her car." }),
        NOW,
      ),
    ).id;
    expect(statement().standing).toBe("changed");
    ok(refreshStatement(t.actorFor(COURT), c.id, id, { statementId: statement().id }, NOW));
    expect(statement()).toMatchObject({
      standing: "current",
      text: expect.stringContaining("Course of conduct: 3 incidents between 10 January 2026 and 20 March 2026"),
    });
    t.db.transaction((tx) => retractCaseRecord(tx, third, t.userId(INVESTIGATOR), "Recorded twice"));
    expect(statement().standing).toBe("changed");
  });
});

describe("input from partners, submission and sign-off", () => {
  let id: string;
  let requestId: string;

  it("asks a partner on the team, who answers; the answer lands with its provenance", () => {
    id = start();
    const court = t.actorFor(COURT);
    const bad = askForInput(
      court,
      c.id,
      id,
      {
        section: "victim_impact",
        to: t.userId("prosecutor@cps.concord.test"),
        question: "Q",
        "due-day": "10",
        "due-month": "6",
        "due-year": "2026",
      },
      NOW,
    );
    expect(bad).toMatchObject({
      ok: false,
      errors: { to: "Choose someone on the case team from the list" },
    });
    const late = askForInput(
      court,
      c.id,
      id,
      {
        section: "victim_impact",
        to: t.userId(ADVOCATE),
        question: "Q",
        "due-day": "30",
        "due-month": "6",
        "due-year": "2026",
      },
      NOW,
    );
    expect(late).toMatchObject({
      ok: false,
      errors: {
        due: "The due date must be on or before the hearing date, 22 June 2026",
      },
    });
    requestId = ok(
      askForInput(
        court,
        c.id,
        id,
        {
          section: "victim_impact",
          to: t.userId(ADVOCATE),
          question: "How has the stalking affected the victim, and what does she want the court to know?",
          "due-day": "12",
          "due-month": "6",
          "due-year": "2026",
        },
        NOW,
      ),
    ).id;
    expect(inputRequestsForMe(t.actorFor(ADVOCATE), NOW).map((r) => r.id)).toContain(requestId);
    // Only the person asked can see or answer it.
    expect(statusOf(() => inputRequest(t.actorFor(PSYCHOLOGIST), c.id, requestId, NOW))).toBe(404);
    expect(statusOf(() => answerInputRequest(t.actorFor(COURT), c.id, requestId, { answer: "x" }, NOW))).toBe(404);
    expect(answerInputRequest(t.actorFor(ADVOCATE), c.id, requestId, { answer: "  " }, NOW)).toMatchObject({
      ok: false,
      errors: { answer: "Enter your answer" },
    });
    // The advocate can read the victim's contact details; typing them into the answer is refused, nothing saved.
    const leaky = answerInputRequest(
      t.actorFor(ADVOCATE),
      c.id,
      requestId,
      { answer: `She has moved to ${VICTIM_ADDRESS} and her number is ${VICTIM_PHONE}.` },
      NOW,
    );
    expect(leaky).toMatchObject({
      ok: false,
      errors: {
        answer:
          "Your answer contains the victim's phone number and address. Remove it: pre-sentence input goes to the court and the defence",
      },
    });
    expect(inputRequest(t.actorFor(ADVOCATE), c.id, requestId, NOW).status).toBe("open");
    ok(
      answerInputRequest(
        t.actorFor(ADVOCATE),
        c.id,
        requestId,
        { answer: "She has changed her route to work and no longer goes out alone in the evening." },
        NOW,
      ),
    );
    expect(statusOf(() => declineInputRequest(t.actorFor(ADVOCATE), c.id, requestId, { reason: "x" }, NOW))).toBe(409);
    const contribution = reportView(t.actorFor(COURT), c.id, id, NOW).sections.find((s) => s.code === "victim_impact")!
      .statements[0]!;
    expect(contribution).toMatchObject({
      origin: "contribution",
      text: expect.stringContaining("changed her route"),
      provenance: {
        agency: "Northshire Stalking Advocacy Service",
        author: "Jess Marlowe",
        label: "Answer to a request for input of 1 June 2026",
      },
    });
  });

  it("cannot be submitted incomplete, nor signed off by its author; a senior probation officer signs it off", async () => {
    const court = t.actorFor(COURT);
    expect(submitReport(court, c.id, id, NOW)).toMatchObject({
      ok: false,
      errors: { form: expect.stringContaining("Add your proposal") },
    });
    ok(pullStatements(court, c.id, id, { section: "offence_analysis", sources: [`${ids.incident1}:account`] }, NOW));
    ok(pullStatements(court, c.id, id, { section: "pattern_motivation", sources: [`${ids.sam}:summary`] }, NOW));
    ok(pullStatements(court, c.id, id, { section: "risk_of_harm", sources: [`${ids.sam}:summary`] }, NOW));
    ok(pullStatements(court, c.id, id, { section: "multi_agency", sources: [`${ids.minutes}:decision:0`] }, NOW));
    for (const section of ["orders_compliance", "proposal"])
      ok(addOwnText(court, c.id, id, { section, text: `Author's assessment for ${section}.` }, NOW));
    expect(setSentenceProposal(court, c.id, id, { sentence: "made_up" }, NOW)).toMatchObject({ ok: false });
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
    // A removed statement leaves the report (and stays in the table, marked).
    const own = reportView(court, c.id, id, NOW).sections.find((s) => s.code === "orders_compliance")!.statements[0]!;
    ok(addOwnText(court, c.id, id, { section: "orders_compliance", text: "A line to remove." }, NOW));
    const extra = reportView(court, c.id, id, NOW).sections.find((s) => s.code === "orders_compliance")!.statements[1]!;
    ok(removeStatement(court, c.id, id, { statementId: extra.id }, NOW));
    expect(
      reportView(court, c.id, id, NOW)
        .sections.find((s) => s.code === "orders_compliance")!
        .statements.map((s) => s.id),
    ).toEqual([own.id]);
    expect(
      t.db.select().from(preSentenceStatements).where(eq(preSentenceStatements.id, extra.id)).get()!.removedAt,
    ).not.toBeNull();

    ok(submitReport(court, c.id, id, NOW));
    expect(reportsAwaitingSignOff(t.actorFor(SPO)).map((r) => r.reportId)).toContain(id);
    // The author cannot sign it off (even forged), nor can a practitioner; nothing changes.
    expect(signOffReport(court, c.id, id, NOW)).toEqual({
      ok: false,
      errors: { form: OWN_SIGN_OFF },
      values: {},
    });
    expect(statusOf(() => signOffReport(t.actorFor(PRACTITIONER), c.id, id, NOW))).toBe(403);
    expect(
      t.db
        .select({ s: preSentenceReports.state })
        .from(preSentenceReports)
        .where(eq(preSentenceReports.recordId, id))
        .get()!.s,
    ).toBe("submitted");
    expect(statusOf(() => addOwnText(court, c.id, id, { section: "proposal", text: "Late change" }, NOW))).toBe(403);
    await expect(exportReport(t.actorFor(SPO), c.id, id, "docx", NOW)).rejects.toMatchObject({ status: 409 });

    // Returned, then resubmitted and signed off.
    expect(returnReport(t.actorFor(SPO), c.id, id, { reason: "" }, NOW)).toMatchObject({
      ok: false,
      errors: { reason: "Enter what needs to change" },
    });
    ok(returnReport(t.actorFor(SPO), c.id, id, { reason: "Say more about compliance with the interim order." }, NOW));
    expect(reportView(court, c.id, id, NOW)).toMatchObject({
      state: "draft",
      returnReason: "Say more about compliance with the interim order.",
    });
    ok(submitReport(court, c.id, id, NOW));
    ok(signOffReport(t.actorFor(SPO), c.id, id, NOW));
    expect(reportView(court, c.id, id, NOW)).toMatchObject({
      state: "signed_off",
      signedOffBy: "Gareth Linley",
    });
    expect(t.db.select({ s: caseRecords.status }).from(caseRecords).where(eq(caseRecords.id, id)).get()!.s).toBe(
      "signed_off",
    );
    expect(statusOf(() => addOwnText(court, c.id, id, { section: "proposal", text: "After sign-off" }, NOW))).toBe(403);
  });

  it("exports to Word with the sections and provenance footnotes, and nothing of the victim's contact details", async () => {
    const file = await exportReport(t.actorFor(COURT), c.id, id, "docx", NOW);
    expect(file.filename).toBe(`concord-pre-sentence-input-${c.reference.toLowerCase()}.docx`);
    const docx = await readDocx(file.body);
    expect(docx.headings.map(([, text]) => text)).toEqual(
      expect.arrayContaining([
        "Offence analysis",
        "Pattern and motivation",
        "Risk of serious harm, and to whom",
        "Victim impact and safety considerations",
        "Previous orders and compliance",
        "The multi-agency view",
        "Proposal",
      ]),
    );
    const notes = [...docx.footnotes.values()];
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Source: Stalking assessment and management \(SAM-structured\), Northshire .*Health.*, Dr Imogen Vale, /,
        ),
        expect.stringContaining("Jess Marlowe"),
      ]),
    );
    expect(docx.footnoteReferences.length).toBe(notes.length);
    expect(docx.allText).toContain("Accredited programme requirement");
    expect(docx.allText).toContain("30 days. Stalking perpetrator programme");
    for (const secret of [VICTIM_ADDRESS, VICTIM_PHONE]) expect(docx.allText).not.toContain(secret);
    expect(t.auditRows().some((a) => a.action === "psr.export" && a.outcome === "done")).toBe(true);
    // Other agencies cannot export it.
    for (const email of [INVESTIGATOR, ADVOCATE])
      await expect(exportReport(t.actorFor(email), c.id, id, "docx", NOW)).rejects.toMatchObject({ status: 404 });
  });

  it("withholds, in the view and the export, a statement whose source the reader cannot read", async () => {
    // The senior probation officer was not at the clinic meeting, so its minutes are not theirs to read: the
    // decision pulled from them is withheld from their view and their export, and kept in the author's.
    const decision = "Recommend the stalking perpetrator programme";
    const spoView = reportView(t.actorFor(SPO), c.id, id, NOW);
    const withheld = spoView.sections.find((s) => s.code === "multi_agency")!.statements[0]!;
    expect(withheld).toMatchObject({
      withheld: true,
      text: "",
      standing: "unavailable",
    });
    expect(JSON.stringify(spoView)).not.toContain(decision);
    expect((await readDocx((await exportReport(t.actorFor(SPO), c.id, id, "docx", NOW)).body)).allText).not.toContain(
      decision,
    );
    expect((await readDocx((await exportReport(t.actorFor(COURT), c.id, id, "docx", NOW)).body)).allText).toContain(
      decision,
    );
    // A source retracted after sign-off is flagged to the reader, never silently kept as current.
    t.db.transaction((tx) => retractCaseRecord(tx, ids.sam, t.userId(PSYCHOLOGIST), "Entered on the wrong case"));
    const pattern = reportView(t.actorFor(COURT), c.id, id, NOW).sections.find((s) => s.code === "pattern_motivation")!
      .statements[0]!;
    expect(pattern).toMatchObject({
      standing: "retracted",
      standingMessage: "The source has been retracted",
    });
  });
});
