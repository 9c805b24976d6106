import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseDetailsFields } from "~/components/case-details-fields";
import { AppForm, Button, ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { INITIAL_STATUSES } from "~/domain/case-lifecycle";
import { CASE_STATUS_LABELS } from "~/domain/case-vocabulary";
import { formValues } from "~/forms/parse-form";
import { createCase, newCaseForm } from "~/services/case-lifecycle.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Create a case");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newCaseForm(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createCase(actor, formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${result.id}?done=created`);
}

export default function NewCase() {
  const { leadAgency } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values ?? {};
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const flags = Array.isArray(v.flags) ? v.flags : v.flags ? [v.flags] : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["status", "relationship", "motivation", "flags"]} />
        <span className="govuk-caption-l">Led by {leadAgency}</span>
        <h1 className="govuk-heading-l">Create a case</h1>
        <p className="govuk-body">
          The case gets the next partnership reference. You will be its officer in the case; add the victim, the
          perpetrator and the rest of the team next.
        </p>
        <AppForm method="post">
          <Radios
            name="status"
            legend="Where is the case now?"
            value={text("status")}
            error={result?.errors.status}
            items={INITIAL_STATUSES.map((s) => ({ value: s, text: CASE_STATUS_LABELS[s] }))}
          />
          <CaseDetailsFields
            values={{ relationship: text("relationship"), motivation: text("motivation") ?? "not_known", flags }}
            errors={result?.errors}
          />
          <Button>Create case</Button>
        </AppForm>
        <p className="govuk-body">
          <Link className="govuk-link" to="/cases">
            Back to cases
          </Link>
        </p>
      </div>
    </div>
  );
}
