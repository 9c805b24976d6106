import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { TodaySection } from "~/components/today";
import { CASE_STATUS_LABELS, caseRoleLabel } from "~/domain/case-vocabulary";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { myWork } from "~/services/my-work.server";

export const meta: MetaFunction = () => pageTitle("My work");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { name: actor.name, ...myWork(actor) };
}

export default function MyWork() {
  const { name, myCases, today, alwaysShown } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-l">My work</h1>
      <TodaySection entries={today} alwaysShown={alwaysShown} />
      <h2 className="govuk-heading-m">Cases you work on</h2>
      {myCases.length === 0 ? (
        <p className="govuk-body" data-testid="no-cases">
          You are not on any case team yet.
        </p>
      ) : (
        <TableContainer label="Cases you work on">
          <table className="govuk-table" data-testid="my-cases">
            <caption className="govuk-table__caption govuk-visually-hidden">Cases you work on</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Reference
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  Your role
                </th>
                <th scope="col" className="govuk-table__header">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {myCases.map((c) => (
                <tr className="govuk-table__row" key={c.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${c.id}`}>
                      {c.reference}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{CASE_STATUS_LABELS[c.status]}</td>
                  <td className="govuk-table__cell">{caseRoleLabel(c.roleInCase)}</td>
                  <td className="govuk-table__cell">{formatDate(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
    </>
  );
}
