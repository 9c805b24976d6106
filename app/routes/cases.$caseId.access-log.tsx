import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { caseAccessLog } from "~/services/audit-log.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Who has seen case ${data.case.reference}` : "Who has seen this case");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return caseAccessLog(actor, params.caseId ?? "");
}

export default function CaseAccessLog() {
  const { case: c, people, canOpenCase, canSearchAudit } = useLoaderData<typeof loader>();
  return (
    <>
      {canOpenCase ? (
        <Link className="govuk-back-link" to={`/cases/${c.id}`}>
          Back to case {c.reference}
        </Link>
      ) : canSearchAudit ? (
        <Link className="govuk-back-link" to="/audit">
          Back to the audit log
        </Link>
      ) : null}
      <span className="govuk-caption-l">
        Case {c.reference}, led by {c.leadAgency}
      </span>
      <h1 className="govuk-heading-l">Who has seen this case</h1>
      <p className="govuk-body">
        Everyone who opened, tried to open or changed this case or its records, from the audit log. Refused attempts are
        counted too.
      </p>
      {people.length === 0 ? (
        <p className="govuk-body">Nobody has opened this case yet.</p>
      ) : (
        <table className="govuk-table app-audit-table" data-testid="case-access">
          <caption className="govuk-table__caption govuk-visually-hidden">
            People who accessed case {c.reference}, most recent first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Person
              </th>
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Times seen
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Refused
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Changes
              </th>
              <th scope="col" className="govuk-table__header">
                Last access
              </th>
              <th scope="col" className="govuk-table__header">
                Emergency access
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {people.map((p) => (
              <tr className="govuk-table__row" key={p.userId}>
                <td className="govuk-table__cell">{p.name}</td>
                <td className="govuk-table__cell">{p.agency ?? ""}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.seen}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.refused}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.changes}</td>
                <td className="govuk-table__cell">{formatDateTime(p.lastAt)}</td>
                <td className="govuk-table__cell">
                  {p.breakGlass ? <strong className="govuk-tag govuk-tag--red">Break-glass</strong> : "No"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
