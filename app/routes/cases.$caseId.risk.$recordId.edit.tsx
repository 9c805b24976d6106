import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentPrompts } from "~/components/assessment-view";
import { CaseHeader } from "~/components/case-header";
import { ErrorSummary } from "~/components/forms";
import { InstrumentForm } from "~/components/instrument-form";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { assessmentForm } from "~/services/risk-assessment-views.server";
import { saveAssessment } from "~/services/risk-assessments.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.instrument.name}: case ${data.case.reference}` : "Risk assessment");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return assessmentForm(actor, params.caseId ?? "", params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const recordId = params.recordId ?? "";
  const values = formValues(await request.formData());
  const intent = values.intent;
  const result = saveAssessment(actor, caseId, recordId, values, intent === "submit");
  if (intent === "autosave")
    return data(
      result.ok
        ? { savedAt: new Date().toISOString(), errors: undefined, values: undefined }
        : { savedAt: undefined, errors: undefined, values: undefined },
      { status: result.ok ? 200 : 400 },
    );
  if (!result.ok) return data({ savedAt: undefined, errors: result.errors, values: result.values }, { status: 400 });
  const here = `/cases/${encodeURIComponent(caseId)}/risk/${encodeURIComponent(recordId)}`;
  throw redirect(result.submitted ? `${here}?done=submitted` : `${here}/edit?saved=1`);
}

export default function EditAssessment() {
  const {
    case: c,
    id,
    versionNumber,
    instrument,
    answers,
    prompts,
    returned,
    savedAt,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <CaseHeader c={c} title={`${instrument.name}, version ${versionNumber}`} />
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/risk/${id}`}>
          Back to the assessment
        </Link>
      </p>
      <p className="govuk-body">{instrument.description}</p>
      <p className="govuk-body-s">
        Instrument version {instrument.version}. Only your agency can see this draft until it is countersigned.
      </p>
      {returned ? (
        <div className="govuk-inset-text" data-testid="returned">
          Returned for changes{returned.at ? ` on ${formatDateTime(returned.at)}` : ""}: {returned.reason}
        </div>
      ) : null}
      <AssessmentPrompts prompts={prompts} />
      <InstrumentForm
        instrument={instrument}
        answers={answers}
        values={result?.values}
        errors={result?.errors}
        savedAt={savedAt}
      />
    </>
  );
}
