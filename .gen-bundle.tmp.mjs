// db/seed/large-generate.ts
import { randomUUID as randomUuid } from "node:crypto";

// app/access/baseline-policy.ts
var ANY = "any";
var OWN_RECORDS = ["case_core", "victim_contact", "victim_care", "perpetrator", "clinical", "police_intelligence", "risk_assessment", "investigation", "pre_sentence"].flatMap((category) => [
  { category, level: "full", audience: { kind: "owner_case_team" }, why: "The agency that recorded it, on a case it works (drafts included)." },
  ...category === "victim_contact" ? [] : [{ category, level: "full", audience: { kind: "owner_supervisor" }, why: "Supervisors oversee and countersign their agency's work." }]
]);
var BASELINE_POLICY = [
  ...OWN_RECORDS,
  { category: "case_core", level: "full", audience: { kind: "case_team", agencyTypes: ANY }, why: "Everyone on the case team needs the case core." },
  { category: "case_core", level: "full", audience: { kind: "meeting_panel" }, why: "Panel members see the case core while the case is on their meeting's agenda." },
  { category: "victim_contact", level: "full", audience: { kind: "case_team", agencyTypes: ["police"] }, why: "The police case team, to protect the victim." },
  { category: "victim_care", level: "full", audience: { kind: "case_team", agencyTypes: ["isac", "police"] }, why: "Advocates and the police case team plan the victim's safety together." },
  { category: "victim_care", level: "summary", audience: { kind: "case_team", agencyTypes: ANY }, why: "Others on the team see that care is in place, as a summary line." },
  { category: "perpetrator", level: "full", audience: { kind: "case_team", agencyTypes: ["police", "probation", "cps", "health", "prison"] }, why: "Agencies that investigate, prosecute, treat or manage the perpetrator." },
  { category: "perpetrator", level: "summary", audience: { kind: "meeting_panel" }, why: "The panel sees who the perpetrator is while the case is on the agenda." },
  { category: "clinical", level: "full", audience: { kind: "case_team", agencyTypes: ["health"] }, why: "Clinical detail stays with health; others need an explicit share with a lawful basis." },
  { category: "clinical", level: "summary", audience: { kind: "meeting_panel" }, why: "A clinical summary for the clinic panel." },
  { category: "police_intelligence", level: "full", audience: { kind: "case_team", agencyTypes: ["police"] }, why: "Intelligence stays with police." },
  { category: "police_intelligence", level: "summary", audience: { kind: "meeting_panel" }, why: "A sanitised summary for the panel." },
  { category: "risk_assessment", level: "full", audience: { kind: "case_team", agencyTypes: ANY }, status: "signed_off", why: "Signed-off assessments are shared with the case team." },
  { category: "risk_assessment", level: "summary", audience: { kind: "meeting_panel" }, status: "signed_off", why: "The panel sees the latest judgements." },
  { category: "investigation", level: "full", audience: { kind: "case_team", agencyTypes: ["police"] }, why: "Investigation material is police material." },
  { category: "investigation", level: "full", audience: { kind: "case_team", agencyTypes: ["cps"] }, whenReferredForCharging: true, why: "The CPS once the case is referred for a charging decision." },
  { category: "meeting_minutes", level: "full", audience: { kind: "meeting_panel" }, why: "Attendees and the panel; onward sharing needs the chair's agreement." }
];
var CATEGORIES_BY_AGENCY = {
  police: ["case_core", "victim_contact", "victim_care", "perpetrator", "police_intelligence", "risk_assessment", "investigation"],
  isac: ["victim_contact", "victim_care", "risk_assessment"],
  probation: ["perpetrator", "risk_assessment", "pre_sentence"],
  health: ["perpetrator", "clinical", "risk_assessment"],
  cps: ["investigation"],
  prison: ["perpetrator", "risk_assessment"],
  other: []
};
var MANDATORY_CAVEATS = {
  victim_contact: ["victim_confidential"],
  police_intelligence: ["police_intelligence"]
};

// app/domain/behaviours.ts
var BEHAVIOUR_LABELS = {
  messages: "Unwanted messages",
  calls: "Unwanted calls",
  social_media_contact: "Social media contact",
  fake_or_alias_accounts: "Fake or alias accounts",
  tracking_or_location: "Tracking or location monitoring",
  image_based_abuse: "Image-based abuse",
  hacking: "Hacking or account access",
  turning_up: "Turning up",
  following: "Following",
  loitering: "Loitering",
  gifts: "Unwanted gifts",
  contacting_third_parties: "Contacting third parties",
  threats: "Threats",
  property_damage: "Property damage",
  violence: "Violence"
};
var ONLINE_BEHAVIOURS = ["messages", "social_media_contact", "fake_or_alias_accounts", "tracking_or_location", "image_based_abuse", "hacking"];

// app/domain/dates.ts
var dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
var timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hourCycle: "h12" });
function formatDate(iso2) {
  return dateFormat.format(typeof iso2 === "string" ? new Date(iso2) : iso2);
}
function formatDateTime(iso2) {
  const d = typeof iso2 === "string" ? new Date(iso2) : iso2;
  const time = timeFormat.format(d).replace(/\s/g, "").toLowerCase();
  return `${formatDate(d)} at ${time}`;
}

// app/domain/limitation-deadline.ts
var londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23"
});
function wallClock(instant) {
  const p = Object.fromEntries(londonParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
function londonDate(instant) {
  return wallClock(typeof instant === "string" ? new Date(instant) : instant).date;
}
function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}
function addCalendarMonths(date, months) {
  const [y, m, d] = date.split("-").map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12 + 12) % 12 + 1;
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastOfMonth))}`;
}
var TIME_LIMIT_MONTHS = 6;

// app/domain/offences.ts
var OFFENCES = {
  stalking_s2a: { label: "Stalking (Protection from Harassment Act 1997, s2A)", summaryOnly: true },
  stalking_s4a: { label: "Stalking involving fear of violence or serious alarm or distress (s4A)", summaryOnly: false },
  breach_spo: { label: "Breach of a stalking protection order", summaryOnly: false },
  breach_restraining_order: { label: "Breach of a restraining order", summaryOnly: false },
  breach_non_molestation_order: { label: "Breach of a non-molestation order", summaryOnly: false },
  harassment_s2: { label: "Harassment (s2)", summaryOnly: true },
  harassment_s4: { label: "Putting people in fear of violence (s4)", summaryOnly: false },
  malicious_communications: { label: "Malicious communications", summaryOnly: false },
  // For "other", the officer says whether it is summary only.
  other: { label: "Other offence", summaryOnly: false }
};
var OFFENCE_STATUS_LABELS = {
  under_investigation: "Under investigation",
  charged: "Charged",
  no_further_action: "No further action",
  convicted: "Convicted",
  acquitted: "Acquitted"
};

// app/domain/protective-orders.ts
var ORDER_TYPE_INFO = {
  spo_interim: { label: "Interim stalking protection order", breachIsOffence: true, isSpo: true },
  spo_full: { label: "Stalking protection order", breachIsOffence: true, isSpo: true },
  restraining_order: { label: "Restraining order", breachIsOffence: true, isSpo: false },
  non_molestation_order: { label: "Non-molestation order", breachIsOffence: true, isSpo: false },
  dvpn: { label: "Domestic violence protection notice (DVPN)", breachIsOffence: false, isSpo: false },
  dvpo: { label: "Domestic violence protection order (DVPO)", breachIsOffence: false, isSpo: false },
  dapo: { label: "Domestic abuse protection order (DAPO)", breachIsOffence: true, isSpo: false },
  police_bail: { label: "Police bail conditions", breachIsOffence: false, isSpo: false },
  court_bail: { label: "Court bail conditions", breachIsOffence: false, isSpo: false }
};
var ORDER_STATUS_LABELS = {
  applied: "Applied for",
  hearing_listed: "Hearing listed",
  granted: "Granted",
  refused: "Refused",
  varied: "Varied",
  expired: "Expired",
  discharged: "Discharged"
};
var SPO_DECISION_LABELS = {
  apply_interim: "Apply for an interim SPO",
  apply_full: "Apply for a full SPO",
  not_appropriate: "An SPO is not appropriate",
  other_order_in_place: "Another order already protects the victim"
};
var POLICE_ACTION_LABELS = {
  arrested: "Arrested",
  charged: "Charged",
  summons: "Summonsed",
  warning: "Warning given",
  under_investigation: "Under investigation",
  no_action: "No action"
};

// app/domain/victim-care.ts
function addCalendarDays(date, days) {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
function nextUpdateDue(plan) {
  const from = plan.lastUpdateOn && plan.lastUpdateOn > plan.agreedOn ? plan.lastUpdateOn : plan.agreedOn;
  return addCalendarDays(from, plan.frequencyDays);
}
var VICTIM_CARE_TITLES = {
  victim_contact: "Victim contact details",
  victims_code: "Victims' Code enhanced rights",
  needs_assessment: "Victim needs assessment",
  victim_update_plan: "Agreed victim updates",
  support_referral: "Referral to specialist support",
  safety_plan: "Safety plan"
};
function contactSummary() {
  return "Contact details and safe-contact preferences recorded";
}
function victimsCodeSummary(v) {
  const rights = v.entitled ? "Entitled to enhanced rights under the Victims' Code" : "Not entitled to enhanced rights under the Victims' Code";
  return v.explainedOn ? `${rights}; rights explained on ${formatDate(v.explainedOn)}` : `${rights}; rights not yet explained`;
}
function needsAssessmentSummary(completedOn) {
  return `Needs assessment completed on ${formatDate(completedOn)}`;
}
function updatePlanSummary(frequencyDays, nextDueOn) {
  return `Updates agreed every ${frequencyDays} ${frequencyDays === 1 ? "day" : "days"}; next update due ${formatDate(nextDueOn)}`;
}
function referralSummary(offeredOn, response) {
  const outcome = response === "pending" ? "waiting for a response" : response;
  return `Specialist support offered on ${formatDate(offeredOn)}: ${outcome}`;
}
function safetyPlanSummary(reviewOn) {
  return `Safety plan in place, next review ${formatDate(reviewOn)}`;
}

// db/seed/casework-plan.ts
var AUTHOR = "$author";
var AUTHOR_NAME = "$authorName";
var recordRef = (key) => `$record:${key}`;
var DAY = 864e5;
var RELATIONSHIP_WEIGHTS = { ex_intimate_partner: 48, acquaintance: 14, colleague: 9, neighbour: 8, stranger: 6, online_only: 8, family: 4, other: 3 };
var MOTIVATION_BY_RELATIONSHIP = {
  ex_intimate_partner: { rejected: 80, resentful: 12, intimacy_seeking: 8 },
  family: { resentful: 60, rejected: 40 },
  acquaintance: { intimacy_seeking: 40, incompetent_suitor: 30, resentful: 20, rejected: 10 },
  colleague: { resentful: 45, intimacy_seeking: 30, incompetent_suitor: 25 },
  neighbour: { resentful: 75, intimacy_seeking: 15, predatory: 10 },
  stranger: { intimacy_seeking: 40, predatory: 35, incompetent_suitor: 25 },
  online_only: { intimacy_seeking: 45, predatory: 30, resentful: 25 },
  other: { resentful: 50, intimacy_seeking: 50 }
};
var OFFLINE_BEHAVIOURS = ["calls", "turning_up", "following", "loitering", "gifts", "contacting_third_parties", "threats", "property_damage", "violence"];
var BEHAVIOUR_WEIGHTS = {
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
  violence: 3
};
var SOURCE_WEIGHTS = { victim: 62, police: 14, witness: 11, partner_agency: 13 };
var CLOSED_OUTCOME_WEIGHTS = { charged: 8, "16": 51, "15": 31, "17": 4, none: 6 };
var SPO_DECISION_WEIGHTS = { apply_interim: 14, apply_full: 10, not_appropriate: 56, other_order_in_place: 20 };
var POLICE_ACTION_WEIGHTS = { arrested: 45, under_investigation: 20, charged: 10, summons: 5, warning: 10, no_action: 10 };
var UPDATE_METHOD_WEIGHTS = { phone: 50, email: 20, via_advocate: 20, in_person: 6, letter: 4 };
var REPORT_WEIGHTS = { "1": 45, "2": 35, "3": 20 };
var MONITORING_OFFENCE_WEIGHTS = { under_investigation: 30, charged: 25, no_further_action: 45 };
var UPDATE_FREQUENCY_WEIGHTS = { "7": 30, "14": 45, "28": 25 };
var REFERRAL_RESPONSE_WEIGHTS = { accepted: 60, declined: 25, pending: 15 };
var NEED_LEVEL_WEIGHTS = { none: 50, some: 35, high: 15 };
var OTHER_ORDER_WEIGHTS_DOMESTIC = { restraining_order: 25, non_molestation_order: 30, dvpo: 10, police_bail: 20, court_bail: 15 };
var OTHER_ORDER_WEIGHTS = { restraining_order: 35, police_bail: 40, court_bail: 25 };
var INCIDENT_TEXT = {
  messages: ["Received a stream of messages in one evening asking to meet and saying they would not give up.", "Messages continued overnight after the victim asked for contact to stop."],
  calls: ["Repeated missed calls from withheld numbers between midnight and 3am.", "Called the victim's work phone several times; colleagues were asked to say the victim was unavailable."],
  social_media_contact: ["Comments left under the victim's posts and friend requests sent to the victim's family.", "Direct messages on social media after being blocked."],
  fake_or_alias_accounts: ["A new account under a false name followed the victim after the old one was blocked.", "Messages from an alias account; the wording matches earlier messages from the suspect."],
  tracking_or_location: ["The suspect knew where the victim had been that evening; an unknown tracking app was found on the victim's phone.", "A location tag was found under the victim's car."],
  image_based_abuse: ["Threatened to share intimate images unless the victim replied.", "Posted a private photograph of the victim online without consent."],
  hacking: ["The victim's email password was changed and messages read; a login from an unknown device.", "The suspect got into the victim's cloud photos with an old password."],
  turning_up: ["Turned up at the victim's workplace at the end of the shift and waited by the entrance.", "Arrived uninvited at the victim's home and knocked repeatedly."],
  following: ["Followed the victim from the bus stop to the supermarket and back.", "Seen driving slowly behind the victim on the way home from the gym."],
  loitering: ["Seen sitting in a car opposite the victim's home for over an hour.", "Waited near the school gates at pick-up time."],
  gifts: ["Flowers and an unsigned card left on the doorstep.", "A parcel sent to the victim's work with items from their past."],
  contacting_third_parties: ["Contacted the victim's sister asking where the victim was staying.", "Sent messages to the victim's employer making false allegations."],
  threats: ["A message said the victim would regret ignoring them.", "Threatened to harm themself and the victim if the victim would not meet."],
  property_damage: ["The victim's car tyres were found slashed the morning after a refused call.", "Plant pots smashed and the front gate damaged overnight."],
  violence: ["Grabbed the victim's arm in the car park and let go only when a passer-by stepped in.", "Pushed the victim against a wall during an argument in the street."]
};
var SOURCE_PHRASES = { victim: "the victim", witness: "a witness", police: "police", partner_agency: "a partner agency" };
var SPO_RATIONALE = {
  apply_interim: ["Escalating behaviour and a recent threat; an interim order is needed now to protect the victim while the investigation continues.", "Contact continued after arrest; interim SPO to prohibit all contact, online included."],
  apply_full: ["Persistent course of conduct over months; a full SPO with positive requirements to address the behaviour.", "Fixation likely to continue after any criminal outcome; full order with requirement to attend the perpetrator programme."],
  not_appropriate: ["Suspect charged and remanded with bail conditions that cover the risk; to be reviewed if bail is varied.", "Contact stopped after police warning; victim does not want an order at present; review at next contact.", "No evidence of continuing risk since the suspect moved out of the area; will reconsider if contact resumes."],
  other_order_in_place: ["A restraining order from earlier proceedings already prohibits contact; breaches to be reported.", "Non-molestation order in place obtained by the victim; SPO would add nothing at present."]
};
var REFUSAL_REASONS = [
  "The court was not satisfied the order was necessary to protect the victim from a risk associated with stalking.",
  "The court found insufficient evidence at this stage that the acts were associated with stalking; may re-apply with further evidence."
];
var BREACH_TEXT = [
  "Sent a message from a new account in breach of the no-contact prohibition.",
  "Seen waiting outside the victim's workplace inside the exclusion zone.",
  "Left a card and flowers on the victim's doorstep.",
  "Contacted the victim's sister asking where the victim was living.",
  "Called the victim from a withheld number three times in one night."
];
var NEEDS_NOTES = {
  safety: "Anxious about leaving the house alone; wants a personal alarm.",
  work_education: "Has reduced working hours; employer aware and supportive.",
  online_safety: "Wants to keep using social media for work; needs help to do so safely.",
  children_dependants: "Worried about school pick-up times."
};
var SAFETY_MEASURES = [
  "Personal alarm issued and tested",
  "Agreed code word with a neighbour and a colleague",
  "Varied route to work; colleague to walk to the car park",
  "Doorbell camera fitted through the sanctuary scheme",
  "Marker placed on the victim's address for a priority police response",
  "Evidence diary started; screenshots kept with dates",
  "Safe contact arrangements agreed with the advocate"
];
var ONLINE_ADVICE = ["privacy_settings", "keep_evidence", "check_tracking", "two_step", "safe_social_media"];
var NEED_AREAS = ["safety", "health_wellbeing", "housing", "finances", "children_dependants", "work_education", "online_safety", "communication"];
var NOTE_TEXT = {
  investigation: [
    { title: "Evidence update", summary: "Phone download and CCTV requested", text: ["Phone download requested; CCTV from the workplace car park requested and chased.", "Witness statement taken from a colleague who saw the suspect waiting outside."] },
    { title: "Suspect interview", summary: "Suspect interviewed under caution", text: ["Interviewed under caution; gave no comment to most questions and denied the messages were theirs."] }
  ],
  victim_care: [{ title: "Advocate contact", summary: "Advocate spoke with the victim", text: ["Spoke with the victim by phone; feeling safer since the personal alarm was issued. Wants updates by phone in the afternoons."] }],
  perpetrator: [{ title: "Probation contact", summary: "Supervision appointment attended", text: ["Attended supervision; minimises the behaviour and blames the victim. Discussed the conditions of the order."] }],
  clinical: [{ title: "Clinic assessment", summary: "Assessed by the stalking clinic", text: ["Assessment completed; formulation suggests fixation linked to rejection. Treatment recommendations to follow."] }],
  case_core: [{ title: "Strategy discussion", summary: "Multi-agency strategy discussion held", text: ["Strategy discussion between police and the advocate: pattern across crime reports agreed; SPO and safety plan actions set."] }],
  police_intelligence: [{ title: "Intelligence report", summary: "Intelligence held by police", text: ["Intelligence graded and recorded; sanitised summary available for the clinic."] }],
  risk_assessment: [{ title: "Risk assessment", summary: "S-DASH completed: high risk", text: ["S-DASH completed with the victim: very frightened, turning up more than three times a week, threats made. High risk; referred to the clinic."] }]
};
var NOTE_CATEGORY_BY_AGENCY = {
  police: ["investigation", "investigation", "case_core", "police_intelligence", "risk_assessment"],
  isac: ["victim_care", "victim_care", "risk_assessment"],
  probation: ["perpetrator"],
  health: ["clinical"],
  cps: ["investigation"],
  prison: ["perpetrator"]
};
var TASKS_BY_AGENCY = {
  police: ["Obtain CCTV from the workplace car park", "Take a further statement from the victim", "Chase the phone download results", "Submit the file to the CPS for charging advice", "Serve the order on the respondent", "Check social media accounts linked to the suspect"],
  isac: ["Review the safety plan with the victim", "Arrange a home security assessment", "Update the victim on the investigation"],
  probation: ["Home visit and risk review", "Check compliance with the order's requirements"],
  health: ["Offer an assessment appointment at the stalking clinic"],
  cps: ["Review the charging file"],
  prison: ["Plan release arrangements with probation"]
};
var WORKPLACES = ["Northshire Business Park", "Kelmoor Retail Centre", "Thornbridge Medical Centre", "Wexley Primary School", "Hallam Cross Library"];
var STREETS = ["Fennel Way", "Hatherley Road", "Quarry Bank", "Millbrook Avenue", "Orchard Rise", "Tanners Lane", "Coppice Walk", "Wharf Street", "Beacon View", "Sandpiper Court"];
var DISTRICTS = ["Ashby Vale", "Kelmoor", "Thornbridge", "Wexley", "Hallam Cross"];
var HOUR = 36e5;
var DAY_MS = 864e5;
var lateHourDates = /* @__PURE__ */ new Map();
var hourLabels = /* @__PURE__ */ new Map();
var dayLabels = /* @__PURE__ */ new Map();
var dayNumbers = /* @__PURE__ */ new Map();
var dayStrings = /* @__PURE__ */ new Map();
function dayString(dayNumber) {
  let s = dayStrings.get(dayNumber);
  if (s === void 0)
    dayStrings.set(dayNumber, s = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10));
  return s;
}
var TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
function isoInstant(ms) {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / 6e4);
  rest -= m * 6e4;
  const sec = Math.floor(rest / 1e3);
  return `${dayString(day)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}.${String(rest - sec * 1e3).padStart(3, "0")}Z`;
}
var wordings = /* @__PURE__ */ new Map();
function worded(key, make) {
  let out = wordings.get(key);
  if (out === void 0)
    wordings.set(key, out = make());
  return out;
}
function londonDate2(at) {
  const ms = typeof at === "number" ? at : Date.parse(at);
  const day = Math.floor(ms / DAY_MS);
  if (ms - day * DAY_MS < 23 * HOUR)
    return dayString(day);
  let d = lateHourDates.get(day);
  if (d === void 0)
    lateHourDates.set(day, d = londonDate(new Date(day * DAY_MS + 23 * HOUR)));
  return d;
}
function formatDate2(date) {
  let label = dayLabels.get(date);
  if (label === void 0)
    dayLabels.set(date, label = formatDate(date));
  return label;
}
function formatDateTimeFast(ms) {
  const hour = Math.floor(ms / HOUR);
  let label = hourLabels.get(hour);
  if (label === void 0)
    hourLabels.set(hour, label = formatDateTime(new Date(hour * HOUR)));
  return label.replace(":00", `:${String(new Date(ms).getUTCMinutes()).padStart(2, "0")}`);
}
function addDays(date, days) {
  let n = dayNumbers.get(date);
  if (n === void 0)
    dayNumbers.set(date, n = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS));
  return dayString(n + days);
}
function lastDayToCharge(instants) {
  let latest = null;
  for (const at of instants) {
    const d = londonDate2(at);
    if (latest === null || d > latest)
      latest = d;
  }
  return latest === null ? null : addCalendarMonths(latest, TIME_LIMIT_MONTHS);
}
function orderLabel(t) {
  return ORDER_TYPE_INFO[t].label;
}
function orderInSentence(t) {
  const label = orderLabel(t);
  return `the ${label[1] === label[1].toLowerCase() ? label[0].toLowerCase() + label.slice(1) : label}`;
}
function orderSummary(s) {
  let head = ORDER_STATUS_LABELS[s.status];
  const parts = [];
  if ((s.status === "applied" || s.status === "hearing_listed") && s.appliedOn)
    head += ` on ${formatDate2(s.appliedOn)}`;
  if (s.status === "hearing_listed" && s.hearingOn)
    parts.push(`hearing on ${formatDate2(s.hearingOn)}`);
  if ((s.status === "granted" || s.status === "refused") && s.decidedOn)
    head += ` on ${formatDate2(s.decidedOn)}`;
  if ((s.status === "expired" || s.status === "discharged") && s.endedOn)
    head += ` on ${formatDate2(s.endedOn)}`;
  if ((s.status === "granted" || s.status === "varied") && s.expiresOn)
    parts.push(`until ${formatDate2(s.expiresOn)}`);
  return [head, ...parts].join(", ");
}
function prohibitionsFor(t, victim, online) {
  const noContact = `Not to contact ${victim} directly or indirectly by any means, including through social media or other people`;
  if (t === "police_bail" || t === "court_bail")
    return [`Not to contact ${victim} directly or indirectly`, "Not to enter the exclusion zone marked on the map given with the conditions"];
  if (t === "spo_interim" || t === "spo_full") {
    const out = [noContact, "Not to enter the area marked on the map attached to the order", `Not to go to ${victim}'s place of work`];
    if (online)
      out.push(`Not to post or publish any material about ${victim} online`, `Not to create or use any account under another name to contact or follow ${victim}`);
    return out;
  }
  return [noContact, `Not to go within 100 metres of ${victim}'s home address`];
}
function requirementsFor(t, online) {
  if (t === "spo_full")
    return ["Attend an assessment with the perpetrator intervention programme within 28 days and take part in it", ...online ? ["Give the police details of every social media account and username within 7 days"] : [], "Tell the police of any change of address within 3 days"];
  if (t === "spo_interim")
    return online ? ["Give the police details of every social media account and username within 7 days"] : [];
  if (t === "police_bail")
    return ["Live and sleep at the address given to the police"];
  return [];
}
function planCasework(rng, o) {
  const { now } = o;
  const today = londonDate2(now);
  const has = (a) => o.agencies.has(a);
  const by = (a) => has(a) ? a : "lead";
  const police = has("police");
  const open = o.status !== "closed";
  const items = [];
  const tasks = [];
  const crimeRefs = [];
  const breachesOut = [];
  let seq = 0;
  const key = (k) => `${k}:${seq++}`;
  const dayOf = (ms) => londonDate2(ms);
  const msOf = (date, hourUtc = 12) => Date.parse(`${date}T${String(hourUtc).padStart(2, "0")}:00:00Z`);
  const clampNow = (ms) => Math.min(ms, now - 6e4);
  const relationship = o.relationship ?? rng.weighted(RELATIONSHIP_WEIGHTS);
  const domestic = relationship === "ex_intimate_partner" || relationship === "family";
  const online = o.online ?? (relationship === "online_only" || rng.chance(relationship === "ex_intimate_partner" ? 0.25 : 0.2));
  const motivation = o.status === "referred" && rng.chance(0.6) ? "not_known" : rng.weighted(MOTIVATION_BY_RELATIONSHIP[relationship]);
  const closedAtMs = open ? null : clampNow(o.createdAt + rng.between(45, 300) * DAY);
  const endMs = closedAtMs ?? now;
  const recent = o.status === "referred" || o.status === "triage";
  const n = o.incidents ?? (recent ? rng.between(2, 4) : rng.between(3, 8));
  let latest;
  if (o.deadlineInDays !== void 0)
    latest = msOf(addCalendarMonths(addDays(today, o.deadlineInDays), -6), 12) + rng.between(0, 8) * 36e5;
  else if (open)
    latest = Math.max(o.createdAt - 10 * DAY, now - rng.between(1, recent ? 10 : 100) * DAY) - rng.int(DAY);
  else
    latest = Math.min(endMs - 20 * DAY, o.createdAt + rng.between(0, 40) * DAY);
  latest = Math.min(latest, now - 36e5);
  const span = (o.incidents && o.incidents > 20 ? 400 : rng.between(20, 160)) * DAY;
  const first = latest - span;
  const times = Array.from({ length: n }, (_, i) => i === n - 1 ? latest : first + Math.floor(rng.next() * span)).sort((a, b) => a - b);
  const pool = (() => {
    const allowed = online ? [...ONLINE_BEHAVIOURS, ...OFFLINE_BEHAVIOURS] : OFFLINE_BEHAVIOURS;
    const weights = Object.fromEntries(allowed.map((b) => [b, BEHAVIOUR_WEIGHTS[b] ?? 1]));
    const chosen = /* @__PURE__ */ new Set();
    if (online)
      chosen.add(rng.pick(["messages", "social_media_contact", "fake_or_alias_accounts"]));
    const size = rng.between(3, 5);
    for (let tries = 0; chosen.size < size && tries < 30; tries++)
      chosen.add(rng.weighted(weights));
    return [...chosen];
  })();
  const escalating = pool.includes("threats") || pool.includes("violence");
  const reports = Math.min(n, Number(rng.weighted(REPORT_WEIGHTS)));
  const cuts = /* @__PURE__ */ new Set([0]);
  while (cuts.size < reports)
    cuts.add(1 + rng.int(n - 1));
  const reportOf = [];
  let report = -1;
  for (let i = 0; i < n; i++)
    reportOf.push(cuts.has(i) ? ++report : report);
  const reportRefs = [];
  for (let r2 = 0; r2 < reports; r2++) {
    const firstOfReport = times[reportOf.indexOf(r2)];
    reportRefs.push(o.crimeRef(new Date(firstOfReport).getUTCFullYear()));
  }
  crimeRefs.push(...reportRefs);
  const linked = reports > 1 && (o.status !== "referred" || rng.chance(0.3)) && rng.chance(0.85);
  const linkedAtMs = linked ? clampNow(Math.max(o.createdAt, times[n - 1]) + rng.between(1, 3) * DAY) : null;
  const stalking = o.deadlineInDays !== void 0 ? "stalking_s2a" : o.stalkingOffence ?? (rng.chance(escalating ? 0.7 : 0.4) ? "stalking_s4a" : "stalking_s2a");
  const mainOffenceKey = police ? key("offence") : null;
  const incidentKeys = [];
  for (let i = 0; i < n; i++) {
    const occurredAt = isoInstant(times[i] - times[i] % 6e4);
    const occurredOn = londonDate2(occurredAt);
    const behaviours = rng.some(pool, rng.chance(0.35) ? 2 : 1);
    const source = i === 0 ? "victim" : rng.weighted(SOURCE_WEIGHTS);
    const crimeReference = source === "partner_agency" && i === n - 1 && n > 2 ? null : reportRefs[reportOf[i]];
    const phrase = behavioursPhrase(behaviours);
    const k = key("incident");
    incidentKeys.push(k);
    items.push({
      key: k,
      kind: "incident",
      category: "case_core",
      by: by("police"),
      // As app/services/incidents.server.ts words them: what and when, never the description.
      title: `${phrase} on ${formatDate2(occurredOn)}`,
      summary: `${phrase} on ${formatDateTimeFast(Date.parse(occurredAt))}, reported by ${SOURCE_PHRASES[source]}`,
      body: { text: behaviours.map((b) => rng.pick(INCIDENT_TEXT[b])).join(" "), crimeReference },
      at: clampNow(Math.max(times[i] + rng.between(1, 48) * 36e5, o.createdAt)),
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
        linkedAt: linkedAtMs ? isoInstant(linkedAtMs) : null
      }
    });
  }
  const instants = items.filter((i) => i.detail?.table === "incident").map((i) => i.detail.occurredAt);
  let closingReason = null;
  let chargingReferredAt = null;
  let chargedOnMain = null;
  if (mainOffenceKey) {
    let status = "under_investigation";
    let outcomeCode = null;
    if (o.deadlineInDays === void 0) {
      if (o.status === "closed") {
        const outcome = rng.weighted(CLOSED_OUTCOME_WEIGHTS);
        if (outcome === "charged") {
          status = rng.chance(0.8) ? "convicted" : "acquitted";
          outcomeCode = "charged";
          closingReason = "charged_and_concluded";
        } else if (outcome === "none") {
          closingReason = rng.pick(["risk_reduced", "transferred"]);
          status = "no_further_action";
          outcomeCode = "15";
        } else {
          const code = outcome === "17" && stalking !== "stalking_s2a" ? "15" : outcome;
          status = "no_further_action";
          outcomeCode = code;
          closingReason = code === "16" ? "victim_withdrew" : code === "17" ? "time_limit_expired" : "no_further_action";
        }
      } else if (o.status === "monitoring") {
        status = rng.weighted(MONITORING_OFFENCE_WEIGHTS);
      } else if (o.status === "active" && has("cps") && rng.chance(0.5))
        status = "charged";
      else if (o.status === "active" && rng.chance(0.08))
        status = "charged";
      if (status === "charged")
        outcomeCode = "charged";
      if (status === "no_further_action" && !outcomeCode)
        outcomeCode = rng.chance(0.62) ? "16" : "15";
    }
    const charged = status === "charged" || status === "convicted" || status === "acquitted";
    if (charged)
      chargedOnMain = dayOf(clampNow(Math.min(endMs - 5 * DAY, Math.max(latest, o.createdAt) + rng.between(10, 60) * DAY)));
    if (charged || has("cps") && o.status !== "referred")
      chargingReferredAt = new Date(clampNow((chargedOnMain ? msOf(chargedOnMain) : Math.max(o.createdAt, latest)) - rng.between(2, 9) * DAY)).toISOString();
    if (chargingReferredAt && Date.parse(chargingReferredAt) < o.createdAt)
      chargingReferredAt = new Date(o.createdAt + DAY).toISOString();
    items.push(offenceItem(mainOffenceKey, stalking, reportRefs[0], status, outcomeCode, chargedOnMain, instants, clampNow(o.createdAt + rng.between(0, 3) * DAY)));
    if (reports > 1 && rng.chance(0.25)) {
      const second = online ? "malicious_communications" : rng.pick(["harassment_s4", "harassment_s2"]);
      const k = key("offence");
      items.push(offenceItem(k, second, reportRefs[1], charged ? status : "under_investigation", charged ? outcomeCode : null, charged ? chargedOnMain : null, instants, clampNow(o.createdAt + rng.between(1, 10) * DAY)));
      for (const it of items)
        if (it.detail?.table === "incident" && it.detail.crimeReference === reportRefs[1])
          it.detail.offenceKeys.push(k);
    }
  } else if (!open)
    closingReason = rng.pick(["risk_reduced", "victim_withdrew", "transferred"]);
  const orders = [];
  const addOrder = (s, at, k = key("order")) => {
    orders.push({ key: k, s });
    items.push({ key: k, kind: "protective_order", category: "case_core", by: by("police"), title: orderLabel(s.orderType), summary: orderSummary(s), body: { ...s, change: "created", changedBy: AUTHOR, changedByName: AUTHOR_NAME, changedAt: new Date(at).toISOString() }, at, detail: { table: "order", orderType: s.orderType, status: s.status, appliedOn: s.appliedOn, hearingOn: s.hearingOn, decidedOn: s.decidedOn, refusalReason: s.refusalReason, prohibitions: s.prohibitions, requirements: s.requirements, expiresOn: s.expiresOn } });
  };
  const blank = (orderType) => ({ orderType, status: "applied", appliedOn: null, hearingOn: null, decidedOn: null, refusalReason: null, prohibitions: prohibitionsFor(orderType, o.victimName, online), requirements: requirementsFor(orderType, online), expiresOn: null, endedOn: null, variedOn: null, renewedOn: null });
  const settle = (s, grantChance, lasts) => {
    const decideOn = s.hearingOn ?? addDays(s.appliedOn, rng.between(1, 3));
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
  const spoWanted = police && o.spoConsideration !== false && !(o.status === "referred" && o.createdAt > now - 3 * DAY && rng.chance(0.5));
  if (spoWanted) {
    const consideredOn = dayOf(clampNow(o.createdAt + rng.between(0, 5) * DAY));
    let decision = rng.weighted(SPO_DECISION_WEIGHTS);
    if (o.breach && decision === "not_appropriate")
      decision = "apply_interim";
    const at = msOf(consideredOn, 15);
    const rationale = rng.pick(SPO_RATIONALE[decision]);
    items.push({ key: key("spo"), kind: "spo_consideration", category: "case_core", by: by("police"), title: "Stalking protection order considered", summary: `${SPO_DECISION_LABELS[decision]} (considered on ${formatDate2(consideredOn)})`, body: { consideredOn, decision, rationale, consideredByName: AUTHOR_NAME }, at: clampNow(at), detail: { table: "spo", consideredOn, decision, rationale } });
    if (decision === "apply_interim" || decision === "apply_full") {
      const interim = decision === "apply_interim";
      const s = blank(interim ? "spo_interim" : "spo_full");
      s.appliedOn = addDays(consideredOn, rng.between(1, interim ? 2 : 10));
      if (s.appliedOn > today)
        s.appliedOn = today;
      if (!interim)
        s.hearingOn = addDays(s.appliedOn, rng.between(21, 42));
      settle(s, o.breach ? 1 : interim ? 0.85 : 0.75, interim ? rng.between(28, 56) : 730);
      addOrder(s, clampNow(msOf(s.appliedOn, 16)));
      if (interim && s.decidedOn && s.status !== "refused") {
        const full = blank("spo_full");
        full.appliedOn = s.appliedOn;
        full.hearingOn = s.expiresOn;
        settle(full, 0.8, 730);
        if (full.status === "granted" || full.status === "expired" || full.status === "refused") {
          s.status = "expired";
          s.endedOn = full.decidedOn;
          const interimItem = items.find((i) => i.key === orders[orders.length - 1].key);
          interimItem.summary = orderSummary(s);
          interimItem.body = { ...interimItem.body, ...s };
          Object.assign(interimItem.detail, { status: s.status });
        }
        addOrder(full, clampNow(msOf(full.appliedOn, 17)));
      }
    } else if (decision === "other_order_in_place" || rng.chance(0.35)) {
      const t = decision === "other_order_in_place" ? rng.weighted(domestic ? OTHER_ORDER_WEIGHTS_DOMESTIC : OTHER_ORDER_WEIGHTS) : "police_bail";
      const s = blank(t);
      s.appliedOn = dayOf(clampNow(Math.max(latest, o.createdAt) - rng.between(1, 20) * DAY));
      s.decidedOn = t === "police_bail" || t === "court_bail" ? s.appliedOn : addDays(s.appliedOn, rng.between(1, 14));
      if (s.decidedOn > today)
        s.decidedOn = today;
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
  if (chargedOnMain && items.some((i) => i.detail?.table === "offence" && i.detail.status === "convicted") && rng.chance(0.7)) {
    const s = blank("restraining_order");
    s.appliedOn = addDays(chargedOnMain, rng.between(20, 60));
    if (s.appliedOn > today)
      s.appliedOn = today;
    s.decidedOn = s.appliedOn;
    s.status = "granted";
    s.expiresOn = addDays(s.decidedOn, rng.between(2, 5) * 365);
    addOrder(s, clampNow(msOf(s.decidedOn, 16)));
  }
  const inForce = () => orders.filter((x) => x.s.status === "granted" && x.s.decidedOn && x.s.decidedOn < today);
  if (o.breach && !inForce().length) {
    const s = blank("police_bail");
    s.appliedOn = s.decidedOn = addDays(today, -rng.between(15, 40));
    s.status = "granted";
    s.expiresOn = addDays(s.decidedOn, 90);
    addOrder(s, msOf(s.decidedOn, 16));
  }
  let priorityReason = null;
  const breachable = orders.filter((x) => x.s.decidedOn && (x.s.status === "granted" || x.s.status === "expired"));
  const breachTarget = o.breach ? inForce()[0] : breachable.length && rng.chance(0.22) ? rng.pick(breachable) : void 0;
  const until = breachTarget ? breachTarget.s.endedOn ?? (closedAtMs ? dayOf(closedAtMs) : today) : "";
  const from = breachTarget ? addDays(breachTarget.s.decidedOn, 3) : "";
  if (breachTarget && (o.breach || from <= until)) {
    const target = breachTarget;
    const occurredOn = o.breach ? maxDate(addDays(today, -rng.between(2, 6)), target.s.decidedOn) : addDays(from, rng.int(Math.max(1, daysBetween(from, until))));
    const action = rng.weighted(POLICE_ACTION_WEIGHTS);
    const actionOn = action === "under_investigation" || action === "no_action" ? null : minDate(addDays(occurredOn, rng.between(0, 2)), today);
    const reportedAt = clampNow(msOf(occurredOn, 18) + rng.between(1, 20) * 36e5);
    const k = key("breach");
    items.push({
      key: k,
      kind: "breach",
      category: "case_core",
      by: by("police"),
      title: `Breach of ${orderInSentence(target.s.orderType)}`,
      summary: `Breach of ${orderInSentence(target.s.orderType)} on ${formatDate2(occurredOn)}; ${POLICE_ACTION_LABELS[action].toLowerCase()}`,
      body: { orderRecordId: recordRef(target.key), orderType: target.s.orderType, orderLabel: orderLabel(target.s.orderType), occurredOn, description: rng.pick(BREACH_TEXT), policeAction: action, policeActionOn: actionOn },
      at: reportedAt,
      detail: { table: "breach", orderKey: target.key, occurredOn, reportedAt: isoInstant(reportedAt), policeAction: action, policeActionOn: actionOn }
    });
    breachesOut.push({ key: k, occurredOn });
    const breachOffence = { spo_interim: "breach_spo", spo_full: "breach_spo", restraining_order: "breach_restraining_order", non_molestation_order: "breach_non_molestation_order" };
    const offenceType = breachOffence[target.s.orderType];
    if (police && offenceType) {
      const ref = o.crimeRef(Number(occurredOn.slice(0, 4)));
      crimeRefs.push(ref);
      const st = action === "charged" ? "charged" : "under_investigation";
      items.push(offenceItem(key("offence"), offenceType, ref, st, st === "charged" ? "charged" : null, st === "charged" ? actionOn : null, instants, reportedAt + 36e5));
    }
    const due = addDays(dayOf(reportedAt), 2);
    const reviewed = due < addDays(today, -5);
    tasks.push({ title: `Review risk after a breach of ${orderInSentence(target.s.orderType)}`, owner: by("police"), dueOn: due, status: reviewed ? "done" : "open", source: "breach", sourceKey: k, createdAt: reportedAt, completedAt: reviewed ? clampNow(msOf(due, 10)) : null });
    if (open && occurredOn >= addDays(today, -60))
      priorityReason = `Breach of ${orderInSentence(target.s.orderType)} on ${formatDate2(occurredOn)}`;
  }
  if (!priorityReason && open && escalating && latest > now - 21 * DAY && rng.chance(0.5))
    priorityReason = "Threats or violence in a recent incident";
  const careBy = has("isac") ? "isac" : police ? "police" : null;
  const careDay = (lo, hi) => minDate(dayOf(o.createdAt + rng.between(lo, hi) * DAY), today);
  if (careBy && (o.status !== "referred" || rng.chance(0.6))) {
    const at = clampNow(o.createdAt + rng.between(0, 4) * DAY + rng.int(DAY));
    const street = `${rng.between(1, 120)} ${rng.pick(STREETS)}`;
    const district = rng.pick(DISTRICTS);
    const safeMethod = rng.pick(["phone_call", "text_message", "email", "via_advocate"]);
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
        phone: `07700 900${String(rng.int(1e3)).padStart(3, "0")}`,
        email: `${o.victimName.toLowerCase().replace(/[^a-z]+/g, ".")}${rng.between(1, 99)}@example.com`,
        workplace: rng.chance(0.6) ? `${rng.pick(WORKPLACES)}, ${rng.pick(DISTRICTS)}` : "",
        safeTimes: rng.pick(["Weekdays 10:00 to 12:00", "After 18:00 on weekdays", "Any time; text first", "Mornings only"]),
        safeMethod,
        avoidMethods: rng.chance(0.5) ? ["letter"] : [],
        leaveMessages: rng.chance(0.3),
        notes: rng.pick(["No letters to the home address.", "Text first to check it is safe to talk.", "Contact through the advocate where possible.", "Email is safe; phone may be monitored."]),
        recordedBy: AUTHOR
      },
      at
    });
  }
  if (police && !o.lean && (o.status !== "referred" || rng.chance(0.5))) {
    const entitled = rng.chance(0.95);
    const explainedOn = rng.chance(0.9) ? careDay(0, 5) : null;
    items.push({ key: key("code"), kind: "victims_code", category: "victim_care", by: "police", title: VICTIM_CARE_TITLES.victims_code, summary: victimsCodeSummary({ entitled, explainedOn }), body: { entitled, reasons: entitled ? ["persistently_targeted", ...rng.chance(0.4) ? ["intimidated"] : []] : [], explained: explainedOn ? { on: explainedOn, by: AUTHOR, how: rng.pick(["in_person", "phone", "letter"]) } : null, recordedBy: AUTHOR }, at: clampNow(msOf(explainedOn ?? careDay(0, 5), 11)) });
  }
  const careShare = o.lean ? 0.4 : 1;
  if (careBy && rng.chance((has("isac") ? 0.8 : 0.35) * careShare) && !recent) {
    const completedOn = careDay(2, 10);
    const level = (area) => area === "safety" ? rng.chance(0.5) ? "high" : "some" : area === "online_safety" && online ? rng.chance(0.6) ? "high" : "some" : rng.weighted(NEED_LEVEL_WEIGHTS);
    const areas = Object.fromEntries(NEED_AREAS.map((a) => [a, { level: level(a), notes: NEEDS_NOTES[a] ?? "" }]));
    items.push({ key: key("needs"), kind: "needs_assessment", category: "victim_care", by: careBy, title: VICTIM_CARE_TITLES.needs_assessment, summary: worded(`needs ${completedOn}`, () => needsAssessmentSummary(completedOn)), body: { areas, completedOn, recordedBy: AUTHOR }, at: clampNow(msOf(completedOn, 14)) });
  }
  if (police && o.status !== "referred") {
    const frequencyDays = Number(rng.weighted(UPDATE_FREQUENCY_WEIGHTS));
    const agreedOn = careDay(1, 5);
    let lastUpdateOn;
    if (o.updateDueInDays !== void 0)
      lastUpdateOn = addDays(today, o.updateDueInDays - frequencyDays);
    else if (!open)
      lastUpdateOn = dayOf(closedAtMs - rng.between(0, 5) * DAY);
    else
      lastUpdateOn = addDays(today, -(rng.chance(0.1) ? frequencyDays + rng.between(1, 4) : rng.between(0, frequencyDays - 1)));
    if (lastUpdateOn <= agreedOn)
      lastUpdateOn = null;
    const nextDueOn = o.updateDueInDays !== void 0 ? addDays(today, o.updateDueInDays) : nextUpdateDue({ frequencyDays, agreedOn, lastUpdateOn });
    const method = rng.weighted(UPDATE_METHOD_WEIGHTS);
    items.push({ key: key("plan"), kind: "victim_update_plan", category: "victim_care", by: "police", title: VICTIM_CARE_TITLES.victim_update_plan, summary: worded(`plan ${frequencyDays} ${nextDueOn}`, () => updatePlanSummary(frequencyDays, nextDueOn)), body: { frequencyDays, method, agreedOn, updatesGiven: updatesGiven(agreedOn, lastUpdateOn, frequencyDays), recordedBy: AUTHOR }, at: clampNow(msOf(lastUpdateOn ?? agreedOn, 13)), detail: { table: "update_plan", frequencyDays, method, nextDueOn, lastUpdateOn } });
  }
  const referral = (service, who, offeredOn, response) => {
    const respondedOn = response === "pending" ? null : minDate(addDays(offeredOn, rng.between(1, 7)), today);
    items.push({ key: key("referral"), kind: "support_referral", category: "victim_care", by: who, title: VICTIM_CARE_TITLES.support_referral, summary: worded(`referral ${offeredOn} ${response}`, () => referralSummary(offeredOn, response)), body: { service, otherService: "", offeredOn, response, respondedOn, recordedBy: AUTHOR }, at: clampNow(msOf(respondedOn ?? offeredOn, 12)), detail: { table: "referral", service, offeredOn, response, respondedOn } });
  };
  if (police && rng.chance(0.85)) {
    const offeredOn = careDay(0, 3);
    const response = has("isac") ? "accepted" : offeredOn > addDays(today, -14) && rng.chance(0.5) ? "pending" : rng.chance(0.6) ? "declined" : "accepted";
    referral("isac", "police", offeredOn, response);
  }
  if (careBy && !o.lean && rng.chance(0.2) && !recent)
    referral(domestic && rng.chance(0.5) ? "idva" : "mental_health", careBy, careDay(5, 20), rng.weighted(REFERRAL_RESPONSE_WEIGHTS));
  if (careBy && rng.chance((has("isac") ? 0.8 : 0.3) * careShare) && !recent) {
    const madeOn = careDay(3, 14);
    const reviewOn = addDays(madeOn, rng.between(14, 42));
    items.push({ key: key("safety"), kind: "safety_plan", category: "victim_care", by: careBy, caveats: rng.chance(0.15) ? ["not_for_perpetrator_facing"] : [], title: VICTIM_CARE_TITLES.safety_plan, summary: worded(`safety ${reviewOn}`, () => safetyPlanSummary(reviewOn)), body: { measures: rng.some(SAFETY_MEASURES, rng.between(2, 4)), advice: online ? rng.some(ONLINE_ADVICE, rng.between(2, 4)) : [], otherAdvice: "", reviewOn, recordedBy: AUTHOR }, at: clampNow(msOf(madeOn, 15)) });
  }
  items.push({ key: key("note"), kind: "note", category: "case_core", by: "lead", title: "Referral and course of conduct", summary: `${relationshipPhrase(relationship)}; ${pool.slice(0, 3).map((b) => BEHAVIOUR_LABELS[b].toLowerCase()).join(", ")}`, body: { text: `Referred after ${n} reported incidents across ${reports} crime ${reports === 1 ? "report" : "reports"}. Pattern consistent with fixated, obsessive, unwanted and repeated behaviour.` }, at: o.createdAt });
  const writers = [...o.agencies];
  for (let i = 0, notes = o.lean ? 0 : recent ? rng.int(2) : rng.between(1, 3); i < notes; i++) {
    const agency = rng.pick(writers);
    const category = rng.pick(NOTE_CATEGORY_BY_AGENCY[agency]);
    const t = rng.pick(NOTE_TEXT[category]);
    const caveats = category === "clinical" ? ["health_confidential"] : category === "police_intelligence" ? ["police_intelligence"] : [];
    items.push({ key: key("note"), kind: "note", category, by: agency, caveats, status: rng.chance(0.05) ? "draft" : "signed_off", title: t.title, summary: t.summary, body: { text: rng.pick(t.text) }, at: clampNow(o.createdAt + Math.floor((endMs - o.createdAt) * rng.next())) });
  }
  const taskCount = o.tasks ?? (open ? rng.between(1, o.lean ? 2 : 3) : rng.int(2));
  for (let i = 0; i < taskCount; i++) {
    const agency = rng.pick(writers);
    const createdAt = clampNow(o.createdAt + Math.floor((endMs - o.createdAt) * rng.next()));
    const dueOn = open ? addDays(today, rng.between(-10, 28)) : dayOf(Math.min(endMs, createdAt + rng.between(3, 14) * DAY));
    const done = !open || dueOn < today && rng.chance(0.5);
    tasks.push({ title: rng.pick(TASKS_BY_AGENCY[agency]), owner: agency, dueOn, status: done ? "done" : "open", source: "manual", sourceKey: null, createdAt: Math.min(createdAt, msOf(dueOn, 9)), completedAt: done ? clampNow(Math.min(endMs, msOf(dueOn, 16))) : null });
  }
  items.sort((a, b) => a.at - b.at);
  const updatedAt = closedAtMs ?? Math.max(...items.map((i) => i.at), ...tasks.map((t) => t.completedAt ?? t.createdAt));
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
      chargingReferredAt
    },
    items,
    tasks,
    crimeRefs,
    breaches: breachesOut,
    updatedAt: Math.min(updatedAt, now)
  };
}
function offenceItem(key, offenceType, crimeReference, status, outcomeCode, chargedOn, instants, at) {
  const { label: title, summaryOnly } = OFFENCES[offenceType];
  const statusLabel = OFFENCE_STATUS_LABELS[status];
  return {
    key,
    kind: "offence",
    category: "investigation",
    by: "police",
    title,
    summary: `${title}: ${statusLabel.toLowerCase()}`,
    body: { text: `${title}. Crime reference ${crimeReference}. ${statusLabel}${chargedOn ? `, charged on ${formatDate2(chargedOn)}` : ""}.`, offenceType, otherDescription: null },
    at,
    // The six-month limit applies while a summary-only offence is still under investigation (offences.server.ts).
    detail: { table: "offence", offenceType, summaryOnly, crimeReference, status, outcomeCode, chargedOn, lastDayToCharge: summaryOnly && status === "under_investigation" ? lastDayToCharge(instants) : null }
  };
}
function behavioursPhrase(behaviours) {
  return behaviours.map((b, i) => i === 0 ? BEHAVIOUR_LABELS[b] : BEHAVIOUR_LABELS[b].toLowerCase()).join(", ");
}
function updatesGiven(agreedOn, lastUpdateOn, frequencyDays) {
  if (!lastUpdateOn)
    return [];
  const out = [];
  for (let on = lastUpdateOn; on > agreedOn && out.length < 10; on = addDays(on, -frequencyDays))
    out.unshift({ on, by: AUTHOR });
  return out;
}
function relationshipPhrase(r2) {
  return { ex_intimate_partner: "Ex-partner", family: "Family member", acquaintance: "Acquaintance", colleague: "Former colleague", neighbour: "Neighbour", stranger: "Stranger", online_only: "Known online only", other: "Known to the victim" }[r2];
}
function minDate(a, b) {
  return a < b ? a : b;
}
function maxDate(a, b) {
  return a > b ? a : b;
}
function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}
function resolveJson(json, author, recordId) {
  if (!json.includes('"$'))
    return json;
  return json.replaceAll(`"${AUTHOR}"`, JSON.stringify(author.id)).replaceAll(`"${AUTHOR_NAME}"`, JSON.stringify(author.name)).replace(/"\$record:([^"]*)"/g, (_, key) => JSON.stringify(recordId(key)));
}

// app/domain/person-names.ts
function normaliseName(name) {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9 ]/g, "").replace(/\s+/g, " ").trim();
}

// db/seed/synthetic.ts
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const between = (lo, hi) => lo + int(hi - lo + 1);
  const pick = (xs) => xs[int(xs.length)];
  const chance = (p) => next() < p;
  const some = (xs, n) => {
    const chosen = /* @__PURE__ */ new Set();
    while (chosen.size < Math.min(n, xs.length))
      chosen.add(int(xs.length));
    return [...chosen].sort((x, y) => x - y).map((i) => xs[i]);
  };
  const tables = /* @__PURE__ */ new WeakMap();
  const weighted = (w) => {
    let t = tables.get(w);
    if (!t) {
      const entries = Object.entries(w);
      t = { entries, sum: entries.reduce((s, [, x]) => s + x, 0) };
      tables.set(w, t);
    }
    let r2 = next() * t.sum;
    for (const [k, x] of t.entries) {
      r2 -= x;
      if (r2 < 0)
        return k;
    }
    return t.entries[t.entries.length - 1][0];
  };
  return { next, int, between, pick, chance, some, weighted };
}
var LAST_NAMES = ["Ashdown", "Brackley", "Corrin", "Dunmore", "Elsworth", "Fenwick", "Garrow", "Hollin", "Ingleby", "Jessop", "Kettering", "Lowther", "Marchbank", "Nettleford", "Ormsby", "Pendry", "Quarrell", "Rushworth", "Stainforth", "Thornby", "Upwood", "Varley", "Wexcombe", "Yarrow", "Aldwick", "Bramhope", "Cleave", "Draycott"];
var WOMEN = ["Alisha", "Bethany", "Chloe", "Danielle", "Eleni", "Freya", "Georgia", "Holly", "Isla", "Jasmine", "Kerry", "Leah", "Megan", "Nadia", "Olivia", "Phoebe", "Rachel", "Sian", "Tara", "Una", "Vanessa", "Yasmin", "Zara", "Aisha", "Bronwen", "Claire", "Demi", "Esme", "Grace", "Harriet", "Ivy", "Joanne", "Katie", "Lauren", "Mia"];
var MEN = ["Aaron", "Ben", "Callum", "Darren", "Ethan", "Faisal", "Glen", "Harvey", "Ian", "Jamie", "Karl", "Liam", "Marcus", "Nathan", "Oliver", "Paul", "Reece", "Scott", "Tyler", "Usman", "Vince", "Wayne", "Adam", "Bradley", "Connor", "Dean", "Elliot", "Gavin", "Jason", "Kyle", "Luke", "Mark", "Neil", "Ryan", "Stuart"];
var SURNAMES = [
  ...LAST_NAMES,
  "Abbotsley",
  "Blenkinsop",
  "Carbury",
  "Dallimore",
  "Edgecombe",
  "Fairclough",
  "Gilholm",
  "Hartigan",
  "Ivesley",
  "Jolliffe",
  "Kenworthy",
  "Lathbury",
  "Mossop",
  "Norcliffe",
  "Oxenham",
  "Pilbeam",
  "Rawcliffe",
  "Scarisbrick",
  "Tolliver",
  "Underhay",
  "Vosper",
  "Wetherall",
  "Yeoland",
  "Brundage",
  "Challis",
  "Dearlove",
  "Etheridge",
  "Frogley",
  "Gorringe",
  "Hebblethwaite",
  "Kitchingman",
  "Loveridge"
];
var HANDLE_WORDS = ["shadow", "nightowl", "lonewolf", "truthseeker", "quietone", "northstar", "redkite", "blackcab", "silverfox", "watcher"];
var NICKNAMES = { Callum: "Cal", Darren: "Daz", Nathan: "Nate", Marcus: "Marc", Bradley: "Brad", Stuart: "Stu", Oliver: "Ollie", Jamie: "Jim", Reece: "Reecey", Kyle: "Ky" };
function syntheticPerson(rng, sex, now) {
  const first = rng.pick(sex === "female" ? WOMEN : MEN);
  const last = rng.pick(SURNAMES);
  const fullName = `${first} ${last}`;
  const year = new Date(now).getUTCFullYear() - rng.between(18, 70);
  const dateOfBirth = `${year}-${String(rng.between(1, 12)).padStart(2, "0")}-${String(rng.between(1, 28)).padStart(2, "0")}`;
  return { fullName, searchName: normaliseName(fullName), first, last, sex, dateOfBirth, aliases: [], identifiers: {} };
}
function perpetratorAliases(rng, p, online) {
  const out = [];
  if (online || rng.chance(0.2))
    out.push(`${rng.pick(HANDLE_WORDS)}_${p.first.toLowerCase()}${rng.between(10, 99)}`);
  const nick = NICKNAMES[p.first];
  if (nick && rng.chance(0.5))
    out.push(`${nick} ${p.last}`);
  if (rng.chance(0.1))
    out.push(`${p.first} ${rng.pick(SURNAMES)}`);
  return out;
}
function pncNumber(rng) {
  return `${String(rng.between(0, 25)).padStart(2, "0")}/${String(rng.int(1e6)).padStart(6, "0")}${String.fromCharCode(65 + rng.int(26))}`;
}
function ndeliusCrn(rng) {
  return `${String.fromCharCode(65 + rng.int(26))}${String(rng.int(1e6)).padStart(6, "0")}`;
}
function testNhsNumber(rng) {
  for (; ; ) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => rng.int(10))];
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0);
    const check = 11 - sum % 11;
    if (check === 10)
      continue;
    return [...digits, check === 11 ? 0 : check].join("");
  }
}
function crimeReferences(start = 1) {
  let n = start;
  return (year) => `NS/${String(n++).padStart(6, "0")}/${String(year % 100).padStart(2, "0")}`;
}

// db/seed/large-generate.ts
var BUSY_CASE_INCIDENTS = 200;
var ROLE_WEIGHTS = {
  police: { investigator: 62, spoc: 16, police_supervisor: 12, clinic_coordinator: 2, mappa_coordinator: 1 },
  isac: { advocate: 82, advocate_manager: 14 },
  probation: { probation_practitioner: 60, court_team: 20, senior_probation_officer: 14 },
  health: { forensic_psychologist: 40, psychiatrist: 20, clinician: 36 },
  cps: { prosecutor: 1 },
  prison: { prison_offender_manager: 1 },
  partnership: { clinic_coordinator: 20, mappa_coordinator: 20, performance_lead: 25, auditor: 35 }
};
var CASE_TEAM_ROLES = {
  investigator: "officer_in_case",
  spoc: "officer_in_case",
  advocate: "advocate",
  probation_practitioner: "offender_manager",
  court_team: "offender_manager",
  forensic_psychologist: "psychologist",
  psychiatrist: "clinician",
  clinician: "clinician",
  prosecutor: "prosecutor",
  prison_offender_manager: "offender_manager"
};
var LEAD_AGENCY_WEIGHTS = { police: 76, isac: 10, probation: 9, health: 5 };
var STATUS_WEIGHTS = { referred: 8, triage: 9, active: 38, monitoring: 15, closed: 30 };
var MEMBER_AGENCY_WEIGHTS = { isac: 34, police: 14, probation: 22, health: 16, cps: 9, prison: 5 };
var TEAM_SIZE_WEIGHTS = { "2": 25, "3": 35, "4": 25, "5": 15 };
var CATEGORY_WEIGHTS = {
  case_core: 4,
  victim_contact: 6,
  victim_care: 14,
  perpetrator: 12,
  clinical: 10,
  police_intelligence: 7,
  risk_assessment: 16,
  investigation: 12,
  pre_sentence: 5
};
var TEXT = {
  case_core: { title: "Course of conduct", summary: ["Ex-partner; repeated messages and unwanted visits", "Former colleague; following and online contact", "Neighbour; loitering and notes left at the door", "Online-only contact; repeated messages from new accounts"], text: ["Reported contact on several occasions over recent weeks; pattern consistent with fixated, obsessive, unwanted and repeated behaviour.", "Course of conduct across more than one crime report, linked for this case."] },
  victim_contact: { title: "Safe contact details", summary: ["Safe contact arrangements agreed with the victim"], text: ["Safe address and phone number recorded; agreed times to call.", "Contact only through the advocate; no voicemail."] },
  victim_care: { title: "Safety plan", summary: ["Safety plan in place; reviewed weekly", "Needs assessment completed", "Support notes updated after contact"], text: ["Personal alarm issued; online safety advice given without asking the victim to leave social media.", "Victim informed of their rights under the Victims' Code; updates agreed fortnightly by phone."] },
  perpetrator: { title: "Perpetrator background", summary: ["Previous harassment of a former partner", "No previous convictions recorded", "Subject to bail conditions"], text: ["Background checks completed; previous related behaviour noted.", "Employment and address confirmed; no known weapons."] },
  clinical: { title: "Clinical formulation", summary: ["Assessed by the stalking clinic", "Treatment recommendations agreed"], text: ["Formulation completed with treatment recommendations; review in three months.", "Engagement with the intervention is partial; adjustments recommended."] },
  police_intelligence: { title: "Intelligence report", summary: ["Intelligence held by police"], text: ["Intelligence graded and recorded; sanitised summary available for the panel.", "Sighting reported near the victim's workplace; source protected."] },
  risk_assessment: { title: "Risk assessment", summary: ["Risk assessed as high; review in two weeks", "Risk assessed as medium; review in four weeks", "Risk assessed as standard; review at next contact"], text: ["Structured professional judgement: persistence and escalation rated; imminence under review.", "S-DASH completed; several risk factors present; referral to the clinic recommended."] },
  investigation: { title: "Evidence log", summary: ["Phone download and CCTV requested", "Statements taken; file in preparation"], text: ["Exhibits recorded; digital evidence requested from providers.", "Witness statements taken; charging advice to be sought."] },
  pre_sentence: { title: "Pre-sentence input", summary: ["Pre-sentence report in preparation"], text: ["Proposal under consideration: community order with a stalking intervention requirement."] }
};
var LAWFUL_BASIS_WEIGHTS = { cda_1998_s115: 40, dpa_2018_part3: 25, dpa_2018_s8_public_task: 15, cja_2003_s325: 10, consent: 8, vital_interests: 2 };
var SHARE_PURPOSE_WEIGHTS = { case_work: 75, pre_sentence_report: 8, prosecution: 10, oversight: 7 };
var iso = isoInstant;
function weightedPool(users2) {
  const cumulative = [];
  let sum = 0;
  for (const u of users2)
    cumulative.push(sum += u.weight);
  return (rng) => {
    if (!users2.length)
      return void 0;
    const r2 = rng.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (cumulative[mid] > r2)
        hi = mid;
      else
        lo = mid + 1;
    }
    return users2[lo];
  };
}
function holdsCases(agencyKey, role) {
  const leadRoles = { police: ["investigator", "spoc"], probation: ["probation_practitioner"], health: ["forensic_psychologist", "psychiatrist"] };
  const roles2 = leadRoles[agencyKey];
  return roles2 ? roles2.includes(role) : CASE_TEAM_ROLES[role] !== void 0;
}
var CASEWORK_AGENCIES = /* @__PURE__ */ new Set(["police", "isac", "probation", "health", "cps", "prison"]);
function orderedUuids() {
  const time = Date.now().toString(16).padStart(12, "0");
  const head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  const tail = randomUuid().slice(-3);
  let n = 0;
  return () => {
    const c = (n++).toString(16).padStart(15, "0");
    return `${head}${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6)}${tail}`;
  };
}
function generate(ctx, emit) {
  const rng = prng(ctx.seed);
  const randomUUID2 = orderedUuids();
  const now = ctx.now;
  const DAY2 = 864e5;
  const users2 = ctx.users;
  const agencyIds2 = new Map(Object.entries(ctx.agencyIds));
  const agencyTypes2 = new Map(Object.entries(ctx.agencyTypes));
  const agencyKeys = [...agencyIds2.keys()];
  const existingCases = ctx.existingCases;
  const crimeRef = crimeReferences(ctx.crimeRefStart);
  let batch = { rows: {}, cases: 0 };
  const row = (name, values) => (batch.rows[name] ??= []).push(values);
  const flush = () => {
    if (batch.cases || Object.keys(batch.rows).length)
      emit(batch);
    batch = { rows: {}, cases: 0 };
  };
  const each = (n, f) => {
    for (let k = 0; k < n; k++)
      f(k);
  };
  const poolByAgency = /* @__PURE__ */ new Map();
  for (const key of agencyKeys)
    poolByAgency.set(key, weightedPool(users2.filter((u) => u.agencyKey === key && CASE_TEAM_ROLES[u.role])));
  const leadPools = new Map(Object.keys(LEAD_AGENCY_WEIGHTS).map((k) => [k, weightedPool(users2.filter((u) => u.agencyKey === k && holdsCases(k, u.role)))]));
  const busyEvery = Math.max(1, ctx.busyCaseEvery);
  const isBusy = (i) => i % busyEvery === 0;
  const statuses = [];
  const leads = [];
  for (let i = 0; i < ctx.cases; i++) {
    statuses.push(isBusy(i) ? "active" : rng.weighted(STATUS_WEIGHTS));
    leads.push(isBusy(i) ? "police" : rng.weighted(LEAD_AGENCY_WEIGHTS));
  }
  const totalNotes = ctx.cases * ctx.recordsPerCase;
  const noteCounts = new Uint32Array(ctx.cases);
  const busyness = (s) => s === "active" ? 3 : s === "monitoring" ? 2 : s === "closed" ? 1.5 : 0.6;
  const notePool = weightedPool(statuses.map((s, k) => ({ k, weight: busyness(s) })));
  for (let n = 0; n < totalNotes; n++)
    noteCounts[notePool(rng).k]++;
  const count = { records: 0, notes: 0, incidents: 0, offences: 0, orders: 0, breaches: 0, tasks: 0, docs: 0, memberships: 0, people: 0 };
  const writeRecord = (caseId, kind, category, author, caveats, status, marking, title, summary, body, at) => {
    const id = randomUUID2();
    const mandatory = MANDATORY_CAVEATS[category];
    const has = (c) => (caveats?.includes(c) ?? false) || (mandatory?.includes(c) ?? false) ? 1 : 0;
    const vc = has("victim_confidential");
    const hc = has("health_confidential");
    const pi = has("police_intelligence");
    const npf = has("not_for_perpetrator_facing");
    row("record", [id, caseId, kind, category, author.agencyId, author.id, marking, vc, hc, pi, npf, status, summary, title, body, at, at]);
    count.records++;
    return id;
  };
  const categoryWeights = /* @__PURE__ */ new Map();
  for (const [type, cats] of Object.entries(CATEGORIES_BY_AGENCY)) {
    const allowed = cats.filter((cat) => cat !== "case_core" || type === "police");
    if (allowed.length)
      categoryWeights.set(type, Object.fromEntries(allowed.map((cat) => [cat, CATEGORY_WEIGHTS[cat] ?? 1])));
  }
  const shareable = [];
  const cases = [];
  const perpetrators = [];
  const busyCaseIds = [];
  const writeCase = (i) => {
    const id = randomUUID2();
    const status = statuses[i];
    const leadKey = leads[i];
    const busy = isBusy(i);
    const days = busy ? 300 : status === "closed" ? 120 + rng.int(975) : status === "referred" ? rng.int(14) : status === "triage" ? rng.int(30) : rng.int(720);
    const createdAt = now - days * DAY2 - rng.int(DAY2);
    const year = new Date(createdAt).getUTCFullYear();
    const reference = `NS-${year}-${String(existingCases + i + 1).padStart(6, "0")}`;
    const lead = leadPools.get(leadKey)(rng);
    const members = [lead];
    const size = Number(rng.weighted(TEAM_SIZE_WEIGHTS));
    for (let tries = 0; members.length < size && tries < 20; tries++) {
      const candidate = poolByAgency.get(rng.weighted(MEMBER_AGENCY_WEIGHTS))(rng);
      if (candidate && !members.some((m) => m.id === candidate.id))
        members.push(candidate);
    }
    const removed = members.map((_, k) => k > 0 && rng.chance(0.04));
    const current = members.filter((_, k) => !removed[k]);
    const team = { lead };
    for (const m of current)
      if (CASEWORK_AGENCIES.has(m.agencyKey))
        team[m.agencyKey] ??= m;
    const agencies = new Set(Object.keys(team).filter((k) => k !== "lead"));
    const victim = syntheticPerson(rng, rng.chance(0.8) ? "female" : "male", now);
    const plan = planCasework(rng, { now, createdAt, status, lead: leadKey, agencies, victimName: victim.fullName, crimeRef, lean: true, ...busy ? { incidents: BUSY_CASE_INCIDENTS } : {} });
    const f = plan.fields;
    const who = (w) => team[w] ?? lead;
    const updatedAt = plan.updatedAt;
    const referred = f.chargingReferredAt ?? (leadKey === "police" && status !== "referred" && status !== "triage" && rng.chance(0.15) ? iso(createdAt + Math.floor((updatedAt - createdAt) * rng.next())) : null);
    row("case", [id, reference, status, agencyIds2.get(leadKey), referred, f.closingReason, f.closedAt, f.priority, f.priorityReason, f.relationship, f.motivation, f.flagDomesticAbuse ? 1 : 0, f.flagOnline ? 1 : 0, f.flagPolicePerpetrated ? 1 : 0, f.courseLinkedAt, f.courseLinkedBy ? who(f.courseLinkedBy).id : null, lead.id, iso(createdAt), iso(updatedAt)]);
    for (const [k, m] of members.entries()) {
      const addedAt = createdAt + (k === 0 ? 0 : Math.floor((updatedAt - createdAt) * 0.3 * rng.next()));
      row("member", [id, m.id, CASE_TEAM_ROLES[m.role] ?? "officer_in_case", lead.id, iso(addedAt), removed[k] ? iso(addedAt + Math.floor((updatedAt - addedAt) * rng.next()) + 1) : null]);
      count.memberships++;
    }
    const at = iso(createdAt);
    const victimId = randomUUID2();
    row("person", [victimId, victim.fullName, victim.searchName, victim.dateOfBirth, "{}", "[]", lead.id, at]);
    row("party", [id, victimId, "victim", at]);
    let perpetrator = perpetrators.length > 50 && rng.chance(0.05) ? rng.pick(perpetrators) : void 0;
    if (!perpetrator) {
      const p = syntheticPerson(rng, rng.chance(0.85) ? "male" : "female", now);
      const aliases = perpetratorAliases(rng, p, f.flagOnline);
      const identifiers = { pnc: pncNumber(rng), crimeRefs: plan.crimeRefs };
      if (agencies.has("probation"))
        identifiers.ndelius = ndeliusCrn(rng);
      if (agencies.has("health") && rng.chance(0.5))
        identifiers.nhs = testNhsNumber(rng);
      perpetrator = { id: randomUUID2(), fullName: p.fullName, aliases };
      row("person", [perpetrator.id, p.fullName, p.searchName, p.dateOfBirth, JSON.stringify(identifiers), JSON.stringify(aliases), lead.id, at]);
      perpetrators.push(perpetrator);
      count.people++;
    }
    count.people++;
    row("party", [id, perpetrator.id, "perpetrator", at]);
    const caseText = [reference, victim.fullName, perpetrator.fullName, ...perpetrator.aliases].join("\n");
    row("doc", [`case:${id}`, id, null, "full", "case_core", agencyIds2.get(leadKey), "signed_off", 0, 0, 0, 0, reference, caseText]);
    count.docs++;
    const ids = /* @__PURE__ */ new Map();
    const idOf = (key) => ids.get(key);
    for (const item of plan.items) {
      const author = who(item.by);
      const body = resolveJson(JSON.stringify(item.body), author, idOf);
      ids.set(item.key, writeRecord(id, item.kind, item.category, author, item.caveats, item.status ?? "signed_off", "OFFICIAL-SENSITIVE", item.title, item.summary, body, iso(item.at)));
    }
    for (const item of plan.items)
      if (item.detail)
        writeDetail(id, idOf(item.key), item.detail, who(item.by), idOf);
    for (const t of plan.tasks) {
      const owner = who(t.owner);
      row("task", [randomUUID2(), id, t.title, owner.id, t.dueOn, t.status, t.source, t.sourceKey ? idOf(t.sourceKey) : null, lead.id, iso(t.createdAt), t.completedAt ? iso(t.completedAt) : null, t.completedAt ? owner.id : null]);
      count.tasks++;
    }
    const caseRow = { id, leadAgencyId: agencyIds2.get(leadKey), members };
    for (let k = 0; k < noteCounts[i]; k++) {
      const author = rng.pick(current);
      const agencyType = agencyTypes2.get(author.agencyKey);
      const weights = categoryWeights.get(agencyType);
      const category = weights ? rng.weighted(weights) : "case_core";
      const draft = category === "risk_assessment" ? rng.chance(0.2) : category === "pre_sentence" ? rng.chance(0.3) : rng.chance(0.03);
      const caveats = [];
      if (category === "risk_assessment" && agencyType === "isac" && rng.chance(0.25))
        caveats.push("victim_confidential");
      if (category === "clinical" && rng.chance(0.85))
        caveats.push("health_confidential");
      if (category === "victim_care" && rng.chance(0.12) || category === "victim_contact" && rng.chance(0.3))
        caveats.push("not_for_perpetrator_facing");
      const noteAt = createdAt + Math.floor((updatedAt - createdAt) * rng.next());
      const t = TEXT[category] ?? TEXT.case_core;
      const noteId = writeRecord(id, "note", category, author, caveats, draft ? "draft" : "signed_off", rng.chance(0.2) ? "OFFICIAL" : "OFFICIAL-SENSITIVE", t.title, rng.pick(t.summary), JSON.stringify({ text: rng.pick(t.text) }), iso(noteAt));
      count.notes++;
      if (!draft && rng.chance(0.012))
        shareable.push({ id: noteId, caseRow, author, at: noteAt });
    }
    cases.push(caseRow);
    if (busy)
      busyCaseIds.push(id);
  };
  for (let i = 0; i < ctx.cases; i++) {
    writeCase(i);
    batch.cases++;
    if (batch.cases === ctx.batchCases)
      flush();
  }
  function writeDetail(caseId, recordId, d, author, idOf) {
    const b = (v) => v ? 1 : 0;
    switch (d.table) {
      case "incident":
        row("incident", [recordId, caseId, d.occurredAt, d.occurredOn, JSON.stringify(d.behaviours), b(d.fixated), b(d.obsessive), b(d.unwanted), b(d.repeated), d.source, d.crimeReference, JSON.stringify(d.offenceKeys.map(idOf)), d.linkedAt]);
        count.incidents++;
        return;
      case "offence":
        row("offence", [recordId, caseId, d.offenceType, b(d.summaryOnly), d.crimeReference, d.status, d.outcomeCode, d.chargedOn, d.lastDayToCharge]);
        count.offences++;
        return;
      case "order":
        row("order", [recordId, caseId, d.orderType, d.status, d.appliedOn, d.hearingOn, d.decidedOn, d.refusalReason, JSON.stringify(d.prohibitions), JSON.stringify(d.requirements), d.expiresOn]);
        count.orders++;
        return;
      case "spo":
        row("spo", [recordId, caseId, author.id, d.consideredOn, d.decision, d.rationale]);
        return;
      case "breach":
        row("breach", [recordId, caseId, idOf(d.orderKey), d.occurredOn, d.reportedAt, d.policeAction, d.policeActionOn]);
        count.breaches++;
        return;
      case "update_plan":
        row("plan", [recordId, caseId, d.frequencyDays, d.method, d.nextDueOn, d.lastUpdateOn]);
        return;
      case "referral":
        row("referral", [recordId, caseId, d.service, d.offeredOn, d.response, d.respondedOn]);
        return;
    }
  }
  const roleOf = (key) => rng.weighted(ROLE_WEIGHTS[key]);
  each(shareable.length, (k) => {
    const s = shareable[k];
    const others = s.caseRow.members.filter((m) => m.agencyKey !== s.author.agencyKey);
    const kind = others.length && rng.chance(0.6) ? "user" : rng.chance(0.6) ? "agency" : "role";
    const otherKey = rng.pick(agencyKeys.filter((key) => key !== s.author.agencyKey && key !== "partnership"));
    const createdAt = s.at + rng.int(10 * DAY2);
    const expires = rng.chance(0.3) ? iso(createdAt + (30 + rng.int(150)) * DAY2) : null;
    const revoked = rng.chance(0.05) ? iso(createdAt + rng.int(20 * DAY2)) : null;
    row("share", [
      randomUUID2(),
      s.id,
      s.author.id,
      s.author.agencyId,
      kind === "agency" ? agencyIds2.get(otherKey) : null,
      kind === "role" ? roleOf(otherKey) : null,
      kind === "user" ? rng.pick(others).id : null,
      rng.weighted(SHARE_PURPOSE_WEIGHTS),
      rng.weighted(LAWFUL_BASIS_WEIGHTS),
      expires,
      iso(createdAt),
      revoked,
      revoked ? s.author.id : null
    ]);
  });
  const grants = Math.max(1, Math.round(ctx.cases * 2e-3));
  const supervisors = users2.filter((u) => u.role === "police_supervisor" || u.role === "advocate_manager");
  const emergencyPool = weightedPool(users2.filter((u) => u.role === "investigator" || u.role === "spoc" || u.role === "advocate"));
  const REASONS = ["Victim called out of hours reporting the perpetrator outside; case officer off duty", "Report of a breach of order overnight; needed the safety plan to respond", "Welfare concern raised by a neighbour; case team unavailable"];
  each(grants, () => {
    const c = rng.pick(cases);
    const who = emergencyPool(rng);
    const grantedAt = now - rng.int(300) * DAY2 - rng.int(DAY2);
    const reviewed = grantedAt < now - 14 * DAY2 && supervisors.length && rng.chance(0.8);
    row("grant", [randomUUID2(), who.id, who.agencyId, c.id, rng.pick(REASONS), iso(grantedAt), iso(grantedAt + 4 * 36e5), reviewed ? iso(grantedAt + (2 + rng.int(10)) * DAY2) : null, reviewed ? rng.pick(supervisors).id : null, reviewed ? rng.chance(0.9) ? "justified" : "not_justified" : null, null]);
  });
  const requests = Math.max(1, Math.round(ctx.cases * 0.01));
  const requesterPool = weightedPool(users2.filter((u) => CASE_TEAM_ROLES[u.role]));
  each(requests, () => {
    const c = rng.pick(cases);
    const who = requesterPool(rng);
    const status = rng.weighted({ pending: 25, approved: 55, refused: 20 });
    const createdAt = now - rng.int(365) * DAY2 - rng.int(DAY2);
    const decider = status === "pending" ? void 0 : c.members[0];
    row("request", [randomUUID2(), who.id, who.agencyId, c.id, c.leadAgencyId, "Perpetrator known to our service in another case; need the risk picture", status, decider?.id ?? null, decider ? iso(createdAt + rng.int(5 * DAY2)) : null, decider ? status === "approved" ? "Approved for case work" : "Not necessary for the stated purpose" : null, iso(createdAt)]);
  });
  flush();
  return {
    cases: ctx.cases,
    records: count.records,
    notes: count.notes,
    incidents: count.incidents,
    offences: count.offences,
    orders: count.orders,
    breaches: count.breaches,
    tasks: count.tasks,
    searchDocuments: count.docs,
    memberships: count.memberships,
    people: count.people,
    shares: shareable.length,
    breakGlassGrants: grants,
    accessRequests: requests,
    busyCaseIds
  };
}

// ../../tmp/gen-only.mts
import { randomUUID } from "node:crypto";
var roles = ["investigator", "spoc", "advocate", "probation_practitioner", "forensic_psychologist", "prosecutor", "prison_offender_manager", "clinician", "psychiatrist"];
var keyOf = { investigator: "police", spoc: "police", advocate: "isac", probation_practitioner: "probation", forensic_psychologist: "health", psychiatrist: "health", clinician: "health", prosecutor: "cps", prison_offender_manager: "prison" };
var users = Array.from({ length: 900 }, (_, i) => {
  const role = roles[i % roles.length];
  return { id: randomUUID(), name: "A B", agencyKey: keyOf[role], agencyId: keyOf[role], role, weight: 1 };
});
var agencyIds = { police: "police", isac: "isac", probation: "probation", health: "health", cps: "cps", prison: "prison", partnership: "partnership" };
var agencyTypes = { police: "police", isac: "isac", probation: "probation", health: "health", cps: "cps", prison: "prison", partnership: "other" };
var c0 = process.cpuUsage();
var rows = 0;
var r = generate({ seed: 1, now: Date.now(), cases: Number(process.argv[2] ?? 2e4), recordsPerCase: 0, busyCaseEvery: 2e4, batchCases: 2e3, existingCases: 0, crimeRefStart: 1, users, agencyIds, agencyTypes }, (b) => {
  for (const v of Object.values(b.rows))
    rows += v.length;
});
var c1 = process.cpuUsage(c0);
console.log("generate cpu", ((c1.user + c1.system) / 1e6).toFixed(1), "rows", rows, r.records);
