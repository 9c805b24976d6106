// The demo's sentencing case, NS-2026-00003 (README: pre-sentence input): a rejected ex-partner's stalking over
// about a year, an SPO and its breach, convicted and awaiting sentence, with signed-off SAM, SRP and DASH and a
// finalised clinic case review whose minutes carry the recommendation to the court. Hand-written (no generator),
// dates relative to the day of seeding. Everyone and everything in it is invented.
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { CaseRole } from "../../app/domain/case-vocabulary";
import { formatDate, formatDateTime } from "../../app/domain/dates";
import { addDays, londonDate, londonWallClockToUtc } from "../../app/domain/limitation-deadline";
import { MEETING_KIND_LABELS, DEFAULT_CONFIDENTIALITY } from "../../app/domain/meeting-kinds";
import { SPO_DECISION_LABELS } from "../../app/domain/protective-orders";
import { contactSummary, safetyPlanSummary, VICTIM_CARE_TITLES } from "../../app/domain/victim-care";
import { currentInstrument } from "../../app/instruments/index";
import { sampleAnswers } from "../../app/instruments/sample-answers";
import type { Answer, Answers, Instrument } from "../../app/instruments/types";
import { insertCaseRecord } from "../../app/services/case-record-store.server";
import { indexCase } from "../../app/services/search-index.server";
import { normaliseName } from "../../app/domain/person-names";
import type { Db } from "../client";
import {
  caseMembers,
  caseParties,
  cases,
  clinicReferrals,
  meetingActions,
  meetingDecisions,
  meetingInvitees,
  meetingItems,
  meetingMinutesVersions,
  meetings,
  partnerships,
  people,
  users,
} from "../schema";
import {
  AUTHOR,
  AUTHOR_NAME,
  behavioursPhrase,
  offenceItem,
  orderInSentence,
  orderLabel,
  orderSummary,
  prohibitionsFor,
  recordRef,
  requirementsFor,
  SOURCE_PHRASES,
  type CasePlan,
  type OrderState,
  type PlannedItem,
} from "./casework-plan";
// Type only: demo-casework.ts calls this file, so its writer is passed in rather than imported (no import cycle).
import type { writePlan as WritePlanFn } from "./demo-casework";
import { signedOff } from "./demo-risk";

export const SENTENCING_CASE_REFERENCE = "NS-2026-00003";

/** The parties and the court, for the README and tests. */
export const SENTENCING_CASE = {
  victim: "Niamh Calloway",
  perpetrator: "Declan Ferriby",
  court: "Northshire Magistrates' Court",
} as const;

/** Victim contact details on this case (ISAC, victim-confidential): tests assert they never leave the record. */
export const SENTENCING_SECRETS = {
  victimAddress: "27 Thistlewood Lane, Northshire NS6 3JW",
  victimPhone: "07700 900614",
} as const;

/** The clinic's decisions on the case, word for word (pre-sentence input pulls them from the minutes record). */
export const SENTENCING_DECISIONS = [
  "Recommend to the court a community order with the stalking perpetrator programme",
  "Advocate to review the safety plan before sentencing",
] as const;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Member = { id: string; name: string; agencyId: string; email: string };

const TEAM: [string, CaseRole, number][] = [
  // email, role on the case, joined (days ago)
  ["investigator@police.concord.test", "officer_in_case", 264],
  ["advocate@isac.concord.test", "advocate", 263],
  // The court team writes the pre-sentence input; CASE_ROLES has no court role, and the generated cases put
  // court@probation on teams as offender manager too.
  ["court@probation.concord.test", "offender_manager", 20],
  ["spo@probation.concord.test", "supervisor", 20],
  ["psychologist@health.concord.test", "psychologist", 16],
  // The clinical lead countersigns the psychologist's assessments.
  ["lead@health.concord.test", "supervisor", 16],
];

/** What the risk service stores as an assessment's searchable text: every text answer, in order. */
function textAnswers(instrument: Instrument, answers: Answers): string {
  const out: string[] = [];
  for (const s of instrument.sections)
    for (const i of s.items)
      if (i.response.kind === "text" && typeof answers[i.id] === "string") out.push(answers[i.id] as string);
  return out.join("\n");
}

/** A SAM factor: recent and lifetime presence, and relevance. */
const factor = (recent: string, lifetime: string, relevance: string): Answer => ({
  presence_recent: recent,
  presence_lifetime: lifetime,
  relevance,
});

/** The next weekday on or after a London date (courts do not sit at weekends). */
function weekday(date: string): string {
  let d = date;
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}

/**
 * Adds NS-2026-00003 to a database with the demo accounts (and the two small demo cases, so the reference is
 * free). `crimeRef` hands out crime references shared with the rest of the demo, so none is on two cases.
 */
export function seedDemoSentencing(
  tx: Tx,
  o: { now: number; crimeRef: (year: number) => string; writePlan: typeof WritePlanFn },
): string | null {
  const { now, crimeRef } = o;
  const staff = new Map<string, Member>(
    tx
      .select({ id: users.id, name: users.name, agencyId: users.agencyId, email: users.email })
      .from(users)
      .all()
      .map((u) => [u.email, u]),
  );
  const partnership = tx.select({ id: partnerships.id }).from(partnerships).get();
  const member = (email: string) => staff.get(email)!;
  if (
    !partnership ||
    !TEAM.every(([email]) => staff.has(email)) ||
    !staff.has("clinic@partnership.concord.test") ||
    !staff.has("manager@isac.concord.test")
  )
    return null;

  const today = londonDate(new Date(now));
  /** A London wall-clock time `days` ago (ahead, when negative), as ms. */
  const at = (days: number, time: string) =>
    Date.parse(londonWallClockToUtc(addDays(today, -days), time) ?? `${addDays(today, -days)}T12:00:00Z`);
  const iso = (days: number, time: string) => new Date(at(days, time)).toISOString();
  const on = (days: number) => addDays(today, -days);

  const investigator = member("investigator@police.concord.test");
  const advocate = member("advocate@isac.concord.test");
  const court = member("court@probation.concord.test");
  const psychologist = member("psychologist@health.concord.test");
  const clinicalLead = member("lead@health.concord.test");
  const coordinator = member("clinic@partnership.concord.test");
  const { victim, perpetrator } = SENTENCING_CASE;
  const first = victim.split(" ")[0]!;

  const caseId = randomUUID();
  const opened = at(264, "10:30");
  tx.insert(cases)
    .values({
      id: caseId,
      reference: SENTENCING_CASE_REFERENCE,
      status: "active",
      leadAgencyId: investigator.agencyId,
      createdBy: investigator.id,
      createdAt: new Date(opened).toISOString(),
      updatedAt: new Date(opened).toISOString(),
    })
    .run();
  for (const [email, roleInCase, days] of TEAM) {
    tx.insert(caseMembers)
      .values({
        caseId,
        userId: member(email).id,
        roleInCase,
        addedBy: investigator.id,
        addedAt: days === 264 ? new Date(opened).toISOString() : iso(days, "09:30"),
      })
      .run();
  }

  const refA = crimeRef(Number(on(545).slice(0, 4)));
  const refB = crimeRef(Number(on(410).slice(0, 4)));
  const refC = crimeRef(Number(on(266).slice(0, 4)));
  const refD = crimeRef(Number(on(214).slice(0, 4)));
  const openedAt = new Date(opened).toISOString();
  const victimId = randomUUID();
  const perpetratorId = randomUUID();
  tx.insert(people)
    .values({
      id: victimId,
      fullName: victim,
      searchName: normaliseName(victim),
      dateOfBirth: "1993-08-05",
      identifiers: "{}",
      aliases: "[]",
      createdBy: investigator.id,
      createdAt: openedAt,
    })
    .run();
  tx.insert(people)
    .values({
      id: perpetratorId,
      fullName: perpetrator,
      searchName: normaliseName(perpetrator),
      dateOfBirth: "1989-02-17",
      identifiers: JSON.stringify({ pnc: "90/518274L", ndelius: "K613052", crimeRefs: [refA, refB, refC, refD] }),
      aliases: JSON.stringify(["Dec Ferriby"]),
      createdBy: investigator.id,
      createdAt: openedAt,
    })
    .run();
  tx.insert(caseParties).values({ caseId, personId: victimId, partyRole: "victim", addedAt: openedAt }).run();
  tx.insert(caseParties).values({ caseId, personId: perpetratorId, partyRole: "perpetrator", addedAt: openedAt }).run();

  // --- The course of conduct: six incidents over eleven months, from four crime reports.
  const items: PlannedItem[] = [];
  const linkedAt = iso(263, "15:10");
  const incident = (
    k: string,
    days: number,
    time: string,
    behaviours: Parameters<typeof behavioursPhrase>[0],
    source: keyof typeof SOURCE_PHRASES,
    ref: string,
    offenceKeys: string[],
    text: string,
    recordedAt?: number,
  ) => {
    const occurredAt = iso(days, time);
    const phrase = behavioursPhrase(behaviours);
    items.push({
      key: k,
      kind: "incident",
      category: "case_core",
      by: "police",
      title: `${phrase} on ${formatDate(occurredAt)}`,
      summary: `${phrase} on ${formatDateTime(occurredAt)}, reported by ${SOURCE_PHRASES[source]}`,
      body: { text, crimeReference: ref },
      at: recordedAt ?? opened + items.length * 60_000,
      // Linked into the course of conduct when the case was opened, or as soon as it was recorded after that.
      detail: {
        table: "incident",
        occurredAt,
        occurredOn: londonDate(occurredAt),
        behaviours: [...behaviours],
        fixated: true,
        obsessive: days < 500,
        unwanted: true,
        repeated: days < 545,
        source,
        crimeReference: ref,
        offenceKeys,
        linkedAt: recordedAt ? new Date(recordedAt).toISOString() : linkedAt,
      },
    });
  };
  const s2a = ["offence:s2a"];
  // The first five were recorded as separate crimes; they were entered on the case when it was opened.
  incident(
    "incident:1",
    545,
    "21:15",
    ["messages"],
    "victim",
    refA,
    s2a,
    `Over sixty messages in one night after ${first} ended the relationship, asking her to take him back and saying he could not live without her.`,
  );
  incident(
    "incident:2",
    480,
    "23:40",
    ["calls", "messages"],
    "victim",
    refA,
    s2a,
    `Calls from withheld numbers most nights for two weeks, and messages saying he knew she was seeing someone else.`,
  );
  incident(
    "incident:3",
    410,
    "17:45",
    ["turning_up", "following"],
    "witness",
    refB,
    s2a,
    `Waited outside ${first}'s office at the end of her shift and followed her to the station. A colleague saw him and has made a statement.`,
  );
  incident(
    "incident:4",
    330,
    "07:55",
    ["loitering", "gifts"],
    "victim",
    refB,
    s2a,
    `Flowers and a card left on her car; seen parked at the end of her road before she left for work.`,
  );
  incident(
    "incident:5",
    266,
    "19:30",
    ["contacting_third_parties", "social_media_contact"],
    "victim",
    refC,
    s2a,
    `Messaged ${first}'s mother and sister on social media asking them to make her talk to him, then commented on her sister's posts.`,
  );
  // The sixth is the breach of the full SPO, recorded the night it happened.
  incident(
    "incident:6",
    214,
    "22:05",
    ["turning_up", "threats"],
    "police",
    refD,
    [...s2a, "offence:breach"],
    `Came to ${first}'s home late at night, in breach of the stalking protection order, and shouted through the letterbox that she would regret ruining his life. Arrested at the scene.`,
    at(214, "23:50"),
  );
  const instants = items.map((i) => (i.detail as { occurredAt: string }).occurredAt);

  // --- Offences: both charged after the breach, both convicted after trial three weeks ago; sentence adjourned.
  const chargedOn = on(212);
  const convictedOn = weekday(on(21));
  const hearingOn = weekday(on(-20));
  items.push(
    offenceItem("offence:s2a", "stalking_s2a", refA, "convicted", "charged", chargedOn, instants, at(263, "16:00")),
  );
  items.push(
    offenceItem("offence:breach", "breach_spo", refD, "convicted", "charged", chargedOn, instants, at(213, "10:30")),
  );

  // --- The SPO: considered when the contact spread to her family, a full order granted, breached once.
  const decision = "apply_full" as const;
  const rationale = `Eleven months of contact after ${first} ended the relationship, now spreading to her family online. Full SPO needed to prohibit contact by any means and to require him to attend the perpetrator programme.`;
  items.push({
    key: "spo",
    kind: "spo_consideration",
    category: "case_core",
    by: "police",
    title: "Stalking protection order considered",
    summary: `${SPO_DECISION_LABELS[decision]} (considered on ${formatDate(on(262))})`,
    body: { consideredOn: on(262), decision, rationale, consideredByName: AUTHOR_NAME },
    at: at(262, "14:20"),
    detail: { table: "spo", consideredOn: on(262), decision, rationale },
  });
  const order: OrderState = {
    orderType: "spo_full",
    status: "granted",
    appliedOn: on(260),
    hearingOn: null,
    decidedOn: on(236),
    refusalReason: null,
    prohibitions: prohibitionsFor("spo_full", victim, true),
    requirements: requirementsFor("spo_full", true),
    expiresOn: addDays(on(236), 730),
    endedOn: null,
    variedOn: null,
    renewedOn: null,
  };
  const orderAt = at(236, "15:40");
  items.push({
    key: "order:full",
    kind: "protective_order",
    category: "case_core",
    by: "police",
    title: orderLabel("spo_full"),
    summary: orderSummary(order),
    body: {
      ...order,
      change: "created",
      changedBy: AUTHOR,
      changedByName: AUTHOR_NAME,
      changedAt: new Date(orderAt).toISOString(),
    },
    at: orderAt,
    detail: {
      table: "order",
      orderType: order.orderType,
      status: order.status,
      appliedOn: order.appliedOn,
      hearingOn: order.hearingOn,
      decidedOn: order.decidedOn,
      refusalReason: null,
      prohibitions: order.prohibitions,
      requirements: order.requirements,
      expiresOn: order.expiresOn,
    },
  });
  const breachAt = at(214, "23:55");
  const inSentence = orderInSentence("spo_full");
  items.push({
    key: "breach",
    kind: "breach",
    category: "case_core",
    by: "police",
    title: `Breach of ${inSentence}`,
    summary: `Breach of ${inSentence} on ${formatDate(on(214))}; charged`,
    body: {
      orderRecordId: recordRef("order:full"),
      orderType: "spo_full",
      orderLabel: orderLabel("spo_full"),
      occurredOn: on(214),
      description: `Went to ${first}'s home and shouted threats through the letterbox. Arrested at the scene; charged with the s2A offence and the breach two days later.`,
      policeAction: "charged",
      policeActionOn: chargedOn,
    },
    at: breachAt,
    detail: {
      table: "breach",
      orderKey: "order:full",
      occurredOn: on(214),
      reportedAt: new Date(breachAt).toISOString(),
      policeAction: "charged",
      policeActionOn: chargedOn,
    },
  });

  // --- Victim care (ISAC): her contact details (victim-confidential) and the safety plan.
  items.push({
    key: "contact",
    kind: "victim_contact",
    category: "victim_contact",
    by: "isac",
    caveats: ["victim_confidential"],
    title: VICTIM_CARE_TITLES.victim_contact,
    summary: contactSummary(),
    body: {
      address: SENTENCING_SECRETS.victimAddress,
      phone: SENTENCING_SECRETS.victimPhone,
      email: "",
      workplace: "Northshire Civic Centre, finance team",
      safeTimes: "Weekdays after 18:00",
      safeMethod: "phone_call",
      avoidMethods: ["letter"],
      leaveMessages: false,
      notes: "Her mother knows how to reach her if the phone is off. Never leave a voicemail.",
      recordedBy: AUTHOR,
    },
    at: at(263, "12:10"),
  });
  items.push({
    key: "safety",
    kind: "safety_plan",
    category: "victim_care",
    by: "isac",
    title: VICTIM_CARE_TITLES.safety_plan,
    summary: safetyPlanSummary(on(-14)),
    body: {
      measures: [
        "Personal alarm issued and tested",
        "Doorbell camera and letterbox guard fitted through the sanctuary scheme",
        "Marker on her address for a priority police response",
        "Colleague walks her to the station after late shifts",
        "Family told not to pass on anything he sends them",
      ],
      advice: ["keep_evidence", "privacy_settings", "safe_social_media"],
      otherAdvice:
        "Reviewed ahead of sentencing: she wants no contact of any kind after sentence, and to be told the outcome the same day.",
      reviewOn: on(-14),
      recordedBy: AUTHOR,
    },
    at: at(11, "14:00"),
  });

  // --- Notes: who he is, and where the proceedings stand (case core, so the whole team reads it).
  items.push({
    key: "note:background",
    kind: "note",
    category: "perpetrator",
    by: "police",
    title: "Perpetrator background",
    summary: "No previous convictions; lived with the victim for four years",
    body: {
      text: `${perpetrator}, PNC 90/518274L. No previous convictions or cautions. Lived with ${first} for four years until she ended the relationship. Works shifts as a warehouse supervisor.`,
    },
    at: at(264, "11:00"),
  });
  items.push({
    key: "note:conviction",
    kind: "note",
    category: "case_core",
    by: "police",
    title: "Convicted: sentence adjourned for a pre-sentence report",
    summary: `Convicted on ${formatDate(convictedOn)}; sentencing at ${SENTENCING_CASE.court} on ${formatDate(hearingOn)}`,
    body: {
      text: `Convicted after trial at ${SENTENCING_CASE.court} on ${formatDate(convictedOn)} of stalking (s2A) and breach of the stalking protection order. Sentence adjourned to ${formatDate(hearingOn)} at the same court for a pre-sentence report. Bail continued: no contact with ${first} or her family, not to enter the exclusion zone. The SPO stays in force.`,
    },
    at: at(21, "16:30"),
  });
  items.sort((x, y) => x.at - y.at);

  const plan: CasePlan = {
    fields: {
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flagDomesticAbuse: true,
      flagOnline: true,
      flagPolicePerpetrated: false,
      priority: "raised",
      priorityReason: `Breach of ${inSentence} on ${formatDate(on(214))}`,
      courseLinkedAt: linkedAt,
      courseLinkedBy: "police",
      closingReason: null,
      closedAt: null,
      chargingReferredAt: iso(213, "09:00"),
    },
    items,
    // The review the breach service sets (three days, for the officer in the case), done at the time.
    tasks: [
      {
        title: `Review risk after a breach of ${inSentence}`,
        owner: "police",
        dueOn: on(211),
        status: "done",
        source: "breach",
        sourceKey: "breach",
        createdAt: breachAt,
        completedAt: at(212, "15:00"),
      },
    ],
    crimeRefs: [refA, refB, refC, refD],
    breaches: [{ key: "breach", occurredOn: on(214) }],
    updatedAt: at(6, "15:30"),
  };
  // Only the officer and the advocate were on the team when the breach was recorded (the breach notification).
  o.writePlan(
    tx,
    caseId,
    SENTENCING_CASE_REFERENCE,
    plan,
    { lead: investigator, police: investigator, isac: advocate, probation: court, health: psychologist },
    [investigator, advocate],
    now,
  );

  // --- Risk assessments, signed off as the risk service leaves them.
  const dash = currentInstrument("dash");
  const srp = currentInstrument("srp");
  const sam = currentInstrument("sam");
  const yes = Object.fromEntries(
    [
      "dash_frightened",
      "dash_separation",
      "dash_more_often",
      "dash_breach",
      "sdash_frightened",
      "sdash_loitering",
      "sdash_threats",
      "sdash_third_parties",
    ].map((k) => [k, "yes"]),
  );
  const dashAnswers = sampleAnswers(dash, {
    ...yes,
    dash_afraid_of: "That he will come back to the house when the case is over.",
    risk_level: "medium",
    rationale:
      "No contact since his arrest for the breach; she remains frightened and expects contact to resume after sentence. Medium, to be reviewed at sentence.",
  });
  signedOff(tx, {
    caseId,
    instrument: dash,
    answers: dashAnswers,
    author: advocate,
    signer: member("manager@isac.concord.test"),
    at: at(12, "11:00"),
  });

  const srpAnswers = sampleAnswers(srp, {
    srp_relationship: "ex_intimate",
    srp_type: "rejected",
    srp_motivation_notes: `Wants the relationship back, and blames ${first} and her family for ending it; the motive has moved from reconciliation towards grievance since the SPO.`,
    srp_type_risks:
      "Rejected ex-partners persist longest of the types; the end of proceedings and any new relationship of hers are the likely triggers.",
    srp_protective:
      "No previous convictions, steady work, complied with bail since the breach, and says he will attend a programme.",
    srp_violence: "low",
    srp_violence_rationale: "No violence in this or any relationship; threats were made once, in anger, at the breach.",
    srp_persistence: "high",
    srp_persistence_rationale:
      "Eleven months of contact, continued after police warnings and breached a full SPO within three weeks of its grant.",
    srp_recurrence: "moderate",
    srp_recurrence_rationale:
      "No history of stalking before this relationship; a risk with future partners if the grievance is not addressed.",
    srp_damage: "moderate",
    srp_damage_rationale: "Low mood and heavy drinking since the separation; the conviction puts his job at risk.",
  });
  signedOff(tx, {
    caseId,
    instrument: srp,
    answers: srpAnswers,
    author: psychologist,
    signer: clinicalLead,
    at: at(10, "15:00"),
    text: textAnswers(srp, srpAnswers),
  });

  const samAnswers = sampleAnswers(sam, {
    sam_ns_communicates_about: factor("Y", "Y", "moderate"),
    sam_ns_communicates_with: factor("Y", "Y", "high"),
    sam_ns_approaches: factor("Y", "Y", "high"),
    sam_ns_intimidates: factor("P", "P", "moderate"),
    sam_ns_threatens: factor("P", "P", "moderate"),
    sam_ns_persistent: factor("Y", "Y", "high"),
    sam_ns_escalating: factor("P", "P", "moderate"),
    sam_ns_supervision_violations: factor("Y", "Y", "high"),
    sam_p_angry: factor("P", "P", "moderate"),
    sam_p_obsessed: factor("Y", "Y", "high"),
    sam_p_unrepentant: factor("P", "P", "moderate"),
    sam_p_intimacy: factor("Y", "Y", "high"),
    sam_p_distressed: factor("Y", "P", "moderate"),
    sam_p_substance: factor("P", "N", "moderate"),
    sam_v_living: factor("P", "P", "moderate"),
    sam_v_distressed: factor("Y", "Y", "moderate"),
    sam_scenario_likely: `Renewed messages and approaches to ${first} or her family within weeks of sentence, most likely when she is seen with someone new or the proceedings end.`,
    sam_scenario_worst:
      "An angry confrontation at her home with threats and damage to property; warning signs are drinking, contact with her family and being seen near her road.",
    sam_mgmt_monitoring:
      "Police marker on her address; the advocate tells the officer of any contact the same day; probation checks compliance at every appointment.",
    sam_mgmt_supervision:
      "Keep the SPO prohibitions; community order with a non-contact and exclusion requirement matching the SPO map.",
    sam_mgmt_treatment:
      "Stalking perpetrator programme; alcohol treatment requirement to be assessed; the clinic to review after the programme.",
    sam_mgmt_victim_safety:
      "The advocate reviews the safety plan with her before sentence and after any contact; sentence outcome given to her the same day.",
    sam_priority: "moderate",
    sam_continued: "high",
    sam_violence: "low",
    sam_imminence: "moderate",
    sam_rationale:
      "Persistent, fixated stalking by a rejected ex-partner with a breach of a full SPO, but no violence and good compliance since arrest. Continued stalking is likely without treatment; violence is unlikely. Manageable in the community with the programme, the SPO and close information sharing.",
  });
  signedOff(tx, {
    caseId,
    instrument: sam,
    answers: samAnswers,
    author: psychologist,
    signer: clinicalLead,
    at: at(9, "16:30"),
    text: textAnswers(sam, samAnswers),
  });

  // --- The clinic: a referral from the court team, accepted, and the case review whose minutes are signed off.
  const referralId = randomUUID();
  tx.insert(clinicReferrals)
    .values({
      id: referralId,
      caseId,
      referrerUserId: court.id,
      referrerAgencyId: court.agencyId,
      reason: `Convicted of s2A stalking and breach of an SPO; sentence adjourned to ${formatDate(hearingOn)} for a pre-sentence report.`,
      currentRisk: "medium",
      ask: "The clinic's view of risk and of a community sentence with treatment, for the pre-sentence report.",
      status: "accepted",
      priority: "soon",
      decisionReason: "Sentencing date set; the psychologist can assess before the review.",
      decidedBy: coordinator.id,
      decidedAt: iso(17, "10:00"),
      createdAt: iso(19, "14:00"),
      updatedAt: iso(17, "10:00"),
    })
    .run();

  const meetingId = randomUUID();
  const kind = "clinic_review" as const;
  const title = "Stalking clinic case review";
  const startsAt = iso(7, "10:00");
  const finalisedAt = iso(6, "15:30");
  tx.insert(meetings)
    .values({
      id: meetingId,
      partnershipId: partnership.id,
      kind,
      title,
      startsAt,
      chairUserId: coordinator.id,
      status: "finalised",
      confidentialityStatement: DEFAULT_CONFIDENTIALITY.clinic,
      currentItemId: null,
      openedAt: iso(7, "09:58"),
      closedAt: iso(7, "10:45"),
      finalisedAt,
      finalisedBy: coordinator.id,
      createdBy: coordinator.id,
      createdAt: iso(16, "11:00"),
    })
    .run();
  for (const m of [coordinator, court, advocate, psychologist, investigator]) {
    tx.insert(meetingInvitees)
      .values({
        meetingId,
        userId: m.id,
        invitedBy: coordinator.id,
        invitedAt: iso(16, "11:00"),
        attendance: "present",
        acknowledgedAt: iso(7, "09:59"),
      })
      .run();
  }
  const itemId = randomUUID();
  const minutes = [
    `${perpetrator}, convicted of s2A stalking of his former partner and breach of a full SPO; sentence on ${formatDate(hearingOn)}.`,
    `${psychologist.name} summarised the SAM and SRP: a rejected ex-partner, persistent and fixated, continued stalking likely without treatment, violence unlikely. He has complied with bail since the breach and says he will engage.`,
    "The advocate reported that the victim wants no contact of any kind and to be told the outcome the same day. Police have had no reports since the arrest.",
    "The panel agreed that the risk can be managed in the community with the perpetrator programme, the SPO prohibitions and close information sharing.",
  ].join("\n\n");
  tx.insert(meetingItems)
    .values({
      id: itemId,
      meetingId,
      caseId,
      source: "clinic_referral",
      sourceId: referralId,
      position: 1,
      minutesAllowed: 30,
      priority: "soon",
      minutes,
      minutesVersion: 1,
      minutesUpdatedBy: coordinator.id,
      minutesUpdatedAt: iso(7, "10:40"),
    })
    .run();
  tx.insert(meetingMinutesVersions)
    .values({ itemId, version: 1, text: minutes, savedBy: coordinator.id, savedAt: iso(7, "10:40") })
    .run();
  SENTENCING_DECISIONS.forEach((text, i) => {
    tx.insert(meetingDecisions)
      .values({ id: randomUUID(), meetingId, itemId, text, createdBy: coordinator.id, createdAt: iso(7, `10:3${i}`) })
      .run();
  });
  const action = {
    text: "Send the clinic's treatment recommendation to the court team for the pre-sentence report",
    dueOn: on(-5),
  };
  tx.insert(meetingActions)
    .values({
      id: randomUUID(),
      meetingId,
      itemId,
      caseId,
      text: action.text,
      ownerUserId: psychologist.id,
      ownerAgencyId: null,
      dueOn: action.dueOn,
      status: "open",
      createdBy: coordinator.id,
      createdAt: iso(7, "10:35"),
    })
    .run();

  // The record the chair's sign-off writes (meetings.server.ts finaliseMinutes), one per agenda item.
  insertCaseRecord(
    tx,
    {
      caseId,
      kind: "meeting_minutes",
      category: "meeting_minutes",
      ownerAgencyId: coordinator.agencyId,
      authorUserId: coordinator.id,
      marking: "OFFICIAL-SENSITIVE",
      meetingId,
      title: `Minutes: ${title}`,
      summary: `${MEETING_KIND_LABELS[kind]} on ${formatDateTime(startsAt)}`,
      body: {
        itemId,
        minutes,
        plan: null,
        decisions: [...SENTENCING_DECISIONS],
        actions: [{ text: action.text, owner: psychologist.name, dueOn: action.dueOn }],
      },
    },
    finalisedAt,
  );

  // Records written out of time order moved the case's last activity about; it is the minutes' sign-off.
  indexCase(tx, caseId);
  tx.update(cases).set({ updatedAt: finalisedAt }).where(eq(cases.id, caseId)).run();
  return caseId;
}
