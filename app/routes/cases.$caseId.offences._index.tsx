import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { OUTCOME_CODE_LABELS, type OUTCOME_CODES } from "~/domain/offences";
import { requireActor } from "~/services/current-user.server";
import { caseOffences } from "~/services/offences.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Offences: case ${data.case.reference}` : "Offences");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return caseOffences(actor, params.caseId ?? "");
}

export default function Offences() {
  const { case: c, offences, canRecord } = useLoaderData<typeof loader>();
  return (
    <>
      <CaseHeader c={c} title="Offences" />
      {canRecord ? (
        <div className="govuk-button-group">
          <Link to={`/cases/${c.id}/offences/new`} className="govuk-button" data-module="govuk-button">
            Add an offence
          </Link>
        </div>
      ) : null}
      {offences.length === 0 ? (
        <p className="govuk-body">There are no offences on this case that you can see.</p>
      ) : (
        offences.map((o) => (
          <div className="govuk-summary-card" key={o.id} data-testid="offence">
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">{o.title}</h2>
              {o.canEdit ? (
                <ul className="govuk-summary-card__actions">
                  <li className="govuk-summary-card__action">
                    <Link className="govuk-link" to={`/cases/${c.id}/offences/${o.id}`}>
                      Change<span className="govuk-visually-hidden"> {o.title}</span>
                    </Link>
                  </li>
                </ul>
              ) : null}
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Status</dt>
                  <dd className="govuk-summary-list__value">{o.statusLabel}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Summary only</dt>
                  <dd className="govuk-summary-list__value">{o.summaryOnly ? "Yes: six-month time limit" : "No"}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Crime reference</dt>
                  <dd className="govuk-summary-list__value">{o.crimeReference ?? "None recorded"}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Incidents linked</dt>
                  <dd className="govuk-summary-list__value" data-testid="linked-incidents">
                    {`${o.incidents} ${o.incidents === 1 ? "incident" : "incidents"}`}
                  </dd>
                </div>
                {o.deadline ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Last day to charge</dt>
                    <dd className="govuk-summary-list__value" data-testid="last-day-to-charge">
                      {o.deadline.lastDayText} ({o.deadline.daysText})
                    </dd>
                  </div>
                ) : null}
                {o.chargedOn ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Charged on</dt>
                    <dd className="govuk-summary-list__value">{formatDate(o.chargedOn)}</dd>
                  </div>
                ) : null}
                {o.outcomeCode ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Crime outcome</dt>
                    <dd className="govuk-summary-list__value">
                      {OUTCOME_CODE_LABELS[o.outcomeCode as (typeof OUTCOME_CODES)[number]] ?? o.outcomeCode}
                    </dd>
                  </div>
                ) : null}
              </dl>
            </div>
          </div>
        ))
      )}
      {offences.some((o) => o.summaryOnly && o.status === "under_investigation" && !o.deadline) ? (
        <p className="govuk-body">
          No incidents are recorded yet, so the last day to charge cannot be worked out. Record the incidents in the
          course of conduct.
        </p>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/incidents`}>
          Course of conduct
        </Link>
      </p>
    </>
  );
}
