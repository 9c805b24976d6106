import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentAnswers, CountersignForms } from "~/components/assessment-view";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { countersignPage, decideSubmission } from "~/services/countersign.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `Countersign ${data.shortName}, version ${data.versionNumber}: case ${data.caseReference}`
      : "Countersign an assessment",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return countersignPage(actor, params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const result = decideSubmission(actor, params.recordId ?? "", values);
  if (!result.ok)
    return data(
      { intent: values.intent === "return" ? "return" : "countersign", errors: result.errors, values: result.values },
      { status: 400 },
    );
  throw redirect(`/countersign?done=${values.intent === "return" ? "returned" : "countersigned"}`);
}

export default function CountersignAssessment() {
  const p = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reason =
    result?.intent === "return" && typeof result.values.reason === "string" ? result.values.reason : undefined;
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
        <CountersignForms
          reason={reason}
          reasonError={result?.intent === "return" ? result.errors.reason : undefined}
          sharedNote="the instrument, the sharing agreements and any shares of earlier versions allow"
        />
      ) : (
        <p className="govuk-inset-text">
          You wrote or submitted this assessment, so another supervisor in your agency must countersign it.
        </p>
      )}

      <AssessmentAnswers judgements={p.judgements} prompts={p.prompts} sections={p.sections} />
    </>
  );
}
