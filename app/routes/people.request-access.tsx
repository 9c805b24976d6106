import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestForm } from "~/components/access-request-form";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { personAccessRequestForm, requestAccessForPerson } from "~/services/access-requests.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Request access", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  return personAccessRequestForm(actor, url.searchParams.get("person") ?? "", url.searchParams.get("agency") ?? "");
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const result = requestAccessForPerson(actor, values);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/requests?sent=${result.created}`);
}

export default function RequestAccessForPerson() {
  const { personId, agencyId, agencyName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reason = typeof result?.values.reason === "string" ? result.values.reason : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["reason"]} />
        <span className="govuk-caption-l">{agencyName}</span>
        <h1 className="govuk-heading-l">Request access</h1>
        <p className="govuk-body">
          You are asking {agencyName} for access to their records about a person matching your search. A supervisor at{" "}
          {agencyName} will decide. If they approve, you will be added to the case team.
        </p>
        <AccessRequestForm
          reasonLabel="Why do you need access?"
          reason={reason}
          error={result?.errors.reason ?? result?.errors.person ?? result?.errors.agency}
          back={{ to: "/people/search", text: "Back to find a person" }}
        >
          <input type="hidden" name="person" value={personId} />
          <input type="hidden" name="agency" value={agencyId} />
        </AccessRequestForm>
      </div>
    </div>
  );
}
