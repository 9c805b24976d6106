import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { emergencyAccessPage, requestBreakGlass } from "~/services/break-glass.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Emergency access", data?.errors);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return emergencyAccessPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const reason = (await request.formData()).get("reason");
  const result = requestBreakGlass(actor, params.caseId ?? "", reason);
  if (!result.ok)
    return data({ errors: result.errors, reason: typeof reason === "string" ? reason : "" }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}`);
}

export default function EmergencyAccess() {
  const { caseId, hours, activeUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["reason"]} />
        <h1 className="govuk-heading-l">Emergency access</h1>
        {activeUntil ? (
          <>
            <p className="govuk-body">You have emergency access to this case until {formatDateTime(activeUntil)}.</p>
            <Link className="govuk-button" to={`/cases/${caseId}`}>
              Open the case
            </Link>
          </>
        ) : (
          <>
            <p className="govuk-body">You do not have access to this case.</p>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Use emergency access only if someone may come to harm and you cannot wait for the agency that holds the
                records. You will be able to read the case&apos;s signed-off records for {hours} hours. Every view is
                recorded, and your supervisor or the partnership&apos;s auditor will review why you needed it.
              </strong>
            </div>
            <p className="govuk-body">
              If it can wait,{" "}
              <Link className="govuk-link" to="/people/search">
                find the person
              </Link>{" "}
              and request access from the agency instead.
            </p>
            <AppForm method="post">
              <TextArea
                name="reason"
                label="Why do you need emergency access?"
                labelSize="m"
                hint="Say what the emergency is and why you cannot wait. This is recorded and reviewed. Between 20 and 2,000 characters."
                error={result?.errors.reason}
                defaultValue={result?.reason}
                rows={6}
              />
              <Button warning>Confirm emergency access</Button>
            </AppForm>
          </>
        )}
      </div>
    </div>
  );
}
