import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { countersignPage, decideSubmission } from "~/services/countersign.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Countersign ${data.shortName}, version ${data.versionNumber}: case ${data.caseReference}` : "Countersign an assessment");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return countersignPage(actor, params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const result = decideSubmission(actor, params.recordId ?? "", values);
  if (!result.ok) return data({ intent: values.intent === "return" ? "return" : "countersign", errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/countersign?done=${values.intent === "return" ? "returned" : "countersigned"}`);
}

export default function CountersignAssessment() {
  const p = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reason = result?.intent === "return" && typeof result.values.reason === "string" ? result.values.reason : undefined;
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <span className="govuk-caption-l">Case {p.caseReference}</span>
      <h1 className="govuk-heading-l">
        Countersign {p.shortName}, version {p.versionNumber}
      </h1>
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to="/countersign">
          Waiting for your countersignature
        </Link>
      </p>
      <dl className="govuk-summary-list" data-testid="assessment">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Instrument</dt>
          <dd className="govuk-summary-list__value">{p.instrument}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="assessment-state">
            {p.stateLabel}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Agency and author</dt>
          <dd className="govuk-summary-list__value">
            {p.ownerAgency}, {p.author}
          </dd>
        </div>
        {p.submittedAt ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Submitted</dt>
            <dd className="govuk-summary-list__value">{formatDateTime(p.submittedAt)}</dd>
          </div>
        ) : null}
      </dl>

      {p.canDecide ? (
        <section className="app-no-print" data-testid="countersign">
          <h2 className="govuk-heading-m">Countersign</h2>
          <p className="govuk-body">Countersigning signs the assessment off: it is then shared as the instrument, the sharing agreements and any shares of earlier versions allow, and can no longer be changed.</p>
          <AppForm method="post">
            <Button name="intent" value="countersign">
              Countersign and sign off
            </Button>
          </AppForm>
          <AppForm method="post">
            <TextArea name="reason" label="Or return it to the author: what needs to change" labelSize="s" defaultValue={reason} error={result?.intent === "return" ? result.errors.reason : undefined} rows={3} />
            <Button name="intent" value="return" secondary>
              Return for changes
            </Button>
          </AppForm>
        </section>
      ) : (
        <p className="govuk-inset-text">You wrote or submitted this assessment, so another supervisor in your agency must countersign it.</p>
      )}

      {p.judgements.length ? (
        <>
          <h2 className="govuk-heading-m">Summary judgements</h2>
          <dl className="govuk-summary-list" data-testid="judgements">
            {p.judgements.map((j) => (
              <div className="govuk-summary-list__row" key={j.label}>
                <dt className="govuk-summary-list__key">{j.label}</dt>
                <dd className="govuk-summary-list__value">{j.value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {p.prompts.length ? (
        <div className="govuk-inset-text" data-testid="prompts">
          <h2 className="govuk-heading-s">Prompts</h2>
          <ul className="govuk-list govuk-list--bullet">
            {p.prompts.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.sections.map((s) => (
        <section key={s.title}>
          <h2 className="govuk-heading-m">{s.title}</h2>
          <dl className="govuk-summary-list">
            {s.answers.map((a) => (
              <div className="govuk-summary-list__row" key={a.itemId}>
                <dt className="govuk-summary-list__key">{a.shortName}</dt>
                <dd className="govuk-summary-list__value app-multiline">{a.answer}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
