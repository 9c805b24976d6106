import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import {
  RETENTION_ACTION_LABELS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGER_LABELS,
  RETENTION_TRIGGERS,
} from "~/domain/retention";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { getSchedule, listSchedules, updateSchedule } from "~/services/retention-schedules.server";

export const meta: MetaFunction = () => pageTitle("Change a retention schedule");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const schedule = getSchedule(actor, params.scheduleId ?? "");
  return { schedule, canChange: listSchedules(actor).canChange };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = updateSchedule(actor, params.scheduleId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect("/admin/retention?done=saved");
}

export default function ChangeSchedule() {
  const { schedule: s, canChange } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string>;
  const e = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={e} fieldOrder={["trigger", "periodMonths", "action", "basis"]} />
        <span className="govuk-caption-l">{s.agencyName}</span>
        <h1 className="govuk-heading-l">{s.categoryLabel}</h1>
        {canChange ? (
          <AppForm method="post" noValidate>
            <Radios
              name="trigger"
              legend="The period starts when"
              items={RETENTION_TRIGGERS.map((t) => ({ value: t, text: RETENTION_TRIGGER_LABELS[t] }))}
              value={v.trigger ?? s.trigger}
              error={e?.trigger}
            />
            <TextInput
              name="periodMonths"
              label="Kept for (months)"
              hint="Whole months, at most 1200 (100 years)"
              inputMode="numeric"
              width="10"
              defaultValue={v.periodMonths ?? String(s.periodMonths)}
              error={e?.periodMonths}
            />
            <Radios
              name="action"
              legend="When the period has run, the data protection lead is asked to"
              items={RETENTION_ACTIONS.map((a) => ({ value: a, text: RETENTION_ACTION_LABELS[a] }))}
              value={v.action ?? s.action}
              error={e?.action}
            />
            <TextArea
              name="basis"
              label="The policy the period comes from"
              defaultValue={v.basis ?? s.basis}
              error={e?.basis}
              rows={3}
            />
            <Button>Save the schedule</Button>
          </AppForm>
        ) : (
          <p className="govuk-body">
            Kept for {s.periodMonths} months after {s.triggerLabel.toLowerCase()}, then: {s.actionLabel.toLowerCase()}.{" "}
            {s.basis}
          </p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/retention">
            Back to the retention schedules
          </Link>
        </p>
      </div>
    </div>
  );
}
