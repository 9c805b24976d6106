import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { ORDER_LIST_HINT } from "~/domain/order-rules";
import { POLICE_ACTION_LABELS, type PoliceAction } from "~/domain/protective-orders";
import { isoToParts } from "~/forms/date-field";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { ORDER_CHANGES, RENEW_FIELDS, STATUS_FIELDS, VARY_FIELDS, type OrderChange } from "~/forms/order-forms";
import { changeOrder, orderDetail, type OrderState } from "~/services/protective-orders.server";
import { SummaryRow } from "~/components/summary-row";

const DONE = { status: "Order status updated", varied: "Variation recorded", renewed: "Renewal recorded" };
const CHANGE_TITLES: Record<OrderChange, string> = {
  status: "Update status",
  vary: "Vary the order",
  renew: "Renew the order",
};
const FIELDS: Record<OrderChange, string[]> = { status: STATUS_FIELDS, vary: VARY_FIELDS, renew: RENEW_FIELDS };

function changeFrom(value: unknown): OrderChange | null {
  return ORDER_CHANGES.find((c) => c === value) ?? null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `${data.change ? `${CHANGE_TITLES[data.change]}: ` : ""}${data.order.title}, case ${data.case.reference}`
      : "Protective order",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const detail = orderDetail(actor, params.caseId ?? "", params.recordId ?? "");
  const asked = changeFrom(new URL(request.url).searchParams.get("change"));
  // A change the actor may not make, or that does not apply to this order, is simply not offered.
  const change =
    asked === "status" ? (detail.nextStatuses.length ? asked : null) : asked && detail.canVary ? asked : null;
  return { ...detail, change, done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const change = changeFrom(values.intent);
  if (!change)
    return data(
      { errors: { form: "Choose what to change" } as Record<string, string>, values, change: null },
      { status: 400 },
    );
  const result = changeOrder(actor, params.caseId ?? "", params.recordId ?? "", change, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values, change }, { status: 400 });
  throw redirect(
    `/cases/${params.caseId}/orders/${params.recordId}?done=${change === "status" ? "status" : change === "vary" ? "varied" : "renewed"}`,
  );
}

export default function OrderPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const change = result?.change ?? d.change;
  const base = `/cases/${d.case.id}`;
  const here = `${base}/orders/${d.order.id}`;
  const o = d.order;
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={change ? FIELDS[change] : undefined} />
      {!result?.errors ? <SuccessBanner text={d.done} /> : null}
      <CaseHeader c={d.case} title={o.title} />
      <Link className="govuk-back-link" to={`${base}/orders`}>
        Back to offences and orders
      </Link>

      {isWithheld(o.details) ? (
        <dl className="govuk-summary-list">
          <SummaryRow label="Summary">{o.summary}</SummaryRow>
          <SummaryRow label="Details">
            <WithheldValue value={o.details} requestHref={`${base}/request-access`} />
          </SummaryRow>
        </dl>
      ) : (
        <>
          <OrderSummary s={o.details} statusLabel={o.details.statusLabel} breachIsOffence={o.breachIsOffence} />
          {d.lastChange ? (
            <p className="govuk-body-s">
              {d.lastChange.change} by {d.lastChange.by || o.ownerAgency}, {formatDateTime(d.lastChange.at)} (
              {o.ownerAgency})
            </p>
          ) : null}
          {d.nextStatuses.length || d.canVary ? (
            <ul className="govuk-list" aria-label="Change this order">
              {d.nextStatuses.length ? (
                <li>
                  <Link className="govuk-link" to={`${here}?change=status`}>
                    Update status
                  </Link>
                </li>
              ) : null}
              {d.canVary ? (
                <>
                  <li>
                    <Link className="govuk-link" to={`${here}?change=vary`}>
                      Vary the order
                    </Link>
                  </li>
                  <li>
                    <Link className="govuk-link" to={`${here}?change=renew`}>
                      Renew the order
                    </Link>
                  </li>
                </>
              ) : null}
            </ul>
          ) : null}
          {change ? (
            <ChangeForm
              change={change}
              current={o.details}
              nextStatuses={d.nextStatuses}
              errors={result?.errors}
              values={result?.values}
            />
          ) : null}
        </>
      )}

      <h2 className="govuk-heading-m">Breaches of this order</h2>
      {d.breaches.length === 0 ? (
        <p className="govuk-body">No breaches of this order have been recorded.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet" data-testid="order-breaches">
          {d.breaches.map((b) => (
            <li key={b.id}>
              {formatDate(b.occurredOn)}
              {b.policeAction ? `: ${POLICE_ACTION_LABELS[b.policeAction as PoliceAction] ?? b.policeAction}` : ""}
            </li>
          ))}
        </ul>
      )}

      {d.versions.length ? (
        <>
          <h2 className="govuk-heading-m">Earlier versions</h2>
          <p className="govuk-body">Every change keeps the version it replaced.</p>
          {d.versions.map((v) => (
            <details className="govuk-details" key={v.version} data-testid="order-version">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">
                  Version {v.version}: {v.summary}
                </span>
              </summary>
              <div className="govuk-details__text">
                <p className="govuk-body-s">
                  {v.change}
                  {v.changedByName ? ` by ${v.changedByName}` : ""}; replaced {formatDateTime(v.replacedAt)}
                </p>
                <OrderSummary s={v.state} />
              </div>
            </details>
          ))}
        </>
      ) : null}
    </>
  );
}

function Lines({ items }: { items: string[] }) {
  if (!items.length) return <>None recorded</>;
  return (
    <ul className="govuk-list govuk-list--bullet">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

function OrderSummary({
  s,
  statusLabel,
  breachIsOffence,
}: {
  s: OrderState;
  statusLabel?: string;
  breachIsOffence?: boolean;
}) {
  const day = (iso: string | null) => (iso ? formatDate(iso) : "Not recorded");
  return (
    <dl className="govuk-summary-list" data-testid={statusLabel ? "order-details" : undefined}>
      {statusLabel ? <SummaryRow label="Status">{statusLabel}</SummaryRow> : null}
      {breachIsOffence !== undefined ? (
        <SummaryRow label="Breach is a criminal offence">{breachIsOffence ? "Yes" : "No"}</SummaryRow>
      ) : null}
      <SummaryRow label="Application date">{day(s.appliedOn)}</SummaryRow>
      {s.hearingOn ? <SummaryRow label="Hearing date">{day(s.hearingOn)}</SummaryRow> : null}
      <SummaryRow label="Decision date">{day(s.decidedOn)}</SummaryRow>
      {s.refusalReason ? (
        <SummaryRow label="Reasons for refusal">
          <span className="app-record-text">{s.refusalReason}</span>
        </SummaryRow>
      ) : null}
      <SummaryRow label="Prohibitions">
        <Lines items={s.prohibitions} />
      </SummaryRow>
      <SummaryRow label="Positive requirements">
        <Lines items={s.requirements} />
      </SummaryRow>
      <SummaryRow label="Expiry date">{s.expiresOn ? formatDate(s.expiresOn) : "None recorded"}</SummaryRow>
      {s.variedOn ? <SummaryRow label="Last varied">{day(s.variedOn)}</SummaryRow> : null}
      {s.renewedOn ? <SummaryRow label="Last renewed">{day(s.renewedOn)}</SummaryRow> : null}
      {s.endedOn ? <SummaryRow label="Ended">{day(s.endedOn)}</SummaryRow> : null}
    </dl>
  );
}

function ChangeForm({
  change,
  current,
  nextStatuses,
  errors,
  values,
}: {
  change: OrderChange;
  current: OrderState;
  nextStatuses: { value: string; text: string }[];
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
}) {
  const v = values ?? {};
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  // After an error, what was typed; otherwise the current value, so a variation starts from the order as it is.
  const date = (name: string, fallback: string | null = null) =>
    values
      ? { day: text(`${name}-day`), month: text(`${name}-month`), year: text(`${name}-year`) }
      : fallback
        ? isoToParts(fallback)
        : undefined;
  const has = (s: string) => nextStatuses.some((n) => n.value === s);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h2 className="govuk-heading-m">{CHANGE_TITLES[change]}</h2>
        <AppForm method="post" key={change}>
          <input type="hidden" name="intent" value={change} />
          {errors?.form ? (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.form}
            </p>
          ) : null}
          {change === "status" ? (
            <>
              <Radios
                name="status"
                legend="New status"
                value={text("status")}
                error={errors?.status}
                items={nextStatuses}
              />
              {has("hearing_listed") ? (
                <DateInput
                  name="hearingOn"
                  legend="Hearing date"
                  hint="Needed when a hearing is listed."
                  value={date("hearingOn")}
                  error={errors?.hearingOn}
                />
              ) : null}
              {has("granted") || has("refused") ? (
                <>
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
                    hint="Needed when the order was refused."
                    defaultValue={text("refusalReason")}
                    error={errors?.refusalReason}
                    rows={3}
                  />
                  <DateInput
                    name="expiresOn"
                    legend="Expiry date (optional)"
                    hint="For a granted order with an end date."
                    value={date("expiresOn")}
                    error={errors?.expiresOn}
                  />
                </>
              ) : null}
              {has("expired") || has("discharged") ? (
                <DateInput
                  name="endedOn"
                  legend="Date it expired or was discharged"
                  hint="Needed when the order has ended."
                  value={date("endedOn")}
                  error={errors?.endedOn}
                />
              ) : null}
              <Button>Update status</Button>
            </>
          ) : change === "vary" ? (
            <>
              <DateInput
                name="variedOn"
                legend="Date the court varied the order"
                value={date("variedOn")}
                error={errors?.variedOn}
              />
              <TextArea
                name="prohibitions"
                label="Prohibitions as varied"
                hint={ORDER_LIST_HINT}
                defaultValue={values ? text("prohibitions") : current.prohibitions.join("\n")}
                error={errors?.prohibitions}
              />
              <TextArea
                name="requirements"
                label="Positive requirements as varied"
                hint={ORDER_LIST_HINT}
                defaultValue={values ? text("requirements") : current.requirements.join("\n")}
                error={errors?.requirements}
              />
              <DateInput
                name="expiresOn"
                legend="Expiry date (optional)"
                value={date("expiresOn", current.expiresOn)}
                error={errors?.expiresOn}
              />
              <Button>Record variation</Button>
            </>
          ) : (
            <>
              <DateInput
                name="renewedOn"
                legend="Date the court renewed the order"
                value={date("renewedOn")}
                error={errors?.renewedOn}
              />
              <DateInput
                name="expiresOn"
                legend="New expiry date"
                hint={current.expiresOn ? `It now expires on ${formatDate(current.expiresOn)}.` : undefined}
                value={date("expiresOn")}
                error={errors?.expiresOn}
              />
              <Button>Record renewal</Button>
            </>
          )}
        </AppForm>
      </div>
    </div>
  );
}
