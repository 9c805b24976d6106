import { AppForm, Button, TextArea } from "~/components/forms";

type Judgement = { label: string; value: string };
type Section = { title: string; answers: { itemId: string; shortName: string; answer: string }[] };

/** Countersign, or return with a reason: the same two forms on the case's assessment page and the countersigning page. */
export function CountersignForms({
  reason,
  reasonError,
  sharedNote,
}: {
  reason?: string;
  reasonError?: string;
  sharedNote: string;
}) {
  return (
    <section className="app-no-print" data-testid="countersign">
      <h2 className="govuk-heading-m">Countersign</h2>
      <p className="govuk-body">
        Countersigning signs the assessment off: it is then shared as {sharedNote}, and can no longer be changed.
      </p>
      <AppForm method="post">
        <Button name="intent" value="countersign">
          Countersign and sign off
        </Button>
      </AppForm>
      <AppForm method="post">
        <TextArea
          name="reason"
          label="Or return it to the author: what needs to change"
          labelSize="s"
          defaultValue={reason}
          error={reasonError}
          rows={3}
        />
        <Button name="intent" value="return" secondary>
          Return for changes
        </Button>
      </AppForm>
    </section>
  );
}

/** An assessment read in full: its summary judgements, prompts and every answer by section. */
export function AssessmentAnswers({
  judgements,
  prompts,
  sections,
}: {
  judgements: Judgement[] | null;
  prompts: string[];
  sections: Section[] | null;
}) {
  return (
    <>
      {judgements && judgements.length ? (
        <>
          <h2 className="govuk-heading-m">Summary judgements</h2>
          <dl className="govuk-summary-list" data-testid="judgements">
            {judgements.map((j) => (
              <div className="govuk-summary-list__row" key={j.label}>
                <dt className="govuk-summary-list__key">{j.label}</dt>
                <dd className="govuk-summary-list__value">{j.value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <AssessmentPrompts prompts={prompts} />
      {sections
        ? sections.map((s) => (
            <section key={s.title}>
              <h2 className="govuk-heading-m">{s.title}</h2>
              <dl className="govuk-summary-list">
                {s.answers.map((ans) => (
                  <div className="govuk-summary-list__row" key={ans.itemId}>
                    <dt className="govuk-summary-list__key">{ans.shortName}</dt>
                    <dd className="govuk-summary-list__value app-multiline">{ans.answer}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))
        : null}
    </>
  );
}

/** The instrument's prompts for these answers (on the form as it is filled in, and on the assessment). */
export function AssessmentPrompts({ prompts }: { prompts: string[] }) {
  if (!prompts.length) return null;
  return (
    <div className="govuk-inset-text" data-testid="prompts">
      <h2 className="govuk-heading-s">Prompts</h2>
      <ul className="govuk-list govuk-list--bullet">
        {prompts.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
