import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { ErrorSummary } from "~/components/forms";
import { INCIDENT_FIELD_ORDER, IncidentForm } from "~/components/incident-form";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { editIncident, incidentForEdit } from "~/services/incidents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change incident: case ${data.case.reference}` : "Change incident");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return incidentForEdit(actor, params.caseId ?? "", params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = editIncident(actor, params.caseId ?? "", params.recordId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/incidents`);
}

export default function EditIncident() {
  const { case: c, title, values, caveats, offences, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <CaseHeader c={c} title="Change incident" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={INCIDENT_FIELD_ORDER} />
          <p className="govuk-body">
            {title}. This is version {version}: the earlier version is kept when you save.
          </p>
          <IncidentForm
            values={result?.values ?? values}
            errors={result?.errors}
            caveatsShown={caveats}
            offenceChoices={offences}
            submitText="Save changes"
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}/incidents`}>
              Back to the course of conduct
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
