import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { dateValues, formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import { formatDate } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import {
  CUSTOM_FREQUENCY_MAX,
  CUSTOM_FREQUENCY_MIN,
  UPDATE_FREQUENCIES,
  UPDATE_FREQUENCY_LABELS,
  UPDATE_METHOD_LABELS,
  UPDATE_METHODS,
} from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { readUpdatePlan, recordUpdateGiven, saveUpdatePlan, victimCareForm } from "~/services/victim-care.server";

const TITLE = "Agreed updates";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLE}: case ${data.case.reference}` : TITLE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    ...victimCareForm(actor, params.caseId ?? "", "victim_update_plan", readUpdatePlan),
    today: londonToday(new Date()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const values = formValues(await request.formData());
  const given = values.intent === "given";
  const result = given ? recordUpdateGiven(actor, caseId, values) : saveUpdatePlan(actor, caseId, values);
  if (!result.ok)
    return data(
      { intent: given ? "given" : "plan", errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(`/cases/${encodeURIComponent(caseId)}/victim-care?done=${given ? "update_given" : "updates"}#updates`);
}

export default function AgreedUpdates() {
  const { case: c, item, plan, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const b = item?.body;
  const planResult = result?.intent === "plan" ? result : undefined;
  const givenResult = result?.intent === "given" ? result : undefined;
  const standard = b && (UPDATE_FREQUENCIES as readonly string[]).includes(String(b.frequencyDays));
  const f = formValuesFor(planResult, {
    frequency: b ? (standard ? String(b.frequencyDays) : "custom") : undefined,
    customDays: b && !standard ? String(b.frequencyDays) : undefined,
    method: b?.method ?? undefined,
    ...dateValues("agreedOn", b?.agreedOn),
  });
  const g = formValuesFor(givenResult, dateValues("givenOn", today));
  const e = planResult?.errors;
  return (
    <VictimCareFormPage
      c={c}
      title={TITLE}
      errors={result?.errors}
      fieldOrder={["givenOn", "frequency", "customDays", "method", "agreedOn"]}
    >
      {plan ? (
        <>
          <p className="govuk-body" data-testid="next-update">
            Next update due: <strong>{formatDate(plan.nextDueOn)}</strong>
            {plan.lastUpdateOn ? `. Last update given ${formatDate(plan.lastUpdateOn)}.` : ". No update given yet."}
          </p>
          <h2 className="govuk-heading-m">Record an update given</h2>
          <AppForm method="post" key={`given-${item?.version ?? 0}`}>
            <input type="hidden" name="intent" value="given" />
            <DateInput
              name="givenOn"
              legend="When was the victim updated?"
              legendSize="s"
              hint="The next update will be due one interval after this date."
              value={g.date("givenOn")}
              error={givenResult?.errors.givenOn}
            />
            <Button>Record update given</Button>
          </AppForm>
          <h2 className="govuk-heading-m">Change how often and how</h2>
        </>
      ) : (
        <p className="govuk-body">
          Agree with the victim how often they will be updated about their case, and how. The next update is then shown
          on the officer in the case&apos;s home page.
        </p>
      )}
      <AppForm method="post" key={`plan-${item?.version ?? 0}`}>
        <input type="hidden" name="intent" value="plan" />
        <input type="hidden" name="baseVersion" value={item?.version ?? 0} />
        <Radios
          name="frequency"
          legend="How often will the victim be updated?"
          value={f.text("frequency")}
          error={e?.frequency}
          items={UPDATE_FREQUENCIES.map((q) => ({ value: q, text: UPDATE_FREQUENCY_LABELS[q] }))}
        />
        <TextInput
          name="customDays"
          label={`If another number of days, how many? (${CUSTOM_FREQUENCY_MIN} to ${CUSTOM_FREQUENCY_MAX})`}
          inputMode="numeric"
          width="10"
          defaultValue={f.text("customDays")}
          error={e?.customDays}
        />
        <Radios
          name="method"
          legend="How will they be updated?"
          value={f.text("method")}
          error={e?.method}
          items={UPDATE_METHODS.map((m) => ({ value: m, text: UPDATE_METHOD_LABELS[m] }))}
        />
        <DateInput
          name="agreedOn"
          legend="When was this agreed with the victim?"
          hint="For example, 27 3 2026"
          value={f.date("agreedOn")}
          error={e?.agreedOn}
        />
        <Button>{plan ? "Save changes" : "Save agreed updates"}</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}
