// Risk assessments for the worked case NS-2026-00001 (README walkthrough): the police screening when the case
// opened, and the advocate's DASH with S-DASH twice (medium, then high after the breach, so the risk picture's
// chart shows the change). Written as the services leave them once countersigned; synthetic answers only.
import { eq } from "drizzle-orm";
import { londonDate } from "~/domain/limitation-deadline";
import { reviewDueOn } from "~/domain/risk-review";
import { currentInstrument } from "~/instruments/index";
import { sampleAnswers } from "~/instruments/sample-answers";
import type { Answers, Instrument, RiskLevel } from "~/instruments/types";
import { insertCaseRecord, type Tx } from "~/services/case-record-store.server";
import { cases, riskAssessments } from "../schema";

type Person = { id: string; agencyId: string };
const DAY = 86_400_000;

/**
 * A countersigned assessment as the risk service leaves it (record, then its risk_assessments row). `text` is the
 * body's searchable text; by default the rationale (the service joins every text answer: pass that for SAM/SRP).
 */
export function signedOff(
  tx: Tx,
  o: {
    caseId: string;
    instrument: Instrument;
    answers: Answers;
    author: Person;
    signer: Person;
    at: number;
    seriesId?: string;
    versionNumber?: number;
    superseded?: boolean;
    text?: string;
  },
): string {
  const level = o.instrument.riskLevel(o.answers) as RiskLevel;
  const when = new Date(o.at).toISOString();
  const id = insertCaseRecord(
    tx,
    {
      caseId: o.caseId,
      kind: "risk_assessment",
      category: o.instrument.defaultSharing === "team" ? "risk_assessment" : "victim_risk_assessment",
      ownerAgencyId: o.author.agencyId,
      authorUserId: o.author.id,
      status: "signed_off",
      title: o.instrument.name,
      summary: o.instrument.summaryLine(o.answers),
      body: {
        instrument: o.instrument.code,
        instrumentVersion: o.instrument.version,
        answers: o.answers,
        text: o.text ?? String(o.answers.rationale ?? ""),
      },
    },
    when,
  );
  tx.insert(riskAssessments)
    .values({
      recordId: id,
      caseId: o.caseId,
      seriesId: o.seriesId ?? id,
      versionNumber: o.versionNumber ?? 1,
      instrument: o.instrument.code,
      instrumentVersion: o.instrument.version,
      state: o.superseded ? "superseded" : "signed_off",
      riskLevel: level,
      submittedAt: when,
      submittedBy: o.author.id,
      signedOffAt: when,
      signedOffBy: o.signer.id,
      reviewDueOn: reviewDueOn(level, londonDate(when)),
    })
    .run();
  return id;
}

export function seedWorkedCaseRisk(
  tx: Tx,
  caseReference: string,
  people: { investigator: Person; supervisor: Person; advocate: Person; manager: Person },
  now: number,
): void {
  const c = tx
    .select({ id: cases.id, createdAt: cases.createdAt })
    .from(cases)
    .where(eq(cases.reference, caseReference))
    .get();
  if (!c) return;
  const screening = currentInstrument("screening");
  const dash = currentInstrument("dash");
  const opened = Date.parse(c.createdAt);
  signedOff(tx, {
    caseId: c.id,
    instrument: screening,
    answers: sampleAnswers(screening, {
      risk_level: "high",
      rationale: "All four FOUR indicators present and threats made; high risk pending the advocate's DASH.",
    }),
    author: people.investigator,
    signer: people.supervisor,
    at: opened + DAY,
  });
  const yes = Object.fromEntries(
    [
      "dash_frightened",
      "dash_stalking",
      "sdash_frightened",
      "sdash_turning_up",
      "sdash_loitering",
      "sdash_threats",
    ].map((k) => [k, "yes"]),
  );
  const first = signedOff(tx, {
    caseId: c.id,
    instrument: dash,
    answers: sampleAnswers(dash, {
      ...yes,
      risk_level: "medium",
      rationale: "Frequent contact and loitering; no violence so far.",
    }),
    author: people.advocate,
    signer: people.manager,
    at: opened + 3 * DAY,
    superseded: true,
  });
  signedOff(tx, {
    caseId: c.id,
    instrument: dash,
    answers: sampleAnswers(dash, {
      ...yes,
      sdash_property: "yes",
      sdash_third_parties: "yes",
      risk_level: "high",
      rationale: "Breach of the interim order and escalating contact: high risk.",
    }),
    author: people.advocate,
    signer: people.manager,
    at: Math.min(now - DAY, opened + 40 * DAY),
    seriesId: first,
    versionNumber: 2,
  });
}
