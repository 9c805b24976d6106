import {
  asRiskLevel,
  hasText,
  isYes,
  labelOf,
  list,
  multi,
  RATIONALE_MAX,
  RISK_LEVEL_LABELS,
  RISK_LEVEL_OPTIONS,
  single,
  choice,
  text,
  yesNo,
  NOTES_MAX,
} from "./scales";
import type { Answers, Instrument } from "./types";

// The stalking screening tool: identifies stalking (FOUR) and immediate risk at first contact, and records the
// first safety advice and referrals. Not a full risk assessment. Help text is ours.

export const FOUR_ITEMS = ["four_fixated", "four_obsessive", "four_unwanted", "four_repeated"] as const;
export const IMMEDIATE_RISK_ITEMS = [
  "risk_threats",
  "risk_violence",
  "risk_escalating",
  "risk_weapons",
  "risk_frightened",
  "risk_children",
] as const;

const SAFETY_OPTIONS = [
  {
    value: "record_evidence",
    label: "How to record evidence: a diary of incidents, screenshots, keeping messages and call logs",
  },
  {
    value: "emergency_contacts",
    label: "Emergency contacts: call 999 in an emergency, the reference number, who to call for support",
  },
  {
    value: "online_safety",
    label: "Online safety: privacy and location settings, passwords, checking devices and accounts",
  },
  {
    value: "home_security",
    label: "Home and personal security: locks, alarms, varying routes, telling people they trust",
  },
  { value: "reporting", label: "How to report further incidents and what happens next" },
] as const;

const REFERRAL_OPTIONS = [
  { value: "advocacy", label: "Stalking advocacy service (ISAC or specialist advocate)" },
  { value: "clinic", label: "Stalking clinic (multi-agency assessment of the perpetrator)" },
  { value: "spo", label: "Stalking protection order considered" },
  { value: "marac", label: "MARAC (domestic abuse, high risk)" },
  { value: "childrens_services", label: "Children's services (safeguarding)" },
] as const;

function fourCount(answers: Answers): number {
  return FOUR_ITEMS.filter((id) => isYes(answers, id)).length;
}

function immediateRiskCount(answers: Answers): number {
  return IMMEDIATE_RISK_ITEMS.filter((id) => isYes(answers, id)).length;
}

export const screening: Instrument = {
  code: "screening",
  version: "2026.1",
  name: "Stalking screening tool",
  shortName: "Stalking screening",
  description:
    "First-contact screening: is this stalking (FOUR), is there immediate risk, what safety advice was given and which referrals were made. Not a full risk assessment.",
  agencyTypes: ["police", "isac"],
  defaultSharing: "team",
  sections: [
    {
      id: "four",
      title: "Is this stalking? (FOUR)",
      help: "Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour. Answer from everything known, not only the latest incident.",
      items: [
        yesNo(
          "four_fixated",
          "Fixated",
          "The suspect keeps returning to the victim: their attention is fixed on this person.",
        ),
        yesNo(
          "four_obsessive",
          "Obsessive",
          "The behaviour seems driven and hard for the suspect to stop, taking up a lot of their time or thought.",
        ),
        yesNo(
          "four_unwanted",
          "Unwanted",
          "The victim does not want the contact, whether or not they have said so to the suspect.",
        ),
        yesNo(
          "four_repeated",
          "Repeated",
          "It has happened more than once, in any form: in person, by phone, online or through other people.",
        ),
        yesNo(
          "domestic_abuse",
          "Current or former partner or family member",
          "The suspect is, or was, the victim's partner or a member of their family. If so, this is also domestic abuse.",
        ),
      ],
    },
    {
      id: "immediate_risk",
      title: "Immediate risk",
      items: [
        yesNo(
          "risk_threats",
          "Threats",
          "The suspect has threatened to harm, kill or sexually assault the victim or anyone close to them, directly or through others.",
        ),
        yesNo(
          "risk_violence",
          "Violence",
          "The suspect has been violent to the victim or others, in this episode or before.",
        ),
        yesNo(
          "risk_escalating",
          "Getting worse",
          "The behaviour is becoming more frequent, more intrusive or more frightening.",
        ),
        yesNo(
          "risk_weapons",
          "Access to weapons",
          "The suspect has, or could easily get, a weapon, including firearms or shotguns held on a licence.",
        ),
        yesNo(
          "risk_frightened",
          "Victim very frightened",
          "The victim tells you they are very frightened. Take their fear seriously: it is often the best guide to risk.",
        ),
        yesNo(
          "risk_children",
          "Children affected",
          "Children live with the victim, are in contact with the suspect, or have been drawn into the behaviour.",
        ),
      ],
    },
    {
      id: "safety",
      title: "Initial safety planning",
      help: "Record the advice given at this contact. Never tell the victim to come off social media or change their life to avoid the stalker.",
      items: [
        multi("safety_given", "Safety advice given", "Tick each piece of advice given to the victim.", SAFETY_OPTIONS),
        text(
          "safety_notes",
          "Other safety measures",
          "Anything else agreed, such as a marker on the victim's address or a welfare call.",
          NOTES_MAX,
        ),
      ],
    },
    {
      id: "referrals",
      title: "Referrals",
      items: [
        multi(
          "referrals",
          "Referrals made or considered",
          "Tick each referral made, or for a protection order, considered.",
          REFERRAL_OPTIONS,
        ),
        text(
          "referral_notes",
          "Referral notes",
          "Who was contacted and when, or why a referral was not made.",
          NOTES_MAX,
        ),
      ],
    },
    {
      id: "judgement",
      title: "Officer's judgement",
      items: [
        choice(
          "risk_level",
          "Risk level",
          "Your professional judgement of the risk now, using the answers above and anything else you know.",
          RISK_LEVEL_OPTIONS,
        ),
        text(
          "rationale",
          "Rationale",
          "Why you reached this level. Needed for high risk, and when an immediate risk is present but you judge the risk standard.",
          RATIONALE_MAX,
        ),
      ],
    },
  ],

  rules(answers) {
    const errors: Record<string, string> = {};
    const level = single(answers, "risk_level");
    if (!hasText(answers, "rationale")) {
      if (level === "high") errors.rationale = "Enter a rationale for the high risk judgement";
      else if (level === "standard" && immediateRiskCount(answers) > 0)
        errors.rationale = "Enter a rationale: an immediate risk is present but the risk is judged standard";
    }
    return errors;
  },

  riskLevel(answers) {
    return asRiskLevel(single(answers, "risk_level"));
  },

  judgements(answers) {
    return [
      { label: "Risk level", value: labelOf(RISK_LEVEL_OPTIONS, single(answers, "risk_level")) ?? "Not answered" },
      { label: "FOUR indicators present", value: `${fourCount(answers)} of 4` },
    ];
  },

  summaryLine(answers) {
    const level = asRiskLevel(single(answers, "risk_level"));
    return `Stalking screening: ${level ? RISK_LEVEL_LABELS[level] : "risk not yet judged"} (FOUR: ${fourCount(answers)} of 4 indicators)`;
  },

  prompts(answers) {
    const prompts: string[] = [];
    const four = fourCount(answers);
    const fourAnswered = FOUR_ITEMS.filter((id) => single(answers, id) !== undefined).length;
    const stalking = four === 4;
    const referrals = list(answers, "referrals");
    const safety = list(answers, "safety_given");
    const level = single(answers, "risk_level");

    if (stalking)
      prompts.push("All four FOUR indicators present: this is stalking; record it as stalking, not harassment");
    else if (fourAnswered === 4 && four > 0)
      prompts.push(
        "Not all FOUR indicators present: this may still be stalking; look at the whole pattern of behaviour before recording it as harassment",
      );
    if (immediateRiskCount(answers) > 0)
      prompts.push(
        "Immediate risk identified: agree immediate safety measures with the victim now and tell your supervisor",
      );
    if (isYes(answers, "risk_weapons"))
      prompts.push("Access to weapons: check firearms and shotgun licensing and consider urgent safeguarding action");
    if (stalking && !referrals.includes("advocacy")) prompts.push("Refer to the stalking advocacy service");
    if (stalking && !referrals.includes("spo")) prompts.push("Consider a stalking protection order");
    if (stalking && (level === "medium" || level === "high") && !referrals.includes("clinic"))
      prompts.push("Consider referring the case to the stalking clinic for a multi-agency assessment");
    if (isYes(answers, "domestic_abuse")) {
      prompts.push("Domestic abuse context: complete a DASH risk checklist with the S-DASH stalking questions");
      if (level === "high" && !referrals.includes("marac")) prompts.push("High risk domestic abuse: refer to MARAC");
    }
    if (isYes(answers, "risk_children") && !referrals.includes("childrens_services"))
      prompts.push("Children affected: consider a safeguarding referral to children's services");
    if (!safety.includes("record_evidence"))
      prompts.push(
        "Advise the victim how to record evidence: a diary, screenshots, and keeping messages and call logs",
      );
    if (!safety.includes("emergency_contacts"))
      prompts.push("Give the victim emergency contacts and the incident reference number");
    if (!safety.includes("online_safety"))
      prompts.push(
        "Give online safety advice (privacy and location settings, passwords, device checks); do not tell the victim to come off social media",
      );
    if (level === "high") prompts.push("High risk: consider a full risk assessment and share it with the case team");
    return prompts;
  },
};
