import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { pageTitle } from "~/components/page-title";
import { WithheldValue } from "~/components/withheld";
import { formatDateTime } from "~/domain/dates";
import { caseOverviewOrEmergencyAccess } from "~/services/break-glass.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Case ${data.case.reference}` : "Case");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return caseOverviewOrEmergencyAccess(actor, params.caseId ?? "");
}

export default function CasePage() {
  const { case: c, team, records, viaBreakGlass, canSeeAccessLog } = useLoaderData<typeof loader>();
  return (
    <>
      {viaBreakGlass ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You are viewing this case with emergency access. Every view is recorded and will be reviewed.
          </strong>
        </div>
      ) : null}
      <span className="govuk-caption-l">Led by {c.leadAgency}</span>
      <h1 className="govuk-heading-l">Case {c.reference}</h1>
      <p className="govuk-body">
        <strong className="govuk-tag govuk-tag--blue">{c.status}</strong>
        {c.referredForCharging ? <strong className="govuk-tag govuk-tag--purple app-tag-gap">Referred for charging</strong> : null}
      </p>
      <div className="govuk-button-group">
        <Link to={`/cases/${c.id}/records/new`} className="govuk-button govuk-button--secondary">
          Add information
        </Link>
      </div>
      {canSeeAccessLog ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/cases/${c.id}/access-log`}>
            Who has seen this case
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Case team</h2>
      <ul className="govuk-list" data-testid="team">
        {team.map((m) => (
          <li key={m.userId}>
            {m.name}, {m.roleInCase} ({m.agency})
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Information you can see</h2>
      {records.length === 0 ? <p className="govuk-body">There is no information on this case for you to see.</p> : null}
      {records.map((r) => (
        <div className="govuk-summary-card" key={r.id} data-testid="record">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{r.title}</h3>
            {r.canShare ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/records/${r.id}/share`}>
                    Share<span className="govuk-visually-hidden"> {r.title}</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Kind of information</dt>
                <dd className="govuk-summary-list__value">{r.categoryLabel}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Summary</dt>
                <dd className="govuk-summary-list__value">{r.summary}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Details</dt>
                <dd className="govuk-summary-list__value">
                  {isWithheld(r.body) ? <WithheldValue value={r.body} requestHref={`/cases/${c.id}/request-access?agency=${r.ownerAgencyId}`} /> : <span className="app-record-text">{String(r.body.text ?? "")}</span>}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Recorded by</dt>
                <dd className="govuk-summary-list__value">
                  {r.level === "full" ? `${r.author}, ` : ""}
                  {r.ownerAgency}, {formatDateTime(r.updatedAt)}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Handling</dt>
                <dd className="govuk-summary-list__value">
                  {r.marking}
                  {r.caveats.length ? `; ${r.caveats.join(", ")}` : ""}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
