import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner } from "~/components/success-banner";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { myAccessRequests } from "~/services/access-requests.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Your access requests");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const sent = Number(new URL(request.url).searchParams.get("sent"));
  return { requests: myAccessRequests(actor), sent: Number.isInteger(sent) && sent >= 0 && sent < 1000 ? sent : null };
}

const STATUS = {
  pending: { text: "Waiting for a decision", tag: "govuk-tag--yellow" },
  approved: { text: "Approved", tag: "govuk-tag--green" },
  refused: { text: "Refused", tag: "govuk-tag--red" },
} as const;

export default function YourRequests() {
  const { requests, sent } = useLoaderData<typeof loader>();
  return (
    <>
      {sent !== null ? (
        <SuccessBanner
          text={
            sent === 0
              ? "You had already asked for this access. Your earlier request is still waiting for a decision."
              : "Your request has been sent"
          }
        />
      ) : null}
      <h1 className="govuk-heading-l">Your access requests</h1>
      {requests.length === 0 ? (
        <p className="govuk-body">You have not asked for access to anything.</p>
      ) : (
        <table className="govuk-table" data-testid="requests">
          <caption className="govuk-table__caption govuk-visually-hidden">Your access requests</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Asked
              </th>
              <th scope="col" className="govuk-table__header">
                Case
              </th>
              <th scope="col" className="govuk-table__header">
                Your reason
              </th>
              <th scope="col" className="govuk-table__header">
                Outcome
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {requests.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  {r.agency}
                  <br />
                  <span className="govuk-body-s">{formatDateTime(r.createdAt)}</span>
                </td>
                <td className="govuk-table__cell">
                  {r.caseId && r.reference ? (
                    <Link className="govuk-link" to={`/cases/${r.caseId}`}>
                      {r.reference}
                    </Link>
                  ) : (
                    "A case you cannot see yet"
                  )}
                </td>
                <td className="govuk-table__cell app-record-text">{r.reason}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${STATUS[r.status].tag}`}>{STATUS[r.status].text}</strong>
                  {r.decidedAt ? (
                    <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      {formatDateTime(r.decidedAt)}
                    </p>
                  ) : null}
                  {r.decisionNote ? (
                    <p className="govuk-body-s app-record-text govuk-!-margin-bottom-0">{r.decisionNote}</p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/people/search">
          Find a person
        </Link>
      </p>
    </>
  );
}
