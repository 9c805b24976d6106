import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { INITIAL_ORDER_STATUSES, ORDER_LIST_HINT } from "~/domain/order-rules";
import { ORDER_STATUS_LABELS, ORDER_TYPE_INFO, ORDER_TYPES } from "~/domain/protective-orders";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { NEW_ORDER_FIELDS } from "~/forms/order-forms";
import { createOrder, newOrderPage } from "~/services/protective-orders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Add a protective order, case ${data.case.reference}` : "Add a protective order");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newOrderPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createOrder(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/orders?done=order`);
}

export default function NewOrder() {
  const { case: c, canRecord } = useLoaderData<typeof loader>();
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
      <ErrorSummary errors={errors} fieldOrder={NEW_ORDER_FIELDS} />
      <CaseHeader c={c} title="Add a protective order" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {!canRecord ? (
            <p className="govuk-body">Only members of the case team can record orders on this case.</p>
          ) : (
            <AppForm method="post">
              <Radios
                name="orderType"
                legend="What kind of order or measure is it?"
                value={text("orderType")}
                error={errors?.orderType}
                items={ORDER_TYPES.map((t) => ({
                  value: t,
                  text: `${ORDER_TYPE_INFO[t].label} (${ORDER_TYPE_INFO[t].breachIsOffence ? "breach is a criminal offence" : "breach is not itself a criminal offence"})`,
                }))}
              />
              <Radios
                name="status"
                legend="Where has it got to?"
                value={text("status")}
                error={errors?.status}
                items={INITIAL_ORDER_STATUSES.map((s) => ({ value: s, text: ORDER_STATUS_LABELS[s] }))}
              />
              <DateInput
                name="appliedOn"
                legend="Application date (optional)"
                hint="Leave blank for an order the court made without an application. For example, 27 3 2026"
                value={date("appliedOn")}
                error={errors?.appliedOn}
              />
              <DateInput
                name="hearingOn"
                legend="Hearing date"
                hint="Needed when a hearing is listed. For example, 14 4 2026"
                value={date("hearingOn")}
                error={errors?.hearingOn}
              />
              <DateInput
                name="decidedOn"
                legend="Date of the court's decision"
                hint="Needed when the order was granted or refused."
                value={date("decidedOn")}
                error={errors?.decidedOn}
              />
              <TextArea
                name="refusalReason"
                label="Reasons for refusal"
                hint="Needed when the order was refused: the court's reasons, in brief."
                defaultValue={text("refusalReason")}
                error={errors?.refusalReason}
                rows={3}
              />
              <TextArea
                name="prohibitions"
                label="Prohibitions"
                hint={`What the person must not do, such as contact by any means or entering an area. ${ORDER_LIST_HINT}`}
                defaultValue={text("prohibitions")}
                error={errors?.prohibitions}
              />
              <TextArea
                name="requirements"
                label="Positive requirements"
                hint={`What the person must do, such as attend a programme. ${ORDER_LIST_HINT}`}
                defaultValue={text("requirements")}
                error={errors?.requirements}
              />
              <DateInput
                name="expiresOn"
                legend="Expiry date (optional)"
                hint="Leave blank if the order has no end date or it is not yet known."
                value={date("expiresOn")}
                error={errors?.expiresOn}
              />
              <Button>Save order</Button>
            </AppForm>
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
