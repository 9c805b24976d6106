// Information sharing agreements as data: managed by the system administrator, read by agency administrators
// and auditors, and applied by the gate at the next request (loadActor reads them every time).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordAttributes } from "~/access/ability";
import { loadActor } from "~/access/actor.server";
import { accessLevel } from "~/access/redact";
import { getDb } from "~/db.server";
import { parseForm } from "~/forms/parse-form";
import {
  AgreementSchema,
  createAgreement,
  getAgreement,
  listAgreements,
  retireAgreement,
  updateAgreement,
  type AgreementInput,
} from "~/services/agreements.server";
import { caseOverview } from "~/services/cases.server";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { type TestDb, caught, setupTestDb } from "./test-db";

const SYSADMIN = "sysadmin@partnership.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";

let t: TestDb;
let isac: string;
let police: string;
let probation: string;
let caseId: string;

function agencyId(name: string): string {
  return (getDb().$client.prepare("SELECT id FROM agencies WHERE name = ?").get(name) as { id: string }).id;
}
function agreementCount(): number {
  return (getDb().$client.prepare("SELECT count(*) AS n FROM sharing_agreements").get() as { n: number }).n;
}
/** The gate's attributes of one record of the worked case, read from the database. */
function workedRecord(title: string): RecordAttributes {
  const r = getDb()
    .$client.prepare(
      `SELECT r.id, r.case_id AS caseId, r.category, r.owner_agency_id AS ownerAgencyId, r.status, r.meeting_id AS meetingId,
              r.cav_victim_confidential AS v, r.cav_health_confidential AS h, r.cav_police_intelligence AS p, r.cav_not_perpetrator_facing AS n,
              c.charging_referred_at AS referred
         FROM case_records r JOIN cases c ON c.id = r.case_id WHERE c.reference = ? AND r.title = ?`,
    )
    .get(WORKED_CASE_REFERENCE, title) as Record<string, unknown>;
  return {
    id: r.id as string,
    caseId: r.caseId as string,
    category: r.category as string,
    ownerAgencyId: r.ownerAgencyId as string,
    status: r.status as "draft" | "signed_off",
    meetingId: (r.meetingId as string | null) ?? null,
    cavVictimConfidential: r.v === 1,
    cavHealthConfidential: r.h === 1,
    cavPoliceIntelligence: r.p === 1,
    cavNotPerpetratorFacing: r.n === 1,
    chargingReferred: r.referred !== null,
  };
}
/** The practitioner as a request would see them now: a freshly loaded actor. */
function practitioner(purpose: "case_work" | "clinic_meeting" = "case_work") {
  const actor = loadActor(t.userId(PRACTITIONER), "test-session", purpose);
  if (!actor) throw new Error("no practitioner");
  return actor;
}
function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
/** Form fields as the browser sends them (GOV.UK date inputs as day, month and year). */
function formFor(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  fd.set("csrf", "ignored");
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) fd.append(key, v);
    else fd.set(key, value);
  }
  return fd;
}
function dateFields(name: string, iso: string): Record<string, string> {
  const [y, m, d] = iso.split("-");
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
}
function victimCareToProbation(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: "Victim care to probation for case work",
    category: "victim_care",
    fromAgencyId: isac,
    toAgencyType: "probation",
    toAgencyId: "",
    toRole: "",
    purposes: ["case_work"],
    level: "full",
    lawfulBasis: "cda_1998_s115",
    ...dateFields("startsOn", isoDay(-1)),
    ...dateFields("reviewOn", isoDay(365)),
    ...overrides,
  };
}
/** What the route's action does: zod on the submitted form, then the service. */
function submit(email: string, fields: Record<string, string | string[]>) {
  const form = parseForm(formFor(fields), AgreementSchema);
  if (!form.ok) return { ok: false as const, errors: form.errors };
  return createAgreement(t.actorFor(email), form.data);
}
function created(email: string, fields: Record<string, string | string[]>): string {
  const result = submit(email, fields);
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result.errors)}`);
  return result.id;
}
function validInput(overrides: Partial<AgreementInput> = {}): AgreementInput {
  const form = parseForm(formFor(victimCareToProbation()), AgreementSchema);
  if (!form.ok) throw new Error("fixture invalid");
  return { ...form.data, ...overrides };
}

beforeAll(async () => {
  t = await setupTestDb({ seed: true, demo: true });
  isac = agencyId("Northshire Stalking Advocacy Service");
  police = agencyId("Northshire Police");
  probation = agencyId("Northshire Probation Delivery Unit");
  caseId = workedRecord("Safety plan").caseId;
});
afterAll(() => t.cleanup());

describe("an agreement applies at the next request, and stops when retired", () => {
  let id: string;

  it("without an agreement the probation practitioner on the worked case sees the safety plan as a summary", () => {
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");
  });

  it("the system administrator adds victim care from the ISAC to probation for case work: the practitioner now sees it in full", () => {
    const before = practitioner();
    id = created(SYSADMIN, victimCareToProbation());
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "agreement.create",
      outcome: "done",
      actorUserId: t.userId(SYSADMIN),
      subjectId: id,
    });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({
      fields: "name,category,fromAgencyId,toAgencyType,purposes,level,lawfulBasis,startsOn,reviewOn",
    });

    // The actor built before the change still has the old rules; the next request's actor has the new one.
    expect(accessLevel(before, workedRecord("Safety plan"))).toBe("summary");
    const now = practitioner();
    expect(now.agreements).toEqual([{ id, category: "victim_care", fromAgencyId: isac, level: "full" }]);
    expect(accessLevel(now, workedRecord("Safety plan"))).toBe("full");
    // ...and through the case page's service: the body is there, not a withheld marker.
    const plan = caseOverview(now, caseId).records.find((r) => r.title === "Safety plan");
    expect(plan?.level).toBe("full");
    expect(JSON.stringify(plan?.body)).toContain("Personal alarm issued");
  });

  it("does not apply for a purpose it does not name (clinic meeting)", () => {
    expect(accessLevel(practitioner("clinic_meeting"), workedRecord("Safety plan"))).toBe("summary");
  });

  it("does not reach other agencies, other cases' teams or other categories", () => {
    // The psychologist (health) is on the same team: not probation, so still a summary.
    expect(accessLevel(t.actorFor("psychologist@health.concord.test"), workedRecord("Safety plan"))).toBe("summary");
    // The court team officer is probation but not on the case team: nothing.
    expect(accessLevel(t.actorFor("court@probation.concord.test"), workedRecord("Safety plan"))).toBe("none");
    // Victim care only: the ISAC's victim contact record stays closed.
    expect(accessLevel(practitioner(), workedRecord("Safe contact details"))).toBe("none");
  });

  it("a change of level applies at once and the audit names the changed fields", () => {
    const result = updateAgreement(
      t.actorFor(SYSADMIN),
      id,
      validInput({ level: "summary", name: "Victim care summary to probation" }),
    );
    expect(result).toMatchObject({ ok: true, changed: ["name", "level"] });
    expect(t.auditRows().at(-1)).toMatchObject({ action: "agreement.update", outcome: "done", subjectId: id });
    expect(JSON.parse(t.auditRows().at(-1)!.detail!)).toEqual({ fields: "name,level" });
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");

    const back = updateAgreement(t.actorFor(SYSADMIN), id, validInput());
    expect(back).toMatchObject({ ok: true, changed: ["name", "level"] });
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("full");
  });

  it("saving with nothing changed writes nothing", () => {
    const rows = t.auditRows().length;
    expect(updateAgreement(t.actorFor(SYSADMIN), id, validInput())).toMatchObject({ ok: true, changed: [] });
    expect(t.auditRows().length).toBe(rows);
  });

  it("retiring it drops the practitioner back to a summary at once, and lists it as retired", () => {
    expect(retireAgreement(t.actorFor(SYSADMIN), id)).toEqual({ ok: true });
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "agreement.retire",
      outcome: "done",
      actorUserId: t.userId(SYSADMIN),
      subjectId: id,
    });
    expect(practitioner().agreements).toEqual([]);
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");

    const list = listAgreements(t.actorFor(SYSADMIN));
    expect(list.current.map((a) => a.id)).not.toContain(id);
    expect(list.retired.find((a) => a.id === id)?.status.text).toBe("Retired");
  });

  it("a retired agreement cannot be changed or retired again", () => {
    expect(updateAgreement(t.actorFor(SYSADMIN), id, validInput({ level: "summary" }))).toEqual({
      ok: false,
      errors: { form: "This agreement has been retired and cannot be changed" },
    });
    expect(retireAgreement(t.actorFor(SYSADMIN), id)).toEqual({
      ok: false,
      errors: { form: "This agreement has already been retired" },
    });
    expect(getAgreement(t.actorFor(SYSADMIN), id).canManage).toBe(false);
  });
});

describe("what an agreement cannot do", () => {
  it("an agreement for a meeting purpose only does not apply during case work", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({ name: "Victim care for the clinic", purposes: ["clinic_meeting"] }),
    );
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");
    expect(practitioner("clinic_meeting").agreements.map((a) => a.id)).toEqual([id]);
    expect(accessLevel(practitioner("clinic_meeting"), workedRecord("Safety plan"))).toBe("full");
    retireAgreement(t.actorFor(SYSADMIN), id);
  });

  it("an agreement for victim contact does not open the victim-confidential record: the caveat overrides it", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({ name: "Victim contact to probation", category: "victim_contact" }),
    );
    const actor = practitioner();
    expect(actor.agreements.map((a) => a.id)).toEqual([id]);
    const contact = workedRecord("Safe contact details");
    expect(contact.cavVictimConfidential).toBe(true);
    expect(accessLevel(actor, contact)).toBe("none");
    // Nor does the case page list it (scope() in SQL agrees).
    expect(caseOverview(actor, caseId).records.map((r) => r.title)).not.toContain("Safe contact details");
    retireAgreement(t.actorFor(SYSADMIN), id);
  });

  it("an agreement that has not started yet does not apply, and is shown as not yet in force", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({
        name: "Starts tomorrow",
        ...dateFields("startsOn", isoDay(2)),
        ...dateFields("reviewOn", isoDay(30)),
      }),
    );
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");
    expect(listAgreements(t.actorFor(SYSADMIN)).current.find((a) => a.id === id)?.status.text).toBe("Not yet in force");
    retireAgreement(t.actorFor(SYSADMIN), id);
  });

  it("an agreement whose review date has passed still applies and is flagged 'Review overdue'", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({
        name: "Overdue review",
        ...dateFields("startsOn", "2024-01-01"),
        ...dateFields("reviewOn", "2025-01-01"),
      }),
    );
    expect(listAgreements(t.actorFor(SYSADMIN)).current.find((a) => a.id === id)?.status).toMatchObject({
      key: "review_overdue",
      text: "Review overdue",
    });
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("full");
    retireAgreement(t.actorFor(SYSADMIN), id);
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");
  });

  it("a recipient role must be held by the practitioner: a role-only agreement reaches only that role", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({ name: "To court team only", toAgencyType: "", toRole: "court_team" }),
    );
    expect(accessLevel(practitioner(), workedRecord("Safety plan"))).toBe("summary");
    retireAgreement(t.actorFor(SYSADMIN), id);
  });
});

describe("bad input changes nothing", () => {
  const cases: [string, () => Record<string, string | string[]>, Record<string, string>][] = [
    [
      "no recipient",
      () => victimCareToProbation({ toAgencyType: "" }),
      { recipients: "Choose who receives the information: a type of agency, an agency or a role" },
    ],
    ["no purposes", () => victimCareToProbation({ purposes: [] }), { purposes: "Select at least one purpose" }],
    [
      "review before start",
      () => victimCareToProbation({ ...dateFields("startsOn", "2026-06-01"), ...dateFields("reviewOn", "2026-05-31") }),
      { reviewOn: "The review date must be after the start date" },
    ],
    [
      "review on the start date",
      () => victimCareToProbation({ ...dateFields("startsOn", "2026-06-01"), ...dateFields("reviewOn", "2026-06-01") }),
      { reviewOn: "The review date must be after the start date" },
    ],
    [
      "break-glass purpose",
      () => victimCareToProbation({ purposes: ["case_work", "break_glass"] }),
      { purposes: "Emergency access (break-glass) cannot be given by an agreement" },
    ],
    [
      "unknown purpose",
      () => victimCareToProbation({ purposes: ["gossip"] }),
      { purposes: "Select purposes from the list" },
    ],
    [
      "over-long name",
      () => victimCareToProbation({ name: "x".repeat(121) }),
      { name: "Name must be 120 characters or fewer" },
    ],
    [
      "unknown category",
      () => victimCareToProbation({ category: "everything" }),
      { category: "Select the category of information the agreement shares" },
    ],
    [
      "unknown level",
      () => victimCareToProbation({ level: "most" }),
      { level: "Select how much of each record the agreement shares" },
    ],
    [
      "unknown lawful basis",
      () => victimCareToProbation({ lawfulBasis: "because" }),
      { lawfulBasis: "Select the lawful basis for sharing" },
    ],
    [
      "an administrator role as recipient",
      () => victimCareToProbation({ toRole: "auditor" }),
      { toRole: "Select a role from the list" },
    ],
    [
      "unknown agency type",
      () => victimCareToProbation({ toAgencyType: "army" }),
      { toAgencyType: "Select a type of agency from the list" },
    ],
    [
      "not a real date",
      () => victimCareToProbation({ ...dateFields("startsOn", "2026-02-31") }),
      { startsOn: "Start date must be a real date" },
    ],
    [
      "part of a date",
      () => victimCareToProbation({ "reviewOn-month": "" }),
      { reviewOn: "Review date must include a month" },
    ],
    [
      "a two-digit year",
      () => victimCareToProbation({ "startsOn-year": "26" }),
      { startsOn: "Year must include 4 numbers" },
    ],
    [
      "unknown sharing agency",
      () => victimCareToProbation({ fromAgencyId: "00000000-0000-0000-0000-000000000000" }),
      { fromAgencyId: "Select the sharing agency from the list" },
    ],
    [
      "unknown receiving agency",
      () => victimCareToProbation({ toAgencyType: "", toAgencyId: "no-such-agency" }),
      { toAgencyId: "Select the receiving agency from the list" },
    ],
    [
      "receiving agency of another type than the type chosen",
      () => victimCareToProbation({ toAgencyId: police }),
      { toAgencyId: "Select an agency of the type chosen, or leave the type blank" },
    ],
    [
      "receiving agency is the sharing agency",
      () => victimCareToProbation({ toAgencyType: "", toAgencyId: isac }),
      { toAgencyId: "Select a receiving agency other than the one sharing the information" },
    ],
    [
      "a role no one in the receiving agency type can hold",
      () => victimCareToProbation({ toRole: "investigator" }),
      { toRole: "Select a role that people in probation agencies can hold" },
    ],
    [
      "a name already in use",
      () => victimCareToProbation({ name: "Duplicate name" }),
      { name: "An agreement with this name already exists" },
    ],
  ];

  beforeAll(() => {
    created(SYSADMIN, victimCareToProbation({ name: "Duplicate name", purposes: ["oversight"] }));
  });

  for (const [what, fields, errors] of cases) {
    it(`${what}: the message, and nothing inserted or audited`, () => {
      const count = agreementCount();
      const rows = t.auditRows().length;
      const result = submit(SYSADMIN, fields());
      expect(result).toEqual({ ok: false, errors });
      expect(agreementCount()).toBe(count);
      expect(t.auditRows().length).toBe(rows);
    });
  }

  it("an empty form lists every problem at once", () => {
    const form = parseForm(formFor({}), AgreementSchema);
    expect(form.ok).toBe(false);
    expect(!form.ok && Object.keys(form.errors).sort()).toEqual([
      "category",
      "fromAgencyId",
      "lawfulBasis",
      "level",
      "name",
      "purposes",
      "recipients",
      "reviewOn",
      "startsOn",
    ]);
    expect(!form.ok && form.errors.startsOn).toBe("Enter the date the agreement starts");
  });

  it("a bad change to an existing agreement leaves it as it was", () => {
    const id = created(SYSADMIN, victimCareToProbation({ name: "Unchanged by bad input", purposes: ["oversight"] }));
    const before = getAgreement(t.actorFor(SYSADMIN), id).agreement;
    expect(
      updateAgreement(
        t.actorFor(SYSADMIN),
        id,
        validInput({ name: "Unchanged by bad input", fromAgencyId: "nowhere" }),
      ),
    ).toEqual({ ok: false, errors: { fromAgencyId: "Select the sharing agency from the list" } });
    expect(getAgreement(t.actorFor(SYSADMIN), id).agreement).toEqual(before);
  });
});

describe("who may manage and read agreements", () => {
  for (const email of [
    "admin@police.concord.test",
    "investigator@police.concord.test",
    "auditor@partnership.concord.test",
  ]) {
    it(`${email} cannot add one: 403, a denied audit row, nothing inserted`, () => {
      const actor = t.actorFor(email);
      const count = agreementCount();
      const error = caught(() => createAgreement(actor, validInput({ name: "Not allowed" })));
      expect(error).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(403);
      expect(agreementCount()).toBe(count);
      expect(t.auditRows().at(-1)).toMatchObject({
        action: "agreement.create",
        outcome: "denied",
        actorUserId: actor.userId,
      });
    });
  }

  it("an agency administrator cannot change or retire one (403, audited)", () => {
    const id = created(SYSADMIN, victimCareToProbation({ name: "Guarded", purposes: ["oversight"] }));
    const admin = t.actorFor("admin@police.concord.test");
    expect(
      (caught(() => updateAgreement(admin, id, validInput({ name: "Guarded", level: "summary" }))) as Response).status,
    ).toBe(403);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "agreement.update", outcome: "denied", subjectId: id });
    expect((caught(() => retireAgreement(admin, id)) as Response).status).toBe(403);
    expect(getAgreement(t.actorFor(SYSADMIN), id).agreement).toMatchObject({ level: "full", retiredAt: null });
  });

  it("agency administrators and auditors read the list, without the right to add; caseworkers may not read it", () => {
    for (const email of ["admin@police.concord.test", "auditor@partnership.concord.test"]) {
      const list = listAgreements(t.actorFor(email));
      expect(list.canManage).toBe(false);
      expect(list.current.length + list.retired.length).toBeGreaterThan(0);
    }
    expect(listAgreements(t.actorFor(SYSADMIN)).canManage).toBe(true);
    const investigator = t.actorFor("investigator@police.concord.test");
    expect((caught(() => listAgreements(investigator)) as Response).status).toBe(403);
    expect(t.auditRows().at(-1)).toMatchObject({
      action: "agreement.read",
      outcome: "denied",
      actorUserId: investigator.userId,
    });
  });

  it("an unknown agreement is not found", () => {
    expect((caught(() => getAgreement(t.actorFor(SYSADMIN), "no-such-agreement")) as Response).status).toBe(404);
  });

  it("the list shows labels, recipients in words and dates", () => {
    const id = created(
      SYSADMIN,
      victimCareToProbation({
        name: "Shown in the list",
        toAgencyType: "",
        toAgencyId: probation,
        toRole: "probation_practitioner",
        purposes: ["case_work", "oversight"],
        level: "summary",
        lawfulBasis: "cja_2003_s325",
      }),
    );
    const a = listAgreements(t.actorFor("auditor@partnership.concord.test")).current.find((x) => x.id === id)!;
    expect(a).toMatchObject({
      categoryLabel: "Victim care (needs assessment, safety plan, support notes)",
      fromAgency: "Northshire Stalking Advocacy Service",
      recipients: ["Agency: Northshire Probation Delivery Unit", "Role: Probation practitioner"],
      purposeLabels: ["Case work", "Oversight"],
      levelLabel: "Summary line only",
      lawfulBasisLabel: "Criminal Justice Act 2003, section 325 (MAPPA duty to co-operate)",
      status: { key: "in_force", text: "In force" },
    });
  });
});
