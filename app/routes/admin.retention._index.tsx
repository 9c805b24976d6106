import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { TableContainer } from "~/components/table-container";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { listSchedules } from "~/services/retention-schedules.server";

export const meta: MetaFunction = () => pageTitle("Retention schedules");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...listSchedules(actor), done: doneText(request, { saved: "The schedule is changed" }) };
}

export default function RetentionSchedules() {
  const { schedules, canChange, done } = useLoaderData<typeof loader>();
  const agencies = [...new Set(schedules.map((s) => s.agencyName))];
  return (
    <>
      <SuccessBanner text={done} />
      <h1 className="govuk-heading-l">Retention schedules</h1>
      <p className="govuk-body">
        How long each agency keeps each kind of record, from what, and what its data protection lead is asked to do when
        the period has run. Nothing is disposed of without the lead&apos;s decision, and nothing on a case under a legal
        hold.
      </p>
      {agencies.map((agency) => (
        <TableContainer key={agency} label={`Schedules of ${agency}`}>
          <table className="govuk-table" data-testid="retention-schedules">
            <caption className="govuk-table__caption govuk-table__caption--m">{agency}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Records
                </th>
                <th scope="col" className="govuk-table__header">
                  Kept for
                </th>
                <th scope="col" className="govuk-table__header">
                  Then
                </th>
                <th scope="col" className="govuk-table__header">
                  Policy
                </th>
                <th scope="col" className="govuk-table__header">
                  Last changed
                </th>
                {canChange ? (
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Action</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {schedules
                .filter((s) => s.agencyName === agency)
                .map((s) => (
                  <tr className="govuk-table__row" key={s.id}>
                    <td className="govuk-table__cell">{s.categoryLabel}</td>
                    <td className="govuk-table__cell">
                      {s.periodMonths} months after {s.triggerLabel.replace(/^The /, "the ").toLowerCase()}
                    </td>
                    <td className="govuk-table__cell">{s.actionLabel}</td>
                    <td className="govuk-table__cell">{s.basis}</td>
                    <td className="govuk-table__cell">
                      {s.updatedByName ? `${formatDate(s.updatedAt)} by ${s.updatedByName}` : "Partnership default"}
                    </td>
                    {canChange ? (
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/admin/retention/${s.id}`}>
                          Change
                          <span className="govuk-visually-hidden">
                            {" "}
                            {s.categoryLabel} of {agency}
                          </span>
                        </Link>
                      </td>
                    ) : null}
                  </tr>
                ))}
            </tbody>
          </table>
        </TableContainer>
      ))}
    </>
  );
}
