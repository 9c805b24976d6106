import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, HintAndError } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { TIMELINE } from "~/domain/pre-sentence";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { pullStatements, sectionSourcesFor } from "~/services/pre-sentence.server";

// Choosing statements to pull into one section of a draft. The browser sends only "<record id>:<part>" keys;
// the service works out each statement's text and provenance from the record as the author may read it.

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Pull statements into ${data.section.heading}: case ${data.case.reference}` : "Pull statements");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const reportId = params.reportId ?? "";
  return { ...sectionSourcesFor(actor, params.caseId ?? "", reportId, params.section ?? ""), reportId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const reportId = params.reportId ?? "";
  const section = params.section ?? "";
  // The section is the page's, never the form's.
  const result = pullStatements(actor, caseId, reportId, { ...formValues(await request.formData()), section });
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(
    `/cases/${encodeURIComponent(caseId)}/pre-sentence/${encodeURIComponent(reportId)}?done=pulled&open=${encodeURIComponent(section)}#section-${encodeURIComponent(section)}`,
  );
}

export default function PullStatements() {
  const { case: c, section, sources, reportId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const sent = result?.values.sources;
  const chosen = new Set(Array.isArray(sent) ? sent : sent ? [sent] : []);
  const back = `/cases/${c.id}/pre-sentence/${reportId}`;
  const error = errors?.sources;
  const errorId = error ? "sources-error" : undefined;
  // The error summary links to #sources: the first statement that can still be chosen.
  const firstOpen = sources.flatMap((s) => s.parts).find((p) => !p.pulled)?.key;
  return (
    <>
      <ErrorSummary errors={errors} />
      <CaseHeader c={c} title={`Pull statements into “${section.heading}”`} />
      <p className="govuk-body">{section.hint}</p>
      <p className="govuk-body">
        Each statement you add keeps where it came from: the record, the agency, the author and the date. If the record
        changes later, the statement is flagged in the draft.
      </p>
      {sources.length === 0 ? (
        <p className="govuk-body" data-testid="no-sources">
          There are no signed-off records you can see that can be pulled into this section.
        </p>
      ) : (
        <AppForm method="post">
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <h2 className="govuk-heading-m">Choose the statements to add</h2>
            <HintAndError errorId={errorId} error={error} />
            {sources.map((src) => (
              <fieldset
                className="govuk-fieldset govuk-!-margin-bottom-6"
                key={src.recordId}
                aria-describedby={[`source-${src.recordId}-meta`, errorId].filter(Boolean).join(" ")}
                data-testid="source"
              >
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                  {src.title}
                  {src.level === "summary" && src.recordId !== TIMELINE ? (
                    <strong className="govuk-tag govuk-tag--grey app-tag-gap">Summary only</strong>
                  ) : null}
                </legend>
                <div className="govuk-hint" id={`source-${src.recordId}-meta`}>
                  {src.recordId === TIMELINE
                    ? `Drawn from the summary lines of the incidents you can see, recorded by ${src.agency}, last changed ${formatDate(src.date)}.`
                    : `${[src.agency, src.author, formatDate(src.date)].filter(Boolean).join(", ")}.${src.level === "summary" ? " You can see only its summary line." : ""}`}
                </div>
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  {src.parts.map((part) => {
                    const id = part.key === firstOpen ? "sources" : `source-${part.key.replace(/[^0-9a-z-]/gi, "-")}`;
                    return (
                      <div className="govuk-checkboxes__item" key={part.key}>
                        <input
                          className="govuk-checkboxes__input"
                          id={id}
                          name="sources"
                          type="checkbox"
                          value={part.key}
                          disabled={part.pulled}
                          defaultChecked={part.pulled || chosen.has(part.key)}
                          aria-describedby={part.pulled ? `${id}-hint` : undefined}
                        />
                        <label className="govuk-label govuk-checkboxes__label app-multiline" htmlFor={id}>
                          {part.text}
                        </label>
                        {part.pulled ? (
                          <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
                            Already in the draft
                          </div>
                        ) : null}
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            ))}
          </div>
          <div className="govuk-button-group">
            <Button>Add to the draft</Button>
            <Link className="govuk-link" to={back}>
              Back to the draft
            </Link>
          </div>
        </AppForm>
      )}
      {sources.length === 0 ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={back}>
            Back to the draft
          </Link>
        </p>
      ) : null}
    </>
  );
}
