import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { ErrorSummary } from "~/components/forms";
import { OFFENCE_FIELD_ORDER, OffenceForm } from "~/components/offence-form";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { newOffencePage, recordOffence } from "~/services/offences.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Add an offence: case ${data.case.reference}` : "Add an offence");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newOffencePage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = recordOffence(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/offences`);
}

export default function NewOffence() {
  const { case: c } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <CaseHeader c={c} title="Add an offence" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={OFFENCE_FIELD_ORDER} />
          <OffenceForm values={result?.values ?? {}} errors={result?.errors} submitText="Save offence" />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}/offences`}>
              Back to offences
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
