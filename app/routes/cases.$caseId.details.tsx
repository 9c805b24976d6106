import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseDetailsFields } from "~/components/case-details-fields";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { detailsForm, updateCaseDetails } from "~/services/case-lifecycle.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change case details: case ${data.case.reference}` : "Change case details");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return detailsForm(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = updateCaseDetails(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}?done=details`);
}

export default function ChangeCaseDetails() {
  const { case: c, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values;
  const shown = v
    ? {
        relationship: typeof v.relationship === "string" ? v.relationship : undefined,
        motivation: typeof v.motivation === "string" ? v.motivation : undefined,
        flags: Array.isArray(v.flags) ? v.flags : v.flags ? [v.flags] : [],
      }
    : { relationship: values.relationship, motivation: values.motivation, flags: [...values.flags] };
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={["relationship", "motivation", "flags"]} />
      <CaseHeader c={c} title="Change case details" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <AppForm method="post">
            <CaseDetailsFields values={shown} errors={result?.errors} />
            <Button>Save changes</Button>
          </AppForm>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}`}>
              Back to the case
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
