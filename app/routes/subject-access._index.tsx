import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { TableContainer } from "~/components/table-container";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { listSubjectAccess } from "~/services/subject-access.server";

export const meta: MetaFunction = () => pageTitle("Subject access requests");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { requests: listSubjectAccess(actor), agencyName: actor.agencyName };
}

export default function SubjectAccessRequests() {
  const { requests, agencyName } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{agencyName}</span>
      <h1 className="govuk-heading-l">Subject access requests</h1>
      <p className="govuk-body">
        A person may ask for the information your agency holds about them. Answer within one calendar month of receiving
        the request (three when it is complex or numerous).
      </p>
      <p className="govuk-body">
        <Link className="govuk-button" to="/subject-access/new">
          Start a request
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/subject-rights">
          Rectification, objection and restriction requests
        </Link>
      </p>
      {requests.length === 0 ? (
        <p className="govuk-body">There are no requests.</p>
      ) : (
        <TableContainer label="Subject access requests">
          <table className="govuk-table" data-testid="subject-access-requests">
            <caption className="govuk-table__caption govuk-visually-hidden">Subject access requests</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Person
                </th>
                <th scope="col" className="govuk-table__header">
                  Received
                </th>
                <th scope="col" className="govuk-table__header">
                  Due
                </th>
                <th scope="col" className="govuk-table__header">
                  Records found
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {requests.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/subject-access/${r.id}`}>
                      {r.personName}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{formatDate(r.receivedOn)}</td>
                  <td className="govuk-table__cell">
                    {formatDate(r.dueOn)}
                    {r.status === "answered" ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--green">Answered</strong>
                      </>
                    ) : null}
                    {r.overdue ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">{r.records}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
    </>
  );
}
