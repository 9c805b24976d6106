import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { TableContainer } from "~/components/table-container";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { listSubjectRights } from "~/services/subject-rights.server";

export const meta: MetaFunction = () => pageTitle("Rectification, objection and restriction requests");

const STATUS_TEXT: Record<string, string> = { open: "Open", accepted: "Accepted", refused: "Refused" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { requests: listSubjectRights(actor), agencyName: actor.agencyName };
}

export default function SubjectRightsRequests() {
  const { requests, agencyName } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{agencyName}</span>
      <h1 className="govuk-heading-l">Rectification, objection and restriction requests</h1>
      <p className="govuk-body">
        A person may ask your agency to correct records about them, to stop using them, or to limit their use. Record
        the request against the records it concerns and decide it within one calendar month of receiving it.
      </p>
      <p className="govuk-body">
        <Link className="govuk-button" to="/subject-rights/new">
          Record a request
        </Link>
      </p>
      {requests.length === 0 ? (
        <p className="govuk-body">There are no requests.</p>
      ) : (
        <TableContainer label="Rectification, objection and restriction requests">
          <table className="govuk-table" data-testid="subject-rights-requests">
            <caption className="govuk-table__caption govuk-visually-hidden">
              Rectification, objection and restriction requests
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Person
                </th>
                <th scope="col" className="govuk-table__header">
                  Asks for
                </th>
                <th scope="col" className="govuk-table__header">
                  Due
                </th>
                <th scope="col" className="govuk-table__header">
                  Records
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {requests.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/subject-rights/${r.id}`}>
                      {r.personName}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{r.rightLabel.split(":")[0]}</td>
                  <td className="govuk-table__cell">
                    {formatDate(r.dueOn)}
                    {r.overdue ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">{r.records}</td>
                  <td className="govuk-table__cell">{STATUS_TEXT[r.status] ?? r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
    </>
  );
}
