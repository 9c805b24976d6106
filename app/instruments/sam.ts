import {
  choice,
  facets,
  hasText,
  labelOf,
  levelFromLowModerateHigh,
  LOW_MODERATE_HIGH,
  NOTES_MAX,
  single,
  text,
} from "./scales";
import type { Answers, Instrument, InstrumentItem, Scale } from "./types";

// A SAM-structured assessment. SAM is a licensed instrument: we ship the factor NAMES only (publicly documented)
// with help in our own words; the licensed manual text can be loaded by an organisation that holds a licence.

export const PRESENCE_SCALE: Scale = [
  { value: "N", label: "N (absent)" },
  { value: "P", label: "P (possibly or partially present)" },
  { value: "Y", label: "Y (present)" },
  { value: "O", label: "O (omit: not enough information)" },
];

export const SAM_FACETS = [
  { id: "presence_recent", label: "Recent presence", scale: PRESENCE_SCALE },
  { id: "presence_lifetime", label: "Lifetime presence", scale: PRESENCE_SCALE },
  { id: "relevance", label: "Relevance", scale: LOW_MODERATE_HIGH },
] as const;

function factor(id: string, shortName: string, help: string): InstrumentItem {
  return { id, shortName, help, response: { kind: "factor", facets: SAM_FACETS }, required: true };
}

const NATURE: InstrumentItem[] = [
  factor(
    "sam_ns_communicates_about",
    "Communicates about victim",
    "Talks or posts about the victim to others, or publishes information about them.",
  ),
  factor(
    "sam_ns_communicates_with",
    "Communicates with victim",
    "Sends messages, calls, letters or gifts to the victim, by any means.",
  ),
  factor(
    "sam_ns_approaches",
    "Approaches or surveils",
    "Follows, watches, waits for or tracks the victim, in person or with technology.",
  ),
  factor("sam_ns_direct_contact", "Direct contact", "Has face-to-face or physical contact with the victim."),
  factor(
    "sam_ns_intimidates",
    "Intimidates",
    "Behaves in ways meant or likely to make the victim afraid, short of explicit threats.",
  ),
  factor("sam_ns_threatens", "Threatens", "Makes explicit or clearly implied threats of harm to the victim or others."),
  factor("sam_ns_violent", "Violent", "Has used physical or sexual violence against the victim or people around them."),
  factor(
    "sam_ns_persistent",
    "Persistent",
    "The behaviour has gone on for a long time or keeps resuming despite intervention.",
  ),
  factor("sam_ns_escalating", "Escalating", "The behaviour is becoming more frequent, varied, intrusive or serious."),
  factor(
    "sam_ns_supervision_violations",
    "Supervision violations",
    "Has broken orders, bail, licence conditions or other supervision.",
  ),
];

const PERPETRATOR: InstrumentItem[] = [
  factor("sam_p_angry", "Angry", "Shows hostility, grievance or rage, towards the victim or more widely."),
  factor(
    "sam_p_obsessed",
    "Obsessed",
    "Preoccupied with the victim or the relationship; thinks about them much of the time.",
  ),
  factor(
    "sam_p_irrational",
    "Irrational",
    "Thinking or perception is distorted, for example by mental illness, to a degree that affects behaviour.",
  ),
  factor("sam_p_unrepentant", "Unrepentant", "Denies, minimises or justifies the behaviour, or blames the victim."),
  factor("sam_p_antisocial", "Antisocial lifestyle", "A pattern of rule-breaking, offending or unstable living."),
  factor("sam_p_intimacy", "Intimacy problems", "Difficulty forming or keeping close relationships."),
  factor(
    "sam_p_non_intimate",
    "Non-intimate relationship problems",
    "Difficulty with family, friends or colleagues; few people to support or check them.",
  ),
  factor("sam_p_distressed", "Distressed", "Upset, anxious, low or desperate; feels they have little to lose."),
  factor(
    "sam_p_substance",
    "Substance use problems",
    "Use of alcohol or drugs that causes problems or lowers self-control.",
  ),
  factor("sam_p_employment", "Employment and financial problems", "Out of work, in debt, or under money pressure."),
];

const VICTIM: InstrumentItem[] = [
  factor(
    "sam_v_inconsistent_behaviour",
    "Inconsistent behaviour toward perpetrator",
    "The victim sometimes responds to or has contact with the perpetrator. Never a reason to blame the victim.",
  ),
  factor(
    "sam_v_inconsistent_attitude",
    "Inconsistent attitude toward perpetrator",
    "The victim has mixed feelings about the perpetrator or the risk they pose.",
  ),
  factor(
    "sam_v_resources",
    "Inadequate access to resources",
    "The victim lacks practical help: money, transport, support services, legal advice.",
  ),
  factor(
    "sam_v_living",
    "Unsafe living situation",
    "The victim's home is easy to find, reach or watch, or is shared with people who put them at risk.",
  ),
  factor(
    "sam_v_dependents",
    "Problems caring for dependents",
    "Caring for children or others makes it harder for the victim to stay safe.",
  ),
  factor(
    "sam_v_intimacy",
    "Intimacy problems",
    "The victim's close relationships are strained or absent, leaving them less supported.",
  ),
  factor(
    "sam_v_non_intimate",
    "Non-intimate relationship problems",
    "The victim has few family, friends or colleagues to rely on.",
  ),
  factor(
    "sam_v_distressed",
    "Distressed",
    "The victim is very anxious, low or traumatised, which can make safety planning harder.",
  ),
  factor(
    "sam_v_substance",
    "Substance use problems",
    "Alcohol or drug use affects the victim's safety or access to help.",
  ),
  factor(
    "sam_v_employment",
    "Employment and financial problems",
    "Work or money problems limit the victim's options for staying safe.",
  ),
];

export const SAM_FACTOR_IDS: readonly string[] = [...NATURE, ...PERPETRATOR, ...VICTIM].map((i) => i.id);

export const SAM_STRATEGY_ITEMS = [
  "sam_mgmt_monitoring",
  "sam_mgmt_supervision",
  "sam_mgmt_treatment",
  "sam_mgmt_victim_safety",
] as const;
const JUDGEMENT_ITEMS = [
  { id: "sam_priority", label: "Case prioritisation" },
  { id: "sam_continued", label: "Risk of continued stalking" },
  { id: "sam_violence", label: "Risk of stalking-related violence" },
  { id: "sam_imminence", label: "Imminence" },
] as const;

function omittedFactors(answers: Answers): number {
  return SAM_FACTOR_IDS.filter((id) => {
    const f = facets(answers, id);
    return f.presence_recent === "O" || f.presence_lifetime === "O";
  }).length;
}

export const sam: Instrument = {
  code: "sam",
  version: "2026.1",
  name: "Stalking assessment and management (SAM-structured)",
  shortName: "SAM",
  description:
    "Structured professional judgement of the perpetrator, the stalking and the victim's vulnerability: 30 factors rated for presence and relevance, scenarios, management strategies and summary judgements.",
  agencyTypes: ["health", "probation", "police"],
  defaultSharing: "team",
  sections: [
    {
      id: "nature",
      title: "Nature of stalking",
      help: "Rate each factor for the recent period (the current episode) and over the perpetrator's lifetime, then how relevant it is to managing risk in this case.",
      items: NATURE,
    },
    { id: "perpetrator", title: "Perpetrator risk factors", items: PERPETRATOR },
    {
      id: "victim",
      title: "Victim vulnerability factors",
      help: "These describe what makes the victim harder to protect, never fault.",
      items: VICTIM,
    },
    {
      id: "scenarios",
      title: "Scenarios",
      items: [
        text(
          "sam_scenario_likely",
          "Most likely scenario",
          "What you think is most likely to happen next if nothing changes: what, to whom, how soon, and what would trigger it.",
          NOTES_MAX,
          true,
        ),
        text(
          "sam_scenario_worst",
          "Worst case scenario",
          "The most serious realistic outcome, and what would warn that it is becoming more likely.",
          NOTES_MAX,
        ),
      ],
    },
    {
      id: "management",
      title: "Management strategies",
      help: "Enter at least one. Link each strategy to the factors and scenarios it addresses.",
      items: [
        text(
          "sam_mgmt_monitoring",
          "Monitoring",
          "How changes in risk will be spotted: checks, reporting, information sharing.",
          NOTES_MAX,
        ),
        text(
          "sam_mgmt_supervision",
          "Supervision",
          "Restrictions and controls: orders, licence or bail conditions, enforcement.",
          NOTES_MAX,
        ),
        text(
          "sam_mgmt_treatment",
          "Treatment",
          "Help for the perpetrator that could reduce the risk, such as mental health or substance use treatment.",
          NOTES_MAX,
        ),
        text(
          "sam_mgmt_victim_safety",
          "Victim safety planning",
          "What will help keep the victim safe, agreed with them and their advocate.",
          NOTES_MAX,
        ),
      ],
    },
    {
      id: "judgements",
      title: "Summary judgements",
      items: [
        choice(
          "sam_priority",
          "Case prioritisation",
          "How much attention and resource this case needs now compared with others.",
          LOW_MODERATE_HIGH,
        ),
        choice(
          "sam_continued",
          "Risk of continued stalking",
          "How likely the stalking is to carry on or start again.",
          LOW_MODERATE_HIGH,
        ),
        choice(
          "sam_violence",
          "Risk of stalking-related violence",
          "How likely physical or sexual violence is, to the victim or others.",
          LOW_MODERATE_HIGH,
        ),
        choice(
          "sam_imminence",
          "Imminence",
          "How soon serious harm could happen if nothing is done.",
          LOW_MODERATE_HIGH,
        ),
        text(
          "sam_rationale",
          "Rationale",
          "How the factors and scenarios led to these judgements, and any information that was missing.",
          NOTES_MAX,
          true,
        ),
      ],
    },
  ],

  rules(answers) {
    const errors: Record<string, string> = {};
    if (!SAM_STRATEGY_ITEMS.some((id) => hasText(answers, id)))
      errors.sam_mgmt_monitoring =
        "Enter at least one management strategy: monitoring, supervision, treatment or victim safety planning";
    return errors;
  },

  riskLevel(answers) {
    return levelFromLowModerateHigh(single(answers, "sam_priority"));
  },

  judgements(answers) {
    return JUDGEMENT_ITEMS.map(({ id, label }) => ({
      label,
      value: labelOf(LOW_MODERATE_HIGH, single(answers, id)) ?? "Not answered",
    }));
  },

  summaryLine(answers) {
    const v = (id: string) => (labelOf(LOW_MODERATE_HIGH, single(answers, id)) ?? "not judged").toLowerCase();
    return `SAM: case prioritisation ${v("sam_priority")} (continued stalking: ${v("sam_continued")}; violence: ${v("sam_violence")}; imminence: ${v("sam_imminence")})`;
  },

  prompts(answers) {
    const prompts: string[] = [];
    const omitted = omittedFactors(answers);
    if (omitted > 0)
      prompts.push(
        `${omitted} ${omitted === 1 ? "factor" : "factors"} omitted for lack of information: say in the rationale what is missing and how it will be found`,
      );
    const violations = facets(answers, "sam_ns_supervision_violations");
    if (violations.presence_recent === "Y" || violations.presence_recent === "P")
      prompts.push("Supervision violations recently: check the case's protective orders and record any breach");
    if (single(answers, "sam_violence") === "high" && !hasText(answers, "sam_mgmt_victim_safety"))
      prompts.push(
        "High risk of stalking-related violence: include victim safety planning in the management strategies",
      );
    if (single(answers, "sam_imminence") === "high")
      prompts.push("Imminent risk: tell the case team and the police now, not at the next meeting");
    if (single(answers, "sam_priority") === "high")
      prompts.push("High case prioritisation: review within 28 days, sooner if anything changes");
    return prompts;
  },
};
