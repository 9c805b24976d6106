import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { parseForm } from "~/forms/parse-form";
import {
  addRequirement,
  assertCanEditPlan,
  NewRequirementSchema,
  recommendationFor,
} from "~/services/action-plan.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Add an evidence requirement", data?.errors);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // The recommendation first: an id confirms nothing to someone who may not read the plan (404), then the edit right (403).
  const recommendation = recommendationFor(actor, params.recommendationId ?? "");
  assertCanEditPlan(actor);
  return recommendation;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCanEditPlan(actor);
  const form = parseForm(await request.formData(), NewRequirementSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = addRequirement(actor, params.recommendationId ?? "", form.data);
  if (!result.ok) return data({ errors: result.errors, values: form.data }, { status: 400 });
  throw redirect("/oversight/action-plan?saved=requirement");
}

export default function NewRequirement() {
  const rec = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["number", "requirement", "owner"]} />
        <span className="govuk-caption-l">
          <Link className="govuk-link" to="/oversight/action-plan">
            Action plan
          </Link>
        </span>
        <h1 className="govuk-heading-l">Add an evidence requirement to recommendation {rec.number}</h1>
        <p className="govuk-body">{rec.text}</p>
        <AppForm method="post">
          <TextInput
            name="number"
            label="Requirement number"
            hint={`For example ${rec.number}.1`}
            width="10"
            defaultValue={values?.number}
            error={result?.errors.number}
          />
          <TextArea
            name="requirement"
            label="Evidence requirement"
            hint="What would show progress or completion"
            defaultValue={values?.requirement}
            error={result?.errors.requirement}
          />
          <TextInput
            name="owner"
            label="Owner"
            hint="The role that owns it, not a person's name"
            defaultValue={values?.owner}
            error={result?.errors.owner}
          />
          <Button>Add requirement</Button>
        </AppForm>
      </div>
    </div>
  );
}
