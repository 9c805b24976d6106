// Explicit shares through the real gate and a real SQLite file; notifications over a real socket.io connection.
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { recordAttributes } from "~/access/record-columns.server";
import { accessLevel } from "~/access/redact";
import { londonToday } from "~/domain/expiry-date";
import { startSession } from "~/services/sessions.server";
import { acknowledgeShare, listSharedWithMe, revokeShare, shareRecord, sharesOfRecord } from "~/services/shares.server";
import { caseRecords, cases, recordShares, users } from "../../db/schema";
import { startRealtimeServer, type RealtimeServer } from "./realtime-server";
import { setupTestDb, type TestDb } from "./test-db";

const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const CLINICIAN = "clinician@health.concord.test";
const INVESTIGATOR = "investigator@police.concord.test";

let t: TestDb;
let realtime: RealtimeServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  realtime = await startRealtimeServer();
  url = realtime.url;
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await realtime.close();
  t.cleanup();
});

/** The worked case's record with this title (the demo titles are unique). */
function recordId(title: string): string {
  const row = t.db.select({ id: caseRecords.id }).from(caseRecords).where(eq(caseRecords.title, title)).get();
  if (!row) throw new Error(`no record ${title}`);
  return row.id;
}

function levelFor(actor: Actor, title: string) {
  const row = t.db
    .select({ r: caseRecords, at: cases.chargingReferredAt })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(eq(caseRecords.title, title))
    .get()!;
  return accessLevel(actor, recordAttributes(row.r, row.at));
}

function shareCount(): number {
  return (t.db.$client.prepare("SELECT count(*) AS n FROM record_shares").get() as { n: number }).n;
}

/** The HTTP status of a Response the call throws (404 from the gate), or undefined when it returns. */
function thrownStatus(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
  return undefined;
}

function dateParts(iso: string): Record<string, string> {
  const [year, month, day] = iso.split("-");
  return { "expires-day": String(Number(day)), "expires-month": String(Number(month)), "expires-year": year! };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const toPractitioner = {
  recipientKind: "user",
  userEmail: PRACTITIONER,
  purpose: "case_work",
  lawfulBasis: "cda_1998_s115",
};

function share(email: string, title: string, input: Record<string, string>): string {
  const result = shareRecord(t.actorFor(email), recordId(title), input);
  if (!result.ok) throw new Error(`share refused: ${JSON.stringify(result.errors)}`);
  return result.shareId;
}

describe("sharing a record with a person", () => {
  it("gives the practitioner full access, shows it as shared with them, records the acknowledgement, and revoking ends it at once", () => {
    expect(levelFor(t.actorFor(PRACTITIONER), "Safety plan")).toBe("summary");
    expect(listSharedWithMe(t.actorFor(PRACTITIONER))).toEqual([]);

    const result = shareRecord(t.actorFor(ADVOCATE), recordId("Safety plan"), {
      ...toPractitioner,
      "expires-day": "",
      "expires-month": "",
      "expires-year": "",
    });
    expect(result.ok).toBe(true);
    const shareId = (result as { shareId: string }).shareId;

    const audited = t.auditRows().filter((r) => r.action === "record.share");
    expect(audited.at(-1)).toMatchObject({
      outcome: "done",
      subjectId: recordId("Safety plan"),
      actorUserId: t.userId(ADVOCATE),
    });
    expect(JSON.parse(audited.at(-1)!.detail!)).toEqual({
      shareId,
      recipientKind: "user",
      purpose: "case_work",
      lawfulBasis: "cda_1998_s115",
      expires: false,
    });

    // The next request's Actor reads it in full.
    const practitioner = t.actorFor(PRACTITIONER);
    expect(practitioner.sharedRecordIds).toEqual([recordId("Safety plan")]);
    expect(levelFor(practitioner, "Safety plan")).toBe("full");

    const mine = listSharedWithMe(practitioner);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      shareId,
      recordId: recordId("Safety plan"),
      level: "full",
      title: "Safety plan",
      sharedBy: "Jess Marlowe, Northshire Stalking Advocacy Service",
      purpose: "Case work",
      lawfulBasis: "Crime and Disorder Act 1998, section 115",
      expiresAt: null,
      acknowledgedAt: null,
    });
    expect(String((mine[0]!.body as { text: string }).text)).toContain("Personal alarm issued");
    expect(mine[0]!.case).toMatchObject({ reference: "NS-2026-00001" });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "shares.received_view",
      outcome: "allowed",
      actorUserId: practitioner.userId,
    });

    // Acknowledging twice keeps the first time.
    const first = acknowledgeShare(practitioner, shareId);
    const again = acknowledgeShare(t.actorFor(PRACTITIONER), shareId);
    expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
    expect(
      t.db.$client.prepare("SELECT count(*) AS n FROM share_acknowledgements WHERE share_id = ?").get(shareId),
    ).toEqual({ n: 1 });
    expect(t.auditRows().filter((r) => r.action === "share.acknowledge" && r.outcome === "done")).toHaveLength(2);
    expect(listSharedWithMe(t.actorFor(PRACTITIONER))[0]!.acknowledgedAt).toBe(first.acknowledgedAt);

    const owner = sharesOfRecord(t.actorFor(ADVOCATE), recordId("Safety plan"));
    expect(owner.record).toMatchObject({ title: "Safety plan", caseReference: "NS-2026-00001" });
    expect(owner.shares).toHaveLength(1);
    expect(owner.shares[0]).toMatchObject({
      id: shareId,
      recipientKind: "user",
      recipient: "Lee Farrant, Northshire Probation Delivery Unit",
      sharedBy: "Jess Marlowe",
      status: "active",
      acknowledgements: [
        { name: "Lee Farrant", agency: "Northshire Probation Delivery Unit", at: first.acknowledgedAt },
      ],
    });

    expect(revokeShare(t.actorFor(ADVOCATE), shareId)).toEqual({ recordId: recordId("Safety plan") });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "record.share_revoke",
      outcome: "done",
      subjectId: recordId("Safety plan"),
    });
    const after = t.actorFor(PRACTITIONER);
    expect(after.sharedRecordIds).toEqual([]);
    expect(levelFor(after, "Safety plan")).toBe("summary");
    expect(listSharedWithMe(after)).toEqual([]);
    expect(thrownStatus(() => acknowledgeShare(after, shareId))).toBe(404);
    expect(sharesOfRecord(t.actorFor(ADVOCATE), recordId("Safety plan")).shares[0]).toMatchObject({
      status: "revoked",
    });
    // Revoking again changes nothing and is not an error.
    const revokedAt = t.db
      .select({ at: recordShares.revokedAt })
      .from(recordShares)
      .where(eq(recordShares.id, shareId))
      .get()!.at;
    revokeShare(t.actorFor(ADVOCATE), shareId);
    expect(
      t.db.select({ at: recordShares.revokedAt }).from(recordShares).where(eq(recordShares.id, shareId)).get()!.at,
    ).toBe(revokedAt);
  });

  it("reaches past a caveat: the victim-confidential contact record shared with a clinician off the case team", () => {
    expect(levelFor(t.actorFor(CLINICIAN), "Safe contact details")).toBe("none");
    const shareId = share(ADVOCATE, "Safe contact details", {
      recipientKind: "user",
      userEmail: CLINICIAN,
      purpose: "clinic_meeting",
      lawfulBasis: "vital_interests",
    });
    const clinician = t.actorFor(CLINICIAN);
    expect(levelFor(clinician, "Safe contact details")).toBe("full");
    // The share reaches one record, not the case: the clinician is not offered the case.
    expect(listSharedWithMe(clinician).find((s) => s.shareId === shareId)).toMatchObject({
      level: "full",
      case: null,
      purpose: "Clinic meeting",
    });
    revokeShare(t.actorFor(ADVOCATE), shareId);
    expect(levelFor(t.actorFor(CLINICIAN), "Safe contact details")).toBe("none");
  });

  it("a supervisor of the owning agency may share without being on the case team", () => {
    const before = shareCount();
    const shareId = share("manager@isac.concord.test", "Safety plan", {
      ...toPractitioner,
      ...dateParts(addDays(londonToday(new Date()), 30)),
    });
    expect(shareCount()).toBe(before + 1);
    const row = t.db.select().from(recordShares).where(eq(recordShares.id, shareId)).get()!;
    expect(row.expiresAt! > new Date().toISOString()).toBe(true);
    revokeShare(t.actorFor("manager@isac.concord.test"), shareId);
  });
});

describe("sharing with an agency or a role", () => {
  it("an agency share reaches everyone in that agency; a role share everyone with the role", () => {
    const agencyShare = share(ADVOCATE, "Safety plan", {
      recipientKind: "agency",
      agencyId: t.actorFor(PRACTITIONER).agencyId,
      purpose: "pre_sentence_report",
      lawfulBasis: "cja_2003_s325",
    });
    const court = t.actorFor("court@probation.concord.test");
    expect(levelFor(court, "Safety plan")).toBe("full");
    expect(listSharedWithMe(court).map((s) => s.shareId)).toEqual([agencyShare]);
    expect(
      sharesOfRecord(t.actorFor(ADVOCATE), recordId("Safety plan")).shares.find((s) => s.id === agencyShare),
    ).toMatchObject({ recipientKind: "agency", recipient: "Northshire Probation Delivery Unit" });
    revokeShare(t.actorFor(ADVOCATE), agencyShare);

    const roleShare = share(ADVOCATE, "Safety plan", {
      recipientKind: "role",
      role: "clinician",
      purpose: "case_work",
      lawfulBasis: "consent",
    });
    expect(levelFor(t.actorFor(CLINICIAN), "Safety plan")).toBe("full");
    expect(levelFor(t.actorFor("psychiatrist@health.concord.test"), "Safety plan")).toBe("none");
    expect(
      sharesOfRecord(t.actorFor(ADVOCATE), recordId("Safety plan")).shares.find((s) => s.id === roleShare),
    ).toMatchObject({ recipientKind: "role", recipient: "Everyone with the role Clinician" });
    revokeShare(t.actorFor(ADVOCATE), roleShare);
    expect(levelFor(t.actorFor(CLINICIAN), "Safety plan")).toBe("none");
  });
});

describe("bad input changes nothing", () => {
  const yesterday = () => addDays(londonToday(new Date()), -1);
  const tooFar = () => addDays(londonToday(new Date()), 367);
  const cases: [string, () => Record<string, string>, Record<string, string>][] = [
    ["missing purpose", () => ({ ...toPractitioner, purpose: "" }), { purpose: "Select the purpose of sharing" }],
    [
      "missing lawful basis",
      () => ({ ...toPractitioner, lawfulBasis: "" }),
      { lawfulBasis: "Select the lawful basis for sharing" },
    ],
    [
      "break-glass as a purpose",
      () => ({ ...toPractitioner, purpose: "break_glass" }),
      { purpose: "Select the purpose of sharing" },
    ],
    [
      "an unknown lawful basis",
      () => ({ ...toPractitioner, lawfulBasis: "because" }),
      { lawfulBasis: "Select the lawful basis for sharing" },
    ],
    [
      "an unknown role",
      () => ({ ...toPractitioner, recipientKind: "role", role: "chief_constable" }),
      { role: "Select a role from the list" },
    ],
    [
      "a role that sees no case content",
      () => ({ ...toPractitioner, recipientKind: "role", role: "system_admin" }),
      { role: "Select a role from the list" },
    ],
    ["no role", () => ({ ...toPractitioner, recipientKind: "role" }), { role: "Select the role to share with" }],
    [
      "an unknown user",
      () => ({ ...toPractitioner, userEmail: "nobody@probation.concord.test" }),
      { userEmail: "Enter the email address of someone with an active Concord account" },
    ],
    [
      "a malformed email",
      () => ({ ...toPractitioner, userEmail: "not an email" }),
      { userEmail: "Enter an email address in the correct format, like name@example.org" },
    ],
    [
      "themselves",
      () => ({ ...toPractitioner, userEmail: ADVOCATE }),
      { userEmail: "Enter the email address of someone other than yourself" },
    ],
    [
      "an administrator",
      () => ({ ...toPractitioner, userEmail: "admin@police.concord.test" }),
      { userEmail: "Enter the email address of someone who works on cases" },
    ],
    [
      "an unknown agency",
      () => ({ ...toPractitioner, recipientKind: "agency", agencyId: randomUUID() }),
      { agencyId: "Select an agency from the list" },
    ],
    [
      "no recipient",
      () => ({ purpose: "case_work", lawfulBasis: "consent" }),
      { recipientKind: "Select who to share the record with" },
    ],
    [
      "an expiry in the past",
      () => ({ ...toPractitioner, ...dateParts(yesterday()) }),
      { expires: "Expiry date must be today or in the future" },
    ],
    [
      "an expiry more than a year ahead",
      () => ({ ...toPractitioner, ...dateParts(tooFar()) }),
      { expires: "Expiry date must be within one year of today" },
    ],
    [
      "an expiry that is not a date",
      () => ({ ...toPractitioner, "expires-day": "31", "expires-month": "2", "expires-year": "2027" }),
      { expires: "Expiry date must be a real date" },
    ],
    [
      "nothing at all",
      () => ({}),
      {
        recipientKind: "Select who to share the record with",
        purpose: "Select the purpose of sharing",
        lawfulBasis: "Select the lawful basis for sharing",
      },
    ],
  ];

  it.each(cases)("refuses %s with a field error", (_name, input, errors) => {
    const before = shareCount();
    const result = shareRecord(t.actorFor(ADVOCATE), recordId("Safety plan"), input());
    expect(result).toMatchObject({ ok: false, errors });
    expect(shareCount()).toBe(before);
  });

  it("refuses a suspended person", () => {
    const court = t.userId("court@probation.concord.test");
    t.db.update(users).set({ status: "suspended" }).where(eq(users.id, court)).run();
    try {
      const before = shareCount();
      const result = shareRecord(t.actorFor(ADVOCATE), recordId("Safety plan"), {
        ...toPractitioner,
        userEmail: "court@probation.concord.test",
      });
      expect(result).toMatchObject({
        ok: false,
        errors: { userEmail: "Enter the email address of someone with an active Concord account" },
      });
      expect(shareCount()).toBe(before);
    } finally {
      t.db.update(users).set({ status: "active" }).where(eq(users.id, court)).run();
    }
  });

  it("another agency's record is not found, and the denial is audited", () => {
    const before = shareCount();
    const investigator = t.actorFor(INVESTIGATOR);
    // The investigator can read the safety plan in full, but it is the ISAC's to share.
    expect(levelFor(investigator, "Safety plan")).toBe("full");
    expect(thrownStatus(() => shareRecord(investigator, recordId("Safety plan"), toPractitioner))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "record.share",
      outcome: "denied",
      subjectId: recordId("Safety plan"),
      actorUserId: investigator.userId,
    });
    // Bad input from someone who may not share is still a 404, not a list of field errors.
    expect(thrownStatus(() => shareRecord(investigator, recordId("Safety plan"), {}))).toBe(404);
    expect(thrownStatus(() => sharesOfRecord(investigator, recordId("Safety plan")))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "record.shares_view", outcome: "denied" });
    expect(shareCount()).toBe(before);
  });

  it("a draft is not found, even for its owning agency", () => {
    const before = shareCount();
    const psychologist = t.actorFor("psychologist@health.concord.test");
    expect(levelFor(psychologist, "SAM formulation (draft)")).toBe("full");
    expect(thrownStatus(() => shareRecord(psychologist, recordId("SAM formulation (draft)"), toPractitioner))).toBe(
      404,
    );
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "record.share",
      outcome: "denied",
      subjectId: recordId("SAM formulation (draft)"),
    });
    expect(shareCount()).toBe(before);
  });

  it("forged record ids are not found; the audit names no subject", () => {
    const before = shareCount();
    for (const forged of [randomUUID(), "../cases", "x".repeat(5000), ""]) {
      expect(thrownStatus(() => shareRecord(t.actorFor(ADVOCATE), forged, toPractitioner))).toBe(404);
      expect(t.auditRows().at(-1)).toMatchObject({ action: "record.share", outcome: "denied", subjectId: null });
    }
    expect(shareCount()).toBe(before);
  });

  it("only the owning agency revokes, and nobody but a recipient acknowledges", () => {
    const shareId = share(ADVOCATE, "Safety plan", toPractitioner);
    expect(thrownStatus(() => revokeShare(t.actorFor(INVESTIGATOR), shareId))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "record.share_revoke", outcome: "denied" });
    expect(thrownStatus(() => revokeShare(t.actorFor(ADVOCATE), randomUUID()))).toBe(404);
    expect(thrownStatus(() => acknowledgeShare(t.actorFor(CLINICIAN), shareId))).toBe(404);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "share.acknowledge", outcome: "denied", subjectId: shareId });
    expect(thrownStatus(() => acknowledgeShare(t.actorFor(ADVOCATE), shareId))).toBe(404);
    expect(
      t.db.select({ at: recordShares.revokedAt }).from(recordShares).where(eq(recordShares.id, shareId)).get()!.at,
    ).toBeNull();
    expect(
      t.db.$client.prepare("SELECT count(*) AS n FROM share_acknowledgements WHERE share_id = ?").get(shareId),
    ).toEqual({ n: 0 });
    revokeShare(t.actorFor(ADVOCATE), shareId);
  });
});

describe("expired shares", () => {
  it("grant nothing, are not listed, cannot be acknowledged, and show as expired to the owner", () => {
    const id = randomUUID();
    const advocate = t.actorFor(ADVOCATE);
    t.db
      .insert(recordShares)
      .values({
        id,
        recordId: recordId("Safe contact details"),
        sharedByUserId: advocate.userId,
        sharedByAgencyId: advocate.agencyId,
        toUserId: t.userId(CLINICIAN),
        purpose: "case_work",
        lawfulBasis: "consent",
        createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      })
      .run();
    const clinician = t.actorFor(CLINICIAN);
    expect(clinician.sharedRecordIds).not.toContain(recordId("Safe contact details"));
    expect(levelFor(clinician, "Safe contact details")).toBe("none");
    expect(listSharedWithMe(clinician).map((s) => s.shareId)).not.toContain(id);
    expect(thrownStatus(() => acknowledgeShare(clinician, id))).toBe(404);
    expect(sharesOfRecord(advocate, recordId("Safe contact details")).shares.find((s) => s.id === id)).toMatchObject({
      status: "expired",
    });
  });
});

describe("notifications over the socket", () => {
  function cookiePair(setCookie: string): string {
    return setCookie.split(";")[0]!;
  }

  async function connectAs(email: string): Promise<Socket> {
    const cookie = cookiePair(await startSession(t.userId(email), { mfaVerified: true, device: "test" }));
    const socket = connect(url, {
      extraHeaders: { origin: url, cookie },
      transports: ["websocket"],
      reconnection: false,
      timeout: 5000,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (e) => reject(e));
    });
    return socket;
  }

  function collect(socket: Socket): unknown[] {
    const received: unknown[] = [];
    socket.on("notification", (payload: unknown) => received.push(payload));
    return received;
  }

  it("tells the person shared with, once, with the case reference but never the record's title; nobody else hears of it", async () => {
    const practitioner = await connectAs(PRACTITIONER);
    const clinician = await connectAs(CLINICIAN);
    const forPractitioner = collect(practitioner);
    const forClinician = collect(clinician);

    const shareId = share(ADVOCATE, "Safety plan", toPractitioner);
    await new Promise((r) => setTimeout(r, 500));
    expect(forPractitioner).toEqual([
      {
        id: expect.any(String),
        kind: "shared_with_you",
        text: "A case note on case NS-2026-00001 was shared with you",
        href: "/shared",
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(forPractitioner)).not.toContain("Safety plan");
    expect(forClinician).toEqual([]);
    revokeShare(t.actorFor(ADVOCATE), shareId);
  });

  it("a role share tells each active holder of the role who may now see it", async () => {
    const clinician = await connectAs(CLINICIAN);
    const practitioner = await connectAs(PRACTITIONER);
    const forClinician = collect(clinician);
    const forPractitioner = collect(practitioner);

    const shareId = share(ADVOCATE, "Safe contact details", {
      recipientKind: "role",
      role: "clinician",
      purpose: "case_work",
      lawfulBasis: "vital_interests",
    });
    await new Promise((r) => setTimeout(r, 500));
    // The clinician is not on the case: told of the record, not of the case.
    expect(forClinician).toEqual([
      {
        id: expect.any(String),
        kind: "shared_with_you",
        text: "A case note was shared with you",
        href: "/shared",
        createdAt: expect.any(String),
      },
    ]);
    expect(forPractitioner).toEqual([]);
    revokeShare(t.actorFor(ADVOCATE), shareId);
  });

  it("a share of a record the recipient's actor cannot load (suspended) sends nothing", async () => {
    const practitioner = await connectAs(PRACTITIONER);
    const forPractitioner = collect(practitioner);
    // Suspending ends sessions in the product; here the socket stays open to prove no event is even sent.
    t.db
      .update(users)
      .set({ status: "suspended" })
      .where(eq(users.id, t.userId(PRACTITIONER)))
      .run();
    try {
      expect(loadActor(t.userId(PRACTITIONER), "x")).toBeNull();
      const shareId = share(ADVOCATE, "Safety plan", {
        recipientKind: "agency",
        agencyId: t.actorFor("court@probation.concord.test").agencyId,
        purpose: "case_work",
        lawfulBasis: "consent",
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(forPractitioner).toEqual([]);
      revokeShare(t.actorFor(ADVOCATE), shareId);
    } finally {
      t.db
        .update(users)
        .set({ status: "active" })
        .where(eq(users.id, t.userId(PRACTITIONER)))
        .run();
    }
  });
});
