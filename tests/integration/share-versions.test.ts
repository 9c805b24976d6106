// Issue 16 item 1: a share of a risk assessment follows the assessment's versions unless the sharer chose "this
// version only". Real SQLite file, real gate; the new version's carried shares are read through loadActor.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { answersToFormValues } from "~/instruments/answers";
import { dash } from "~/instruments/dash";
import { sampleAnswers } from "~/instruments/sample-answers";
import type { Answer, Instrument } from "~/instruments/types";
import { riskPage } from "~/services/risk-assessment-views.server";
import {
  amendAssessment,
  countersignAssessment,
  saveAssessment,
  startAssessment,
} from "~/services/risk-assessments.server";
import { revokeShare, shareRecord, sharesOfRecord } from "~/services/shares.server";
import { caseRecords, cases, notifications, recordShares } from "../../db/schema";
import { makeCase, type TestCase } from "./course-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

function teamCase(): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
      [MANAGER, "supervisor"],
    ],
  });
}

function form(instrument: Instrument, answers: Record<string, Answer>): Record<string, string | string[]> {
  return {
    instrument: instrument.code,
    instrumentVersion: instrument.version,
    ...answersToFormValues(instrument, answers),
  };
}

const answers = (rationale: string) =>
  sampleAnswers(dash, { dash_stalking: "yes", sdash_threats: "yes", risk_level: "high", rationale });

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

/** Version 1 signed off, then each further version amended, submitted and countersigned. */
function firstVersion(c: TestCase): string {
  const id = ok(startAssessment(t.actorFor(ADVOCATE), c.id, { instrument: "dash" })).id;
  ok(saveAssessment(t.actorFor(ADVOCATE), c.id, id, form(dash, answers("First account.")), true));
  ok(countersignAssessment(t.actorFor(MANAGER), c.id, id));
  return id;
}

function nextVersion(c: TestCase, from: string, rationale: string): string {
  const id = ok(amendAssessment(t.actorFor(ADVOCATE), c.id, from)).id;
  ok(saveAssessment(t.actorFor(ADVOCATE), c.id, id, form(dash, answers(rationale)), true));
  ok(countersignAssessment(t.actorFor(MANAGER), c.id, id));
  return id;
}

function level(email: string, id: string) {
  const row = t.db
    .select({ r: caseRecords, at: cases.chargingReferredAt })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(eq(caseRecords.id, id))
    .get()!;
  return accessLevel(t.actorFor(email), recordAttributes(row.r, row.at));
}

const toInvestigator = {
  recipientKind: "user",
  userEmail: INVESTIGATOR,
  purpose: "case_work",
  lawfulBasis: "cda_1998_s115",
};
const toPractitioner = {
  recipientKind: "user",
  userEmail: PRACTITIONER,
  purpose: "case_work",
  lawfulBasis: "cda_1998_s115",
};

describe("a share of a risk assessment and its later versions", () => {
  it("follows the series by choice: the investigator reads version 3 in full, is told 'updated', and the share page shows the versions", () => {
    const c = teamCase();
    const v1 = firstVersion(c);
    const v2 = nextVersion(c, v1, "Second account.");
    const followShare = ok(shareRecord(t.actorFor(ADVOCATE), v2, { ...toInvestigator, versions: "series" })).shareId;
    const onlyShare = ok(shareRecord(t.actorFor(ADVOCATE), v2, { ...toPractitioner, versions: "this" })).shareId;
    expect(level(INVESTIGATOR, v2)).toBe("full");

    const v3 = nextVersion(c, v2, "Third account: he moved nearer.");
    // The share that follows the series reaches version 3; the one for version 2 only does not.
    expect(level(INVESTIGATOR, v3)).toBe("full");
    expect(level(PRACTITIONER, v3)).toBe("summary");
    expect(level(PRACTITIONER, v2)).toBe("full");

    const carried = t.db.select().from(recordShares).where(eq(recordShares.recordId, v3)).all();
    expect(carried).toHaveLength(1);
    expect(carried[0]).toMatchObject({
      originShareId: followShare,
      toUserId: t.userId(INVESTIGATOR),
      followsSeries: true,
      purpose: "case_work",
      lawfulBasis: "cda_1998_s115",
    });
    const audited = t.auditRows().filter((r) => r.action === "record.share_carried" && r.subjectId === v3);
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.detail!)).toMatchObject({
      shareId: carried[0]!.id,
      originShareId: followShare,
      fromVersion: 2,
      version: 3,
    });

    // The risk picture: the full current DASH, nothing withheld.
    const entry = riskPage(t.actorFor(INVESTIGATOR), c.id).picture.entries.find((e) => e.recordId === v3);
    expect(entry).toMatchObject({ level: "full", judgements: [{ label: "Risk level", value: "High" }] });

    // Told "updated": the kind of record and the case reference, never its title or content.
    const told = t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, t.userId(INVESTIGATOR)))
      .all()
      .filter((n) => n.kind === "share_updated");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toBe(`A risk assessment on case ${c.reference} shared with you was updated`);
    expect(told[0]!.text).not.toMatch(/DASH|account/i);
    expect(
      t.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, t.userId(PRACTITIONER)))
        .all()
        .filter((n) => n.kind === "share_updated"),
    ).toHaveLength(0);

    // The share page, from any version, shows each recipient and the versions they can see.
    const page = sharesOfRecord(t.actorFor(ADVOCATE), v3);
    const investigatorRow = page.shares.find((s) => s.id === followShare);
    expect(investigatorRow).toMatchObject({ status: "active", versions: [2, 3], followsSeries: true });
    expect(page.shares.find((s) => s.id === onlyShare)).toMatchObject({ versions: [2], followsSeries: false });
    expect(page.shares).toHaveLength(2);

    // Revoking, from the carried row or the original, revokes for the series.
    revokeShare(t.actorFor(ADVOCATE), carried[0]!.id);
    expect(level(INVESTIGATOR, v2)).toBe("summary");
    expect(level(INVESTIGATOR, v3)).toBe("summary");
    expect(sharesOfRecord(t.actorFor(ADVOCATE), v3).shares.find((s) => s.id === followShare)).toMatchObject({
      status: "revoked",
    });

    // A revoked share is not carried to version 4.
    const v4 = nextVersion(c, v3, "Fourth account.");
    expect(t.db.select().from(recordShares).where(eq(recordShares.recordId, v4)).all()).toEqual([]);
    expect(level(INVESTIGATOR, v4)).toBe("summary");
  });

  it("follows the series when no choice is sent (the default), and refuses a choice that is not offered, sharing nothing", () => {
    const c = teamCase();
    const v1 = firstVersion(c);
    const before = t.db.select().from(recordShares).all().length;
    const bad = shareRecord(t.actorFor(ADVOCATE), v1, { ...toInvestigator, versions: "all of them" });
    expect(bad).toMatchObject({ ok: false, errors: { versions: "Select which versions to share" } });
    expect(t.db.select().from(recordShares).all()).toHaveLength(before);

    const share = ok(shareRecord(t.actorFor(ADVOCATE), v1, toInvestigator)).shareId;
    expect(t.db.select().from(recordShares).where(eq(recordShares.id, share)).get()).toMatchObject({
      followsSeries: true,
      originShareId: null,
    });
    const v2 = nextVersion(c, v1, "Second account.");
    expect(level(INVESTIGATOR, v2)).toBe("full");
  });

  it("a share of a record that has no versions (a note) is of that record alone", () => {
    const note = t.db
      .select({ id: caseRecords.id })
      .from(caseRecords)
      .where(eq(caseRecords.title, "Safety plan"))
      .get()!.id;
    const share = ok(shareRecord(t.actorFor(ADVOCATE), note, toPractitioner)).shareId;
    expect(t.db.select().from(recordShares).where(eq(recordShares.id, share)).get()).toMatchObject({
      followsSeries: false,
    });
    expect(sharesOfRecord(t.actorFor(ADVOCATE), note).shares.find((s) => s.id === share)).toMatchObject({
      versions: null,
    });
    revokeShare(t.actorFor(ADVOCATE), share);
  });
});
