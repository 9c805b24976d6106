import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { parseForm } from "~/forms/parse-form";
import { addRecommendation, assertCanEditPlan, RecommendationSchema } from "~/services/action-plan.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Add a recommendation", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  assertCanEditPlan(await requireActor(request));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCanEditPlan(actor);
  const form = parseForm(await request.formData(), RecommendationSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = addRecommendation(actor, form.data);
  if (!result.ok) return data({ errors: result.errors, values: form.data }, { status: 400 });
  throw redirect("/oversight/action-plan?saved=recommendation");
}

export default function NewRecommendation() {
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["number", "text", "owner"]} />
        <span className="govuk-caption-l">
          <Link className="govuk-link" to="/oversight/action-plan">
            Action plan
          </Link>
        </span>
        <h1 className="govuk-heading-l">Add a recommendation</h1>
        <AppForm method="post">
          <TextInput
            name="number"
            label="Recommendation number"
            hint="As numbered in the report, for example 11"
            width="10"
            inputMode="numeric"
            defaultValue={values?.number}
            error={result?.errors.number}
          />
          <TextArea name="text" label="Recommendation" defaultValue={values?.text} error={result?.errors.text} />
          <TextInput
            name="owner"
            label="Owner"
            hint="The role that owns the recommendation, not a person's name"
            defaultValue={values?.owner}
            error={result?.errors.owner}
          />
          <Button>Add recommendation</Button>
        </AppForm>
      </div>
    </div>
  );
}
