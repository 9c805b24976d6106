import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { PERSON_FIELD_ORDER, PersonFields } from "~/components/person-fields";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { editPartyForm, updateParty } from "~/services/people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data ? `Change ${data.values.fullName}'s details: case ${data.case.reference}` : "Change a person's details",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return editPartyForm(actor, params.caseId ?? "", params.personId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = updateParty(actor, params.caseId ?? "", params.personId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/people?done=updated`);
}

export default function ChangePerson() {
  const { case: c, values, identifierKeys, canChangeDetails } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={PERSON_FIELD_ORDER} />
      <CaseHeader c={c} title={`Change ${values.fullName}'s details`} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            This person may be party to other cases too: a change here applies to every case that refers to them.
          </p>
          {canChangeDetails ? null : (
            <p className="govuk-body">
              Their date of birth and identifiers are held by {c.leadAgency} and cannot be changed here.
            </p>
          )}
          <AppForm method="post">
            <PersonFields
              values={result?.values ?? values}
              errors={result?.errors}
              identifierKeys={identifierKeys}
              withDetails={canChangeDetails}
            />
            <Button>Save changes</Button>
          </AppForm>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}/people`}>
              Back to people
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
