import {
  asRiskLevel,
  choice,
  hasText,
  isYes,
  labelOf,
  NOTES_MAX,
  RATIONALE_MAX,
  RISK_LEVEL_LABELS,
  RISK_LEVEL_OPTIONS,
  single,
  text,
  yesNo,
} from "./scales";
import type { Answers, Instrument, InstrumentItem } from "./types";

// The domestic abuse risk checklist (DASH) with its stalking follow-up (S-DASH). Questions are modelled by topic
// with our own short names and help; an organisation may load the licensed wording (licensed-text.ts).

/** "14 or more ticks usually indicates high risk": the well-known DASH threshold, a prompt for judgement, not a rule that sets the level. */
export const DASH_HIGH_RISK_TICKS = 14;

const DASH_ITEMS: InstrumentItem[] = [
  yesNo(
    "dash_injury",
    "Current injury",
    "The latest incident left the victim injured, however slightly. Note what the injuries are.",
  ),
  yesNo(
    "dash_frightened",
    "Very frightened",
    "The victim says they are very frightened. Their own sense of danger matters.",
  ),
  text(
    "dash_afraid_of",
    "What the victim is afraid of",
    "In the victim's words: further violence, being killed, harm to children or others.",
    NOTES_MAX,
  ),
  yesNo(
    "dash_isolated",
    "Isolated",
    "The victim feels cut off from family or friends, or the abuser stops them seeing people.",
  ),
  yesNo(
    "dash_depressed",
    "Depressed or suicidal",
    "The victim feels very low, or has thought about harming themselves or ending their life.",
  ),
  yesNo(
    "dash_separation",
    "Separation",
    "The victim has separated, or tried to separate, from the abuser in the last year.",
  ),
  yesNo(
    "dash_child_contact",
    "Conflict over child contact",
    "There are disputes about the abuser's contact with children.",
  ),
  yesNo(
    "dash_stalking",
    "Constant contact or stalking",
    "The abuser keeps texting, calling, following, watching or contacting the victim against their wishes. If yes, answer the S-DASH questions.",
  ),
  yesNo("dash_pregnant", "Pregnant or new baby", "The victim is pregnant or has had a baby in the last 18 months."),
  yesNo(
    "dash_children_not_abusers",
    "Children not the abuser's",
    "Children in the household are not the abuser's own children.",
  ),
  yesNo("dash_children_hurt", "Children hurt", "The abuser has hurt any child, the victim's or another's."),
  yesNo("dash_children_threatened", "Children threatened", "The abuser has threatened to hurt or kill any child."),
  yesNo("dash_more_often", "Happening more often", "Incidents are more frequent than before."),
  yesNo("dash_worse", "Getting worse", "Incidents are more serious or more frightening than before."),
  yesNo(
    "dash_controlling",
    "Controlling or jealous",
    "The abuser controls what the victim does, who they see or their money, or is excessively jealous.",
  ),
  yesNo(
    "dash_weapons",
    "Weapons or objects used",
    "The abuser has used or threatened to use a weapon or an object to hurt the victim.",
  ),
  yesNo(
    "dash_threat_to_kill",
    "Threats to kill",
    "The abuser has threatened to kill the victim or someone else, and the victim believed them.",
  ),
  yesNo(
    "dash_strangle",
    "Strangling, choking, suffocating or drowning",
    "Any attempt to stop the victim breathing, however brief and whether or not it left marks.",
  ),
  yesNo(
    "dash_sexual",
    "Sexual abuse",
    "The abuser has done or said sexual things that made the victim feel bad or that hurt them.",
  ),
  yesNo(
    "dash_other_threatens",
    "Another person threatens the victim",
    "Someone else, such as a family member of the abuser, has threatened or is feared by the victim.",
  ),
  yesNo(
    "dash_hurt_others",
    "Hurt anyone else",
    "The abuser is known to have hurt another person: family, a former partner, or anyone else.",
  ),
  yesNo("dash_animals", "Hurt animals", "The abuser has hurt or threatened to hurt a pet or other animal."),
  yesNo(
    "dash_financial",
    "Financial problems",
    "The abuser has money worries or has lost their job, or there are other pressures on them.",
  ),
  yesNo(
    "dash_substances_mental_health",
    "Drugs, alcohol or mental health",
    "The abuser has problems with drugs or alcohol, or with their mental health.",
  ),
  yesNo(
    "dash_suicide_threat",
    "Abuser threatens suicide",
    "The abuser has threatened or tried to harm or kill themselves.",
  ),
  yesNo(
    "dash_breach",
    "Breached bail or an order",
    "The abuser has broken bail conditions, an injunction or a protective order, or a contact agreement.",
  ),
  yesNo(
    "dash_criminal_history",
    "Known to police or criminal history",
    "The abuser has been in trouble with the police or has a criminal record, for violence or otherwise.",
  ),
];

/** The yes/no DASH questions: a "yes" is a tick. */
export const DASH_TICK_ITEMS: readonly string[] = DASH_ITEMS.filter((i) => i.response.kind === "yes_no").map(
  (i) => i.id,
);

const SDASH_ITEMS: InstrumentItem[] = [
  yesNo(
    "sdash_frightened",
    "Victim very frightened",
    "The victim is very frightened of what the stalker will do.",
    false,
  ),
  yesNo(
    "sdash_previous",
    "Previous stalking or harassment",
    "The stalker has stalked or harassed anyone before, this victim or others.",
    false,
  ),
  yesNo(
    "sdash_property",
    "Property destroyed or vandalised",
    "The stalker has damaged or vandalised the victim's property.",
    false,
  ),
  yesNo(
    "sdash_turning_up",
    "Turning up more than three times a week",
    "The stalker turns up at the victim's home or work more than three times a week.",
    false,
  ),
  yesNo("sdash_loitering", "Loitering", "The stalker hangs around the victim's home, work or places they go.", false),
  yesNo(
    "sdash_threats",
    "Threats of physical or sexual violence",
    "The stalker has threatened physical or sexual violence.",
    false,
  ),
  yesNo(
    "sdash_third_parties",
    "Harassing third parties",
    "The stalker has harassed family, friends, colleagues or neighbours of the victim.",
    false,
  ),
  yesNo(
    "sdash_violence",
    "Violence in this episode",
    "The stalker has been violent to anyone during this episode of stalking.",
    false,
  ),
  yesNo("sdash_recruiting", "Recruiting others", "The stalker has got other people to help, knowingly or not.", false),
  yesNo("sdash_substances", "Drug or alcohol abuse", "The stalker has problems with drugs or alcohol.", false),
  yesNo(
    "sdash_past_violence",
    "Known past violence",
    "The stalker is known to have been violent in the past, to anyone.",
    false,
  ),
];

export const SDASH_ITEM_IDS: readonly string[] = SDASH_ITEMS.map((i) => i.id);

export function dashTicks(answers: Answers): number {
  return DASH_TICK_ITEMS.filter((id) => isYes(answers, id)).length;
}

export function sdashFactors(answers: Answers): { yes: number; answered: number } {
  return {
    yes: SDASH_ITEM_IDS.filter((id) => isYes(answers, id)).length,
    answered: SDASH_ITEM_IDS.filter((id) => single(answers, id) !== undefined).length,
  };
}

const LEVEL_RANK = { standard: 0, medium: 1, high: 2 } as const;

export const dash: Instrument = {
  code: "dash",
  version: "2026.1",
  name: "Domestic abuse, stalking and harassment risk checklist (DASH) with stalking questions (S-DASH)",
  shortName: "DASH with S-DASH",
  description:
    "The domestic abuse risk checklist, asked of the victim, with the 11 S-DASH stalking questions when there is constant contact or stalking, and the assessor's judgement of risk.",
  agencyTypes: ["police", "isac"],
  // An advocate's DASH is the victim's account: the team sees the summary line; full detail by explicit share.
  defaultSharing: "summary",
  sections: [
    {
      id: "dash",
      title: "Risk checklist (DASH)",
      help: "Ask every question. Answer 'not known' only when the victim cannot or will not say; do not guess.",
      items: DASH_ITEMS,
    },
    {
      id: "sdash",
      title: "Stalking follow-up (S-DASH)",
      help: "Answer all 11 questions when the victim reports constant contact or stalking.",
      items: SDASH_ITEMS,
    },
    {
      id: "judgement",
      title: "Assessor's judgement",
      help: "14 or more ticks usually indicates high risk, but your professional judgement decides the level, and can raise it with fewer ticks.",
      items: [
        choice(
          "risk_level",
          "Risk level",
          "Your judgement of the risk of serious harm, from the answers and everything else you know.",
          RISK_LEVEL_OPTIONS,
        ),
        text(
          "rationale",
          "Rationale",
          "Why you reached this level. Needed for high risk, and when there are 14 or more ticks but you judge the risk below high.",
          RATIONALE_MAX,
        ),
      ],
    },
  ],

  rules(answers) {
    const errors: Record<string, string> = {};
    if (isYes(answers, "dash_stalking")) {
      for (const item of SDASH_ITEMS) {
        if (single(answers, item.id) === undefined)
          errors[item.id] =
            `Select an answer for ‘${item.shortName}’: the stalking questions are needed when there is constant contact or stalking`;
      }
    }
    const level = asRiskLevel(single(answers, "risk_level"));
    if (level && !hasText(answers, "rationale")) {
      if (level === "high") errors.rationale = "Enter a rationale for the high risk judgement";
      else if (dashTicks(answers) >= DASH_HIGH_RISK_TICKS && LEVEL_RANK[level] < LEVEL_RANK.high)
        errors.rationale =
          "Enter a rationale: 14 or more ticks usually indicates high risk, so explain why the risk is not high";
    }
    return errors;
  },

  riskLevel(answers) {
    return asRiskLevel(single(answers, "risk_level"));
  },

  judgements(answers) {
    return [
      { label: "Risk level", value: labelOf(RISK_LEVEL_OPTIONS, single(answers, "risk_level")) ?? "Not answered" },
    ];
  },

  summaryLine(answers) {
    const level = asRiskLevel(single(answers, "risk_level"));
    const sdash = sdashFactors(answers);
    const tail = sdash.answered > 0 ? ` (S-DASH: ${sdash.yes} of ${SDASH_ITEM_IDS.length} stalking factors)` : "";
    return `DASH with S-DASH: ${level ? RISK_LEVEL_LABELS[level] : "risk not yet judged"}${tail}`;
  },

  prompts(answers) {
    const prompts: string[] = [];
    const level = single(answers, "risk_level");
    if (isYes(answers, "dash_stalking"))
      prompts.push("Constant contact or stalking reported: answer all 11 S-DASH stalking questions");
    if (dashTicks(answers) >= DASH_HIGH_RISK_TICKS) prompts.push("14 or more ticks usually indicates high risk");
    if (["dash_strangle", "dash_threat_to_kill", "dash_weapons"].some((id) => isYes(answers, id)))
      prompts.push(
        "Strangling, threats to kill or use of weapons reported: these are strong markers of serious harm; weigh them in your judgement",
      );
    if (["dash_children_hurt", "dash_children_threatened", "dash_pregnant"].some((id) => isYes(answers, id)))
      prompts.push("Children or an unborn baby may be at risk: consider a safeguarding referral");
    if (isYes(answers, "dash_breach"))
      prompts.push(
        "Breach of bail or an order reported: tell the officer in the case; a breach is a marker of raised risk",
      );
    if (level === "high") prompts.push("High risk: refer to MARAC and agree a safety plan with the victim now");
    return prompts;
  },
};
