import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { parseForm } from "~/forms/parse-form";
import { REQUIREMENT_STATUS_LABELS, REQUIREMENT_STATUSES, RequirementUpdateSchema } from "~/domain/action-plan";
import { assertCanEditPlan, requirementFor, updateRequirement } from "~/services/action-plan.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(`Update requirement ${data?.number ?? ""}`.trim());

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // The requirement first: its id confirms nothing to someone who may not read the plan (404), then the edit right (403).
  const requirement = requirementFor(actor, params.requirementId ?? "");
  assertCanEditPlan(actor);
  return requirement;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCanEditPlan(actor);
  const id = params.requirementId ?? "";
  const form = parseForm(await request.formData(), RequirementUpdateSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values, conflict: null }, { status: 400 });
  const result = updateRequirement(actor, id, form.data);
  if (!result.ok) {
    // Keep what this person typed, against the version now saved, so saving again is a deliberate choice.
    const values = {
      ...form.data,
      percent: String(form.data.percent),
      version: String(result.conflict?.version ?? form.data.version),
    };
    return data({ errors: result.errors, values, conflict: result.conflict ?? null }, { status: 409 });
  }
  throw redirect("/oversight/action-plan?saved=requirement");
}

export default function EditRequirement() {
  const q = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result?.values ?? {
    owner: q.owner,
    update: q.update,
    status: q.status,
    percent: String(q.percent),
    version: String(q.version),
  }) as Record<string, string>;
  const conflict = result?.conflict;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["version", "owner", "update", "status", "percent"]} />
        <span className="govuk-caption-l">
          <Link className="govuk-link" to="/oversight/action-plan">
            Action plan
          </Link>
        </span>
        <h1 className="govuk-heading-l">Update requirement {q.number}</h1>
        <p className="govuk-body">
          <strong>Recommendation {q.recommendation.number}:</strong> {q.recommendation.text}
        </p>
        <p className="govuk-body">{q.requirement}</p>
        {conflict ? (
          <div className="govuk-inset-text" id="version" data-testid="conflict">
            <h2 className="govuk-heading-s">
              Saved by someone else{conflict.updatedOn ? ` on ${formatDate(conflict.updatedOn)}` : ""}
            </h2>
            <p className="govuk-body">Owner: {conflict.owner}</p>
            <p className="govuk-body">Update: {conflict.update || "none"}</p>
            <p className="govuk-body">
              Status: {conflict.statusLabel}, {conflict.percent}% complete
            </p>
          </div>
        ) : null}
        <AppForm method="post">
          <input type="hidden" name="version" value={values.version} />
          <TextInput name="owner" label="Owner" defaultValue={values.owner} error={result?.errors.owner} />
          <TextArea
            name="update"
            label="Update"
            hint="What has been done and what is next. The date of the update is set to today."
            defaultValue={values.update}
            error={result?.errors.update}
          />
          <Radios
            name="status"
            legend="Status"
            value={values.status}
            error={result?.errors.status}
            items={REQUIREMENT_STATUSES.map((s) => ({ value: s, text: REQUIREMENT_STATUS_LABELS[s] }))}
          />
          <TextInput
            name="percent"
            label="Percentage complete"
            hint="A whole number from 0 to 100"
            width="10"
            inputMode="numeric"
            defaultValue={values.percent}
            error={result?.errors.percent}
          />
          <Button>Save requirement</Button>
        </AppForm>
      </div>
    </div>
  );
}
