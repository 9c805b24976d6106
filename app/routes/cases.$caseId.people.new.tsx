import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { PERSON_FIELD_ORDER, PersonFields } from "~/components/person-fields";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { addParty, newPartyForm } from "~/services/people.server";

const TITLES = { victim: "Add a victim", perpetrator: "Add a perpetrator or suspect" } as const;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLES[data.partyRole]}: case ${data.case.reference}` : "Add a person");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newPartyForm(actor, params.caseId ?? "", new URL(request.url).searchParams.get("role"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = addParty(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/people?done=${result.linked ? "linked" : "added"}`);
}

export default function AddPerson() {
  const { case: c, partyRole, identifierKeys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={PERSON_FIELD_ORDER} />
      <CaseHeader c={c} title={TITLES[partyRole]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            If a PNC, nDelius or NHS number you enter is already held for someone known to the partnership, this case
            will be linked to that one person record rather than creating a second.
          </p>
          <AppForm method="post">
            <input type="hidden" name="partyRole" value={partyRole} />
            <PersonFields
              values={result?.values ?? {}}
              errors={result?.errors}
              identifierKeys={identifierKeys}
              withDetails
            />
            <Button>{partyRole === "victim" ? "Add victim" : "Add perpetrator or suspect"}</Button>
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
