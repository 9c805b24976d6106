import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WarningText } from "~/components/warning-text";
import { WithheldValue } from "~/components/withheld";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { lowerPriority } from "~/services/breaches.server";
import { requireActor } from "~/services/current-user.server";
import { ordersPage } from "~/services/orders-page.server";

const DONE = {
  order: "Protective order recorded",
  breach: "Breach recorded: the case team has been told and a risk review task set",
  spo: "Stalking protection order consideration recorded",
  priority: "Priority returned to standard",
};

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Offences and orders, case ${data.case.reference}` : "Offences and orders");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...ordersPage(actor, params.caseId ?? ""), done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = lowerPriority(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/orders?done=priority`);
}

const STATUS_TAG: Record<string, string> = {
  granted: "govuk-tag--green",
  varied: "govuk-tag--green",
  applied: "govuk-tag--blue",
  hearing_listed: "govuk-tag--blue",
  refused: "govuk-tag--red",
  expired: "govuk-tag--grey",
  discharged: "govuk-tag--grey",
};

export default function OrdersPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/cases/${d.case.id}`;
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={["reason"]} />
      {!result?.errors ? <SuccessBanner text={d.done} /> : null}
      <CaseHeader c={d.case} title="Offences and orders" />

      {d.priority.raised ? (
        <section aria-labelledby="priority-heading" data-testid="priority-panel">
          <h2 className="govuk-heading-m" id="priority-heading">
            Priority
          </h2>
          <WarningText>Priority raised{d.priority.reason ? `: ${d.priority.reason}` : ""}</WarningText>
          {d.priority.canLower ? (
            <details className="govuk-details" open={Boolean(result?.errors)}>
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Priority reviewed: return to standard</span>
              </summary>
              <div className="govuk-details__text">
                <AppForm method="post">
                  <TextArea
                    name="reason"
                    label="Why can the priority return to standard?"
                    hint="Say what the risk review found. This is kept with the case."
                    error={result?.errors.reason ?? result?.errors.form}
                    defaultValue={typeof result?.values.reason === "string" ? result.values.reason : undefined}
                    rows={3}
                  />
                  <Button secondary>Return priority to standard</Button>
                </AppForm>
              </div>
            </details>
          ) : null}
        </section>
      ) : d.priority.reason ? (
        <p className="govuk-body" data-testid="priority-reviewed">
          Priority is standard. {d.priority.reason}
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Stalking protection order consideration</h2>
      {d.latestSpo ? (
        <dl className="govuk-summary-list" data-testid="latest-spo">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Decision</dt>
            <dd className="govuk-summary-list__value">{d.latestSpo.decisionLabel}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Considered by</dt>
            <dd className="govuk-summary-list__value">
              {d.latestSpo.consideredBy} on {formatDate(d.latestSpo.consideredOn)}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Rationale</dt>
            <dd className="govuk-summary-list__value app-record-text">{d.latestSpo.rationale}</dd>
          </div>
        </dl>
      ) : (
        <WarningText testId="spo-not-considered">
          A stalking protection order has not yet been considered on this case.
          {d.spoOverdue ? ` It should be considered within ${d.spoDays} days of the case being opened.` : ""}
        </WarningText>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`${base}/spo-consideration`}>
          {d.canRecordSpo
            ? "Record a stalking protection order consideration"
            : "Stalking protection order considerations on this case"}
        </Link>
      </p>

      <h2 className="govuk-heading-m">Protective orders</h2>
      {d.canRecordOrder ? (
        <div className="govuk-button-group">
          <Link to={`${base}/orders/new`} className="govuk-button govuk-button--secondary">
            Add a protective order
          </Link>
          {d.canRecordBreach ? (
            <Link to={`${base}/breaches/new`} className="govuk-button govuk-button--warning">
              Record a breach
            </Link>
          ) : null}
        </div>
      ) : null}
      {d.orders.length === 0 ? (
        <p className="govuk-body">No protective orders have been recorded on this case.</p>
      ) : null}
      {d.orders.map((o) => (
        <div className="govuk-summary-card" key={o.id} data-testid="order">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{o.title}</h3>
            <ul className="govuk-summary-card__actions">
              <li className="govuk-summary-card__action">
                <Link className="govuk-link" to={`${base}/orders/${o.id}`}>
                  View<span className="govuk-visually-hidden"> {o.title}</span>
                </Link>
              </li>
            </ul>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Status</dt>
                <dd className="govuk-summary-list__value">
                  {isWithheld(o.details) ? (
                    o.summary
                  ) : (
                    <>
                      <strong className={`govuk-tag ${STATUS_TAG[o.details.status] ?? "govuk-tag--grey"}`}>
                        {o.details.statusLabel}
                      </strong>{" "}
                      {o.summary}
                    </>
                  )}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Breach is a criminal offence</dt>
                <dd className="govuk-summary-list__value">{o.breachIsOffence ? "Yes" : "No"}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Prohibitions</dt>
                <dd className="govuk-summary-list__value">
                  {isWithheld(o.details) ? (
                    <WithheldValue value={o.details} requestHref={`${base}/request-access`} />
                  ) : o.details.prohibitions.length ? (
                    <ItemList items={o.details.prohibitions} />
                  ) : (
                    "None recorded"
                  )}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}

      <h2 className="govuk-heading-m">Breaches</h2>
      {d.breaches.length === 0 ? (
        <p className="govuk-body">No breaches have been recorded on this case.</p>
      ) : (
        <table className="govuk-table" data-testid="breaches">
          <caption className="govuk-table__caption govuk-visually-hidden">
            Breaches of protective orders, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Date
              </th>
              <th scope="col" className="govuk-table__header">
                Breach
              </th>
              <th scope="col" className="govuk-table__header">
                What happened
              </th>
              <th scope="col" className="govuk-table__header">
                Police action
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.breaches.map((b) => (
              <tr className="govuk-table__row" key={b.id}>
                <td className="govuk-table__cell">{formatDate(b.occurredOn)}</td>
                <td className="govuk-table__cell">{b.title}</td>
                <td className="govuk-table__cell app-record-text">
                  {isWithheld(b.details) ? (
                    <WithheldValue value={b.details} requestHref={`${base}/request-access`} />
                  ) : (
                    b.details.description
                  )}
                </td>
                <td className="govuk-table__cell">
                  {isWithheld(b.details) ? (
                    <WithheldValue value={b.details} />
                  ) : (
                    `${b.details.policeAction}${b.details.policeActionOn ? `, ${formatDate(b.details.policeActionOn)}` : ""}`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-m">Offences</h2>
      {d.offences.length === 0 ? (
        <p className="govuk-body">There are no offences on this case that you can see.</p>
      ) : (
        <table className="govuk-table" data-testid="offences">
          <caption className="govuk-table__caption govuk-visually-hidden">Offences on this case</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Offence
              </th>
              <th scope="col" className="govuk-table__header">
                Crime reference
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Last day to charge
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.offences.map((o) => (
              <tr className="govuk-table__row" key={o.id}>
                <td className="govuk-table__cell">{o.title}</td>
                <td className="govuk-table__cell">{o.crimeReference ?? "None recorded"}</td>
                <td className="govuk-table__cell">{o.statusLabel}</td>
                <td className="govuk-table__cell">{o.deadline ?? "Not applicable"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="govuk-list">
        {d.canRecordOffence ? (
          <li>
            <Link className="govuk-link" to={`${base}/offences/new`}>
              Add an offence
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="govuk-link" to={`${base}/offences`}>
            All offences and charging deadlines
          </Link>
        </li>
      </ul>
    </>
  );
}

function ItemList({ items }: { items: string[] }) {
  return (
    <ul className="govuk-list govuk-list--bullet">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}
