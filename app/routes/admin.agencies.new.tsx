import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { AGENCY_TYPE_LABELS, AGENCY_TYPES } from "~/domain/agencies";
import { parseForm } from "~/forms/parse-form";
import { assertCanCreateAgency, createAgency, NewAgencySchema } from "~/services/agencies.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Add an agency", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCanCreateAgency(actor);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), NewAgencySchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = createAgency(actor, form.data);
  if (!result.ok) return data({ errors: result.errors, values: form.data }, { status: 400 });
  throw redirect(`/admin/agencies/${result.id}`);
}

export default function NewAgency() {
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["name", "type"]} />
        <h1 className="govuk-heading-l">Add an agency</h1>
        <AppForm method="post">
          <TextInput name="name" label="Agency name" defaultValue={values?.name} error={result?.errors.name} />
          <Radios
            name="type"
            legend="Type of agency"
            value={values?.type}
            error={result?.errors.type}
            items={AGENCY_TYPES.map((t) => ({ value: t, text: AGENCY_TYPE_LABELS[t] }))}
          />
          <Button>Add agency</Button>
        </AppForm>
      </div>
    </div>
  );
}
