import type { ReferralPaper } from "~/services/referral-agenda.server";

/** The referral that brought a case to the meeting: the first of an item's papers, on the item page and live. */
export function ReferralPaperView({ referral, headingLevel = 3 }: { referral: ReferralPaper; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const rows: [string, string][] =
    referral.kind === "clinic"
      ? [
          ["Reason for the referral", referral.reason],
          ["Current risk", referral.currentRisk],
          ["What the clinic is asked to do", referral.ask],
        ]
      : [
          ["MAPPA level", referral.level],
          ["Reason for the referral", referral.reason || "Not given"],
        ];
  return (
    <div data-testid="referral-paper">
      <Heading className="govuk-heading-s">
        {referral.kind === "mappa" && referral.review ? "MAPPA review: the referral" : "The referral"}
      </Heading>
      <p className="govuk-body-s">
        From {referral.from}, {referral.on}
      </p>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        {rows.map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value app-pre-line">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
