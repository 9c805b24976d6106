// Things the demo data does not hold but routes name by id: made through the services, as the people who make them
// would, on the end-to-end server's database (DATABASE_PATH is set by the spec before this is imported). Each is
// made once per database: a later run on the same server finds the first.
import { loadActor } from "~/access/actor.server";
import { getDb } from "~/db.server";
import { parseForm } from "~/forms/parse-form";
import { AgreementSchema, createAgreement } from "~/services/agreements.server";
import { createMappaReferral } from "~/services/mappa-referrals.server";
import { askForInput } from "~/services/pre-sentence-requests.server";
import { startReport } from "~/services/pre-sentence.server";
import { runRetentionSchedules } from "~/services/retention-run.server";
import { startSubjectAccess } from "~/services/subject-access.server";
import { recordsAbout, startSubjectRights } from "~/services/subject-rights.server";
import { uploadDocuments } from "~/services/documents.server";
import { uploadImport } from "~/services/case-import.server";

const count = (table: string) =>
  (getDb().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const one = (query: string, ...args: unknown[]) =>
  getDb()
    .$client.prepare(query)
    .get(...args) as Record<string, string>;
const actor = (email: string) => loadActor(one("SELECT id FROM users WHERE email = ?", email).id!, "id-route-samples")!;

function ok<T extends { ok: boolean }>(what: string, r: T): T & { ok: true } {
  if (!r.ok) throw new Error(`${what} refused: ${JSON.stringify((r as unknown as { errors: unknown }).errors)}`);
  return r as T & { ok: true };
}

function dateParts(name: string, daysFromToday: number): Record<string, string> {
  const d = new Date(Date.now() + daysFromToday * 86_400_000);
  return {
    [`${name}-day`]: String(d.getUTCDate()),
    [`${name}-month`]: String(d.getUTCMonth() + 1),
    [`${name}-year`]: String(d.getUTCFullYear()),
  };
}

/** A document on the worked case (the demo data holds none): a small PNG uploaded by the advocate, as the form would. */
export async function ensureDocumentSample(): Promise<void> {
  if (count("case_documents") > 0) return;
  const worked = one("SELECT id FROM cases WHERE reference = 'NS-2026-00001'").id!;
  // A 1x1 PNG.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  const form = new FormData();
  const token = "routes-by-id-sample-token-0123456789";
  for (const [k, v] of Object.entries({
    csrf: token,
    category: "victim_care",
    title: "Photograph of flowers left at the door",
    marking: "OFFICIAL-SENSITIVE",
    status: "final",
  }))
    form.append(k, v);
  form.append("files", new Blob([new Uint8Array(png)]), "flowers.png");
  ok(
    "a document",
    await uploadDocuments(
      actor("advocate@isac.concord.test"),
      worked,
      new Request("http://local/upload", { method: "POST", body: form }),
      token,
    ),
  );
}

/** A checked import file of the police (the demo data holds none): one synthetic case, uploaded by its administrator. */
export async function ensureImportSample(): Promise<void> {
  if (count("import_runs") > 0) return;
  const form = new FormData();
  const token = "routes-by-id-sample-token-0123456789";
  form.append("csrf", token);
  form.append("source", "Sample police records export");
  const csv =
    "record,source_key,case_key,owner,case_status,relationship,motivation\r\ncase,RBI-1,RBI-1,investigator@police.concord.test,active,stranger,not_known\r\n";
  form.append("file", new Blob([csv]), "sample.csv");
  ok(
    "an import",
    await uploadImport(
      actor("admin@police.concord.test"),
      new Request("http://local/admin/imports", { method: "POST", body: form }),
      token,
    ),
  );
}

export async function ensureSamples(): Promise<void> {
  const sentencing = one("SELECT id FROM cases WHERE reference = 'NS-2026-00003'").id!;
  const worked = one("SELECT id FROM cases WHERE reference = 'NS-2026-00001'").id!;
  if (count("pre_sentence_reports") === 0) {
    const court = actor("court@probation.concord.test");
    const report = ok(
      "pre-sentence input",
      startReport(court, sentencing, {
        court: "Northshire Magistrates' Court",
        ...dateParts("hearing", 21),
        ...dateParts("convicted", -21),
        reportType: "standard",
        offences: ["stalking_s2a"],
      }),
    );
    ok(
      "a question",
      askForInput(court, sentencing, report.id, {
        section: "victim_impact",
        to: one("SELECT id FROM users WHERE email = 'advocate@isac.concord.test'").id!,
        question: "How has the offending affected her day to day?",
        ...dateParts("due", 7),
      }),
    );
  }
  if (count("mappa_referrals") === 0) {
    ok(
      "a MAPPA referral",
      createMappaReferral(actor("practitioner@probation.concord.test"), worked, {
        levelRequested: "2",
        offenderName: "Kieran Voss",
        offenderAddress: "NFA",
        indexOffence: "Stalking involving fear of violence (s4A PHA 1997)",
        sentence: "Community order",
        "indexOffenceOn-day": "3",
        "indexOffenceOn-month": "1",
        "indexOffenceOn-year": "2025",
        reasonForReferral: "Continued contact despite the order; fixated on the victim.",
        oasysRosh: "high",
        proposedRiskManagement: "Exclusion zone and joint supervision.",
        whyNotLevel1: "Needs police and probation together.",
        victimIssues: "Safety plan with the advocate.",
        diversity: "None known",
      }),
    );
  }
  if (count("sharing_agreements") === 0) {
    const form = new FormData();
    const fields: Record<string, string> = {
      name: "Victim care summaries to probation teams",
      category: "victim_care",
      fromAgencyId: one("SELECT id FROM agencies WHERE type = 'isac'").id!,
      toAgencyType: "probation",
      toAgencyId: "",
      toRole: "",
      purposes: "case_work",
      level: "summary",
      lawfulBasis: "cda_1998_s115",
      ...dateParts("startsOn", 1),
      ...dateParts("reviewOn", 365),
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const parsed = parseForm(form, AgreementSchema);
    if (!parsed.ok) throw new Error(`agreement form: ${JSON.stringify(parsed.errors)}`);
    ok("an agreement", createAgreement(actor("sysadmin@partnership.concord.test"), parsed.data));
  }
  // Records due for retention review: the schedule run on a clock set far enough forward that a period has run.
  if (count("retention_reviews") === 0) await runRetentionSchedules(new Date("2300-01-01T12:00:00.000Z"));
  if (count("subject_access_requests") === 0) {
    const kieran = one("SELECT id FROM people WHERE full_name = 'Kieran Voss'").id!;
    ok(
      "a subject access request",
      startSubjectAccess(actor("dpo@police.concord.test"), { personId: kieran, ...dateParts("receivedOn", -1) }),
    );
  }
  // A rectification request from the same person, about one of the police's records about him.
  if (count("subject_rights_requests") === 0) {
    const dpo = actor("dpo@police.concord.test");
    const kieran = one("SELECT id FROM people WHERE full_name = 'Kieran Voss'").id!;
    const record = recordsAbout(dpo, kieran).records[0];
    if (!record) throw new Error("the police hold no record about the demo perpetrator");
    const values = {
      personId: kieran,
      right: "rectification",
      statement: "The address recorded for me is out of date.",
      recordIds: [record.recordId],
      ...dateParts("receivedOn", -1),
    };
    ok("a rectification request", startSubjectRights(dpo, values));
  }
}
