// The behaviour taxonomy incidents are recorded in, online behaviours included (issue 4, DOMAIN.md).

export const BEHAVIOURS = [
  "messages",
  "calls",
  "social_media_contact",
  "fake_or_alias_accounts",
  "tracking_or_location",
  "image_based_abuse",
  "hacking",
  "turning_up",
  "following",
  "loitering",
  "gifts",
  "contacting_third_parties",
  "threats",
  "property_damage",
  "violence",
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export const BEHAVIOUR_LABELS: Record<Behaviour, string> = {
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
  violence: "Violence",
};

/** Behaviours that happen online (figures: the share of cases with an online element). */
export const ONLINE_BEHAVIOURS: readonly Behaviour[] = [
  "messages",
  "social_media_contact",
  "fake_or_alias_accounts",
  "tracking_or_location",
  "image_based_abuse",
  "hacking",
];

/** Behaviours that mean risk has changed: recording one opens a risk review (issue 5). */
export const ESCALATING_BEHAVIOURS: readonly Behaviour[] = ["threats", "violence"];

export const INCIDENT_SOURCES = ["victim", "witness", "police", "partner_agency"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, string> = {
  victim: "Victim",
  witness: "Witness",
  police: "Police",
  partner_agency: "Partner agency",
};

/** FOUR: fixated, obsessive, unwanted, repeated. */
export const FOUR_INDICATORS = ["fixated", "obsessive", "unwanted", "repeated"] as const;
export type FourIndicator = (typeof FOUR_INDICATORS)[number];
export const FOUR_LABELS: Record<FourIndicator, string> = {
  fixated: "Fixated",
  obsessive: "Obsessive",
  unwanted: "Unwanted",
  repeated: "Repeated",
};
