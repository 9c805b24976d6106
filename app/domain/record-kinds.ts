// What kind of record a case record is, in words a notification or list may carry (never its title or content),
// and where on a case its own page is.

const LABELS: Record<string, string> = {
  note: "case note",
  risk_assessment: "risk assessment",
  incident: "incident",
  offence: "offence",
  protective_order: "protective order",
  breach: "breach",
  spo_consideration: "stalking protection order consideration",
  victim_contact: "victim contact record",
  needs_assessment: "needs assessment",
  safety_plan: "safety plan",
  support_referral: "support referral",
  victim_update_plan: "victim update plan",
  victims_code: "Victims' Code record",
  meeting_minutes: "set of meeting minutes",
  pre_sentence_input: "pre-sentence input",
  clinic_review: "clinic review",
  document: "document",
};

/** "risk assessment", "case note"...; "record" for a kind without a label. */
export function recordKindLabel(kind: string): string {
  return LABELS[kind] ?? "record";
}

/** "a risk assessment", "an incident". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

const VICTIM_CARE = new Set([
  "victim_contact",
  "needs_assessment",
  "safety_plan",
  "support_referral",
  "victim_update_plan",
  "victims_code",
]);

/**
 * The record's own page under its case, or null for a kind shown only on another page. A page under /cases/:caseId
 * needs the case itself, so callers link only where the reader may open the case and the record.
 */
export function recordPath(kind: string, caseId: string, recordId: string): string | null {
  const base = `/cases/${encodeURIComponent(caseId)}`;
  const id = encodeURIComponent(recordId);
  switch (kind) {
    case "note":
      return `${base}/notes/${id}`;
    case "risk_assessment":
      return `${base}/risk/${id}`;
    case "incident":
      return `${base}/incidents/${id}`;
    case "offence":
      return `${base}/offences/${id}`;
    case "protective_order":
      return `${base}/orders/${id}`;
    case "document":
      return `${base}/documents/${id}`;
    default:
      return VICTIM_CARE.has(kind) ? `${base}/victim-care` : null;
  }
}
