import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestForm } from "~/components/access-request-form";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { recordAccessRequestForm, requestAccessToRecord } from "~/services/access-requests.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Request access to a record", data?.errors);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return recordAccessRequestForm(actor, params.recordId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const result = requestAccessToRecord(actor, params.recordId ?? "", values);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/requests?sent=${result.created}`);
}

/** "Request access" beside one record: which record, the agency that holds it (the one asked), and why. */
export default function RequestAccessToRecord() {
  const f = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reason = typeof result?.values.reason === "string" ? result.values.reason : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["reason"]} />
        <span className="govuk-caption-l">Case {f.reference}</span>
        <h1 className="govuk-heading-l">Request access to a record</h1>
        <dl className="govuk-summary-list" data-testid="requested-record">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Record</dt>
            <dd className="govuk-summary-list__value">
              {f.kind.charAt(0).toUpperCase() + f.kind.slice(1)}
              {f.title ? `: ${f.title}` : ""}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Held by</dt>
            <dd className="govuk-summary-list__value">{f.agencyName}</dd>
          </div>
        </dl>
        <p className="govuk-body">
          A supervisor at {f.agencyName} will decide. If they approve, the record is shared with you, for your work on
          this case.
        </p>
        <AccessRequestForm
          reasonLabel="Why do you need this record?"
          reason={reason}
          error={result?.errors.reason}
          back={{ to: `/cases/${f.caseId}`, text: "Back to the case" }}
        />
      </div>
    </div>
  );
}
