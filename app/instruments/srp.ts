import {
  choice,
  highestLevel,
  labelOf,
  levelFromLowModerateHigh,
  LOW_MODERATE_HIGH,
  NOTES_MAX,
  RATIONALE_MAX,
  RISK_LEVEL_LABELS,
  single,
  text,
} from "./scales";
import type { Answers, Instrument, RiskLevel } from "./types";

// An SRP-structured assessment. The SRP is licensed: we ship the publicly documented structure (relationship
// context, motivational type, four risk domains) with help in our own words; licensed text can be loaded.

export const RELATIONSHIP_OPTIONS = [
  { value: "ex_intimate", label: "Ex-intimate partner" },
  { value: "acquaintance", label: "Acquaintance or professional contact" },
  { value: "stranger", label: "Stranger" },
  { value: "public_figure", label: "Public figure" },
] as const;

export const MOTIVATION_OPTIONS = [
  { value: "rejected", label: "Rejected" },
  { value: "resentful", label: "Resentful" },
  { value: "intimacy_seeking", label: "Intimacy seeking" },
  { value: "incompetent_suitor", label: "Incompetent suitor" },
  { value: "predatory", label: "Predatory" },
] as const;

export const SRP_DOMAINS = [
  {
    id: "srp_violence",
    label: "Violence",
    help: "How likely the stalker is to be physically or sexually violent to the victim or others.",
  },
  { id: "srp_persistence", label: "Persistence", help: "How likely the stalking is to carry on despite intervention." },
  {
    id: "srp_recurrence",
    label: "Recurrence",
    help: "How likely the stalker is to stalk again, this victim or someone new, after stopping.",
  },
  {
    id: "srp_damage",
    label: "Psychosocial damage to the stalker",
    help: "How far the stalking is harming the stalker's own life: work, relationships, health, liberty, including any risk to themselves.",
  },
] as const;

/** The domains that set the overall level; psychosocial damage is about the stalker's own welfare. */
const LEVEL_DOMAINS = ["srp_violence", "srp_persistence", "srp_recurrence"] as const;

export const srp: Instrument = {
  code: "srp",
  version: "2026.1",
  name: "Stalking risk profile (SRP-structured)",
  shortName: "SRP",
  description:
    "Structured judgement of a stalker's relationship to the victim and motivation, and of the risks of violence, persistence, recurrence and psychosocial damage to the stalker.",
  agencyTypes: ["health", "probation"],
  defaultSharing: "team",
  sections: [
    {
      id: "context",
      title: "Context and motivation",
      items: [
        choice(
          "srp_relationship",
          "Relationship context",
          "The stalker's prior relationship with the victim, as it was before the stalking began.",
          RELATIONSHIP_OPTIONS,
        ),
        choice(
          "srp_type",
          "Motivational type",
          "The main reason the stalking started and goes on. Choose the best fit; the motivation can change over time, so review it.",
          MOTIVATION_OPTIONS,
        ),
      ],
    },
    {
      id: "considerations",
      title: "Type-specific considerations",
      help: "What, for this type and context, makes the risk higher or lower in this case.",
      items: [
        text(
          "srp_motivation_notes",
          "Motivation in this case",
          "What the stalker wants, what they say and do, and how it has changed.",
          NOTES_MAX,
        ),
        text(
          "srp_type_risks",
          "Risks for this type",
          "Factors that matter most for this motivational type and relationship, present or absent here.",
          NOTES_MAX,
        ),
        text(
          "srp_protective",
          "Protective factors",
          "Anything likely to help the stalker stop: treatment, support, consequences, changes in circumstances.",
          NOTES_MAX,
        ),
      ],
    },
    {
      id: "judgements",
      title: "Risk judgements",
      help: "Judge each domain low, moderate or high, and give your reasons.",
      items: SRP_DOMAINS.flatMap((d) => [
        choice(d.id, d.label, d.help, LOW_MODERATE_HIGH),
        text(
          `${d.id}_rationale`,
          `Rationale for ${d.label.toLowerCase()}`,
          `Why you judged the risk of ${d.label.toLowerCase()} at this level.`,
          RATIONALE_MAX,
          true,
        ),
      ]),
    },
  ],

  rules() {
    // Everything the SRP needs is a required item.
    return {};
  },

  riskLevel(answers) {
    const levels = LEVEL_DOMAINS.map((id) => levelFromLowModerateHigh(single(answers, id)));
    if (levels.some((l) => l === null)) return null;
    return highestLevel(levels as RiskLevel[]);
  },

  judgements(answers) {
    return SRP_DOMAINS.map((d) => ({
      label: d.label,
      value: labelOf(LOW_MODERATE_HIGH, single(answers, d.id)) ?? "Not answered",
    }));
  },

  summaryLine(answers) {
    const level = srp.riskLevel(answers);
    const v = (id: string) => (labelOf(LOW_MODERATE_HIGH, single(answers, id)) ?? "not judged").toLowerCase();
    return `SRP: ${level ? RISK_LEVEL_LABELS[level] : "risk not yet judged"} (violence: ${v("srp_violence")}; persistence: ${v("srp_persistence")}; recurrence: ${v("srp_recurrence")})`;
  },

  prompts(answers: Answers) {
    const prompts: string[] = [];
    const type = single(answers, "srp_type");
    const relationship = single(answers, "srp_relationship");
    if (type === "rejected" && relationship === "ex_intimate")
      prompts.push("Rejected ex-partner: make sure a DASH with S-DASH is current and the police have this assessment");
    if (type === "predatory")
      prompts.push("Predatory type: check for sexual offending and share this assessment with the police now");
    if (type === "resentful")
      prompts.push(
        "Resentful type: consider who else the grievance may extend to, such as the victim's colleagues or employer",
      );
    if (single(answers, "srp_violence") === "high")
      prompts.push("High risk of violence: tell the case team and agree victim safety measures now");
    if (single(answers, "srp_damage") === "high")
      prompts.push(
        "High psychosocial damage to the stalker: consider their mental health and any risk of self-harm in the plan",
      );
    return prompts;
  },
};
