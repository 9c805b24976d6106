import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { ErrorSummary } from "~/components/forms";
import { OFFENCE_FIELD_ORDER, OffenceForm } from "~/components/offence-form";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { offenceForEdit, updateOffence } from "~/services/offences.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change offence: case ${data.case.reference}` : "Change offence");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return offenceForEdit(actor, params.caseId ?? "", params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = updateOffence(actor, params.caseId ?? "", params.recordId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/offences`);
}

export default function EditOffence() {
  const { case: c, title, values, lastDayToCharge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <CaseHeader c={c} title="Change offence" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={OFFENCE_FIELD_ORDER} />
          <p className="govuk-body">
            {title}
            {lastDayToCharge ? `. Last day to charge: ${formatDate(lastDayToCharge)}` : ""}.
          </p>
          <OffenceForm values={result?.values ?? values} errors={result?.errors} submitText="Save changes" />
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
