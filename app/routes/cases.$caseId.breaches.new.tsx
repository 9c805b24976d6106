import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { POLICE_ACTION_LABELS, POLICE_ACTIONS } from "~/domain/protective-orders";
import { formValues } from "~/forms/parse-form";
import { BREACH_FIELDS } from "~/forms/order-forms";
import { newBreachPage, recordBreach } from "~/services/breaches.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Record a breach, case ${data.case.reference}` : "Record a breach");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newBreachPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = recordBreach(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/orders?done=breach`);
}

export default function NewBreach() {
  const { case: c, canRecord, orders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const date = (name: string) => ({
    day: text(`${name}-day`),
    month: text(`${name}-month`),
    year: text(`${name}-year`),
  });
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={BREACH_FIELDS} />
      <CaseHeader c={c} title="Record a breach" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {!canRecord ? (
            <p className="govuk-body">Only members of the case team can record breaches on this case.</p>
          ) : orders.length === 0 ? (
            <p className="govuk-body">There is no order in force on this case to record a breach against.</p>
          ) : (
            <>
              <p className="govuk-body">
                A breach is a marker of raised risk. Saving it raises the case&apos;s priority, sets a risk review task
                for the case team and tells everyone on the team.
              </p>
              <AppForm method="post">
                <Radios
                  name="orderRecordId"
                  legend="Which order was breached?"
                  value={text("orderRecordId")}
                  error={errors?.orderRecordId}
                  items={orders.map((o) => ({
                    value: o.id,
                    text: `${o.label}${o.decidedOn ? `, made ${formatDate(o.decidedOn)}` : ""}${o.expiresOn ? `, until ${formatDate(o.expiresOn)}` : ""}`,
                  }))}
                />
                <DateInput
                  name="occurredOn"
                  legend="Date of the breach"
                  hint="For example, 27 3 2026"
                  value={date("occurredOn")}
                  error={errors?.occurredOn}
                />
                <TextArea
                  name="description"
                  label="What happened?"
                  hint="Up to 2,000 characters. The whole case team can read this."
                  defaultValue={text("description")}
                  error={errors?.description}
                />
                <Radios
                  name="policeAction"
                  legend="Police action"
                  value={text("policeAction")}
                  error={errors?.policeAction}
                  items={POLICE_ACTIONS.map((a) => ({ value: a, text: POLICE_ACTION_LABELS[a] }))}
                />
                <DateInput
                  name="policeActionOn"
                  legend="Date of the police action"
                  hint="Needed unless the breach is under investigation or no action was taken."
                  value={date("policeActionOn")}
                  error={errors?.policeActionOn}
                />
                <Button warning>Record breach</Button>
              </AppForm>
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}/orders`}>
              Back to offences and orders
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
