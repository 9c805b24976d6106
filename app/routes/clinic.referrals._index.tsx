import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner } from "~/components/success-banner";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { clinicQueue } from "~/services/clinic-referrals.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Clinic referrals");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  return {
    ...clinicQueue(actor, url.searchParams.get("status")),
    done: done === "triaged" ? "Referral triaged: the referrer has been told" : null,
  };
}

export default function ClinicQueue() {
  const { status, statusLabel, referrals, filters, done } = useLoaderData<typeof loader>();
  return (
    <>
      {done ? <SuccessBanner text={done} /> : null}
      <h1 className="govuk-heading-l">Clinic referrals</h1>
      <nav className="moj-sub-navigation" aria-label="Referrals by status">
        <ul className="moj-sub-navigation__list">
          {filters.map((f) => (
            <li className="moj-sub-navigation__item" key={f.value}>
              <Link
                className="moj-sub-navigation__link"
                to={`/clinic/referrals?status=${f.value}`}
                aria-current={f.value === status ? "page" : undefined}
              >
                {f.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {referrals.length === 0 ? (
        <p className="govuk-body" data-testid="empty-queue">
          No referrals: {statusLabel.toLowerCase()}.
        </p>
      ) : (
        <table className="govuk-table" data-testid="clinic-queue">
          <caption className="govuk-table__caption govuk-table__caption--m">{statusLabel}, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Case
              </th>
              <th scope="col" className="govuk-table__header">
                Referred
              </th>
              <th scope="col" className="govuk-table__header">
                Referrer
              </th>
              <th scope="col" className="govuk-table__header">
                Current risk
              </th>
              <th scope="col" className="govuk-table__header">
                Reason
              </th>
              {status === "accepted" ? (
                <th scope="col" className="govuk-table__header">
                  Priority
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {referrals.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/clinic/referrals/${r.id}`}>
                    {r.caseReference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{formatDate(r.createdAt)}</td>
                <td className="govuk-table__cell">
                  {r.referrer}, {r.referrerAgency}
                </td>
                <td className="govuk-table__cell">{r.currentRiskLabel}</td>
                <td className="govuk-table__cell app-record-text">
                  {r.reason.length > 160 ? `${r.reason.slice(0, 157)}...` : r.reason}
                </td>
                {status === "accepted" ? <td className="govuk-table__cell">{r.priorityLabel}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
