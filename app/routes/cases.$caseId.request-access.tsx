import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestForm } from "~/components/access-request-form";
import { ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { caseAccessRequestForm, requestAccessToCase } from "~/services/access-requests.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Request access", data?.errors);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const form = caseAccessRequestForm(actor, params.caseId ?? "");
  return { ...form, preselected: new URL(request.url).searchParams.get("agency") ?? undefined };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const result = requestAccessToCase(actor, params.caseId ?? "", values);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/requests?sent=${result.created}`);
}

export default function RequestAccessToCase() {
  const { caseId, reference, agencies, preselected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const chosen =
    typeof result?.values.agency === "string"
      ? result.values.agency
      : agencies.some((a) => a.id === preselected)
        ? preselected
        : undefined;
  const reason = typeof result?.values.reason === "string" ? result.values.reason : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["agency", "reason"]} />
        <span className="govuk-caption-l">Case {reference}</span>
        <h1 className="govuk-heading-l">Request access</h1>
        <p className="govuk-body">
          A supervisor at the agency you ask will decide. If they approve, you will be added to the case team if you are
          not on it already.
        </p>
        <AccessRequestForm
          reasonLabel="Why do you need access?"
          reason={reason}
          error={result?.errors.reason}
          back={{ to: `/cases/${caseId}`, text: "Back to the case" }}
        >
          <Radios
            name="agency"
            legend="Which agency are you asking?"
            value={chosen}
            error={result?.errors.agency}
            items={agencies.map((a) => ({ value: a.id, text: a.name }))}
          />
        </AccessRequestForm>
      </div>
    </div>
  );
}
