import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { dateValues, formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import {
  ONLINE_SAFETY_ADVICE,
  ONLINE_SAFETY_ADVICE_LABELS,
  ONLINE_SAFETY_HINT,
  SAFETY_MEASURES_MAX,
} from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { readSafetyPlan, saveSafetyPlan, victimCareForm } from "~/services/victim-care.server";

const TITLE = "Safety plan";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLE}: case ${data.case.reference}` : TITLE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return victimCareForm(actor, params.caseId ?? "", "safety_plan", readSafetyPlan);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = saveSafetyPlan(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok)
    return data(
      { errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/victim-care?done=safety_plan#safety-plan`);
}

export default function SafetyPlan() {
  const { case: c, item } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const b = item?.body;
  const f = formValuesFor(result, {
    measures: b?.measures.join("\n"),
    advice: b?.advice,
    otherAdvice: b?.otherAdvice,
    ...dateValues("reviewOn", b?.reviewOn),
  });
  const e = result?.errors;
  return (
    <VictimCareFormPage
      c={c}
      title={TITLE}
      errors={e}
      fieldOrder={["measures", "advice", "otherAdvice", "reviewOn"]}
      intro={
        <p className="govuk-body">
          Others on the case team see only that a safety plan is in place and when it is next reviewed. Saving replaces
          the plan shown; earlier versions are kept.
        </p>
      }
    >
      <AppForm method="post" key={item?.version ?? 0}>
        <input type="hidden" name="baseVersion" value={item?.version ?? 0} />
        <TextArea
          name="measures"
          label="Safety measures"
          labelSize="m"
          hint={`One measure a line, up to ${SAFETY_MEASURES_MAX}. For example, personal alarm issued.`}
          defaultValue={f.text("measures")}
          error={e?.measures}
          rows={6}
        />
        <Checkboxes
          name="advice"
          legend="Online safety advice given"
          hint={ONLINE_SAFETY_HINT}
          values={f.list("advice")}
          error={e?.advice}
          items={ONLINE_SAFETY_ADVICE.map((a) => ({ value: a, text: ONLINE_SAFETY_ADVICE_LABELS[a] }))}
        />
        <TextArea
          name="otherAdvice"
          label="Other safety advice or notes (optional)"
          defaultValue={f.text("otherAdvice")}
          error={e?.otherAdvice}
          rows={4}
        />
        <DateInput
          name="reviewOn"
          legend="When will the plan be reviewed?"
          hint="For example, 27 4 2026"
          value={f.date("reviewOn")}
          error={e?.reviewOn}
        />
        <Button>Save safety plan</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}
