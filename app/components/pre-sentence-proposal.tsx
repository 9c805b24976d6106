import type { ReactNode } from "react";
import { SummaryRow } from "./summary-row";
import { AppForm, Button, Checkboxes, Radios, TextArea, TextInput } from "~/components/forms";
import {
  ANCILLARY_CODES,
  ANCILLARY_ORDERS,
  CURFEW,
  describeProposal,
  proposalFormValues,
  REQUIREMENT_CODES,
  REQUIREMENTS,
  SENTENCE_TYPE_CODES,
  SENTENCE_TYPES,
  type AncillaryType,
  type RequirementType,
  type SentenceProposal,
} from "~/domain/pre-sentence-proposal";

/*
 * The structured proposal on the pre-sentence page (issue 17): read as a sentencer reads it, and the author's form.
 * The form sends every field; the server reads only the chosen sentence's, requirements' and orders' fields.
 */

type Values = Record<string, string | string[]>;

/** The proposal as headed summary lists: the sentence, each requirement, each ancillary order, with rationales. */
export function ProposalSummary({ proposal }: { proposal: SentenceProposal }) {
  const lines = describeProposal(proposal);
  return (
    <div data-testid="sentence-proposal">
      <h3 className="govuk-heading-s">Proposed sentence</h3>
      <dl className="govuk-summary-list">
        <SummaryRow valueClassName="app-multiline" label="Sentence">
          {lines.sentence.label}
        </SummaryRow>
        {lines.sentence.terms ? (
          <SummaryRow valueClassName="app-multiline" label="Terms">
            {lines.sentence.terms}
          </SummaryRow>
        ) : null}
        <SummaryRow valueClassName="app-multiline" label="Rationale">
          {lines.sentence.rationale}
        </SummaryRow>
      </dl>
      <h3 className="govuk-heading-s">Requirements</h3>
      {lines.requirements.length ? null : <p className="govuk-body">None proposed.</p>}
      {lines.requirements.map((r) => (
        <dl className="govuk-summary-list" key={r.label} data-testid="proposal-requirement">
          <SummaryRow valueClassName="app-multiline" label="Requirement">
            {r.label}
          </SummaryRow>
          <SummaryRow valueClassName="app-multiline" label="Terms">
            {r.terms}
          </SummaryRow>
          <SummaryRow valueClassName="app-multiline" label="Rationale">
            {r.rationale}
          </SummaryRow>
        </dl>
      ))}
      <h3 className="govuk-heading-s">Ancillary orders</h3>
      {lines.ancillary.length ? null : <p className="govuk-body">None proposed.</p>}
      {lines.ancillary.map((a) => (
        <dl className="govuk-summary-list" key={a.label} data-testid="proposal-ancillary">
          <SummaryRow valueClassName="app-multiline" label="Order">
            {a.label}
          </SummaryRow>
          {a.terms.length ? (
            <SummaryRow valueClassName="app-multiline" label="Proposed terms">
              <ul className="govuk-list govuk-list--bullet">
                {a.terms.map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            </SummaryRow>
          ) : null}
          {a.duration ? (
            <SummaryRow valueClassName="app-multiline" label="Duration">
              {a.duration}
            </SummaryRow>
          ) : null}
          {a.detail ? (
            <SummaryRow valueClassName="app-multiline" label="Details">
              {a.detail}
            </SummaryRow>
          ) : null}
          <SummaryRow valueClassName="app-multiline" label="Rationale">
            {a.rationale}
          </SummaryRow>
        </dl>
      ))}
    </div>
  );
}

const UNITS = [
  { value: "days", text: "Days" },
  { value: "weeks", text: "Weeks" },
  { value: "months", text: "Months" },
];

/** The author's form. `sent` and `errors` are the last refused submission's, if it was this form's. */
export function ProposalForm({
  proposal,
  sent,
  errors,
  offerContactOverride,
  contactOverride,
}: {
  proposal: SentenceProposal | null;
  sent: Values | null;
  errors: Record<string, string>;
  offerContactOverride: boolean;
  contactOverride: ReactNode;
}) {
  const v: Values = sent ?? (proposal ? proposalFormValues(proposal) : {});
  const one = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const many = (name: string) =>
    Array.isArray(v[name]) ? (v[name] as string[]) : typeof v[name] === "string" && v[name] ? [v[name] as string] : [];
  const input = (name: string, label: string, hint?: string) => (
    <TextInput
      name={name}
      label={label}
      hint={hint}
      inputMode="numeric"
      width="10"
      defaultValue={one(name)}
      error={errors[name]}
    />
  );
  const area = (name: string, label: string, hint?: string) => (
    <TextArea name={name} label={label} hint={hint} rows={3} defaultValue={one(name)} error={errors[name]} />
  );
  const custodial = (prefix: "custody" | "suspended") => (
    <>
      {input(`${prefix}Term`, prefix === "custody" ? "Custodial term" : "Custodial term to be suspended")}
      <Radios
        name={`${prefix}Unit`}
        legend={prefix === "custody" ? "Custodial term in" : "Term to be suspended in"}
        legendSize="s"
        inline
        value={one(`${prefix}Unit`)}
        error={errors[`${prefix}Unit`]}
        items={UNITS}
      />
    </>
  );
  const sentenceFields: Record<string, ReactNode> = {
    community_order: input("orderMonths", "Length of the order in months", "Up to 36 months"),
    suspended_sentence_order: (
      <>
        {custodial("suspended")}
        {input(
          "suspendedMonths",
          "Suspended for how many months",
          "At least 6 months; the requirements must be completed within it",
        )}
      </>
    ),
    custody: custodial("custody"),
    conditional_discharge: input("dischargeMonths", "Period of the discharge in months", "Up to 36 months"),
  };
  const requirementFields = (code: RequirementType) => {
    const def = REQUIREMENTS[code];
    const f = (x: string) => `${code}-${x}`;
    const bounds = def.measure.max ? `From ${def.measure.min} to ${def.measure.max}` : undefined;
    return (
      <>
        {input(f("amount"), `${def.label}: ${def.measure.label.toLowerCase()}`, bounds)}
        {code === "curfew" ? (
          <>
            {input(
              f("hours"),
              "Hours a day",
              `${CURFEW.minHoursADay} to ${CURFEW.maxHoursADay}, and no more than ${CURFEW.maxHoursAWeek} hours in any 7 days`,
            )}
            {input(f("days"), "Days a week")}
          </>
        ) : null}
        {def.detail ? area(f("detail"), def.detail) : null}
        {code === "curfew" || code === "exclusion" ? (
          <Checkboxes
            name={f("monitoring")}
            legend="Electronic monitoring"
            legendSize="s"
            values={many(f("monitoring"))}
            items={[{ value: "yes", text: `Propose electronic monitoring of the ${code}` }]}
          />
        ) : null}
        {area(f("rationale"), `Why you propose the ${def.label.toLowerCase()}`)}
      </>
    );
  };
  const ancillaryFields = (code: AncillaryType) => {
    const f = (x: string) => `${code}-${x}`;
    if (code === "restraining_order")
      return (
        <>
          {area(
            f("terms"),
            "Proposed terms, one on each line",
            'Describe places without their address, for example "not to enter the area shown on the map held by the court"',
          )}
          <Radios
            name={f("until")}
            legend="How long"
            legendSize="s"
            value={one(f("until"))}
            error={errors[f("until")]}
            items={[
              { value: "further_order", text: "Until further order" },
              {
                value: "months",
                text: "For a number of months",
                conditional: input(f("months"), "Restraining order: number of months"),
              },
            ]}
          />
          {area(f("rationale"), "Why you propose a restraining order")}
        </>
      );
    return (
      <>
        {area(f("detail"), code === "deprivation_order" ? "The property" : "What the compensation is for (optional)")}
        {area(f("rationale"), `Why you propose the ${ANCILLARY_ORDERS[code].split(" (")[0]!.toLowerCase()}`)}
      </>
    );
  };
  return (
    <AppForm method="post">
      <input type="hidden" name="intent" value="sentence_proposal" />
      <input type="hidden" name="section" value="proposal" />
      <Radios
        name="sentence"
        legend="What sentence do you propose?"
        value={one("sentence")}
        error={errors.sentence}
        items={SENTENCE_TYPE_CODES.map((code) => ({
          value: code,
          text: SENTENCE_TYPES[code],
          conditional: sentenceFields[code],
        }))}
      />
      {area("sentenceRationale", "Why you propose this sentence")}
      <Checkboxes
        name="requirements"
        legend="Requirements"
        hint="With a community order or a suspended sentence order. Select all you propose."
        values={many("requirements")}
        error={errors.requirements}
        items={REQUIREMENT_CODES.map((code) => ({
          value: code,
          text: REQUIREMENTS[code].label,
          conditional: requirementFields(code),
        }))}
      />
      <Checkboxes
        name="ancillary"
        legend="Ancillary orders"
        hint="Select any you propose for the court to consider."
        values={many("ancillary")}
        error={errors.ancillary}
        items={ANCILLARY_CODES.map((code) => ({
          value: code,
          text: ANCILLARY_ORDERS[code],
          conditional: ancillaryFields(code),
        }))}
      />
      {offerContactOverride ? contactOverride : null}
      <Button secondary>Save the proposal</Button>
    </AppForm>
  );
}
