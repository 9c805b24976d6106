// Issue 17 on a real SQLite file: pre-sentence input to the standard a court expects. Contact details of any shape
// kept out of every text that can reach the document (with the author's audited override), "keep as at
// conviction" beside "take current text", editing, moving and inserting statements, the header block, the
// structured proposal and the sources list in the exports.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIMELINE_KEY } from "~/domain/pre-sentence";
import { editIncident, recordIncident } from "~/services/incidents.server";
import { PSR_SECTIONS } from "~/domain/pre-sentence";
import { exportReport } from "~/services/pre-sentence-export.server";
import {
  addOwnText,
  confirmNotContactDetails,
  keepAsAtConviction,
  pullStatements,
  refreshStatement,
  reportView,
  signOffReport,
  startReport,
  submitReport,
} from "~/services/pre-sentence.server";
import { editStatement, moveStatement } from "~/services/pre-sentence-editing.server";
import { setSentenceProposal } from "~/services/pre-sentence-proposal.server";
import { preSentenceReports } from "../../db/schema";
import { answerInputRequest, askForInput, inputRequest } from "~/services/pre-sentence-requests.server";
import { people } from "../../db/schema";
import { pdfStructTypes, pdfStructure, readDocx } from "../export-readers";
import { count, incidentForm, makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const COURT = "court@probation.concord.test";
const SPO = "spo@probation.concord.test";

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

let t: TestDb;
let c: TestCase;
let incident: string;

function ok<T extends { ok: boolean }>(r: T): T & { ok: true } {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true };
}
const statements = () => count(t, "pre_sentence_statements");
const audits = (action: string, outcome: "done" | "denied") =>
  t.auditRows().filter((a) => a.action === action && a.outcome === outcome);

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  c = makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [COURT, "offender_manager"],
      [SPO, "supervisor"],
    ],
  });
  incident = ok(
    recordIncident(
      t.actorFor(INVESTIGATOR),
      c.id,
      incidentForm({ date: "2026-02-10", description: "He waited outside 22 Foxglove Road for two hours." }),
      NOW,
    ),
  ).id;
});
afterAll(() => t.cleanup());

const start = () => ok(startReport(t.actorFor(COURT), c.id, START, NOW)).id;

const PROPOSAL = {
  sentence: "community_order",
  orderMonths: "24",
  sentenceRationale: "A community order lets the programme address the fixation.",
  requirements: ["accredited_programme", "curfew"],
  "accredited_programme-amount": "30",
  "accredited_programme-detail": "Stalking perpetrator programme",
  "accredited_programme-rationale": "He accepts he needs help to stop.",
  "curfew-amount": "6",
  "curfew-hours": "12",
  "curfew-days": "7",
  "curfew-monitoring": "yes",
  "curfew-rationale": "The incidents happened in the evenings.",
  ancillary: ["restraining_order"],
  "restraining_order-terms":
    "Not to contact the victim directly or indirectly\nNot to enter the area shown on the map held by the court",
  "restraining_order-until": "further_order",
  "restraining_order-rationale": "The victim fears further contact.",
};

describe("the structured proposal", () => {
  const stored = (id: string) =>
    t.db
      .select({ p: preSentenceReports.sentenceProposal })
      .from(preSentenceReports)
      .where(eq(preSentenceReports.recordId, id))
      .get()!.p;

  it("is refused with a message per field when the law does not allow it, and nothing is saved", () => {
    const id = start();
    const r = setSentenceProposal(
      t.actorFor(COURT),
      c.id,
      id,
      {
        ...PROPOSAL,
        requirements: [...PROPOSAL.requirements, "unpaid_work"],
        "unpaid_work-amount": "500",
        "unpaid_work-rationale": "x",
        "curfew-hours": "20",
      },
      NOW,
    );
    expect(r).toMatchObject({
      ok: false,
      errors: {
        "unpaid_work-amount": expect.stringContaining("between 40 and 300"),
        "curfew-hours": expect.stringContaining("at most 112 hours in any 7 days"),
      },
    });
    expect(stored(id)).toBeNull();
    expect(submitReport(t.actorFor(COURT), c.id, id, NOW)).toMatchObject({
      ok: false,
      errors: { form: expect.stringContaining("Add your proposal") },
    });
  });

  it("refuses restraining-order terms that give an address, then saves them with the author's override, audited", () => {
    const id = start();
    const court = t.actorFor(COURT);
    const leaky = {
      ...PROPOSAL,
      "restraining_order-terms": "Not to go to 14 Larkspur Road\nNot to contact the victim",
    };
    const deniedBefore = audits("psr.contact_check", "denied").length;
    const refused = setSentenceProposal(court, c.id, id, leaky, NOW);
    expect(refused).toMatchObject({
      ok: false,
      offerContactOverride: true,
      errors: {
        "restraining_order-terms": expect.stringContaining(
          'The terms of the restraining order on conviction contains what looks like an address ("14 Larkspur Road")',
        ),
      },
    });
    expect(stored(id)).toBeNull();
    expect(audits("psr.contact_check", "denied")).toHaveLength(deniedBefore + 1);

    const overridesBefore = audits("psr.contact_override", "done").length;
    ok(setSentenceProposal(court, c.id, id, { ...leaky, contactOverride: "confirmed" }, NOW));
    const override = audits("psr.contact_override", "done");
    expect(override).toHaveLength(overridesBefore + 1);
    expect(JSON.stringify(override.at(-1))).not.toContain("Larkspur");
    const view = reportView(court, c.id, id, NOW);
    expect(view.sentenceProposal?.ancillary[0]?.terms).toEqual([
      "Not to go to 14 Larkspur Road",
      "Not to contact the victim",
    ]);
    expect(view.sentenceProposal?.contactOverride).toMatchObject({ by: t.userId(COURT), kinds: "address" });
    // Saved again without the address, the override goes with the old text.
    ok(setSentenceProposal(court, c.id, id, PROPOSAL, NOW));
    expect(reportView(court, c.id, id, NOW).sentenceProposal?.contactOverride).toBeNull();
  });

  it("is set only by the author of a draft; the senior probation officer reads it", () => {
    const id = start();
    ok(setSentenceProposal(t.actorFor(COURT), c.id, id, PROPOSAL, NOW));
    expect(
      statusOf(() => setSentenceProposal(t.actorFor(SPO), c.id, id, { ...PROPOSAL, orderMonths: "12" }, NOW)),
    ).toBe(403);
    expect(statusOf(() => setSentenceProposal(t.actorFor(INVESTIGATOR), c.id, id, PROPOSAL, NOW))).toBe(404);
    expect(reportView(t.actorFor(SPO), c.id, id, NOW).sentenceProposal?.sentence).toMatchObject({
      type: "community_order",
      term: { value: 24, unit: "months" },
    });
  });
});

describe("contact details of any shape", () => {
  it("refuses a partner's answer giving a new address and mobile nobody has recorded, naming what looks like them", () => {
    const id = start();
    const court = t.actorFor(COURT);
    const q = ok(
      askForInput(
        court,
        c.id,
        id,
        {
          section: "victim_impact",
          to: t.userId(ADVOCATE),
          question: "What has changed for the victim?",
          "due-day": "12",
          "due-month": "6",
          "due-year": "2026",
        },
        NOW,
      ),
    ).id;
    const before = statements();
    const leaky = answerInputRequest(
      t.actorFor(ADVOCATE),
      c.id,
      q,
      { answer: "She has moved: she lives at 9 Mill Lane, Northshire NS4 2PQ, mobile 07700 900123." },
      NOW,
    );
    expect(leaky.ok).toBe(false);
    const message = (leaky as { errors: Record<string, string> }).errors.answer!;
    expect(message).toContain('a phone number ("07700 900123")');
    expect(message).toContain('a postcode ("NS4 2PQ")');
    expect(message).toContain('an address ("lives at 9 Mill")');
    expect(message).toContain("goes to the court and the defence");
    expect(statements()).toBe(before);
    expect(inputRequest(t.actorFor(ADVOCATE), c.id, q, NOW).status).toBe("open");
    expect(audits("psr.answer", "denied").at(-1)).toMatchObject({
      detail: expect.stringContaining("contact_shape_in_text"),
    });
    // The audit entry names kinds, never the text.
    expect(JSON.stringify(t.auditRows())).not.toContain("Mill Lane");
  });

  it("refuses the author's own text with a court's address until they confirm it is not contact details, audited", () => {
    const id = start();
    const court = t.actorFor(COURT);
    const before = statements();
    const text = "The hearing is at Northshire Magistrates' Court, 1 Castle Street, NS1 1AA.";
    const refused = addOwnText(court, c.id, id, { section: "offence_analysis", text }, NOW);
    expect(refused).toMatchObject({ ok: false, offerContactOverride: true });
    expect((refused as { errors: Record<string, string> }).errors.text).toContain('a postcode ("NS1 1AA")');
    expect(statements()).toBe(before);
    ok(addOwnText(court, c.id, id, { section: "offence_analysis", text, contactOverride: "confirmed" }, NOW));
    expect(statements()).toBe(before + 1);
    expect(audits("psr.contact_override", "done").at(-1)).toMatchObject({
      actorUserId: court.userId,
      subjectId: id,
      detail: expect.stringContaining("postcode"),
    });
    const st = reportView(court, c.id, id, NOW).sections.find((s) => s.code === "offence_analysis")!.statements[0]!;
    expect(st).toMatchObject({ text, contactNotice: null, contactOverridden: true });
  });

  it("flags a pulled statement shaped like contact details: it needs attention and blocks submission until confirmed", () => {
    const id = start();
    const court = t.actorFor(COURT);
    ok(pullStatements(court, c.id, id, { section: "offence_analysis", sources: [`${incident}:account`] }, NOW));
    let view = reportView(court, c.id, id, NOW);
    const st = view.sections.find((s) => s.code === "offence_analysis")!.statements[0]!;
    expect(st.contactNotice).toBe('This looks like it contains an address ("22 Foxglove Road")');
    expect(view.attention).toBe(1);
    const submitted = submitReport(court, c.id, id, NOW);
    expect(submitted).toMatchObject({
      ok: false,
      errors: { form: expect.stringContaining("1 statement needs your attention") },
    });
    // Only the author may confirm it.
    expect(() => confirmNotContactDetails(t.actorFor(SPO), c.id, id, { statementId: st.id }, NOW)).toThrow();
    ok(confirmNotContactDetails(court, c.id, id, { statementId: st.id }, NOW));
    view = reportView(court, c.id, id, NOW);
    expect(view.attention).toBe(0);
    expect(audits("psr.contact_override", "done").at(-1)).toMatchObject({
      subjectId: id,
      detail: expect.stringContaining(st.id),
    });
  });
});

describe("keep as at conviction", () => {
  let c2: TestCase;
  let first: string;
  beforeAll(() => {
    c2 = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [COURT, "offender_manager"],
        [SPO, "supervisor"],
      ],
    });
    const police = t.actorFor(INVESTIGATOR);
    first = ok(
      recordIncident(
        police,
        c2.id,
        incidentForm({ date: "2026-02-10", description: "Forty messages in one evening." }),
        new Date("2026-03-01T10:00:00Z"),
      ),
    ).id;
    ok(
      recordIncident(
        police,
        c2.id,
        incidentForm({ date: "2026-03-20", description: "Followed her to the station." }),
        new Date("2026-03-21T10:00:00Z"),
      ),
    );
  });

  it("refuses a start without a conviction date before the hearing, or without the kind of report", () => {
    const court = t.actorFor(COURT);
    const errors = (values: Record<string, string | string[]>) => {
      const r = startReport(court, c2.id, values, NOW);
      return r.ok ? {} : r.errors;
    };
    expect(errors({ ...START, "convicted-day": "", "convicted-month": "", "convicted-year": "" })).toMatchObject({
      convicted: "Enter the date of conviction",
    });
    expect(errors({ ...START, "convicted-day": "2", "convicted-month": "6", "convicted-year": "2026" })).toMatchObject({
      convicted: "The date of conviction must be today or in the past",
    });
    expect(errors({ ...START, reportType: "" })).toMatchObject({ reportType: "Select the report the input is for" });
    expect(errors({ ...START, reportType: "oral" })).toMatchObject({
      reportType: "Select the report the input is for",
    });
  });

  it("after a later incident, offers the timeline as it stood at conviction beside the current text; the footnote always matches the text", () => {
    const court = t.actorFor(COURT);
    const id = ok(startReport(court, c2.id, START, NOW)).id;
    ok(
      pullStatements(
        court,
        c2.id,
        id,
        { section: "offence_analysis", sources: [TIMELINE_KEY, `${first}:account`] },
        NOW,
      ),
    );
    // An allegation made after the conviction, and the first incident's account edited after it.
    ok(
      recordIncident(
        t.actorFor(INVESTIGATOR),
        c2.id,
        incidentForm({ date: "2026-05-28", description: "Sent a card to her new workplace." }),
        new Date("2026-05-29T10:00:00Z"),
      ),
    );
    ok(
      editIncident(
        t.actorFor(INVESTIGATOR),
        c2.id,
        first,
        incidentForm({ date: "2026-02-10", description: "Forty-two messages in one evening, and two voicemails." }),
        new Date("2026-05-30T10:00:00Z"),
      ),
    );
    const section = () =>
      reportView(court, c2.id, id, NOW).sections.find((s) => s.code === "offence_analysis")!.statements;
    const [timeline, account] = section();
    expect(timeline).toMatchObject({ standing: "changed", mayKeepAsAtConviction: true });
    expect(account).toMatchObject({ standing: "changed", mayKeepAsAtConviction: true });

    ok(refreshStatement(court, c2.id, id, { statementId: timeline!.id }, NOW));
    let now = section()[0]!;
    expect(now.text).toContain("3 incidents between 10 February 2026 and 28 May 2026");
    expect(now.provenance!.label).toBe("Incident timeline (3 incidents)");
    expect(now.mayKeepAsAtConviction).toBe(true);

    ok(keepAsAtConviction(court, c2.id, id, { statementId: timeline!.id }, NOW));
    now = section()[0]!;
    expect(now.text).toContain("2 incidents between 10 February 2026 and 20 March 2026");
    expect(now.provenance!.label).toBe("Incident timeline (2 incidents as at conviction on 15 May 2026)");
    expect(now).toMatchObject({ standing: "current", asAtConviction: true, mayKeepAsAtConviction: false });

    ok(keepAsAtConviction(court, c2.id, id, { statementId: account!.id }, NOW));
    const kept = section()[1]!;
    expect(kept.text).toContain("Forty messages in one evening.");
    expect(kept.provenance!.label).toContain("as at conviction on 15 May 2026");
    expect(kept).toMatchObject({ standing: "current", asAtConviction: true });
    expect(audits("psr.keep_as_at_conviction", "done").length).toBe(2);
    // Taking the current text again goes back to the source as it is now, and says so.
    ok(refreshStatement(court, c2.id, id, { statementId: account!.id }, NOW));
    expect(section()[1]!.text).toContain("Forty-two messages");
    expect(section()[1]!.provenance!.label).not.toContain("as at conviction");
  });
});

describe("editing, moving and inserting statements", () => {
  it("edits a pulled statement into one adapted from its source, the original kept; moves within a section; inserts at a position", () => {
    const court = t.actorFor(COURT);
    const id = start();
    ok(pullStatements(court, c.id, id, { section: "offence_analysis", sources: [TIMELINE_KEY] }, NOW));
    ok(addOwnText(court, c.id, id, { section: "offence_analysis", text: "My analysis." }, NOW));
    const list = () => reportView(court, c.id, id, NOW).sections.find((s) => s.code === "offence_analysis")!.statements;
    const [pulled, mine] = list();
    const original = pulled!.text;

    // Bad input changes nothing; only the author may edit or move.
    expect(editStatement(court, c.id, id, { statementId: pulled!.id, text: " " }, NOW)).toMatchObject({
      ok: false,
      errors: { text: "Enter the statement's text" },
    });
    expect(() => editStatement(t.actorFor(SPO), c.id, id, { statementId: pulled!.id, text: "x" }, NOW)).toThrow();
    expect(
      editStatement(court, c.id, id, { statementId: pulled!.id, text: "He lives at 4 Rowan Close now." }, NOW),
    ).toMatchObject({ ok: false, offerContactOverride: true });
    expect(list()[0]!.text).toBe(original);

    ok(
      editStatement(
        court,
        c.id,
        id,
        { statementId: pulled!.id, text: `${original} The messages were sent over one evening.` },
        NOW,
      ),
    );
    const adapted = list()[0]!;
    expect(adapted).toMatchObject({
      origin: "pulled",
      adaptedFrom: original,
      standing: "current",
      text: expect.stringContaining("over one evening"),
    });
    expect(audits("psr.edit", "done").at(-1)).toMatchObject({
      subjectId: id,
      detail: expect.stringContaining(pulled!.id),
    });

    ok(moveStatement(court, c.id, id, { statementId: mine!.id, direction: "up" }, NOW));
    expect(list().map((s) => s.id)).toEqual([mine!.id, pulled!.id]);
    expect(moveStatement(court, c.id, id, { statementId: mine!.id, direction: "up" }, NOW)).toMatchObject({
      ok: false,
      errors: { form: "The statement is already first in its section" },
    });

    // Inserted before the pulled statement; a statement of another section is not a place to insert.
    ok(addOwnText(court, c.id, id, { section: "offence_analysis", text: "Between the two.", before: pulled!.id }, NOW));
    expect(list().map((s) => s.text)).toEqual(["My analysis.", "Between the two.", adapted.text]);
    const before = statements();
    expect(
      addOwnText(court, c.id, id, { section: "risk_of_harm", text: "Misplaced.", before: pulled!.id }, NOW),
    ).toMatchObject({ ok: false, errors: { before: "Choose where to add your text from the list" } });
    expect(statements()).toBe(before);
  });
});

describe("the document a court expects", () => {
  it("exports a header block, adapted footnotes and a sources list, to Word built from styles and a tagged PDF", async () => {
    const c3 = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [COURT, "offender_manager"],
        [SPO, "supervisor"],
      ],
      parties: [{ name: "Darren Pike", dateOfBirth: "1988-04-02", role: "perpetrator" }],
    });
    t.db
      .update(people)
      .set({ identifiers: JSON.stringify({ pnc: "07/123456X" }) })
      .where(eq(people.fullName, "Darren Pike"))
      .run();
    const police = t.actorFor(INVESTIGATOR);
    const inc = ok(
      recordIncident(
        police,
        c3.id,
        incidentForm({ date: "2026-02-10", description: "Forty messages in one evening." }),
        new Date("2026-03-01T10:00:00Z"),
      ),
    ).id;
    const court = t.actorFor(COURT);
    const id = ok(startReport(court, c3.id, { ...START, offences: ["stalking_s2a", "breach_spo"] }, NOW)).id;
    ok(
      pullStatements(court, c3.id, id, { section: "offence_analysis", sources: [TIMELINE_KEY, `${inc}:account`] }, NOW),
    );
    const account = reportView(court, c3.id, id, NOW).sections[0]!.statements[1]!;
    ok(
      editStatement(
        court,
        c3.id,
        id,
        { statementId: account.id, text: "Forty messages in one evening, all unanswered." },
        NOW,
      ),
    );
    for (const s of PSR_SECTIONS)
      ok(addOwnText(court, c3.id, id, { section: s.code, text: `My view on ${s.heading.toLowerCase()}.` }, NOW));
    ok(setSentenceProposal(court, c3.id, id, PROPOSAL, NOW));
    ok(submitReport(court, c3.id, id, NOW));
    ok(signOffReport(t.actorFor(SPO), c3.id, id, NOW));

    const view = reportView(court, c3.id, id, NOW);
    expect(view.defendants).toEqual([{ name: "Darren Pike", dateOfBirth: "1988-04-02", pnc: "07/123456X" }]);
    expect(view.sources.map((s) => s.label)).toEqual([
      "Incident timeline (1 incident)",
      expect.stringContaining("(what happened)"),
    ]);

    const word = await readDocx((await exportReport(court, c3.id, id, "docx", NOW)).body);
    for (const line of [
      "Defendant",
      "Darren Pike",
      "Date of birth",
      "2 April 1988",
      "PNC number",
      "07/123456X",
      "Case reference",
      c3.reference,
      "Date of conviction",
      "15 May 2026",
      "22 June 2026",
      "Stalking (Protection from Harassment Act 1997, s2A)",
      "Breach of a stalking protection order (Stalking Protection Act 2019, s.8)",
      "Pre-sentence input to a standard delivery report",
      "Author",
    ])
      expect(word.allText).toContain(line);
    expect(word.headings.map(([, h]) => h)).toEqual([
      "Pre-sentence input",
      "Details",
      ...PSR_SECTIONS.map((s) => s.heading),
      "Proposed sentence",
      "Requirements",
      "Accredited programme requirement",
      "Curfew requirement",
      "Ancillary orders",
      "Restraining order on conviction",
      "Sources",
    ]);
    // The structured proposal is under the Proposal heading, one level down, and each part one further.
    expect(word.headings.filter(([style]) => style === "Heading2").map(([, h]) => h)).toEqual([
      "Proposed sentence",
      "Requirements",
      "Ancillary orders",
    ]);
    for (const line of [
      "Community order",
      "For 24 months",
      "30 days. Stalking perpetrator programme",
      "For 6 months, 12 hours a day on 7 days a week, with electronic monitoring",
      "Not to contact the victim directly or indirectly",
      "Until further order",
      "The victim fears further contact.",
    ])
      expect(word.allText).toContain(line);
    const after = (heading: string) => word.paragraphs.slice(word.paragraphs.indexOf(heading) + 1).join("\n");
    expect(after("Curfew requirement")).toMatch(
      /^Terms\s*For 6 months, 12 hours a day on 7 days a week, with electronic monitoring\s*Rationale\s*The incidents happened in the evenings\./,
    );
    expect(after("Restraining order on conviction")).toMatch(
      /^Proposed terms\s*Not to contact the victim directly or indirectly\s*Not to enter the area shown on the map held by the court\s*Duration\s*Until further order\s*Rationale/,
    );
    expect(
      [...word.footnotes.values()].some((f) => f.startsWith("Adapted from: ") && f.includes("what happened")),
    ).toBe(true);
    expect(word.allText).toContain("Every record and contribution drawn on");
    expect(word.documentXml).not.toMatch(/<w:(sz|jc|pBdr|spacing|color)\b/);

    const pdfFile = await exportReport(court, c3.id, id, "pdf", NOW);
    const { lang, marked, root } = pdfStructure(pdfFile.body);
    expect(lang).toBe("en-GB");
    expect(marked).toBe(true);
    const types = pdfStructTypes(root);
    expect(types.filter((x) => x === "H2").length).toBe(PSR_SECTIONS.length + 2);
    expect(types).toContain("Table");
  });
});
