import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AGREEMENT_FIELD_ORDER, AgreementForm } from "~/components/agreement-form";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues, parseForm } from "~/forms/parse-form";
import {
  AgreementSchema,
  agreementFormOptions,
  assertCanCreateAgreement,
  createAgreement,
} from "~/services/agreements.server";
import { requireActor } from "~/services/current-user.server";

// The error summary puts "Error: " in front of the title when the form comes back with errors.
export const meta: MetaFunction = () => pageTitle("Add an information sharing agreement");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCanCreateAgreement(actor);
  return { options: agreementFormOptions(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCanCreateAgreement(actor);
  const formData = await request.formData();
  const form = parseForm(formData, AgreementSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = createAgreement(actor, form.data);
  if (!result.ok) return data({ errors: result.errors, values: formValues(formData) }, { status: 400 });
  throw redirect("/admin/agreements?done=added");
}

export default function NewAgreement() {
  const { options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={AGREEMENT_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Add an information sharing agreement</h1>
        <p className="govuk-body">
          The agreement applies from its start date to every member of a case team it reaches, for the signed-off
          records of the sharing agency. Handling caveats still apply: an agreement never reaches past one.
        </p>
        <AgreementForm options={options} values={result?.values} errors={result?.errors} submitText="Add agreement" />
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/agreements">
            Back to agreements
          </Link>
        </p>
      </div>
    </div>
  );
}
