// What happens on one synthetic case, planned as plain data: the course of conduct (incidents across crime
// reports), offences with the six-month limit, the SPO consideration, protective orders, breaches, victim care,
// notes and tasks. The demo seed writes plans through the record store; the large seed writes the same plans
// with prepared statements. Distributions follow DOMAIN.md's "Useful distributions"; text is templated and
// names only the parties (who are themselves invented).
import type { Caveat, Category } from "../../app/access/vocabulary";
import { BEHAVIOUR_LABELS, ONLINE_BEHAVIOURS, type Behaviour, type IncidentSource } from "../../app/domain/behaviours";
import type { CaseStatus, ClosingReason, Motivation, Relationship } from "../../app/domain/case-vocabulary";
import { formatDate as formatDateOnce, formatDateTime } from "../../app/domain/dates";
import {
  addCalendarMonths,
  londonDate as londonDateOnce,
  TIME_LIMIT_MONTHS,
} from "../../app/domain/limitation-deadline";
import { OFFENCE_STATUS_LABELS, OFFENCES, type OffenceStatus, type OffenceType } from "../../app/domain/offences";
import {
  ORDER_STATUS_LABELS,
  ORDER_TYPE_INFO,
  POLICE_ACTION_LABELS,
  SPO_DECISION_LABELS,
  type OrderStatus,
  type OrderType,
  type PoliceAction,
  type SpoDecision,
} from "../../app/domain/protective-orders";
import {
  contactSummary,
  needsAssessmentSummary,
  nextUpdateDue,
  referralSummary,
  safetyPlanSummary,
  updatePlanSummary,
  victimsCodeSummary,
  VICTIM_CARE_TITLES,
  type NeedLevel,
  type OnlineSafetyAdvice,
  type ReferralResponse,
  type SupportService,
  type UpdateMethod,
} from "../../app/domain/victim-care";
import type { Rng } from "./synthetic";

/**
 * Placeholders in bodies that only the writer knows: the author's user id and name (records keep who recorded
 * or changed them), and the id another planned record gets (a breach names its order).
 */
export const AUTHOR = "$author";
export const AUTHOR_NAME = "$authorName";
export const recordRef = (key: string) => `$record:${key}`;

export type AgencyKey = "police" | "isac" | "probation" | "health" | "cps" | "prison";
/** Who writes an item: the case team's member from that agency, or the lead agency's case-holder. */
export type Who = AgencyKey | "lead";

export type Detail =
  | {
      table: "incident";
      occurredAt: string;
      occurredOn: string;
      behaviours: Behaviour[];
      fixated: boolean;
      obsessive: boolean;
      unwanted: boolean;
      repeated: boolean;
      source: IncidentSource;
      crimeReference: string | null;
      offenceKeys: string[];
      linkedAt: string | null;
    }
  | {
      table: "offence";
      offenceType: OffenceType;
      summaryOnly: boolean;
      crimeReference: string | null;
      status: OffenceStatus;
      outcomeCode: string | null;
      chargedOn: string | null;
      lastDayToCharge: string | null;
    }
  | {
      table: "order";
      orderType: OrderType;
      status: OrderStatus;
      appliedOn: string | null;
      hearingOn: string | null;
      decidedOn: string | null;
      refusalReason: string | null;
      prohibitions: string[];
      requirements: string[];
      expiresOn: string | null;
    }
  | { table: "spo"; consideredOn: string; decision: SpoDecision; rationale: string }
  | {
      table: "breach";
      orderKey: string;
      occurredOn: string;
      reportedAt: string;
      policeAction: PoliceAction;
      policeActionOn: string | null;
    }
  | {
      table: "update_plan";
      frequencyDays: number;
      method: UpdateMethod;
      nextDueOn: string;
      lastUpdateOn: string | null;
    }
  | {
      table: "referral";
      service: SupportService;
      offeredOn: string;
      response: ReferralResponse;
      respondedOn: string | null;
    };

export type PlannedItem = {
  /** Local name, so details can point at each other (an incident at its offences, a breach at its order). */
  key: string;
  kind: string;
  category: Category;
  by: Who;
  caveats?: Caveat[];
  status?: "draft" | "signed_off";
  title: string;
  summary: string;
  body: Record<string, unknown>;
  /** When it was recorded (ms). */
  at: number;
  detail?: Detail;
};

export type PlannedTask = {
  title: string;
  owner: Who;
  dueOn: string;
  status: "open" | "done";
  source: string;
  sourceKey: string | null;
  createdAt: number;
  completedAt: number | null;
};

export type CaseFields = {
  relationship: Relationship;
  motivation: Motivation;
  flagDomesticAbuse: boolean;
  flagOnline: boolean;
  flagPolicePerpetrated: boolean;
  priority: "standard" | "raised";
  priorityReason: string | null;
  courseLinkedAt: string | null;
  courseLinkedBy: Who | null;
  closingReason: ClosingReason | null;
  closedAt: string | null;
  chargingReferredAt: string | null;
};

export type CasePlan = {
  fields: CaseFields;
  items: PlannedItem[];
  tasks: PlannedTask[];
  /** Crime references on the case (each once), for the perpetrator's identifiers. */
  crimeRefs: string[];
  /** Breaches recorded, for notifications to the team: the breach item's key and its date. */
  breaches: { key: string; occurredOn: string }[];
  updatedAt: number;
};

export type PlanOptions = {
  now: number;
  createdAt: number;
  status: CaseStatus;
  /** The lead agency and every agency on the team (the lead's included). */
  lead: AgencyKey;
  agencies: ReadonlySet<AgencyKey>;
  victimName: string;
  /** Hands out crime references, never the same one twice. */
  crimeRef: (year: number) => string;
  relationship?: Relationship;
  online?: boolean;
  stalkingOffence?: "stalking_s2a" | "stalking_s4a";
  /** Exactly this many incidents (otherwise 3 to 8; fewer on new referrals). */
  incidents?: number;
  /** Place the latest incident so the s2A offence's last day to charge is this many days from today. */
  deadlineInDays?: number;
  /** false: no SPO consideration recorded yet. */
  spoConsideration?: boolean;
  /** true: an order in force and a recent breach of it. */
  breach?: boolean;
  /** The victim's next agreed update is due this many days from today (negative: overdue). */
  updateDueInDays?: number;
  /** Tasks on the case (otherwise 1 to 3 on open cases). */
  tasks?: number;
  /**
   * Fewer records per case for the large seed: no Victims' Code record or second referral, a needs assessment
   * and safety plan on fewer cases, and no further notes after the lead's opening one.
   */
  lean?: boolean;
};

const DAY = 86_400_000;

// --- Distributions (DOMAIN.md).
const RELATIONSHIP_WEIGHTS: Partial<Record<Relationship, number>> = {
  ex_intimate_partner: 48,
  acquaintance: 14,
  colleague: 9,
  neighbour: 8,
  stranger: 6,
  online_only: 8,
  family: 4,
  other: 3,
};
const MOTIVATION_BY_RELATIONSHIP: Record<Relationship, Partial<Record<Motivation, number>>> = {
  ex_intimate_partner: { rejected: 80, resentful: 12, intimacy_seeking: 8 },
  family: { resentful: 60, rejected: 40 },
  acquaintance: { intimacy_seeking: 40, incompetent_suitor: 30, resentful: 20, rejected: 10 },
  colleague: { resentful: 45, intimacy_seeking: 30, incompetent_suitor: 25 },
  neighbour: { resentful: 75, intimacy_seeking: 15, predatory: 10 },
  stranger: { intimacy_seeking: 40, predatory: 35, incompetent_suitor: 25 },
  online_only: { intimacy_seeking: 45, predatory: 30, resentful: 25 },
  other: { resentful: 50, intimacy_seeking: 50 },
};
const OFFLINE_BEHAVIOURS: readonly Behaviour[] = [
  "calls",
  "turning_up",
  "following",
  "loitering",
  "gifts",
  "contacting_third_parties",
  "threats",
  "property_damage",
  "violence",
];
const BEHAVIOUR_WEIGHTS: Partial<Record<Behaviour, number>> = {
  messages: 30,
  calls: 22,
  social_media_contact: 22,
  fake_or_alias_accounts: 12,
  tracking_or_location: 6,
  image_based_abuse: 4,
  hacking: 5,
  turning_up: 24,
  following: 14,
  loitering: 14,
  gifts: 8,
  contacting_third_parties: 10,
  threats: 10,
  property_damage: 5,
  violence: 3,
};
const SOURCE_WEIGHTS: Record<IncidentSource, number> = { victim: 62, police: 14, witness: 11, partner_agency: 13 };
const CLOSED_OUTCOME_WEIGHTS = { charged: 8, "16": 51, "15": 31, "17": 4, none: 6 };
const SPO_DECISION_WEIGHTS: Record<SpoDecision, number> = {
  apply_interim: 14,
  apply_full: 10,
  not_appropriate: 56,
  other_order_in_place: 20,
};
const POLICE_ACTION_WEIGHTS: Record<PoliceAction, number> = {
  arrested: 45,
  under_investigation: 20,
  charged: 10,
  summons: 5,
  warning: 10,
  no_action: 10,
};
const UPDATE_METHOD_WEIGHTS: Record<UpdateMethod, number> = {
  phone: 50,
  email: 20,
  via_advocate: 20,
  in_person: 6,
  letter: 4,
};
const REPORT_WEIGHTS = { "1": 45, "2": 35, "3": 20 };
const MONITORING_OFFENCE_WEIGHTS: Partial<Record<OffenceStatus, number>> = {
  under_investigation: 30,
  charged: 25,
  no_further_action: 45,
};
const UPDATE_FREQUENCY_WEIGHTS = { "7": 30, "14": 45, "28": 25 };
const REFERRAL_RESPONSE_WEIGHTS: Record<ReferralResponse, number> = { accepted: 60, declined: 25, pending: 15 };
const NEED_LEVEL_WEIGHTS: Record<NeedLevel, number> = { none: 50, some: 35, high: 15 };
const OTHER_ORDER_WEIGHTS_DOMESTIC: Partial<Record<OrderType, number>> = {
  restraining_order: 25,
  non_molestation_order: 30,
  dvpo: 10,
  police_bail: 20,
  court_bail: 15,
};
const OTHER_ORDER_WEIGHTS: Partial<Record<OrderType, number>> = {
  restraining_order: 35,
  police_bail: 40,
  court_bail: 25,
};

// --- Text. Templates in our own words; "they" for the perpetrator, the victim by name where orders name them.
const INCIDENT_TEXT: Record<Behaviour, readonly string[]> = {
  messages: [
    "Received a stream of messages in one evening asking to meet and saying they would not give up.",
    "Messages continued overnight after the victim asked for contact to stop.",
  ],
  calls: [
    "Repeated missed calls from withheld numbers between midnight and 3am.",
    "Called the victim's work phone several times; colleagues were asked to say the victim was unavailable.",
  ],
  social_media_contact: [
    "Comments left under the victim's posts and friend requests sent to the victim's family.",
    "Direct messages on social media after being blocked.",
  ],
  fake_or_alias_accounts: [
    "A new account under a false name followed the victim after the old one was blocked.",
    "Messages from an alias account; the wording matches earlier messages from the suspect.",
  ],
  tracking_or_location: [
    "The suspect knew where the victim had been that evening; an unknown tracking app was found on the victim's phone.",
    "A location tag was found under the victim's car.",
  ],
  image_based_abuse: [
    "Threatened to share intimate images unless the victim replied.",
    "Posted a private photograph of the victim online without consent.",
  ],
  hacking: [
    "The victim's email password was changed and messages read; a login from an unknown device.",
    "The suspect got into the victim's cloud photos with an old password.",
  ],
  turning_up: [
    "Turned up at the victim's workplace at the end of the shift and waited by the entrance.",
    "Arrived uninvited at the victim's home and knocked repeatedly.",
  ],
  following: [
    "Followed the victim from the bus stop to the supermarket and back.",
    "Seen driving slowly behind the victim on the way home from the gym.",
  ],
  loitering: [
    "Seen sitting in a car opposite the victim's home for over an hour.",
    "Waited near the school gates at pick-up time.",
  ],
  gifts: [
    "Flowers and an unsigned card left on the doorstep.",
    "A parcel sent to the victim's work with items from their past.",
  ],
  contacting_third_parties: [
    "Contacted the victim's sister asking where the victim was staying.",
    "Sent messages to the victim's employer making false allegations.",
  ],
  threats: [
    "A message said the victim would regret ignoring them.",
    "Threatened to harm themself and the victim if the victim would not meet.",
  ],
  property_damage: [
    "The victim's car tyres were found slashed the morning after a refused call.",
    "Plant pots smashed and the front gate damaged overnight.",
  ],
  violence: [
    "Grabbed the victim's arm in the car park and let go only when a passer-by stepped in.",
    "Pushed the victim against a wall during an argument in the street.",
  ],
};
export const SOURCE_PHRASES: Record<IncidentSource, string> = {
  victim: "the victim",
  witness: "a witness",
  police: "police",
  partner_agency: "a partner agency",
};

const SPO_RATIONALE: Record<SpoDecision, readonly string[]> = {
  apply_interim: [
    "Escalating behaviour and a recent threat; an interim order is needed now to protect the victim while the investigation continues.",
    "Contact continued after arrest; interim SPO to prohibit all contact, online included.",
  ],
  apply_full: [
    "Persistent course of conduct over months; a full SPO with positive requirements to address the behaviour.",
    "Fixation likely to continue after any criminal outcome; full order with requirement to attend the perpetrator programme.",
  ],
  not_appropriate: [
    "Suspect charged and remanded with bail conditions that cover the risk; to be reviewed if bail is varied.",
    "Contact stopped after police warning; victim does not want an order at present; review at next contact.",
    "No evidence of continuing risk since the suspect moved out of the area; will reconsider if contact resumes.",
  ],
  other_order_in_place: [
    "A restraining order from earlier proceedings already prohibits contact; breaches to be reported.",
    "Non-molestation order in place obtained by the victim; SPO would add nothing at present.",
  ],
};
const REFUSAL_REASONS = [
  "The court was not satisfied the order was necessary to protect the victim from a risk associated with stalking.",
  "The court found insufficient evidence at this stage that the acts were associated with stalking; may re-apply with further evidence.",
];
const BREACH_TEXT = [
  "Sent a message from a new account in breach of the no-contact prohibition.",
  "Seen waiting outside the victim's workplace inside the exclusion zone.",
  "Left a card and flowers on the victim's doorstep.",
  "Contacted the victim's sister asking where the victim was living.",
  "Called the victim from a withheld number three times in one night.",
];
const NEEDS_NOTES: Partial<Record<(typeof NEED_AREAS)[number], string>> = {
  safety: "Anxious about leaving the house alone; wants a personal alarm.",
  work_education: "Has reduced working hours; employer aware and supportive.",
  online_safety: "Wants to keep using social media for work; needs help to do so safely.",
  children_dependants: "Worried about school pick-up times.",
};
const SAFETY_MEASURES = [
  "Personal alarm issued and tested",
  "Agreed code word with a neighbour and a colleague",
  "Varied route to work; colleague to walk to the car park",
  "Doorbell camera fitted through the sanctuary scheme",
  "Marker placed on the victim's address for a priority police response",
  "Evidence diary started; screenshots kept with dates",
  "Safe contact arrangements agreed with the advocate",
];
const ONLINE_ADVICE: readonly OnlineSafetyAdvice[] = [
  "privacy_settings",
  "keep_evidence",
  "check_tracking",
  "two_step",
  "safe_social_media",
];
const NEED_AREAS = [
  "safety",
  "health_wellbeing",
  "housing",
  "finances",
  "children_dependants",
  "work_education",
  "online_safety",
  "communication",
] as const;

const NOTE_TEXT: Partial<Record<Category, { title: string; summary: string; text: readonly string[] }[]>> = {
  investigation: [
    {
      title: "Evidence update",
      summary: "Phone download and CCTV requested",
      text: [
        "Phone download requested; CCTV from the workplace car park requested and chased.",
        "Witness statement taken from a colleague who saw the suspect waiting outside.",
      ],
    },
    {
      title: "Suspect interview",
      summary: "Suspect interviewed under caution",
      text: ["Interviewed under caution; gave no comment to most questions and denied the messages were theirs."],
    },
  ],
  victim_care: [
    {
      title: "Advocate contact",
      summary: "Advocate spoke with the victim",
      text: [
        "Spoke with the victim by phone; feeling safer since the personal alarm was issued. Wants updates by phone in the afternoons.",
      ],
    },
  ],
  perpetrator: [
    {
      title: "Probation contact",
      summary: "Supervision appointment attended",
      text: [
        "Attended supervision; minimises the behaviour and blames the victim. Discussed the conditions of the order.",
      ],
    },
  ],
  clinical: [
    {
      title: "Clinic assessment",
      summary: "Assessed by the stalking clinic",
      text: [
        "Assessment completed; formulation suggests fixation linked to rejection. Treatment recommendations to follow.",
      ],
    },
  ],
  case_core: [
    {
      title: "Strategy discussion",
      summary: "Multi-agency strategy discussion held",
      text: [
        "Strategy discussion between police and the advocate: pattern across crime reports agreed; SPO and safety plan actions set.",
      ],
    },
  ],
  police_intelligence: [
    {
      title: "Intelligence report",
      summary: "Intelligence held by police",
      text: ["Intelligence graded and recorded; sanitised summary available for the clinic."],
    },
  ],
  risk_assessment: [
    {
      title: "Risk assessment",
      summary: "S-DASH completed: high risk",
      text: [
        "S-DASH completed with the victim: very frightened, turning up more than three times a week, threats made. High risk; referred to the clinic.",
      ],
    },
  ],
};
const NOTE_CATEGORY_BY_AGENCY: Record<AgencyKey, readonly Category[]> = {
  police: ["investigation", "investigation", "case_core", "police_intelligence", "risk_assessment"],
  isac: ["victim_care", "victim_care", "risk_assessment"],
  probation: ["perpetrator"],
  health: ["clinical"],
  cps: ["investigation"],
  prison: ["perpetrator"],
};
const TASKS_BY_AGENCY: Record<AgencyKey, readonly string[]> = {
  police: [
    "Obtain CCTV from the workplace car park",
    "Take a further statement from the victim",
    "Chase the phone download results",
    "Submit the file to the CPS for charging advice",
    "Serve the order on the respondent",
    "Check social media accounts linked to the suspect",
  ],
  isac: [
    "Review the safety plan with the victim",
    "Arrange a home security assessment",
    "Update the victim on the investigation",
  ],
  probation: ["Home visit and risk review", "Check compliance with the order's requirements"],
  health: ["Offer an assessment appointment at the stalking clinic"],
  cps: ["Review the charging file"],
  prison: ["Plan release arrangements with probation"],
};

const WORKPLACES = [
  "Northshire Business Park",
  "Kelmoor Retail Centre",
  "Thornbridge Medical Centre",
  "Wexley Primary School",
  "Hallam Cross Library",
] as const;
const STREETS = [
  "Fennel Way",
  "Hatherley Road",
  "Quarry Bank",
  "Millbrook Avenue",
  "Orchard Rise",
  "Tanners Lane",
  "Coppice Walk",
  "Wharf Street",
  "Beacon View",
  "Sandpiper Court",
] as const;
const DISTRICTS = ["Ashby Vale", "Kelmoor", "Thornbridge", "Wexley", "Hallam Cross"] as const;

// --- Dates. The large seed plans hundreds of thousands of cases, so each answer of the app's own date functions
// (London date, labels, day arithmetic) is worked out once and reused. London is UTC or UTC+1, so an instant's
// London date is its UTC date except in the last UTC hour of a day, which may already be the next day there.
const HOUR = 3_600_000;
const DAY_MS = 86_400_000;
const lateHourDates = new Map<number, string>();
const hourLabels = new Map<number, string>();
const dayLabels = new Map<string, string>();
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

function dayString(dayNumber: number): string {
  let s = dayStrings.get(dayNumber);
  if (s === undefined) dayStrings.set(dayNumber, (s = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)));
  return s;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));

/** An instant as ISO-8601 (what Date#toISOString gives), built from the remembered day. */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${dayString(day)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}.${String(rest - sec * 1000).padStart(3, "0")}Z`;
}

/** Date wordings (victim-care.ts summaries) remembered by what they were made from. */
const wordings = new Map<string, string>();
function worded(key: string, make: () => string): string {
  let out = wordings.get(key);
  if (out === undefined) wordings.set(key, (out = make()));
  return out;
}

/** The London date (yyyy-mm-dd) of an instant (ms or ISO). */
export function londonDate(at: number | string): string {
  const ms = typeof at === "number" ? at : Date.parse(at);
  const day = Math.floor(ms / DAY_MS);
  if (ms - day * DAY_MS < 23 * HOUR) return dayString(day);
  let d = lateHourDates.get(day);
  if (d === undefined) lateHourDates.set(day, (d = londonDateOnce(new Date(day * DAY_MS + 23 * HOUR))));
  return d;
}

/** "7 March 2026" for a London date (yyyy-mm-dd). */
export function formatDate(date: string): string {
  let label = dayLabels.get(date);
  if (label === undefined) dayLabels.set(date, (label = formatDateOnce(date)));
  return label;
}

/** "7 March 2026 at 2:05pm" for an instant: the label of its hour with its minutes put in. */
function formatDateTimeFast(ms: number): string {
  const hour = Math.floor(ms / HOUR);
  let label = hourLabels.get(hour);
  if (label === undefined) hourLabels.set(hour, (label = formatDateTime(new Date(hour * HOUR))));
  return label.replace(":00", `:${String(new Date(ms).getUTCMinutes()).padStart(2, "0")}`);
}

/** A London date `days` later (or earlier). */
export function addDays(date: string, days: number): string {
  let n = dayNumbers.get(date);
  if (n === undefined) dayNumbers.set(date, (n = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)));
  return dayString(n + days);
}

/** The six-month limit from the latest of these incidents (as lastDayToCharge in limitation-deadline.ts). */
export function lastDayToCharge(instants: readonly string[]): string | null {
  let latest: string | null = null;
  for (const at of instants) {
    const d = londonDate(at);
    if (latest === null || d > latest) latest = d;
  }
  return latest === null ? null : addCalendarMonths(latest, TIME_LIMIT_MONTHS);
}

export function orderLabel(t: OrderType): string {
  return ORDER_TYPE_INFO[t].label;
}
/** "the stalking protection order", acronyms kept (DVPO). */
export function orderInSentence(t: OrderType): string {
  const label = orderLabel(t);
  return `the ${label[1] === label[1]!.toLowerCase() ? label[0]!.toLowerCase() + label.slice(1) : label}`;
}

export type OrderState = {
  orderType: OrderType;
  status: OrderStatus;
  appliedOn: string | null;
  hearingOn: string | null;
  decidedOn: string | null;
  refusalReason: string | null;
  prohibitions: string[];
  requirements: string[];
  expiresOn: string | null;
  endedOn: string | null;
  variedOn: string | null;
  renewedOn: string | null;
};

/** The line others see: status and key date (as app/services/protective-orders.server.ts words it). */
export function orderSummary(s: OrderState): string {
  let head = ORDER_STATUS_LABELS[s.status];
  const parts: string[] = [];
  if ((s.status === "applied" || s.status === "hearing_listed") && s.appliedOn)
    head += ` on ${formatDate(s.appliedOn)}`;
  if (s.status === "hearing_listed" && s.hearingOn) parts.push(`hearing on ${formatDate(s.hearingOn)}`);
  if ((s.status === "granted" || s.status === "refused") && s.decidedOn) head += ` on ${formatDate(s.decidedOn)}`;
  if ((s.status === "expired" || s.status === "discharged") && s.endedOn) head += ` on ${formatDate(s.endedOn)}`;
  if ((s.status === "granted" || s.status === "varied") && s.expiresOn) parts.push(`until ${formatDate(s.expiresOn)}`);
  return [head, ...parts].join(", ");
}

export function prohibitionsFor(t: OrderType, victim: string, online: boolean): string[] {
  const noContact = `Not to contact ${victim} directly or indirectly by any means, including through social media or other people`;
  if (t === "police_bail" || t === "court_bail")
    return [
      `Not to contact ${victim} directly or indirectly`,
      "Not to enter the exclusion zone marked on the map given with the conditions",
    ];
  if (t === "spo_interim" || t === "spo_full") {
    const out = [
      noContact,
      "Not to enter the area marked on the map attached to the order",
      `Not to go to ${victim}'s place of work`,
    ];
    if (online)
      out.push(
        `Not to post or publish any material about ${victim} online`,
        `Not to create or use any account under another name to contact or follow ${victim}`,
      );
    return out;
  }
  return [noContact, `Not to go within 100 metres of ${victim}'s home address`];
}
export function requirementsFor(t: OrderType, online: boolean): string[] {
  if (t === "spo_full")
    return [
      "Attend an assessment with the perpetrator intervention programme within 28 days and take part in it",
      ...(online ? ["Give the police details of every social media account and username within 7 days"] : []),
      "Tell the police of any change of address within 3 days",
    ];
  if (t === "spo_interim")
    return online ? ["Give the police details of every social media account and username within 7 days"] : [];
  if (t === "police_bail") return ["Live and sleep at the address given to the police"];
  return [];
}

/**
 * Plans one case. Pure apart from the generator: the same seed and options give the same plan.
 */
export function planCasework(rng: Rng, o: PlanOptions): CasePlan {
  const { now } = o;
  const today = londonDate(now);
  const has = (a: AgencyKey) => o.agencies.has(a);
  const by = (a: AgencyKey): Who => (has(a) ? a : "lead");
  const police = has("police");
  const open = o.status !== "closed";
  const items: PlannedItem[] = [];
  const tasks: PlannedTask[] = [];
  const crimeRefs: string[] = [];
  const breachesOut: CasePlan["breaches"] = [];
  let seq = 0;
  const key = (k: string) => `${k}:${seq++}`;
  const dayOf = (ms: number) => londonDate(ms);
  const msOf = (date: string, hourUtc = 12) => Date.parse(`${date}T${String(hourUtc).padStart(2, "0")}:00:00Z`);
  const clampNow = (ms: number) => Math.min(ms, now - 60_000);

  // --- The case: relationship, flags and when it closed.
  const relationship = o.relationship ?? rng.weighted(RELATIONSHIP_WEIGHTS);
  const domestic = relationship === "ex_intimate_partner" || relationship === "family";
  const online =
    o.online ?? (relationship === "online_only" || rng.chance(relationship === "ex_intimate_partner" ? 0.25 : 0.2));
  const motivation: Motivation =
    o.status === "referred" && rng.chance(0.6) ? "not_known" : rng.weighted(MOTIVATION_BY_RELATIONSHIP[relationship]);
  const closedAtMs = open ? null : clampNow(o.createdAt + rng.between(45, 300) * DAY);
  const endMs = closedAtMs ?? now;

  // --- Incidents: the course of conduct, in 1 to 3 crime reports.
  const recent = o.status === "referred" || o.status === "triage";
  const n = o.incidents ?? (recent ? rng.between(2, 4) : rng.between(3, 8));
  let latest: number;
  if (o.deadlineInDays !== undefined)
    latest = msOf(addCalendarMonths(addDays(today, o.deadlineInDays), -6), 12) + rng.between(0, 8) * 3_600_000;
  else if (open)
    latest = Math.max(o.createdAt - 10 * DAY, now - rng.between(1, recent ? 10 : 100) * DAY) - rng.int(DAY);
  else latest = Math.min(endMs - 20 * DAY, o.createdAt + rng.between(0, 40) * DAY);
  latest = Math.min(latest, now - 3_600_000);
  const span = (o.incidents && o.incidents > 20 ? 400 : rng.between(20, 160)) * DAY;
  const first = latest - span;
  const times = Array.from({ length: n }, (_, i) =>
    i === n - 1 ? latest : first + Math.floor(rng.next() * span),
  ).sort((a, b) => a - b);
  const pool = (() => {
    const allowed = online ? [...ONLINE_BEHAVIOURS, ...OFFLINE_BEHAVIOURS] : OFFLINE_BEHAVIOURS;
    const weights = Object.fromEntries(allowed.map((b) => [b, BEHAVIOUR_WEIGHTS[b] ?? 1])) as Partial<
      Record<Behaviour, number>
    >;
    const chosen = new Set<Behaviour>();
    if (online) chosen.add(rng.pick(["messages", "social_media_contact", "fake_or_alias_accounts"] as const));
    const size = rng.between(3, 5);
    for (let tries = 0; chosen.size < size && tries < 30; tries++) chosen.add(rng.weighted(weights));
    return [...chosen];
  })();
  const escalating = pool.includes("threats") || pool.includes("violence");
  const reports = Math.min(n, Number(rng.weighted(REPORT_WEIGHTS)));
  // Contiguous groups: each crime report covers the incidents up to the next report.
  const cuts = new Set<number>([0]);
  while (cuts.size < reports) cuts.add(1 + rng.int(n - 1));
  const reportOf: number[] = [];
  let report = -1;
  for (let i = 0; i < n; i++) reportOf.push(cuts.has(i) ? ++report : report);
  const reportRefs: string[] = [];
  for (let r = 0; r < reports; r++) {
    const firstOfReport = times[reportOf.indexOf(r)]!;
    reportRefs.push(o.crimeRef(new Date(firstOfReport).getUTCFullYear()));
  }
  crimeRefs.push(...reportRefs);
  const linked = reports > 1 && (o.status !== "referred" || rng.chance(0.3)) && rng.chance(0.85);
  const linkedAtMs = linked ? clampNow(Math.max(o.createdAt, times[n - 1]!) + rng.between(1, 3) * DAY) : null;

  const stalking: "stalking_s2a" | "stalking_s4a" =
    o.deadlineInDays !== undefined
      ? "stalking_s2a"
      : (o.stalkingOffence ?? (rng.chance(escalating ? 0.7 : 0.4) ? "stalking_s4a" : "stalking_s2a"));
  const mainOffenceKey = police ? key("offence") : null;
  const incidentKeys: string[] = [];
  for (let i = 0; i < n; i++) {
    const occurredAt = isoInstant(times[i]! - (times[i]! % 60_000));
    const occurredOn = londonDate(occurredAt);
    const behaviours = rng.some(pool, rng.chance(0.35) ? 2 : 1);
    const source: IncidentSource = i === 0 ? "victim" : rng.weighted(SOURCE_WEIGHTS);
    // A report to an advocate that has not reached the police has no crime reference yet.
    const crimeReference = source === "partner_agency" && i === n - 1 && n > 2 ? null : reportRefs[reportOf[i]!]!;
    const phrase = behavioursPhrase(behaviours);
    const k = key("incident");
    incidentKeys.push(k);
    items.push({
      key: k,
      kind: "incident",
      category: "case_core",
      by: by("police"),
      // As app/services/incidents.server.ts words them: what and when, never the description.
      title: `${phrase} on ${formatDate(occurredOn)}`,
      summary: `${phrase} on ${formatDateTimeFast(Date.parse(occurredAt))}, reported by ${SOURCE_PHRASES[source]}`,
      body: { text: behaviours.map((b) => rng.pick(INCIDENT_TEXT[b])).join(" "), crimeReference },
      at: clampNow(Math.max(times[i]! + rng.between(1, 48) * 3_600_000, o.createdAt)),
      detail: {
        table: "incident",
        occurredAt,
        occurredOn,
        behaviours,
        fixated: rng.chance(0.75),
        obsessive: rng.chance(0.65),
        unwanted: true,
        repeated: i > 0,
        source,
        crimeReference,
        offenceKeys: mainOffenceKey && crimeReference ? [mainOffenceKey] : [],
        // Linking takes in every incident on the case (incidents.server.ts linkCourseOfConduct).
        linkedAt: linkedAtMs ? isoInstant(linkedAtMs) : null,
      },
    });
  }
  const instants = items
    .filter((i) => i.detail?.table === "incident")
    .map((i) => (i.detail as { occurredAt: string }).occurredAt);

  // --- Offences and outcomes (DOMAIN.md: charge ~7%, outcome 16 ~51%, outcome 15 ~31%).
  let closingReason: ClosingReason | null = null;
  let chargingReferredAt: string | null = null;
  let chargedOnMain: string | null = null;
  if (mainOffenceKey) {
    let status: OffenceStatus = "under_investigation";
    let outcomeCode: string | null = null;
    if (o.deadlineInDays === undefined) {
      if (o.status === "closed") {
        const outcome = rng.weighted(CLOSED_OUTCOME_WEIGHTS);
        if (outcome === "charged") {
          status = rng.chance(0.8) ? "convicted" : "acquitted";
          outcomeCode = "charged";
          closingReason = "charged_and_concluded";
        } else if (outcome === "none") {
          closingReason = rng.pick(["risk_reduced", "transferred"] as const);
          status = "no_further_action";
          outcomeCode = "15";
        } else {
          const code = outcome === "17" && stalking !== "stalking_s2a" ? "15" : outcome;
          status = "no_further_action";
          outcomeCode = code;
          closingReason =
            code === "16" ? "victim_withdrew" : code === "17" ? "time_limit_expired" : "no_further_action";
        }
      } else if (o.status === "monitoring") {
        status = rng.weighted(MONITORING_OFFENCE_WEIGHTS);
      } else if (o.status === "active" && has("cps") && rng.chance(0.5)) status = "charged";
      else if (o.status === "active" && rng.chance(0.08)) status = "charged";
      if (status === "charged") outcomeCode = "charged";
      if (status === "no_further_action" && !outcomeCode) outcomeCode = rng.chance(0.62) ? "16" : "15";
    }
    const charged = status === "charged" || status === "convicted" || status === "acquitted";
    if (charged)
      chargedOnMain = dayOf(
        clampNow(Math.min(endMs - 5 * DAY, Math.max(latest, o.createdAt) + rng.between(10, 60) * DAY)),
      );
    if (charged || (has("cps") && o.status !== "referred"))
      chargingReferredAt = new Date(
        clampNow((chargedOnMain ? msOf(chargedOnMain) : Math.max(o.createdAt, latest)) - rng.between(2, 9) * DAY),
      ).toISOString();
    if (chargingReferredAt && Date.parse(chargingReferredAt) < o.createdAt)
      chargingReferredAt = new Date(o.createdAt + DAY).toISOString();
    items.push(
      offenceItem(
        mainOffenceKey,
        stalking,
        reportRefs[0]!,
        status,
        outcomeCode,
        chargedOnMain,
        instants,
        clampNow(o.createdAt + rng.between(0, 3) * DAY),
      ),
    );
    // A second offence on its own crime report, such as malicious communications.
    if (reports > 1 && rng.chance(0.25)) {
      const second: OffenceType = online
        ? "malicious_communications"
        : rng.pick(["harassment_s4", "harassment_s2"] as const);
      const k = key("offence");
      items.push(
        offenceItem(
          k,
          second,
          reportRefs[1]!,
          charged ? status : "under_investigation",
          charged ? outcomeCode : null,
          charged ? chargedOnMain : null,
          instants,
          clampNow(o.createdAt + rng.between(1, 10) * DAY),
        ),
      );
      for (const it of items)
        if (it.detail?.table === "incident" && it.detail.crimeReference === reportRefs[1])
          it.detail.offenceKeys.push(k);
    }
  } else if (!open) closingReason = rng.pick(["risk_reduced", "victim_withdrew", "transferred"] as const);

  // --- SPO consideration (recommendation 13) and the orders that follow.
  const orders: { key: string; s: OrderState }[] = [];
  const addOrder = (s: OrderState, at: number, k = key("order")) => {
    orders.push({ key: k, s });
    items.push({
      key: k,
      kind: "protective_order",
      category: "case_core",
      by: by("police"),
      title: orderLabel(s.orderType),
      summary: orderSummary(s),
      body: {
        ...s,
        change: "created",
        changedBy: AUTHOR,
        changedByName: AUTHOR_NAME,
        changedAt: new Date(at).toISOString(),
      },
      at,
      detail: {
        table: "order",
        orderType: s.orderType,
        status: s.status,
        appliedOn: s.appliedOn,
        hearingOn: s.hearingOn,
        decidedOn: s.decidedOn,
        refusalReason: s.refusalReason,
        prohibitions: s.prohibitions,
        requirements: s.requirements,
        expiresOn: s.expiresOn,
      },
    });
  };
  const blank = (orderType: OrderType): OrderState => ({
    orderType,
    status: "applied",
    appliedOn: null,
    hearingOn: null,
    decidedOn: null,
    refusalReason: null,
    prohibitions: prohibitionsFor(orderType, o.victimName, online),
    requirements: requirementsFor(orderType, online),
    expiresOn: null,
    endedOn: null,
    variedOn: null,
    renewedOn: null,
  });
  const settle = (s: OrderState, grantChance: number, lasts: number | null) => {
    // Decided on the hearing date (or soon after applying); still listed when that is in the future.
    const decideOn = s.hearingOn ?? addDays(s.appliedOn!, rng.between(1, 3));
    if (decideOn > today) {
      s.status = "hearing_listed";
      s.hearingOn = decideOn;
      return;
    }
    s.decidedOn = decideOn;
    if (rng.chance(grantChance)) {
      s.status = "granted";
      s.expiresOn = lasts === null ? null : addDays(decideOn, lasts);
      if (s.expiresOn && s.expiresOn < today) {
        s.status = "expired";
        s.endedOn = s.expiresOn;
      }
    } else {
      s.status = "refused";
      s.refusalReason = rng.pick(REFUSAL_REASONS);
      s.prohibitions = [];
      s.requirements = [];
    }
  };
  const spoWanted =
    police &&
    o.spoConsideration !== false &&
    !(o.status === "referred" && o.createdAt > now - 3 * DAY && rng.chance(0.5));
  if (spoWanted) {
    const consideredOn = dayOf(clampNow(o.createdAt + rng.between(0, 5) * DAY));
    let decision = rng.weighted(SPO_DECISION_WEIGHTS);
    if (o.breach && decision === "not_appropriate") decision = "apply_interim";
    const at = msOf(consideredOn, 15);
    const rationale = rng.pick(SPO_RATIONALE[decision]);
    items.push({
      key: key("spo"),
      kind: "spo_consideration",
      category: "case_core",
      by: by("police"),
      title: "Stalking protection order considered",
      summary: `${SPO_DECISION_LABELS[decision]} (considered on ${formatDate(consideredOn)})`,
      body: { consideredOn, decision, rationale, consideredByName: AUTHOR_NAME },
      at: clampNow(at),
      detail: { table: "spo", consideredOn, decision, rationale },
    });
    if (decision === "apply_interim" || decision === "apply_full") {
      const interim = decision === "apply_interim";
      const s = blank(interim ? "spo_interim" : "spo_full");
      s.appliedOn = addDays(consideredOn, rng.between(1, interim ? 2 : 10));
      if (s.appliedOn > today) s.appliedOn = today;
      if (!interim) s.hearingOn = addDays(s.appliedOn, rng.between(21, 42));
      settle(s, o.breach ? 1 : interim ? 0.85 : 0.75, interim ? rng.between(28, 56) : 730);
      addOrder(s, clampNow(msOf(s.appliedOn, 16)));
      // After an interim order, the full order is heard when the interim one runs out.
      if (interim && s.decidedOn && s.status !== "refused") {
        const full = blank("spo_full");
        full.appliedOn = s.appliedOn;
        full.hearingOn = s.expiresOn;
        settle(full, 0.8, 730);
        if (full.status === "granted" || full.status === "expired" || full.status === "refused") {
          // The full hearing ends the interim order.
          s.status = "expired";
          s.endedOn = full.decidedOn;
          const interimItem = items.find((i) => i.key === orders[orders.length - 1]!.key)!;
          interimItem.summary = orderSummary(s);
          interimItem.body = { ...interimItem.body, ...s };
          Object.assign(interimItem.detail!, { status: s.status });
        }
        addOrder(full, clampNow(msOf(full.appliedOn!, 17)));
      }
    } else if (decision === "other_order_in_place" || rng.chance(0.35)) {
      const t: OrderType =
        decision === "other_order_in_place"
          ? rng.weighted(domestic ? OTHER_ORDER_WEIGHTS_DOMESTIC : OTHER_ORDER_WEIGHTS)
          : "police_bail";
      const s = blank(t);
      s.appliedOn = dayOf(clampNow(Math.max(latest, o.createdAt) - rng.between(1, 20) * DAY));
      s.decidedOn = t === "police_bail" || t === "court_bail" ? s.appliedOn : addDays(s.appliedOn, rng.between(1, 14));
      if (s.decidedOn > today) s.decidedOn = today;
      s.status = "granted";
      const lasts = t === "dvpo" ? 28 : t === "police_bail" ? 90 : t === "court_bail" ? null : rng.between(365, 730);
      s.expiresOn = lasts === null ? null : addDays(s.decidedOn, lasts);
      if (s.expiresOn && s.expiresOn < today) {
        s.status = "expired";
        s.endedOn = s.expiresOn;
      }
      addOrder(s, clampNow(msOf(s.decidedOn, 16)));
    }
  }
  // A restraining order on conviction.
  if (
    chargedOnMain &&
    items.some((i) => i.detail?.table === "offence" && i.detail.status === "convicted") &&
    rng.chance(0.7)
  ) {
    const s = blank("restraining_order");
    s.appliedOn = addDays(chargedOnMain, rng.between(20, 60));
    if (s.appliedOn > today) s.appliedOn = today;
    s.decidedOn = s.appliedOn;
    s.status = "granted";
    s.expiresOn = addDays(s.decidedOn, rng.between(2, 5) * 365);
    addOrder(s, clampNow(msOf(s.decidedOn, 16)));
  }
  // A demo breach needs an order in force: bail conditions if nothing else binds.
  const inForce = () => orders.filter((x) => x.s.status === "granted" && x.s.decidedOn && x.s.decidedOn < today);
  if (o.breach && !inForce().length) {
    const s = blank("police_bail");
    s.appliedOn = s.decidedOn = addDays(today, -rng.between(15, 40));
    s.status = "granted";
    s.expiresOn = addDays(s.decidedOn, 90);
    addOrder(s, msOf(s.decidedOn, 16));
  }

  // --- Breaches: a marker of raised risk, with a review task for the team.
  let priorityReason: string | null = null;
  const breachable = orders.filter((x) => x.s.decidedOn && (x.s.status === "granted" || x.s.status === "expired"));
  const breachTarget = o.breach
    ? inForce()[0]
    : breachable.length && rng.chance(0.22)
      ? rng.pick(breachable)
      : undefined;
  const until = breachTarget ? (breachTarget.s.endedOn ?? (closedAtMs ? dayOf(closedAtMs) : today)) : "";
  const from = breachTarget ? addDays(breachTarget.s.decidedOn!, 3) : "";
  if (breachTarget && (o.breach || from <= until)) {
    const target = breachTarget;
    const occurredOn = o.breach
      ? maxDate(addDays(today, -rng.between(2, 6)), target.s.decidedOn!)
      : addDays(from, rng.int(Math.max(1, daysBetween(from, until))));
    const action = rng.weighted(POLICE_ACTION_WEIGHTS);
    const actionOn =
      action === "under_investigation" || action === "no_action"
        ? null
        : minDate(addDays(occurredOn, rng.between(0, 2)), today);
    const reportedAt = clampNow(msOf(occurredOn, 18) + rng.between(1, 20) * 3_600_000);
    const k = key("breach");
    items.push({
      key: k,
      kind: "breach",
      category: "case_core",
      by: by("police"),
      title: `Breach of ${orderInSentence(target.s.orderType)}`,
      summary: `Breach of ${orderInSentence(target.s.orderType)} on ${formatDate(occurredOn)}; ${POLICE_ACTION_LABELS[action].toLowerCase()}`,
      body: {
        orderRecordId: recordRef(target.key),
        orderType: target.s.orderType,
        orderLabel: orderLabel(target.s.orderType),
        occurredOn,
        description: rng.pick(BREACH_TEXT),
        policeAction: action,
        policeActionOn: actionOn,
      },
      at: reportedAt,
      detail: {
        table: "breach",
        orderKey: target.key,
        occurredOn,
        reportedAt: isoInstant(reportedAt),
        policeAction: action,
        policeActionOn: actionOn,
      },
    });
    breachesOut.push({ key: k, occurredOn });
    const breachOffence: Partial<Record<OrderType, OffenceType>> = {
      spo_interim: "breach_spo",
      spo_full: "breach_spo",
      restraining_order: "breach_restraining_order",
      non_molestation_order: "breach_non_molestation_order",
    };
    const offenceType = breachOffence[target.s.orderType];
    if (police && offenceType) {
      const ref = o.crimeRef(Number(occurredOn.slice(0, 4)));
      crimeRefs.push(ref);
      const st: OffenceStatus = action === "charged" ? "charged" : "under_investigation";
      items.push(
        offenceItem(
          key("offence"),
          offenceType,
          ref,
          st,
          st === "charged" ? "charged" : null,
          st === "charged" ? actionOn : null,
          instants,
          reportedAt + 3_600_000,
        ),
      );
    }
    const due = addDays(dayOf(reportedAt), 2);
    const reviewed = due < addDays(today, -5);
    tasks.push({
      title: `Review risk after a breach of ${orderInSentence(target.s.orderType)}`,
      owner: by("police"),
      dueOn: due,
      status: reviewed ? "done" : "open",
      source: "breach",
      sourceKey: k,
      createdAt: reportedAt,
      completedAt: reviewed ? clampNow(msOf(due, 10)) : null,
    });
    if (open && occurredOn >= addDays(today, -60))
      priorityReason = `Breach of ${orderInSentence(target.s.orderType)} on ${formatDate(occurredOn)}`;
  }
  if (!priorityReason && open && escalating && latest > now - 21 * DAY && rng.chance(0.5))
    priorityReason = "Threats or violence in a recent incident";

  // --- Victim care (Victims' Code; DOMAIN.md "Victim care").
  // Only the ISAC and the police record victim contact and care (baseline policy).
  const careBy: Who | null = has("isac") ? "isac" : police ? "police" : null;
  const careDay = (lo: number, hi: number) => minDate(dayOf(o.createdAt + rng.between(lo, hi) * DAY), today);
  if (careBy && (o.status !== "referred" || rng.chance(0.6))) {
    const at = clampNow(o.createdAt + rng.between(0, 4) * DAY + rng.int(DAY));
    const street = `${rng.between(1, 120)} ${rng.pick(STREETS)}`;
    const district = rng.pick(DISTRICTS);
    const safeMethod = rng.pick(["phone_call", "text_message", "email", "via_advocate"] as const);
    items.push({
      key: key("contact"),
      kind: "victim_contact",
      category: "victim_contact",
      by: careBy,
      caveats: rng.chance(0.3) ? ["victim_confidential", "not_for_perpetrator_facing"] : ["victim_confidential"],
      title: VICTIM_CARE_TITLES.victim_contact,
      summary: contactSummary(),
      body: {
        address: `${street}, ${district}, Northshire NS${rng.between(1, 9)} ${rng.between(1, 9)}${String.fromCharCode(65 + rng.int(26))}${String.fromCharCode(65 + rng.int(26))}`,
        phone: `07700 900${String(rng.int(1000)).padStart(3, "0")}`,
        email: `${o.victimName.toLowerCase().replace(/[^a-z]+/g, ".")}${rng.between(1, 99)}@example.com`,
        workplace: rng.chance(0.6) ? `${rng.pick(WORKPLACES)}, ${rng.pick(DISTRICTS)}` : "",
        safeTimes: rng.pick([
          "Weekdays 10:00 to 12:00",
          "After 18:00 on weekdays",
          "Any time; text first",
          "Mornings only",
        ]),
        safeMethod,
        avoidMethods: rng.chance(0.5) ? ["letter"] : [],
        leaveMessages: rng.chance(0.3),
        notes: rng.pick([
          "No letters to the home address.",
          "Text first to check it is safe to talk.",
          "Contact through the advocate where possible.",
          "Email is safe; phone may be monitored.",
        ]),
        recordedBy: AUTHOR,
      },
      at,
    });
  }
  if (police && !o.lean && (o.status !== "referred" || rng.chance(0.5))) {
    const entitled = rng.chance(0.95);
    const explainedOn = rng.chance(0.9) ? careDay(0, 5) : null;
    items.push({
      key: key("code"),
      kind: "victims_code",
      category: "victim_care",
      by: "police",
      title: VICTIM_CARE_TITLES.victims_code,
      summary: victimsCodeSummary({ entitled, explainedOn }),
      body: {
        entitled,
        reasons: entitled ? ["persistently_targeted", ...(rng.chance(0.4) ? ["intimidated"] : [])] : [],
        explained: explainedOn
          ? { on: explainedOn, by: AUTHOR, how: rng.pick(["in_person", "phone", "letter"] as const) }
          : null,
        recordedBy: AUTHOR,
      },
      at: clampNow(msOf(explainedOn ?? careDay(0, 5), 11)),
    });
  }
  const careShare = o.lean ? 0.4 : 1;
  if (careBy && rng.chance((has("isac") ? 0.8 : 0.35) * careShare) && !recent) {
    const completedOn = careDay(2, 10);
    const level = (area: (typeof NEED_AREAS)[number]): NeedLevel =>
      area === "safety"
        ? rng.chance(0.5)
          ? "high"
          : "some"
        : area === "online_safety" && online
          ? rng.chance(0.6)
            ? "high"
            : "some"
          : rng.weighted(NEED_LEVEL_WEIGHTS);
    const areas = Object.fromEntries(NEED_AREAS.map((a) => [a, { level: level(a), notes: NEEDS_NOTES[a] ?? "" }]));
    items.push({
      key: key("needs"),
      kind: "needs_assessment",
      category: "victim_care",
      by: careBy,
      title: VICTIM_CARE_TITLES.needs_assessment,
      summary: worded(`needs ${completedOn}`, () => needsAssessmentSummary(completedOn)),
      body: { areas, completedOn, recordedBy: AUTHOR },
      at: clampNow(msOf(completedOn, 14)),
    });
  }
  if (police && o.status !== "referred") {
    const frequencyDays = Number(rng.weighted(UPDATE_FREQUENCY_WEIGHTS));
    const agreedOn = careDay(1, 5);
    let lastUpdateOn: string | null;
    if (o.updateDueInDays !== undefined) lastUpdateOn = addDays(today, o.updateDueInDays - frequencyDays);
    else if (!open) lastUpdateOn = dayOf(closedAtMs! - rng.between(0, 5) * DAY);
    // Most updates are on time; about one in ten is a few days late.
    else
      lastUpdateOn = addDays(
        today,
        -(rng.chance(0.1) ? frequencyDays + rng.between(1, 4) : rng.between(0, frequencyDays - 1)),
      );
    if (lastUpdateOn <= agreedOn) lastUpdateOn = null;
    const nextDueOn =
      o.updateDueInDays !== undefined
        ? addDays(today, o.updateDueInDays)
        : nextUpdateDue({ frequencyDays, agreedOn, lastUpdateOn });
    const method = rng.weighted(UPDATE_METHOD_WEIGHTS);
    items.push({
      key: key("plan"),
      kind: "victim_update_plan",
      category: "victim_care",
      by: "police",
      title: VICTIM_CARE_TITLES.victim_update_plan,
      summary: worded(`plan ${frequencyDays} ${nextDueOn}`, () => updatePlanSummary(frequencyDays, nextDueOn)),
      body: {
        frequencyDays,
        method,
        agreedOn,
        updatesGiven: updatesGiven(agreedOn, lastUpdateOn, frequencyDays),
        recordedBy: AUTHOR,
      },
      at: clampNow(msOf(lastUpdateOn ?? agreedOn, 13)),
      detail: { table: "update_plan", frequencyDays, method, nextDueOn, lastUpdateOn },
    });
  }
  const referral = (service: SupportService, who: Who, offeredOn: string, response: ReferralResponse) => {
    const respondedOn = response === "pending" ? null : minDate(addDays(offeredOn, rng.between(1, 7)), today);
    items.push({
      key: key("referral"),
      kind: "support_referral",
      category: "victim_care",
      by: who,
      title: VICTIM_CARE_TITLES.support_referral,
      summary: worded(`referral ${offeredOn} ${response}`, () => referralSummary(offeredOn, response)),
      body: { service, otherService: "", offeredOn, response, respondedOn, recordedBy: AUTHOR },
      at: clampNow(msOf(respondedOn ?? offeredOn, 12)),
      detail: { table: "referral", service, offeredOn, response, respondedOn },
    });
  };
  if (police && rng.chance(0.85)) {
    const offeredOn = careDay(0, 3);
    const response: ReferralResponse = has("isac")
      ? "accepted"
      : offeredOn > addDays(today, -14) && rng.chance(0.5)
        ? "pending"
        : rng.chance(0.6)
          ? "declined"
          : "accepted";
    referral("isac", "police", offeredOn, response);
  }
  if (careBy && !o.lean && rng.chance(0.2) && !recent)
    referral(
      domestic && rng.chance(0.5) ? "idva" : "mental_health",
      careBy,
      careDay(5, 20),
      rng.weighted(REFERRAL_RESPONSE_WEIGHTS),
    );
  if (careBy && rng.chance((has("isac") ? 0.8 : 0.3) * careShare) && !recent) {
    const madeOn = careDay(3, 14);
    const reviewOn = addDays(madeOn, rng.between(14, 42));
    items.push({
      key: key("safety"),
      kind: "safety_plan",
      category: "victim_care",
      by: careBy,
      caveats: rng.chance(0.15) ? ["not_for_perpetrator_facing"] : [],
      title: VICTIM_CARE_TITLES.safety_plan,
      summary: worded(`safety ${reviewOn}`, () => safetyPlanSummary(reviewOn)),
      body: {
        measures: rng.some(SAFETY_MEASURES, rng.between(2, 4)),
        advice: online ? rng.some(ONLINE_ADVICE, rng.between(2, 4)) : [],
        otherAdvice: "",
        reviewOn,
        recordedBy: AUTHOR,
      },
      at: clampNow(msOf(madeOn, 15)),
    });
  }

  // --- Notes: the lead's opening summary, then what each agency records as it works.
  items.push({
    key: key("note"),
    kind: "note",
    category: "case_core",
    by: "lead",
    title: "Referral and course of conduct",
    summary: `${relationshipPhrase(relationship)}; ${pool
      .slice(0, 3)
      .map((b) => BEHAVIOUR_LABELS[b].toLowerCase())
      .join(", ")}`,
    body: {
      text: `Referred after ${n} reported incidents across ${reports} crime ${reports === 1 ? "report" : "reports"}. Pattern consistent with fixated, obsessive, unwanted and repeated behaviour.`,
    },
    at: o.createdAt,
  });
  const writers = [...o.agencies];
  for (let i = 0, notes = o.lean ? 0 : recent ? rng.int(2) : rng.between(1, 3); i < notes; i++) {
    const agency = rng.pick(writers);
    const category = rng.pick(NOTE_CATEGORY_BY_AGENCY[agency]);
    const t = rng.pick(NOTE_TEXT[category]!);
    const caveats: Caveat[] =
      category === "clinical"
        ? ["health_confidential"]
        : category === "police_intelligence"
          ? ["police_intelligence"]
          : [];
    items.push({
      key: key("note"),
      kind: "note",
      category,
      by: agency,
      caveats,
      status: rng.chance(0.05) ? "draft" : "signed_off",
      title: t.title,
      summary: t.summary,
      body: { text: rng.pick(t.text) },
      at: clampNow(o.createdAt + Math.floor((endMs - o.createdAt) * rng.next())),
    });
  }

  // --- Tasks: open work on open cases (some overdue), finished work on closed ones.
  const taskCount = o.tasks ?? (open ? rng.between(1, o.lean ? 2 : 3) : rng.int(2));
  for (let i = 0; i < taskCount; i++) {
    const agency = rng.pick(writers);
    const createdAt = clampNow(o.createdAt + Math.floor((endMs - o.createdAt) * rng.next()));
    const dueOn = open
      ? addDays(today, rng.between(-10, 28))
      : dayOf(Math.min(endMs, createdAt + rng.between(3, 14) * DAY));
    const done = !open || (dueOn < today && rng.chance(0.5));
    tasks.push({
      title: rng.pick(TASKS_BY_AGENCY[agency]),
      owner: agency,
      dueOn,
      status: done ? "done" : "open",
      source: "manual",
      sourceKey: null,
      createdAt: Math.min(createdAt, msOf(dueOn, 9)),
      completedAt: done ? clampNow(Math.min(endMs, msOf(dueOn, 16))) : null,
    });
  }

  items.sort((a, b) => a.at - b.at);
  const updatedAt =
    closedAtMs ?? Math.max(...items.map((i) => i.at), ...tasks.map((t) => t.completedAt ?? t.createdAt));
  return {
    fields: {
      relationship,
      motivation,
      flagDomesticAbuse: domestic,
      flagOnline: online,
      flagPolicePerpetrated: rng.chance(0.01),
      priority: priorityReason ? "raised" : "standard",
      priorityReason,
      courseLinkedAt: linkedAtMs ? new Date(linkedAtMs).toISOString() : null,
      courseLinkedBy: linkedAtMs ? by("police") : null,
      closingReason,
      closedAt: closedAtMs ? new Date(closedAtMs).toISOString() : null,
      chargingReferredAt,
    },
    items,
    tasks,
    crimeRefs,
    breaches: breachesOut,
    updatedAt: Math.min(updatedAt, now),
  };
}

/** An offence record: its content as app/services/offences.server.ts words it, and its detail row. */
export function offenceItem(
  key: string,
  offenceType: OffenceType,
  crimeReference: string,
  status: OffenceStatus,
  outcomeCode: string | null,
  chargedOn: string | null,
  instants: string[],
  at: number,
): PlannedItem {
  const { label: title, summaryOnly } = OFFENCES[offenceType];
  const statusLabel = OFFENCE_STATUS_LABELS[status];
  return {
    key,
    kind: "offence",
    category: "investigation",
    by: "police",
    title,
    summary: `${title}: ${statusLabel.toLowerCase()}`,
    body: {
      text: `${title}. Crime reference ${crimeReference}. ${statusLabel}${chargedOn ? `, charged on ${formatDate(chargedOn)}` : ""}.`,
      offenceType,
      otherDescription: null,
    },
    at,
    // The six-month limit applies while a summary-only offence is still under investigation (offences.server.ts).
    detail: {
      table: "offence",
      offenceType,
      summaryOnly,
      crimeReference,
      status,
      outcomeCode,
      chargedOn,
      lastDayToCharge: summaryOnly && status === "under_investigation" ? lastDayToCharge(instants) : null,
    },
  };
}

/** "Turning up, threats": behaviour labels as one phrase (as incidents.server.ts makes it). */
export function behavioursPhrase(behaviours: readonly Behaviour[]): string {
  return behaviours.map((b, i) => (i === 0 ? BEHAVIOUR_LABELS[b] : BEHAVIOUR_LABELS[b].toLowerCase())).join(", ");
}

/** The updates given so far: one each interval from the agreement up to the last (at most ten shown). */
function updatesGiven(
  agreedOn: string,
  lastUpdateOn: string | null,
  frequencyDays: number,
): { on: string; by: string }[] {
  if (!lastUpdateOn) return [];
  const out: { on: string; by: string }[] = [];
  for (let on = lastUpdateOn; on > agreedOn && out.length < 10; on = addDays(on, -frequencyDays))
    out.unshift({ on, by: AUTHOR });
  return out;
}

function relationshipPhrase(r: Relationship): string {
  return {
    ex_intimate_partner: "Ex-partner",
    family: "Family member",
    acquaintance: "Acquaintance",
    colleague: "Former colleague",
    neighbour: "Neighbour",
    stranger: "Stranger",
    online_only: "Known online only",
    other: "Known to the victim",
  }[r];
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** resolveBody on a body already written as JSON (faster for the large seed: no walk, just the placeholders). */
export function resolveJson(
  json: string,
  author: { id: string; name: string },
  recordId: (key: string) => string,
): string {
  if (!json.includes('"$')) return json;
  return json
    .replaceAll(`"${AUTHOR}"`, JSON.stringify(author.id))
    .replaceAll(`"${AUTHOR_NAME}"`, JSON.stringify(author.name))
    .replace(/"\$record:([^"]*)"/g, (_, key: string) => JSON.stringify(recordId(key)));
}

/** A planned body with its placeholders filled in: the author's id and name, other records' ids. */
export function resolveBody(
  body: Record<string, unknown>,
  author: { id: string; name: string },
  recordId: (key: string) => string,
): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string")
      return v === AUTHOR
        ? author.id
        : v === AUTHOR_NAME
          ? author.name
          : v.startsWith("$record:")
            ? recordId(v.slice(8))
            : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(body) as Record<string, unknown>;
}
