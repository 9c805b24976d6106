/*
 * What an email from Concord says (issue 19, decision 0042). Content-free by design: an email tells the person what
 * KIND of thing needs them and links to it; the details are behind the sign-in. It never carries a name, a case
 * detail, a risk level, a case reference or any text from a record, in the subject or the body, because email
 * leaves Concord's control (forwarding rules, shared mailboxes, phones, personal accounts). Every sentence here is
 * fixed text: nothing the caller passes reaches an email except the link, which is built from ids only.
 */

export const EMAIL_KINDS = [
  "meeting_invitation",
  "meeting_changed",
  "meeting_cancelled",
  "agenda_published",
  "shared_with_you",
  "share_updated",
  "countersign_requested",
  "countersigned",
  "returned",
  "psr_sign_off",
  "psr_signed_off",
  "psr_returned",
  "input_requested",
  "input_answered",
  "task_assigned",
  "action_assigned",
  "action_overdue",
  "risk_review",
  "review_due",
  "deadline",
  "breach",
  "added_to_team",
  "clinic_referral",
  "mappa_referral",
  "referral_outcome",
  "access_request_decided",
  "password_link",
  "document_quarantined",
  "retention_reviews_due",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_MODES = ["immediately", "digest", "off"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export const EMAIL_MODE_LABELS: Record<EmailMode, string> = {
  immediately: "Straight away",
  digest: "In my daily summary",
  off: "Do not email me",
};

type KindText = {
  /** The kind as the preferences page lists it. */
  label: string;
  /** The subject line after "Concord: ". */
  subject: string;
  /** One sentence: what is waiting. */
  line: string;
  /** Kinds that cannot be turned off or delayed: someone's work waits on them, or they are the way in. */
  required?: true;
};

export const EMAIL_KIND_TEXT: Record<EmailKind, KindText> = {
  meeting_invitation: {
    label: "Meeting invitations",
    subject: "you are invited to a meeting",
    line: "You are invited to a meeting. Open the invitation to see when and where, and to reply.",
  },
  meeting_changed: {
    label: "Changes to meetings you are invited to",
    subject: "a meeting you are invited to has changed",
    line: "A meeting you are invited to has changed. Open the invitation to see what changed.",
  },
  meeting_cancelled: {
    label: "Cancelled meetings",
    subject: "a meeting you were invited to is cancelled",
    line: "A meeting you were invited to has been cancelled.",
  },
  agenda_published: {
    label: "Meeting papers published",
    subject: "papers for a meeting are ready",
    line: "The papers for a meeting you are invited to are ready.",
  },
  shared_with_you: {
    label: "Something shared with you",
    subject: "something has been shared with you",
    line: "Something has been shared with you.",
  },
  share_updated: {
    label: "Updates to assessments shared with you",
    subject: "something shared with you was updated",
    line: "An assessment shared with you has a new version.",
  },
  countersign_requested: {
    label: "Assessments waiting for your countersignature",
    subject: "an assessment is waiting for your countersignature",
    line: "An assessment is waiting for your countersignature.",
    required: true,
  },
  countersigned: {
    label: "Your assessments countersigned",
    subject: "your assessment was countersigned",
    line: "An assessment you wrote was countersigned.",
  },
  returned: {
    label: "Your assessments returned for changes",
    subject: "your assessment was returned for changes",
    line: "An assessment you wrote was returned for changes.",
  },
  psr_sign_off: {
    label: "Pre-sentence input waiting for your sign-off",
    subject: "pre-sentence input is waiting for your sign-off",
    line: "Pre-sentence input is waiting for your sign-off.",
    required: true,
  },
  psr_signed_off: {
    label: "Your pre-sentence input signed off",
    subject: "your pre-sentence input was signed off",
    line: "Pre-sentence input you wrote was signed off.",
  },
  psr_returned: {
    label: "Your pre-sentence input returned",
    subject: "your pre-sentence input was returned",
    line: "Pre-sentence input you wrote was returned for changes.",
  },
  input_requested: {
    label: "Questions for pre-sentence input",
    subject: "you are asked for input",
    line: "You are asked a question for pre-sentence input.",
  },
  input_answered: {
    label: "Answers to your questions for input",
    subject: "your question for input was answered",
    line: "A question you asked for pre-sentence input has been answered or declined.",
  },
  task_assigned: {
    label: "Tasks assigned to you",
    subject: "a task is assigned to you",
    line: "A task on a case is assigned to you.",
  },
  action_assigned: {
    label: "Meeting actions assigned to you",
    subject: "a meeting action is assigned to you",
    line: "An action from a meeting is assigned to you.",
  },
  action_overdue: {
    label: "Overdue meeting actions",
    subject: "a meeting action is overdue",
    line: "An action from a meeting assigned to you is past its due date.",
  },
  risk_review: {
    label: "Risk reviews needed",
    subject: "a risk review is needed",
    line: "A risk review is needed on a case you work on.",
  },
  review_due: {
    label: "Risk assessment reviews due",
    subject: "a risk assessment review is due",
    line: "A risk assessment you wrote is due for review.",
  },
  deadline: {
    label: "Charging deadlines approaching",
    subject: "a charging deadline is approaching",
    line: "A charging deadline on a case you work on is approaching.",
  },
  breach: {
    label: "Breaches of orders",
    subject: "a breach has been recorded",
    line: "A breach of an order has been recorded on a case you work on.",
  },
  added_to_team: {
    label: "Added to a case team",
    subject: "you were added to a case team",
    line: "You were added to the team of a case.",
  },
  clinic_referral: {
    label: "Clinic referrals",
    subject: "a clinic referral needs you",
    line: "A referral to the stalking clinic needs your attention.",
  },
  mappa_referral: {
    label: "MAPPA referrals",
    subject: "a MAPPA referral needs you",
    line: "A MAPPA referral needs your attention.",
  },
  referral_outcome: {
    label: "Outcomes of your referrals",
    subject: "a referral you made has an outcome",
    line: "A referral you made has been decided or needs more from you.",
  },
  access_request_decided: {
    label: "Your access requests decided",
    subject: "your access request has been decided",
    line: "A request for access you made has been decided.",
  },
  document_quarantined: {
    label: "Files you uploaded that were held back",
    subject: "a file you uploaded was held back",
    line: "A file you uploaded was found to contain malware and has been held back: nobody can open it.",
    required: true,
  },
  retention_reviews_due: {
    label: "Records of your agency due for a retention review",
    subject: "records are due for a retention review",
    line: "Records your agency holds have come due for a retention review. Open the review queue to decide them.",
  },
  password_link: {
    label: "Links to set your password",
    subject: "set your password",
    line: "Use this link to set your password. It works once and expires after 72 hours.",
    required: true,
  },
};

export function isEmailKind(kind: string): kind is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(kind);
}

export function isRequiredKind(kind: EmailKind): boolean {
  return EMAIL_KIND_TEXT[kind].required === true;
}

const FOOTER = [
  "This email says only what kind of thing is waiting for you. The details are in Concord, behind your sign-in.",
  "Do not reply to this email: nobody reads replies.",
];

export type EmailContent = { subject: string; body: string };

/** Joins the configured base URL and one of our own paths (ids only), refusing anything else. */
export function absoluteLink(baseUrl: string, path: string): string {
  const safe = path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/notifications";
  return new URL(safe, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

/** One email for one kind: a fixed sentence, the link, and how to change which emails arrive. */
export function emailFor(kind: EmailKind, link: string, preferencesLink: string): EmailContent {
  const t = EMAIL_KIND_TEXT[kind];
  if (kind === "password_link")
    return {
      subject: `Concord: ${t.subject}`,
      body: [
        t.line,
        "",
        link,
        "",
        "If you did not expect this email, do not use the link: tell your agency's Concord administrator.",
        FOOTER[1]!,
      ].join("\n"),
    };
  const lines = [
    t.line,
    "",
    `Open it in Concord (you will be asked to sign in): ${link}`,
    "",
    ...FOOTER,
    `Choose which emails you get: ${preferencesLink}`,
  ];
  return { subject: `Concord: ${t.subject}`, body: lines.join("\n") };
}

/** A day's items in one email, grouped by kind (each with its links). */
export function digestFor(items: readonly { kind: EmailKind; link: string }[], preferencesLink: string): EmailContent {
  const byKind = new Map<EmailKind, string[]>();
  for (const item of items) byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item.link]);
  const lines = [`${items.length === 1 ? "One thing needs" : `${items.length} things need`} you in Concord.`, ""];
  for (const [kind, links] of byKind) {
    lines.push(`${EMAIL_KIND_TEXT[kind].label} (${links.length}):`);
    for (const link of links) lines.push(`- ${link}`);
    lines.push("");
  }
  lines.push("You will be asked to sign in.", "", ...FOOTER, `Choose which emails you get: ${preferencesLink}`);
  return {
    subject: `Concord: your daily summary (${items.length} ${items.length === 1 ? "item" : "items"})`,
    body: lines.join("\n"),
  };
}
